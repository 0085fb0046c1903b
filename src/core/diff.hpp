// The differ: two snapshots (+ rename hints) -> ordered DDL statements in
// drizzle-kit 0.31's style, each with its hazards.
#pragma once
#include <string>
#include <vector>

#include "model.hpp"

namespace pgkit::core {

struct Statement {
    std::string sql;                   // one statement, ';'-terminated
    std::string kind;                  // e.g. "create_table", "alter_column_type"
    std::vector<std::string> hazards;  // deletes_data, rewrites_table, ...
};

// Returns the statements that take a database in state `source` to `target`.
// `renames`: drizzle-kit hints (DESIGN.md §4), e.g. "public.a->public.b".
// Throws Error 22023 for an invalid hint (malformed, or matching no object
// that exists only in the source and one only in the target), and the error
// Postgres would raise for a target it rejects: 42710 (two constraints of one
// table with one name), 42P07 (an index named like a constraint's index).
std::vector<Statement> diff(const Snapshot& source, const Snapshot& target,
                            const std::vector<std::string>& renames = {});

// Returns the statements joined by "\n--> statement-breakpoint\n".
std::string diff_script(const std::vector<Statement>& statements);

}  // namespace pgkit::core

#include "cpp_only.hpp"
