// Standalone emitters and strict identifier quoting (SQL API, DESIGN.md §4).
#include <string>

#include "core/ident.hpp"
#include "pg/pg.hpp"

// quote_ident(text) RETURNS text: strict quoting (42602 / 42622 on invalid).
PGKIT_FUNCTION(pgkit_quote_ident) {
    return pgkit::pg::text_datum(pgkit::core::quote_ident(pgkit::pg::text_arg(fcinfo, 0)));
}
