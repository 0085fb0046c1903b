// Snapshot read/write throughput: parses and writes a synthetic N-table
// snapshot (gen_snapshot.hpp) or a given file, printing the median of 5 runs.
//   bench_snapshot [--tables N=5000] [--seed S=42] [--runs R=5] [--file path]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/snapshot.hpp"
#include "gen_snapshot.hpp"

namespace {

double thread_cpu_ms() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct Timing {
    double wall, cpu;  // medians, ms
};

// Returns the median wall and thread-CPU times in ms of `runs` calls of fn
// (CPU time too, because a loaded shared machine inflates wall time).
template <class Fn>
Timing median_ms(int runs, Fn&& fn) {
    std::vector<double> wall, cpu;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        double c0 = thread_cpu_ms();
        fn();
        cpu.push_back(thread_cpu_ms() - c0);
        wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

}  // namespace

int main(int argc, char** argv) {
    pgkit::bench::GenOptions o;
    int runs = 5;
    std::string file;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--tables") o.tables = std::atoi(argv[i + 1]);
        else if (a == "--seed") o.seed = std::strtoull(argv[i + 1], nullptr, 10);
        else if (a == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
        else if (a == "--file") file = argv[i + 1];
    }
    std::string json;
    if (file.empty()) {
        json = pgkit::core::write_snapshot(pgkit::bench::make_snapshot(o));
    } else {
        std::ifstream in(file, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        json = ss.str();
    }
    // Each run reads into a fresh object; freeing the previous one is not timed.
    pgkit::core::Snapshot s;
    std::vector<pgkit::core::Snapshot> keep;
    keep.reserve(static_cast<std::size_t>(runs));
    Timing read = median_ms(runs, [&] { keep.push_back(pgkit::core::read_snapshot(json)); });
    s = std::move(keep.back());
    keep.clear();
    std::string out;
    Timing write = median_ms(runs, [&] { out = pgkit::core::write_snapshot(s); });
    std::size_t columns = 0;
    for (const auto& [k, t] : s.tables) columns += t.columns.size();
    double mb = static_cast<double>(json.size()) / 1e6;
    std::printf("snapshot: %s, %zu tables, %zu columns, %.2f MB\n",
                file.empty() ? ("generated --tables " + std::to_string(o.tables) + " --seed " +
                                std::to_string(o.seed)).c_str()
                             : file.c_str(),
                s.tables.size(), columns, mb);
    double out_mb = static_cast<double>(out.size()) / 1e6;
    std::printf("read_snapshot:  %8.1f ms  %7.1f MB/s   cpu %8.1f ms  %7.1f MB/s  (median of %d)\n",
                read.wall, mb / (read.wall / 1e3), read.cpu, mb / (read.cpu / 1e3), runs);
    std::printf("write_snapshot: %8.1f ms  %7.1f MB/s   cpu %8.1f ms  %7.1f MB/s  (median of %d)\n",
                write.wall, out_mb / (write.wall / 1e3), write.cpu, out_mb / (write.cpu / 1e3), runs);
    return 0;
}
