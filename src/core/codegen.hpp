// Code generation from a schema snapshot: Rust (serde/sqlx row structs and
// tenant-scoped repositories), TypeScript interfaces and Zod schemas, so no
// consumer of the database can silently diverge from it.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model.hpp"

namespace pgkit::core {

struct CodegenOptions {
    // Field names: "preserve" (the column names, what row_to_json and every
    // JSON API deliver), "camel" or "snake". Empty = the target's default:
    // snake for rust (serde renames keep the wire names), preserve otherwise.
    std::string casing;
    std::vector<std::string> schemas;  // only these schemas ("public" spelled out); empty = all
    std::string numeric = "rust_decimal";  // rust: "rust_decimal" | "string"
    std::string tenant_column = "tenant_id";  // rust: tables with it get a repository
    std::string dates = "string";  // typescript/zod: "string" (ISO text) | "date" (Date, z.coerce.date)
};

// Returns the options a JSON object describes (keys: casing, schemas,
// numeric, tenant_column, dates); an unknown key or value is Error 22023
// naming it.
CodegenOptions parse_codegen_options(std::string_view json);

// Returns the generated source for `target` ("rust", "typescript", "zod"):
// one self-contained file. An unknown target is Error 22023.
std::string codegen(const Snapshot& snapshot, std::string_view target,
                    const CodegenOptions& options = {});

}  // namespace pgkit::core

#include "cpp_only.hpp"
