// The migration script splitter: drizzle-kit's breakpoint lines, or a SQL
// lexer following PostgreSQL's scan.l / psqlscan.l for everything that can
// hide a `;` (strings, dollar quotes, quoted identifiers, comments).
#include "core/splitter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "core/error.hpp"

namespace pgkit::core {

namespace {

constexpr const char* syntax_error = "42601";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// scan.l's ident_start / dolq_start: letters, '_' and any high-bit byte.
bool ident_start(char ch) {
    auto c = static_cast<unsigned char>(ch);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Identifiers may contain '$' (so "a$b$" is one identifier, not a quote).
bool ident_cont(char c) { return ident_start(c) || is_digit(c) || c == '$'; }
bool dollar_tag_cont(char c) { return ident_start(c) || is_digit(c); }

// Returns the 1-based line of byte offset `at`.
std::size_t line_of(std::string_view s, std::size_t at) {
    return 1 + static_cast<std::size_t>(std::count(s.begin(), s.begin() + static_cast<long>(at), '\n'));
}

[[noreturn]] void unterminated(std::string_view s, std::size_t at, const char* what) {
    throw Error(syntax_error, fmt::format("pgkit: unterminated {} starting at line {}", what, line_of(s, at)),
                fmt::format("near: {}", abbreviate_statement(s.substr(at), 60)),
                "the script must be complete SQL; nothing was run");
}

// Returns the offset just past a '...' string starting at i; with
// `backslash` (E'' strings) a backslash escapes the next byte.
std::size_t skip_string(std::string_view s, std::size_t i, bool backslash) {
    for (std::size_t j = i + 1; j < s.size(); ++j) {
        if (backslash && s[j] == '\\') {
            ++j;
        } else if (s[j] == '\'') {
            if (j + 1 < s.size() && s[j + 1] == '\'')
                ++j;  // '' is a quote inside the string
            else
                return j + 1;
        }
    }
    unterminated(s, i, backslash ? "E'' string" : "quoted string");
}

// Returns the offset just past a "quoted identifier" starting at i.
std::size_t skip_quoted_ident(std::string_view s, std::size_t i) {
    for (std::size_t j = i + 1; j < s.size(); ++j) {
        if (s[j] == '"') {
            if (j + 1 < s.size() && s[j + 1] == '"')
                ++j;
            else
                return j + 1;
        }
    }
    unterminated(s, i, "quoted identifier");
}

// Returns the offset just past a /* */ comment starting at i; they nest.
std::size_t skip_block_comment(std::string_view s, std::size_t i) {
    int depth = 0;
    std::size_t j = i;
    while (j + 1 < s.size()) {
        if (s[j] == '/' && s[j + 1] == '*') {
            ++depth;
            j += 2;
        } else if (s[j] == '*' && s[j + 1] == '/') {
            j += 2;
            if (--depth == 0) return j;
        } else {
            ++j;
        }
    }
    unterminated(s, i, "/* comment");
}

// Returns the length of the $tag$ delimiter at i, or 0 when the '$' starts
// no dollar quote (a parameter like $1, or a lone '$').
std::size_t dollar_delimiter(std::string_view s, std::size_t i) {
    std::size_t j = i + 1;
    if (j < s.size() && s[j] != '$' && !ident_start(s[j])) return 0;
    while (j < s.size() && s[j] != '$' && dollar_tag_cont(s[j])) ++j;
    if (j < s.size() && s[j] == '$') return j + 1 - i;
    return 0;
}

bool iequals(std::string_view a, const char* b) {
    std::size_t n = std::strlen(b);
    if (a.size() != n) return false;
    for (std::size_t k = 0; k < n; ++k) {
        char c = a[k];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != b[k]) return false;
    }
    return true;
}

// psqlscan.l's heuristic for SQL-standard function bodies: inside
// CREATE [OR REPLACE] FUNCTION|PROCEDURE, BEGIN ... END (and CASE ... END
// within it) hold `;` that do not end the statement.
struct BodyTracker {
    char initials[4] = {0, 0, 0, 0};
    std::size_t count = 0;
    int depth = 0;

