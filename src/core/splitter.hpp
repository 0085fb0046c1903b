// Migration scripts -> statements. drizzle-kit's files separate statements
// with `--> statement-breakpoint` lines; any other script is cut by a SQL
// lexer that knows Postgres' quoting rules, so a `;` inside a string, a
// dollar-quoted body, a quoted identifier or a comment never splits.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pgkit::core {

// The marker line drizzle-kit writes between statements.
inline constexpr std::string_view statement_breakpoint = "--> statement-breakpoint";

struct ScriptStatement {
    // The exact source text, without surrounding whitespace and, in lexer
    // mode, without the `;` that ended it (comments inside are kept).
    std::string text;
    std::size_t offset = 0;  // byte offset of text in the script
    std::size_t line = 1;    // 1-based line where text starts
};

// Returns true if some line of the script is exactly the breakpoint marker
// (surrounding whitespace and a CR ignored).
bool has_breakpoints(std::string_view script);

// Returns the script's statements in order: split on breakpoint lines when
// the script has any, otherwise by split_sql. Blank pieces (only whitespace
// and comments) are dropped. Throws Error 42601 on an unterminated quote or
// comment, so a broken script is refused before anything runs.
std::vector<ScriptStatement> split_script(std::string_view script, bool standard_conforming_strings = true);

// Returns the statements of plain SQL, split on top-level `;` the way psql
// does: '' and E'' strings (backslash escapes), $tag$ quotes, "identifiers",
// -- and nested /* */ comments, and BEGIN ... END bodies of SQL-standard
// CREATE FUNCTION/PROCEDURE. standard_conforming_strings is the session's
// setting (on by default since PostgreSQL 9.1): on, a backslash in a ''
// string is a character; off, it escapes the next byte, as the server reads it.
std::vector<ScriptStatement> split_sql(std::string_view sql, bool standard_conforming_strings = true);

// Returns true if sql holds no token: only whitespace and comments.
bool is_blank_sql(std::string_view sql);

// Returns the statement on one line (whitespace runs collapsed to a space)
// cut to at most max_bytes at a UTF-8 boundary, with "..." when cut: what an
// error message quotes.
std::string abbreviate_statement(std::string_view statement, std::size_t max_bytes = 120);

}  // namespace pgkit::core

#include "cpp_only.hpp"
