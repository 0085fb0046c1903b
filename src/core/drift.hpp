// Drift: the live schema (introspected) against an expected snapshot, as a
// list of findings a person can act on. Semantic, not textual: column order
// is ignored, types compare in canonical form, expressions compare as
// Postgres prints them (the glue deparses the expected side through the
// server, see README "Drift"; without a server a textual fallback applies).
//
// A finding is (kind, object, problem, expected, actual):
//   kind     schema | table | column | index | foreign_key | primary_key |
//            unique | check | enum | sequence | view | policy | role | rls |
//            and, with include_unmanaged, the unmanaged kinds (trigger, ...)
//   object   qualified, unquoted, dot-joined: `public.users`,
//            `public.users.email` (columns, constraints, policies are
//            table-scoped), `public.users_email_idx` (indexes are
//            schema-scoped, like in Postgres), `app` (schemas), `admin` (roles)
//   problem  `missing` (expected, not in the database), `extra` (in the
//            database, not expected), or `changed: <attribute>` where the
//            attribute is one of: type, nullability, default, collation,
//            identity, identity <option> (increment, minvalue, maxvalue,
//            start, cache, cycle, sequence name), generated, definition
//            (indexes, constraints, views), labels, label order, increment,
//            minvalue, maxvalue, start, cache, cycle (sequences),
//            materialized, options (views), as, for, to, using, with check
//            (policies), enabled, forced (rls), createdb, createrole, inherit
//            (roles)
//   expected / actual: the attribute's value on each side (NULL when absent)
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model.hpp"

namespace pgkit::core {

struct Finding {
    std::string kind;
    std::string object;
    std::string problem;
    std::optional<std::string> expected, actual;
    bool operator==(const Finding&) const = default;
};

struct DriftOptions {
    // `kind:object` patterns with `*` globs (`index:public.*_trgm_idx`,
    // `column:public.users.*`, `*:audit.*`); a matching finding is dropped.
    std::vector<std::string> ignore;
    // Also compare schemas the expected snapshot does not mention, roles it
    // does not declare, and objects pgkit reports as unmanaged (triggers,
    // functions, ...). Off: they are outside the model, not drift.
    bool include_unmanaged = false;
};

// Returns the findings, sorted by object, then kind, then problem. `expected`
// is compared as written (expressions through the textual fallback).
std::vector<Finding> compare(const Snapshot& expected, const Snapshot& actual,
                             const DriftOptions& options = {});

// Returns the findings when the glue could build `expected` in a scratch
// schema and introspect it back (`deparsed`, schema names already mapped
// back): every object present in `deparsed` is compared in Postgres' own
// printing (exactly); objects the scratch build could not create fall back
// to `expected` and the textual normalisation.
std::vector<Finding> compare(const Snapshot& expected, const Snapshot& deparsed,
                             const Snapshot& actual, const DriftOptions& options);

// Has the server deparse `subset` (see deparse_subset): returns it read
// back, schema names as in the snapshot, or nullopt when it cannot.
using Deparser = std::function<std::optional<Snapshot>(const Snapshot& subset)>;

// Returns the findings, flattening each side once: what differs textually
// (deparse_subset) is handed to `deparse` and compared in its printing; the
// rest as written.
std::vector<Finding> compare(const Snapshot& expected, const Snapshot& actual, const DriftOptions& options,
                             const Deparser& deparse);

// Returns what the glue must build in scratch schemas to have Postgres print
// the expected side: the tables with a column type, default, generated
// expression, check, index or policy that differs textually from the live
// one, and such views (with every table, since a view may read any); plus
// every schema, enum and sequence they may use. Foreign keys, roles,
// standalone policies and `.existing()` views are left out (they need no
// deparsing, and building them would touch live objects). When nothing
// differs textually, the result has no table and no view: skip the build.
Snapshot deparse_subset(const Snapshot& expected, const Snapshot& actual);

// Returns the schemas a drift check must read from the database: public, the
// snapshot's schemas and those of its objects, and the schemas of the
// tables its standalone policies are linked to. Sorted.
std::vector<std::string> schemas_to_read(const Snapshot& expected);

// Returns (schema, table) of a standalone policy's `on` ("s"."t" or "t",
// quoted as drizzle writes it; a bare table is in public).
std::pair<std::string, std::string> parse_policy_target(const std::string& on);

// Throws Error 22023 unless every pattern is `kind:object` (kind and object
// non-empty; `*` globs allowed in both).
void validate_ignore_patterns(const std::vector<std::string>& patterns);

// Returns whether `pattern` (`kind:object`, `*` globs) matches the finding.
bool ignore_matches(const std::string& pattern, const Finding& finding);

// Returns a multi-line report, one finding per line:
// `column public.users.email: changed: type (expected text, actual varchar(10))`.
std::string format_report(const std::vector<Finding>& findings);

}  // namespace pgkit::core

#include "cpp_only.hpp"
