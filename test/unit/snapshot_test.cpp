// Snapshot reader/writer: every real snapshot in the tree reads and writes
// back to the same JSON tree; bad documents fail with 22023 naming the path.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/diff.hpp"
#include "core/error.hpp"
#include "core/snapshot.hpp"

using namespace pgkit::core;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Every v7 snapshot in the tree: corpus prev/cur and dokploy's meta folder.
std::vector<std::string> snapshot_files() {
    std::vector<std::string> out;
    fs::path root = PGKIT_SOURCE_DIR;
    for (const auto& cat : fs::directory_iterator(root / "test/corpus/cases"))
        if (cat.is_directory())
            for (const auto& c : fs::directory_iterator(cat.path()))
                for (const char* f : {"prev.json", "cur.json"})
                    if (fs::exists(c.path() / f))
                        out.push_back(fs::relative(c.path() / f, root).string());
    for (const auto& f : fs::directory_iterator(root / "test/data/dokploy/meta")) {
        std::string n = f.path().filename().string();
        if (n.size() > 14 && n.ends_with("_snapshot.json"))
            out.push_back(fs::relative(f.path(), root).string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

void default_key(json::object& o, std::string_view k, json::value v) {
    if (!o.contains(k)) o[k] = std::move(v);
}

// Fills the defaults drizzle-kit's parser applies, so the input tree can be
// compared with what the writer (which always writes them) produces.
void fill_drizzle_defaults(json::value& doc) {
    auto& o = doc.as_object();
    for (const char* k : {"sequences", "roles", "policies", "views"}) default_key(o, k, json::object());
    for (auto& kv : o["tables"].as_object()) {
        auto& t = kv.value().as_object();
        for (const char* k : {"uniqueConstraints", "policies", "checkConstraints"})
            default_key(t, k, json::object());
        default_key(t, "isRLSEnabled", false);
        for (auto& ix : t["indexes"].as_object()) {
            auto& io = ix.value().as_object();
            default_key(io, "method", "btree");
            default_key(io, "concurrently", false);
            for (auto& c : io["columns"].as_array()) {
                auto& co = c.as_object();
                default_key(co, "isExpression", false);
                default_key(co, "asc", true);
                default_key(co, "nulls", "last");
            }
        }
    }
}

class RealSnapshot : public ::testing::TestWithParam<std::string> {};

TEST_P(RealSnapshot, reads_and_writes_back_the_same_tree) {
    std::string text = slurp(fs::path(PGKIT_SOURCE_DIR) / GetParam());
    // As Postgres sees it (long names truncated): must read; names fit.
    Snapshot mapped;
    std::vector<std::string> notices;
    ASSERT_NO_THROW(mapped = read_snapshot(text, {.notice = [&](const std::string& m) {
                                                      notices.push_back(m);
                                                  }}))
        << GetParam();
    for (const auto& [key, t] : mapped.tables) {
        EXPECT_LE(t.name.size(), 63u);
        for (const auto& [k, fk] : t.foreignKeys) EXPECT_LE(fk.name.size(), 63u) << k;
        for (const auto& [k, ix] : t.indexes) EXPECT_LE(ix.name.size(), 63u) << k;
    }
    // As written (no truncation): the exact document comes back.
    Snapshot s = read_snapshot(text, {.truncate_long_names = false});
    std::string out = write_snapshot(s);
    json::value expected = json::parse(text);
    fill_drizzle_defaults(expected);
    EXPECT_EQ(json::parse(out), expected) << GetParam() << "\n" << out;
    // drizzle_only output of a drizzle file is the same document.
    EXPECT_EQ(json::parse(write_snapshot(s, {.drizzle_only = true})), expected);
    // The writer's output reads again to the same model.
    EXPECT_EQ(write_snapshot(read_snapshot(out, {.truncate_long_names = false})), out);
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string n;
    std::string p = info.param;
    for (const char* pre : {"test/corpus/cases/", "test/data/"})
        if (p.starts_with(pre)) p = p.substr(std::string_view(pre).size());
    for (char c : p) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return n.substr(0, n.size() - 5);  // drop "_json"
}

INSTANTIATE_TEST_SUITE_P(Snapshot, RealSnapshot, ::testing::ValuesIn(snapshot_files()), test_name);

TEST(Snapshot, finds_every_corpus_case_and_the_dokploy_snapshot) {
    auto files = snapshot_files();
    // 305 corpus cases x (prev, cur) + dokploy's meta snapshot(s).
    EXPECT_GE(files.size(), 611u);
}

}  // namespace

namespace {

// A small valid snapshot the error tests break one field at a time.
json::value base_doc() {
    return json::parse(R"({
      "version": "7", "dialect": "postgresql",
      "id": "00000000-0000-0000-0000-000000000001",
      "prevId": "00000000-0000-0000-0000-000000000000",
      "tables": {"public.users": {
        "name": "users", "schema": "",
        "columns": {"id": {"name": "id", "type": "integer", "primaryKey": true, "notNull": true},
                    "org_id": {"name": "org_id", "type": "integer", "primaryKey": false, "notNull": false}},
        "indexes": {"users_org_idx": {"name": "users_org_idx", "columns": [
            {"expression": "org_id", "isExpression": false, "asc": true, "nulls": "last"}],
            "isUnique": false, "concurrently": false, "method": "btree", "with": {}}},
        "foreignKeys": {"users_org_id_orgs_id_fk": {"name": "users_org_id_orgs_id_fk",
            "tableFrom": "users", "tableTo": "orgs", "columnsFrom": ["org_id"], "columnsTo": ["id"],
            "onDelete": "cascade", "onUpdate": "no action"}},
        "compositePrimaryKeys": {}, "uniqueConstraints": {}, "policies": {},
        "checkConstraints": {}, "isRLSEnabled": false}},
      "enums": {"public.mood": {"name": "mood", "schema": "public", "values": ["sad", "ok"]}},
      "schemas": {}, "sequences": {}, "roles": {}, "policies": {}, "views": {},
      "_meta": {"schemas": {}, "tables": {}, "columns": {}}
    })");
}

// Returns "<sqlstate>|<message>" of the error reading `text` ("ok" if none).
std::string error_text(std::string_view text, const ReadOptions& o = {}) {
    try {
        read_snapshot(text, o);
    } catch (const Error& e) {
        return e.sqlstate() + "|" + e.what();
    }
    return "ok";
}
std::string error_of(const json::value& doc) { return error_text(json::serialize(doc)); }

json::object& users(json::value& d) { return d.at("tables").at("public.users").as_object(); }

TEST(SnapshotErrors, base_document_is_valid) { EXPECT_EQ(error_of(base_doc()), "ok"); }

TEST(SnapshotErrors, wrong_json_type_names_the_path) {
    auto d = base_doc();
    users(d)["columns"].at("id").as_object()["type"] = 5;
    EXPECT_EQ(error_of(d),
              "22023|pgkit: invalid snapshot: tables.\"public.users\".columns.id.type: expected a string");
    d = base_doc();
    users(d)["isRLSEnabled"] = "yes";
    EXPECT_EQ(error_of(d),
              "22023|pgkit: invalid snapshot: tables.\"public.users\".isRLSEnabled: expected a boolean");
    d = base_doc();
    users(d)["indexes"].at("users_org_idx").as_object()["columns"] = json::object();
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: tables.\"public.users\".indexes."
                           "users_org_idx.columns: expected an array");
    d = base_doc();
    users(d)["foreignKeys"].at("users_org_id_orgs_id_fk").as_object()["columnsTo"] =
        json::array{"id", 3};
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: tables.\"public.users\".foreignKeys."
                           "users_org_id_orgs_id_fk.columnsTo[1]: expected a string");
    d = base_doc();
    d.as_object()["tables"] = json::array();
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: tables: expected an object");
    d = base_doc();
    users(d)["columns"].at("id").as_object()["default"] = nullptr;
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: tables.\"public.users\".columns.id."
                           "default: expected a string, number or boolean");
}

