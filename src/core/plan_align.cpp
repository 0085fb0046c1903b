// See plan_align.hpp.
#include "plan_align.hpp"

#include <algorithm>
#include <set>

#include "drift.hpp"
#include "ident.hpp"

namespace pgkit::core {
namespace {

// Copies the live object over the target's when the target's deparsed form
// equals it.
template <class T>
void align_map(OrderedMap<T>& target, const OrderedMap<T>& live, const OrderedMap<T>& deparsed) {
    for (auto& [key, object] : target) {
        const T* l = live.find(key);
        const T* d = deparsed.find(key);
        if (l && d && *l == *d) object = *l;
    }
}

void align_column(Column& c, const Column& live, const Column& deparsed) {
    if (deparsed.defaultValue == live.defaultValue) c.defaultValue = live.defaultValue;
    if (deparsed.generated == live.generated) c.generated = live.generated;
    if (deparsed.type == live.type && deparsed.typeSchema == live.typeSchema) {
        c.type = live.type;
        c.typeSchema = live.typeSchema;
    }
}

// Whether two views read back from the server are the same view.
bool same_view(const View& a, const View& b) {
    if (a.definition != b.definition || a.materialized != b.materialized || a.isExisting != b.isExisting ||
        a.withNoData.value_or(false) != b.withNoData.value_or(false) || a.using_ != b.using_ ||
        a.tablespace != b.tablespace || a.with.size() != b.with.size())
        return false;
    auto x = a.with.begin();
    for (auto y = b.with.begin(); y != b.with.end(); ++x, ++y)
        if (x->first != y->first || !(x->second == y->second)) return false;
    return true;
}

// Returns the snapshot key of the table a standalone policy is on.
std::string policy_table_key(const Policy& p) {
    auto [schema, table] = parse_policy_target(*p.on);
    return object_key(schema, table);
}

}  // namespace

void align_to_live(Snapshot& target, const Snapshot& live, const Snapshot& deparsed) {
    for (auto& [key, t] : target.tables) {
        const Table* l = live.tables.find(key);
        if (!l) continue;
        // CONCURRENTLY is how an index is built, not what it is: the
        // database does not remember it.
        for (auto& [ik, ix] : t.indexes)
            if (const Index* li = l->indexes.find(ik); li && ix.concurrently && !li->concurrently) {
                Index plain = ix;
                plain.concurrently = false;
                if (plain == *li) ix = plain;
            }
        const Table* d = deparsed.tables.find(key);
        if (!d) continue;
        for (auto& [ck, c] : t.columns) {
            const Column* lc = l->columns.find(ck);
            const Column* dc = d->columns.find(ck);
            if (lc && dc) align_column(c, *lc, *dc);
        }
        align_map(t.checkConstraints, l->checkConstraints, d->checkConstraints);
        align_map(t.indexes, l->indexes, d->indexes);
        align_map(t.policies, l->policies, d->policies);
    }
    for (auto& [pk, p] : target.policies) {
        if (!p.on) continue;
        std::string key = policy_table_key(p);
        const Table* l = live.tables.find(key);
        const Table* d = deparsed.tables.find(key);
        if (!l || !d || !target.tables.contains(key)) continue;
        const Policy* lp = l->policies.find(p.name);
        const Policy* dp = d->policies.find(p.name);
        if (lp && dp && *lp == *dp) {
            std::optional<std::string> on = p.on, sch = p.schema;
            p = *lp;
            p.on = on;
            p.schema = sch;
        }
    }
    for (auto& [key, v] : target.views) {
        const View* l = live.views.find(key);
        const View* d = deparsed.views.find(key);
        if (l && d && same_view(*l, *d)) v = *l;
        else if (l && d && l->definition == d->definition) v.definition = l->definition;
    }
}

Snapshot inline_linked_policies(const Snapshot& target) {
    Snapshot out = target;
    for (const auto& [pk, p] : target.policies) {
        if (!p.on) continue;
        Table* t = out.tables.find(policy_table_key(p));
        if (!t || t->policies.contains(p.name)) continue;
        Policy inline_policy = p;
        inline_policy.on.reset();
        inline_policy.schema.reset();
        t->policies.set(p.name, std::move(inline_policy));
        out.policies.erase(pk);
    }
    return out;
}

void detach_linked_tables(Snapshot& live, const Snapshot& target) {
    std::set<std::string> detached_schemas;
    for (const auto& [pk, p] : target.policies) {
        if (!p.on) continue;
        auto [schema, table] = parse_policy_target(*p.on);
        std::string key = object_key(schema, table);
        Table* t = live.tables.find(key);
        if (!t) continue;
        // The live policy of that name on that table is this standalone
        // policy (introspection lists it with its table's policies).
        if (const Policy* lp = t->policies.find(p.name)) {
            Policy moved = *lp;
            moved.on = p.on;
            moved.schema = p.schema;
            live.policies.set(pk, std::move(moved));
            t->policies.erase(p.name);
        }
        if (target.tables.contains(key)) continue;  // a managed table: kept
        // Not the target's table: its other policies are standalone ones too
        // (to be dropped if the target lost them), the table itself stays out.
        for (const auto& [lk, lp] : t->policies) {
            Policy moved = lp;
            moved.on = quote_ident(schema) + "." + quote_ident(table);
            moved.schema = schema;
            if (!live.policies.contains(lp.name)) live.policies.set(lp.name, std::move(moved));
        }
        live.tables.erase(key);
        detached_schemas.insert(schema);
    }
    for (const auto& schema : detached_schemas)
        if (std::find(target.schemas.begin(), target.schemas.end(), schema) == target.schemas.end())
            live.schemas.erase(std::remove(live.schemas.begin(), live.schemas.end(), schema), live.schemas.end());
}

}  // namespace pgkit::core
