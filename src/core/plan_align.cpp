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
    for (auto& [key, v] : target.views) {
        const View* l = live.views.find(key);
        const View* d = deparsed.views.find(key);
        if (l && d && same_view(*l, *d)) v = *l;
        else if (l && d && l->definition == d->definition) v.definition = l->definition;
    }
}

void detach_linked_tables(Snapshot& live, const Snapshot& target) {
    std::set<std::string> detached_schemas;
    for (const auto& [pk, p] : target.policies) {
        if (!p.on) continue;
        auto [schema, table] = parse_policy_target(*p.on);
        std::string key = object_key(schema == "public" ? "" : schema, table);
        if (target.tables.contains(key)) continue;
        const Table* t = live.tables.find(key);
        if (!t) continue;
        for (const auto& [lk, lp] : t->policies) {
            // keyed as the target keys a standalone policy of that name on that table
            std::string k = lp.name;
            Policy moved = lp;
            moved.on = quote_ident(schema) + "." + quote_ident(table);
            moved.schema = schema;
            for (const auto& [tk, tp] : target.policies)
                if (tp.name == lp.name && tp.on && parse_policy_target(*tp.on) == std::pair{schema, table}) {
                    k = tk;
                    moved.on = tp.on;
                    moved.schema = tp.schema;
                }
            live.policies.set(std::move(k), std::move(moved));
        }
        live.tables.erase(key);
        detached_schemas.insert(schema);
    }
    for (const auto& schema : detached_schemas)
        if (std::find(target.schemas.begin(), target.schemas.end(), schema) == target.schemas.end())
            live.schemas.erase(std::remove(live.schemas.begin(), live.schemas.end(), schema), live.schemas.end());
}

}  // namespace pgkit::core