TEST(SnapshotErrors, unknown_keys_are_rejected_outside_pgkit_extras) {
    auto d = base_doc();
    users(d)["columns"].at("id").as_object()["colation"] = "C";
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: tables.\"public.users\".columns.id."
                           "colation: unknown key");
    d = base_doc();
    d.as_object()["extra"] = 1;
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: extra: unknown key");
    d = base_doc();
    users(d)["pgkit"] = json::object{{"rlsForced", true}, {"owner", "x"}};
    EXPECT_EQ(error_of(d),
              "22023|pgkit: invalid snapshot: tables.\"public.users\".pgkit.owner: unknown key");
    d = base_doc();
    d.at("enums").at("public.mood").as_object()["comment"] = "x";
    EXPECT_EQ(error_of(d),
              "22023|pgkit: invalid snapshot: enums.\"public.mood\".comment: unknown key");
}

TEST(SnapshotErrors, missing_required_fields) {
    auto d = base_doc();
    users(d)["columns"].at("id").as_object().erase("notNull");
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: tables.\"public.users\".columns.id: "
                           "missing required key \"notNull\"");
    d = base_doc();
    d.as_object().erase("tables");
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: missing required key \"tables\"");
    d = base_doc();
    d.at("enums").at("public.mood").as_object().erase("values");
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: enums.\"public.mood\": missing "
                           "required key \"values\"");
}

