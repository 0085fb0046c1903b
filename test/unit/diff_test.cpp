// The differ and the emitters beyond what the corpus covers: rename hint
// errors, hazards, determinism, target validation and the emitters' strict
// checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/diff.hpp"
#include "core/error.hpp"
#include "core/render.hpp"
#include "core/snapshot.hpp"
#include "diff_fixtures.hpp"

using namespace pgkit::core;
using pgkit::core::test::column;
using pgkit::core::test::table;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Snapshot corpus(const std::string& id, const char* file) {
    return read_snapshot(slurp(fs::path(PGKIT_SOURCE_DIR) / "test/corpus/cases" / id / file));
}

std::vector<std::string> corpus_cases() {
    std::vector<std::string> out;
    for (const auto& cat : fs::directory_iterator(fs::path(PGKIT_SOURCE_DIR) / "test/corpus/cases"))
        for (const auto& c : fs::directory_iterator(cat.path()))
            out.push_back(cat.path().filename().string() + "/" + c.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// Returns the SQLSTATE diff() throws, or "" when it does not.
std::string diff_error(const Snapshot& a, const Snapshot& b, const std::vector<std::string>& hints) {
    try {
        diff(a, b, hints);
    } catch (const Error& e) {
        return e.sqlstate();
    }
    return "";
}

const Statement& find_kind(const std::vector<Statement>& st, const std::string& kind) {
    auto it = std::find_if(st.begin(), st.end(), [&](const Statement& s) { return s.kind == kind; });
    if (it == st.end()) throw std::runtime_error("no statement of kind " + kind);
    return *it;
}

bool has(const Statement& s, const std::string& hazard) {
    return std::find(s.hazards.begin(), s.hazards.end(), hazard) != s.hazards.end();
}

}  // namespace

TEST(DiffHints, malformed_hints_are_22023) {
    Snapshot a = corpus("tables/rename-table", "prev.json"), b = corpus("tables/rename-table", "cur.json");
    EXPECT_EQ(diff_error(a, b, {"public.people"}), "22023");                       // no "->"
    EXPECT_EQ(diff_error(a, b, {"public.people->"}), "22023");                     // empty side
    EXPECT_EQ(diff_error(a, b, {"public.people->persons"}), "22023");              // arity mismatch
    EXPECT_EQ(diff_error(a, b, {"a.b.c.d->a.b.c.e"}), "22023");                    // no such kind
    EXPECT_EQ(diff_error(a, b, {"public.people->public.people"}), "22023");        // to itself
    EXPECT_EQ(diff_error(a, b, {"public.a->public.b->public.c"}), "22023");        // two arrows
    EXPECT_EQ(diff_error(a, b, {"public.people->public.persons"}), "");            // the right hint
}

TEST(DiffHints, hint_pointing_at_nothing_is_22023) {
    Snapshot a = corpus("tables/rename-table", "prev.json"), b = corpus("tables/rename-table", "cur.json");
    EXPECT_EQ(diff_error(a, b, {"public.nothing->public.persons"}), "22023");
    EXPECT_EQ(diff_error(a, b, {"public.people->public.nowhere"}), "22023");
    // a valid hint for an object that exists on both sides is not a rename
    EXPECT_EQ(diff_error(b, b, {"public.persons->public.people"}), "22023");
}

TEST(DiffDeterminism, diff_of_a_snapshot_with_itself_is_empty) {
    for (const auto& id : corpus_cases()) {
        for (const char* f : {"prev.json", "cur.json"}) {
            Snapshot s = corpus(id, f);
            try {
                EXPECT_TRUE(diff(s, s).empty()) << id << "/" << f;
            } catch (const Error& e) {
                // a snapshot Postgres rejects is rejected on both sides
                EXPECT_EQ(std::string(f), "cur.json") << id << ": " << e.what();
            }
        }
    }
}

TEST(DiffDeterminism, same_input_same_output) {
    for (const auto& id : corpus_cases()) {
        Snapshot a = corpus(id, "prev.json"), b = corpus(id, "cur.json");
        std::vector<std::string> hints;
        std::string r = slurp(fs::path(PGKIT_SOURCE_DIR) / "test/corpus/cases" / id / "renames.json");
        if (r.find("->") != std::string::npos) continue;  // hints are covered by the corpus runner
        std::string first, second;
        try {
            first = diff_script(diff(a, b));
            second = diff_script(diff(a, b));
        } catch (const Error&) {
            continue;
        }
        EXPECT_EQ(first, second) << id;
    }
}

TEST(DiffHazards, destructive_and_locking_statements_say_so) {
    auto st = diff(corpus("tables/drop-table", "prev.json"), corpus("tables/drop-table", "cur.json"));
    EXPECT_TRUE(has(find_kind(st, "drop_table"), "deletes_data"));
    st = diff(corpus("columns/drop-column", "prev.json"), corpus("columns/drop-column", "cur.json"));
    EXPECT_TRUE(has(find_kind(st, "alter_table_drop_column"), "deletes_data"));
    st = diff(corpus("indexes/create-index", "prev.json"), corpus("indexes/create-index", "cur.json"));
    EXPECT_TRUE(has(find_kind(st, "create_index"), "blocks_writes"));
    EXPECT_TRUE(has(find_kind(st, "create_index"), "index_build"));
    st = diff(corpus("indexes/create-index-concurrently", "prev.json"),
              corpus("indexes/create-index-concurrently", "cur.json"));
    EXPECT_FALSE(has(find_kind(st, "create_index"), "blocks_writes"));
    EXPECT_TRUE(has(find_kind(st, "create_index"), "index_build"));
    st = diff(corpus("columns/add-multiple-constraints", "prev.json"),
              corpus("columns/add-multiple-constraints", "cur.json"));
    EXPECT_TRUE(has(find_kind(st, "create_reference"), "validates_constraint"));
    EXPECT_TRUE(has(find_kind(st, "create_check_constraint"), "validates_constraint"));
    st = diff(corpus("policies/add-policy-enables-rls", "prev.json"),
              corpus("policies/add-policy-enables-rls", "cur.json"));
    EXPECT_TRUE(has(find_kind(st, "enable_rls"), "authz_change"));
    EXPECT_TRUE(has(find_kind(st, "create_policy"), "authz_change"));
    st = diff(corpus("roles/create-role", "prev.json"), corpus("roles/create-role", "cur.json"));
    EXPECT_TRUE(has(find_kind(st, "create_role"), "authz_change"));
    st = diff(corpus("enums/drop-value-used-by-column", "prev.json"),
              corpus("enums/drop-value-used-by-column", "cur.json"));
    EXPECT_TRUE(has(find_kind(st, "alter_type_drop_value"), "deletes_data"));
}

TEST(DiffHazards, type_changes_tell_widening_from_narrowing) {
    Snapshot a, b;
    Table t = table("t");
    t.columns.set("s", column("s", "varchar(20)"));
    t.columns.set("n", column("n", "bigint"));
    a.tables.set("public.t", t);
    t.columns.find("s")->type = "varchar(50)";
    t.columns.find("n")->type = "integer";
    b.tables.set("public.t", t);
    auto st = diff(a, b);
    ASSERT_EQ(st.size(), 2u);
    EXPECT_EQ(st[0].sql, "ALTER TABLE \"t\" ALTER COLUMN \"s\" SET DATA TYPE varchar(50);");
    EXPECT_FALSE(has(st[0], "rewrites_table"));  // binary-compatible widening
    EXPECT_FALSE(has(st[0], "deletes_data"));
    EXPECT_TRUE(has(st[0], "access_exclusive_lock"));
    EXPECT_TRUE(has(st[1], "deletes_data"));  // bigint -> integer
    EXPECT_TRUE(has(st[1], "rewrites_table"));
    // the reverse narrows the varchar: lossy
    auto back = diff(b, a);
    EXPECT_TRUE(has(back[0], "deletes_data"));
}

TEST(DiffTypes, text_to_jsonb_needs_using) {
    Snapshot a, b;
    Table t = table("t");
    t.columns.set("d", column("d", "text"));
    a.tables.set("public.t", t);
    t.columns.find("d")->type = "jsonb";
    b.tables.set("public.t", t);
    auto st = diff(a, b);
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].sql, "ALTER TABLE \"t\" ALTER COLUMN \"d\" SET DATA TYPE jsonb USING \"d\"::jsonb;");
}

