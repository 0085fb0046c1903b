// Seeded round trips on the server (issue diff §8). For each seed, a pair of
// snapshots (A, B) from test/roundtrip/gen.hpp, and on the server:
//   * determinism: diff(A, B) computed twice gives the same statements;
//   * diff(A, A) and diff(B, B) are empty;
//   * database src: diff(empty, A) applied, then diff(A, B, hints) applied;
//     database dst: diff(empty, B) applied; src and dst are equal through the
//     catalog description (test/server/describe.sql).
// Each statement list is applied in one transaction (CONCURRENTLY alone).
// Usage: roundtrip_server --describe FILE [--seeds FIRST-LAST] [--tables N] [--changes N]
//                         [--known-failures FILE]
// A failure prints the seed, what failed and the statements involved;
// `roundtrip_gen --seed N --out DIR` writes that pair for a closer look.
// Last line: "N passed, N failed" (one test per seed).
#include <chrono>
#include <iostream>

#include "core/snapshot.hpp"
#include "roundtrip/gen.hpp"
#include "server.hpp"

using namespace pgkit::server;

namespace {

struct Failure {
    std::string what;
    std::vector<std::string> statements;  // the statements involved, if any
    std::vector<std::string> detail;      // catalog differences
};

// Returns pgkit.diff's statements, or throws a Failure naming the call.
std::vector<std::string> diff(Conn& ctl, const std::string& a, const std::string& b, const std::string& renames,
                              const std::string& label) {
    Result r = ctl.exec(
        "SELECT statement FROM pgkit.diff($1::jsonb, $2::jsonb, "
        "ARRAY(SELECT jsonb_array_elements_text($3::jsonb))) ORDER BY seq",
        {a, b, renames});
    if (!r.ok) throw Failure{label + " raised " + r.error(), {}, {}};
    std::vector<std::string> out;
    for (auto& row : r.rows) out.push_back(row.at(0).value_or(""));
    return out;
}

// Returns the JSON array text of the hints.
std::string json_array(const std::vector<std::string>& items) {
    boost::json::array a;
    for (auto& s : items) a.emplace_back(boost::json::string_view(s));
    return boost::json::serialize(a);
}

void run_seed(Scratch& s, std::uint64_t seed, const pgkit::roundtrip::GenOptions& opt, const std::string& describe_sql) {
    auto pair = pgkit::roundtrip::Generator(seed, opt).pair();
    const std::string empty = pgkit::core::write_snapshot(pgkit::core::Snapshot{});
    const std::string a = pgkit::core::write_snapshot(pair.a), b = pgkit::core::write_snapshot(pair.b);
    const std::string hints = json_array(pair.renames);

    auto ab = diff(*s.ctl, a, b, hints, "diff(A, B)");
    if (auto again = diff(*s.ctl, a, b, hints, "diff(A, B) again"); again != ab)
        throw Failure{"diff(A, B) is not deterministic (second run differs)", again, {}};
    if (auto aa = diff(*s.ctl, a, a, "[]", "diff(A, A)"); !aa.empty())
        throw Failure{"diff(A, A) is not empty", aa, {}};
    if (auto bb = diff(*s.ctl, b, b, "[]", "diff(B, B)"); !bb.empty())
        throw Failure{"diff(B, B) is not empty", bb, {}};
    auto to_a = diff(*s.ctl, empty, a, "[]", "diff(empty, A)");
    auto to_b = diff(*s.ctl, empty, b, "[]", "diff(empty, B)");

    reset_database(*s.src);
    reset_database(*s.dst);
    s.drop_case_roles();
    if (auto err = apply_statements(*s.src, to_a); !err.empty())
        throw Failure{"building A from empty: " + err, to_a, {}};
    if (auto err = apply_statements(*s.src, ab); !err.empty())
        throw Failure{"applying diff(A, B): " + err, ab, {}};
    const std::string got = describe(*s.src, describe_sql);
    reset_database(*s.src);
    s.drop_case_roles();
    if (auto err = apply_statements(*s.dst, to_b); !err.empty())
        throw Failure{"building B from empty: " + err, to_b, {}};
    const std::string want = describe(*s.dst, describe_sql);
    if (auto d = compare(got, want); !d.empty())
        throw Failure{std::to_string(d.size()) + " difference(s) between A + diff(A, B) and B", ab, d};
}

}  // namespace

