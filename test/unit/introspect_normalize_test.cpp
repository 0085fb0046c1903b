// What pg_get_expr/format_type print (observed on PostgreSQL 15) must come
// out in drizzle-kit's spelling (test/corpus cur.json files).
#include <gtest/gtest.h>

#include "core/introspect_normalize.hpp"
#include "core/types.hpp"

using namespace pgkit::core;

static Scalar num(const char* v) { return {Scalar::Kind::Number, v}; }
static Scalar str(const char* v) { return {Scalar::Kind::String, v}; }
static Scalar boolean(const char* v) { return {Scalar::Kind::Bool, v}; }

// The type helper (core/types.hpp) gives introspection its column spellings.
TEST(IntrospectNormalize, builtin_types_take_drizzle_spelling) {
    auto drizzle_builtin_type = [](const char* t) { return drizzle_type(t).type; };
    EXPECT_EQ(drizzle_builtin_type("character varying(40)"), "varchar(40)");
    EXPECT_EQ(drizzle_builtin_type("character varying"), "varchar");
    EXPECT_EQ(drizzle_builtin_type("character(2)"), "char(2)");
    EXPECT_EQ(drizzle_builtin_type("timestamp without time zone"), "timestamp");
    EXPECT_EQ(drizzle_builtin_type("timestamp with time zone"), "timestamp with time zone");
    EXPECT_EQ(drizzle_builtin_type("timestamp(3) with time zone"), "timestamp (3) with time zone");
    EXPECT_EQ(drizzle_builtin_type("timestamp(0) without time zone"), "timestamp (0)");
    EXPECT_EQ(drizzle_builtin_type("time without time zone"), "time");
    EXPECT_EQ(drizzle_builtin_type("time(2) with time zone"), "time(2) with time zone");
    EXPECT_EQ(drizzle_builtin_type("numeric(12,3)"), "numeric(12, 3)");
    EXPECT_EQ(drizzle_builtin_type("numeric"), "numeric");
    EXPECT_EQ(drizzle_builtin_type("double precision"), "double precision");
    EXPECT_EQ(drizzle_builtin_type("interval day to second(3)"), "interval day to second(3)");
}

TEST(IntrospectNormalize, integer_family_defaults_become_json_numbers) {
    EXPECT_EQ(normalize_default("5", DefaultFamily::Integer, 0), num("5"));
    EXPECT_EQ(normalize_default("'-1'::integer", DefaultFamily::Integer, 0), num("-1"));
    EXPECT_EQ(normalize_default("'9007199254740992'::bigint", DefaultFamily::Integer, 0), num("9007199254740992"));
    EXPECT_EQ(normalize_default("'-2.25'::numeric", DefaultFamily::Integer, 0), num("-2.25"));
    EXPECT_EQ(normalize_default("(1 + 2)", DefaultFamily::Integer, 0), str("(1 + 2)"));
}

TEST(IntrospectNormalize, numeric_defaults_are_quoted_text) {
    EXPECT_EQ(normalize_default("3.5", DefaultFamily::Numeric, 0), str("'3.5'"));
    EXPECT_EQ(normalize_default("'3'::numeric", DefaultFamily::Numeric, 0), str("'3'"));
}

TEST(IntrospectNormalize, literals_lose_their_cast_and_keep_doubled_quotes) {
    EXPECT_EQ(normalize_default("'it''s'::text", DefaultFamily::Other, 0), str("'it''s'"));
    EXPECT_EQ(normalize_default("''::text", DefaultFamily::Other, 0), str("''"));
    EXPECT_EQ(normalize_default("'x'::character varying", DefaultFamily::Other, 0), str("'x'"));
    EXPECT_EQ(normalize_default("'Down'::public.\"MoodType\"", DefaultFamily::Other, 0), str("'Down'"));
    EXPECT_EQ(normalize_default("'2024-01-01 10:00:00'::timestamp without time zone", DefaultFamily::Other, 0),
              str("'2024-01-01 10:00:00'"));
    EXPECT_EQ(normalize_default("'1 day'::interval", DefaultFamily::Other, 0), str("'1 day'"));
}

TEST(IntrospectNormalize, expressions_stay_as_postgres_prints_them) {
    EXPECT_EQ(normalize_default("now()", DefaultFamily::Other, 0), str("now()"));
    EXPECT_EQ(normalize_default("CURRENT_TIMESTAMP", DefaultFamily::Other, 0), str("CURRENT_TIMESTAMP"));
    EXPECT_EQ(normalize_default("gen_random_uuid()", DefaultFamily::Other, 0), str("gen_random_uuid()"));
    EXPECT_EQ(normalize_default("(''::text || 'x'::text)", DefaultFamily::Other, 0), str("(''::text || 'x'::text)"));
    EXPECT_EQ(normalize_default("'a'::text || 'b'::text", DefaultFamily::Other, 0), str("'a'::text || 'b'::text"));
}