TEST(DiffTarget, fk_into_a_dropped_table_is_not_dropped_twice) {
    Snapshot a, b;
    Table parent = table("parent"), child = table("child");
    ForeignKey fk;
    fk.name = "child_parent_fk";
    fk.tableFrom = "child";
    fk.columnsFrom = {"id"};
    fk.tableTo = "parent";
    fk.schemaTo = "public";
    fk.columnsTo = {"id"};
    child.foreignKeys.set(fk.name, fk);
    a.tables.set("public.parent", parent);
    a.tables.set("public.child", child);
    b.tables.set("public.child", table("child"));
    auto st = diff(a, b);
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].sql, "DROP TABLE \"parent\" CASCADE;");
}

TEST(DiffTarget, duplicate_constraint_names_are_42710) {
    Snapshot b;
    Table t = table("t");
    t.uniqueConstraints.set("x", Unique{"x", {"id"}, false});
    t.checkConstraints.set("x", Check{"x", "id > 0"});
    b.tables.set("public.t", t);
    EXPECT_EQ(diff_error(Snapshot{}, b, {}), "42710");
}

TEST(DiffTarget, identifiers_stay_one_identifier) {
    Snapshot b;
    Table t = table("t");
    t.columns.set("evil", column("e\"; DROP TABLE keepme; --", "text"));
    b.tables.set("public.t", t);
    auto st = diff(Snapshot{}, b);
    ASSERT_EQ(st.size(), 1u);
    EXPECT_NE(st[0].sql.find("\"e\"\"; DROP TABLE keepme; --\" text"), std::string::npos);
    // a type spelled with SQL after it is refused, not printed
    t.columns.find("evil")->type = "integer; DROP TABLE keepme";
    b.tables.set("public.t", t);
    EXPECT_EQ(diff_error(Snapshot{}, b, {}), "22023");
}

