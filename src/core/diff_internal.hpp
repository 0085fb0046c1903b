// Internals of the differ, shared by its files (diff*.cpp). Not part of the
// public API (diff.hpp).
//
// The differ follows drizzle-kit's pipeline: resolve rename hints in drizzle's
// order, rewriting the source so that renamed objects line up with the target
// (diff_resolve.cpp); then compare object by object and put each statement in
// the bucket of its phase (DRIZZLE-FORMAT.md §4); finally concatenate the
// buckets and drop exact duplicates (diff.cpp).
#pragma once
#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "diff.hpp"
#include "model.hpp"

namespace pgkit::core::detail {

// drizzle-kit's statement phases, in emission order, plus pgkit's own
// (RoleDropLate: a role is dropped after the policies naming it;
// DropTableFirst: see diff_tables.cpp).
enum Phase : int {
    CreateSchema,
    RenameSchema,
    CreateEnum,
    MoveEnum,
    RenameEnum,
    AddEnumValue,
    Sequences,
    Roles,
    DropTableFirst,  // a dropped table holding a name a created table needs
    CreateTable,
    Rls,
    ViewDrop,
    ViewRename,
    ViewAlter,
    DropTable,
    MoveTable,
    RenameTable,
    RlsRenamed,  // RLS of a renamed or moved table: after it has its new name
    RenameColumn,
    DropUnique,
    DropCheck,
    DropFk,
    RecreateEnum,
    DropIndex,
    DropCompositePk,
    AlterColumns,
    CreateCompositePk,
    AddColumn,
    FkNewTables,
    IndexNewTables,
    FkExisting,
    IndexExisting,
    DropColumn,
    AlterCompositePk,
    CreateUnique,
    CreateCheck,
    CreateView,
    PolicyRename,
    PolicyDrop,
    PolicyCreate,
    PolicyAlter,
    IndPolicyRename,
    IndPolicyDrop,
    IndPolicyCreate,
    IndPolicyAlter,
    RoleDropLate,
    DropEnum,
    DropSequence,
    DropSchema,
    PhaseCount
};

struct Context {
    Snapshot prev;        // the source, renames applied (keys line up with cur)
    const Snapshot& cur;  // the target
    std::array<std::vector<Statement>, PhaseCount> buckets;

    std::set<std::string> dropped_tables;  // prev keys "schema.name"
    std::set<std::string> created_tables;  // cur keys
    // cur table key -> columns (prev names) retyped or dropped: views reading
    // them must be dropped first and recreated after.
    std::map<std::string, std::set<std::string>> touched_columns;
    // "tablekey\x1fcolumn" whose type/default the enum recreate already sets.
    std::set<std::string> enum_handled_columns;
    // cur table key -> columns (prev names) an enum recreate retypes to text
    // and back: checks naming them hold values of the old type (`'v'::e`, no
    // text <> e operator), so they are dropped before and added again after.
    std::map<std::string, std::set<std::string>> enum_retyped_columns;
    // cur table key -> the table's name when the migration starts (PK names).
    std::map<std::string, std::string> original_table_name;
    // standalone policy key -> its "on" in the source as written: drizzle's
    // hint names it so, before the renames rewrite the source.
    std::map<std::string, std::string> original_policy_on;
    // cur keys of tables renamed or moved by a hint.
    std::set<std::string> renamed_tables;
    // "tablekey\x1fcol\x1fcol..." (sorted) of every column set a foreign key
    // of the target references: its unique index or constraint must exist
    // before the key is added (filled by diff_tables).
    std::set<std::string> fk_targets;
    // cur view key -> its (schema, name) in the source, for views renamed or
    // moved by a hint: the rename is emitted by diff_views, which knows
    // whether the view is recreated instead (then dropped by its old name).
    std::map<std::string, std::pair<std::string, std::string>> renamed_views;

    explicit Context(const Snapshot& source, const Snapshot& target) : prev(source), cur(target) {}

    // Adds one statement; hazards are the kind's defaults plus `extra`.
    void add(Phase phase, std::string sql, std::string kind,
             std::vector<std::string> extra_hazards = {});
};

// Returns the hazards every statement of `kind` carries.
std::vector<std::string> default_hazards(const std::string& kind);
// Returns the hazards of a column type change old -> new (non-enum types).
std::vector<std::string> type_change_hazards(const std::string& from, const std::string& to);
// Returns whether a type spelling is a string type (text, varchar, char),
// arrays of them included: those convert to any type by I/O.
bool is_string_type(const std::string& type);
// Returns the USING clause (" USING ...") a non-enum type change needs, or "".
std::string using_clause(const std::string& column, const std::string& from,
                         const std::string& to_sql, const std::string& to);

void resolve_renames(Context& ctx, const std::vector<std::string>& hints);
void diff_schemas_enums_sequences_roles(Context& ctx);
void diff_tables(Context& ctx);
void diff_views(Context& ctx);
// Throws the error Postgres would raise building the target (42710 / 42P07).
void validate_target(const Snapshot& target);

// Returns "schema.name" for a table (public spelled out).
inline std::string table_key(const Table& t) { return object_key(t.schema, t.name); }
// Returns the type name without array brackets.
std::string base_type(const std::string& type);
// Returns the number of array dimensions of a type spelling.
int array_dims(const std::string& type);
// Returns whether `text` mentions `word` as an identifier (quoted or bare);
// a textual test, so it may say yes for a string literal holding the word.
bool mentions(const std::string& text, const std::string& word);
// Returns whether a column's type is an enum of `snap`.
bool is_enum_column(const Snapshot& snap, const Column& c);

}  // namespace pgkit::core::detail

#include "cpp_only.hpp"
