// Prints pgkit.introspect()'s catalog queries as plain SQL for psql ($1 =
// NULL: every user schema), one per line ending in ';': bench/introspect_bench.sh
// runs them through psql as the raw-catalog lower bound of introspection.
// The scope query's arrays go into psql variables (\gset) and are passed
// to the other queries as literals, as introspect passes them as $2 and $3.
// Where introspect reads a node tree or a typmod and prints it itself (once
// per distinct value, or without opening the table), the raw query prints
// it with Postgres' own function instead, so that both return the same
// facts as text: type names, defaults, CHECKs, index expressions and
// predicates, policy expressions, view definitions.
#include <cstdlib>
#include <iostream>
#include <string>

#include "pg/introspect_sql.hpp"

namespace {

// Returns sql with every $n replaced by its psql spelling.
std::string substitute(std::string s) {
    const std::pair<const char*, const char*> params[] = {
        {"$1", "NULL"}, {"$2", ":'scope_schemas'"}, {"$3", ":'scope_relations'"}};
    for (const auto& [from, to] : params)
        for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + 1))
            s.replace(p, 2, to);
    return s;
}

// Returns sql with from replaced by to; fails if from is not in sql (the
// queries changed: this file must follow them).
std::string printed(std::string sql, const std::string& from, const std::string& to) {
    auto p = sql.find(from);
    if (p == std::string::npos) {
        std::cerr << "introspect_raw_sql: no \"" << from << "\" in a catalog query\n";
        std::exit(1);
    }
    return sql.replace(p, from.size(), to);
}

}  // namespace

int main() {
    namespace q = pgkit::pg::introspect_sql;
    // The settings introspect_snapshot() pins (JIT off: compiling catalog
    // queries costs more than running them).
    std::cout << "SET search_path = pg_catalog, pg_temp;\nSET datestyle = 'ISO, MDY';\n"
                 "SET intervalstyle = postgres;\nSET extra_float_digits = 1;\nSET jit = off;\n";
    std::cout << "SELECT s.* FROM (" << substitute(q::scope)
              << ") s(scope_names, scope_schemas, scope_relations) \\gset\n";
    std::string columns = printed(printed(q::columns, "a.atttypmod,", "format_type(a.atttypid, a.atttypmod),"),
                                  "THEN d.adbin END", "THEN pg_get_expr(d.adbin, 0) END");
    std::string constraints =
        printed(q::constraints, "THEN con.conbin END", "THEN pg_get_constraintdef(con.oid, true) END");
    std::string indexes = printed(
        printed(q::indexes, "  i.indpred,", "  pg_get_expr(i.indpred, i.indrelid, true),"), "  i.indexprs,",
        "  CASE WHEN i.indexprs IS NOT NULL THEN array_to_json(ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)"
        " FROM generate_series(1, i.indnkeyatts) k))::text END,");
    std::string policies = printed(q::policies, "pol.polqual, pol.polwithcheck",
                                   "pg_get_expr(pol.polqual, pol.polrelid, true),"
                                   " pg_get_expr(pol.polwithcheck, pol.polrelid, true)");
    std::string relations =
        printed(q::relations,
                "(SELECT w.ev_action FROM pg_rewrite w   WHERE w.ev_class = c.oid AND w.rulename = '_RETURN')",
                "pg_get_viewdef(c.oid, true)");
    for (const std::string& sql :
         {relations, std::string(q::sequences), columns, std::string(q::types), constraints, indexes,
          std::string(q::opclasses), std::string(q::enums), policies, std::string(q::roles),
          std::string(q::unmanaged)})
        std::cout << substitute(sql) << ";\n";
}
