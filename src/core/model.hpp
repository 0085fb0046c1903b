// The schema model: the IR every feature shares (introspect writes it, the
// differ, drift and codegen read it). It mirrors drizzle-kit's Postgres
// snapshot v7 field by field (../shared/DRIZZLE-FORMAT.md) so a snapshot
// round-trips; pgkit's own extra facts live in the `Pgkit*` members and are
// written under "pgkit" keys, never in drizzle's namespace.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "boxed.hpp"
#include "ordered_map.hpp"

namespace pgkit::core {

// A JSON scalar kept as drizzle wrote it: defaults and WITH options may be
// strings (already SQL text for defaults), numbers or booleans.
struct Scalar {
    enum class Kind { String, Number, Bool };
    Kind kind = Kind::String;
    std::string text;  // the string itself, the number as written, "true"/"false"
    bool operator==(const Scalar&) const = default;
};

struct Identity {
    std::string type;  // "always" | "byDefault"
    std::string name;  // implicit sequence name, default <table>_<column>_seq
    std::optional<std::string> schema;
    std::optional<std::string> increment, minValue, maxValue, startWith, cache;
    std::optional<bool> cycle;
    bool operator==(const Identity&) const = default;
};

struct Generated {
    std::string type = "stored";
    std::string as;  // expression text, no surrounding parentheses
    bool operator==(const Generated&) const = default;
};

struct Column {
    std::string name;
    std::string type;  // drizzle spelling; bare enum name when typeSchema is set
    std::optional<std::string> typeSchema;
    bool primaryKey = false;
    bool notNull = false;
    std::optional<Scalar> defaultValue;  // JSON key "default"
    std::optional<bool> isUnique;
    Boxed<std::string> uniqueName;
    std::optional<bool> nullsNotDistinct;
    // The rarely present members are on the heap (Boxed): a Column is built
    // and copied thousands of times by introspect(), and its size is memory
    // first touched for each (376 -> 216 bytes).
    Boxed<Generated> generated;
    Boxed<Identity> identity;
    // pgkit extras (JSON "pgkit": {...})
    Boxed<std::string> collation;
    // "typeSchema": the schema of a type drizzle spells bare (an extension's
    // citext or vector(3)) when it is neither pg_catalog nor public, so the
    // type can be named where that schema is not on search_path (a hosted
    // project's "extensions"). The differ never alters a column for it.
    Boxed<std::string> extensionTypeSchema;
    bool operator==(const Column&) const = default;
};

struct IndexColumn {
    std::string expression;  // column name, or SQL text when isExpression
    bool isExpression = false;
    bool asc = true;
    std::string nulls = "last";  // "first" | "last"
    std::optional<std::string> opclass;
    // pgkit extra "opclassSchema": the opclass's schema outside pg_catalog
    // and public (an extension's gin_trgm_ops in "extensions"). A spelling
    // detail like typeSchema above: not a change of the index.
    std::optional<std::string> opclassSchema;
    bool operator==(const IndexColumn& o) const {
        return expression == o.expression && isExpression == o.isExpression && asc == o.asc && nulls == o.nulls &&
               opclass == o.opclass;
    }
};

struct Index {
    std::string name;
    std::vector<IndexColumn> columns;
    bool isUnique = false;
    OrderedMap<Scalar> with;  // storage parameters
    bool hasWith = false;     // "with" key present (drizzle writes {} or omits)
    std::string method = "btree";
    std::optional<std::string> where;
    bool concurrently = false;
    bool operator==(const Index& o) const;
};

struct ForeignKey {
    std::string name;
    std::string tableFrom;
    std::vector<std::string> columnsFrom;
    std::string tableTo;
    std::optional<std::string> schemaTo;
    std::vector<std::string> columnsTo;
    std::optional<std::string> onUpdate, onDelete;  // lowercase: "cascade", "no action", ...
    // pgkit extras
    bool deferrable = false, initiallyDeferred = false;
    // Spellings of one key are equal: a target in public with or without
    // schemaTo ("" and "public" too), an action left out or "no action".
    bool operator==(const ForeignKey& o) const {
        auto schema = [](const std::optional<std::string>& s) { return s && !s->empty() ? *s : std::string("public"); };
        auto action = [](const std::optional<std::string>& a) { return a.value_or("no action"); };
        return name == o.name && tableFrom == o.tableFrom && columnsFrom == o.columnsFrom && tableTo == o.tableTo &&
               schema(schemaTo) == schema(o.schemaTo) && columnsTo == o.columnsTo &&
               action(onUpdate) == action(o.onUpdate) && action(onDelete) == action(o.onDelete) &&
               deferrable == o.deferrable && initiallyDeferred == o.initiallyDeferred;
    }
};

struct PrimaryKey {  // compositePrimaryKeys entry
    std::string name;
    std::vector<std::string> columns;
    // pgkit extras, as on ForeignKey (a deferrable one-column key is kept
    // here: a column's primaryKey has no place for them)
    bool deferrable = false, initiallyDeferred = false;
    bool operator==(const PrimaryKey&) const = default;
};

struct Unique {
    std::string name;
    std::vector<std::string> columns;
    bool nullsNotDistinct = false;
    // pgkit extras, as on ForeignKey
    bool deferrable = false, initiallyDeferred = false;
    bool operator==(const Unique&) const = default;
};

struct Check {
    std::string name;
    std::string value;  // expression text without CHECK (...)
    bool operator==(const Check&) const = default;
};

struct Policy {
    std::string name;
    std::optional<std::string> as;   // PERMISSIVE | RESTRICTIVE
    std::optional<std::string> for_; // JSON "for": ALL | SELECT | INSERT | UPDATE | DELETE
    std::optional<std::vector<std::string>> to;
    std::optional<std::string> using_;     // JSON "using"
    std::optional<std::string> withCheck;
    std::optional<std::string> on;      // standalone policies: quoted table reference
    std::optional<std::string> schema;  // standalone policies
    bool operator==(const Policy&) const = default;
};

struct Table {
    std::string name;
    std::string schema;  // "" = public, as drizzle writes it
    OrderedMap<Column> columns;
    OrderedMap<Index> indexes;
    OrderedMap<ForeignKey> foreignKeys;
    OrderedMap<PrimaryKey> compositePrimaryKeys;
    OrderedMap<Unique> uniqueConstraints;
    OrderedMap<Policy> policies;
    OrderedMap<Check> checkConstraints;
    bool isRLSEnabled = false;
    // pgkit extras
    bool rlsForced = false;
};

struct Enum {
    std::string name;
    std::string schema;  // explicit, "public" included
    std::vector<std::string> values;
    bool operator==(const Enum&) const = default;
};

struct Sequence {
    std::string name;
    std::string schema;
    std::optional<std::string> increment, minValue, maxValue, startWith, cache;
    std::optional<bool> cycle;
    bool operator==(const Sequence&) const = default;
};

struct Role {
    std::string name;
    std::optional<bool> createDb, createRole, inherit;
    bool operator==(const Role&) const = default;
};

struct View {
    std::string name;
    std::string schema;
    OrderedMap<Column> columns;
    std::optional<std::string> definition;
    bool materialized = false;
    OrderedMap<Scalar> with;  // checkOption/securityBarrier/... or storage params
    bool hasWith = false;
    bool isExisting = false;
    std::optional<bool> withNoData;
    std::optional<std::string> using_;  // JSON "using"
    std::optional<std::string> tablespace;
};

// An object pgkit found but does not manage (never skipped silently).
struct Unmanaged {
    std::string kind;  // "trigger", "function", "domain", ...
    std::string name;  // qualified: "public.film.last_updated"
    bool operator==(const Unmanaged&) const = default;
};

struct Meta {  // _meta: renames recorded by drizzle-kit generate
    OrderedMap<std::string> schemas, tables, columns;
};

struct Snapshot {
    std::string version = "7";
    std::string dialect = "postgresql";
    std::string id = "00000000-0000-0000-0000-000000000000";
    std::string prevId = "00000000-0000-0000-0000-000000000000";
    OrderedMap<Table> tables;        // key "schema.table" (public spelled out)
    OrderedMap<Enum> enums;          // key "schema.name"
    std::vector<std::string> schemas;  // non-public schemas, in order
    OrderedMap<Sequence> sequences;  // key "schema.name"
    OrderedMap<Role> roles;          // key name
    OrderedMap<Policy> policies;     // standalone, key name
    OrderedMap<View> views;          // key "schema.name"
    Meta meta;
    std::optional<std::string> internal;  // kit-private "internal" object, kept as JSON text
    // pgkit extras (top-level "pgkit": {"unmanaged": [...]})
    std::vector<Unmanaged> unmanaged;
    // Table columns are in their database order (introspected, or read with
    // positions): the writer records each column's "pgkit": {"position": n},
    // since jsonb keeps object keys in its own order and a table recreated
    // from the snapshot must get its columns in the same order.
    bool columnPositions = false;
};

// The schema a table/view lives in, with "" spelled "public".
inline std::string schema_or_public(const std::string& s) { return s.empty() ? "public" : s; }
// The snapshot key of an object: "schema.name".
inline std::string object_key(const std::string& schema, const std::string& name) {
    return schema_or_public(schema) + "." + name;
}

inline bool Index::operator==(const Index& o) const {
    if (name != o.name || columns != o.columns || isUnique != o.isUnique || method != o.method ||
        where != o.where || concurrently != o.concurrently || with.size() != o.with.size())
        return false;
    auto a = with.begin();
    for (auto b = o.with.begin(); b != o.with.end(); ++a, ++b)
        if (a->first != b->first || a->second != b->second) return false;
    return true;
}

}  // namespace pgkit::core

#include "cpp_only.hpp"
