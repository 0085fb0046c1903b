// Synthetic snapshot generator shared by the benchmarks (snapshot read/write,
// introspect, diff): a deterministic N-table schema in 3 schemas with enums,
// FKs, indexes, checks, uniques, policies, views, sequences and roles, plus a
// mutator that changes ~PCT% of the objects (the diff benchmark's target).
// Header-only: every bench/*.cpp is its own executable.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace pgkit::bench {

struct GenOptions {
    int tables = 5000;
    std::uint64_t seed = 42;
    double mutate_pct = 0;  // 0 = the base schema; > 0 = base with ~pct% of objects changed
};

// Deterministic across platforms (std distributions are not): splitmix64.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : s_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Returns an integer in [lo, hi].
    int range(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
    // Returns true with probability pct/100.
    bool chance(double pct) { return static_cast<double>(next() % 1000000) < pct * 10000.0; }
    template <class T>
    const T& pick(const std::vector<T>& v) { return v[next() % v.size()]; }

private:
    std::uint64_t s_;
};

namespace detail {

inline std::string uuid_from(std::uint64_t a, std::uint64_t b) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 32; ++i) {
        std::uint64_t w = i < 16 ? a : b;
        out += hex[(w >> ((i % 16) * 4)) & 0xF];
        if (i == 7 || i == 11 || i == 15 || i == 19) out += '-';
    }
    return out;
}

inline const std::vector<std::string>& words() {
    static const std::vector<std::string> w{"account", "order", "invoice", "item", "user", "team",
                                            "event", "payment", "product", "review", "ticket", "shipment",
                                            "session", "note", "tag", "audit", "file", "plan"};
    return w;
}

inline core::Column column(std::string name, std::string type, bool not_null = false) {
    core::Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.notNull = not_null;
    return c;
}

inline core::Scalar str(std::string s) { return {core::Scalar::Kind::String, std::move(s)}; }

// Adds one random non-key column named `name` to table t.
inline void add_column(Rng& r, core::Table& t, const std::string& name,
                       const std::vector<const core::Enum*>& enums) {
    core::Column c;
    switch (r.range(0, 13)) {
        case 0: c = column(name, "integer"); if (r.chance(30)) c.defaultValue = core::Scalar{core::Scalar::Kind::Number, std::to_string(r.range(0, 100))}; break;
        case 1: c = column(name, "bigint"); break;
        case 2: c = column(name, "text"); if (r.chance(20)) c.defaultValue = str("''"); break;
        case 3: c = column(name, "varchar(" + std::to_string(r.range(1, 32) * 8) + ")"); break;
        case 4: c = column(name, "numeric(" + std::to_string(r.range(6, 18)) + ", 2)"); break;
        case 5: c = column(name, "boolean"); if (r.chance(50)) c.defaultValue = core::Scalar{core::Scalar::Kind::Bool, r.chance(50) ? "true" : "false"}; break;
        case 6: c = column(name, "timestamp"); if (r.chance(40)) c.defaultValue = str("now()"); break;
        case 7: c = column(name, "timestamp with time zone"); break;
        case 8: c = column(name, "date"); break;
        case 9: c = column(name, "jsonb"); if (r.chance(30)) c.defaultValue = str("'{}'::jsonb"); break;
        case 10: c = column(name, "uuid"); if (r.chance(30)) c.defaultValue = str("gen_random_uuid()"); break;
        case 11: c = column(name, "text[]"); break;
        case 12: c = column(name, "double precision"); break;
        default:
            if (enums.empty()) {
                c = column(name, "text");
            } else {
                const core::Enum* e = enums[r.next() % enums.size()];
                c = column(name, e->name);
                c.typeSchema = e->schema;
                if (r.chance(30)) c.defaultValue = str("'" + e->values.front() + "'");
            }
    }
    c.notNull = r.chance(40);
    if (r.chance(3)) {
        c.isUnique = true;
        c.uniqueName = t.name + "_" + name + "_unique";
        c.nullsNotDistinct = false;
    }
    {
        std::string key = c.name;
        t.columns.set(std::move(key), std::move(c));
    }
}

