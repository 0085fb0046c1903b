// Differ bugs found by the seeded round trips (scripts/roundtrip.sh,
// test/roundtrip/gen.hpp), each as the smallest pair that showed it: the
// statements are checked here (the round trips check them on the server).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/diff.hpp"
#include "core/error.hpp"
#include "core/snapshot.hpp"
#include "diff_fixtures.hpp"

using namespace pgkit::core;
using pgkit::core::test::column;
using pgkit::core::test::table;

namespace {

Column enum_column(const std::string& name, const std::string& type, const std::string& dflt = "") {
    Column c = column(name, type);
    c.typeSchema = "public";
    if (!dflt.empty()) c.defaultValue = Scalar{Scalar::Kind::String, "'" + dflt + "'"};
    return c;
}

std::vector<std::string> sql_of(const std::vector<Statement>& st) {
    std::vector<std::string> out;
    for (const auto& s : st) out.push_back(s.sql);
    return out;
}

// Returns the position of the first statement starting with `prefix` (or size()).
std::size_t index_of(const std::vector<std::string>& sql, const std::string& prefix) {
    for (std::size_t i = 0; i < sql.size(); ++i)
        if (sql[i].rfind(prefix, 0) == 0) return i;
    return sql.size();
}

}  // namespace

// New generator, seed 1: an enum recreated (a value removed) while a column
// of it is retyped to text in the same migration. The column still held the
// type at DROP TYPE (2BP01); it is retyped to text first, default dropped.
TEST(DiffRoundTrip, a_column_retyped_away_from_a_recreated_enum_lets_go_of_it_first) {
    Snapshot a, b;
    a.enums.set("public.e", Enum{"e", "public", {"x", "y", "z"}});
    b.enums.set("public.e", Enum{"e", "public", {"x", "z"}});
    Table t = table("t");
    t.columns.set("c", enum_column("c", "e", "x"));
    a.tables.set("public.t", t);
    Column c = column("c", "text");
    c.defaultValue = Scalar{Scalar::Kind::String, "'x'"};
    t.columns.set("c", c);
    b.tables.set("public.t", t);
    auto sql = sql_of(diff(a, b));
    std::size_t drop_type = index_of(sql, "DROP TYPE");
    ASSERT_LT(drop_type, sql.size());
    EXPECT_LT(index_of(sql, "ALTER TABLE \"t\" ALTER COLUMN \"c\" DROP DEFAULT;"), drop_type);
    EXPECT_LT(index_of(sql, "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DATA TYPE text;"), drop_type);
    EXPECT_EQ(sql.back(), "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DEFAULT 'x';");
}

// New generator, seeds 11, 14, 89: a check `"c" <> 'z'` on a column of an
// enum that is recreated: retyping the column to text failed (no text <> e
// operator, 42883). The check is dropped before and added again after.
TEST(DiffRoundTrip, a_check_on_a_column_of_a_recreated_enum_is_dropped_around_it) {
    Snapshot a, b;
    a.enums.set("public.e", Enum{"e", "public", {"x", "y", "z"}});
    b.enums.set("public.e", Enum{"e", "public", {"x", "z"}});
    Table t = table("t");
    t.columns.set("c", enum_column("c", "e"));
    t.checkConstraints.set("ck", Check{"ck", "\"c\" <> 'z'"});
    a.tables.set("public.t", t);
    b.tables.set("public.t", t);
    auto sql = sql_of(diff(a, b));
    std::size_t retype = index_of(sql, "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DATA TYPE text;");
    std::size_t drop = index_of(sql, "ALTER TABLE \"t\" DROP CONSTRAINT \"ck\";");
    std::size_t add = index_of(sql, "ALTER TABLE \"t\" ADD CONSTRAINT \"ck\" CHECK (\"c\" <> 'z');");
    ASSERT_LT(retype, sql.size());
    EXPECT_LT(drop, retype);
    EXPECT_LT(retype, add);
    EXPECT_LT(add, sql.size());
}