    void word(std::string_view w, int paren_depth) {
        if (iequals(w, "create") || iequals(w, "function") || iequals(w, "procedure") ||
            iequals(w, "or") || iequals(w, "replace")) {
            if (count < sizeof initials) initials[count] = static_cast<char>(w[0] | 0x20);
        }
        ++count;
        const char* id = initials;
        bool routine = id[0] == 'c' && (id[1] == 'f' || id[1] == 'p' ||
                                        (id[1] == 'o' && id[2] == 'r' && (id[3] == 'f' || id[3] == 'p')));
        if (!routine || paren_depth != 0) return;
        if (iequals(w, "begin"))
            ++depth;
        else if (iequals(w, "case") && depth >= 1)
            ++depth;
        else if (iequals(w, "end") && depth > 0)
            --depth;
    }
};

// Appends s[from, to) without surrounding whitespace, if any is left.
void push_trimmed(std::vector<ScriptStatement>& out, std::string_view s, std::size_t from, std::size_t to,
                  std::size_t base) {
    while (from < to && is_space(s[from])) ++from;
    while (to > from && is_space(s[to - 1])) --to;
    if (from == to) return;
    out.push_back(ScriptStatement{std::string(s.substr(from, to - from)), base + from, 0});
}

// Sets each statement's line from its offset in the whole script.
void number_lines(std::vector<ScriptStatement>& out, std::string_view script) {
    std::size_t line = 1, pos = 0;
    for (auto& st : out) {
        line += static_cast<std::size_t>(
            std::count(script.begin() + static_cast<long>(pos), script.begin() + static_cast<long>(st.offset), '\n'));
        pos = st.offset;
        st.line = line;
    }
}

// Splits s (which starts at `base` in the script) into `out`. With
// standard_conforming_strings off, a backslash escapes in '' strings too.
void lex(std::string_view s, std::size_t base, std::vector<ScriptStatement>& out, bool standard_strings = true) {
    std::size_t start = 0, i = 0, n = s.size();
    bool has_token = false;
    int paren = 0;
    BodyTracker body;
    while (i < n) {
        char c = s[i];
        if (is_space(c)) {
            ++i;
        } else if (c == '-' && i + 1 < n && s[i + 1] == '-') {
            while (i < n && s[i] != '\n') ++i;
        } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            i = skip_block_comment(s, i);
        } else if (c == ';' && paren == 0 && body.depth == 0) {
            if (has_token) push_trimmed(out, s, start, i, base);
            start = ++i;
            has_token = false;
            body = BodyTracker{};
        } else {
            has_token = true;
            if (c == '\'') {
                i = skip_string(s, i, !standard_strings);
            } else if (c == '"') {
                i = skip_quoted_ident(s, i);
            } else if (c == '$') {
                std::size_t len = dollar_delimiter(s, i);
                if (len == 0) {
                    ++i;
                    while (i < n && is_digit(s[i])) ++i;
                } else {
                    std::size_t close = s.find(s.substr(i, len), i + len);
                    if (close == std::string_view::npos) unterminated(s, i, "dollar-quoted string");
                    i = close + len;
                }
            } else if (ident_start(c)) {
                std::size_t b = i;
                while (i < n && ident_cont(s[i])) ++i;
                std::string_view w = s.substr(b, i - b);
                if ((w == "E" || w == "e") && i < n && s[i] == '\'')
                    i = skip_string(s, i, true);
                else
                    body.word(w, paren);
            } else if (is_digit(c)) {
                // a number (1.5e3, 0x1F): consumed whole so its letters are
                // not read as an identifier
                while (i < n && (dollar_tag_cont(s[i]) || s[i] == '.')) ++i;
            } else {
                if (c == '(') ++paren;
                if (c == ')' && paren > 0) --paren;
                ++i;
            }
        }
    }
    if (has_token) push_trimmed(out, s, start, n, base);
}

// Returns true if the line [from, to) is the breakpoint marker.
bool is_marker_line(std::string_view s, std::size_t from, std::size_t to) {
    while (from < to && is_space(s[from])) ++from;
    while (to > from && is_space(s[to - 1])) --to;
    return s.substr(from, to - from) == statement_breakpoint;
}

}  // namespace

bool has_breakpoints(std::string_view script) {
    for (std::size_t from = 0; from < script.size();) {
        std::size_t to = script.find('\n', from);
        if (to == std::string_view::npos) to = script.size();
        if (is_marker_line(script, from, to)) return true;
        from = to + 1;
    }
    return false;
}

std::vector<ScriptStatement> split_sql(std::string_view sql, bool standard_conforming_strings) {
    std::vector<ScriptStatement> out;
    lex(sql, 0, out, standard_conforming_strings);
    number_lines(out, sql);
    return out;
}

bool is_blank_sql(std::string_view sql) {
    std::vector<ScriptStatement> out;
    lex(sql, 0, out);
    return out.empty();
}

std::vector<ScriptStatement> split_script(std::string_view script, bool standard_conforming_strings) {
    if (!has_breakpoints(script)) return split_sql(script, standard_conforming_strings);
    std::vector<ScriptStatement> out;
    std::size_t chunk = 0;
    auto close_chunk = [&](std::size_t end) {
        std::string_view piece = script.substr(chunk, end - chunk);
        std::vector<ScriptStatement> inner;
        lex(piece, chunk, inner, standard_conforming_strings);  // validates quoting; the chunk stays whole
        if (!inner.empty()) push_trimmed(out, script, chunk, end, 0);
    };
    for (std::size_t from = 0; from < script.size();) {
        std::size_t to = script.find('\n', from);
        if (to == std::string_view::npos) to = script.size();
        if (is_marker_line(script, from, to)) {
            close_chunk(from);
            chunk = std::min(to + 1, script.size());
        }
        from = to + 1;
    }
    close_chunk(script.size());
    number_lines(out, script);
    return out;
}

std::string abbreviate_statement(std::string_view statement, std::size_t max_bytes) {
    std::string one_line;
    bool pending_space = false;
    for (char c : statement) {
        if (is_space(c)) {
            pending_space = !one_line.empty();
            continue;
        }
        if (pending_space) one_line += ' ';
        pending_space = false;
        one_line += c;
    }
    if (one_line.size() <= max_bytes) return one_line;
    std::size_t cut = max_bytes > 3 ? max_bytes - 3 : 0;
    // back up to a UTF-8 lead byte so no character is cut in half
    while (cut > 0 && (static_cast<unsigned char>(one_line[cut]) & 0xC0) == 0x80) --cut;
    one_line.resize(cut);
    return one_line + "...";
}

}  // namespace pgkit::core
