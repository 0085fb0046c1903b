// Standalone emitters and strict identifier quoting (SQL API, DESIGN.md §4).
#include <string>
#include <vector>

#include "core/ident.hpp"
#include "core/render.hpp"
#include "core/snapshot.hpp"
#include "pg/pg.hpp"

// quote_ident(text) RETURNS text: strict quoting (42602 / 42622 on invalid).
PGKIT_FUNCTION(pgkit_quote_ident) {
    return pgkit::pg::text_datum(pgkit::core::quote_ident(pgkit::pg::text_arg(fcinfo, 0)));
}

// --- standalone emitters (DESIGN.md §4) --------------------------------------
// Each takes a snapshot fragment exactly as drizzle-kit writes it and returns
// the statements that create it, joined by "\n" (one statement per line
// group; CREATE TABLE keeps its own line breaks). What a user hands an
// emitter is checked strictly: names are kept as written (over 63 bytes is
// 42622, never silently truncated), unknown keys and wrong JSON types are
// 22023 with the JSON path, and the table must be creatable as written.

namespace {

pgkit::core::ReadOptions strict() {
    pgkit::core::ReadOptions o;
    o.truncate_long_names = false;
    return o;
}

std::string join_lines(const std::vector<std::string>& statements) {
    std::string out;
    for (const auto& s : statements) {
        if (!out.empty() && out.back() != '\n') out += '\n';
        out += s;
    }
    return out;
}

}  // namespace

// create_table_sql(table jsonb) RETURNS text
PGKIT_FUNCTION(pgkit_create_table_sql) {
    auto table = pgkit::core::read_table(pgkit::pg::jsonb_arg(fcinfo, 0), strict());
    return pgkit::pg::text_datum(join_lines(pgkit::core::create_table_statements(table)));
}

// create_type_sql(enum jsonb) RETURNS text
PGKIT_FUNCTION(pgkit_create_type_sql) {
    auto e = pgkit::core::read_enum(pgkit::pg::jsonb_arg(fcinfo, 0), strict());
    return pgkit::pg::text_datum(pgkit::core::create_enum_sql(e));
}

// create_index_sql(table jsonb, index text) RETURNS text
PGKIT_FUNCTION(pgkit_create_index_sql) {
    auto table = pgkit::core::read_table(pgkit::pg::jsonb_arg(fcinfo, 0), strict());
    std::string name = pgkit::pg::text_arg(fcinfo, 1);
    const auto* index = table.indexes.find(name);
    if (!index)
        throw pgkit::core::Error(pgkit::core::sqlstate::undefined_object,
                                 "pgkit: table \"" + table.name + "\" has no index \"" + name + "\"", {},
                                 "pass the key of one of the table's \"indexes\"");
    return pgkit::pg::text_datum(pgkit::core::create_index_sql(table, *index));
}

// create_policy_sql(table jsonb, policy text) RETURNS text
PGKIT_FUNCTION(pgkit_create_policy_sql) {
    auto table = pgkit::core::read_table(pgkit::pg::jsonb_arg(fcinfo, 0), strict());
    std::string name = pgkit::pg::text_arg(fcinfo, 1);
    const auto* policy = table.policies.find(name);
    if (!policy)
        throw pgkit::core::Error(pgkit::core::sqlstate::undefined_object,
                                 "pgkit: table \"" + table.name + "\" has no policy \"" + name + "\"", {},
                                 "pass the key of one of the table's \"policies\"");
    return pgkit::pg::text_datum(pgkit::core::create_policy_sql(table, *policy));
}
