// drizzle-kit migration folders: pgkit.migrate_drizzle applies one in
// journal order through the migration runner; pgkit.adopt_drizzle_history
// records what drizzle-orm's own migrator already ran.
#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/drizzle_journal.hpp"
#include "pg/migrate.hpp"
#include "pg/pg.hpp"

namespace {

namespace core = pgkit::core;
namespace mig = pgkit::pg::migrations;

void require_args(FunctionCallInfo fcinfo, const char* function) {
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
        throw core::Error("22004", fmt::format("pgkit: {}() needs the journal and the scripts", function));
}

}  // namespace

// migrate_drizzle(journal jsonb, scripts jsonb, snapshots jsonb DEFAULT NULL)
// RETURNS int: the number of migrations applied now.
PGKIT_FUNCTION(pgkit_migrate_drizzle) {
    require_args(fcinfo, "migrate_drizzle");
    std::string journal = pgkit::pg::jsonb_arg(fcinfo, 0);
    core::Folder folder = core::read_folder(journal, pgkit::pg::jsonb_arg(fcinfo, 1));
    std::map<std::string, std::string> snapshots;
    std::vector<std::string> older;
    if (!PG_ARGISNULL(2)) snapshots = core::snapshots_by_tag(journal, pgkit::pg::jsonb_arg(fcinfo, 2), &older);
    if (!older.empty())
        pgkit::pg::notice(fmt::format("pgkit: {} snapshot(s) older than drizzle-kit's version 7 (first: \"{}\") "
                                      "order the chain but are not recorded",
                                      older.size(), older.front()));
    for (const auto& tag : folder.not_in_journal)
        pgkit::pg::notice(fmt::format("pgkit: script \"{}\" is not in the journal: not run (drizzle-orm's "
                                      "migrator does not run it either)",
                                      tag));
    mig::Runner runner;
    int applied = 0;
    for (const auto& m : folder.migrations) {
        auto snap = snapshots.find(m.entry.tag);
        std::optional<std::string> snapshot;
        if (snap != snapshots.end()) snapshot = snap->second;
        if (runner.migrate(m.entry.tag, m.script, snapshot)) ++applied;
    }
    runner.finish();
    return Int32GetDatum(applied);
}

// adopt_drizzle_history(journal jsonb, scripts jsonb, history text DEFAULT
// 'drizzle.__drizzle_migrations') RETURNS int: the number of migrations
// recorded as applied without running them.
PGKIT_FUNCTION(pgkit_adopt_drizzle_history) {
    require_args(fcinfo, "adopt_drizzle_history");
    core::Folder folder = core::read_folder(pgkit::pg::jsonb_arg(fcinfo, 0), pgkit::pg::jsonb_arg(fcinfo, 1));
    std::string history =
        PG_ARGISNULL(2) ? std::string("drizzle.__drizzle_migrations") : pgkit::pg::text_arg(fcinfo, 2);

    mig::Runner runner;
    auto found = mig::query("SELECT to_regclass($1)::text", {history});
    if (found.empty() || !found[0][0])
        throw core::Error("42P01", fmt::format("pgkit: drizzle's migration table {} does not exist", history), {},
                          "pass the table drizzle-orm was configured with (migrationsSchema.migrationsTable)");
    // to_regclass's text is quoted and, under the pinned search_path, qualified
    std::string sql = fmt::format("SELECT hash, created_at::text FROM {} ORDER BY created_at, id", *found[0][0]);
    std::set<std::string> hashes;
    std::map<long long, std::string> by_created_at;  // created_at -> hash
    for (auto& row : mig::query(sql.c_str())) {
        if (!row[0]) continue;
        hashes.insert(*row[0]);
        if (row[1]) by_created_at.emplace(std::stoll(*row[1]), *row[0]);
    }

    std::set<std::string> matched;
    int adopted = 0;
    for (const auto& m : folder.migrations) {
        std::string checksum = mig::sha256_hex(m.script);
        if (hashes.count(checksum)) {
            matched.insert(checksum);
        } else if (auto it = by_created_at.find(m.entry.when); m.entry.when != 0 && it != by_created_at.end()) {
            // drizzle-orm ran this entry (same folderMillis) from a file edited since
            matched.insert(it->second);
            pgkit::pg::notice(fmt::format("pgkit: migration \"{}\" was applied by drizzle-orm from a different "
                                          "file (hash {}); adopted with the current file's checksum",
                                          m.entry.tag, it->second));
        } else {
            continue;  // not applied by drizzle: migrate_drizzle will run it
        }
        if (runner.adopt(m.entry.tag, m.script)) ++adopted;
    }
    std::size_t strays = 0;
    for (const auto& h : hashes) strays += matched.count(h) ? 0 : 1;
    if (strays)
        pgkit::pg::notice(fmt::format("pgkit: {} row(s) of {} match no script of the journal (not adopted)", strays,
                                      *found[0][0]));
    runner.finish();
    return Int32GetDatum(adopted);
}
