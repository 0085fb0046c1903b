// On-server validation of the conformance corpus (test/corpus/README.md,
// "Validating statements against the corpus"). For every case:
//   1. scratch database src: setup.sql + prev.sql.json (the source state);
//   2. the statements under test — pgkit.diff(prev, cur, renames) computed on
//      the server (default) — applied to src in ONE transaction (a
//      CONCURRENTLY statement runs alone). The harness itself is validated
//      with --statements expected (every case must pass), oracle (drizzle-kit's
//      output where the corpus records it as wrong: exactly those cases must
//      fail) and none (no statements: every case whose source and target
//      differ must fail);
//   3. scratch database dst: setup.sql + cur.sql.json (the target);
//   4. src and dst compared through describe.sql (catalogs, keyed by names).
// Error cases ({"error", "sqlstate"}): building the target must fail with that
// SQLSTATE and pgkit.diff must raise an error (a 42xxx one: the target is
// rejected, not the input mangled).
//
// Usage: corpus_server --cases DIR --describe FILE [--statements pgkit|expected|oracle|none]
//                      [--known-failures FILE] [--only SUBSTRING]
// Prints one FAIL line per failing case (with the catalog differences below
// it), KNOWN FAIL for listed cases, XPASS for listed cases that pass (an
// unexpected result: remove them from the list), and last `N passed, N failed`
// counting unexpected results only.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "server.hpp"

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace pgkit::server;

