// The type system: one canonical spelling for every way a Postgres type is
// written — by drizzle-kit in a snapshot (`varchar(255)`, `numeric(10, 2)`,
// `timestamp (3) with time zone`, bare enum names with a typeSchema) and by
// the server's format_type() (`character varying(255)`, `numeric(10,2)`,
// `timestamp(3) with time zone`, `public.mood`) — so introspection, the
// differ, drift and codegen compare and print types the same way.
//
// Canonical form = format_type()'s spelling with the type's schema always
// written for user types: `integer`, `character varying(255)`,
// `numeric(10,2)`, `timestamp(3) with time zone`, `interval day to second(3)`,
// `"app"."mood"`, `integer[]`. Arrays collapse to one `[]` because Postgres
// does not enforce dimensions (the parsed TypeName keeps the count), and
// serial kinds are their integer type (the parsed TypeName keeps a flag):
// a `serial` column in a snapshot *is* an `integer` column in the catalog.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgkit::core {

// Broad kinds codegen maps to language types.
enum class TypeFamily {
    Integer, Numeric, Float, Bool, Text, Uuid, Date, Time, Timestamp, Interval, Json, Bytea,
    Inet, Array, Enum, Unknown
};

// A type spelling taken apart.
struct TypeName {
    std::string schema;  // user types only: "" when unqualified
    // Built-ins: the canonical base name ("integer", "character varying",
    // "timestamp with time zone", "interval", "\"char\"" ...). User types:
    // the name as stored (case kept, no quotes).
    std::string base;
    std::vector<std::string> modifiers;  // typmods as text: {"255"}, {"10","2"}, {"3"}
    std::string interval_fields;         // "day to second", "year" ... ("" = none)
    int array_dims = 0;                  // `int[3][]` -> 2, `_int4` -> 1
    bool serial = false;                 // written as serial/smallserial/bigserial
    bool is_user_type = false;           // quoted, qualified, given a typeSchema, or not a built-in
    bool with_time_zone() const { return base == "timestamp with time zone" || base == "time with time zone"; }
    bool operator==(const TypeName&) const = default;
};

// Returns the parsed form of a type spelling (drizzle's or format_type's).
// `type_schema` is a snapshot column's typeSchema: when given, `type` is a
// bare user-type name taken literally (drizzle does not quote it; case kept),
// optionally followed by array brackets. Throws Error 22023 for text that is
// not a type spelling (empty, unbalanced quotes or parentheses).
TypeName parse_type(std::string_view type, std::optional<std::string_view> type_schema = std::nullopt);

// Returns the canonical spelling of a parsed type (see the file comment).
std::string canonical_type(const TypeName& type);
// Returns the canonical spelling of any type spelling: canonical_type(parse_type(...)).
std::string canonical_type(std::string_view type, std::optional<std::string_view> type_schema = std::nullopt);

// Returns whether two spellings name the same Postgres type (canonical
// forms equal: `int4` = `integer` = `serial`, `numeric(10, 2)` =
// `numeric(10,2)`, `varchar(5)[]` = `character varying(5)[][]`).
bool types_equal(std::string_view a, std::string_view b);
bool types_equal(const TypeName& a, const TypeName& b);

// A column type as drizzle-kit writes it in a snapshot.
struct DrizzleType {
    std::string type;                       // "varchar(255)", "mood[]", "timestamp (3) with time zone"
    std::optional<std::string> typeSchema;  // set for user types ("public" spelled out)
    bool operator==(const DrizzleType&) const = default;
};

// Returns the drizzle-kit spelling of a type, typically format_type() output
// read by introspection: `character varying(255)` -> `varchar(255)`,
// `timestamp without time zone` -> `timestamp`, `numeric(10,2)` ->
// `numeric(10, 2)`, `public.mood` -> {`mood`, "public"}. `array_dims` > 0
// (pg_attribute.attndims) overrides the number of `[]` (format_type always
// prints one); `serial` turns smallint/integer/bigint into drizzle's serial
// kinds (introspection knows it from the nextval() default).
DrizzleType drizzle_type(std::string_view type, int array_dims = 0, bool serial = false);
DrizzleType drizzle_type(const TypeName& type);

// Returns the family codegen maps a type to (arrays are Array whatever the
// element; user types are Enum: callers check the snapshot's enums when a
// domain or extension type is possible).
TypeFamily type_family(const TypeName& type);
TypeFamily type_family(std::string_view type, std::optional<std::string_view> type_schema = std::nullopt);
// Returns the element type of an array type (array_dims = 0), or the type itself.
TypeName element_type(TypeName type);
// Returns the family's lower-case name ("integer", "timestamp", "enum", ...).
std::string_view family_name(TypeFamily family);

}  // namespace pgkit::core

#include "cpp_only.hpp"