TEST(SnapshotErrors, optional_collections_default_to_empty) {
    auto d = base_doc();
    for (const char* k : {"views", "sequences", "roles", "policies"}) d.as_object().erase(k);
    for (const char* k : {"uniqueConstraints", "policies", "checkConstraints", "isRLSEnabled"})
        users(d).erase(k);
    Snapshot s = read_snapshot(json::serialize(d));
    EXPECT_TRUE(s.views.empty());
    EXPECT_FALSE(s.tables.find("public.users")->isRLSEnabled);
}

TEST(SnapshotErrors, bad_version_or_dialect) {
    auto d = base_doc();
    d.as_object()["version"] = "4";
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: version: unsupported version \"4\" "
                           "(pgkit reads drizzle-kit snapshot versions \"5\" to \"7\")");
    d.as_object()["version"] = 7;
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: version: expected a string");
    d = base_doc();
    d.as_object()["dialect"] = "mysql";
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: dialect: unsupported dialect "
                           "\"mysql\" (expected \"postgresql\")");
}

TEST(SnapshotErrors, malformed_json_reports_the_position) {
    EXPECT_EQ(error_text("{\"version\": \"7\",\n  \"dialect\" \"postgresql\"}"),
              "22023|pgkit: invalid snapshot: malformed JSON at line 2, column 13 (byte 29): "
              "syntax error");
    EXPECT_EQ(error_text("{} x"),
              "22023|pgkit: invalid snapshot: malformed JSON at line 1, column 4 (byte 3): extra data");
    EXPECT_EQ(error_text(""), "22023|pgkit: invalid snapshot: malformed JSON at line 1, column 1 "
                              "(byte 0): incomplete JSON");
    EXPECT_EQ(error_text("[]"), "22023|pgkit: invalid snapshot: expected an object");
}

TEST(SnapshotErrors, table_key_must_match_schema_and_name) {
    auto d = base_doc();
    auto t = users(d);
    d.at("tables").as_object().erase("public.users");
    d.at("tables").as_object()["users"] = t;
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: tables.users: key does not match the "
                           "object's schema and name (expected \"public.users\")");
}

TEST(SnapshotErrors, empty_names_are_rejected_with_their_path) {
    auto d = base_doc();
    users(d)["columns"].at("id").as_object()["name"] = "";
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: tables.\"public.users\".columns.id."
                           "name: expected a non-empty name");
    d = base_doc();
    users(d)["foreignKeys"].at("users_org_id_orgs_id_fk").as_object()["columnsFrom"] =
        json::array{""};
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: tables.\"public.users\".foreignKeys."
                           "users_org_id_orgs_id_fk.columnsFrom[0]: expected a non-empty name");
}

TEST(SnapshotErrors, path_quotes_keys_with_dots_and_quotes) {
    auto d = base_doc();
    auto col = users(d)["columns"].at("id");
    col.as_object()["name"] = "we\"ird.col";
    col.as_object()["type"] = false;
    users(d)["columns"].as_object()["we\"ird.col"] = col;
    EXPECT_EQ(error_of(d), "22023|pgkit: invalid snapshot: tables.\"public.users\".columns."
                           "\"we\\\"ird.col\".type: expected a string");
}

