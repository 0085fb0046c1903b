// Snapshot reader/writer: every real snapshot in the tree reads and writes
// back to the same JSON tree; bad documents fail with 22023 naming the path.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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