namespace {
std::string emit_error(const Table& t) {
    try {
        create_table_statements(t);
    } catch (const Error& e) {
        return e.sqlstate() + " " + e.what();
    }
    return "";
}
}  // namespace

TEST(Emitters, create_table_in_drizzle_style) {
    Table t = table("t");
    t.columns.find("id")->primaryKey = true;
    t.columns.find("id")->notNull = true;
    t.isRLSEnabled = true;
    auto st = create_table_statements(t);
    ASSERT_EQ(st.size(), 2u);
    EXPECT_EQ(st[0], "CREATE TABLE \"t\" (\n\t\"id\" integer PRIMARY KEY NOT NULL\n);\n");
    EXPECT_EQ(st[1], "ALTER TABLE \"t\" ENABLE ROW LEVEL SECURITY;");
}

TEST(Emitters, invalid_tables_are_refused_naming_the_object) {
    Table t = table("t");
    t.columns.set("dup", column("id", "text"));
    EXPECT_EQ(emit_error(t).substr(0, 5), "42701");

    t = table("t");
    t.compositePrimaryKeys.set("t_pk", PrimaryKey{"t_pk", {"x"}});
    EXPECT_EQ(emit_error(t), "42703 pgkit: table \"public.t\": primary key column \"x\" does not exist");

    t = table("t");
    t.columns.set("v", column("v", "varchr"));
    EXPECT_EQ(emit_error(t).substr(0, 5), "42704");

    t = table(std::string(64, 'a'));
    EXPECT_EQ(emit_error(t).substr(0, 5), "42622");

    t = table("t");
    Index ix;
    ix.name = "t_x_idx";
    ix.columns.push_back(IndexColumn{"x"});
    t.indexes.set(ix.name, ix);
    EXPECT_EQ(emit_error(t).substr(0, 5), "42703");
}

TEST(DiffEnums, a_column_dropped_with_the_value_is_retyped_before_drop_type) {
    Snapshot a, b;
    Enum e{"st", "public", {"a", "b"}};
    a.enums.set("public.st", e);
    e.values = {"a"};
    b.enums.set("public.st", e);
    Table t = table("t");
    Column s = column("s", "st");
    s.typeSchema = "public";
    t.columns.set("s", s);
    a.tables.set("public.t", t);
    b.tables.set("public.t", table("t"));
    auto st = diff(a, b);
    std::vector<std::string> sql;
    for (const auto& x : st) sql.push_back(x.sql);
    std::vector<std::string> want = {"ALTER TABLE \"t\" ALTER COLUMN \"s\" SET DATA TYPE text;",
                                     "DROP TYPE \"public\".\"st\";",
                                     "CREATE TYPE \"public\".\"st\" AS ENUM('a');",
                                     "ALTER TABLE \"t\" DROP COLUMN \"s\";"};
    EXPECT_EQ(sql, want);
}

