// A snapshot as a jsonb Datum, built from the writer's events: no JSON text
// is printed nor parsed again by jsonb_in (which was ~15% of
// pgkit.introspect() at 1,000 tables).
#pragma once
#include "core/snapshot.hpp"
#include "pg/pg.hpp"

namespace pgkit::pg {

// Returns the snapshot's v7 document as a jsonb Datum in the current memory
// context; equal to jsonb_in(write_snapshot(snapshot, options)).
Datum snapshot_jsonb(const core::Snapshot& snapshot, const core::WriteOptions& options);

}  // namespace pgkit::pg