inline core::Index index_on(const core::Table& t, const std::vector<std::string>& cols, bool unique,
                            Rng& r) {
    core::Index ix;
    ix.name = t.name;
    for (const auto& c : cols) ix.name += "_" + c;
    ix.name += unique ? "_key" : "_idx";
    for (const auto& c : cols) {
        core::IndexColumn ic;
        ic.expression = c;
        ic.asc = !r.chance(10);
        ix.columns.push_back(std::move(ic));
    }
    ix.isUnique = unique;
    ix.hasWith = true;
    if (r.chance(10)) ix.where = "\"" + cols.front() + "\" IS NOT NULL";
    if (r.chance(5)) ix.method = "hash";
    return ix;
}

// Returns the column names of t other than its key.
inline std::vector<std::string> plain_columns(const core::Table& t) {
    std::vector<std::string> out;
    for (const auto& [k, c] : t.columns)
        if (!c.primaryKey && k != "id") out.push_back(k);
    return out;
}

inline void add_index(Rng& r, core::Table& t) {
    auto cols = plain_columns(t);
    if (cols.empty()) return;
    std::vector<std::string> pick{r.pick(cols)};
    if (r.chance(30)) {
        const std::string& second = r.pick(cols);
        if (second != pick[0]) pick.push_back(second);
    }
    core::Index ix = index_on(t, pick, r.chance(15), r);
    if (!t.indexes.contains(ix.name)) {
        std::string key = ix.name;
        t.indexes.set(std::move(key), std::move(ix));
    }
}

}  // namespace detail

