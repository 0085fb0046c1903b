#include "core/introspect_normalize.hpp"

#include <cctype>
#include <regex>
#include <vector>

#include "core/ident.hpp"

namespace pgkit::core {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// drizzle-kit's number test for integer-family defaults.
bool looks_numeric(std::string_view s) {
    static const std::regex re(R"(^-?[\d.]+(?:[eE][-+]?\d+)?$)");
    return std::regex_match(s.begin(), s.end(), re) && s.find_first_of("0123456789") != s.npos;
}

// Index just past the SQL string literal starting at s[0] == '\'', or npos.
std::size_t literal_end(std::string_view s) {
    for (std::size_t i = 1; i < s.size(); ++i) {
        if (s[i] != '\'') continue;
        if (i + 1 < s.size() && s[i + 1] == '\'') {
            ++i;
            continue;
        }
        return i + 1;
    }
    return std::string_view::npos;
}

// Whether s (after "::") is only a type name: identifiers, quoted
// identifiers, dots, spaces, a typmod and array brackets; no operator.
bool is_plain_type(std::string_view s) {
    if (s.empty()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '"') {
            std::size_t j = i + 1;
            for (; j < s.size(); ++j) {
                if (s[j] == '"') {
                    if (j + 1 < s.size() && s[j + 1] == '"') {
                        ++j;
                        continue;
                    }
                    break;
                }
            }
            if (j >= s.size()) return false;
            i = j;
            continue;
        }
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.' ||
            c == ' ' || c == '(' || c == ')' || c == ',' || c == '[' || c == ']' ||
            static_cast<unsigned char>(c) >= 0x80)
            continue;
        return false;
    }
    return true;
}

// SQL literal body without the quotes, '' undoubled.
std::string unquote_sql(std::string_view lit) {
    std::string out;
    for (std::size_t i = 1; i + 1 < lit.size(); ++i) {
        out += lit[i];
        if (lit[i] == '\'' && i + 2 < lit.size() && lit[i + 1] == '\'') ++i;
    }
    return out;
}

struct ArrayParser {
    std::string_view s;
    std::size_t pos = 0;
    bool ok = true;
    DefaultFamily family;
    std::string out;