// Seed 5030 (--tables 12 --changes 20): a table created in the migration with
// a column of an enum that is recreated, its default a value new in the
// target: inline in CREATE TABLE the value did not exist yet (22P02), and a
// default of the old type blocked DROP TYPE (2BP01, seed 5034). The default
// and checks naming the column come after the recreate.
TEST(DiffRoundTrip, a_new_table_of_a_recreated_enum_gets_default_and_checks_after_it) {
    Snapshot a, b;
    a.enums.set("public.e", Enum{"e", "public", {"x", "y"}});
    b.enums.set("public.e", Enum{"e", "public", {"x", "n"}});
    Table t = table("t");
    t.columns.set("c", enum_column("c", "e", "n"));
    t.checkConstraints.set("ck", Check{"ck", "\"c\" <> 'x'"});
    b.tables.set("public.t", t);
    auto sql = sql_of(diff(a, b));
    ASSERT_FALSE(sql.empty());
    EXPECT_EQ(sql[0], "CREATE TABLE \"t\" (\n\t\"id\" integer,\n\t\"c\" \"e\"\n);\n");
    std::size_t create_type = index_of(sql, "CREATE TYPE");
    ASSERT_LT(create_type, sql.size());
    EXPECT_LT(create_type, index_of(sql, "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DEFAULT 'n'::\"public\".\"e\";"));
    EXPECT_EQ(sql.back(), "ALTER TABLE \"t\" ADD CONSTRAINT \"ck\" CHECK (\"c\" <> 'x');");
}

// New generator, seeds 50, 59, 60...: an identity whose sequence name
// changes; nothing was emitted (drizzle-kit neither), the sequence kept its name.
TEST(DiffRoundTrip, a_renamed_identity_sequence_is_renamed) {
    Snapshot a, b;
    Table t = table("t");
    t.schema = "app";
    a.schemas = b.schemas = {"app"};
    Identity id;
    id.type = "always";
    id.name = "t_id_seq";
    id.schema = "app";
    t.columns.find("id")->identity = id;
    t.columns.find("id")->notNull = true;
    a.tables.set("app.t", t);
    t.columns.find("id")->identity->name = "ids";
    b.tables.set("app.t", t);
    EXPECT_EQ(sql_of(diff(a, b)), std::vector<std::string>{"ALTER SEQUENCE \"app\".\"t_id_seq\" RENAME TO \"ids\";"});
}

