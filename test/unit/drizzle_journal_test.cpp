#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/drizzle_journal.hpp"
#include "core/error.hpp"
#include "core/splitter.hpp"

using namespace pgkit::core;
namespace fs = std::filesystem;

static const fs::path dokploy = fs::path(PGKIT_SOURCE_DIR) / "test/data/dokploy";

static std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Returns a JSON string literal (for building the scripts object).
static std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

static std::string dokploy_scripts_json() {
    std::string out = "{";
    for (const auto& f : fs::directory_iterator(dokploy)) {
        if (f.path().extension() != ".sql") continue;
        if (out.size() > 1) out += ",";
        out += json_string(f.path().stem().string()) + ":" + json_string(slurp(f.path()));
    }
    return out + "}";
}

static std::string message_of(const std::function<void()>& f, std::string* sqlstate = nullptr) {
    try {
        f();
    } catch (const Error& e) {
        if (sqlstate) *sqlstate = e.sqlstate();
        return e.what();
    }
    return "no error";
}

TEST(DrizzleJournal, reads_the_dokploy_journal_in_idx_order) {
    auto entries = read_journal(slurp(dokploy / "meta/_journal.json"));
    ASSERT_EQ(entries.size(), 186u);
    EXPECT_EQ(entries.front().tag, "0000_reflective_puck");
    EXPECT_EQ(entries.front().when, 1713262741218LL);
    EXPECT_TRUE(entries.front().breakpoints);
    for (std::size_t i = 0; i < entries.size(); ++i) EXPECT_EQ(entries[i].idx, static_cast<long long>(i));
}

TEST(DrizzleJournal, orders_by_idx_not_by_position_or_timestamp) {
    auto entries = read_journal(R"({"entries":[
        {"idx":2,"tag":"0002_c","when":100},
        {"idx":0,"tag":"0000_a","when":300},
        {"idx":1,"tag":"0001_b","when":200,"breakpoints":false}]})");
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].tag, "0000_a");
    EXPECT_EQ(entries[1].tag, "0001_b");
    EXPECT_FALSE(entries[1].breakpoints);
    EXPECT_EQ(entries[2].tag, "0002_c");
}

TEST(DrizzleJournal, rejects_malformed_journals_naming_the_path) {
    std::string state;
    EXPECT_EQ(message_of([] { read_journal("[]"); }, &state),
              "pgkit: journal: expected an object (meta/_journal.json)");
    EXPECT_EQ(state, "22023");
    EXPECT_EQ(message_of([] { read_journal(R"({"entries":{}})"); }), "pgkit: journal.entries: expected an array");
    EXPECT_EQ(message_of([] { read_journal(R"({"entries":[{"idx":0}]})"); }),
              "pgkit: journal.entries[0].tag: expected a string");
    EXPECT_EQ(message_of([] { read_journal(R"({"entries":[{"idx":"0","tag":"a"}]})"); }),
              "pgkit: journal.entries[0].idx: expected an integer");
    EXPECT_EQ(message_of([] { read_journal(R"({"entries":[{"idx":0,"tag":"a"},{"idx":0,"tag":"b"}]})"); }),
              "pgkit: journal.entries[1].idx: 0 appears twice");
    EXPECT_EQ(message_of([] { read_journal(R"({"entries":[{"idx":0,"tag":"a"},{"idx":1,"tag":"a"}]})"); }),
              "pgkit: journal.entries[1].tag: \"a\" appears twice");
    EXPECT_NE(message_of([] { read_journal("{"); }).find("journal: not valid JSON"), std::string::npos);
}

TEST(DrizzleJournal, dokploy_folder_has_every_script_and_one_outside_the_journal) {
    Folder folder = read_folder(slurp(dokploy / "meta/_journal.json"), dokploy_scripts_json());
    ASSERT_EQ(folder.migrations.size(), 186u);
    EXPECT_EQ(folder.migrations[130].entry.tag, "0130_perpetual_screwball");
    EXPECT_EQ(folder.not_in_journal, std::vector<std::string>{"0130_abandoned_dagger"});
    // every real script splits, and none is blank
    for (const auto& m : folder.migrations) {
        EXPECT_NO_THROW({
            auto sts = split_script(m.script);
            EXPECT_FALSE(sts.empty()) << m.entry.tag;
        }) << m.entry.tag;
    }
}

