// libFuzzer target for reader -> diff -> render (issue "pgkit.diff()" §9).
// Input: one snapshot, or two separated by a line "----" (source, target).
// Properties:
//  - core::Error is the only exception any stage may throw (anything else,
//    a crash or a sanitizer report is a bug);
//  - diff(s, s) is empty for every snapshot the reader accepts;
//  - diff is deterministic (same input, same statements);
//  - every statement is non-empty and ends with ';' (or ";\n").
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/diff.hpp"
#include "core/error.hpp"
#include "core/snapshot.hpp"

using namespace pgkit::core;

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "property violated: %s\n%s\n", what, detail.c_str());
    std::abort();
}

std::string joined(const std::vector<Statement>& statements) {
    std::string out;
    for (const auto& s : statements) out += s.sql + "\n";
    return out;
}

void check_statements(const std::vector<Statement>& statements) {
    for (const auto& s : statements) {
        std::string_view sql = s.sql;
        while (!sql.empty() && (sql.back() == '\n' || sql.back() == ' ')) sql.remove_suffix(1);
        if (sql.empty() || sql.back() != ';') fail("statement does not end with ';'", s.sql);
    }
}

// Returns the statements, or nothing when pgkit rejects the pair with its own error.
bool try_diff(const Snapshot& a, const Snapshot& b, std::vector<Statement>& out) {
    try {
        out = diff(a, b);
        return true;
    } catch (const Error&) {
        return false;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string_view first = input, second;
    if (auto cut = input.find("\n----\n"); cut != std::string_view::npos) {
        first = input.substr(0, cut);
        second = input.substr(cut + 6);
    }
    Snapshot a, b;  // default: the empty snapshot
    try {
        a = read_snapshot(first);
        if (!second.empty()) b = read_snapshot(second);
    } catch (const Error&) {
        return 0;
    }
    std::vector<Statement> same;
    if (try_diff(a, a, same) && !same.empty()) fail("diff(s, s) is not empty", joined(same));
    for (const auto& [from, to] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
        std::vector<Statement> once, twice;
        if (!try_diff(*from, *to, once)) continue;
        check_statements(once);
        if (!try_diff(*from, *to, twice) || joined(once) != joined(twice))
            fail("diff is not deterministic", joined(once) + "---\n" + joined(twice));
    }
    return 0;
}
