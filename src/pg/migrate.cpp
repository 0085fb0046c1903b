// Forward-only migrations: the runner (checksum, pre-flight checks with
// PostgreSQL's own parser, SPI execution, bookkeeping) and pgkit.migrate().
#include <fmt/format.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/snapshot.hpp"
#include "core/splitter.hpp"
#include "pg/migrate.hpp"
#include "pg/pg.hpp"

extern "C" {
#include "catalog/pg_type_d.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "nodes/parsenodes.h"
#include "parser/parser.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/guc.h"
#include "utils/guc.h"
}

namespace pgkit::pg::migrations {

namespace {

// Returns the session's standard_conforming_strings: the splitter must read
// '' strings as the server will (off: a backslash escapes).
bool standard_conforming_strings() {
    bool on = true;
    pgkit::pg::call([&] {
        const char* v = GetConfigOption("standard_conforming_strings", true, false);
        on = !(v && std::string_view(v) == "off");
    });
    return on;
}

constexpr const char* null_value_not_allowed = "22004";
constexpr const char* active_sql_transaction = "25001";  // what PostgreSQL raises for these
constexpr const char* insufficient_privilege = "42501";
constexpr const char* serialization_failure = "40001";

// Why a parsed statement cannot run inside pgkit.migrate (a transaction, and
// a function: SPI), or {nullptr} when it can.
struct Refusal {
    const char* what = nullptr;
    const char* sqlstate = active_sql_transaction;
};

bool has_option(List* options, const char* name) {
    for (int k = 0; k < list_length(options); ++k) {
        auto* d = static_cast<DefElem*>(list_nth(options, k));
        if (d->defname && strcmp(d->defname, name) == 0) return true;
    }
    return false;
}

// The statements PostgreSQL refuses in a transaction block
// (PreventInTransactionBlock callers) plus what SPI cannot do at all.
Refusal refusal_of(Node* n) {
    switch (nodeTag(n)) {
        case T_VacuumStmt:
            return {castNode(VacuumStmt, n)->is_vacuumcmd ? "VACUUM" : nullptr};
        case T_CreatedbStmt:
            return {"CREATE DATABASE"};
        case T_DropdbStmt:
            return {"DROP DATABASE"};
        case T_CreateTableSpaceStmt:
            return {"CREATE TABLESPACE"};
        case T_DropTableSpaceStmt:
            return {"DROP TABLESPACE"};
        case T_AlterSystemStmt:
            return {"ALTER SYSTEM"};
        case T_IndexStmt:
            return {castNode(IndexStmt, n)->concurrent ? "CREATE INDEX CONCURRENTLY" : nullptr};
        case T_DropStmt:
            return {castNode(DropStmt, n)->concurrent ? "DROP INDEX CONCURRENTLY" : nullptr};
        case T_ReindexStmt: {
            auto* r = castNode(ReindexStmt, n);
            if (has_option(r->params, "concurrently")) return {"REINDEX CONCURRENTLY"};
            if (r->kind == REINDEX_OBJECT_DATABASE || r->kind == REINDEX_OBJECT_SYSTEM)
                return {"REINDEX DATABASE/SYSTEM"};
            return {};
        }
        case T_ClusterStmt:
            return {castNode(ClusterStmt, n)->relation ? nullptr : "CLUSTER without a table"};
        case T_DiscardStmt:
            return {castNode(DiscardStmt, n)->target == DISCARD_ALL ? "DISCARD ALL" : nullptr};
        case T_AlterDatabaseStmt:
            return {has_option(castNode(AlterDatabaseStmt, n)->options, "tablespace")
                        ? "ALTER DATABASE ... SET TABLESPACE"
                        : nullptr};
        case T_AlterTableStmt: {
            List* cmds = castNode(AlterTableStmt, n)->cmds;
            for (int k = 0; k < list_length(cmds); ++k) {
                auto* c = static_cast<AlterTableCmd*>(list_nth(cmds, k));
                if (c->subtype == AT_DetachPartition && c->def &&
                    castNode(PartitionCmd, c->def)->concurrent)
                    return {"ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY"};
            }
            return {};
        }
        case T_TransactionStmt:
            return {"transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ...)"};
        case T_CopyStmt:
            return {castNode(CopyStmt, n)->filename ? nullptr : "COPY FROM STDIN / TO STDOUT", "0A000"};
        default:
            return {};
    }
}

// Returns the SQLSTATE of a PostgreSQL error code ("42P01").
std::string sqlstate_text(int code) {
    const char* s = nullptr;
    call([&] { s = unpack_sql_state(code); });
    return s;
}

std::string migration_label(const std::string& name) { return fmt::format("pgkit: migration \"{}\"", name); }

// Parses every statement with PostgreSQL's raw parser (no catalog access)
// and throws if one is a syntax error or cannot run in a transaction: the
// whole script is checked before its first statement runs.
void preflight(const std::string& name, const std::vector<core::ScriptStatement>& statements) {
    // Parse trees are dropped statement by statement: a script of many
    // thousand statements must not hold them all until the call ends.
    MemoryContext parse_cxt = nullptr;
    call([&] { parse_cxt = AllocSetContextCreate(CurrentMemoryContext, "pgkit preflight", ALLOCSET_DEFAULT_SIZES); });
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const auto& st = statements[i];
        const char* sql = st.text.c_str();
        Refusal refused;
        try {
            call([&] {
                MemoryContext old = MemoryContextSwitchTo(parse_cxt);
                List* parsed = raw_parser(sql, RAW_PARSE_DEFAULT);
                for (int k = 0; k < list_length(parsed) && !refused.what; ++k)
                    refused = refusal_of(castNode(RawStmt, list_nth(parsed, k))->stmt);
                MemoryContextSwitchTo(old);
                MemoryContextReset(parse_cxt);
            });
        } catch (const PgError& e) {
            throw core::Error(sqlstate_text(e.sqlerrcode()),
                              fmt::format("{}: statement {} of {} (line {}): {}", migration_label(name), i + 1,
                                          statements.size(), st.line, e.what()),
                              fmt::format("statement: {}", core::abbreviate_statement(st.text)),
                              "nothing was run: the whole script is checked first");
        }
        if (refused.what)
            throw core::Error(
                refused.sqlstate,
                fmt::format("{}: statement {} of {} (line {}): {} cannot run inside a transaction or a function",
                            migration_label(name), i + 1, statements.size(), st.line, refused.what),
                fmt::format("statement: {}", core::abbreviate_statement(st.text)),
                "pgkit.migrate applies a migration atomically in one transaction, so nothing was run; run this "
                "statement on its own outside a transaction block (e.g. in psql) and keep it out of the "
                "migration, or drop CONCURRENTLY");
    }
    call([&] { MemoryContextDelete(parse_cxt); });
}

// Runs one statement through SPI with the caller's search_path; on error
// throws the statement's SQLSTATE with a message naming it.
void execute(const std::string& name, const std::vector<core::ScriptStatement>& statements, std::size_t i) {
    const auto& st = statements[i];
    const char* sql = st.text.c_str();
    int rc = 0;
    try {
        call([&] {
            rc = SPI_execute(sql, false, 0);
            SPI_freetuptable(SPI_tuptable);  // a migration's SELECT output is not kept
        });
    } catch (const PgError& e) {
        std::string state = sqlstate_text(e.sqlerrcode());
        std::string detail = fmt::format("statement: {}", core::abbreviate_statement(st.text));
        if (!e.detail().empty()) detail += "\n" + e.detail();
        throw core::Error(state,
                          fmt::format("{}: statement {} of {} (line {}) failed with SQLSTATE {}: {}",
                                      migration_label(name), i + 1, statements.size(), st.line, state, e.what()),
                          detail,
                          e.hint().empty() ? "the migration was rolled back as a whole: nothing of it was applied"
                                           : e.hint());
    }
    if (rc < 0) {
        const char* why = nullptr;
        call([&] { why = SPI_result_code_string(rc); });
        throw core::Error("XX000",
                          fmt::format("{}: statement {} of {} (line {}) failed: {}", migration_label(name), i + 1,
                                      statements.size(), st.line, why),
                          fmt::format("statement: {}", core::abbreviate_statement(st.text)));
    }
}

// Throws 22023 (naming the JSON path) unless json is a snapshot pgkit reads:
// drift checks against the recorded snapshot later, so it is checked now.
void validate_snapshot(const std::string& name, const std::string& json) {
    try {
        (void)core::read_snapshot(json);
    } catch (const core::Error& e) {
        std::string what = e.what();
        if (what.rfind("pgkit: ", 0) == 0) what.erase(0, 7);
        throw core::Error(e.sqlstate(), fmt::format("{}: snapshot: {}", migration_label(name), what), e.detail(),
                          "the snapshot must be a drizzle-kit v7 snapshot (pgkit.introspect() writes one)");
    }
}

}  // namespace