TEST(DrizzleJournal, folder_accepts_file_names_and_names_a_missing_script) {
    const char* journal = R"({"entries":[{"idx":0,"tag":"0000_a"},{"idx":1,"tag":"0001_b"}]})";
    Folder f = read_folder(journal, R"({"0001_b.sql":"SELECT 2","0000_a":"SELECT 1","notes":"x"})");
    ASSERT_EQ(f.migrations.size(), 2u);
    EXPECT_EQ(f.migrations[0].script, "SELECT 1");
    EXPECT_EQ(f.migrations[1].script, "SELECT 2");
    EXPECT_EQ(f.not_in_journal, std::vector<std::string>{"notes"});
    std::string state;
    EXPECT_EQ(message_of([&] { read_folder(journal, R"({"0000_a":"SELECT 1"})"); }, &state),
              "pgkit: journal entry 1 \"0001_b\" has no script: scripts.\"0001_b\" is missing");
    EXPECT_EQ(state, "22023");
    EXPECT_EQ(message_of([&] { read_folder(journal, R"({"0000_a":1,"0001_b":"x"})"); }),
              "pgkit: scripts.\"0000_a\": expected a string (the SQL file)");
    EXPECT_EQ(message_of([&] { read_folder(journal, R"({"0000_a":"x","0000_a.sql":"y","0001_b":"z"})"); }),
              "pgkit: scripts.\"0000_a.sql\": \"0000_a\" is given twice");
}

// A journal of n entries 000i_m, and a snapshot {id, prevId}.
static std::string journal_of(int n) {
    std::string out = R"({"entries":[)";
    for (int i = 0; i < n; ++i)
        out += (i ? "," : "") + std::string(R"({"idx":)") + std::to_string(i) + R"(,"tag":"000)" +
               std::to_string(i) + R"(_m"})";
    return out + "]}";
}
static std::string snap(const std::string& id, const std::string& prev) {
    return R"({"version":"7","id":")" + id + R"(","prevId":")" + prev + R"("})";
}
static const std::string origin(origin_snapshot_id);

static std::vector<std::string> keys(const std::vector<SnapshotLink>& chain) {
    std::vector<std::string> out;
    for (const auto& l : chain) out.push_back(l.key + (l.by_journal ? "*" : ""));
    return out;
}
using V = std::vector<std::string>;

TEST(SnapshotChain, dokploy_meta_holds_only_the_last_snapshot_which_follows_by_journal) {
    auto chain = snapshot_chain(slurp(dokploy / "meta/_journal.json"),
                                {{"0185_snapshot.json", slurp(dokploy / "meta/0185_snapshot.json")}});
    ASSERT_EQ(chain.size(), 1u);
    EXPECT_EQ(chain[0].tag, "0185_needy_kingpin");
    EXPECT_EQ(chain[0].id, "8e851600-c994-4d52-a9d0-a8257e22a073");
    EXPECT_EQ(chain[0].prev_id, "336dcce8-7713-49a8-ad6f-15d25ea47eaf");
    EXPECT_TRUE(chain[0].by_journal);  // 0184's snapshot is not in the folder
}

TEST(SnapshotChain, follows_prev_ids_whatever_order_the_keys_come_in) {
    auto chain = snapshot_chain(journal_of(3), {{"0002", snap("c", "b")}, {"0000", snap("a", origin)},
                                                {"0001_snapshot.json", snap("b", "a")}});
    EXPECT_EQ(keys(chain), (V{"0000", "0001_snapshot.json", "0002"}));
}

TEST(SnapshotChain, prev_id_order_wins_over_journal_order) {
    // 0001 was generated on a branch after 0002's snapshot: its prevId says so
    auto chain = snapshot_chain(journal_of(3), {{"0000", snap("a", origin)}, {"0001", snap("c", "b")},
                                                {"0002", snap("b", "a")}});
    EXPECT_EQ(keys(chain), (V{"0000", "0002", "0001"}));
}