// Returns the base snapshot for (tables, seed); mutate_pct is applied on top.
inline core::Snapshot generate_snapshot(const GenOptions& o) {
    using namespace detail;
    Rng r(o.seed);
    core::Snapshot s;
    s.id = uuid_from(o.seed, 1);
    s.prevId = "00000000-0000-0000-0000-000000000000";
    const std::vector<std::string> schemas{"public", "app", "audit"};
    s.schemas = {"app", "audit"};

    int n_enums = std::max(3, o.tables / 50);
    std::vector<const core::Enum*> enums;
    for (int i = 0; i < n_enums; ++i) {
        core::Enum e;
        e.schema = schemas[static_cast<std::size_t>(i) % 3];
        e.name = words()[static_cast<std::size_t>(i) % words().size()] + "_status_" + std::to_string(i);
        int nv = r.range(3, 8);
        for (int v = 0; v < nv; ++v) e.values.push_back("v" + std::to_string(v));
        {
            std::string key = core::object_key(e.schema, e.name);
            s.enums.set(std::move(key), std::move(e));
        }
    }
    for (const auto& [k, e] : s.enums) enums.push_back(&e);

    for (int i = 0; i < o.tables; ++i) {
        core::Table t;
        int sch = r.range(0, 99) < 60 ? 0 : (r.range(0, 99) < 60 ? 1 : 2);
        t.schema = sch == 0 ? "" : schemas[static_cast<std::size_t>(sch)];
        t.name = words()[static_cast<std::size_t>(i) % words().size()] + "_" + std::to_string(i);
        bool composite = r.chance(5);
        core::Column id = column("id", r.chance(70) ? "serial" : "uuid", true);
        id.primaryKey = !composite;
        if (id.type == "uuid") id.defaultValue = str("gen_random_uuid()");
        {
            std::string key = "id";
            t.columns.set(std::move(key), std::move(id));
        }
        int ncols = r.range(10, 30);
        for (int c = 1; c < ncols; ++c) add_column(r, t, "c" + std::to_string(c), enums);
        if (composite) {
            core::PrimaryKey pk{t.name + "_id_c1_pk", {"id", "c1"}};
            t.columns.find("c1")->notNull = true;
            {
                std::string key = pk.name;
                t.compositePrimaryKeys.set(std::move(key), std::move(pk));
            }
        }
        // FKs to earlier tables that have a single-column key.
        int nfk = i < 3 ? 0 : r.range(0, 3);
        for (int f = 0; f < nfk; ++f) {
            const auto& target = (s.tables.begin() + static_cast<std::ptrdiff_t>(r.next() % s.tables.size()))->second;
            if (!target.compositePrimaryKeys.empty()) continue;
            std::string col = target.name + "_id";
            if (t.columns.contains(col)) continue;
            const core::Column& tid = *target.columns.find("id");
            t.columns.set(col, column(col, tid.type == "serial" ? "integer" : "uuid", r.chance(50)));
            core::ForeignKey fk;
            fk.name = t.name + "_" + col + "_" + target.name + "_id_fk";
            fk.tableFrom = t.name;
            fk.columnsFrom = {col};
            fk.tableTo = target.name;
            fk.schemaTo = core::schema_or_public(target.schema);
            fk.columnsTo = {"id"};
            fk.onDelete = r.chance(30) ? "cascade" : "no action";
            fk.onUpdate = "no action";
            {
                std::string key = fk.name;
                t.foreignKeys.set(std::move(key), std::move(fk));
            }
        }
        int nix = r.range(0, 3);
        for (int x = 0; x < nix; ++x) add_index(r, t);
        if (r.chance(25)) {
            core::Check ck{t.name + "_c1_check", "\"c1\" IS NOT NULL OR \"id\" IS NOT NULL"};
            {
                std::string key = ck.name;
                t.checkConstraints.set(std::move(key), std::move(ck));
            }
        }
        if (r.chance(10)) {
            auto cols = plain_columns(t);
            core::Unique u{t.name + "_" + cols.back() + "_unique", {cols.back()}, r.chance(20)};
            // A column with its own .unique() already has a constraint of
            // that name (maybe with other NULLS NOT DISTINCT: 42710). The
            // random draw above stays, so other tables are unchanged.
            if (!t.columns.find(cols.back())->isUnique.value_or(false)) {
                std::string key = u.name;
                t.uniqueConstraints.set(std::move(key), std::move(u));
            }
        }
        if (r.chance(5)) {
            t.isRLSEnabled = true;
            core::Policy p;
            p.name = t.name + "_read";
            p.as = "PERMISSIVE";
            p.for_ = "SELECT";
            p.to = std::vector<std::string>{"public"};
            p.using_ = "true";
            {
                std::string key = p.name;
                t.policies.set(std::move(key), std::move(p));
            }
        }
        {
            std::string key = core::object_key(t.schema, t.name);
            s.tables.set(std::move(key), std::move(t));
        }
    }

    int n_views = std::max(1, o.tables / 50);
    for (int i = 0; i < n_views; ++i) {
        const auto& t = (s.tables.begin() + static_cast<std::ptrdiff_t>(r.next() % s.tables.size()))->second;
        core::View v;
        v.schema = core::schema_or_public(t.schema);
        v.name = t.name + "_v" + std::to_string(i);
        v.materialized = r.chance(25);
        v.definition = "select \"id\" from \"" + v.schema + "\".\"" + t.name + "\"";
        {
            std::string key = core::object_key(v.schema, v.name);
            s.views.set(std::move(key), std::move(v));
        }
    }
    for (int i = 0; i < 3; ++i) {
        core::Sequence q;
        q.schema = schemas[static_cast<std::size_t>(i)];
        q.name = "counter_" + std::to_string(i);
        q.increment = "1";
        q.minValue = "1";
        q.maxValue = "9223372036854775807";
        q.startWith = "1";
        q.cache = "1";
        q.cycle = false;
        {
            std::string key = core::object_key(q.schema, q.name);
            s.sequences.set(std::move(key), std::move(q));
        }
    }
    for (const char* role : {"app_reader", "app_writer"}) {
        core::Role ro;
        ro.name = role;
        ro.createDb = false;
        ro.createRole = false;
        ro.inherit = true;
        {
            std::string key = ro.name;
            s.roles.set(std::move(key), std::move(ro));
        }
    }
    return s;
}

