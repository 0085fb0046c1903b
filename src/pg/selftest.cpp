// Bridge self-test entry points. They are NOT part of the extension's SQL
// API (the install script does not create them); sql/bridge.sql binds them
// with CREATE FUNCTION ... AS 'pgkit', '<symbol>' to prove the error bridge
// in both directions.
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "pg/pg.hpp"

extern "C" {
#include "executor/spi.h"
#include "utils/builtins.h"
}

namespace {

long destroyed = 0;  // trackers destroyed in this backend

// An object with a non-trivial destructor alive across guarded PG calls.
struct Tracker {
    std::string label = std::string(64, 'x');  // heap-allocated: leaks if skipped
    ~Tracker() { ++destroyed; }
};

// Runs `query` through SPI inside pg::call.
void run_spi(const char* query) {
    pgkit::pg::call([&] {
        if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
        SPI_execute(query, false, 0);
        SPI_finish();
    });
}

}  // namespace

// pgkit_selftest_throw(kind text) RETURNS void: throws a C++ exception of `kind`.
PGKIT_FUNCTION(pgkit_selftest_throw) {
    Tracker t;
    std::string kind = pgkit::pg::text_arg(fcinfo, 0);
    if (kind == "core")
        throw pgkit::core::Error(pgkit::core::sqlstate::invalid_parameter,
                                 "pgkit: self-test core error", "detail survives", "hint survives");
    if (kind == "runtime") throw std::runtime_error("pgkit: self-test runtime_error");
    if (kind == "bad_alloc") throw std::bad_alloc();
    if (kind == "int") throw 42;
    if (kind == "none") PG_RETURN_VOID();
    throw pgkit::core::Error(pgkit::core::sqlstate::invalid_parameter,
                             fmt::format("pgkit: unknown self-test kind \"{}\"", kind));
}

// pgkit_selftest_spi(query text) RETURNS void: an ERROR inside SPI becomes a
// PgError that unwinds this frame (Tracker destroyed) and is re-raised.
PGKIT_FUNCTION(pgkit_selftest_spi) {
    Tracker t;
    std::string q = pgkit::pg::text_arg(fcinfo, 0);
    run_spi(q.c_str());
    PG_RETURN_VOID();
}

// pgkit_selftest_spi_catch(query text) RETURNS text: the same inside a
// subtransaction; the C++ side catches the error and carries on.
PGKIT_FUNCTION(pgkit_selftest_spi_catch) {
    Tracker t;
    std::string q = pgkit::pg::text_arg(fcinfo, 0);
    std::string result;
    try {
        pgkit::pg::call_in_subxact([&] { run_spi(q.c_str()); });
        result = "ok";
    } catch (const pgkit::pg::PgError& e) {
        result = fmt::format("caught {}: {}", unpack_sql_state(e.sqlerrcode()), e.what());
    }
    return pgkit::pg::text_datum(result);
}

// pgkit_selftest_destroyed() RETURNS bigint: trackers destroyed so far.
PGKIT_FUNCTION(pgkit_selftest_destroyed) { PG_RETURN_INT64(destroyed); }
