// The type system: every spelling drizzle-kit writes and every spelling
// format_type() returns maps to one canonical form.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/types.hpp"

using namespace pgkit::core;

namespace {

struct Case {
    const char* spelling;
    const char* canonical;
};

// Spellings from drizzle-kit snapshots (corpus), format_type() and SQL.
const std::vector<Case> cases = {
    // integers (serial kinds are their integer type)
    {"int2", "smallint"}, {"smallint", "smallint"}, {"smallserial", "smallint"}, {"serial2", "smallint"},
    {"int", "integer"}, {"int4", "integer"}, {"integer", "integer"}, {"INTEGER", "integer"},
    {"serial", "integer"}, {"serial4", "integer"}, {"int8", "bigint"}, {"bigint", "bigint"},
    {"bigserial", "bigint"}, {"pg_catalog.int4", "integer"},
    // character types
    {"varchar(255)", "character varying(255)"}, {"character varying(255)", "character varying(255)"},
    {"varchar", "character varying"}, {"character varying", "character varying"},
    {"char(2)", "character(2)"}, {"character(2)", "character(2)"}, {"char", "character(1)"},
    {"character", "character(1)"}, {"bpchar", "bpchar"}, {"bpchar(3)", "bpchar(3)"}, {"text", "text"},
    {"\"char\"", "\"char\""},
    // numbers
    {"numeric(10, 2)", "numeric(10,2)"}, {"numeric(10,2)", "numeric(10,2)"}, {"decimal(10, 2)", "numeric(10,2)"},
    {"numeric(12, 4)", "numeric(12,4)"}, {"numeric(8)", "numeric(8,0)"}, {"numeric", "numeric"},
    {"decimal", "numeric"}, {"real", "real"}, {"float4", "real"}, {"float(24)", "real"},
    {"double precision", "double precision"}, {"float8", "double precision"}, {"float", "double precision"},
    {"float(25)", "double precision"}, {"money", "money"},
    // date/time
    {"timestamp", "timestamp without time zone"},
    {"timestamp without time zone", "timestamp without time zone"},
    {"timestamp(3)", "timestamp(3) without time zone"},
    {"timestamp(3) without time zone", "timestamp(3) without time zone"},
    {"timestamp with time zone", "timestamp with time zone"}, {"timestamptz", "timestamp with time zone"},
    {"timestamptz(6)", "timestamp(6) with time zone"},
    {"timestamp (3) with time zone", "timestamp(3) with time zone"},
    {"timestamp(3) with time zone", "timestamp(3) with time zone"},
    {"time", "time without time zone"}, {"time without time zone", "time without time zone"},
    {"time (2)", "time(2) without time zone"}, {"timetz", "time with time zone"},
    {"time with time zone", "time with time zone"}, {"time(2) with time zone", "time(2) with time zone"},
    {"date", "date"}, {"interval", "interval"}, {"interval(3)", "interval(3)"},
    {"interval day to second(3)", "interval day to second(3)"}, {"INTERVAL YEAR TO MONTH", "interval year to month"},
    {"interval hour", "interval hour"},
    // others
    {"bool", "boolean"}, {"boolean", "boolean"}, {"uuid", "uuid"}, {"json", "json"}, {"jsonb", "jsonb"},
    {"bytea", "bytea"}, {"inet", "inet"}, {"cidr", "cidr"}, {"macaddr", "macaddr"}, {"macaddr8", "macaddr8"},
    {"bit", "bit(1)"}, {"bit(8)", "bit(8)"}, {"bit varying(5)", "bit varying(5)"}, {"varbit(5)", "bit varying(5)"},
    {"varbit", "bit varying"}, {"tsvector", "tsvector"}, {"tsquery", "tsquery"}, {"point", "point"},
    {"line", "line"}, {"xml", "xml"}, {"int4range", "int4range"},
    // arrays: dimensions are not enforced by Postgres, so one [] canonically
    {"int[]", "integer[]"}, {"integer[]", "integer[]"}, {"integer[][]", "integer[]"}, {"int[3][]", "integer[]"},
    {"_int4", "integer[]"}, {"_varchar", "character varying[]"}, {"text[]", "text[]"},
    {"varchar(10)[]", "character varying(10)[]"}, {"character varying(10)[]", "character varying(10)[]"},
    {"timestamp[]", "timestamp without time zone[]"}, {"integer ARRAY", "integer[]"},
    {"integer ARRAY[4]", "integer[]"}, {"numeric(10, 2)[]", "numeric(10,2)[]"},
    // user and extension types
    {"\"app\".\"mood\"", "\"app\".\"mood\""}, {"app.mood", "\"app\".\"mood\""}, {"public.mood", "\"public\".\"mood\""},
    {"\"public\".\"Mood\"[]", "\"public\".\"Mood\"[]"}, {"\"Mood\"", "\"Mood\""}, {"mydb.app.mood", "\"app\".\"mood\""},
    {"vector(3)", "vector(3)"}, {"citext", "citext"}, {"geometry(Point,4326)", "geometry(Point,4326)"},
};

class Spelling : public ::testing::TestWithParam<Case> {};

TEST_P(Spelling, maps_to_its_canonical_form) {
    EXPECT_EQ(canonical_type(GetParam().spelling), GetParam().canonical) << GetParam().spelling;
    // Canonical forms are fixed points.
    EXPECT_EQ(canonical_type(GetParam().canonical), GetParam().canonical);
}

INSTANTIATE_TEST_SUITE_P(Types, Spelling, ::testing::ValuesIn(cases),
                         [](const ::testing::TestParamInfo<Case>& info) {
                             std::string n = std::to_string(info.index) + "_";
                             for (const char* p = info.param.spelling; *p; ++p)
                                 n += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
                             return n;
                         });

TEST(Types, parsed_structure_keeps_serial_dimensions_and_user_schema) {
    TypeName s = parse_type("bigserial");
    EXPECT_EQ(s.base, "bigint");
    EXPECT_TRUE(s.serial);
    EXPECT_FALSE(s.is_user_type);
    TypeName a = parse_type("int[3][]");
    EXPECT_EQ(a.base, "integer");
    EXPECT_EQ(a.array_dims, 2);
    TypeName n = parse_type("numeric(10, 2)");
    EXPECT_EQ(n.modifiers, (std::vector<std::string>{"10", "2"}));
    TypeName i = parse_type("interval day to second(3)");
    EXPECT_EQ(i.interval_fields, "day to second");
    EXPECT_EQ(i.modifiers, std::vector<std::string>{"3"});
    TypeName u = parse_type("\"app\".\"mood\"[]");
    EXPECT_TRUE(u.is_user_type);
    EXPECT_EQ(u.schema, "app");
    EXPECT_EQ(u.base, "mood");
    EXPECT_EQ(u.array_dims, 1);
    TypeName tz = parse_type("timestamp (3) with time zone");
    EXPECT_TRUE(tz.with_time_zone());
    EXPECT_EQ(tz.modifiers, std::vector<std::string>{"3"});
}

TEST(Types, drizzle_enum_columns_use_type_schema_and_keep_case) {
    EXPECT_EQ(canonical_type("MoodType", "public"), "\"public\".\"MoodType\"");
    EXPECT_EQ(canonical_type("status[]", "app"), "\"app\".\"status\"[]");
    // The same enum as format_type() prints it (search_path = pg_catalog).
    EXPECT_TRUE(types_equal(parse_type("mood", "public"), parse_type("public.mood")));
    EXPECT_TRUE(types_equal(parse_type("MoodType", "public"), parse_type("public.\"MoodType\"")));
    EXPECT_FALSE(types_equal(parse_type("mood", "app"), parse_type("public.mood")));
}

TEST(Types, types_equal_across_spellings) {
    EXPECT_TRUE(types_equal("int4", "integer"));
    EXPECT_TRUE(types_equal("serial", "integer"));
    EXPECT_TRUE(types_equal("numeric(10, 2)", "numeric(10,2)"));
    EXPECT_TRUE(types_equal("varchar(5)[]", "character varying(5)[][]"));
    EXPECT_TRUE(types_equal("timestamp (3) with time zone", "timestamptz(3)"));
    EXPECT_TRUE(types_equal("char", "character(1)"));
    EXPECT_FALSE(types_equal("varchar(5)", "varchar(6)"));
    EXPECT_FALSE(types_equal("timestamp", "timestamptz"));
    EXPECT_FALSE(types_equal("integer", "bigint"));
    EXPECT_FALSE(types_equal("integer", "integer[]"));
    EXPECT_FALSE(types_equal("bpchar", "character(1)"));
    EXPECT_FALSE(types_equal("\"char\"", "char"));
}

TEST(Types, drizzle_spelling_of_format_type_output) {
    auto dz = [](std::string_view t, int dims = 0, bool serial = false) {
        return drizzle_type(t, dims, serial).type;
    };
    EXPECT_EQ(dz("character varying(255)"), "varchar(255)");
    EXPECT_EQ(dz("character varying"), "varchar");
    EXPECT_EQ(dz("character(2)"), "char(2)");
    EXPECT_EQ(dz("timestamp without time zone"), "timestamp");
    EXPECT_EQ(dz("timestamp with time zone"), "timestamp with time zone");
    EXPECT_EQ(dz("timestamp(3) with time zone"), "timestamp (3) with time zone");
    EXPECT_EQ(dz("time without time zone"), "time");
    EXPECT_EQ(dz("time(2) with time zone"), "time(2) with time zone");
    EXPECT_EQ(dz("interval day to second(3)"), "interval day to second(3)");
    EXPECT_EQ(dz("numeric(10,2)"), "numeric(10, 2)");
    EXPECT_EQ(dz("numeric"), "numeric");
    EXPECT_EQ(dz("double precision"), "double precision");
    EXPECT_EQ(dz("integer[]"), "integer[]");
    EXPECT_EQ(dz("integer[]", 2), "integer[][]");
    EXPECT_EQ(dz("integer", 0, true), "serial");
    EXPECT_EQ(dz("bigint", 0, true), "bigserial");
    EXPECT_EQ(dz("smallint", 0, true), "smallserial");
    EXPECT_EQ(dz("boolean"), "boolean");
    EXPECT_EQ(dz("jsonb"), "jsonb");
    EXPECT_EQ(dz("vector(3)"), "vector(3)");
    EXPECT_EQ(drizzle_type("public.mood"), (DrizzleType{"mood", "public"}));
    EXPECT_EQ(drizzle_type("app.\"Mood\"[]"), (DrizzleType{"Mood[]", "app"}));
}

// Every type drizzle-kit wrote in the corpus survives drizzle -> canonical ->
// drizzle (the spelling introspection would produce is the one drizzle writes).
TEST(Types, corpus_spellings_round_trip_through_drizzle_type) {
    for (const char* t : {"bigint", "bigint[]", "boolean", "boolean[]", "char(2)", "cidr", "date",
                          "date[]", "double precision", "inet", "integer", "integer[]", "integer[][]",
                          "interval", "json", "jsonb", "jsonb[]", "line", "macaddr", "numeric",
                          "numeric(12, 3)", "numeric(8, 2)", "point", "real", "smallint", "text",
                          "text[]", "time", "timestamp (3) with time zone", "timestamp with time zone",
                          "timestamp", "timestamp[]", "tsvector", "uuid", "uuid[]", "varchar(10)"}) {
        TypeName p = parse_type(t);
        TypeName back = parse_type(canonical_type(p));
        back.array_dims = p.array_dims;
        EXPECT_EQ(drizzle_type(back).type, t);
    }
    for (const char* t : {"serial", "bigserial", "smallserial"}) EXPECT_EQ(drizzle_type(parse_type(t)).type, t);
}

TEST(Types, families_for_codegen) {
    EXPECT_EQ(type_family("serial"), TypeFamily::Integer);
    EXPECT_EQ(type_family("int8"), TypeFamily::Integer);
    EXPECT_EQ(type_family("numeric(10, 2)"), TypeFamily::Numeric);
    EXPECT_EQ(type_family("float8"), TypeFamily::Float);
    EXPECT_EQ(type_family("real"), TypeFamily::Float);
    EXPECT_EQ(type_family("bool"), TypeFamily::Bool);
    EXPECT_EQ(type_family("varchar(3)"), TypeFamily::Text);
    EXPECT_EQ(type_family("bpchar"), TypeFamily::Text);
    EXPECT_EQ(type_family("uuid"), TypeFamily::Uuid);
    EXPECT_EQ(type_family("date"), TypeFamily::Date);
    EXPECT_EQ(type_family("timetz"), TypeFamily::Time);
    EXPECT_EQ(type_family("timestamp (3) with time zone"), TypeFamily::Timestamp);
    EXPECT_EQ(type_family("interval"), TypeFamily::Interval);
    EXPECT_EQ(type_family("jsonb"), TypeFamily::Json);
    EXPECT_EQ(type_family("bytea"), TypeFamily::Bytea);
    EXPECT_EQ(type_family("cidr"), TypeFamily::Inet);
    EXPECT_EQ(type_family("text[]"), TypeFamily::Array);
    EXPECT_EQ(type_family(element_type(parse_type("text[]"))), TypeFamily::Text);
    EXPECT_EQ(type_family("mood", "public"), TypeFamily::Enum);
    EXPECT_EQ(type_family("app.mood"), TypeFamily::Enum);
    EXPECT_EQ(type_family("vector(3)"), TypeFamily::Unknown);
    EXPECT_EQ(type_family("tsvector"), TypeFamily::Unknown);
    EXPECT_EQ(family_name(TypeFamily::Timestamp), "timestamp");
    EXPECT_EQ(family_name(TypeFamily::Unknown), "unknown");
}

TEST(Types, rejects_text_that_is_not_a_type) {
    for (const char* bad : {"", "   ", "int)", "\"unterminated", "varchar(10", "int[x]", "[]",
                            "integer; drop table x", "double trouble", "interval weeks", "a..b",
                            "varchar()", ".x"}) {
        try {
            parse_type(bad);
            ADD_FAILURE() << "accepted \"" << bad << "\"";
        } catch (const Error& e) {
            EXPECT_EQ(e.sqlstate(), "22023") << bad;
        }
    }
}

}  // namespace
