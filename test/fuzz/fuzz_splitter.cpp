// libFuzzer target for the migration script splitter. Properties:
//  - core::Error (42601, an unterminated quote or comment) is the only
//    exception split_script may throw; a crash or sanitizer report is a bug;
//  - every statement is the exact script text at its offset, non-empty,
//    without surrounding whitespace, and its line is the line of its offset;
//  - without breakpoints, a statement split again is that one statement
//    (the lexer's state at a statement's start is fresh);
//  - abbreviate_statement never exceeds its bound.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/splitter.hpp"

using namespace pgkit::core;

namespace {

[[noreturn]] void fail(const char* what, std::string_view a, std::string_view b = {}) {
    std::fprintf(stderr, "property violated: %s\n--- first\n%.*s\n--- second\n%.*s\n", what,
                 static_cast<int>(a.size()), a.data(), static_cast<int>(b.size()), b.data());
    std::abort();
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string script(reinterpret_cast<const char*>(data), size);
    std::vector<ScriptStatement> statements;
    try {
        statements = split_script(script);
    } catch (const Error& e) {
        if (e.sqlstate() != "42601") fail("unexpected SQLSTATE", e.sqlstate(), e.what());
        return 0;
    }
    bool breakpoints = has_breakpoints(script);
    for (const auto& st : statements) {
        if (st.text.empty()) fail("empty statement", script);
        if (is_space(st.text.front()) || is_space(st.text.back())) fail("untrimmed statement", st.text);
        if (st.offset + st.text.size() > script.size() || script.compare(st.offset, st.text.size(), st.text) != 0)
            fail("statement is not the script text at its offset", st.text, script);
        auto line = 1 + static_cast<std::size_t>(std::count(script.begin(), script.begin() + static_cast<long>(st.offset), '\n'));
        if (line != st.line) fail("wrong line number", st.text, script);
        if (!breakpoints) {
            auto again = split_sql(st.text);
            if (again.size() != 1 || again[0].text != st.text) fail("re-splitting a statement changed it", st.text);
        }
        if (abbreviate_statement(st.text, 40).size() > 40) fail("abbreviation over its bound", st.text);
    }
    return 0;
}