// ---- long names ----

std::string long_name(char c, std::size_t n) { return std::string(n, c); }

TEST(SnapshotLongNames, are_truncated_with_a_notice_naming_the_original) {
    auto d = base_doc();
    std::string fk = "users_org_id_organizations_with_a_very_long_name_id_fk_" + long_name('x', 20);
    ASSERT_GT(fk.size(), 63u);
    auto& fks = users(d)["foreignKeys"].as_object();
    auto v = fks.at("users_org_id_orgs_id_fk");
    v.as_object()["name"] = fk;
    fks.erase("users_org_id_orgs_id_fk");
    fks[fk] = v;
    std::vector<std::string> notices;
    Snapshot s = read_snapshot(json::serialize(d),
                               {.notice = [&](const std::string& m) { notices.push_back(m); }});
    const auto& t = *s.tables.find("public.users");
    ASSERT_EQ(t.foreignKeys.size(), 1u);
    EXPECT_EQ(t.foreignKeys.begin()->first, fk.substr(0, 63));
    EXPECT_EQ(t.foreignKeys.begin()->second.name, fk.substr(0, 63));
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_EQ(notices[0], "pgkit: identifier \"" + fk + "\" will be truncated to \"" +
                              fk.substr(0, 63) + "\"");
    // Without truncation the name is kept as written.
    Snapshot raw = read_snapshot(json::serialize(d), {.truncate_long_names = false});
    EXPECT_EQ(raw.tables.find("public.users")->foreignKeys.begin()->second.name, fk);
}

TEST(SnapshotLongNames, truncation_stops_at_a_character_boundary) {
    auto d = base_doc();
    std::string name = long_name('a', 62) + "\xc3\xa9" + "tail";  // é straddles byte 63
    auto col = users(d)["columns"].at("org_id");
    col.as_object()["name"] = name;
    users(d)["columns"].as_object()[name] = col;
    Snapshot s = read_snapshot(json::serialize(d));
    EXPECT_TRUE(s.tables.find("public.users")->columns.contains(long_name('a', 62)));
}

TEST(SnapshotLongNames, collision_after_truncation_is_42710) {
    auto d = base_doc();
    auto& cols = users(d)["columns"].as_object();
    for (const char* tail : {"_first", "_second"}) {
        std::string name = long_name('c', 63) + tail;
        auto col = cols.at("org_id");
        col.as_object()["name"] = name;
        cols[name] = col;
    }
    std::string e = error_of(d);
    EXPECT_EQ(e.substr(0, 6), "42710|");
    EXPECT_NE(e.find("tables.\"public.users\".columns"), std::string::npos) << e;
    EXPECT_NE(e.find(long_name('c', 63) + "_second"), std::string::npos) << e;
    // A truncated index name colliding with an existing table name in the schema.
    d = base_doc();
    auto& ixs = users(d)["indexes"].as_object();
    auto ix = ixs.at("users_org_idx");
    std::string ixname = "users" + long_name('_', 58) + "extra";  // truncates to "users___..."
    ix.as_object()["name"] = ixname;
    ixs[ixname] = ix;
    auto t2 = users(d);
    t2["name"] = ixname.substr(0, 63);
    t2["indexes"] = json::object();
    d.at("tables").as_object()["public." + ixname.substr(0, 63)] = t2;
    EXPECT_EQ(error_of(d).substr(0, 6), "42710|");
    // A truncated map key landing on another object's key is not a silent overwrite.
    d = base_doc();
    auto& cs = users(d)["columns"].as_object();
    auto a = cs.at("org_id");
    a.as_object()["name"] = long_name('k', 70);
    cs[long_name('k', 70)] = a;
    auto b = cs.at("org_id");
    b.as_object()["name"] = "other";
    cs[long_name('k', 63)] = b;
    EXPECT_EQ(error_of(d).substr(0, 6), "42710|");
    // The same long name used twice is not a collision (two references).
    d = base_doc();
    EXPECT_EQ(error_of(d), "ok");
}

