// libFuzzer target for the JSON -> model -> JSON path. Properties:
//  - core::Error is the only exception the reader may throw (anything else,
//    a crash or a sanitizer report is a bug);
//  - what the writer produces reads back, and writing that again gives the
//    same bytes (write(read(write(read(x)))) == write(read(x)));
//  - every column type either is rejected with core::Error or has a canonical
//    form that is its own fixed point.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/snapshot.hpp"
#include "core/types.hpp"

using namespace pgkit::core;

namespace {

[[noreturn]] void fail(const char* what, const std::string& a, const std::string& b = {}) {
    std::fprintf(stderr, "property violated: %s\n--- first\n%s\n--- second\n%s\n", what, a.c_str(),
                 b.c_str());
    std::abort();
}

void check_types(const Snapshot& s) {
    for (const auto& [k, t] : s.tables)
        for (const auto& [ck, c] : t.columns) {
            try {
                std::string canon = c.typeSchema ? canonical_type(c.type, *c.typeSchema)
                                                 : canonical_type(c.type);
                if (!c.typeSchema && canonical_type(canon) != canon)
                    fail("canonical type is not a fixed point", c.type, canon);
            } catch (const Error&) {
            }
        }
}

void round_trip(std::string_view input, const ReadOptions& options) {
    Snapshot first;
    try {
        first = read_snapshot(input, options);
    } catch (const Error&) {
        return;  // rejected input: fine, as long as it is a core::Error
    }
    std::string out = write_snapshot(first);
    Snapshot second;
    try {
        second = read_snapshot(out, options);
    } catch (const Error& e) {
        fail("writer output does not read back", out, e.what());
    }
    std::string again = write_snapshot(second);
    if (again != out) fail("write(read(write(x))) != write(x)", out, again);
    check_types(first);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    round_trip(input, {});
    round_trip(input, {.truncate_long_names = false});
    try {
        read_table(input);
    } catch (const Error&) {
    }
    return 0;
}
