// What the three codegen targets share: the type family of a column, the
// tables and enums in scope with collision-free type names, and naming.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "codegen.hpp"
#include "model.hpp"

namespace pgkit::core::codegen_detail {

enum class Family {
    Int16, Int32, Int64, Numeric, Float32, Float64, Bool, Text, Uuid,
    Date, Time, TimeTz, Timestamp, TimestampTz, Interval, Json, Bytea, Inet,
    Enum, Unknown
};

struct ColumnType {
    Family family = Family::Unknown;
    int dims = 0;                       // array dimensions (text[][] = 2)
    std::optional<long> length;         // varchar(n) / char(n)
    const Enum* enum_ = nullptr;        // Family::Enum
    std::string base;                   // the spelling without [] (for comments)
    std::string cast;                   // canonical SQL spelling of one element (for casts)
    bool serial = false;                // serial types: the server fills a default
};

// Returns the family of a column's type; enum columns are resolved against
// the snapshot's enums (typeSchema, "public" when absent).
ColumnType column_type(const Column& column, const Snapshot& snapshot);

// Returns whether an insert may leave the column out (a default, a serial,
// an identity BY DEFAULT, or nullable).
bool insert_optional(const Column& column, const ColumnType& type);
// Returns whether an insert must leave the column out (GENERATED ALWAYS
// AS (...) STORED, identity ALWAYS).
bool insert_absent(const Column& column);

struct TableItem {
    std::string key;     // snapshot key "schema.table"
    const Table* table;
    std::string schema;  // "public" spelled out
    std::string type;    // PascalCase, unique among every generated type name
};
struct EnumItem {
    const Enum* enum_;
    std::string type;  // PascalCase, unique
};
struct Scope {
    std::vector<EnumItem> enums;
    std::vector<TableItem> tables;
    // Returns the generated type name of an enum (must be in scope).
    const std::string& enum_type(const Enum* e) const;
};

// Returns the tables of the selected schemas and every enum they use (plus
// the selected schemas' own enums), with their type names.
Scope scope(const Snapshot& snapshot, const CodegenOptions& options);

// Returns name as PascalCase (words split at non-alphanumerics and case
// changes); never empty, never starting with a digit.
std::string pascal(std::string_view name);
// Returns name as lowerCamelCase / snake_case (same word split).
std::string camel(std::string_view name);
std::string snake(std::string_view name);
// Returns the field name for a column under `casing` (preserve|camel|snake).
std::string field_name(std::string_view column, std::string_view casing);
// Returns text safe inside a // comment (control characters become spaces).
std::string comment_text(std::string_view text);
// Returns a double-quoted JSON/JavaScript string literal.
std::string js_string(std::string_view text);
// Returns whether name is a plain JavaScript identifier (else a key is quoted).
bool js_identifier(std::string_view name);

}  // namespace pgkit::core::codegen_detail

#include "cpp_only.hpp"