TEST(SnapshotExtras, pgkit_keys_round_trip_and_drizzle_only_drops_them) {
    auto d = base_doc();
    users(d)["pgkit"] = json::object{{"rlsForced", true}};
    users(d)["columns"].at("id").as_object()["pgkit"] = json::object{{"collation", "C"}};
    users(d)["foreignKeys"].at("users_org_id_orgs_id_fk").as_object()["pgkit"] =
        json::object{{"deferrable", true}, {"initiallyDeferred", true}};
    d.as_object()["pgkit"] = json::parse(R"({"unmanaged": [{"kind": "trigger", "name": "public.users.t"}]})");
    d.as_object()["internal"] = json::parse(R"({"tables": {}})");
    Snapshot s = read_snapshot(json::serialize(d));
    const Table& t = *s.tables.find("public.users");
    EXPECT_TRUE(t.rlsForced);
    EXPECT_EQ(t.columns.find("id")->collation, "C");
    EXPECT_TRUE(t.foreignKeys.begin()->second.deferrable);
    EXPECT_TRUE(t.foreignKeys.begin()->second.initiallyDeferred);
    ASSERT_EQ(s.unmanaged.size(), 1u);
    EXPECT_EQ(s.unmanaged[0], (Unmanaged{"trigger", "public.users.t"}));
    EXPECT_EQ(s.internal, "{\"tables\":{}}");
    EXPECT_EQ(json::parse(write_snapshot(s)), d);

    json::value plain = json::parse(write_snapshot(s, {.drizzle_only = true}));
    EXPECT_FALSE(plain.as_object().contains("pgkit"));
    EXPECT_FALSE(users(plain).contains("pgkit"));
    EXPECT_FALSE(users(plain)["columns"].at("id").as_object().contains("pgkit"));
    EXPECT_FALSE(
        users(plain)["foreignKeys"].at("users_org_id_orgs_id_fk").as_object().contains("pgkit"));
}

TEST(SnapshotFragments, read_table_and_read_enum_use_paths_relative_to_the_object) {
    auto d = base_doc();
    Table t = read_table(json::serialize(users(d)));
    EXPECT_EQ(t.name, "users");
    EXPECT_EQ(t.columns.size(), 2u);
    users(d)["columns"].at("id").as_object()["notNull"] = 1;
    try {
        read_table(json::serialize(users(d)));
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.sqlstate(), "22023");
        EXPECT_STREQ(e.what(), "pgkit: invalid snapshot: columns.id.notNull: expected a boolean");
    }
    Enum e = read_enum(R"({"name": "mood", "schema": "public", "values": ["a", "b"]})");
    EXPECT_EQ(e.values, (std::vector<std::string>{"a", "b"}));
    std::string long_enum = long_name('e', 70);
    Enum kept = read_enum(R"({"name": ")" + long_enum + R"(", "schema": "public", "values": []})",
                          {.truncate_long_names = false});
    EXPECT_EQ(kept.name, long_enum);
}

}  // namespace

namespace {

// dokploy's project has two drizzle-generated FK names over 63 bytes; Postgres
// stores them truncated, so the reader must too (and say so).
TEST(SnapshotLongNames, dokploy_fk_names_map_to_what_postgres_stores) {
    std::string text = slurp(fs::path(PGKIT_SOURCE_DIR) / "test/data/dokploy/meta/0185_snapshot.json");
    std::vector<std::string> notices;
    Snapshot s = read_snapshot(text, {.notice = [&](const std::string& m) { notices.push_back(m); }});
    const std::string full = "domain_previewDeploymentId_preview_deployments_previewDeploymentId_fk";
    const auto& fks = s.tables.find("public.domain")->foreignKeys;
    ASSERT_NE(fks.find(full.substr(0, 63)), nullptr);
    EXPECT_EQ(fks.find(full), nullptr);
    EXPECT_EQ(notices.size(), 2u);
    EXPECT_NE(std::find(notices.begin(), notices.end(),
                        "pgkit: identifier \"" + full + "\" will be truncated to \"" +
                            full.substr(0, 63) + "\""),
              notices.end());
}

}  // namespace

#include "../../bench/gen_snapshot.hpp"

