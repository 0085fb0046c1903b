#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/drift.hpp"
#include "core/error.hpp"
#include "core/expr_normalize.hpp"
#include "core/schema_map.hpp"
#include "core/snapshot.hpp"

using namespace pgkit::core;

namespace {

// Returns a v7 snapshot document with the given tables/enums/... members.
std::string doc(const std::string& members) {
    return R"({"version":"7","dialect":"postgresql","id":"00000000-0000-0000-0000-000000000001",
               "prevId":"00000000-0000-0000-0000-000000000000",)" +
           members + R"(,"_meta":{"schemas":{},"tables":{},"columns":{}}})";
}

const char* kUsers = R"J("tables":{"public.users":{"name":"users","schema":"","columns":{
    "id":{"name":"id","type":"serial","primaryKey":true,"notNull":true},
    "email":{"name":"email","type":"varchar(255)","primaryKey":false,"notNull":true,"isUnique":true},
    "role":{"name":"role","type":"mood","typeSchema":"public","primaryKey":false,"notNull":false,"default":"'ok'"},
    "n":{"name":"n","type":"integer","primaryKey":false,"notNull":false,"default":0}},
  "indexes":{"users_email_idx":{"name":"users_email_idx","columns":[{"expression":"lower(\"email\")",
    "isExpression":true,"asc":true,"nulls":"last"}],"isUnique":false,"concurrently":false,"method":"btree","with":{}}},
  "foreignKeys":{},"compositePrimaryKeys":{},"uniqueConstraints":{},
  "policies":{"p_read":{"name":"p_read","as":"PERMISSIVE","for":"SELECT","to":["public"],"using":"\"users\".\"n\" > 0"}},
  "checkConstraints":{"n_pos":{"name":"n_pos","value":"\"users\".\"n\" >= 0"}},"isRLSEnabled":true}},
  "enums":{"public.mood":{"name":"mood","schema":"public","values":["sad","ok","happy"]}},
  "schemas":{},"sequences":{},"roles":{},"policies":{},"views":{})J";

Snapshot users() { return read_snapshot(doc(kUsers)); }

std::vector<std::string> lines(const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings)
        out.push_back(f.kind + " " + f.object + " " + f.problem + " [" + f.expected.value_or("NULL") + " | " +
                      f.actual.value_or("NULL") + "]");
    return out;
}

}  // namespace

TEST(Drift, identical_snapshots_are_clean) {
    EXPECT_TRUE(compare(users(), users()).empty());
}

TEST(Drift, column_order_and_spelling_of_equivalent_types_do_not_matter) {
    Snapshot actual = users();
    Table& t = *actual.tables.find("public.users");
    // introspection spells types Postgres' way and lists columns in attnum order
    Column email = *t.columns.find("email");
    email.type = "character varying(255)";
    t.columns.erase("email");
    t.columns.set("email", email);
    t.columns.find("id")->type = "integer";
    t.columns.find("id")->defaultValue = Scalar{Scalar::Kind::String, "nextval('users_id_seq'::regclass)"};
    t.columns.find("role")->defaultValue = Scalar{Scalar::Kind::String, "'ok'::mood"};
    t.checkConstraints.find("n_pos")->value = "(n >= 0)";
    t.policies.find("p_read")->using_ = "(n > 0)";
    EXPECT_EQ(lines(compare(users(), actual)), std::vector<std::string>{});
}

TEST(Drift, reports_missing_extra_and_changed_columns) {
    Snapshot actual = users();
    Table& t = *actual.tables.find("public.users");
    t.columns.erase("n");
    t.columns.set("nick", Column{.name = "nick", .type = "text"});
    t.columns.find("email")->type = "text";
    t.columns.find("email")->notNull = false;
    t.columns.find("role")->defaultValue = Scalar{Scalar::Kind::String, "'sad'"};
    EXPECT_EQ(lines(compare(users(), actual)),
              (std::vector<std::string>{
                  "column public.users.email changed: type [character varying(255) | text]",
                  "column public.users.email changed: nullability [NOT NULL | NULL]",
                  "column public.users.n missing [integer | NULL]",
                  "column public.users.nick extra [NULL | text]",
                  "column public.users.role changed: default ['ok' | 'sad']",
              }));
}

