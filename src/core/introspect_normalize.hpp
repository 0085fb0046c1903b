// Normalisation of what Postgres' deparsers print (format_type, pg_get_expr,
// pg_get_constraintdef, pg_get_viewdef, reloptions) into drizzle-kit's
// snapshot spellings, so that introspect() of a database built from a
// drizzle snapshot reads back the same values (test/corpus is the reference)
// and a snapshot round-trips through the differ unchanged. Pure functions:
// the glue (src/pg/introspect.cpp) only feeds them catalog text.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "model.hpp"

namespace pgkit::core {

// How drizzle-kit treats a column's (element) type when it spells defaults.
enum class DefaultFamily {
    Integer,  // smallint, integer, bigint, real, double precision: JSON numbers
    Numeric,  // numeric/decimal: quoted text '3.5'
    Boolean,  // JSON booleans
    Json,     // '<compact json>'::json
    Jsonb,    // '<compact json>'::jsonb
    Other,    // literal text kept quoted, casts dropped
};

// Returns the family of a drizzle type spelling (without array brackets).
DefaultFamily default_family(std::string_view drizzle_base_type);

// Returns s without enclosing parentheses that wrap the whole text
// ("((a > 0))" -> "a > 0"; "(a) + (b)" unchanged).
std::string strip_outer_parens(std::string_view s);

// Returns the literal of `'lit'::some_type` (quotes kept, "''" kept) and
// whether a cast was removed; nullopt when expr is not one quoted literal
// optionally followed by a plain cast.
std::optional<std::string> quoted_literal_of(std::string_view expr);

// Returns the drizzle snapshot default for a column default as pg_get_expr
// prints it: numbers/booleans as JSON scalars for their families, quoted
// literals without their cast, json(b) compacted with its cast, arrays
// re-spelled the way drizzle-orm writes them ('{"a","b c"}'), any other
// expression unchanged. `dims` > 0 for array columns.
Scalar normalize_default(std::string_view expr, DefaultFamily family, int dims);

// Returns a Postgres array literal's text (without SQL quotes) re-spelled
// as drizzle-orm writes it: numbers bare, booleans true/false, json
// compacted, every other element double-quoted. Unparseable input is
// returned unchanged.
std::string drizzle_array_literal(std::string_view pg_array_text, DefaultFamily element_family);

// Returns JSON text without insignificant whitespace (strings untouched).
std::string compact_json(std::string_view json);

// Returns the expression of a CHECK constraint definition
// ("CHECK ((age > 21))" -> "age > 21"); NOT VALID / NO INHERIT suffixes are
// reported through `suffix` (empty when none).
std::string check_expression(std::string_view constraintdef, std::string* suffix = nullptr);

// Returns a view definition as drizzle-kit pulls it: whitespace outside
// literals collapsed to one space, the trailing ';' removed, trimmed.
std::string view_definition(std::string_view viewdef);

// Returns a reloption "key=value" split and typed (true/false -> Bool,
// numbers -> Number, else String).
std::pair<std::string, Scalar> parse_reloption(std::string_view option);

// Returns snake_case as camelCase ("security_barrier" -> "securityBarrier").
std::string camel_case(std::string_view snake);

// Returns drizzle's lowercase FK action for pg_constraint.confupdtype/confdeltype.
std::string fk_action(char code);

// Returns drizzle's policy command for pg_policy.polcmd ('*' -> "ALL", ...).
std::string policy_command(char code);

// Returns the name Postgres gives an unnamed constraint/index on one table,
// e.g. "<table>_pkey" (makeObjectName: the table part is clipped at a
// character boundary so the whole name fits 63 bytes).
std::string default_object_name(std::string_view table, std::string_view label);

// Returns format_type() output without its leading "schema." (plain or
// double-quoted) qualification: "public.vector(3)" -> "vector(3)".
std::string strip_type_schema(std::string_view format_type, std::string_view schema);

}  // namespace pgkit::core

#include "cpp_only.hpp"
