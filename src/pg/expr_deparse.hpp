// Printing a stored expression over one table's columns (a CHECK's conbin,
// an index's indexprs/indpred, a policy's qual) without opening the table.
//
// Postgres' printers (pg_get_constraintdef, pg_get_expr, pg_get_indexdef)
// resolve column names through deparse_context_for(), which opens the
// relation and so builds its relcache entry (tuple descriptor, triggers,
// constraints, defaults, policies, rules): at 1,000 tables that was ~40 ms
// of a ~230 ms introspect() in a fresh backend. Here the column names come
// from the columns query instead: the expression is printed by Postgres'
// own pg_get_querydef() as the single target of a SELECT over a range-table
// entry that carries those names, with the same pretty flags. The result is
// taken only where it is certain to equal Postgres' printer; everything else
// (see ExprDeparser::print) is left to the caller's fallback, which calls
// Postgres' function. The GUC pgkit.fast_deparse = off forces the fallback
// everywhere (the tests compare both).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pg/pg.hpp"

namespace pgkit::pg {

// Whether the relcache-free printer is used (GUC pgkit.fast_deparse).
extern bool fast_deparse_enabled;

// Registers the GUC (from _PG_init).
void define_deparse_guc();

class ExprDeparser {
public:
    // What the printed text must equal.
    enum class Form {
        Expression,   // pg_get_expr(tree, relid, true), pg_get_constraintdef's CHECK body
        IndexColumn,  // pg_get_indexdef(indexrelid, k, true) of an expression key
    };

    // Returns the text of each expression in tree (a pg_node_tree: one
    // expression, or a List of them for indexprs) over a table named relname
    // whose column names by attnum are columns[attnum] (index 0 unused; ""
    // for a dropped or unknown column), or nullopt when one of them is not
    // certain to print exactly as Postgres' function would.
    static std::optional<std::vector<std::string>> print(std::string_view tree, const std::string& relname,
                                                         const std::vector<std::string>& columns, Form form);

    // Returns a view's definition as pg_get_viewdef(oid, true) prints it,
    // from its _RETURN rule's action (a pg_node_tree) and the view's column
    // names by attnum, or nullopt when the query's output names are not the
    // view's own (a renamed view column: Postgres prints those from the
    // view's descriptor).
    static std::optional<std::string> view_definition(std::string_view action,
                                                      const std::vector<std::string>& columns);
};

// Postgres' own printers, one call each (the fallback of ExprDeparser).
// Returns pg_get_expr(tree, relid, true).
std::string postgres_expr(std::string_view tree, std::uint32_t relid);
// Returns pg_get_viewdef(oid, true).
std::string postgres_viewdef(std::uint32_t oid);
// Returns pg_get_constraintdef(oid, true).
std::string postgres_constraintdef(std::uint32_t oid);
// Returns pg_get_expr(tree, 0): an expression that references no column (a
// column default) as the two-argument form prints it.
std::string postgres_default(std::string_view tree);
// Returns the sequence a default is exactly nextval('seq'::regclass) of
// (under implicit casts only), 0 for any other expression.
std::uint32_t nextval_sequence(std::string_view tree);
// Returns format_type(type, typmod).
std::string postgres_type(std::uint32_t type, std::int32_t typmod);
// Returns pg_get_indexdef(indexrelid, column, true): one key column's text.
std::string postgres_index_column(std::uint32_t indexrelid, int column);

}  // namespace pgkit::pg
