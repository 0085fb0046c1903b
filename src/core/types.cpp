// Canonical Postgres type spellings (see types.hpp for the forms).
#include "types.hpp"

#include <array>
#include <cctype>
#include <cstdlib>
#include <utility>

#include "error.hpp"

namespace pgkit::core {
namespace {

[[noreturn]] void bad_type(std::string_view type, std::string_view why) {
    throw Error(sqlstate::invalid_parameter,
                "pgkit: invalid type \"" + std::string(type) + "\": " + std::string(why));
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool ends_with_word(std::string_view s, std::string_view word) {
    if (s.size() < word.size()) return false;
    std::string tail = lower(s.substr(s.size() - word.size()));
    if (tail != word) return false;
    if (s.size() == word.size()) return true;
    char before = s[s.size() - word.size() - 1];
    return std::isspace(static_cast<unsigned char>(before)) || before == ']';
}

// Removes trailing `[]`, `[3]` and `ARRAY` / `ARRAY[3]` suffixes; returns
// how many dimensions they declared.
int strip_array_suffixes(std::string_view& s, std::string_view whole) {
    int dims = 0;
    for (;;) {
        s = trim(s);
        if (!s.empty() && s.back() == ']') {
            std::size_t open = s.rfind('[');
            if (open == std::string_view::npos) bad_type(whole, "unbalanced brackets");
            for (char c : s.substr(open + 1, s.size() - open - 2))
                if (!std::isdigit(static_cast<unsigned char>(c)) && !std::isspace(static_cast<unsigned char>(c)))
                    bad_type(whole, "array bounds must be integers");
            s = s.substr(0, open);
            ++dims;
            // `integer ARRAY[3]`: the ARRAY keyword and its bound are one dimension.
            if (ends_with_word(trim(s), "array")) s = trim(s).substr(0, trim(s).size() - 5);
            continue;
        }
        if (ends_with_word(s, "array") && trim(s.substr(0, s.size() - 5)).size() > 0) {
            s = s.substr(0, s.size() - 5);
            ++dims;
            continue;
        }
        return dims;
    }
}

struct Token {
    enum Kind { Word, Quoted, Dot, Group } kind;
    std::string text;  // Word: lower-cased; Quoted: unescaped; Group: raw inside of (...)
};

std::vector<Token> tokenize(std::string_view s, std::string_view whole) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '.') {
            out.push_back({Token::Dot, "."});
            ++i;
        } else if (c == '"') {
            std::string id;
            ++i;
            for (;;) {
                if (i >= s.size()) bad_type(whole, "unterminated quoted identifier");
                if (s[i] == '"') {
                    if (i + 1 < s.size() && s[i + 1] == '"') {
                        id += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                id += s[i++];
            }
            if (id.empty()) bad_type(whole, "empty quoted identifier");
            out.push_back({Token::Quoted, std::move(id)});
        } else if (c == '(') {
            std::size_t close = s.find(')', i);
            if (close == std::string_view::npos) bad_type(whole, "unbalanced parentheses");
            out.push_back({Token::Group, std::string(s.substr(i + 1, close - i - 1))});
            i = close + 1;
        } else if (c == ')' || c == '[' || c == ']' || c == ',' || c == ';' || c == '\'') {
            bad_type(whole, "unexpected character '" + std::string(1, c) + "'");
        } else {
            std::size_t j = i;
            while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j])) &&
                   s[j] != '.' && s[j] != '"' && s[j] != '(' && s[j] != ')' && s[j] != '[' &&
                   s[j] != ']' && s[j] != ',' && s[j] != ';' && s[j] != '\'')
                ++j;
            out.push_back({Token::Word, lower(s.substr(i, j - i))});
            i = j;
        }
    }
    return out;
}

