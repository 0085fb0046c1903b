// A snapshot as a jsonb Datum, encoded from the writer's events into jsonb's
// binary format: no JSON text is printed nor parsed again by jsonb_in (which
// was ~15% of pgkit.introspect() at 1,000 tables), and no JsonbValue tree is
// built for JsonbValueToJsonb (the next ~15%).
#pragma once
#include <functional>

#include "core/snapshot.hpp"
#include "pg/pg.hpp"

namespace pgkit::pg {

// Returns the snapshot's v7 document as a jsonb Datum in the current memory
// context; equal to jsonb_in(write_snapshot(snapshot, options)).
Datum snapshot_jsonb(const core::Snapshot& snapshot, const core::WriteOptions& options);

// Returns the jsonb of the document emit() writes into the sink it is given
// (exactly what jsonb_in makes of the same document as text). Throws
// core::Error 22023 for an unbalanced event stream.
Datum sink_jsonb(const std::function<void(core::JsonSink&)>& emit);

}  // namespace pgkit::pg
