// pgkit.apply: declarative push. pgkit.plan(target, renames) says what takes
// the live database to `target`; the statements run through the migration
// runner (one transaction, the advisory lock, a pgkit.migrations row with
// the target as its snapshot), unless one would delete data and that was
// not allowed.
#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "core/splitter.hpp"
#include "pg/migrate.hpp"
#include "pg/pg.hpp"

extern "C" {
#include "funcapi.h"
#include "utils/tuplestore.h"
}

namespace {

namespace core = pgkit::core;
namespace mig = pgkit::pg::migrations;

struct Planned {
    int seq = 0;
    std::string statement, kind;
    std::vector<std::string> hazards;
};

// Returns the elements of a text[] literal as SPI_getvalue prints it
// ({a,b} / {"a b"}); hazards are plain identifiers, so only quotes matter.
std::vector<std::string> array_items(const std::string& literal) {
    std::vector<std::string> out;
    if (literal.size() < 2) return out;
    std::string item;
    bool quoted = false;
    for (std::size_t i = 1; i + 1 < literal.size(); ++i) {
        char c = literal[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (c == '\\' && quoted && i + 2 < literal.size()) {
            item += literal[++i];
        } else if (c == ',' && !quoted) {
            out.push_back(item);
            item.clear();
        } else {
            item += c;
        }
    }
    if (!item.empty() || !out.empty()) out.push_back(item);
    return out;
}

// Returns a migration name for an unnamed apply: unique per call (the same
// script may legitimately be applied again after going elsewhere and back).
std::string default_name(const std::string& checksum) {
    auto rows = mig::query("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS')");
    return fmt::format("apply_{}_{}", rows.at(0).at(0).value_or("0"), checksum.substr(0, 12));
}

}  // namespace

// apply(target jsonb, renames text[] DEFAULT '{}', name text DEFAULT NULL,
// allow_data_loss boolean DEFAULT false) RETURNS TABLE(seq int, statement
// text, kind text, hazards text[]): the statements applied (none when the
// database already matches the target).
PGKIT_FUNCTION(pgkit_apply) {
    if (PG_ARGISNULL(0)) throw core::Error("22004", "pgkit: apply() needs a target snapshot");
    std::string target = pgkit::pg::jsonb_arg(fcinfo, 0);
    std::vector<std::string> renames;
    if (!PG_ARGISNULL(1)) renames = pgkit::pg::text_array_arg(fcinfo, 1);
    std::optional<std::string> name;
    if (!PG_ARGISNULL(2)) name = pgkit::pg::text_arg(fcinfo, 2);
    bool allow_data_loss = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);

    // The lock is taken before planning: a concurrent apply cannot change
    // the database between the plan and its execution.
    mig::Runner runner;
    std::string renames_literal = "{";
    for (std::size_t i = 0; i < renames.size(); ++i) {
        std::string r = renames[i];
        std::string escaped;
        for (char c : r) {
            if (c == '"' || c == '\\') escaped += '\\';
            escaped += c;
        }
        renames_literal += (i ? ",\"" : "\"") + escaped + "\"";
    }
    renames_literal += "}";
    std::vector<Planned> plan;
    for (auto& row : mig::query("SELECT seq, statement, kind, hazards FROM pgkit.plan($1::jsonb, $2::text[]) ORDER BY seq",
                                {target, renames_literal})) {
        Planned p;
        p.seq = std::stoi(row.at(0).value_or("0"));
        p.statement = row.at(1).value_or("");
        p.kind = row.at(2).value_or("");
        p.hazards = array_items(row.at(3).value_or("{}"));
        plan.push_back(std::move(p));
    }

    std::vector<std::string> losing;
    for (const auto& p : plan)
        for (const auto& h : p.hazards)
            if (h == "deletes_data") losing.push_back(fmt::format("{}: {}", p.seq, p.statement));
    if (!losing.empty() && !allow_data_loss) {
        std::string detail = "statements that delete data:";
        for (const auto& l : losing) detail += "\n  " + l;
        throw core::Error(core::sqlstate::object_state,
                          fmt::format("pgkit: apply would delete data ({} statement{}); nothing was run",
                                      losing.size(), losing.size() == 1 ? "" : "s"),
                          detail,
                          "review them (pgkit.plan shows the whole plan), pass rename hints if a drop+create "
                          "is really a rename, or call apply(..., allow_data_loss => true)");
    }

    if (!plan.empty()) {
        // one breakpoint piece per planned statement (diff_script's format):
        // a statement's number in an error is its seq
        std::string script;
        for (const auto& p : plan)
            script += (script.empty() ? "" : fmt::format("\n{}\n", core::statement_breakpoint)) + p.statement;
        std::string migration = name ? *name : default_name(mig::sha256_hex(script));
        runner.migrate(migration, script, target);
    }
    runner.finish();

    ReturnSetInfo* rsinfo = nullptr;
    pgkit::pg::call([&] {
        InitMaterializedSRF(fcinfo, 0);
        rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
    });
    for (const auto& p : plan) {
        Datum values[4];
        bool nulls[4] = {false, false, false, false};
        values[0] = Int32GetDatum(p.seq);
        values[1] = pgkit::pg::text_datum(p.statement);
        values[2] = pgkit::pg::text_datum(p.kind);
        values[3] = pgkit::pg::text_array_datum(p.hazards);
        pgkit::pg::call([&] { tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls); });
    }
    return static_cast<Datum>(0);
}