std::vector<std::string> split_modifiers(std::string_view group) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        std::size_t comma = group.find(',', start);
        std::string_view part =
            trim(group.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        out.emplace_back(part);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

// Built-in spellings -> canonical base (format_type's name); serial kinds flagged.
struct Alias {
    std::string_view spelling, base;
    bool serial = false;
};
constexpr std::array aliases{
    Alias{"int2", "smallint"}, Alias{"smallint", "smallint"}, Alias{"smallserial", "smallint", true},
    Alias{"serial2", "smallint", true}, Alias{"int", "integer"}, Alias{"int4", "integer"},
    Alias{"integer", "integer"}, Alias{"serial", "integer", true}, Alias{"serial4", "integer", true},
    Alias{"int8", "bigint"}, Alias{"bigint", "bigint"}, Alias{"bigserial", "bigint", true},
    Alias{"serial8", "bigint", true}, Alias{"varchar", "character varying"},
    Alias{"character varying", "character varying"}, Alias{"char varying", "character varying"},
    Alias{"char", "character"}, Alias{"character", "character"}, Alias{"bpchar", "bpchar"},
    Alias{"text", "text"}, Alias{"decimal", "numeric"}, Alias{"numeric", "numeric"},
    Alias{"real", "real"}, Alias{"float4", "real"}, Alias{"double precision", "double precision"},
    Alias{"float8", "double precision"}, Alias{"float", "double precision"},
    Alias{"timestamp", "timestamp without time zone"},
    Alias{"timestamp without time zone", "timestamp without time zone"},
    Alias{"timestamptz", "timestamp with time zone"},
    Alias{"timestamp with time zone", "timestamp with time zone"},
    Alias{"time", "time without time zone"}, Alias{"time without time zone", "time without time zone"},
    Alias{"timetz", "time with time zone"}, Alias{"time with time zone", "time with time zone"},
    Alias{"date", "date"}, Alias{"interval", "interval"}, Alias{"bool", "boolean"},
    Alias{"boolean", "boolean"}, Alias{"uuid", "uuid"}, Alias{"json", "json"}, Alias{"jsonb", "jsonb"},
    Alias{"bytea", "bytea"}, Alias{"inet", "inet"}, Alias{"cidr", "cidr"}, Alias{"macaddr", "macaddr"},
    Alias{"macaddr8", "macaddr8"}, Alias{"bit", "bit"}, Alias{"bit varying", "bit varying"},
    Alias{"varbit", "bit varying"}, Alias{"tsvector", "tsvector"}, Alias{"tsquery", "tsquery"},
    Alias{"money", "money"}, Alias{"xml", "xml"}, Alias{"point", "point"}, Alias{"line", "line"},
    Alias{"lseg", "lseg"}, Alias{"box", "box"}, Alias{"path", "path"}, Alias{"polygon", "polygon"},
    Alias{"circle", "circle"}, Alias{"oid", "oid"}, Alias{"name", "name"}, Alias{"regclass", "regclass"},
    Alias{"regtype", "regtype"}, Alias{"regproc", "regproc"}, Alias{"int4range", "int4range"},
    Alias{"int8range", "int8range"}, Alias{"numrange", "numrange"}, Alias{"tsrange", "tsrange"},
    Alias{"tstzrange", "tstzrange"}, Alias{"daterange", "daterange"}, Alias{"pg_lsn", "pg_lsn"},
    Alias{"txid_snapshot", "txid_snapshot"}, Alias{"pg_snapshot", "pg_snapshot"},
    Alias{"int4multirange", "int4multirange"}, Alias{"int8multirange", "int8multirange"},
    Alias{"nummultirange", "nummultirange"}, Alias{"tsmultirange", "tsmultirange"},
    Alias{"tstzmultirange", "tstzmultirange"}, Alias{"datemultirange", "datemultirange"},
};

const Alias* find_alias(std::string_view spelling) {
    for (const auto& a : aliases)
        if (a.spelling == spelling) return &a;
    return nullptr;
}

bool is_interval_fields(std::string_view f) {
    static constexpr std::array<std::string_view, 13> ok{
        "year", "month", "day", "hour", "minute", "second", "year to month", "day to hour",
        "day to minute", "day to second", "hour to minute", "hour to second", "minute to second"};
    for (auto o : ok)
        if (o == f) return true;
    return false;
}

// Returns whether a name needs no quotes (lower-case identifier, not a word
// that would parse as a different type).
bool plain_identifier(std::string_view s) {
    if (s.empty() || !(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    for (char c : s)
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
              c == '_' || c == '$'))
            return false;
    return true;
}

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += sep;
        out += v[i];
    }
    return out;
}

// Returns "(a,b)" (GCC 12 warns falsely on `"(" + join(...) + ")"`).
std::string paren(const std::vector<std::string>& v, std::string_view sep) {
    std::string out = "(";
    out += join(v, sep);
    out += ')';
    return out;
}

// Applies Postgres' implicit modifiers so equal types get equal modifiers.
void normalize_builtin(TypeName& t, std::string_view whole) {
    if (t.base == "double precision" && !t.modifiers.empty()) {
        // float(p): 1..24 is real, 25..53 double precision (float with no p is double).
        int p = std::atoi(t.modifiers[0].c_str());
        if (t.modifiers.size() != 1 || p < 1 || p > 53) bad_type(whole, "float precision must be 1..53");
        t.base = p <= 24 ? "real" : "double precision";
        t.modifiers.clear();
    }
    if ((t.base == "character" || t.base == "bit") && t.modifiers.empty()) t.modifiers = {"1"};
    if (t.base == "numeric" && t.modifiers.size() == 1) t.modifiers.push_back("0");
}

}  // namespace