    void element(bool quoted, const std::string& v) {
        if (!quoted && v == "NULL") {
            out += "NULL";
            return;
        }
        switch (family) {
            case DefaultFamily::Integer:
            case DefaultFamily::Numeric:
                out += v;
                return;
            case DefaultFamily::Boolean:
                out += (v == "t" || v == "true") ? "true" : "false";
                return;
            default:
                break;
        }
        std::string text = (family == DefaultFamily::Json || family == DefaultFamily::Jsonb) ? compact_json(v) : v;
        out += '"';
        for (char c : text) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    void array() {
        if (pos >= s.size() || s[pos] != '{') {
            ok = false;
            return;
        }
        out += '{';
        ++pos;
        if (pos < s.size() && s[pos] == '}') {
            out += '}';
            ++pos;
            return;
        }
        for (bool first = true; ok; first = false) {
            if (!first) out += ',';
            if (pos >= s.size()) {
                ok = false;
                return;
            }
            if (s[pos] == '{') {
                array();
            } else if (s[pos] == '"') {
                std::string v;
                ++pos;
                while (pos < s.size() && s[pos] != '"') {
                    if (s[pos] == '\\' && pos + 1 < s.size()) ++pos;
                    v += s[pos++];
                }
                if (pos >= s.size()) {
                    ok = false;
                    return;
                }
                ++pos;
                element(true, v);
            } else {
                std::string v;
                while (pos < s.size() && s[pos] != ',' && s[pos] != '}') v += s[pos++];
                element(false, std::string(trim(v)));
            }
            if (pos >= s.size()) {
                ok = false;
                return;
            }
            if (s[pos] == '}') {
                out += '}';
                ++pos;
                return;
            }
            if (s[pos] != ',') {
                ok = false;
                return;
            }
            ++pos;
        }
    }
};

std::string requote_sql(std::string_view body) {
    std::string out = "'";
    for (char c : body) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

}  // namespace

DefaultFamily default_family(std::string_view t) {
    if (t == "smallint" || t == "integer" || t == "bigint" || t == "real" || t == "double precision" ||
        t == "serial" || t == "smallserial" || t == "bigserial")
        return DefaultFamily::Integer;
    if (starts_with(t, "numeric") || starts_with(t, "decimal")) return DefaultFamily::Numeric;
    if (t == "boolean") return DefaultFamily::Boolean;
    if (t == "json") return DefaultFamily::Json;
    if (t == "jsonb") return DefaultFamily::Jsonb;
    return DefaultFamily::Other;
}

std::string strip_outer_parens(std::string_view s) {
    s = trim(s);
    while (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
        // The opening parenthesis must close at the very end.
        int depth = 0;
        bool in_str = false, in_ident = false, wraps = true;
        for (std::size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            if (in_str) {
                if (c == '\'') in_str = false;
                continue;
            }
            if (in_ident) {
                if (c == '"') in_ident = false;
                continue;
            }
            if (c == '\'') in_str = true;
            else if (c == '"') in_ident = true;
            else if (c == '(') ++depth;
            else if (c == ')' && --depth == 0 && i + 1 != s.size()) {
                wraps = false;
                break;
            }
        }
        if (!wraps) break;
        s = trim(s.substr(1, s.size() - 2));
    }
    return std::string(s);
}

std::optional<std::string> quoted_literal_of(std::string_view expr) {
    expr = trim(expr);
    if (expr.empty() || expr.front() != '\'') return std::nullopt;
    std::size_t end = literal_end(expr);
    if (end == std::string_view::npos) return std::nullopt;
    std::string_view rest = expr.substr(end);
    if (!rest.empty() && !(starts_with(rest, "::") && is_plain_type(rest.substr(2)))) return std::nullopt;
    return std::string(expr.substr(0, end));
}

std::string compact_json(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    bool in_str = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        char c = json[i];
        if (in_str) {
            out += c;
            if (c == '\\' && i + 1 < json.size()) out += json[++i];
            else if (c == '"') in_str = false;
            continue;
        }
        if (c == '"') in_str = true;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
        out += c;
    }
    return out;
}

std::string drizzle_array_literal(std::string_view text, DefaultFamily family) {
    ArrayParser p{text, 0, true, family, {}};
    p.array();
    if (!p.ok || p.pos != text.size()) return std::string(text);
    return p.out;
}

Scalar normalize_default(std::string_view expr_in, DefaultFamily family, int dims) {
    std::string_view expr = trim(expr_in);
    auto lit = quoted_literal_of(expr);
    if (expr == "NULL" || (starts_with(expr, "NULL::") && is_plain_type(expr.substr(6))))
        return {Scalar::Kind::String, "NULL"};
    if (dims > 0) {
        if (!lit) return {Scalar::Kind::String, std::string(expr)};
        return {Scalar::Kind::String, requote_sql(drizzle_array_literal(unquote_sql(*lit), family))};
    }
    switch (family) {
        case DefaultFamily::Integer: {
            std::string v = lit ? unquote_sql(*lit) : std::string(expr);
            if (looks_numeric(v)) return {Scalar::Kind::Number, v};
            return {Scalar::Kind::String, std::string(expr)};
        }
        case DefaultFamily::Numeric:
            if (lit) return {Scalar::Kind::String, *lit};
            if (looks_numeric(expr)) return {Scalar::Kind::String, "'" + std::string(expr) + "'"};
            return {Scalar::Kind::String, std::string(expr)};
        case DefaultFamily::Boolean:
            if (expr == "true" || expr == "false") return {Scalar::Kind::Bool, std::string(expr)};
            return {Scalar::Kind::String, std::string(expr)};
        case DefaultFamily::Json:
        case DefaultFamily::Jsonb:
            if (lit)
                return {Scalar::Kind::String, requote_sql(compact_json(unquote_sql(*lit))) +
                                                  (family == DefaultFamily::Json ? "::json" : "::jsonb")};
            return {Scalar::Kind::String, std::string(expr)};
        case DefaultFamily::Other:
            break;
    }
    return {Scalar::Kind::String, lit ? *lit : std::string(expr)};
}