// Seeds 5208, 5284 (--tables 12 --changes 20): a standalone policy linked to
// another table got ALTER POLICY on the new table (42704); seeds 5267, 5299:
// one on a renamed table was dropped by the table's old name (42P01).
TEST(DiffRoundTrip, a_standalone_policy_follows_a_renamed_table_and_moves_by_drop_and_create) {
    Snapshot a, b;
    a.tables.set("public.t", table("t"));
    a.tables.set("public.u", table("u"));
    Policy p;
    p.name = "p";
    p.schema = "public";
    p.on = "\"public\".\"t\"";
    p.using_ = "true";
    a.policies.set("p", p);
    // relinked to u (a linked policy turns RLS on: it follows)
    b = a;
    b.policies.find("p")->on = "\"public\".\"u\"";
    b.policies.find("p")->using_ = "false";
    EXPECT_EQ(sql_of(diff(a, b)),
              (std::vector<std::string>{"ALTER TABLE \"t\" DISABLE ROW LEVEL SECURITY;",
                                        "ALTER TABLE \"u\" ENABLE ROW LEVEL SECURITY;",
                                        "DROP POLICY \"p\" ON \"public\".\"t\" CASCADE;",
                                        "CREATE POLICY \"p\" ON \"public\".\"u\" AS PERMISSIVE FOR ALL TO public USING (false);"}));
    // t renamed to t2 (hinted) and the policy dropped: dropped on t2
    b = a;
    b.tables.erase("public.t");
    b.tables.set("public.t2", table("t2"));
    b.policies.erase("p");
    EXPECT_EQ(sql_of(diff(a, b, {"public.t->public.t2"})),
              (std::vector<std::string>{"ALTER TABLE \"t\" RENAME TO \"t2\";",
                                        "ALTER TABLE \"t2\" DISABLE ROW LEVEL SECURITY;",
                                        "DROP POLICY \"p\" ON \"public\".\"t2\" CASCADE;"}));
    // t renamed and the policy renamed: the hint names the policy by its "on" as
    // written in the source (drizzle's convention) or as the rename left it
    b.policies.set("q", *a.policies.find("p"));
    b.policies.find("q")->name = "q";
    b.policies.find("q")->on = "\"public\".\"t2\"";
    for (const char* hint : {"\"public\".\"t\".p->\"public\".\"t2\".q", "\"public\".\"t2\".p->\"public\".\"t2\".q"})
        EXPECT_EQ(sql_of(diff(a, b, {"public.t->public.t2", hint})),
                  (std::vector<std::string>{"ALTER TABLE \"t\" RENAME TO \"t2\";",
                                            "ALTER POLICY \"p\" ON \"public\".\"t2\" RENAME TO \"q\";"}))
            << hint;
    // t dropped with its policy: DROP TABLE ... CASCADE took the policy
    b = a;
    b.tables.erase("public.t");
    b.policies.erase("p");
    EXPECT_EQ(sql_of(diff(a, b)), std::vector<std::string>{"DROP TABLE \"t\" CASCADE;"});
}

// Seeds 5010, 5049 (--tables 12 --changes 20): a table linked to a standalone
// policy moved out of public: "on" was compared with the table by spelling
// ("public"."t" is not "t"), so RLS was on for one side only.
TEST(DiffRoundTrip, a_linked_policy_means_rls_whatever_the_spelling_of_its_on) {
    Snapshot a, b;
    a.tables.set("public.t", table("t"));
    Policy p;
    p.name = "p";
    p.schema = "public";
    p.on = "\"public\".\"t\"";
    b = a;
    b.policies.set("p", p);
    EXPECT_EQ(sql_of(diff(a, b)),
              (std::vector<std::string>{"ALTER TABLE \"t\" ENABLE ROW LEVEL SECURITY;",
                                        "CREATE POLICY \"p\" ON \"public\".\"t\" AS PERMISSIVE FOR ALL TO public;"}));
}

// Seed 5290 (--tables 12 --changes 20): an enum value added and named by a
// check added in the same migration: ADD VALUE's value cannot be used before
// commit (55P04), so the enum is recreated instead.
TEST(DiffRoundTrip, an_enum_value_used_by_a_new_check_recreates_the_enum) {
    Snapshot a, b;
    a.enums.set("public.e", Enum{"e", "public", {"x"}});
    b.enums.set("public.e", Enum{"e", "public", {"x", "n"}});
    Table t = table("t");
    t.columns.set("c", enum_column("c", "e"));
    a.tables.set("public.t", t);
    t.checkConstraints.set("ck", Check{"ck", "\"c\" <> 'n'"});
    b.tables.set("public.t", t);
    auto sql = sql_of(diff(a, b));
    EXPECT_EQ(index_of(sql, "ALTER TYPE"), sql.size());
    std::size_t create_type = index_of(sql, "CREATE TYPE \"public\".\"e\" AS ENUM('x', 'n');");
    ASSERT_LT(create_type, sql.size());
    EXPECT_LT(create_type, index_of(sql, "ALTER TABLE \"t\" ADD CONSTRAINT \"ck\""));
    // a check that names no new value keeps ADD VALUE
    b.tables.find("public.t")->checkConstraints.find("ck")->value = "\"c\" <> 'x'";
    sql = sql_of(diff(a, b));
    EXPECT_EQ(sql.front(), "ALTER TYPE \"public\".\"e\" ADD VALUE 'n';");
}

