// Deferrable primary keys and unique constraints (pgkit extras "deferrable"
// and "initiallyDeferred", as on foreign keys): read and written under
// "pgkit", left out in drizzle mode, rendered as DEFERRABLE [INITIALLY
// DEFERRED], and a change of deferrability is a drop and an add (PG 15's
// ALTER CONSTRAINT alters foreign keys only). Drift sees it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/diff.hpp"
#include "core/drift.hpp"
#include "core/error.hpp"
#include "core/render.hpp"
#include "core/snapshot.hpp"
#include "diff_fixtures.hpp"

using namespace pgkit::core;
using pgkit::core::test::column;
using pgkit::core::test::table;
namespace json = boost::json;

namespace {

// A table "t" (id, a, b) whose keys are given by the caller, in a snapshot.
Snapshot with_table(const Table& t) {
    Snapshot s;
    s.tables.set(object_key(t.schema, t.name), t);
    return s;
}

Table keyed(std::optional<PrimaryKey> pk, std::optional<Unique> u) {
    Table t = table("t");
    t.columns.find("id")->notNull = true;
    t.columns.set("a", column("a", "integer"));
    t.columns.set("b", column("b", "integer"));
    if (pk) t.compositePrimaryKeys.set(pk->name, *pk);
    if (u) t.uniqueConstraints.set(u->name, *u);
    return t;
}

std::vector<std::string> sqls(const Snapshot& a, const Snapshot& b) {
    std::vector<std::string> out;
    for (const auto& s : diff(a, b)) out.push_back(s.sql);
    return out;
}

const char* kDoc = R"J({"version":"7","dialect":"postgresql","id":"x","prevId":"y",
  "tables":{"public.t":{"name":"t","schema":"","columns":{
    "id":{"name":"id","type":"integer","primaryKey":false,"notNull":true},
    "a":{"name":"a","type":"integer","primaryKey":false,"notNull":false}},
  "indexes":{},"foreignKeys":{},
  "compositePrimaryKeys":{"t_pkey":{"name":"t_pkey","columns":["id"],
    "pgkit":{"deferrable":true,"initiallyDeferred":false}}},
  "uniqueConstraints":{"t_a_key":{"name":"t_a_key","nullsNotDistinct":false,"columns":["a"],
    "pgkit":{"deferrable":true,"initiallyDeferred":true}}},
  "policies":{},"checkConstraints":{},"isRLSEnabled":false}},
  "enums":{},"schemas":{},"sequences":{},"roles":{},"policies":{},"views":{},
  "_meta":{"schemas":{},"tables":{},"columns":{}}})J";

}  // namespace

TEST(Deferrable, primary_key_and_unique_extras_round_trip_and_drizzle_mode_drops_them) {
    Snapshot s = read_snapshot(kDoc);
    const Table& t = *s.tables.find("public.t");
    const PrimaryKey& pk = *t.compositePrimaryKeys.find("t_pkey");
    const Unique& u = *t.uniqueConstraints.find("t_a_key");
    EXPECT_TRUE(pk.deferrable);
    EXPECT_FALSE(pk.initiallyDeferred);
    EXPECT_TRUE(u.deferrable);
    EXPECT_TRUE(u.initiallyDeferred);
    EXPECT_EQ(json::parse(write_snapshot(s)), json::parse(kDoc));

    json::value plain = json::parse(write_snapshot(s, {.drizzle_only = true}));
    const auto& pt = plain.at("tables").at("public.t");
    EXPECT_FALSE(pt.at("compositePrimaryKeys").at("t_pkey").as_object().contains("pgkit"));
    EXPECT_FALSE(pt.at("uniqueConstraints").at("t_a_key").as_object().contains("pgkit"));
}

TEST(Deferrable, initially_deferred_implies_deferrable_and_unknown_extras_are_refused) {
    json::value d = json::parse(kDoc);
    auto& u = d.at("tables").at("public.t").at("uniqueConstraints").at("t_a_key").as_object();
    u["pgkit"] = json::object{{"initiallyDeferred", true}};
    Snapshot s = read_snapshot(json::serialize(d));
    EXPECT_TRUE(s.tables.find("public.t")->uniqueConstraints.find("t_a_key")->deferrable);

    u["pgkit"] = json::object{{"deferable", true}};
    try {
        read_snapshot(json::serialize(d));
        FAIL() << "a misspelled extra was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.sqlstate(), "22023");
        EXPECT_NE(std::string(e.what()).find("uniqueConstraints.t_a_key.pgkit.deferable"), std::string::npos)
            << e.what();
    }
}

TEST(Deferrable, create_table_prints_the_clause_after_the_key) {
    Table t = keyed(PrimaryKey{"t_pkey", {"id"}, true, false}, Unique{"t_a_b_key", {"a", "b"}, false, true, true});
    auto st = create_table_statements(t);
    ASSERT_FALSE(st.empty());
    EXPECT_EQ(st[0],
              "CREATE TABLE \"t\" (\n\t\"id\" integer NOT NULL,\n\t\"a\" integer,\n\t\"b\" integer,\n"
              "\tCONSTRAINT \"t_pkey\" PRIMARY KEY(\"id\") DEFERRABLE,\n"
              "\tCONSTRAINT \"t_a_b_key\" UNIQUE(\"a\",\"b\") DEFERRABLE INITIALLY DEFERRED\n);\n");
}

