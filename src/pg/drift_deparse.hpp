// Drift glue helpers: small SPI access, live role attributes, and the
// scratch build that has the server deparse the expected snapshot.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace pgkit::pg::drift {

using Row = std::vector<std::optional<std::string>>;

// Returns the rows of `sql` (every value as text, NULL as nullopt); the
// parameters are text ($1, $2, ...; nullopt = NULL). Connects SPI itself.
std::vector<Row> query(const char* sql, const Row& params = {});

// Returns a text[] input literal ({"a","b"}) of the items.
std::string text_array_literal(const std::vector<std::string>& items);

// Fills actual.roles with the live attributes of every role the expected
// snapshot declares (all non-system roles with `all`): introspection lists
// only the roles its policies name.
void fill_roles(const core::Snapshot& expected, core::Snapshot& actual, bool all);

// Returns `subset` (core::deparse_subset: the expected objects whose text
// differs from the live one) as Postgres prints it: built under throwaway
// schema names inside subtransactions that are always rolled back,
// introspected, mapped back. Objects that fail to build are simply absent
// (the caller falls back to textual comparison for them); nullopt when no
// scratch build was possible (e.g. no CREATE privilege on the database),
// after a NOTICE saying so.
std::optional<core::Snapshot> deparse_expected(const core::Snapshot& subset);

}  // namespace pgkit::pg::drift