int main(int argc, char** argv) {
    std::string describe_file, known_file;
    std::uint64_t first = 1, last = 20;
    pgkit::roundtrip::GenOptions opt;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string k = argv[i], v = argv[i + 1];
        if (k == "--describe") describe_file = v;
        else if (k == "--seeds") {
            auto dash = v.find('-');
            first = std::stoull(v.substr(0, dash));
            last = dash == std::string::npos ? first : std::stoull(v.substr(dash + 1));
        } else if (k == "--tables") opt.tables = std::stoi(v);
        else if (k == "--changes") opt.changes = std::stoi(v);
        else if (k == "--known-failures") known_file = v;
        else { std::cerr << "unknown option " << k << "\n"; return 2; }
    }
    if (describe_file.empty()) {
        std::cerr << "usage: roundtrip_server --describe FILE [--seeds FIRST-LAST] [--tables N] [--changes N]"
                     " [--known-failures FILE]\n";
        return 2;
    }
    try {
        const std::string describe_sql = read_file(describe_file);
        auto t0 = std::chrono::steady_clock::now();
        Scratch s("pgkit_roundtrip", true);
        if (!s.ctl->must("SELECT to_regprocedure('pgkit.diff(jsonb,jsonb,text[])') IS NOT NULL").rows[0][0]
                 .value_or("f").starts_with("t")) {
            std::cout << "SKIP pgkit.diff is not in this build\n0 passed, 0 failed\n";
            return 0;
        }
        // Seeds listed as known failures (for this generator and these
        // options): KNOWN FAIL, not counted; one that passes is an XPASS failure.
        const auto known = read_known(known_file);
        int passed = 0, failed = 0, known_failed = 0;
        for (std::uint64_t seed = first; seed <= last; ++seed) {
            const bool listed = known.count(std::to_string(seed)) != 0;
            try {
                run_seed(s, seed, opt, describe_sql);
                if (listed) {
                    ++failed;
                    std::cout << "XPASS seed " << seed << ": passes but is listed in the known failures: remove it\n";
                } else {
                    ++passed;
                }
            } catch (const Failure& f) {
                if (listed) {
                    ++known_failed;
                    std::cout << "KNOWN FAIL seed " << seed << ": " << f.what.substr(0, 300) << "\n";
                    continue;
                }
                ++failed;
                std::cout << "FAIL seed " << seed << ": " << f.what << "\n";
                for (std::size_t i = 0; i < f.detail.size() && i < 12; ++i) std::cout << "    " << f.detail[i] << "\n";
                for (std::size_t i = 0; i < f.statements.size(); ++i)
                    std::cout << "    [" << i + 1 << "] " << f.statements[i] << "\n";
                std::cout << "    (roundtrip_gen --seed " << seed << " --tables " << opt.tables << " --changes "
                          << opt.changes << " --out DIR writes this pair)\n";
            } catch (const std::exception& e) {
                ++failed;
                std::cout << "FAIL seed " << seed << ": harness error: " << e.what() << "\n";
            }
        }
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("round trips, seeds %llu-%llu (%d tables, %d changes): %d passed, %d failed, "
                    "%d known failures, %.1f s\n",
                    static_cast<unsigned long long>(first), static_cast<unsigned long long>(last), opt.tables,
                    opt.changes, passed, failed, known_failed, secs);
        std::printf("%d passed, %d failed\n", passed, failed);
        return failed == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::cout << "harness error: " << e.what() << "\n0 passed, 1 failed\n";
        return 1;
    }
}