namespace {

// The benchmark generator is reused by other benchmarks: its output must be a
// valid snapshot, deterministic per seed, and --mutate must change it.
TEST(SnapshotGenerator, output_reads_back_and_is_deterministic) {
    pgkit::bench::GenOptions o;
    o.tables = 200;
    o.seed = 7;
    std::string a = write_snapshot(pgkit::bench::make_snapshot(o));
    EXPECT_EQ(a, write_snapshot(pgkit::bench::make_snapshot(o)));
    Snapshot s = read_snapshot(a);
    EXPECT_EQ(s.tables.size(), 200u);
    EXPECT_EQ(write_snapshot(s), a);
    o.mutate_pct = 20;
    std::string b = write_snapshot(pgkit::bench::make_snapshot(o));
    EXPECT_NE(a, b);
    Snapshot m = read_snapshot(b);
    EXPECT_EQ(m.prevId, s.id);
    EXPECT_EQ(write_snapshot(m), b);
}

// Every generated schema must be one Postgres accepts: the differ's target
// check (duplicate constraint names, index names) passes for many seeds,
// mutated or not. A column-level unique and a table-level one on the same
// column once shared a name with different NULLS NOT DISTINCT (42710).
TEST(SnapshotGenerator, output_is_a_valid_target) {
    for (std::uint64_t seed = 40; seed <= 60; ++seed) {  // 44, 49 and 56 had the duplicate
        pgkit::bench::GenOptions o;
        o.tables = 500;
        o.seed = seed;
        for (double pct : {0.0, 20.0}) {
            o.mutate_pct = pct;
            Snapshot s = pgkit::bench::make_snapshot(o);
            try {
                diff(Snapshot{}, s);
            } catch (const Error& e) {
                ADD_FAILURE() << "seed " << seed << " mutate " << pct << ": " << e.what();
            }
        }
    }
}

}  // namespace

// Old projects keep each snapshot at the version that wrote it: versions 5
// and 6 read as `drizzle-kit up` would rewrite them (drizzle-kit 0.31's
// updateUpToV6 / updateUpToV7), so they diff against v7 with no changes.
TEST(SnapshotUpgrade, versions_5_and_6_read_as_their_v7_upgrade) {
    const std::string table_v6 = R"("name":"users","schema":"","columns":{
        "id":{"name":"id","type":"serial","primaryKey":true,"notNull":true},
        "mood":{"name":"mood","type":"mood","primaryKey":false,"notNull":false}},
      "indexes":{"users_mood_idx":{"name":"users_mood_idx","columns":["mood","id"],"isUnique":false}},
      "foreignKeys":{},"compositePrimaryKeys":{},"uniqueConstraints":{})";
    const std::string v5 = R"({"version":"5","dialect":"pg","id":"b","prevId":"a",
      "tables":{"users":{)" + table_v6 + R"(}},
      "enums":{"mood":{"name":"mood","values":{"sad":"sad","happy":"happy"}}},
      "schemas":{},"_meta":{"schemas":{},"tables":{},"columns":{}}})";
    const std::string v6 = R"({"version":"6","dialect":"postgresql","id":"b","prevId":"a",
      "tables":{"public.users":{)" + table_v6 + R"(}},
      "enums":{"public.mood":{"name":"mood","schema":"public","values":["sad","happy"]}},
      "schemas":{},"_meta":{"schemas":{},"tables":{},"columns":{}}})";
    const std::string v7 = R"({"version":"7","dialect":"postgresql","id":"b","prevId":"a",
      "tables":{"public.users":{"name":"users","schema":"","columns":{
        "id":{"name":"id","type":"serial","primaryKey":true,"notNull":true},
        "mood":{"name":"mood","type":"mood","primaryKey":false,"notNull":false}},
      "indexes":{"users_mood_idx":{"name":"users_mood_idx","columns":[
          {"expression":"mood","isExpression":false,"asc":true,"nulls":"last"},
          {"expression":"id","isExpression":false,"asc":true,"nulls":"last"}],
        "isUnique":false,"with":{},"method":"btree","concurrently":false}},
      "foreignKeys":{},"compositePrimaryKeys":{},"uniqueConstraints":{},"policies":{},"checkConstraints":{},
      "isRLSEnabled":false}},
      "enums":{"public.mood":{"name":"mood","schema":"public","values":["sad","happy"]}},
      "schemas":{},"sequences":{},"roles":{},"policies":{},"views":{},
      "_meta":{"schemas":{},"tables":{},"columns":{}}})";
    Snapshot expected = read_snapshot(v7);
    for (const std::string* old : {&v5, &v6}) {
        Snapshot s = read_snapshot(*old);
        EXPECT_EQ(s.version, "7");
        ASSERT_NE(s.tables.find("public.users"), nullptr);
        const Index* ix = s.tables.find("public.users")->indexes.find("users_mood_idx");
        ASSERT_NE(ix, nullptr);
        ASSERT_EQ(ix->columns.size(), 2u);
        EXPECT_EQ(ix->columns[0].expression, "mood");
        EXPECT_EQ(ix->method, "btree");
        ASSERT_NE(s.enums.find("public.mood"), nullptr);
        EXPECT_EQ(s.enums.find("public.mood")->values, (std::vector<std::string>{"sad", "happy"}));
        EXPECT_EQ(write_snapshot(s), write_snapshot(expected));
        EXPECT_TRUE(diff(s, expected).empty());
        EXPECT_TRUE(diff(expected, s).empty());
    }
}