TEST(SnapshotChain, an_absent_snapshot_falls_back_to_the_previous_journal_entry) {
    auto chain = snapshot_chain(journal_of(4), {{"0000", snap("a", origin)}, {"0002", snap("c", "b-absent")},
                                                {"0003", snap("d", "c")}});
    EXPECT_EQ(keys(chain), (V{"0000", "0002*", "0003"}));
    // and a first snapshot whose predecessor is absent starts the chain
    auto tail = snapshot_chain(journal_of(4), {{"0002_m", snap("c", "b")}, {"0003", snap("d", "c")}});
    EXPECT_EQ(keys(tail), (V{"0002_m*", "0003"}));
    EXPECT_TRUE(snapshot_chain(journal_of(2), {}).empty());
}

TEST(SnapshotChain, refuses_forks_two_origins_cycles_duplicates_and_strangers) {
    std::string state;
    EXPECT_EQ(message_of([] {
                  snapshot_chain(journal_of(3), {{"0000", snap("a", origin)}, {"0001", snap("b", "a")},
                                                 {"0002", snap("c", "a")}});
              },
              &state),
              "pgkit: snapshots \"0001\" and \"0002\" both follow \"0000\": two branches were merged without "
              "regenerating the later migration");
    EXPECT_EQ(state, "22023");
    EXPECT_EQ(message_of([] {
                  snapshot_chain(journal_of(2), {{"0000", snap("a", origin)}, {"0001", snap("b", origin)}});
              }),
              "pgkit: snapshots \"0000\" and \"0001\" both start a chain (prevId " + origin + " / " + origin + ")");
    EXPECT_EQ(message_of([] {
                  snapshot_chain(journal_of(3), {{"0000", snap("a", origin)}, {"0001", snap("b", "c")},
                                                 {"0002", snap("c", "b")}});
              }),
              "pgkit: snapshot \"0001\" is on a prevId cycle (prevId c)");
    EXPECT_EQ(message_of([] {
                  snapshot_chain(journal_of(2), {{"0000", snap("a", origin)}, {"0001", snap("a", "a")}});
              }),
              "pgkit: snapshots \"0000\" and \"0001\" have the same id a");
    EXPECT_EQ(message_of([] { snapshot_chain(journal_of(1), {{"0007", snap("a", origin)}}); }),
              "pgkit: snapshots.\"0007\": names no journal entry");
    EXPECT_EQ(message_of([] { snapshot_chain(journal_of(1), {{"0000", R"({"id":"a"})"}}); }),
              "pgkit: snapshots.\"0000\".prevId: expected a string");
}

TEST(SnapshotChain, snapshots_object_maps_each_snapshot_to_its_tag) {
    auto by_tag = snapshots_by_tag(journal_of(2), R"({"0001_snapshot.json":{"version":"7","id":"b","prevId":"a"},
                                                     "0000":{"version":"7","id":"a","prevId":")" + origin + R"("}})");
    ASSERT_EQ(by_tag.size(), 2u);
    EXPECT_EQ(by_tag.at("0000_m"), R"({"version":"7","id":"a","prevId":")" + origin + R"("})");
    EXPECT_EQ(by_tag.at("0001_m"), R"({"version":"7","id":"b","prevId":"a"})");
    // an older format still orders the chain, but only v7 is returned
    std::vector<std::string> older;
    auto v7 = snapshots_by_tag(journal_of(2), R"({"0000":{"version":"5","id":"a","prevId":")" + origin +
                                                  R"("},"0001":{"version":"7","id":"b","prevId":"a"}})",
                               &older);
    ASSERT_EQ(v7.size(), 1u);
    EXPECT_EQ(v7.count("0001_m"), 1u);
    EXPECT_EQ(older, std::vector<std::string>{"0000_m"});
    EXPECT_EQ(message_of([] { snapshots_by_tag(journal_of(1), "[]"); }),
              "pgkit: snapshots: expected an object {key: snapshot}");
}