TEST(DiffTypes, spellings_of_one_type_are_no_change) {
    Snapshot a, b;
    Table t = table("t");
    t.columns.set("p", column("p", "numeric(10, 2)"));
    t.columns.set("q", column("q", "int4"));
    a.tables.set("public.t", t);
    t.columns.find("p")->type = "numeric(10,2)";
    t.columns.find("q")->type = "integer";
    b.tables.set("public.t", t);
    EXPECT_TRUE(diff(a, b).empty());
}

namespace {
View view(const std::string& name, const std::string& definition) {
    View v;
    v.name = name;
    v.schema = "public";
    v.definition = definition;
    return v;
}
}  // namespace

TEST(DiffViews, a_view_reading_another_is_created_after_it_and_dropped_before_it) {
    Snapshot a, b;
    b.views.set("public.top", view("top", "select * from \"base\""));
    b.views.set("public.base", view("base", "select 1 as x"));
    auto st = diff(a, b);
    ASSERT_EQ(st.size(), 2u);
    EXPECT_EQ(st[0].sql, "CREATE VIEW \"public\".\"base\" AS (select 1 as x);");
    EXPECT_EQ(st[1].sql, "CREATE VIEW \"public\".\"top\" AS (select * from \"base\");");
    auto back = diff(b, a);
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[0].sql, "DROP VIEW \"public\".\"top\";");
    EXPECT_EQ(back[1].sql, "DROP VIEW \"public\".\"base\";");
}

TEST(DiffViews, a_view_reading_an_enum_column_is_recreated_around_the_enum_recreate) {
    Snapshot a, b;
    Enum e{"st", "public", {"a", "b"}};
    a.enums.set("public.st", e);
    e.values = {"b", "a"};
    b.enums.set("public.st", e);
    Table t = table("t");
    Column s = column("s", "st");
    s.typeSchema = "public";
    t.columns.set("s", s);
    a.tables.set("public.t", t);
    b.tables.set("public.t", t);
    a.views.set("public.v", view("v", "select \"s\" from \"t\""));
    b.views.set("public.v", view("v", "select \"s\" from \"t\""));
    auto st = diff(a, b);
    ASSERT_GE(st.size(), 3u);
    EXPECT_EQ(st.front().sql, "DROP VIEW \"public\".\"v\";");
    EXPECT_EQ(st.back().sql, "CREATE VIEW \"public\".\"v\" AS (select \"s\" from \"t\");");
}

TEST(DiffTarget, a_column_unique_and_an_identical_table_unique_are_one_constraint) {
    Snapshot b;
    Table t = table("t");
    t.columns.find("id")->isUnique = true;
    t.columns.find("id")->uniqueName = "t_id_unique";
    t.uniqueConstraints.set("t_id_unique", Unique{"t_id_unique", {"id"}, false});
    b.tables.set("public.t", t);
    EXPECT_EQ(diff_error(Snapshot{}, b, {}), "");
    // the same name for a different definition is two constraints: refused
    t.uniqueConstraints.set("t_id_unique", Unique{"t_id_unique", {"id"}, true});
    b.tables.set("public.t", t);
    EXPECT_EQ(diff_error(Snapshot{}, b, {}), "42710");
}

