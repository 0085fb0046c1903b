// The migration runner shared by pgkit.migrate, migrate_drizzle,
// adopt_drizzle_history and apply (DESIGN.md §1, "migrate"): statements run
// through SPI in the caller's transaction, serialised by one advisory
// transaction lock, recorded in pgkit.migrations.
#pragma once
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "pg/pg.hpp"

namespace pgkit::pg::migrations {

// The advisory lock every migration takes (pg_advisory_xact_lock(bigint)):
// the bytes of "pgkit_mg". pg_locks shows it as classid 1885825897, objid
// 1952410983, objsubid 1.
inline constexpr long long advisory_lock_key = 0x70676b69745f6d67LL;

// Returns the lowercase hex SHA-256 of data (PostgreSQL's own cryptohash).
std::string sha256_hex(const std::string& data);

using Row = std::vector<std::optional<std::string>>;

// Returns the rows of sql run through SPI with text parameters ($n, NULL =
// nullopt), under search_path pg_catalog, pg_temp: bookkeeping never depends
// on the caller's search_path. SPI must be connected.
std::vector<Row> query(const char* sql, const Row& params = {});

// One use of the runner in the caller's transaction. The constructor
// connects SPI, takes the advisory lock and reads pgkit.migrations; finish()
// disconnects. On error nothing needs undoing: the error aborts the caller's
// (sub)transaction, which releases SPI, the lock and every change.
class Runner {
public:
    Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    // Returns true if the script ran now and was recorded, false if `name`
    // was already applied with the same checksum (nothing runs). Throws
    // 55000 if it was applied with another checksum, 25001/0A000 if a
    // statement cannot run in a transaction (before anything runs), and the
    // failing statement's own SQLSTATE, naming it, if one fails.
    bool migrate(const std::string& name, const std::string& script,
                 const std::optional<std::string>& snapshot_json);

    // Returns true if `name` was recorded as applied without running it
    // (adopting another tool's history), false if already recorded with the
    // same checksum; 55000 on another checksum.
    bool adopt(const std::string& name, const std::string& script);

    void finish();

private:
    // Returns false if name is new; true if applied with checksum; throws
    // 55000 if applied with another one.
    bool already_applied(const std::string& name, const std::string& checksum) const;
    void require_insert_privilege();
    void record(const std::string& name, const std::string& checksum, std::optional<double> ms,
                int statements, const std::optional<std::string>& snapshot_json);

    std::unordered_map<std::string, std::string> applied_;  // name -> checksum
    bool may_insert_ = false;
};

}  // namespace pgkit::pg::migrations