std::string sha256_hex(const std::string& data) {
    uint8 digest[PG_SHA256_DIGEST_LENGTH];
    const char* failure = nullptr;
    const auto* bytes = reinterpret_cast<const uint8*>(data.data());
    std::size_t len = data.size();
    call([&] {
        pg_cryptohash_ctx* ctx = pg_cryptohash_create(PG_SHA256);
        if (pg_cryptohash_init(ctx) < 0 || pg_cryptohash_update(ctx, bytes, len) < 0 ||
            pg_cryptohash_final(ctx, digest, sizeof digest) < 0)
            failure = pg_cryptohash_error(ctx);
        pg_cryptohash_free(ctx);
    });
    if (failure) throw core::Error("XX000", fmt::format("pgkit: could not compute SHA-256: {}", failure));
    std::string hex;
    hex.reserve(2 * sizeof digest);
    for (uint8 b : digest) hex += fmt::format("{:02x}", b);
    return hex;
}

std::vector<Row> query(const char* sql, const Row& params) {
    int nargs = static_cast<int>(params.size());
    std::vector<Oid> types(params.size(), TEXTOID);
    std::vector<Datum> values(params.size(), 0);
    std::string nulls(params.size(), ' ');
    for (std::size_t k = 0; k < params.size(); ++k) {
        if (params[k])
            values[k] = text_datum(*params[k]);
        else
            nulls[k] = 'n';
    }
    int rc = 0;
    uint64 nrows = 0;
    int ncols = 0;
    call([&] {
        int nest = NewGUCNestLevel();
        (void)set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
                                GUC_ACTION_SAVE, true, 0, false);
        rc = SPI_execute_with_args(sql, nargs, types.data(), values.data(), nulls.data(), false, 0);
        AtEOXact_GUC(true, nest);
        if (rc >= 0 && SPI_tuptable) {
            nrows = SPI_processed;
            ncols = SPI_tuptable->tupdesc->natts;
        }
    });
    if (rc < 0) throw core::Error("XX000", fmt::format("pgkit: internal query failed ({}): {}", rc, sql));
    std::vector<Row> rows(nrows, Row(static_cast<std::size_t>(ncols)));
    for (uint64 r = 0; r < nrows; ++r) {
        for (int c = 0; c < ncols; ++c) {
            char* v = nullptr;
            call([&] { v = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, c + 1); });
            if (v) rows[r][static_cast<std::size_t>(c)] = std::string(v);
        }
    }
    return rows;
}