TypeName parse_type(std::string_view type, std::optional<std::string_view> type_schema) {
    std::string_view whole = type;
    std::string_view s = trim(type);
    if (s.empty()) bad_type(whole, "empty type");
    TypeName t;
    t.array_dims = strip_array_suffixes(s, whole);
    s = trim(s);
    if (s.empty()) bad_type(whole, "missing element type");

    if (type_schema) {
        // drizzle: a bare enum name (never quoted, case kept) plus its schema.
        if (type_schema->empty()) bad_type(whole, "empty typeSchema");
        t.schema = std::string(*type_schema);
        t.base = std::string(s);
        if (t.base.size() >= 2 && t.base.front() == '"' && t.base.back() == '"') {
            auto tok = tokenize(s, whole);
            if (tok.size() == 1 && tok[0].kind == Token::Quoted) t.base = tok[0].text;
        }
        t.is_user_type = true;
        return t;
    }

    std::vector<Token> tokens = tokenize(s, whole);
    std::vector<std::string> words;  // outside any parentheses
    std::vector<std::string> names;  // dotted identifier parts
    bool qualified_or_quoted = false;
    std::optional<std::string> group;
    for (const auto& tok : tokens) {
        switch (tok.kind) {
            case Token::Group:
                if (group) bad_type(whole, "more than one modifier list");
                group = tok.text;
                break;
            case Token::Dot:
                if (names.empty() || names.back().empty()) bad_type(whole, "empty name part");
                qualified_or_quoted = true;
                names.emplace_back();
                break;
            case Token::Quoted:
                qualified_or_quoted = true;
                [[fallthrough]];
            case Token::Word:
                if (names.empty()) names.emplace_back();
                if (!names.back().empty()) {
                    if (tok.kind == Token::Quoted || qualified_or_quoted)
                        bad_type(whole, "unexpected name after \"" + names.back() + "\"");
                    names.back() += ' ';
                }
                names.back() += tok.text;
                words.push_back(tok.text);
                break;
        }
    }
    if (group) t.modifiers = split_modifiers(*group);
    if (t.modifiers.size() == 1 && t.modifiers[0].empty()) bad_type(whole, "empty modifier list");

    if (qualified_or_quoted) {
        for (const auto& n : names)
            if (n.empty()) bad_type(whole, "empty name part");
        if (names.size() > 3) bad_type(whole, "too many dotted names");
        if (names.size() == 3) names.erase(names.begin());  // database.schema.type
        std::string name = names.back();
        std::string schema = names.size() == 2 ? names[0] : "";
        // pg_catalog.int4 and "char" are built-ins, not user types.
        bool quoted_last = tokens.back().kind == Token::Quoted ||
                           (tokens.size() >= 2 && tokens.back().kind == Token::Group &&
                            tokens[tokens.size() - 2].kind == Token::Quoted);
        if (quoted_last && name == "char" && (schema.empty() || schema == "pg_catalog")) {
            t.base = "\"char\"";
            return t;
        }
        if (schema == "pg_catalog" && !quoted_last) {
            if (const Alias* a = find_alias(name)) {
                t.base = std::string(a->base);
                t.serial = a->serial;
                normalize_builtin(t, whole);
                return t;
            }
        }
        t.schema = schema;
        t.base = name;
        t.is_user_type = true;
        return t;
    }

    std::string w = names.empty() ? "" : names.front();
    if (w.empty()) bad_type(whole, "missing type name");
    if (w.starts_with("interval ")) {
        t.interval_fields = w.substr(9);
        if (!is_interval_fields(t.interval_fields)) bad_type(whole, "unknown interval fields");
        w = "interval";
    }
    if (w.size() > 1 && w[0] == '_' && t.array_dims == 0 && w.find(' ') == std::string::npos) {
        // pg_type's internal array name: _int4 = integer[].
        w = w.substr(1);
        t.array_dims = 1;
    }
    if (const Alias* a = find_alias(w)) {
        t.base = std::string(a->base);
        t.serial = a->serial;
        normalize_builtin(t, whole);
        return t;
    }
    if (w.find(' ') != std::string::npos) bad_type(whole, "unknown type \"" + w + "\"");
    // An extension or user type written bare (vector(3), geometry(point), citext).
    t.base = w;
    t.is_user_type = true;
    return t;
}

std::string canonical_type(const TypeName& t) {
    std::string out;
    if (t.is_user_type) {
        out = t.schema.empty() ? (plain_identifier(t.base) ? t.base : quote(t.base))
                               : quote(t.schema) + "." + quote(t.base);
        if (!t.modifiers.empty()) out += paren(t.modifiers, ",");
    } else if (t.base.starts_with("timestamp ") || t.base.starts_with("time ")) {
        std::size_t sp = t.base.find(' ');
        out = t.base.substr(0, sp);
        if (!t.modifiers.empty()) out += paren(t.modifiers, ",");
        out += t.base.substr(sp);
    } else if (t.base == "interval") {
        out = "interval";
        if (!t.interval_fields.empty()) out += " " + t.interval_fields;
        if (!t.modifiers.empty()) out += paren(t.modifiers, ",");
    } else {
        out = t.base;
        if (!t.modifiers.empty()) out += paren(t.modifiers, ",");
    }
    if (t.array_dims > 0) out += "[]";
    return out;
}