// One primary key in two forms (a named composite entry read from a
// database, drizzle's column-level flag) or under two names is the same key:
// foreign keys depend on its index, so it is never dropped; renamed only
// when the target names it.
TEST(DiffKeys, the_same_primary_key_under_another_name_is_renamed) {
    auto column_level = [] {
        Table t = table("user");
        t.columns.find("id")->primaryKey = true;
        t.columns.find("id")->notNull = true;
        return t;
    };
    auto named = [&](const std::string& name) {
        Table t = column_level();
        t.columns.find("id")->primaryKey = false;
        t.compositePrimaryKeys.set(name, PrimaryKey{name, {"id"}});
        return t;
    };
    auto statements = [](const Table& x, const Table& y) {
        Snapshot a, b;
        a.tables.set("public.user", x);
        b.tables.set("public.user", y);
        std::vector<std::string> out;
        for (const auto& s : diff(a, b)) out.push_back(s.sql);
        return out;
    };
    using V = std::vector<std::string>;
    // drizzle's column-level key names nothing: the key keeps its name.
    EXPECT_EQ(statements(named("user_temp_pkey"), column_level()), V{});
    EXPECT_EQ(statements(column_level(), named("user_id_pk")),
              V{"ALTER TABLE \"user\" RENAME CONSTRAINT \"user_pkey\" TO \"user_id_pk\";"});
    EXPECT_EQ(statements(named("a_pk"), named("b_pk")), V{"ALTER TABLE \"user\" RENAME CONSTRAINT \"a_pk\" TO \"b_pk\";"});
    EXPECT_EQ(statements(named("user_pkey"), column_level()), V{});
    EXPECT_EQ(find_kind(diff([&] { Snapshot s; s.tables.set("public.user", named("a_pk")); return s; }(),
                             [&] { Snapshot s; s.tables.set("public.user", named("b_pk")); return s; }()),
                        "rename_constraint").hazards,
              V{"access_exclusive_lock"});
    // Other columns: a real change, dropped and added.
    Table other = named("user_pkey");
    other.columns.set("k", column("k", "integer"));
    other.compositePrimaryKeys.find("user_pkey")->columns = {"id", "k"};
    Table before = other;
    before.compositePrimaryKeys.find("user_pkey")->columns = {"id"};
    EXPECT_EQ(statements(before, other).size(), 1u);
    EXPECT_NE(statements(before, other)[0].find("DROP CONSTRAINT \"user_pkey\""), std::string::npos);
}

// jsonb keeps objects in its own key order: a default read back from the
// database is the snapshot's value spelled differently, not a change.
TEST(DiffDefaults, jsonb_defaults_compare_as_json_values) {
    auto with_default = [](const std::string& sql) {
        Table t = table("t");
        Column c = column("cfg", "jsonb");
        c.defaultValue = Scalar{Scalar::Kind::String, sql};
        t.columns.set("cfg", c);
        Snapshot s;
        s.tables.set("public.t", t);
        return s;
    };
    EXPECT_TRUE(diff(with_default(R"('{"b":{"y":[1,2],"x":"it''s"},"a":1}'::jsonb)"),
                     with_default(R"('{"a": 1, "b": {"x": "it''s", "y": [1, 2]}}'::jsonb)"))
                    .empty());
    auto st = diff(with_default(R"('{"a":1}'::jsonb)"), with_default(R"('{"a":2}'::jsonb)"));
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].sql, R"(ALTER TABLE "t" ALTER COLUMN "cfg" SET DEFAULT '{"a":2}'::jsonb;)");
    // Array order is part of the value.
    EXPECT_EQ(diff(with_default(R"('[1,2]'::jsonb)"), with_default(R"('[2,1]'::jsonb)")).size(), 1u);
}

// Round-trip seeds 1124 (scripts/roundtrip.sh 300 1000) and 5017/5021/5029:
// a sequence whose cycle goes true -> false kept cycling (drizzle-kit's ALTER
// prints CYCLE only when set); an option the target leaves out goes back to
// Postgres' default.
TEST(DiffSequences, turning_cycle_off_or_dropping_an_option_is_said) {
    Snapshot a, b;
    Sequence s{"seq", "public"};
    s.increment = "2";
    s.minValue = "1";
    s.maxValue = "1000";
    s.startWith = "5";
    s.cycle = true;
    a.sequences.set("public.seq", s);
    s.cycle = false;
    b.sequences.set("public.seq", s);
    auto st = diff(a, b);
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].sql,
              "ALTER SEQUENCE \"public\".\"seq\" INCREMENT BY 2 MINVALUE 1 MAXVALUE 1000 START WITH 5 NO CYCLE;");
    // turned on: drizzle-kit's text exactly
    st = diff(b, a);
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].sql, "ALTER SEQUENCE \"public\".\"seq\" INCREMENT BY 2 MINVALUE 1 MAXVALUE 1000 START WITH 5 CYCLE;");
    // options left out: back to the defaults
    s.maxValue.reset();
    s.startWith.reset();
    s.increment.reset();
    b.sequences.set("public.seq", s);
    st = diff(a, b);
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].sql,
              "ALTER SEQUENCE \"public\".\"seq\" MINVALUE 1 INCREMENT BY 1 NO MAXVALUE START WITH 1 NO CYCLE;");
}

