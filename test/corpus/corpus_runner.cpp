// The conformance corpus, textually (test/corpus/README.md): for every case,
// pgkit's diff(prev, cur, renames) compared with expected.json after
// whitespace normalisation, or, for an error case, the SQLSTATE compared.
//
//   corpus_runner [--cases DIR] [--known-failures FILE] [--only PREFIX] [--verbose]
//
// One line per failing case (with a unified diff of the statements). A case
// listed in the known-failures file is printed as "KNOWN FAIL" and not
// counted as a failure; a listed case that passes is "XPASS" and counts as a
// failure, so the list can only shrink. The line before the last gives the
// number of known failures; the last line is "N passed, N failed".
#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/diff.hpp"
#include "core/error.hpp"
#include "core/snapshot.hpp"

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace pgkit;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Returns the statement with whitespace runs collapsed to one space, trimmed.
std::string normalise(const std::string& sql) {
    std::string out;
    bool space = false;
    for (char c : sql) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// Returns a unified diff (expected -> got) of two statement lists.
std::string unified_diff(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::string out = "    --- expected.json\n    +++ pgkit\n";
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            out += "       " + a[i++] + "\n";
            ++j;
        } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
            out += "    +  " + b[j++] + "\n";
        } else {
            out += "    -  " + a[i++] + "\n";
        }
    }
    return out;
}

struct Outcome {
    bool pass = false;
    std::string detail;
};

Outcome run_case(const fs::path& dir) {
    core::ReadOptions opts;
    core::Snapshot prev = core::read_snapshot(slurp(dir / "prev.json"), opts);
    core::Snapshot cur = core::read_snapshot(slurp(dir / "cur.json"), opts);
    std::vector<std::string> renames;
    json::value hints = json::parse(slurp(dir / "renames.json"));
    for (const auto& v : hints.as_array())
        renames.emplace_back(v.as_string().c_str());
    json::value expected = json::parse(slurp(dir / "expected.json"));

    std::vector<core::Statement> got;
    try {
        got = core::diff(prev, cur, renames);
    } catch (const core::Error& e) {
        if (expected.is_object()) {
            std::string want = expected.at("sqlstate").as_string().c_str();
            if (e.sqlstate() == want) return {true, {}};
            return {false, "    expected SQLSTATE " + want + ", got " + e.sqlstate() + ": " + e.what() + "\n"};
        }
        return {false, "    unexpected error " + e.sqlstate() + ": " + e.what() + "\n"};
    }
    if (expected.is_object())
        return {false, "    expected error " + std::string(expected.at("sqlstate").as_string().c_str()) + " (" +
                           expected.at("error").as_string().c_str() + "), got " + std::to_string(got.size()) +
                           " statements\n"};
    std::vector<std::string> want, have;
    for (const auto& v : expected.as_array()) want.push_back(normalise(v.as_string().c_str()));
    for (const auto& s : got) have.push_back(normalise(s.sql));
    if (want == have) return {true, {}};
    return {false, unified_diff(want, have)};
}

}  // namespace

int main(int argc, char** argv) {
    fs::path cases = "test/corpus/cases";
    fs::path known_file;
    std::string only;
    bool verbose = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--cases" && i + 1 < argc) cases = argv[++i];
        else if (a == "--known-failures" && i + 1 < argc) known_file = argv[++i];
        else if (a == "--only" && i + 1 < argc) only = argv[++i];
        else if (a == "--verbose") verbose = true;
        else {
            std::cerr << "usage: corpus_runner [--cases DIR] [--known-failures FILE] [--only PREFIX] [--verbose]\n";
            return 2;
        }
    }
    std::set<std::string> known;
    if (!known_file.empty()) {
        std::istringstream in(slurp(known_file));
        for (std::string line; std::getline(in, line);) {
            line = normalise(line.substr(0, line.find('#')));
            if (!line.empty()) known.insert(line);
        }
    }
    std::vector<std::string> ids;
    for (const auto& cat : fs::directory_iterator(cases))
        if (cat.is_directory())
            for (const auto& c : fs::directory_iterator(cat.path()))
                if (c.is_directory()) ids.push_back(cat.path().filename().string() + "/" + c.path().filename().string());
    std::sort(ids.begin(), ids.end());

    int passed = 0, failed = 0, known_failed = 0;
    std::set<std::string> seen;
    for (const auto& id : ids) {
        if (!only.empty() && id.rfind(only, 0) != 0) continue;
        seen.insert(id);
        Outcome o;
        try {
            o = run_case(cases / id);
        } catch (const std::exception& e) {
            o = {false, std::string("    cannot run the case: ") + e.what() + "\n"};
        }
        bool is_known = known.count(id) != 0;
        if (o.pass && !is_known) {
            ++passed;
            if (verbose) std::cout << "ok " << id << "\n";
        } else if (o.pass) {
            ++failed;
            std::cout << "XPASS " << id << " (passes now: remove it from the known-failures list)\n";
        } else if (is_known) {
            ++known_failed;
            std::cout << "KNOWN FAIL " << id << "\n" << o.detail;
        } else {
            ++failed;
            std::cout << "FAIL " << id << "\n" << o.detail;
        }
    }
    for (const auto& k : known)
        if (!seen.count(k) && only.empty()) {
            ++failed;
            std::cout << "FAIL " << k << " is listed as a known failure but is not a case\n";
        }
    std::cout << known_failed << " known failures\n";
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}
