// Prints pgkit.introspect()'s catalog queries as plain SQL ($1 = NULL: every
// user schema), one per line ending in ';': bench/introspect_bench.sh runs
// them through psql as the raw-catalog lower bound of introspection.
#include <iostream>
#include <string>

#include "pg/introspect_sql.hpp"

int main() {
    namespace q = pgkit::pg::introspect_sql;
    // The settings introspect_snapshot() pins (JIT off: compiling catalog
    // queries costs more than running them).
    std::cout << "SET search_path = pg_catalog, pg_temp;\nSET datestyle = 'ISO, MDY';\n"
                 "SET intervalstyle = postgres;\nSET extra_float_digits = 1;\nSET jit = off;\n";
    for (const char* sql : {q::schemas, q::relations, q::columns, q::constraints, q::indexes, q::opclasses, q::enums,
                            q::sequences, q::policies, q::roles, q::unmanaged}) {
        std::string s(sql);
        for (auto p = s.find("$1"); p != std::string::npos; p = s.find("$1", p)) s.replace(p, 2, "NULL");
        std::cout << s << ";\n";
    }
}