// jsonb keeps object keys in its own order (shorter first): an introspected
// snapshot records each column's position so the table's order survives it,
// and a table recreated from it gets its columns in the database's order.
TEST(SnapshotColumnOrder, positions_restore_the_order_jsonb_loses) {
    const std::string doc = R"({"version":"7","dialect":"postgresql","id":"b","prevId":"a",
      "tables":{"public.t":{"name":"t","schema":"","columns":{
        "id":{"name":"id","type":"integer","primaryKey":false,"notNull":false,"pgkit":{"position":3}},
        "zeta":{"name":"zeta","type":"text","primaryKey":false,"notNull":false,"pgkit":{"position":1}},
        "alpha":{"name":"alpha","type":"text","primaryKey":false,"notNull":false,"pgkit":{"collation":"C","position":2}}},
      "indexes":{},"foreignKeys":{},"compositePrimaryKeys":{},"uniqueConstraints":{}}},
      "enums":{},"schemas":{},"_meta":{"schemas":{},"tables":{},"columns":{}}})";
    Snapshot s = read_snapshot(doc);
    EXPECT_TRUE(s.columnPositions);
    std::vector<std::string> names;
    for (const auto& [k, c] : s.tables.find("public.t")->columns) names.push_back(c.name);
    EXPECT_EQ(names, (std::vector<std::string>{"zeta", "alpha", "id"}));
    EXPECT_EQ(*s.tables.find("public.t")->columns.find("alpha")->collation, "C");
    // written back: positions follow the order; drizzle's form has none
    std::string out = write_snapshot(s);
    EXPECT_NE(out.find(R"("zeta","type":"text","primaryKey":false,"notNull":false,"pgkit":{"position":1})"),
              std::string::npos)
        << out;
    EXPECT_EQ(write_snapshot(s, {true}).find("position"), std::string::npos);
    EXPECT_EQ(write_snapshot(read_snapshot(out)), out);
    // a snapshot without positions is read and written as it was
    s.columnPositions = false;
    EXPECT_EQ(write_snapshot(s).find("position"), std::string::npos);
    // not every column positioned: the order as read
    std::string partial = doc;
    partial.replace(partial.find(R"(,"pgkit":{"position":3})"), std::string(R"(,"pgkit":{"position":3})").size(), "");
    names.clear();
    for (const auto& [k, c] : read_snapshot(partial).tables.find("public.t")->columns) names.push_back(c.name);
    EXPECT_EQ(names, (std::vector<std::string>{"id", "zeta", "alpha"}));
    // a position that is no position: 22023 at its path
    std::string bad = doc;
    bad.replace(bad.find(R"("position":3)"), std::string(R"("position":3)").size(), R"("position":"3")");
    EXPECT_EQ(error_text(bad), "22023|pgkit: invalid snapshot: tables.\"public.t\".columns.id.pgkit.position: "
                               "expected the column's position, 1 to 1600");
}
