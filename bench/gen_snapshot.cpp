// Writes a synthetic drizzle v7 snapshot to stdout (see gen_snapshot.hpp).
//   gen_snapshot [--tables N=5000] [--seed S=42] [--mutate PCT=0] [--drizzle-only]
// The same --tables/--seed with --mutate PCT gives the base schema with ~PCT%
// of its objects changed (prevId = the base's id): a pair for diff benchmarks.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "core/snapshot.hpp"
#include "gen_snapshot.hpp"

int main(int argc, char** argv) {
    pgkit::bench::GenOptions o;
    pgkit::core::WriteOptions w;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "gen_snapshot: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--tables") o.tables = std::atoi(value());
        else if (a == "--seed") o.seed = std::strtoull(value(), nullptr, 10);
        else if (a == "--mutate") o.mutate_pct = std::atof(value());
        else if (a == "--drizzle-only") w.drizzle_only = true;
        else {
            std::fprintf(stderr,
                         "usage: gen_snapshot [--tables N] [--seed S] [--mutate PCT] [--drizzle-only]\n");
            return 2;
        }
    }
    if (o.tables < 1) {
        std::fprintf(stderr, "gen_snapshot: --tables must be >= 1\n");
        return 2;
    }
    std::cout << pgkit::core::write_snapshot(pgkit::bench::make_snapshot(o), w) << '\n';
    return 0;
}