TEST(Drift, a_missing_table_is_one_finding_not_one_per_column) {
    Snapshot actual = users();
    actual.tables.erase("public.users");
    EXPECT_EQ(lines(compare(users(), actual)),
              std::vector<std::string>{"table public.users missing [NULL | NULL]"});
    EXPECT_EQ(lines(compare(actual, users())),
              std::vector<std::string>{"table public.users extra [NULL | NULL]"});
}

TEST(Drift, enum_label_order_is_distinct_from_a_missing_label) {
    Snapshot reordered = users();
    reordered.enums.find("public.mood")->values = {"sad", "happy", "ok"};
    EXPECT_EQ(lines(compare(users(), reordered)),
              std::vector<std::string>{"enum public.mood changed: label order [sad, ok, happy | sad, happy, ok]"});
    Snapshot fewer = users();
    fewer.enums.find("public.mood")->values = {"sad", "happy"};
    EXPECT_EQ(lines(compare(users(), fewer)),
              std::vector<std::string>{"enum public.mood changed: labels [sad, ok, happy | sad, happy]"});
}

TEST(Drift, index_rls_and_policy_changes_name_the_attribute) {
    Snapshot actual = users();
    Table& t = *actual.tables.find("public.users");
    t.indexes.erase("users_email_idx");
    t.policies.find("p_read")->using_ = "n > 1";
    t.policies.find("p_read")->to = std::vector<std::string>{"admin"};
    Snapshot expected = users();
    expected.tables.find("public.users")->rlsForced = true;
    auto got = lines(compare(expected, actual));
    EXPECT_EQ(got, (std::vector<std::string>{
                       "rls public.users changed: forced [true | false]",
                       "policy public.users.p_read changed: to [public | admin]",
                       "policy public.users.p_read changed: using [\"users\".\"n\" > 0 | n > 1]",
                       "index public.users_email_idx missing [INDEX ON public.users USING btree ((lower(\"email\"))) | "
                       "NULL]",
                   }));
}

TEST(Drift, a_table_with_policies_has_rls_enabled_as_drizzle_kit_builds_it) {
    Snapshot expected = users();
    expected.tables.find("public.users")->isRLSEnabled = false;  // has a policy: drizzle-kit enables RLS
    Snapshot actual = users();
    EXPECT_TRUE(compare(expected, actual).empty());
    // introspection spells "policies but RLS off" with an unmanaged marker
    actual.tables.find("public.users")->isRLSEnabled = false;
    actual.unmanaged.push_back({"rls_disabled_with_policies", "public.users"});
    EXPECT_EQ(lines(compare(expected, actual)),
              std::vector<std::string>{"rls public.users changed: enabled [true | false]"});
}

TEST(Drift, primary_key_and_unique_compare_whatever_way_they_are_spelled) {
    Snapshot actual = users();
    Table& t = *actual.tables.find("public.users");
    t.columns.find("id")->primaryKey = false;
    t.compositePrimaryKeys.set("users_pkey", PrimaryKey{"users_pkey", {"id"}});
    t.columns.find("email")->isUnique.reset();
    t.uniqueConstraints.set("users_email_unique", Unique{"users_email_unique", {"email"}, false});
    EXPECT_EQ(lines(compare(users(), actual)), std::vector<std::string>{});
    t.uniqueConstraints.find("users_email_unique")->nullsNotDistinct = true;
    EXPECT_EQ(lines(compare(users(), actual)),
              std::vector<std::string>{"unique public.users.users_email_unique changed: definition [UNIQUE (email) | "
                                       "UNIQUE NULLS NOT DISTINCT (email)]"});
}

TEST(Drift, identity_reports_the_option_that_changed) {
    Snapshot expected = users();
    Column& id = *expected.tables.find("public.users")->columns.find("id");
    id.type = "integer";
    id.identity = Identity{.type = "always", .name = "users_id_seq", .increment = "1", .minValue = "1",
                           .maxValue = "2147483647", .startWith = "1", .cache = "1", .cycle = false};
    Snapshot actual = expected;
    Identity& ai = *actual.tables.find("public.users")->columns.find("id")->identity;
    ai.increment.reset();  // Postgres' defaults spelled out or not: the same
    ai.maxValue.reset();
    EXPECT_TRUE(compare(expected, actual).empty());
    ai.cache = "20";
    ai.type = "byDefault";
    EXPECT_EQ(lines(compare(expected, actual)),
              (std::vector<std::string>{"column public.users.id changed: identity [always | by default]"}));
    ai.type = "always";
    EXPECT_EQ(lines(compare(expected, actual)),
              (std::vector<std::string>{"column public.users.id changed: identity cache [1 | 20]"}));
}