TEST(IntrospectNormalize, booleans_and_json) {
    EXPECT_EQ(normalize_default("true", DefaultFamily::Boolean, 0), boolean("true"));
    EXPECT_EQ(normalize_default("false", DefaultFamily::Boolean, 0), boolean("false"));
    EXPECT_EQ(normalize_default("'{\"a\": 1, \"b\": \"x y\"}'::jsonb", DefaultFamily::Jsonb, 0),
              str("'{\"a\":1,\"b\":\"x y\"}'::jsonb"));
    EXPECT_EQ(normalize_default("'{\"a\":1}'::json", DefaultFamily::Json, 0), str("'{\"a\":1}'::json"));
    EXPECT_EQ(normalize_default("'{\"q\": \"it''s\"}'::jsonb", DefaultFamily::Jsonb, 0),
              str("'{\"q\":\"it''s\"}'::jsonb"));
}

TEST(IntrospectNormalize, arrays_are_spelled_like_drizzle_orm) {
    EXPECT_EQ(normalize_default("'{1,2,3}'::integer[]", DefaultFamily::Integer, 1), str("'{1,2,3}'"));
    EXPECT_EQ(normalize_default("'{}'::integer[]", DefaultFamily::Integer, 1), str("'{}'"));
    EXPECT_EQ(normalize_default("'{{1,2},{3,4}}'::integer[]", DefaultFamily::Integer, 2), str("'{{1,2},{3,4}}'"));
    EXPECT_EQ(normalize_default("'{a,\"b c\"}'::text[]", DefaultFamily::Other, 1), str("'{\"a\",\"b c\"}'"));
    EXPECT_EQ(normalize_default("'{t,f}'::boolean[]", DefaultFamily::Boolean, 1), str("'{true,false}'"));
    EXPECT_EQ(normalize_default("'{2024-01-01}'::date[]", DefaultFamily::Other, 1), str("'{\"2024-01-01\"}'"));
    EXPECT_EQ(normalize_default("'{\"{\\\"a\\\": 1}\"}'::jsonb[]", DefaultFamily::Jsonb, 1),
              str("'{\"{\\\"a\\\":1}\"}'"));
    EXPECT_EQ(normalize_default("'{sad,\"it''s\"}'::public.mood[]", DefaultFamily::Other, 1),
              str("'{\"sad\",\"it''s\"}'"));
    EXPECT_EQ(normalize_default("'{NULL,1}'::integer[]", DefaultFamily::Integer, 1), str("'{NULL,1}'"));
    EXPECT_EQ(normalize_default("ARRAY[1, 2]", DefaultFamily::Integer, 1), str("ARRAY[1, 2]"));
}

TEST(IntrospectNormalize, checks_where_and_views) {
    EXPECT_EQ(check_expression("CHECK ((age > 21))"), "age > 21");
    std::string suffix;
    EXPECT_EQ(check_expression("CHECK ((a > 0)) NOT VALID", &suffix), "a > 0");
    EXPECT_EQ(suffix, "NOT VALID");
    EXPECT_EQ(check_expression("CHECK (((a > 0) AND (b > 0)))"), "(a > 0) AND (b > 0)");
    EXPECT_EQ(strip_outer_parens("(a) + (b)"), "(a) + (b)");
    EXPECT_EQ(strip_outer_parens("(s <> ')')"), "s <> ')'");
    EXPECT_EQ(view_definition(" SELECT users.id,\n    users.name\n   FROM public.users\n  WHERE name = 'a  b';"),
              "SELECT users.id, users.name FROM public.users WHERE name = 'a  b'");
}

TEST(IntrospectNormalize, options_names_and_actions) {
    EXPECT_EQ(parse_reloption("fillfactor=70").second, num("70"));
    EXPECT_EQ(parse_reloption("security_barrier=true").second, boolean("true"));
    EXPECT_EQ(parse_reloption("check_option=cascaded").second, str("cascaded"));
    EXPECT_EQ(parse_reloption("autovacuum_vacuum_scale_factor=0.2").second, num("0.2"));
    EXPECT_EQ(camel_case("autovacuum_vacuum_scale_factor"), "autovacuumVacuumScaleFactor");
    EXPECT_EQ(fk_action('n'), "set null");
    EXPECT_EQ(fk_action('a'), "no action");
    EXPECT_EQ(policy_command('*'), "ALL");
    EXPECT_EQ(policy_command('w'), "UPDATE");
    EXPECT_EQ(default_object_name("users", "pkey"), "users_pkey");
    EXPECT_EQ(default_object_name(std::string(63, 'x'), "pkey"), std::string(58, 'x') + "_pkey");
    EXPECT_EQ(strip_type_schema("public.vector(3)", "public"), "vector(3)");
    EXPECT_EQ(strip_type_schema("\"My S\".t", "My S"), "t");
    EXPECT_EQ(quoted_literal_of("'a'::text || 'b'::text"), std::nullopt);
}
