// The expected side of drift, as Postgres prints it. The expected objects
// that differ textually from the live ones (core::deparse_subset) are built
// with pgkit's own DDL (core::diff from an empty snapshot) under throwaway
// schema names `pgkit_drift_<pid>_<n>`, inside a subtransaction that is
// always rolled back; the scratch schemas are introspected with the same
// introspector as the live database and their names mapped back. So both
// sides went through format_type / pg_get_expr / pg_get_viewdef /
// pg_get_indexdef and compare exactly. Nothing outside the scratch schemas
// is written or locked beyond what a SELECT of it would: foreign keys,
// roles and policies on tables outside the snapshot are never built.
#include <fmt/format.h>

#include <exception>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/diff.hpp"
#include "core/drift.hpp"
#include "core/schema_map.hpp"
#include "core/snapshot.hpp"
#include "pg/drift_deparse.hpp"
#include "pg/introspect.hpp"
#include "pg/pg.hpp"

extern "C" {
#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/snapmgr.h"
}

namespace pgkit::pg::drift {

std::vector<Row> query(const char* sql, const Row& params) {
    int nargs = static_cast<int>(params.size());
    std::vector<Oid> types(params.size(), TEXTOID);
    std::vector<Datum> values(params.size(), Datum(0));
    std::string nulls(params.size(), ' ');
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (params[i]) values[i] = text_datum(*params[i]);
        else nulls[i] = 'n';
    }
    Oid* tp = types.data();
    Datum* vp = values.data();
    const char* np = nulls.c_str();
    uint64 count = 0;
    int ncols = 0;
    SPITupleTable* table = nullptr;
    call([&] {
        SPI_connect();
        SPI_execute_with_args(sql, nargs, tp, vp, np, false, 0);
        count = SPI_processed;
        table = SPI_tuptable;
        ncols = table ? table->tupdesc->natts : 0;
    });
    std::vector<Row> rows;
    rows.reserve(count);
    for (uint64 r = 0; r < count; ++r) {
        Row row;
        for (int c = 1; c <= ncols; ++c) {
            char* v = nullptr;
            call([&] { v = SPI_getvalue(table->vals[r], table->tupdesc, c); });
            row.push_back(v ? std::optional<std::string>(v) : std::nullopt);
        }
        rows.push_back(std::move(row));
    }
    call([] { SPI_finish(); });
    return rows;
}

std::string text_array_literal(const std::vector<std::string>& items) {
    std::string out = "{";
    for (const auto& item : items) {
        if (out.size() > 1) out += ',';
        out += '"';
        for (char c : item) out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
        out += '"';
    }
    return out + "}";
}

void fill_roles(const core::Snapshot& expected, core::Snapshot& actual, bool all) {
    std::vector<std::string> declared;
    for (const auto& [name, _] : expected.roles) declared.push_back(name);
    std::string names = text_array_literal(declared);
    auto rows = query(
        "SELECT r.rolname, r.rolcreatedb, r.rolcreaterole, r.rolinherit FROM pg_catalog.pg_roles r"
        " WHERE r.rolname = ANY ($1::text[])"
        "    OR ($2::boolean AND r.rolname !~ '^pg_' AND r.oid <> 10)",
        {names, std::string(all ? "true" : "false")});
    for (const auto& r : rows) {
        core::Role role;
        role.name = *r[0];
        role.createDb = *r[1] == "t";
        role.createRole = *r[2] == "t";
        role.inherit = *r[3] == "t";
        actual.roles.set(role.name, role);
    }
}

namespace {

// Thrown inside the scratch transaction when the build cannot even start.
struct ScratchUnavailable {
    std::string why;
};

// Runs one statement in its own subtransaction; returns false if it failed.
bool try_statement(const char* sql) {
    try {
        call_in_subxact([&] { SPI_execute(sql, false, 0); });
        return true;
    } catch (const PgError& e) {
        // DEBUG1: why an expected object could not be built (it is then
        // compared textually); visible with client_min_messages = debug1
        const char* msg = e.what();
        call([&] { elog(DEBUG1, "pgkit drift scratch build: %s: %s", msg, sql); });
        return false;
    }
}

// Sets search_path for the rest of the (sub)transaction.
void set_search_path(const std::string& path) {
    query("SELECT pg_catalog.set_config('search_path', $1, true)", {path});
}

}  // namespace

// Tables built per rolled-back subtransaction: every relation created holds
// a lock until the rollback, and the lock table is sized by
// max_locks_per_transaction (64 per connection by default).
constexpr std::size_t tables_per_batch = 100;

