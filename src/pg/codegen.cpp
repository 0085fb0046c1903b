// pgkit.codegen(target, snapshot, options): Rust / TypeScript / Zod source
// from a snapshot (core::codegen); NULL snapshot = the live schema.
#include <string>

#include "core/codegen.hpp"
#include "core/snapshot.hpp"
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
    if (PG_ARGISNULL(1))
        // The live schema comes with pgkit.introspect's C++ API.
        throw core::Error(core::sqlstate::feature_not_supported,
                          "pgkit: codegen: pass a snapshot (the live schema is not available yet)", {},
                          "pgkit.codegen(target, snapshot => '<drizzle snapshot json>'::jsonb)");
    core::ReadOptions read;
    read.notice = [](const std::string& m) { pgkit::pg::notice(m); };
    core::Snapshot snapshot = core::read_snapshot(pgkit::pg::jsonb_arg(fcinfo, 1), read);
    return pgkit::pg::text_datum(core::codegen(snapshot, target, options));
}