TEST(Deferrable, a_change_of_deferrability_drops_and_adds_the_constraint) {
    // unique: immediate -> initially deferred -> deferrable (initially immediate)
    Snapshot plain = with_table(keyed(std::nullopt, Unique{"t_a_key", {"a"}, false}));
    Snapshot deferred = with_table(keyed(std::nullopt, Unique{"t_a_key", {"a"}, false, true, true}));
    Snapshot immediate = with_table(keyed(std::nullopt, Unique{"t_a_key", {"a"}, false, true, false}));
    using V = std::vector<std::string>;
    EXPECT_EQ(sqls(plain, deferred), (V{"ALTER TABLE \"t\" DROP CONSTRAINT \"t_a_key\";",
                                        "ALTER TABLE \"t\" ADD CONSTRAINT \"t_a_key\" UNIQUE(\"a\") DEFERRABLE "
                                        "INITIALLY DEFERRED;"}));
    EXPECT_EQ(sqls(deferred, immediate), (V{"ALTER TABLE \"t\" DROP CONSTRAINT \"t_a_key\";",
                                            "ALTER TABLE \"t\" ADD CONSTRAINT \"t_a_key\" UNIQUE(\"a\") DEFERRABLE;"}));
    EXPECT_EQ(sqls(deferred, plain),
              (V{"ALTER TABLE \"t\" DROP CONSTRAINT \"t_a_key\";", "ALTER TABLE \"t\" ADD CONSTRAINT \"t_a_key\" UNIQUE(\"a\");"}));
    EXPECT_TRUE(sqls(deferred, deferred).empty());

    // primary key, composite form on both sides
    Snapshot pk = with_table(keyed(PrimaryKey{"t_pkey", {"id"}}, std::nullopt));
    Snapshot pk_deferred = with_table(keyed(PrimaryKey{"t_pkey", {"id"}, true, true}, std::nullopt));
    EXPECT_EQ(sqls(pk, pk_deferred),
              (V{"ALTER TABLE \"t\" DROP CONSTRAINT \"t_pkey\";\n--> statement-breakpoint\n"
                 "ALTER TABLE \"t\" ADD CONSTRAINT \"t_pkey\" PRIMARY KEY(\"id\") DEFERRABLE INITIALLY DEFERRED;"}));
}

// drizzle's column-level key and column-level unique cannot be deferrable:
// against a deferrable table-level one they are another constraint, not
// another spelling of the same one.
TEST(Deferrable, column_level_forms_are_not_the_deferrable_constraint) {
    Table column_pk = keyed(std::nullopt, std::nullopt);
    column_pk.columns.find("id")->primaryKey = true;
    Snapshot deferred = with_table(keyed(PrimaryKey{"t_pkey", {"id"}, true, true}, std::nullopt));
    using V = std::vector<std::string>;
    EXPECT_EQ(sqls(with_table(column_pk), deferred),
              (V{"ALTER TABLE \"t\" DROP CONSTRAINT \"t_pkey\";",
                 "ALTER TABLE \"t\" ADD CONSTRAINT \"t_pkey\" PRIMARY KEY(\"id\") DEFERRABLE INITIALLY DEFERRED;"}));
    EXPECT_EQ(sqls(deferred, with_table(column_pk)),
              (V{"ALTER TABLE \"t\" DROP CONSTRAINT \"t_pkey\";", "ALTER TABLE \"t\" ADD PRIMARY KEY (\"id\");"}));

    Table column_unique = keyed(std::nullopt, std::nullopt);
    column_unique.columns.find("a")->isUnique = true;
    column_unique.columns.find("a")->uniqueName = "t_a_key";
    Snapshot unique_deferred = with_table(keyed(std::nullopt, Unique{"t_a_key", {"a"}, false, true, false}));
    EXPECT_EQ(sqls(with_table(column_unique), unique_deferred),
              (V{"ALTER TABLE \"t\" DROP CONSTRAINT \"t_a_key\";",
                 "ALTER TABLE \"t\" ADD CONSTRAINT \"t_a_key\" UNIQUE(\"a\") DEFERRABLE;"}));
}

TEST(Deferrable, drift_reports_a_lost_deferrability) {
    Snapshot expected = with_table(keyed(PrimaryKey{"t_pk", {"id"}, true, true}, Unique{"t_a_key", {"a"}, false, true, false}));
    Snapshot actual = with_table(keyed(PrimaryKey{"t_pk", {"id"}}, Unique{"t_a_key", {"a"}, false}));
    std::vector<std::string> found;
    for (const auto& f : compare(expected, actual))
        found.push_back(f.kind + " " + f.object + " " + f.expected.value_or("NULL") + " | " + f.actual.value_or("NULL"));
    EXPECT_EQ(found, (std::vector<std::string>{
                         "primary_key public.t PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED | PRIMARY KEY (id)",
                         "unique public.t.t_a_key UNIQUE (a) DEFERRABLE | UNIQUE (a)"}));
    EXPECT_TRUE(compare(expected, expected).empty());
}
