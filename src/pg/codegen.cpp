// pgkit.codegen(target, snapshot, options): Rust / TypeScript / Zod source
// from a snapshot (core::codegen); NULL snapshot = the live schema.
#include <optional>
#include <string>
#include <vector>

#include "core/codegen.hpp"
#include "core/snapshot.hpp"
#include "pg/introspect.hpp"
#include "pg/pg.hpp"

// codegen(target text, snapshot jsonb DEFAULT NULL, options jsonb DEFAULT '{}') RETURNS text
PGKIT_FUNCTION(pgkit_codegen) {
    namespace core = pgkit::core;
    if (PG_ARGISNULL(0))
        throw core::Error(core::sqlstate::invalid_parameter, "pgkit: codegen: target must not be NULL",
                          {}, "one of rust, typescript, zod");
    std::string target = pgkit::pg::text_arg(fcinfo, 0);
    core::CodegenOptions options;
    if (!PG_ARGISNULL(2)) options = core::parse_codegen_options(pgkit::pg::jsonb_arg(fcinfo, 2));
    core::Snapshot snapshot;
    if (PG_ARGISNULL(1)) {
        // The live schema, limited to the schemas option when given.
        std::optional<std::vector<std::string>> schemas;
        if (!options.schemas.empty()) schemas = options.schemas;
        snapshot = pgkit::pg::introspect_snapshot(schemas);
    } else {
        core::ReadOptions read;
        read.notice = [](const std::string& m) { pgkit::pg::notice(m); };
        snapshot = core::read_snapshot(pgkit::pg::jsonb_arg(fcinfo, 1), read);
    }
    return pgkit::pg::text_datum(core::codegen(snapshot, target, options));
}