TEST(Drift, objects_outside_the_model_are_not_drift_unless_asked) {
    Snapshot actual = users();
    Table other;
    other.name = "__drizzle_migrations";
    other.schema = "drizzle";
    actual.tables.set("drizzle.__drizzle_migrations", other);
    actual.schemas.push_back("drizzle");
    actual.roles.set("someone", Role{"someone", false, false, true});
    actual.unmanaged.push_back({"trigger", "public.users.touch"});
    EXPECT_TRUE(compare(users(), actual).empty());
    DriftOptions all;
    all.include_unmanaged = true;
    EXPECT_EQ(lines(compare(users(), actual, all)),
              (std::vector<std::string>{"schema drizzle extra [NULL | NULL]",
                                        "trigger public.users.touch extra [NULL | NULL]",
                                        "role someone extra [NULL | NULL]"}));
}

TEST(Drift, ignore_patterns_are_kind_colon_object_globs) {
    Snapshot actual = users();
    Table& t = *actual.tables.find("public.users");
    t.columns.set("legacy", Column{.name = "legacy", .type = "text"});
    t.indexes.set("users_name_trgm_idx", Index{.name = "users_name_trgm_idx", .method = "gin"});
    DriftOptions o;
    o.ignore = {"index:public.*_trgm_idx"};
    EXPECT_EQ(lines(compare(users(), actual, o)),
              std::vector<std::string>{"column public.users.legacy extra [NULL | text]"});
    o.ignore = {"index:public.*_trgm_idx", "column:public.users.*"};
    EXPECT_TRUE(compare(users(), actual, o).empty());
    o.ignore = {"*:*"};
    EXPECT_TRUE(compare(users(), actual, o).empty());
    o.ignore = {"no-colon"};
    try {
        compare(users(), actual, o);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.sqlstate(), "22023");
    }
}

TEST(Drift, existing_views_are_tracked_not_compared) {
    Snapshot expected = users();
    View v;
    v.name = "legacy_view";
    v.schema = "public";
    v.isExisting = true;
    expected.views.set("public.legacy_view", v);
    Snapshot actual = users();
    v.isExisting = false;
    v.definition = "SELECT 1";
    actual.views.set("public.legacy_view", v);
    EXPECT_TRUE(compare(expected, actual).empty());
    EXPECT_EQ(lines(compare(expected, users())), std::vector<std::string>{});
}

TEST(Drift, deparsed_values_replace_the_snapshot_text_and_compare_exactly) {
    Snapshot expected = users();
    expected.views.set("public.v", View{.name = "v", .schema = "public", .definition = "select \"id\" from \"users\""});
    Snapshot deparsed = expected;  // what the scratch build read back
    deparsed.views.find("public.v")->definition = "SELECT users.id FROM public.users";
    Snapshot actual = deparsed;
    EXPECT_TRUE(compare(expected, deparsed, actual, {}).empty());
    actual.views.find("public.v")->definition = "SELECT users.id FROM public.users WHERE (users.n > 0)";
    EXPECT_EQ(lines(compare(expected, deparsed, actual, {})),
              std::vector<std::string>{"view public.v changed: definition [SELECT users.id FROM public.users | "
                                       "SELECT users.id FROM public.users WHERE (users.n > 0)]"});
    // an object the scratch build could not create falls back to the snapshot's text
    deparsed.views.erase("public.v");
    actual.views.find("public.v")->definition = "select id from users";
    EXPECT_TRUE(compare(expected, deparsed, actual, {}).empty());
}

TEST(Drift, findings_are_sorted_and_the_report_is_one_line_each) {
    Snapshot actual = users();
    actual.tables.find("public.users")->columns.erase("n");
    actual.enums.erase("public.mood");
    auto f = compare(users(), actual);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(format_report(f),
              "enum public.mood: missing (expected sad, ok, happy)\n"
              "column public.users.n: missing (expected integer)");
}

