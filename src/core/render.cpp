// SQL rendering in drizzle-kit 0.31's style. The text layout (spacing, clause
// order, where a statement ends with "\n") is part of the contract: migration
// files must look like the ones drizzle-kit writes (DRIZZLE-FORMAT.md §5).
// GCC 12 reports -Wrestrict false positives on std::string concatenation
// (GCC bug 105329); the code is correct.
#pragma GCC diagnostic ignored "-Wrestrict"
#include "render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <unordered_set>

#include "error.hpp"
#include "ident.hpp"

namespace pgkit::core {
namespace {

// drizzle-kit prints a type bare when it *starts with* one of these; every
// other type is quoted as if user-defined (so "inet" comes out quoted).
constexpr std::array<std::string_view, 43> native_prefixes = {
    "uuid", "smallint", "integer", "bigint", "boolean", "text", "varchar", "serial",
    "bigserial", "decimal", "numeric", "real", "json", "jsonb", "time",
    "time with time zone", "time without time zone", "timestamp", "timestamp with time zone",
    "timestamp without time zone", "date", "interval", "double precision", "interval year",
    "interval month", "interval day", "interval hour", "interval minute", "interval second",
    "interval year to month", "interval day to hour", "interval day to minute",
    "interval day to second", "interval hour to minute", "interval hour to second",
    "interval minute to second", "char", "vector", "geometry", "halfvec", "sparsevec", "bit",
    "bigserial"};

bool starts_with_native(std::string_view type) {
    return std::any_of(native_prefixes.begin(), native_prefixes.end(),
                       [&](std::string_view p) { return type.substr(0, p.size()) == p; });
}

// Splits "text[][]" into ("text", "[][]"); also "integer[3]".
std::pair<std::string, std::string> split_array(const std::string& type) {
    auto pos = type.find('[');
    if (pos == std::string::npos) return {type, ""};
    return {type.substr(0, pos), type.substr(pos)};
}

// A type printed bare is raw SQL: only plain type spellings may pass.
void check_bare_type(const std::string& type, const std::string& column) {
    for (char c : type) {
        unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == ' ' || c == '(' || c == ')' || c == ',' || c == '[' ||
            c == ']' || c == '_')
            continue;
        throw Error(sqlstate::invalid_parameter,
                    fmt::format("pgkit: column \"{}\": invalid type \"{}\"", column, type), {},
                    "a type is a plain spelling such as varchar(20) or integer[]");
    }
}

// Sequence options are printed bare: they must be integers.
void check_number(const std::string& v, const std::string& owner) {
    std::size_t i = (!v.empty() && v[0] == '-') ? 1 : 0;
    bool ok = i < v.size();
    for (; i < v.size(); ++i) ok = ok && std::isdigit(static_cast<unsigned char>(v[i]));
    if (!ok)
        throw Error(sqlstate::invalid_parameter,
                    fmt::format("pgkit: sequence \"{}\": option \"{}\" is not an integer", owner, v));
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

const std::unordered_set<std::string>& policy_keywords() {
    static const std::unordered_set<std::string> k = {"current_user", "current_role",
                                                      "session_user", "public"};
    return k;
}

}  // namespace

std::string table_ref(const std::string& schema, const std::string& name) {
    if (schema.empty() || schema == "public") return quote_ident(name);
    return quote_ident(schema) + "." + quote_ident(name);
}

std::string qualified_ref(const std::string& schema, const std::string& name) {
    return quote_ident(schema_or_public(schema)) + "." + quote_ident(name);
}

std::string column_type_sql(const Column& column, bool is_enum, bool always_qualify) {
    auto [base, arrays] = split_array(column.type);
    if (is_enum || column.typeSchema) {
        std::string schema = column.typeSchema.value_or("public");
        std::string prefix =
            (always_qualify || schema != "public") ? quote_ident(schema) + "." : std::string();
        check_bare_type(arrays, column.name);
        return prefix + quote_ident(base) + arrays;
    }
    // A quoted name keeps its modifiers outside the quotes: drizzle-kit's
    // "geography(Point,4326)" is one identifier, a type that does not exist.
    auto open = base.find('(');
    std::string name = base.substr(0, open), mods = open == std::string::npos ? "" : base.substr(open);
    if (column.extensionTypeSchema) {
        // pgkit extra: an extension's type outside search_path, named with
        // its schema ("extensions"."vector"(3)).
        check_bare_type(mods + arrays, column.name);
        return quote_ident(*column.extensionTypeSchema) + "." + quote_ident(name) + mods + arrays;
    }
    if (starts_with_native(column.type)) {
        check_bare_type(column.type, column.name);
        return column.type;
    }
    check_bare_type(mods + arrays, column.name);
    return quote_ident(name) + mods + arrays;
}

std::string collation_sql(const std::string& collation, const std::string& column) {
    auto bad = [&]() {
        return Error(sqlstate::invalid_parameter,
                     fmt::format("pgkit: column \"{}\": invalid collation \"{}\"", column, collation), {},
                     "write a collation name, optionally schema-qualified: C, pg_catalog.\"C\", app.ci");
    };
    std::vector<std::pair<std::string, bool>> parts;  // (name, was quoted)
    std::size_t i = 0;
    while (i <= collation.size()) {
        std::string part;
        bool quoted = i < collation.size() && collation[i] == '"';
        if (quoted) {
            for (++i;; ++i) {
                if (i >= collation.size()) throw bad();
                if (collation[i] == '"') {
                    if (i + 1 < collation.size() && collation[i + 1] == '"') {
                        part += '"';
                        ++i;
                        continue;
                    }
                    ++i;
                    break;
                }
                part += collation[i];
            }
        } else {
            while (i < collation.size() && collation[i] != '.') {
                if (collation[i] == '"' || std::isspace(static_cast<unsigned char>(collation[i]))) throw bad();
                part += collation[i++];
            }
        }
        if (part.empty()) throw bad();
        parts.emplace_back(std::move(part), quoted);
        if (i == collation.size()) break;
        if (collation[i] != '.') throw bad();
        ++i;
    }
    if (parts.empty() || parts.size() > 2) throw bad();
    // One bare word is the name as written (README: "collation": "C"); in a
    // qualified name an unquoted part is folded, as Postgres reads it.
    std::string out;
    for (auto& [name, quoted] : parts) {
        if (!quoted && parts.size() > 1)
            for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (!out.empty()) out += ".";
        out += quote_ident(name);
    }
    return out;
}

std::string identity_sql(const Table& table, const Identity& id) {
    std::string seq = id.name;
    std::string name = table.schema.empty() ? quote_ident(seq)
                                            : quote_ident(table.schema) + "." + quote_ident(seq);
    std::string out = fmt::format(" GENERATED {} AS IDENTITY (sequence name {}",
                                  id.type == "always" ? "ALWAYS" : "BY DEFAULT", name);
    auto opt = [&](const char* what, const std::optional<std::string>& v) {
        if (v && !v->empty()) {
            check_number(*v, seq);
            out += fmt::format(" {} {}", what, *v);
        }
    };
    opt("INCREMENT BY", id.increment);
    opt("MINVALUE", id.minValue);
    opt("MAXVALUE", id.maxValue);
    opt("START WITH", id.startWith);
    opt("CACHE", id.cache);
    if (id.cycle.value_or(false)) out += " CYCLE";
    out += ")";
    return out;
}

std::string column_definition_sql(const Table& table, const Column& c, bool is_enum,
                                  bool in_create) {
    std::string out = quote_ident(c.name) + " " + column_type_sql(c, is_enum, false);
    if (c.collation) out += " COLLATE " + collation_sql(*c.collation, c.name);  // pgkit extra
    if (c.primaryKey) out += " PRIMARY KEY";
    if (c.defaultValue) out += " DEFAULT " + c.defaultValue->text;
    if (c.generated) out += " GENERATED ALWAYS AS (" + c.generated->as + ") STORED";
    // CREATE TABLE leaves NOT NULL to the identity (implied); ADD COLUMN prints it.
    if (c.notNull && !(in_create && c.identity)) out += " NOT NULL";
    if (in_create && c.isUnique.value_or(false)) {
        std::string name = c.uniqueName.value_or(table.name + "_" + c.name + "_unique");
        out += " CONSTRAINT " + quote_ident(name) + " UNIQUE";
        if (c.nullsNotDistinct.value_or(false)) out += " NULLS NOT DISTINCT";
    }
    if (c.identity) out += identity_sql(table, *c.identity);
    return out;
}

std::string quoted_list(const std::vector<std::string>& cols) {
    std::string out;
    for (std::size_t i = 0; i < cols.size(); ++i) {
        if (i) out += ",";
        out += quote_ident(cols[i]);
    }
    return out;
}

std::string create_table_sql(const Table& t, const std::vector<bool>& column_is_enum) {
    std::string s = "CREATE TABLE " + table_ref(t.schema, t.name) + " (\n";
    std::vector<std::string> lines;
    std::size_t i = 0;
    for (const auto& [key, c] : t.columns) {
        bool is_enum = i < column_is_enum.size() && column_is_enum[i];
        lines.push_back("\t" + column_definition_sql(t, c, is_enum, true));
        ++i;
    }
    // drizzle-kit prints only the first composite primary key (a table has one).
    if (!t.compositePrimaryKeys.empty()) {
        const auto& pk = t.compositePrimaryKeys.begin()->second;
        lines.push_back("\tCONSTRAINT " + quote_ident(pk.name) + " PRIMARY KEY(" +
                        quoted_list(pk.columns) + ")" + deferrable_sql(pk.deferrable, pk.initiallyDeferred));
    }
    for (const auto& [key, u] : t.uniqueConstraints)
        lines.push_back("\tCONSTRAINT " + quote_ident(u.name) + " UNIQUE" +
                        (u.nullsNotDistinct ? " NULLS NOT DISTINCT" : "") + "(" +
                        quoted_list(u.columns) + ")" + deferrable_sql(u.deferrable, u.initiallyDeferred));
    for (const auto& [key, ck] : t.checkConstraints)
        lines.push_back("\tCONSTRAINT " + quote_ident(ck.name) + " CHECK (" + ck.value + ")");
    for (std::size_t k = 0; k < lines.size(); ++k) {
        if (k) s += ",\n";
        s += lines[k];
    }
    s += "\n);\n";
    return s;
}

namespace {
const std::string& fk_action(const std::optional<std::string>& a, const std::string& fk) {
    static const std::unordered_set<std::string> ok = {"cascade", "restrict", "no action",
                                                       "set null", "set default"};
    if (a && !ok.count(*a))
        throw Error(sqlstate::invalid_parameter,
                    fmt::format("pgkit: foreign key \"{}\": invalid action \"{}\"", fk, *a), {},
                    "use cascade, restrict, no action, set null or set default");
    return *a;
}
}  // namespace

std::string foreign_key_sql(const Table& t, const ForeignKey& fk) {
    std::string s = "ALTER TABLE " + table_ref(t.schema, t.name) + " ADD CONSTRAINT " +
                    quote_ident(fk.name) + " FOREIGN KEY (" + quoted_list(fk.columnsFrom) +
                    ") REFERENCES ";
    // drizzle-kit always qualifies the target, "public" included.
    s += qualified_ref(fk.schemaTo.value_or(""), fk.tableTo);
    s += "(" + quoted_list(fk.columnsTo) + ")";
    if (fk.onDelete) s += " ON DELETE " + fk_action(fk.onDelete, fk.name);
    if (fk.onUpdate) s += " ON UPDATE " + fk_action(fk.onUpdate, fk.name);
    return s + deferrable_sql(fk.deferrable, fk.initiallyDeferred) + ";";
}

std::string deferrable_sql(bool deferrable, bool initially_deferred) {
    if (initially_deferred) return " DEFERRABLE INITIALLY DEFERRED";
    return deferrable ? " DEFERRABLE" : "";
}

std::string add_primary_key_sql(const Table& t, const PrimaryKey& pk) {
    return fmt::format("ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY({}){};", table_ref(t.schema, t.name),
                       quote_ident(pk.name), quoted_list(pk.columns), deferrable_sql(pk.deferrable, pk.initiallyDeferred));
}

std::string add_unique_sql(const Table& t, const Unique& u) {
    return fmt::format("ALTER TABLE {} ADD CONSTRAINT {} UNIQUE{}({}){};", table_ref(t.schema, t.name),
                       quote_ident(u.name), u.nullsNotDistinct ? " NULLS NOT DISTINCT" : "", quoted_list(u.columns),
                       deferrable_sql(u.deferrable, u.initiallyDeferred));
}

std::string rls_sql(const Table& t, bool enable) {
    return "ALTER TABLE " + table_ref(t.schema, t.name) +
           (enable ? " ENABLE ROW LEVEL SECURITY;" : " DISABLE ROW LEVEL SECURITY;");
}

std::string force_rls_sql(const Table& t, bool force) {
    return "ALTER TABLE " + table_ref(t.schema, t.name) +
           (force ? " FORCE ROW LEVEL SECURITY;" : " NO FORCE ROW LEVEL SECURITY;");
}

std::string policy_roles_sql(const Policy& p) {
    std::vector<std::string> roles = p.to.value_or(std::vector<std::string>{"public"});
    std::string out;
    for (std::size_t i = 0; i < roles.size(); ++i) {
        if (i) out += ", ";
        out += policy_keywords().count(roles[i]) ? roles[i] : quote_ident(roles[i]);
    }
    return out;
}

std::string create_policy_on_sql(const std::string& on, const Policy& p) {
    static const std::unordered_set<std::string> as_ok = {"PERMISSIVE", "RESTRICTIVE"};
    static const std::unordered_set<std::string> for_ok = {"ALL", "SELECT", "INSERT", "UPDATE",
                                                           "DELETE"};
    std::string as = upper(p.as.value_or("PERMISSIVE"));
    std::string for_ = upper(p.for_.value_or("ALL"));
    if (!as_ok.count(as) || !for_ok.count(for_))
        throw Error(sqlstate::invalid_parameter,
                    fmt::format("pgkit: policy \"{}\": invalid \"as\" or \"for\" ({} / {})",
                                p.name, as, for_),
                    {}, "as: PERMISSIVE|RESTRICTIVE; for: ALL|SELECT|INSERT|UPDATE|DELETE");
    std::string s = "CREATE POLICY " + quote_ident(p.name) + " ON " + on + " AS " + as +
                    " FOR " + for_ + " TO " + policy_roles_sql(p);
    if (p.using_ && !p.using_->empty()) s += " USING (" + *p.using_ + ")";
    if (p.withCheck && !p.withCheck->empty()) s += " WITH CHECK (" + *p.withCheck + ")";
    return s + ";";
}

std::string policy_target_sql(const std::string& on) {
    auto [schema, table] = policy_target(on);
    return schema.empty() ? quote_ident(table) : quote_ident(schema) + "." + quote_ident(table);
}

std::string policy_target_key(const std::string& on) {
    auto [schema, table] = policy_target(on);
    return object_key(schema, table);
}

std::pair<std::string, std::string> policy_target(const std::string& on) {
    // Accepts "t" or "s"."t" (drizzle writes the reference already quoted).
    std::vector<std::string> parts;
    std::size_t i = 0;
    auto bad = [&]() {
        return Error(sqlstate::invalid_parameter,
                     fmt::format("pgkit: policy target \"{}\" is not a quoted table reference", on),
                     {}, "write it as \"schema\".\"table\"");
    };
    while (i < on.size()) {
        if (on[i] != '"') throw bad();
        std::string part;
        ++i;
        for (;;) {
            if (i >= on.size()) throw bad();
            if (on[i] == '"') {
                if (i + 1 < on.size() && on[i + 1] == '"') {
                    part += '"';
                    i += 2;
                    continue;
                }
                ++i;
                break;
            }
            part += on[i++];
        }
        parts.push_back(part);
        if (i < on.size()) {
            if (on[i] != '.') throw bad();
            ++i;
        }
    }
    if (parts.empty() || parts.size() > 2) throw bad();
    return parts.size() == 1 ? std::pair<std::string, std::string>{"", parts[0]}
                             : std::pair<std::string, std::string>{parts[0], parts[1]};
}

std::string index_sql(const Table& t, const Index& ix) {
    std::string cols;
    for (std::size_t i = 0; i < ix.columns.size(); ++i) {
        const auto& c = ix.columns[i];
        if (i) cols += ",";
        cols += c.isExpression ? c.expression : quote_ident(c.expression);
        if (c.opclass) {
            check_bare_type(*c.opclass, ix.name);
            cols += " " + (c.opclassSchema ? quote_ident(*c.opclassSchema) + "." : std::string()) + *c.opclass;
        } else if (!c.asc) {
            cols += " DESC";
        }
        if (!((c.asc && c.nulls == "last") || c.opclass)) cols += " NULLS " + upper(c.nulls);
    }
    check_bare_type(ix.method, ix.name);
    std::string s = std::string("CREATE ") + (ix.isUnique ? "UNIQUE INDEX" : "INDEX") +
                    (ix.concurrently ? " CONCURRENTLY" : "") + " " + quote_ident(ix.name) +
                    " ON " + table_ref(t.schema, t.name) + " USING " + ix.method + " (" + cols +
                    ")";
    if (!ix.with.empty()) {
        std::string w;
        for (const auto& [k, v] : ix.with) {
            check_bare_type(k, ix.name);
            if (!w.empty()) w += ",";
            w += k + "=" + v.text;
        }
        s += " WITH (" + w + ")";
    }
    if (ix.where && !ix.where->empty()) s += " WHERE " + *ix.where;
    return s + ";";
}

std::string enum_sql(const Enum& e) {
    std::string vals;
    for (std::size_t i = 0; i < e.values.size(); ++i) {
        if (i) vals += ", ";
        vals += quote_literal(e.values[i]);
    }
    return "CREATE TYPE " + qualified_ref(e.schema, e.name) + " AS ENUM(" + vals + ");";
}

std::string sequence_options_sql(const Sequence& s) {
    std::string out;
    auto opt = [&](const char* what, const std::optional<std::string>& v) {
        if (v && !v->empty()) {
            check_number(*v, s.name);
            out += fmt::format(" {} {}", what, *v);
        }
    };
    opt("INCREMENT BY", s.increment);
    opt("MINVALUE", s.minValue);
    opt("MAXVALUE", s.maxValue);
    opt("START WITH", s.startWith);
    opt("CACHE", s.cache);
    if (s.cycle.value_or(false)) out += " CYCLE";
    return out;
}

// --- the strict standalone emitters ----------------------------------------

std::vector<std::string> create_table_statements(const Table& table) {
    validate_table(table);
    std::vector<bool> is_enum;
    for (const auto& [k, c] : table.columns) is_enum.push_back(c.typeSchema.has_value());
    std::vector<std::string> out{create_table_sql(table, is_enum)};
    if (table.isRLSEnabled || !table.policies.empty()) out.push_back(rls_sql(table, true));
    if (table.rlsForced) out.push_back(force_rls_sql(table, true));
    for (const auto& [k, fk] : table.foreignKeys) out.push_back(foreign_key_sql(table, fk));
    for (const auto& [k, ix] : table.indexes) out.push_back(index_sql(table, ix));
    for (const auto& [k, p] : table.policies)
        out.push_back(create_policy_on_sql(table_ref(table.schema, table.name), p));
    return out;
}

std::string create_enum_sql(const Enum& e) {
    validate_identifier(e.schema.empty() ? "public" : e.schema, "enum schema");
    validate_identifier(e.name, fmt::format("enum \"{}\"", e.name));
    if (e.values.empty())
        throw Error(sqlstate::invalid_parameter,
                    fmt::format("pgkit: enum \"{}\": no values", e.name));
    std::unordered_set<std::string> seen;
    for (const auto& v : e.values) {
        if (v.empty() || v.size() > max_identifier_bytes)
            throw Error(sqlstate::name_too_long,
                        fmt::format("pgkit: enum \"{}\": value \"{}\" must be 1 to 63 bytes",
                                    e.name, v));
        if (!seen.insert(v).second)
            throw Error(sqlstate::duplicate_object,
                        fmt::format("pgkit: enum \"{}\": duplicate value \"{}\"", e.name, v));
    }
    return enum_sql(e);
}

std::string create_index_sql(const Table& table, const Index& index) {
    validate_table(table);
    return index_sql(table, index);
}

std::string create_policy_sql(const Table& table, const Policy& policy) {
    validate_table(table);
    return create_policy_on_sql(table_ref(table.schema, table.name), policy);
}

}  // namespace pgkit::core
