// Planning from a live database to a snapshot: the target's SQL text
// (checks, index expressions, defaults, generated columns, policies, view
// definitions) is drizzle's spelling, the live side is Postgres' own
// (pg_get_expr and friends: `"age" > 21` for drizzle's `"account"."age" > 21`).
// A textual diff would recreate every such object on every plan. The glue
// has the server print the target's differing objects (the drift
// machinery: core::deparse_subset + a scratch build); where that printing
// equals the live object, the target takes the live spelling, so only real
// changes remain.
#pragma once
#include "model.hpp"

namespace pgkit::core {

// Rewrites `target` in place: every check, index, column default, generated
// expression, column type, table policy and view definition whose deparsed
// form (the same object in `deparsed`, keyed as in the target) equals the
// live one (same key in `live`) takes the live spelling. Objects missing on
// either side, or deparsed differently, are left as they are.
// Standalone policies on one of the target's own tables are aligned too,
// from that table's inline policy in `live` and `deparsed` (build the
// deparse subset from inline_linked_policies(target) so they are printed).
void align_to_live(Snapshot& target, const Snapshot& live, const Snapshot& deparsed);

// Returns the target with every standalone policy on one of its own tables
// moved into that table's policies (how introspection lists it), for the
// scratch build that has the server print it.
Snapshot inline_linked_policies(const Snapshot& target);

// Standalone policies (drizzle's pgPolicy(...).link(table)) as the live side
// should see them: introspection lists every policy under its table, so the
// live policy of a target standalone policy's name and table becomes a live
// standalone policy keyed as the target keys it. A table the target names
// only through such policies (e.g. Supabase's "auth"."users") is not the
// target's to create or drop: it is removed from `live`, all its policies
// become standalone ones, and its schema is left alone unless the target
// declares it.
void detach_linked_tables(Snapshot& live, const Snapshot& target);

}  // namespace pgkit::core

#include "cpp_only.hpp"