namespace {

struct Options {
    std::string cases, describe_file, statements = "pgkit", known_file, only;
};

struct Outcome {
    bool pass = true;
    std::string reason;               // first line of a failure
    std::vector<std::string> detail;  // catalog differences
};

// Returns the file's text, or "" when it does not exist.
std::string optional_file(const fs::path& p) { return fs::exists(p) ? read_file(p.string()) : ""; }

// Runs setup.sql and the statements of one *.sql.json (each on its own, in
// autocommit: a reference build may hold CREATE INDEX CONCURRENTLY).
// Returns "" or the failure, with its SQLSTATE first.
std::string build(Conn& db, const std::string& setup, const std::vector<std::string>& stmts,
                  std::string* sqlstate = nullptr) {
    if (!setup.empty()) {
        Result r = db.exec(setup);
        if (!r.ok) {
            if (sqlstate) *sqlstate = r.sqlstate;
            return "setup.sql failed: " + r.error();
        }
    }
    for (std::size_t i = 0; i < stmts.size(); ++i) {
        Result r = db.exec(stmts[i]);
        if (!r.ok) {
            if (sqlstate) *sqlstate = r.sqlstate;
            return "statement " + std::to_string(i + 1) + " failed: " + r.error() + " | " + stmts[i];
        }
    }
    return {};
}

// Returns pgkit's statements for the case, computed on the server.
Result pgkit_diff(Conn& ctl, const fs::path& dir) {
    return ctl.exec(
        "SELECT statement FROM pgkit.diff($1::jsonb, $2::jsonb, "
        "ARRAY(SELECT jsonb_array_elements_text($3::jsonb))) ORDER BY seq",
        {read_file((dir / "prev.json").string()), read_file((dir / "cur.json").string()),
         read_file((dir / "renames.json").string())});
}

Outcome run_case(Scratch& s, const fs::path& dir, const Options& o, const std::string& describe_sql) {
    Outcome out;
    auto fail = [&](std::string why) {
        out.pass = false;
        out.reason = std::move(why);
        return out;
    };
    const std::string setup = optional_file(dir / "setup.sql");
    const auto prev_sql = string_array(json::parse(read_file((dir / "prev.sql.json").string())));
    const auto cur_sql = string_array(json::parse(read_file((dir / "cur.sql.json").string())));
    const json::value expected = json::parse(read_file((dir / "expected.json").string()));

    reset_database(*s.src);
    reset_database(*s.dst);
    s.drop_case_roles();

    if (expected.is_object()) {  // the target is rejected by Postgres
        std::string want = expected.at("sqlstate").as_string().c_str(), got;
        std::string err = build(*s.dst, setup, cur_sql, &got);
        if (err.empty()) return fail("error case, but the target builds without error");
        if (got != want) return fail("error case: target build failed with " + got + ", corpus says " + want);
        if (o.statements == "oracle" && fs::exists(dir / "oracle.json"))
            return fail("error case (" + want + "), but drizzle-kit emitted statements");
        if (o.statements == "pgkit") {
            Result r = pgkit_diff(*s.ctl, dir);
            if (r.ok)
                return fail("error case (" + want + "), but pgkit.diff returned " +
                            std::to_string(r.rows.size()) + " statement(s)");
            if (r.sqlstate.rfind("42", 0) != 0)
                return fail("error case (" + want + "): pgkit.diff raised " + r.error() +
                            " (not a 42xxx rejection of the target)");
        }
        return out;
    }

    if (std::string err = build(*s.src, setup, prev_sql); !err.empty())
        return fail("source build (setup.sql + prev.sql.json) failed: " + err);
    std::vector<std::string> statements;
    if (o.statements == "expected") {
        statements = string_array(expected);
    } else if (o.statements == "oracle") {  // drizzle-kit's own output, where it differs
        const json::value oracle = fs::exists(dir / "oracle.json")
                                       ? json::parse(read_file((dir / "oracle.json").string()))
                                       : expected;
        if (!oracle.is_array()) return fail("drizzle-kit crashed: " + json::serialize(oracle));
        statements = string_array(oracle);
    } else if (o.statements == "none") {  // a sanity check of the comparison
    } else {
        Result r = pgkit_diff(*s.ctl, dir);
        if (!r.ok) return fail("pgkit.diff raised " + r.error());
        for (auto& row : r.rows) statements.push_back(row.at(0).value_or(""));
    }
    if (std::string err = apply_statements(*s.src, statements); !err.empty()) return fail(err);
    const std::string got = describe(*s.src, describe_sql);
    reset_database(*s.src);
    s.drop_case_roles();  // the target build recreates them

    if (std::string err = build(*s.dst, setup, cur_sql); !err.empty())
        return fail("target build (setup.sql + cur.sql.json) failed: " + err);
    const std::string want = describe(*s.dst, describe_sql);
    out.detail = compare(got, want);
    if (!out.detail.empty())
        return fail(std::to_string(out.detail.size()) + " difference(s) between migrated source and target (" +
                    std::to_string(statements.size()) + " statement(s) applied)");
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string k = argv[i], v = argv[i + 1];
        if (k == "--cases") o.cases = v;
        else if (k == "--describe") o.describe_file = v;
        else if (k == "--statements") o.statements = v;
        else if (k == "--known-failures") o.known_file = v;
        else if (k == "--only") o.only = v;
        else { std::cerr << "unknown option " << k << "\n"; return 2; }
    }
    static const std::set<std::string> modes = {"pgkit", "expected", "oracle", "none"};
    if (o.cases.empty() || o.describe_file.empty() || !modes.count(o.statements)) {
        std::cerr << "usage: corpus_server --cases DIR --describe FILE [--statements pgkit|expected|oracle|none]"
                     " [--known-failures FILE] [--only SUBSTRING]\n";
        return 2;
    }
    try {
        const std::string describe_sql = read_file(o.describe_file);
        // expected.json is the reference: the known-failures list gates pgkit only.
        const auto known = o.statements == "pgkit" ? read_known(o.known_file) : std::set<std::string>{};
        std::vector<std::string> ids;
        for (auto& cat : fs::directory_iterator(o.cases))
            if (cat.is_directory())
                for (auto& c : fs::directory_iterator(cat.path()))
                    if (fs::exists(c.path() / "cur.json")) {
                        std::string id = cat.path().filename().string() + "/" + c.path().filename().string();
                        if (id.find(o.only) != std::string::npos) ids.push_back(id);
                    }
        std::sort(ids.begin(), ids.end());
        for (auto& k : known)
            if (std::find(ids.begin(), ids.end(), k) == ids.end() && o.only.empty())
                std::cout << "NOTE known-failures lists " << k << ", which is not a case\n";

        auto t0 = std::chrono::steady_clock::now();
        Scratch s("pgkit_corpus", o.statements == "pgkit");
        if (o.statements == "pgkit" &&
            !s.ctl->must("SELECT to_regprocedure('pgkit.diff(jsonb,jsonb,text[])') IS NOT NULL").rows[0][0]
                 .value_or("f").starts_with("t")) {
            std::cout << "SKIP pgkit.diff is not in this build\n0 passed, 0 failed\n";
            return 0;
        }
        int passed = 0, failed = 0, known_failed = 0;
        for (auto& id : ids) {
            Outcome r;
            try {
                r = run_case(s, fs::path(o.cases) / id, o, describe_sql);
            } catch (const std::exception& e) {
                r.pass = false;
                r.reason = std::string("harness error: ") + e.what();
            }
            bool listed = known.count(id) != 0;
            if (r.pass && !listed) {
                ++passed;
            } else if (r.pass) {
                ++failed;
                std::cout << "XPASS " << id << ": passes but is listed in the known failures: remove it\n";
            } else if (listed) {
                ++known_failed;
                std::cout << "KNOWN FAIL " << id << ": " << r.reason.substr(0, 300) << "\n";
            } else {
                ++failed;
                std::cout << "FAIL " << id << ": " << r.reason << "\n";
                for (std::size_t i = 0; i < r.detail.size() && i < 12; ++i) std::cout << "    " << r.detail[i] << "\n";
                if (r.detail.size() > 12) std::cout << "    ... " << r.detail.size() - 12 << " more\n";
            }
        }
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("corpus on the server, statements from %s: %zu cases, %d passed, %d failed, "
                    "%d known failures, %.1f s\n",
                    o.statements == "pgkit" ? "pgkit.diff" : o.statements.c_str(), ids.size(), passed, failed,
                    known_failed, secs);
        std::printf("%d passed, %d failed\n", passed, failed);
        return failed == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::cout << "harness error: " << e.what() << "\n0 passed, 1 failed\n";
        return 1;
    }
}