namespace {

enum class Built { ok, unavailable, failed };

// Builds `part` (already under scratch names) in a subtransaction that is
// always rolled back and reads it back into `out` (scratch names kept).
Built build_and_read(const core::Snapshot& part, const std::vector<std::string>& scratch_names,
                     const std::string& path, core::Snapshot& out, std::string& why) {
    std::vector<core::Statement> statements;
    try {
        statements = core::diff(core::Snapshot{}, part);
    } catch (const core::Error& e) {
        why = e.what();
        return Built::failed;
    }
    MemoryContext oldcxt = CurrentMemoryContext;
    ResourceOwner oldowner = CurrentResourceOwner;
    call([&] {
        BeginInternalSubTransaction(nullptr);
        MemoryContextSwitchTo(oldcxt);
    });
    Built result = Built::ok;
    try {
        call([] { SPI_connect(); });
        set_search_path(path);
        for (const auto& st : statements) {
            bool ok = try_statement(st.sql.c_str());
            if (!ok && st.kind == "create_schema") throw ScratchUnavailable{st.sql};
        }
        set_search_path("pg_catalog, pg_temp");
        call([] { SPI_finish(); });
        // introspection reads through the active snapshot, taken before the
        // scratch objects existed: read with one that sees them
        call([] {
            CommandCounterIncrement();
            PushCopiedSnapshot(GetActiveSnapshot());
            UpdateActiveSnapshotCommandId();
        });
        out = introspect_snapshot(scratch_names);
        call([] { PopActiveSnapshot(); });
    } catch (const ScratchUnavailable& u) {
        result = Built::unavailable;
    } catch (const PgError& e) {
        why = e.what();
        result = Built::failed;
    }
    // Always rolled back: the scratch schemas never existed for anyone else.
    call([&] {
        RollbackAndReleaseCurrentSubTransaction();
        MemoryContextSwitchTo(oldcxt);
        CurrentResourceOwner = oldowner;
    });
    return result;
}

}  // namespace

std::optional<core::Snapshot> deparse_expected(const core::Snapshot& subset) {
    if (subset.tables.empty() && subset.views.empty()) return core::Snapshot{};

    // Every schema the expected side names moves to a scratch name.
    std::set<std::string> names = {"public"};
    names.insert(subset.schemas.begin(), subset.schemas.end());
    for (const auto& [_, t] : subset.tables) names.insert(core::schema_or_public(t.schema));
    for (const auto& [_, e] : subset.enums) names.insert(core::schema_or_public(e.schema));
    for (const auto& [_, q] : subset.sequences) names.insert(core::schema_or_public(q.schema));
    for (const auto& [_, v] : subset.views) names.insert(core::schema_or_public(v.schema));
    core::SchemaMap forward, back;
    std::vector<std::string> scratch_names;
    int pid = MyProcPid;
    for (const auto& n : names) {
        std::string s = fmt::format("pgkit_drift_{}_{}", pid, scratch_names.size());
        forward[n] = s;
        back[s] = n;
        scratch_names.push_back(s);
    }
    core::Snapshot scratch = core::rename_schemas(subset, forward);
    // Unqualified names in drizzle's expressions mean public: the scratch
    // public first, then the live one (extension types and functions).
    std::string path = core::print_identifier(forward.at("public")) + ", public, pg_catalog";

    // Batches: tables alone, so few at a time; views with every table (a view
    // may read any), in one last batch.
    std::vector<core::Snapshot> batches;
    auto empty_part = [&] {
        core::Snapshot p = scratch;
        p.tables.clear();
        p.views.clear();
        return p;
    };
    if (scratch.views.empty()) {
        for (const auto& [k, t] : scratch.tables) {
            if (batches.empty() || batches.back().tables.size() == tables_per_batch) batches.push_back(empty_part());
            batches.back().tables.set(k, t);
        }
    } else {
        batches.push_back(scratch);
    }
    core::Snapshot result;
    std::size_t failed_batches = 0;
    std::string why;
    for (const auto& part : batches) {
        core::Snapshot read;
        Built b = build_and_read(part, scratch_names, path, read, why);
        if (b == Built::unavailable) {
            notice("pgkit: expressions compared textually: no scratch schema could be created (CREATE privilege "
                   "on the database is needed to have the server deparse the expected schema)");
            return std::nullopt;
        }
        if (b == Built::failed) {
            ++failed_batches;
            continue;
        }
        core::Snapshot mapped = core::rename_schemas(read, back, true);
        for (auto& [k, t] : mapped.tables) result.tables.set(k, std::move(t));
        for (auto& [k, v] : mapped.views) result.views.set(k, std::move(v));
        if (result.enums.empty()) result.enums = mapped.enums;
        if (result.sequences.empty()) result.sequences = mapped.sequences;
        check_interrupts();
    }
    if (failed_batches)
        notice(fmt::format("pgkit: expressions of {} of {} scratch batches compared textually: {}", failed_batches,
                           batches.size(), why));
    bool debug = false;
    call([&] { debug = message_level_is_interesting(DEBUG2); });
    if (debug) {
        std::string dump = core::write_snapshot(result);
        call([&] { elog(DEBUG2, "pgkit drift: %zu batches, deparsed: %s", batches.size(), dump.c_str()); });
    }
    return result;
}

}  // namespace pgkit::pg::drift
