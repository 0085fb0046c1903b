// SQL rendering in drizzle-kit 0.31's style (DRIZZLE-FORMAT.md §5): the
// standalone emitters and the building blocks the differ prints with. Every
// identifier goes through quote_ident.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "model.hpp"

namespace pgkit::core {

// Returns the CREATE TABLE statement (columns, primary keys, uniques, checks
// inline; ends with ";\n"), followed by its foreign keys, indexes, RLS and
// policies as separate statements, in the order drizzle-kit emits them.
// Validates the table strictly first (validate_table).
std::vector<std::string> create_table_statements(const Table& table);
// Returns CREATE TYPE ... AS ENUM (...);  (validates names and values)
std::string create_enum_sql(const Enum& e);
// Returns CREATE [UNIQUE] INDEX ... ON <table> ...;  (validates the index)
std::string create_index_sql(const Table& table, const Index& index);
// Returns CREATE POLICY ... ON <table> ...;  (validates the policy)
std::string create_policy_sql(const Table& table, const Policy& policy);

// Throws Error naming the object when the table cannot be created as
// written: duplicate column names (42701), a PK/unique/index/FK column that
// does not exist (42703), an unknown or malformed type (42704 / 42601), an
// invalid name (42602 / 42622), an invalid option value (22023).
void validate_table(const Table& table);

// --- building blocks shared with the differ (no strict validation) -------

// Returns the names quoted and comma-joined: "a","b" (drizzle's key lists).
std::string quoted_list(const std::vector<std::string>& cols);
// Returns the table reference: "t" in public, "s"."t" elsewhere.
std::string table_ref(const std::string& schema, const std::string& name);
// Returns "schema"."name" with the schema always spelled ("public" for "").
std::string qualified_ref(const std::string& schema, const std::string& name);
// Returns the column type as drizzle-kit prints it in CREATE TABLE / ADD
// COLUMN: built-in types bare, enums (and types outside drizzle-kit's native
// list) quoted, qualified outside public. `always_qualify` qualifies enums in
// public too (SET DATA TYPE, casts). Throws 22023 for a type that would be
// printed bare but is not a plain type spelling (SQL injection guard).
std::string column_type_sql(const Column& column, bool is_enum, bool always_qualify);
// Returns the COLLATE operand of a column's collation (pgkit extra): a
// collation name as Postgres prints it, optionally schema-qualified
// (pg_catalog."C", app.ci), each part re-quoted so the text stays one name;
// a single bare word is the name as written ("C"). 22023 for anything else.
std::string collation_sql(const std::string& collation, const std::string& column);
// Returns the column clause of CREATE TABLE (in_create) or ADD COLUMN.
std::string column_definition_sql(const Table& table, const Column& column, bool is_enum,
                                  bool in_create);
// Returns the CREATE TABLE statement alone (ends with ";\n").
std::string create_table_sql(const Table& table, const std::vector<bool>& column_is_enum);
// Returns " DEFERRABLE [INITIALLY DEFERRED]" for a deferrable constraint
// (pgkit extra of foreign keys, primary keys and uniques), "" otherwise.
std::string deferrable_sql(bool deferrable, bool initially_deferred);
// Returns ALTER TABLE ... ADD CONSTRAINT ... PRIMARY KEY(...) [DEFERRABLE ...];
std::string add_primary_key_sql(const Table& table, const PrimaryKey& pk);
// Returns ALTER TABLE ... ADD CONSTRAINT ... UNIQUE[ NULLS NOT DISTINCT](...) [DEFERRABLE ...];
std::string add_unique_sql(const Table& table, const Unique& unique);
// Returns ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY ...;
std::string foreign_key_sql(const Table& table, const ForeignKey& fk);
// Returns ALTER TABLE ... ENABLE|DISABLE ROW LEVEL SECURITY;
std::string rls_sql(const Table& table, bool enable);
// Returns ALTER TABLE ... [NO] FORCE ROW LEVEL SECURITY; (pgkit extra rlsForced)
std::string force_rls_sql(const Table& table, bool force);
// Returns the role list of a policy's TO clause.
std::string policy_roles_sql(const Policy& policy);
// Returns CREATE POLICY for a policy whose table reference is already SQL.
std::string create_policy_on_sql(const std::string& on, const Policy& policy);
// Returns " GENERATED ... AS IDENTITY (sequence name ... )".
std::string identity_sql(const Table& table, const Identity& identity);
// Returns the index statement for a table without validating.
std::string index_sql(const Table& table, const Index& index);
// Returns the CREATE TYPE statement without validating.
std::string enum_sql(const Enum& e);
// Returns " INCREMENT BY 1 MINVALUE 1 ..." for a sequence.
std::string sequence_options_sql(const Sequence& s);
// Returns a standalone policy's "on" re-quoted ("s"."t" or "t"); 22023 if it
// is not a quoted table reference.
std::string policy_target_sql(const std::string& on);
// Returns the (schema, table) a standalone policy's "on" names (schema "" when
// unqualified); 22023 like policy_target_sql.
std::pair<std::string, std::string> policy_target(const std::string& on);
// Returns the "schema.table" key (public spelled out) of a policy's "on".
std::string policy_target_key(const std::string& on);

}  // namespace pgkit::core

#include "cpp_only.hpp"
