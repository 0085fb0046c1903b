// SQL rendering in drizzle-kit 0.31's style (DRIZZLE-FORMAT.md §5): the
// standalone emitters and the building blocks the differ prints with. Every
// identifier goes through quote_ident.
#pragma once
#include <string>
#include <vector>

#include "model.hpp"

namespace pgkit::core {

// Returns the CREATE TABLE statement (columns, primary keys, uniques, checks
// inline; ends with ";\n"), followed by its foreign keys, indexes, RLS and
// policies as separate statements, in the order drizzle-kit emits them.
std::vector<std::string> create_table_statements(const Table& table);
// Returns CREATE TYPE ... AS ENUM (...);
std::string create_enum_sql(const Enum& e);
// Returns CREATE [UNIQUE] INDEX ... ON <table> ...;
std::string create_index_sql(const Table& table, const Index& index);
// Returns CREATE POLICY ... ON <table> ...;
std::string create_policy_sql(const Table& table, const Policy& policy);

// Returns the table reference: "t" in public, "s"."t" elsewhere.
std::string table_ref(const std::string& schema, const std::string& name);

}  // namespace pgkit::core

#include "cpp_only.hpp"