Runner::Runner() {
    call([] {
        if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "pgkit: SPI_connect failed");
    });
    // Under REPEATABLE READ / SERIALIZABLE a migration committed by a session
    // we waited for stays invisible to our snapshot: refuse instead of
    // re-running it (the UNIQUE name would catch it too, but later).
    bool got = false, xact_snapshot = false;
    call([&] {
        xact_snapshot = IsolationUsesXactSnapshot();
        got = DatumGetBool(DirectFunctionCall1(pg_try_advisory_xact_lock_int8, Int64GetDatum(advisory_lock_key)));
        if (!got && !xact_snapshot)
            DirectFunctionCall1(pg_advisory_xact_lock_int8, Int64GetDatum(advisory_lock_key));
    });
    if (!got && xact_snapshot)
        throw core::Error(serialization_failure,
                          "pgkit: another session is applying migrations and this transaction's snapshot "
                          "(REPEATABLE READ or SERIALIZABLE) could not see its result",
                          {}, "retry the transaction, or run migrations under READ COMMITTED");
    for (auto& row : query("SELECT name, checksum FROM pgkit.migrations")) applied_[*row[0]] = *row[1];
}

bool Runner::already_applied(const std::string& name, const std::string& checksum) const {
    auto it = applied_.find(name);
    if (it == applied_.end()) return false;
    if (it->second == checksum) return true;
    throw core::Error(core::sqlstate::object_state,
                      fmt::format("{} was already applied with a different checksum", migration_label(name)),
                      fmt::format("recorded sha256 {}, this script's sha256 {}", it->second, checksum),
                      "applied migrations are immutable (forward-only): restore the applied script and put "
                      "the change in a new migration");
}