TEST(DiffSequences, an_identity_turning_cycle_off_says_no_cycle) {
    Snapshot a, b;
    Table t = table("t");
    Identity id;
    id.type = "always";
    id.name = "t_id_seq";
    id.increment = "1";
    id.cycle = true;
    t.columns.find("id")->identity = id;
    t.columns.find("id")->notNull = true;
    a.tables.set("public.t", t);
    t.columns.find("id")->identity->cycle = false;
    b.tables.set("public.t", t);
    auto st = diff(a, b);
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].sql, "ALTER TABLE \"t\" ALTER COLUMN \"id\" SET NO CYCLE;");
}

// Round-trip seeds 5023 and 5045 (scripts/roundtrip.sh 60 5000 --tables 12
// --changes 20): a table moved out of or into schema s_1"q. Hints carry names
// as they are (drizzle-kit's resolvers compare "schema.name" strings), so a
// '"' or '.' inside a name is an ordinary character there; only a standalone
// policy's table is quoted (its `on`, '"' doubled).
TEST(DiffHints, names_with_quotes_and_dots_are_hinted_as_they_are) {
    auto moved = [](const std::string& schema_a, const std::string& name_a, const std::string& schema_b,
                    const std::string& name_b, const std::string& hint) {
        Snapshot a, b;
        for (auto* s : {&a, &b}) s->schemas = {"s_1\"q", "x.y"};
        Table t = table(name_a);
        t.schema = schema_a == "public" ? "" : schema_a;
        a.tables.set(object_key(schema_a, name_a), t);
        t.name = name_b;
        t.schema = schema_b == "public" ? "" : schema_b;
        b.tables.set(object_key(schema_b, name_b), t);
        std::vector<std::string> sql;
        for (const auto& st : diff(a, b, {hint})) sql.push_back(st.sql);
        return sql;
    };
    EXPECT_EQ(moved("s_1\"q", "t_12", "public", "t_12", "s_1\"q.t_12->public.t_12"),
              std::vector<std::string>{"ALTER TABLE \"s_1\"\"q\".\"t_12\" SET SCHEMA \"public\";\n"});
    EXPECT_EQ(moved("public", "t_45", "s_1\"q", "t_45", "public.t_45->s_1\"q.t_45"),
              std::vector<std::string>{"ALTER TABLE \"public\".\"t_45\" SET SCHEMA \"s_1\"\"q\";\n"});
    EXPECT_EQ(moved("public", "a\"b", "public", "c", "public.a\"b->public.c"),
              std::vector<std::string>{"ALTER TABLE \"a\"\"b\" RENAME TO \"c\";"});
    EXPECT_EQ(moved("x.y", "t", "public", "t", "x.y.t->public.t"),
              std::vector<std::string>{"ALTER TABLE \"x.y\".\"t\" SET SCHEMA \"public\";\n"});
    // a column of a table with a '"' in its name
    Snapshot a, b;
    Table t = table("t\"q");
    t.columns.set("c", column("c", "text"));
    a.tables.set("public.t\"q", t);
    t.columns.erase("c");
    t.columns.set("d", column("d", "text"));
    b.tables.set("public.t\"q", t);
    auto st = diff(a, b, {"public.t\"q.c->public.t\"q.d"});
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].sql, "ALTER TABLE \"t\"\"q\" RENAME COLUMN \"c\" TO \"d\";");
}

TEST(DiffHints, a_standalone_policy_on_a_table_with_a_quote_is_hinted_by_its_on) {
    Snapshot a, b;
    Table t = table("u\"x");
    t.schema = "auth";
    a.schemas = b.schemas = {"auth"};
    a.tables.set("auth.u\"x", t);
    b.tables.set("auth.u\"x", t);
    Policy p;
    p.name = "p\"1";
    p.on = "\"auth\".\"u\"\"x\"";
    p.schema = "auth";
    a.policies.set(p.name, p);
    p.name = "p2";
    b.policies.set(p.name, p);
    auto st = diff(a, b, {"\"auth\".\"u\"\"x\".p\"1->\"auth\".\"u\"\"x\".p2"});
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].sql, "ALTER POLICY \"p\"\"1\" ON \"auth\".\"u\"\"x\" RENAME TO \"p2\";");
    // arity mismatch: still refused, the message says why
    try {
        diff(a, b, {"\"auth\".\"u\"\"x\".p\"1->p2"});
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.sqlstate(), "22023");
        EXPECT_NE(std::string(e.what()).find("3 name parts on the left, 1 on the right"), std::string::npos) << e.what();
    }
}

