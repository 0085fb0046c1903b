// Moving a snapshot to other schema names, for drift's scratch build: the
// expected objects are created under throwaway schema names (so they never
// collide with the live ones) and the introspected result is mapped back.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "model.hpp"

namespace pgkit::core {

using SchemaMap = std::map<std::string, std::string>;  // from -> to ("public" spelled out)

// Returns `sql` with every schema qualifier `from.` / `"from".` (outside
// string literals, at a token boundary) replaced by `to`, quoted when needed.
// With `inside_literals`, qualifiers inside '...' literals (regclass
// constants such as nextval('s.seq'::regclass)) are replaced too: safe only
// for `from` names nobody else uses (the scratch names).
std::string rename_qualifiers(std::string_view sql, const SchemaMap& map, bool inside_literals = false);

// Returns the snapshot with every schema in `map` renamed: object keys and
// schema fields, enum/FK/identity/policy references, the schemas list, and
// the qualifiers inside expressions and view definitions. A table moved to
// "public" gets schema "" (drizzle's spelling).
Snapshot rename_schemas(const Snapshot& snapshot, const SchemaMap& map, bool inside_literals = false);

// Returns `name` as Postgres' deparsers print an identifier: bare when it is
// a plain lowercase identifier, double-quoted otherwise (keywords are not
// detected).
std::string print_identifier(std::string_view name);

}  // namespace pgkit::core

#include "cpp_only.hpp"