void Runner::require_insert_privilege() {
    if (may_insert_) return;
    auto rows = query("SELECT has_table_privilege('pgkit.migrations', 'INSERT')");
    if (rows.empty() || rows[0][0] != std::optional<std::string>("t"))
        throw core::Error(insufficient_privilege, "pgkit: permission denied to record migrations in pgkit.migrations",
                          {}, "GRANT INSERT ON pgkit.migrations TO the role that applies migrations; nothing was run");
    may_insert_ = true;
}

void Runner::record(const std::string& name, const std::string& checksum, std::optional<double> ms,
                    int statements, const std::optional<std::string>& snapshot_json) {
    query("INSERT INTO pgkit.migrations (name, checksum, applied_by, execution_ms, statement_count, snapshot) "
          "VALUES ($1, $2, session_user, $3::float8, $4::int, $5::jsonb)",
          {name, checksum, ms ? std::optional<std::string>(fmt::format("{:.3f}", *ms)) : std::nullopt,
           std::to_string(statements), snapshot_json});
    applied_[name] = checksum;
}

bool Runner::migrate(const std::string& name, const std::string& script,
                     const std::optional<std::string>& snapshot_json) {
    if (name.empty()) throw core::Error(core::sqlstate::invalid_parameter, "pgkit: a migration needs a name");
    std::string checksum = sha256_hex(script);
    if (already_applied(name, checksum)) return false;
    if (snapshot_json) validate_snapshot(name, *snapshot_json);
    std::vector<core::ScriptStatement> statements;
    try {
        statements = core::split_script(script, standard_conforming_strings());
    } catch (const core::Error& e) {
        std::string what = e.what();
        if (what.rfind("pgkit: ", 0) == 0) what.erase(0, 7);
        throw core::Error(e.sqlstate(), fmt::format("{}: {}", migration_label(name), what), e.detail(), e.hint());
    }
    preflight(name, statements);
    require_insert_privilege();
    auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < statements.size(); ++i) {
        check_interrupts();
        execute(name, statements, i);
    }
    std::chrono::duration<double, std::milli> ms = std::chrono::steady_clock::now() - start;
    record(name, checksum, ms.count(), static_cast<int>(statements.size()), snapshot_json);
    return true;
}

bool Runner::adopt(const std::string& name, const std::string& script) {
    if (name.empty()) throw core::Error(core::sqlstate::invalid_parameter, "pgkit: a migration needs a name");
    std::string checksum = sha256_hex(script);
    if (already_applied(name, checksum)) return false;
    require_insert_privilege();
    record(name, checksum, std::nullopt, static_cast<int>(core::split_script(script, standard_conforming_strings()).size()), std::nullopt);
    return true;
}

void Runner::finish() {
    call([] { SPI_finish(); });
}

}  // namespace pgkit::pg::migrations

namespace mig = pgkit::pg::migrations;

// migrate(name text, script text, snapshot jsonb DEFAULT NULL) RETURNS boolean:
// true if applied now, false if already applied with the same checksum.
PGKIT_FUNCTION(pgkit_migrate) {
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
        throw pgkit::core::Error(mig::null_value_not_allowed, "pgkit: migrate() needs a name and a script");
    std::string name = pgkit::pg::text_arg(fcinfo, 0);
    std::string script = pgkit::pg::text_arg(fcinfo, 1);
    std::optional<std::string> snapshot;
    if (!PG_ARGISNULL(2)) snapshot = pgkit::pg::jsonb_arg(fcinfo, 2);
    mig::Runner runner;
    bool applied = runner.migrate(name, script, snapshot);
    runner.finish();
    return BoolGetDatum(applied);
}