// A table recreated under a new name without a rename hint, whose key kept
// the old name (as read back from a database after ALTER TABLE RENAME):
// the old table is dropped before the new one is created, or the key's
// index name is taken (42P07).
TEST(DiffOrder, a_dropped_table_holding_a_name_the_new_table_needs_goes_first) {
    auto keyed = [](const std::string& name) {
        Table t = table(name);
        t.columns.find("id")->notNull = true;
        t.compositePrimaryKeys.set("user_temp_pkey", PrimaryKey{"user_temp_pkey", {"id"}});
        return t;
    };
    Snapshot a, b;
    a.tables.set("public.user_temp", keyed("user_temp"));
    b.tables.set("public.user", keyed("user"));
    auto st = diff(a, b);
    ASSERT_GE(st.size(), 2u);
    EXPECT_EQ(st[0].sql, "DROP TABLE \"user_temp\" CASCADE;");
    EXPECT_EQ(st[1].kind, "create_table");
    // Without a shared name, drizzle-kit's order: created first.
    Snapshot c;
    c.tables.set("public.other", table("other"));
    Snapshot d;
    d.tables.set("public.user", table("user"));
    auto st2 = diff(c, d);
    ASSERT_EQ(st2.size(), 2u);
    EXPECT_EQ(st2[0].kind, "create_table");
    EXPECT_EQ(st2[1].sql, "DROP TABLE \"other\" CASCADE;");
}

// Spellings of one foreign key (schemaTo "public" or left out, an action
// left out or "no action") and one unique in its two forms (drizzle's
// column-level .unique("name"), a table-level entry read from a database)
// are no change.
TEST(DiffKeys, spellings_and_forms_of_one_constraint_are_no_change) {
    auto with_fk = [](std::optional<std::string> schema_to, std::optional<std::string> on_update) {
        Table parent = table("p"), child = table("c");
        ForeignKey fk;
        fk.name = "c_p_fk";
        fk.tableFrom = "c";
        fk.columnsFrom = {"id"};
        fk.tableTo = "p";
        fk.schemaTo = schema_to;
        fk.columnsTo = {"id"};
        fk.onUpdate = on_update;
        fk.onDelete = "cascade";
        child.foreignKeys.set(fk.name, fk);
        Snapshot s;
        s.tables.set("public.p", parent);
        s.tables.set("public.c", child);
        return s;
    };
    EXPECT_TRUE(diff(with_fk(std::nullopt, std::nullopt), with_fk("public", "no action")).empty());
    EXPECT_TRUE(diff(with_fk("", "no action"), with_fk(std::nullopt, std::nullopt)).empty());
    EXPECT_EQ(diff(with_fk(std::nullopt, std::nullopt), with_fk("public", "cascade")).size(), 2u);

    auto column_level = [](bool nnd) {
        Table t = table("t");
        Column u = column("u", "text");
        u.isUnique = true;
        u.uniqueName = "t_u_key";
        u.nullsNotDistinct = nnd;
        t.columns.set("u", u);
        Snapshot s;
        s.tables.set("public.t", t);
        return s;
    };
    auto table_level = [](bool nnd) {
        Table t = table("t");
        t.columns.set("u", column("u", "text"));
        t.uniqueConstraints.set("t_u_key", Unique{"t_u_key", {"u"}, nnd});
        Snapshot s;
        s.tables.set("public.t", t);
        return s;
    };
    EXPECT_TRUE(diff(table_level(true), column_level(true)).empty());
    EXPECT_TRUE(diff(column_level(false), table_level(false)).empty());
    // NULLS NOT DISTINCT differs: a real change, dropped and added
    auto st = diff(table_level(false), column_level(true));
    ASSERT_EQ(st.size(), 2u);
    EXPECT_EQ(st[1].sql, "ALTER TABLE \"t\" ADD CONSTRAINT \"t_u_key\" UNIQUE NULLS NOT DISTINCT(\"u\");");
}