std::string check_expression(std::string_view def, std::string* suffix) {
    def = trim(def);
    std::string sfx;
    for (std::string_view tail : {std::string_view(" NOT VALID"), std::string_view(" NO INHERIT")}) {
        while (def.size() > tail.size() && def.substr(def.size() - tail.size()) == tail) {
            sfx = std::string(tail.substr(1)) + (sfx.empty() ? "" : " " + sfx);
            def.remove_suffix(tail.size());
        }
    }
    if (suffix) *suffix = sfx;
    if (starts_with(def, "CHECK ")) def.remove_prefix(6);
    return strip_outer_parens(def);
}

std::string view_definition(std::string_view def) {
    std::string out;
    bool in_str = false, in_ident = false, space = false;
    for (char c : def) {
        if (!in_str && !in_ident && std::isspace(static_cast<unsigned char>(c))) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        if (!in_ident && c == '\'') in_str = !in_str;
        else if (!in_str && c == '"') in_ident = !in_ident;
        out += c;
    }
    std::string_view v = trim(out);
    if (!v.empty() && v.back() == ';') v.remove_suffix(1);
    return std::string(trim(v));
}

std::pair<std::string, Scalar> parse_reloption(std::string_view option) {
    auto eq = option.find('=');
    std::string key(option.substr(0, eq));
    std::string value = eq == option.npos ? "" : std::string(option.substr(eq + 1));
    if (value == "true" || value == "on") return {key, {Scalar::Kind::Bool, "true"}};
    if (value == "false" || value == "off") return {key, {Scalar::Kind::Bool, "false"}};
    if (looks_numeric(value) && value.front() != '.' && value.back() != '.') return {key, {Scalar::Kind::Number, value}};
    return {key, {Scalar::Kind::String, value}};
}

std::string camel_case(std::string_view snake) {
    std::string out;
    bool up = false;
    for (char c : snake) {
        if (c == '_') {
            up = true;
            continue;
        }
        out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        up = false;
    }
    return out;
}

std::string fk_action(char code) {
    switch (code) {
        case 'r': return "restrict";
        case 'c': return "cascade";
        case 'n': return "set null";
        case 'd': return "set default";
        default: return "no action";
    }
}

std::string policy_command(char code) {
    switch (code) {
        case 'r': return "SELECT";
        case 'a': return "INSERT";
        case 'w': return "UPDATE";
        case 'd': return "DELETE";
        default: return "ALL";
    }
}

std::string default_object_name(std::string_view table, std::string_view label) {
    // makeObjectName: the table part is clipped (pg_mbcliplen) so that
    // "<table>_<label>" fits in 63 bytes.
    std::size_t room = max_identifier_bytes - label.size() - 1;
    std::string t(table);
    if (t.size() > room) {
        std::size_t n = room;
        while (n > 0 && (static_cast<unsigned char>(t[n]) & 0xC0) == 0x80) --n;
        t.resize(n);
    }
    return t + "_" + std::string(label);
}

std::string strip_type_schema(std::string_view ft, std::string_view schema) {
    std::string plain = std::string(schema) + ".";
    std::string quoted = "\"";
    for (char c : schema) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += "\".";
    if (starts_with(ft, plain)) return std::string(ft.substr(plain.size()));
    if (starts_with(ft, quoted)) return std::string(ft.substr(quoted.size()));
    return std::string(ft);
}

}  // namespace pgkit::core