TEST(ExprNormalize, erases_what_postgres_changes_when_storing_an_expression) {
    EXPECT_EQ(normalize_expression("\"c\".\"s\" <> ''"), normalize_expression("(s <> ''::text)"));
    EXPECT_EQ(normalize_expression("select \"id\" from \"users\" where \"users\".\"score\" > 0"),
              normalize_expression("SELECT users.id FROM public.users WHERE (users.score > 0)"));
    EXPECT_EQ(normalize_expression("lower(\"Email\")"), "lower(\"Email\")");
    EXPECT_EQ(normalize_expression("'a'::character varying(10)"), "'a'");
    EXPECT_EQ(normalize_expression("((a > 0) AND (b IS NOT NULL))"), normalize_expression("a>0 and b is not null"));
    EXPECT_NE(normalize_expression("a > 0"), normalize_expression("a > 1"));
    EXPECT_NE(normalize_expression("'A'"), normalize_expression("'a'"));
    EXPECT_EQ(normalize_expression("'it''s'::text"), "'it''s'");
}

TEST(SchemaMap, renames_qualifiers_outside_literals_and_maps_back_inside_them) {
    SchemaMap fwd = {{"public", "pgkit_drift_1_0"}, {"My App", "pgkit_drift_1_1"}};
    EXPECT_EQ(rename_qualifiers("select \"id\" from \"public\".\"users\" join public.t on \"My App\".x.id = 'public.y'",
                                fwd),
              "select \"id\" from pgkit_drift_1_0.\"users\" join pgkit_drift_1_0.t on pgkit_drift_1_1.x.id = "
              "'public.y'");
    SchemaMap back = {{"pgkit_drift_1_0", "public"}, {"pgkit_drift_1_1", "My App"}};
    EXPECT_EQ(rename_qualifiers("nextval('pgkit_drift_1_1.t_id_seq'::regclass) + pgkit_drift_1_0.f(x.public)", back,
                                true),
              "nextval('\"My App\".t_id_seq'::regclass) + public.f(x.public)");
}

TEST(SchemaMap, moves_every_object_and_reference_and_back) {
    Snapshot s = users();
    Table& t = *s.tables.find("public.users");
    t.foreignKeys.set("fk", ForeignKey{.name = "fk", .tableFrom = "users", .columnsFrom = {"n"}, .tableTo = "users",
                                       .schemaTo = "public", .columnsTo = {"id"}});
    SchemaMap fwd = {{"public", "scratch_0"}}, back = {{"scratch_0", "public"}};
    Snapshot moved = rename_schemas(s, fwd);
    ASSERT_NE(moved.tables.find("scratch_0.users"), nullptr);
    EXPECT_EQ(moved.tables.find("scratch_0.users")->schema, "scratch_0");
    EXPECT_EQ(moved.tables.find("scratch_0.users")->columns.find("role")->typeSchema, "scratch_0");
    EXPECT_EQ(moved.tables.find("scratch_0.users")->foreignKeys.find("fk")->schemaTo, "scratch_0");
    EXPECT_NE(moved.enums.find("scratch_0.mood"), nullptr);
    EXPECT_EQ(moved.schemas, std::vector<std::string>{"scratch_0"});
    Snapshot again = rename_schemas(moved, back);
    EXPECT_TRUE(compare(s, again).empty());
    EXPECT_EQ(again.tables.find("public.users")->schema, "");
    EXPECT_TRUE(again.schemas.empty());
}

TEST(Drift, deparse_subset_keeps_only_tables_whose_text_differs) {
    Snapshot actual = users();
    EXPECT_TRUE(deparse_subset(users(), actual).tables.empty());
    actual.tables.find("public.users")->checkConstraints.find("n_pos")->value = "n >= 0";
    Snapshot subset = deparse_subset(users(), actual);
    ASSERT_EQ(subset.tables.size(), 1u);
    EXPECT_EQ(subset.enums.size(), 1u);  // a column may use it
    EXPECT_TRUE(subset.tables.find("public.users")->foreignKeys.empty());
}
