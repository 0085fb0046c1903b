// The live schema as a core::Snapshot, for every glue file that compares or
// generates from it (pgkit.introspect, plan, check_drift, codegen).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace pgkit::pg {

// Returns the snapshot of the current database: the schemas named (nullopt =
// every user schema; never pg_catalog, information_schema, pg_toast*,
// pg_temp*, pgkit or an extension's objects), read through SPI in the
// caller's snapshot with a constant number of set-based catalog queries.
// Objects outside the model are listed in Snapshot::unmanaged.
// The caller must be inside a transaction; SPI may already be connected.
core::Snapshot introspect_snapshot(const std::optional<std::vector<std::string>>& schemas);

}  // namespace pgkit::pg
