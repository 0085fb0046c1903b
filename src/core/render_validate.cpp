// Strict validation for the standalone emitters: what a user hands
// create_table_sql() must be creatable as written, and every name must stay
// one identifier. Errors name the object (STYLE.md).
// GCC 12 reports -Wrestrict false positives on std::string concatenation
// (GCC bug 105329); the code is correct.
#pragma GCC diagnostic ignored "-Wrestrict"
#include <fmt/format.h>

#include <cctype>
#include <string>
#include <unordered_set>

#include "error.hpp"
#include "ident.hpp"
#include "render.hpp"

namespace pgkit::core {
namespace {

// Built-in (and common extension) type names, after modifiers "(…)" and
// array brackets are removed and spaces collapsed.
const std::unordered_set<std::string>& known_types() {
    static const std::unordered_set<std::string> t = {
        "smallint", "integer", "bigint", "int", "int2", "int4", "int8", "smallserial", "serial",
        "bigserial", "serial2", "serial4", "serial8", "numeric", "decimal", "real",
        "double precision", "float", "float4", "float8", "money", "boolean", "bool", "text",
        "varchar", "character varying", "char", "character", "bpchar", "name", "citext",
        "bytea", "date", "time", "timetz", "time with time zone", "time without time zone",
        "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone",
        "interval", "interval year", "interval month", "interval day", "interval hour",
        "interval minute", "interval second", "interval year to month", "interval day to hour",
        "interval day to minute", "interval day to second", "interval hour to minute",
        "interval hour to second", "interval minute to second", "uuid", "json", "jsonb", "xml",
        "inet", "cidr", "macaddr", "macaddr8", "point", "line", "lseg", "box", "path", "polygon",
        "circle", "tsvector", "tsquery", "bit", "bit varying", "varbit", "oid", "regclass",
        "regtype", "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange",
        "int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange",
        "datemultirange", "pg_lsn", "txid_snapshot", "pg_snapshot", "vector", "halfvec",
        "sparsevec", "geometry", "geography"};
    return t;
}

[[noreturn]] void fail(const char* state, const std::string& msg, const std::string& hint = {}) {
    throw Error(state, msg, {}, hint);
}

// Returns the base type name of a drizzle type spelling, or throws.
std::string check_type(const std::string& table, const Column& c) {
    std::string what = fmt::format("pgkit: table \"{}\": column \"{}\"", table, c.name);
    std::string base;
    int depth = 0;
    bool after_bracket = false;
    for (char ch : c.type) {
        unsigned char u = static_cast<unsigned char>(ch);
        if (ch == '(') {
            if (depth++) fail(sqlstate::invalid_parameter, what + ": malformed type \"" + c.type + "\"");
            continue;
        }
        if (ch == ')') {
            if (--depth < 0) fail(sqlstate::invalid_parameter, what + ": malformed type \"" + c.type + "\"");
            continue;
        }
        if (depth) {  // modifiers: digits, words, commas, spaces (geometry(Point, 4326))
            if (!(std::isalnum(u) || ch == ',' || ch == ' ' || ch == '_'))
                fail(sqlstate::invalid_parameter, what + ": malformed type \"" + c.type + "\"");
            continue;
        }
        if (ch == '[' || ch == ']') {
            after_bracket = true;
            continue;
        }
        if (after_bracket && !std::isdigit(u))
            fail(sqlstate::invalid_parameter, what + ": malformed type \"" + c.type + "\"");
        if (after_bracket) continue;
        if (!(std::isalnum(u) || ch == ' ' || ch == '_'))
            fail(sqlstate::invalid_parameter, what + ": malformed type \"" + c.type + "\"",
                 "a type is a plain spelling such as varchar(20) or integer[]");
        base += ch;
    }
    if (depth) fail(sqlstate::invalid_parameter, what + ": malformed type \"" + c.type + "\"");
    // collapse spaces
    std::string norm;
    for (char ch : base) {
        if (ch == ' ' && (norm.empty() || norm.back() == ' ')) continue;
        norm += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    while (!norm.empty() && norm.back() == ' ') norm.pop_back();
    if (c.typeSchema) {  // a user type (enum): any valid identifier
        validate_identifier(*c.typeSchema, fmt::format("table \"{}\": column \"{}\" type schema", table, c.name));
        validate_identifier(base, fmt::format("table \"{}\": column \"{}\" type", table, c.name));
        return base;
    }
    if (c.extensionTypeSchema) {  // an extension's type, named with its schema (pgkit extra)
        validate_identifier(*c.extensionTypeSchema, fmt::format("table \"{}\": column \"{}\" type schema", table, c.name));
        return norm;
    }
    if (!known_types().count(norm))
        fail(sqlstate::undefined_object,
             fmt::format("{}: unknown type \"{}\"", what, c.type),
             "use a built-in type, or give an enum column its typeSchema");
    return norm;
}

void need_columns(const Table& t, const std::string& tname, const std::vector<std::string>& cols,
                  const std::string& what) {
    if (cols.empty())
        fail(sqlstate::invalid_table_definition,
             fmt::format("pgkit: table \"{}\": {} has no columns", tname, what));
    for (const auto& c : cols)
        if (!t.columns.contains(c))
            fail(sqlstate::undefined_column,
                 fmt::format("pgkit: table \"{}\": {} column \"{}\" does not exist", tname, what, c));
}

}  // namespace

void validate_table(const Table& t) {
    std::string tname = fmt::format("{}.{}", schema_or_public(t.schema), t.name);
    validate_identifier(t.name, fmt::format("table \"{}\"", tname));
    if (!t.schema.empty()) validate_identifier(t.schema, fmt::format("table \"{}\" schema", tname));
    std::unordered_set<std::string> names;
    int pk_columns = 0;
    for (const auto& [key, c] : t.columns) {
        validate_identifier(c.name, fmt::format("table \"{}\": column \"{}\"", tname, c.name));
        if (!names.insert(c.name).second)
            fail(sqlstate::duplicate_column,
                 fmt::format("pgkit: table \"{}\": column \"{}\" specified more than once", tname, c.name));
        check_type(tname, c);
        if (c.primaryKey) ++pk_columns;
        if (c.identity) {
            if (c.identity->type != "always" && c.identity->type != "byDefault")
                fail(sqlstate::invalid_parameter,
                     fmt::format("pgkit: table \"{}\": column \"{}\": identity type must be always or byDefault", tname, c.name));
            validate_identifier(c.identity->name, fmt::format("table \"{}\": identity sequence", tname));
        }
        if (c.isUnique.value_or(false) && c.uniqueName)
            validate_identifier(*c.uniqueName, fmt::format("table \"{}\": unique constraint", tname));
    }
    if (pk_columns > 1 || (pk_columns && !t.compositePrimaryKeys.empty()) ||
        t.compositePrimaryKeys.size() > 1)
        fail(sqlstate::invalid_table_definition,
             fmt::format("pgkit: table \"{}\": multiple primary keys are not allowed", tname),
             "declare one primaryKey column or one composite primary key");
    for (const auto& [k, pk] : t.compositePrimaryKeys) {
        validate_identifier(pk.name, fmt::format("table \"{}\": primary key", tname));
        need_columns(t, tname, pk.columns, "primary key");
    }
    for (const auto& [k, u] : t.uniqueConstraints) {
        validate_identifier(u.name, fmt::format("table \"{}\": unique constraint", tname));
        need_columns(t, tname, u.columns, fmt::format("unique constraint \"{}\"", u.name));
    }
    for (const auto& [k, ck] : t.checkConstraints)
        validate_identifier(ck.name, fmt::format("table \"{}\": check constraint", tname));
    for (const auto& [k, fk] : t.foreignKeys) {
        validate_identifier(fk.name, fmt::format("table \"{}\": foreign key", tname));
        need_columns(t, tname, fk.columnsFrom, fmt::format("foreign key \"{}\"", fk.name));
        validate_identifier(fk.tableTo, fmt::format("table \"{}\": foreign key \"{}\" target", tname, fk.name));
        if (fk.columnsTo.size() != fk.columnsFrom.size())
            fail(sqlstate::invalid_table_definition,
                 fmt::format("pgkit: table \"{}\": foreign key \"{}\" has {} columns but references {}",
                             tname, fk.name, fk.columnsFrom.size(), fk.columnsTo.size()));
        for (const auto& c : fk.columnsTo)
            validate_identifier(c, fmt::format("table \"{}\": foreign key \"{}\" target column", tname, fk.name));
    }
    for (const auto& [k, ix] : t.indexes) {
        validate_identifier(ix.name, fmt::format("table \"{}\": index", tname));
        if (ix.columns.empty())
            fail(sqlstate::invalid_table_definition,
                 fmt::format("pgkit: table \"{}\": index \"{}\" has no columns", tname, ix.name));
        for (const auto& c : ix.columns) {
            if (!c.isExpression && !t.columns.contains(c.expression))
                fail(sqlstate::undefined_column,
                     fmt::format("pgkit: table \"{}\": index \"{}\" column \"{}\" does not exist", tname, ix.name, c.expression));
            if (c.nulls != "first" && c.nulls != "last")
                fail(sqlstate::invalid_parameter,
                     fmt::format("pgkit: table \"{}\": index \"{}\": nulls must be first or last", tname, ix.name));
        }
    }
    for (const auto& [k, p] : t.policies) {
        validate_identifier(p.name, fmt::format("table \"{}\": policy", tname));
        if (p.to)
            for (const auto& r : *p.to) validate_identifier(r, fmt::format("table \"{}\": policy \"{}\" role", tname, p.name));
    }
}

}  // namespace pgkit::core