// Seed 30095 (--tables 20 --changes 50): boolean DEFAULT true -> integer
// DEFAULT 7: the old default cannot be cast (42804) and was kept through
// SET DATA TYPE ... USING. It is dropped first when the change needs USING.
TEST(DiffRoundTrip, a_type_change_with_using_drops_the_old_default_first) {
    Snapshot a, b;
    Table t = table("t");
    Column c = column("c", "boolean");
    c.defaultValue = Scalar{Scalar::Kind::Bool, "true"};
    t.columns.set("c", c);
    a.tables.set("public.t", t);
    c.type = "integer";
    c.defaultValue = Scalar{Scalar::Kind::Number, "7"};
    t.columns.set("c", c);
    b.tables.set("public.t", t);
    EXPECT_EQ(sql_of(diff(a, b)),
              (std::vector<std::string>{"ALTER TABLE \"t\" ALTER COLUMN \"c\" DROP DEFAULT;",
                                        "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DATA TYPE integer USING \"c\"::integer;",
                                        "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DEFAULT 7;"}));
}

// Seeds 2308, 3452: uuid -> text -> jsonb in one migration is uuid -> jsonb,
// which has no cast (42846): the value goes through its text form. Types
// with a cast keep it (integer -> boolean: 7 is true, '7' is no boolean).
TEST(DiffRoundTrip, a_type_change_without_a_cast_goes_through_text) {
    auto change = [](const std::string& from, const std::string& to) {
        Snapshot a, b;
        Table t = table("t");
        t.columns.set("c", column("c", from));
        a.tables.set("public.t", t);
        t.columns.set("c", column("c", to));
        b.tables.set("public.t", t);
        auto sql = sql_of(diff(a, b));
        return sql.empty() ? std::string() : sql.back();
    };
    EXPECT_EQ(change("uuid", "jsonb"), "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DATA TYPE jsonb USING \"c\"::text::jsonb;");
    EXPECT_EQ(change("integer", "jsonb"), "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DATA TYPE jsonb USING \"c\"::text::jsonb;");
    EXPECT_EQ(change("integer", "boolean"), "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DATA TYPE boolean USING \"c\"::boolean;");
    // seed 6342 (--tables 12 --changes 20): boolean -> integer -> bigint
    EXPECT_EQ(change("boolean", "bigint"), "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DATA TYPE bigint USING \"c\"::integer::bigint;");
    EXPECT_EQ(change("text", "jsonb"), "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DATA TYPE jsonb USING \"c\"::jsonb;");
    EXPECT_EQ(change("jsonb", "integer"), "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DATA TYPE integer USING \"c\"::integer;");
}

// Seeds 660, 919 (new generator): integer -> enum has no cast (42846) and
// the enum default cannot be set on the integer column first (42804).
TEST(DiffRoundTrip, a_non_string_column_becomes_an_enum_through_text) {
    Snapshot a, b;
    a.enums.set("public.e", Enum{"e", "public", {"x"}});
    b.enums.set("public.e", Enum{"e", "public", {"x"}});
    Table t = table("t");
    Column c = column("c", "integer");
    c.defaultValue = Scalar{Scalar::Kind::Number, "7"};
    t.columns.set("c", c);
    a.tables.set("public.t", t);
    t.columns.set("c", enum_column("c", "e", "x"));
    b.tables.set("public.t", t);
    EXPECT_EQ(sql_of(diff(a, b)),
              (std::vector<std::string>{
                  "ALTER TABLE \"t\" ALTER COLUMN \"c\" DROP DEFAULT;",
                  "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DATA TYPE \"public\".\"e\" USING \"c\"::text::\"public\".\"e\";",
                  "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DEFAULT 'x'::\"public\".\"e\";"}));
}

