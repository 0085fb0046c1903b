// Writes one generated snapshot pair (gen.hpp) as files, for looking at a
// failing round-trip seed by hand and for the diff benchmark:
//   roundtrip_gen --seed N [--tables N] [--changes N] [--plain] [--alter-only] --out DIR
// -> DIR/a.json, DIR/b.json, DIR/renames.json (--plain: no odd names, no renames;
// --alter-only: only changes inside tables, which drizzle-kit resolves without prompting).
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/snapshot.hpp"
#include "gen.hpp"

int main(int argc, char** argv) {
    std::uint64_t seed = 1;
    pgkit::roundtrip::GenOptions options;
    std::string out;
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) { std::cerr << k << " needs a value\n"; std::exit(2); }
            return argv[++i];
        };
        if (k == "--seed") seed = std::stoull(value());
        else if (k == "--tables") options.tables = std::stoi(value());
        else if (k == "--changes") options.changes = std::stoi(value());
        else if (k == "--plain") options.odd_names = options.renames = false;
        else if (k == "--alter-only") options.alter_only = true;
        else if (k == "--out") out = value();
        else { std::cerr << "unknown option " << k << "\n"; return 2; }
    }
    if (out.empty()) {
        std::cerr << "usage: roundtrip_gen --seed N [--tables N] [--changes N] [--plain] [--alter-only] --out DIR\n";
        return 2;
    }
    auto pair = pgkit::roundtrip::Generator(seed, options).pair();
    std::filesystem::create_directories(out);
    std::ofstream(out + "/a.json") << pgkit::core::write_snapshot(pair.a);
    std::ofstream(out + "/b.json") << pgkit::core::write_snapshot(pair.b);
    std::ofstream renames(out + "/renames.json");
    renames << "[";
    for (std::size_t i = 0; i < pair.renames.size(); ++i)
        renames << (i ? "," : "") << boost::json::serialize(boost::json::value(pair.renames[i]));
    renames << "]";
    return 0;
}
