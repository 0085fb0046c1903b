#include "expr_normalize.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace pgkit::core {
namespace {

enum class Tok { Word, QIdent, String, Punct };
struct Token {
    Tok kind;
    std::string text;  // Word: lowercased; QIdent: content; String: verbatim
};

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }
bool is_ident_char(char c) { return is_ident_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$'; }
bool is_operator_char(char c) { return std::string_view("+-*/<>=~!@#%^&|`?").find(c) != std::string_view::npos; }

// Returns whether a quoted identifier's content would print unquoted.
bool plain_identifier(const std::string& s) {
    if (s.empty() || !(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
               c == '_' || c == '$';
    });
}

// Returns the tokens of `sql` (whitespace and comments dropped).
std::vector<Token> lex(std::string_view sql) {
    std::vector<Token> out;
    std::size_t i = 0, n = sql.size();
    while (i < n) {
        char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '\'') {
            std::size_t j = i + 1;
            while (j < n) {
                if (sql[j] == '\'' && j + 1 < n && sql[j + 1] == '\'') j += 2;
                else if (sql[j] == '\'') break;
                else ++j;
            }
            out.push_back({Tok::String, std::string(sql.substr(i, std::min(j + 1, n) - i))});
            i = j + 1;
        } else if (c == '"') {
            std::string content;
            std::size_t j = i + 1;
            while (j < n) {
                if (sql[j] == '"' && j + 1 < n && sql[j + 1] == '"') { content += '"'; j += 2; }
                else if (sql[j] == '"') break;
                else content += sql[j++];
            }
            if (plain_identifier(content)) out.push_back({Tok::Word, content});
            else out.push_back({Tok::QIdent, content});
            i = j + 1;
        } else if (is_ident_char(c) || (c == '.' && i + 1 < n && std::isdigit(static_cast<unsigned char>(sql[i + 1])))) {
            std::size_t j = i;
            // numbers keep their decimal point: 1.5 is one token
            bool number = std::isdigit(static_cast<unsigned char>(c)) || c == '.';
            while (j < n && (is_ident_char(sql[j]) || (number && sql[j] == '.'))) ++j;
            std::string w(sql.substr(i, j - i));
            for (auto& ch : w) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            out.push_back({Tok::Word, w});
            i = j;
        } else if (c == ':' && i + 1 < n && sql[i + 1] == ':') {
            out.push_back({Tok::Punct, "::"});
            i += 2;
        } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
            while (i < n && sql[i] != '\n') ++i;
        } else if (is_operator_char(c)) {
            std::size_t j = i;
            while (j < n && is_operator_char(sql[j])) ++j;
            out.push_back({Tok::Punct, std::string(sql.substr(i, j - i))});
            i = j;
        } else {
            out.push_back({Tok::Punct, std::string(1, c)});
            ++i;
        }
    }
    return out;
}

bool is_name(const Token& t) { return t.kind == Tok::Word || t.kind == Tok::QIdent; }
bool is_punct(const std::vector<Token>& t, std::size_t i, std::string_view p) {
    return i < t.size() && t[i].kind == Tok::Punct && t[i].text == p;
}

// Returns the index after a type name starting at i (multi-word built-in
// names, qualified names, a typmod and array brackets).
std::size_t skip_type(const std::vector<Token>& t, std::size_t i) {
    static const std::array<std::vector<std::string_view>, 7> multi = {{
        {"timestamp", "with", "time", "zone"},
        {"timestamp", "without", "time", "zone"},
        {"time", "with", "time", "zone"},
        {"time", "without", "time", "zone"},
        {"character", "varying"},
        {"double", "precision"},
        {"bit", "varying"},
    }};
    if (i >= t.size() || !is_name(t[i])) return i;
    std::size_t end = i + 1;
    for (const auto& words : multi) {
        bool match = i + words.size() <= t.size();
        for (std::size_t k = 0; match && k < words.size(); ++k)
            match = t[i + k].kind == Tok::Word && t[i + k].text == words[k];
        if (match) { end = i + words.size(); break; }
    }
    while (is_punct(t, end, ".") && end + 1 < t.size() && is_name(t[end + 1])) end += 2;
    if (is_punct(t, end, "(")) {
        std::size_t j = end + 1;
        while (j < t.size() && !is_punct(t, j, ")")) ++j;
        if (j < t.size()) end = j + 1;
    }
    while (is_punct(t, end, "[") && is_punct(t, end + 1, "]")) end += 2;
    return end;
}

// Words after which "(" opens a grouping, not a call's argument list.
bool is_keyword(const std::string& w) {
    static const std::array<std::string_view, 13> kw = {"and", "or",   "not", "in", "is",     "when", "then",
                                                        "else", "case", "as",  "on", "select", "where"};
    return std::find(kw.begin(), kw.end(), w) != kw.end();
}

}  // namespace

std::string normalize_expression(std::string_view sql) {
    std::vector<Token> in = lex(sql);
    std::vector<Token> t;
    t.reserve(in.size());
    for (std::size_t i = 0; i < in.size();) {
        if (is_punct(in, i, "::")) {  // a cast: Postgres adds (and keeps) them; drop both sides'
            i = skip_type(in, i + 1);
            continue;
        }
        if (is_name(in[i]) && is_punct(in, i + 1, ".") && i + 2 < in.size() && is_name(in[i + 2])) {
            i += 2;  // "t"."col" -> col, public.users -> users: Postgres adds and drops qualifiers
            continue;
        }
        t.push_back(in[i++]);
    }
    // Grouping parentheses (not a call's): Postgres adds them around every
    // operator; drop each matched pair.
    std::vector<bool> drop(t.size(), false);
    std::vector<std::size_t> stack;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (is_punct(t, i, "(")) {
            stack.push_back(i);
        } else if (is_punct(t, i, ")") && !stack.empty()) {
            std::size_t open = stack.back();
            stack.pop_back();
            bool call = open > 0 && ((is_name(t[open - 1]) && !is_keyword(t[open - 1].text)) ||
                                     is_punct(t, open - 1, "]"));
            if (!call) drop[open] = drop[i] = true;
        }
    }
    std::string out;
    const Token* prev = nullptr;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (drop[i]) continue;
        const Token& tok = t[i];
        if (prev && prev->kind != Tok::Punct && tok.kind != Tok::Punct) out += ' ';
        if (tok.kind == Tok::QIdent) {
            out += '"';
            for (char c : tok.text) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
            out += '"';
        } else {
            out += tok.text;
        }
        prev = &tok;
    }
    return out;
}

}  // namespace pgkit::core