// Seeds 8087, 8142 (--tables 12 --changes 20): a generated column made plain
// and given a default in one migration: SET DEFAULT came before DROP
// EXPRESSION (42601: a generated column has no default).
TEST(DiffRoundTrip, drop_expression_comes_before_the_new_default) {
    Snapshot a, b;
    Table t = table("t");
    Column g = column("g", "integer");
    g.generated = Generated{"stored", "\"id\" * 2"};
    t.columns.set("g", g);
    a.tables.set("public.t", t);
    g.generated.reset();
    g.defaultValue = Scalar{Scalar::Kind::Number, "7"};
    t.columns.set("g", g);
    b.tables.set("public.t", t);
    EXPECT_EQ(sql_of(diff(a, b)), (std::vector<std::string>{"ALTER TABLE \"t\" ALTER COLUMN \"g\" DROP EXPRESSION;",
                                                             "ALTER TABLE \"t\" ALTER COLUMN \"g\" SET DEFAULT 7;"}));
}

// Seed 32041 (--tables 20 --changes 50): a standalone policy renamed (hinted)
// and linked to another table while its old table is dropped: it was
// renamed on the dropped table (42P01). A policy cannot move between tables:
// it is created on the new one (the old one went with its table).
TEST(DiffRoundTrip, a_renamed_policy_linked_to_another_table_is_created_there) {
    Snapshot a, b;
    a.tables.set("public.t", table("t"));
    a.tables.set("public.u", table("u"));
    Policy p;
    p.name = "p";
    p.schema = "public";
    p.on = "\"public\".\"t\"";
    a.policies.set("p", p);
    b.tables.set("public.u", table("u"));
    p.name = "q";
    p.on = "\"public\".\"u\"";
    b.policies.set("q", p);
    EXPECT_EQ(sql_of(diff(a, b, {"\"public\".\"t\".p->\"public\".\"u\".q"})),
              (std::vector<std::string>{"ALTER TABLE \"u\" ENABLE ROW LEVEL SECURITY;", "DROP TABLE \"t\" CASCADE;",
                                        "CREATE POLICY \"q\" ON \"public\".\"u\" AS PERMISSIVE FOR ALL TO public;"}));
}

// New generator (views over views), seeds 84, 92, 422, 738, 802: a view
// recreated (here: it reads a column that is retyped) while another view
// reads it and stays as it is: DROP VIEW refused (2BP01). The reader is
// dropped first and recreated after it.
TEST(DiffRoundTrip, a_view_reading_a_recreated_view_is_recreated_too) {
    Snapshot a, b;
    Table t = table("t");
    t.columns.set("c", column("c", "integer"));
    a.tables.set("public.t", t);
    t.columns.find("c")->type = "bigint";
    b.tables.set("public.t", t);
    View base;
    base.name = "base";
    base.schema = "public";
    base.definition = "select \"id\", \"c\" from \"public\".\"t\"";
    View top = base;
    top.name = "top";
    top.definition = "select \"id\" from \"public\".\"base\"";
    for (auto* s : {&a, &b}) {
        s->views.set("public.base", base);
        s->views.set("public.top", top);
    }
    auto sql = sql_of(diff(a, b));
    ASSERT_EQ(sql.size(), 5u);
    EXPECT_EQ(sql[0], "DROP VIEW \"public\".\"top\";");
    EXPECT_EQ(sql[1], "DROP VIEW \"public\".\"base\";");
    EXPECT_EQ(sql[2], "ALTER TABLE \"t\" ALTER COLUMN \"c\" SET DATA TYPE bigint;");
    EXPECT_EQ(sql[3], "CREATE VIEW \"public\".\"base\" AS (select \"id\", \"c\" from \"public\".\"t\");");
    EXPECT_EQ(sql[4], "CREATE VIEW \"public\".\"top\" AS (select \"id\" from \"public\".\"base\");");
}