std::string canonical_type(std::string_view type, std::optional<std::string_view> type_schema) {
    return canonical_type(parse_type(type, type_schema));
}

bool types_equal(const TypeName& a, const TypeName& b) { return canonical_type(a) == canonical_type(b); }

bool types_equal(std::string_view a, std::string_view b) {
    return canonical_type(a) == canonical_type(b);
}

DrizzleType drizzle_type(const TypeName& t) {
    DrizzleType d;
    std::string mods = t.modifiers.empty() ? "" : paren(t.modifiers, ", ");
    if (t.is_user_type) {
        // drizzle writes enum names bare with the schema beside them; extension
        // types (vector(3)) bare with their modifiers and no schema.
        d.type = t.base + (t.modifiers.empty() ? "" : paren(t.modifiers, ","));
        if (!t.schema.empty()) d.typeSchema = t.schema;
    } else if (t.serial && (t.base == "smallint" || t.base == "integer" || t.base == "bigint")) {
        d.type = t.base == "smallint" ? "smallserial" : t.base == "integer" ? "serial" : "bigserial";
    } else if (t.base == "character varying") {
        d.type = "varchar" + mods;
    } else if (t.base == "character") {
        d.type = "char" + mods;
    } else if (t.base.starts_with("timestamp ") || t.base.starts_with("time ")) {
        // drizzle-orm 0.45 getSQLType(): `timestamp (3) with time zone` (a
        // space before the precision) but `time(3) with time zone` (none).
        d.type = t.base.starts_with("timestamp") ? "timestamp" : "time";
        if (!t.modifiers.empty()) {
            d.type += d.type == "timestamp" ? " (" : "(";
            d.type += t.modifiers[0];
            d.type += ')';
        }
        if (t.with_time_zone()) d.type += " with time zone";
    } else if (t.base == "interval") {
        d.type = "interval";
        if (!t.interval_fields.empty()) d.type += " " + t.interval_fields;
        if (!t.modifiers.empty()) d.type += paren(t.modifiers, ",");
    } else {
        d.type = t.base + mods;  // numeric(10, 2): drizzle puts a space after the comma
    }
    for (int i = 0; i < t.array_dims; ++i) d.type += "[]";
    return d;
}

DrizzleType drizzle_type(std::string_view type, int array_dims, bool serial) {
    TypeName t = parse_type(type);
    if (array_dims > 0) t.array_dims = array_dims;
    if (serial) t.serial = true;
    return drizzle_type(t);
}

TypeName element_type(TypeName t) {
    t.array_dims = 0;
    return t;
}

TypeFamily type_family(const TypeName& t) {
    if (t.array_dims > 0) return TypeFamily::Array;
    if (t.is_user_type) return t.schema.empty() ? TypeFamily::Unknown : TypeFamily::Enum;
    const std::string& b = t.base;
    if (b == "smallint" || b == "integer" || b == "bigint") return TypeFamily::Integer;
    if (b == "numeric") return TypeFamily::Numeric;
    if (b == "real" || b == "double precision") return TypeFamily::Float;
    if (b == "boolean") return TypeFamily::Bool;
    if (b == "text" || b == "character varying" || b == "character" || b == "bpchar" ||
        b == "\"char\"" || b == "name")
        return TypeFamily::Text;
    if (b == "uuid") return TypeFamily::Uuid;
    if (b == "date") return TypeFamily::Date;
    if (b.starts_with("time ")) return TypeFamily::Time;
    if (b.starts_with("timestamp ")) return TypeFamily::Timestamp;
    if (b == "interval") return TypeFamily::Interval;
    if (b == "json" || b == "jsonb") return TypeFamily::Json;
    if (b == "bytea") return TypeFamily::Bytea;
    if (b == "inet" || b == "cidr" || b == "macaddr" || b == "macaddr8") return TypeFamily::Inet;
    return TypeFamily::Unknown;
}

TypeFamily type_family(std::string_view type, std::optional<std::string_view> type_schema) {
    return type_family(parse_type(type, type_schema));
}

std::string_view family_name(TypeFamily f) {
    static constexpr std::array<std::string_view, 16> names{
        "integer", "numeric", "float", "bool", "text", "uuid", "date", "time", "timestamp",
        "interval", "json", "bytea", "inet", "array", "enum", "unknown"};
    return names[static_cast<std::size_t>(f)];
}

}  // namespace pgkit::core
