// Drift SQL API: check_drift, is_clean, assert_clean, set_expected. The
// comparison itself is core::compare; this file finds the expected snapshot,
// introspects the live database, and has the expected side deparsed by the
// server (drift_deparse.cpp) so expressions compare as Postgres prints them.
#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "core/drift.hpp"
#include "core/snapshot.hpp"
#include "pg/drift_deparse.hpp"
#include "pg/introspect.hpp"
#include "pg/pg.hpp"

extern "C" {
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"
}

namespace {

using pgkit::core::Error;
namespace core = pgkit::core;
namespace pg = pgkit::pg;

constexpr const char* no_data_found = "P0002";

struct Expected {
    std::string json;
    std::vector<std::string> ignore;  // stored with set_expected
};

// Returns the expected snapshot drift is checked against by default: the
// newer of pgkit.expected (set_expected) and the newest snapshot recorded by
// a migration; set_expected's ignore patterns come with either.
Expected stored_expected() {
    auto rows = pg::drift::query(
        "WITH c AS ("
        " SELECT e.snapshot, e.set_at AS at, 1 AS pri FROM pgkit.expected e"
        " UNION ALL"
        " (SELECT m.snapshot, m.applied_at, 0 FROM pgkit.migrations m"
        "  WHERE m.snapshot IS NOT NULL ORDER BY m.id DESC LIMIT 1))"
        " SELECT (SELECT c.snapshot::text FROM c ORDER BY c.at DESC, c.pri DESC LIMIT 1),"
        " x.p FROM (SELECT 1) one LEFT JOIN LATERAL"
        " (SELECT unnest(e.ignore) AS p FROM pgkit.expected e) x ON true");
    Expected e;
    if (rows.empty() || !rows[0][0])
        throw Error(no_data_found, "pgkit: no expected snapshot to check drift against",
                    "pgkit.expected is empty and no migration in pgkit.migrations recorded a snapshot.",
                    "Pass one (pgkit.check_drift('<snapshot json>')), store one with "
                    "pgkit.set_expected('<snapshot json>'), or apply a migration with its snapshot.");
    e.json = *rows[0][0];
    for (const auto& r : rows)
        if (r[1]) e.ignore.push_back(*r[1]);
    return e;
}

// Returns the findings of one check_drift call (arguments 0..2 as declared).
std::vector<core::Finding> run_check(FunctionCallInfo fcinfo, bool has_unmanaged_arg) {
    std::string json;
    std::vector<std::string> ignore;
    if (!PG_ARGISNULL(1)) ignore = pg::text_array_arg(fcinfo, 1);
    core::validate_ignore_patterns(ignore);
    if (PG_ARGISNULL(0)) {
        Expected stored = stored_expected();
        json = std::move(stored.json);
        if (ignore.empty()) ignore = std::move(stored.ignore);
    } else {
        json = pg::jsonb_arg(fcinfo, 0);
    }
    core::ReadOptions ro;
    ro.truncate_long_names = true;
    ro.notice = [](const std::string& m) { pg::notice(m); };
    core::Snapshot expected = core::read_snapshot(json, ro);

    core::DriftOptions options;
    options.ignore = std::move(ignore);
    options.include_unmanaged = has_unmanaged_arg && !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);

    // Only what the comparison looks at is read (other schemas are outside
    // the model unless include_unmanaged).
    std::optional<std::vector<std::string>> scope;
    if (!options.include_unmanaged) scope = core::schemas_to_read(expected);
    core::Snapshot actual = pg::introspect_snapshot(scope);
    pg::drift::fill_roles(expected, actual, options.include_unmanaged);
    return core::compare(expected, actual, options,
                         [](const core::Snapshot& subset) { return pg::drift::deparse_expected(subset); });
}

// Returns a text Datum, or marks the column NULL.
Datum optional_text(const std::optional<std::string>& s, bool* isnull) {
    *isnull = !s.has_value();
    return s ? pg::text_datum(*s) : Datum(0);
}

}  // namespace

// check_drift(expected jsonb, ignore text[], include_unmanaged boolean)
// RETURNS TABLE(kind, object, problem, expected, actual)
PGKIT_FUNCTION(pgkit_check_drift) {
    std::vector<core::Finding> findings = run_check(fcinfo, true);
    auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
    pg::call([&] { InitMaterializedSRF(fcinfo, 0); });
    for (const auto& f : findings) {
        Datum values[5];
        bool nulls[5] = {false, false, false, false, false};
        values[0] = pg::text_datum(f.kind);
        values[1] = pg::text_datum(f.object);
        values[2] = pg::text_datum(f.problem);
        values[3] = optional_text(f.expected, &nulls[3]);
        values[4] = optional_text(f.actual, &nulls[4]);
        pg::call([&] { tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls); });
    }
    return Datum(0);
}

// is_clean(expected jsonb, ignore text[]) RETURNS boolean
PGKIT_FUNCTION(pgkit_is_clean) { return BoolGetDatum(run_check(fcinfo, false).empty()); }

// assert_clean(expected jsonb, ignore text[]) RETURNS void: P0001 with the
// report in DETAIL when there is drift.
PGKIT_FUNCTION(pgkit_assert_clean) {
    std::vector<core::Finding> findings = run_check(fcinfo, false);
    if (!findings.empty())
        throw Error(core::sqlstate::raise_exception,
                    fmt::format("pgkit: the database has drifted from the expected schema ({} finding{})",
                                findings.size(), findings.size() == 1 ? "" : "s"),
                    core::format_report(findings),
                    "SELECT * FROM pgkit.check_drift() lists them; accept by-design drift with ignore patterns "
                    "(kind:schema.name globs).");
    PG_RETURN_VOID();
}

// set_expected(snapshot jsonb, ignore text[]) RETURNS void: validates both,
// then replaces the one row of pgkit.expected.
PGKIT_FUNCTION(pgkit_set_expected) {
    if (PG_ARGISNULL(0))
        throw Error(core::sqlstate::invalid_parameter, "pgkit: set_expected needs a snapshot",
                    "", "To stop checking against a stored snapshot: DELETE FROM pgkit.expected;");
    std::string json = pg::jsonb_arg(fcinfo, 0);
    std::vector<std::string> ignore;
    if (!PG_ARGISNULL(1)) ignore = pg::text_array_arg(fcinfo, 1);
    core::validate_ignore_patterns(ignore);
    core::ReadOptions ro;
    ro.notice = [](const std::string& m) { pg::notice(m); };
    (void)core::read_snapshot(json, ro);  // reject what check_drift could not read later
    pg::drift::query("DELETE FROM pgkit.expected");
    pg::drift::query("INSERT INTO pgkit.expected (snapshot, ignore) VALUES ($1::jsonb, $2::text[])",
                     {json, pg::drift::text_array_literal(ignore)});
    PG_RETURN_VOID();
}
