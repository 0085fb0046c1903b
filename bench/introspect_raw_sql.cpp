// Prints pgkit.introspect()'s catalog queries as plain SQL for psql ($1 =
// NULL: every user schema), one per line ending in ';': bench/introspect_bench.sh
// runs them through psql as the raw-catalog lower bound of introspection.
// The scope query's arrays go into psql variables (\gset) and are passed
// to the other queries as literals, as introspect passes them as $2 and $3.
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

}  // namespace

int main() {
    namespace q = pgkit::pg::introspect_sql;
    // The settings introspect_snapshot() pins (JIT off: compiling catalog
    // queries costs more than running them).
    std::cout << "SET search_path = pg_catalog, pg_temp;\nSET datestyle = 'ISO, MDY';\n"
                 "SET intervalstyle = postgres;\nSET extra_float_digits = 1;\nSET jit = off;\n";
    std::cout << "SELECT s.* FROM (" << substitute(q::scope)
              << ") s(scope_names, scope_schemas, scope_relations) \\gset\n";
    for (const char* sql :
         {q::relations, q::columns, q::types, q::owned_sequences, q::constraints, q::indexes,
          q::opclasses, q::enums, q::sequences, q::policies, q::roles, q::unmanaged})
        std::cout << substitute(sql) << ";\n";
}