// Returns `base` with ~pct% of its tables changed (a column added, dropped or
// retyped, a NOT NULL or default flipped, an index or FK added or dropped),
// ~pct/4% of tables dropped and as many added, ~pct% of enums given a value,
// ~pct% of views redefined. Deterministic for (base, seed).
inline core::Snapshot mutate_snapshot(core::Snapshot s, double pct, std::uint64_t seed) {
    using namespace detail;
    Rng r(seed ^ 0x5EED5EED5EED5EEDull);
    s.prevId = s.id;
    s.id = uuid_from(seed, 2);
    std::vector<const core::Enum*> enums;
    for (const auto& [k, e] : s.enums) enums.push_back(&e);
    std::vector<std::string> drop;
    for (auto& [key, t] : s.tables) {
        if (r.chance(pct / 4)) {
            drop.push_back(key);
            continue;
        }
        if (!r.chance(pct)) continue;
        auto cols = plain_columns(t);
        switch (r.range(0, 6)) {
            case 0: add_column(r, t, "added_" + std::to_string(r.range(0, 999)), enums); break;
            case 1:
                if (!cols.empty()) {
                    std::string c = r.pick(cols);
                    bool used = false;  // keep FKs/indexes/uniques consistent: only drop free columns
                    for (const auto& [n, ix] : t.indexes)
                        for (const auto& ic : ix.columns) used = used || ic.expression == c;
                    for (const auto& [n, fk] : t.foreignKeys) used = used || fk.columnsFrom[0] == c;
                    for (const auto& [n, u] : t.uniqueConstraints) used = used || u.columns[0] == c;
                    for (const auto& [n, pk] : t.compositePrimaryKeys) used = used || pk.columns[1] == c;
                    if (!used && c != "c1") t.columns.erase(c);
                }
                break;
            case 2:
                for (auto& [n, c] : t.columns)
                    if (c.type == "integer") {
                        c.type = "bigint";
                        break;
                    }
                break;
            case 3:
                if (!cols.empty()) {
                    auto& c = *t.columns.find(r.pick(cols));
                    c.notNull = !c.notNull;
                }
                break;
            case 4:
                if (!cols.empty()) {
                    auto& c = *t.columns.find(r.pick(cols));
                    if (c.defaultValue) c.defaultValue.reset();
                    else if (c.type == "text") c.defaultValue = str("'x'");
                }
                break;
            case 5: add_index(r, t); break;
            default:
                if (!t.indexes.empty()) t.indexes.erase(t.indexes.begin()->first);
                else if (!t.foreignKeys.empty()) t.foreignKeys.erase(t.foreignKeys.begin()->first);
        }
    }
    // Drop tables nothing else references (an FK target or view base stays).
    for (const auto& key : drop) {
        const core::Table* t = s.tables.find(key);
        std::string schema = core::schema_or_public(t->schema), name = t->name;
        bool referenced = false;
        for (const auto& [k, o] : s.tables)
            for (const auto& [n, fk] : o.foreignKeys)
                referenced = referenced || (fk.tableTo == name && fk.schemaTo == schema && k != key);
        for (const auto& [k, v] : s.views)
            referenced = referenced || v.definition->find("\"" + name + "\"") != std::string::npos;
        if (!referenced) s.tables.erase(key);
    }
    int added = static_cast<int>(drop.size());
    for (int i = 0; i < added; ++i) {
        core::Table t;
        t.name = "new_table_" + std::to_string(i);
        t.columns.set("id", column("id", "serial", true));
        t.columns.find("id")->primaryKey = true;
        int ncols = r.range(5, 15);
        for (int c = 1; c < ncols; ++c) add_column(r, t, "c" + std::to_string(c), enums);
        {
            std::string key = core::object_key(t.schema, t.name);
            s.tables.set(std::move(key), std::move(t));
        }
    }
    for (auto& [k, e] : s.enums)
        if (r.chance(pct)) e.values.push_back("added_value");
    for (auto& [k, v] : s.views)
        if (r.chance(pct)) *v.definition += " where true";
    return s;
}

// Returns generate_snapshot(o), mutated when o.mutate_pct > 0.
inline core::Snapshot make_snapshot(const GenOptions& o) {
    core::Snapshot s = generate_snapshot(o);
    if (o.mutate_pct > 0) s = mutate_snapshot(std::move(s), o.mutate_pct, o.seed);
    return s;
}

}  // namespace pgkit::bench
