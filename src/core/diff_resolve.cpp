// Rename hints, resolved in drizzle-kit's order (DRIZZLE-FORMAT.md §3):
// schemas, enums, sequences, roles, tables, columns, table policies,
// standalone policies, views. Each step sees the previous steps' renames
// already applied to the source, so a hint is written with the names the
// object has at that point (e.g. a table hint after a schema rename uses the
// new schema). A rename rewrites the source in place: the rest of the differ
// then compares a renamed object with its target like any other.
// GCC 12 reports -Wrestrict false positives on std::string concatenation
// (GCC bug 105329); the code is correct.
#pragma GCC diagnostic ignored "-Wrestrict"
#include <fmt/format.h>

#include <string_view>

#include "diff_internal.hpp"
#include "error.hpp"
#include "ident.hpp"
#include "interrupt.hpp"
#include "render.hpp"

namespace pgkit::core::detail {
namespace {

struct Hint {
    std::string text, from, to;
    bool used = false;
};

// Returns the number of '.'-separated name parts, or 0 when the text does not
// split cleanly. Hints carry names as they are (drizzle-kit's resolvers
// compare "schema.name" strings), except that a standalone policy's table is
// its quoted `on` ("s"."t", a '"' inside doubled): a part that starts with '"'
// is read as a quoted identifier, any other part runs to the next '.' with
// '"' as an ordinary character (a table named tbl"q is public.tbl"q).
int name_parts(std::string_view s) {
    int n = 1;
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '"') {  // a quoted part: up to the '"' not doubled
            for (++i;; ++i) {
                if (i >= s.size()) return 0;
                if (s[i] == '"') {
                    if (i + 1 < s.size() && s[i + 1] == '"') ++i;
                    else break;
                }
            }
            ++i;
            if (i < s.size() && s[i] != '.') return 0;
        } else {
            while (i < s.size() && s[i] != '.') ++i;
        }
        if (i < s.size()) {  // at a '.'
            ++n;
            ++i;
        }
    }
    return n;
}

std::vector<Hint> parse_hints(const std::vector<std::string>& hints) {
    std::vector<Hint> out;
    for (const auto& h : hints) {
        auto bad = [&](const std::string& why) {
            return Error(sqlstate::invalid_parameter,
                         fmt::format("pgkit: invalid rename hint \"{}\": {}", h, why), {},
                         "write hints as old->new, schema.name->schema.name or "
                         "schema.table.column->schema.table.column");
        };
        auto pos = h.find("->");
        if (pos == std::string::npos) throw bad("missing \"->\"");
        if (h.find("->", pos + 2) != std::string::npos) throw bad("more than one \"->\"");
        Hint hint{h, h.substr(0, pos), h.substr(pos + 2)};
        if (hint.from.empty() || hint.to.empty()) throw bad("empty side");
        if (hint.from == hint.to) throw bad("renames an object to itself");
        for (const auto& o : out)
            if (o.from == hint.from) throw bad("the same object is renamed twice");
        out.push_back(std::move(hint));
    }
    return out;
}

// Returns why a hint that matched nothing cannot be one (arity), or "".
// Checked only for unmatched hints: a name may itself contain '.' or '"', so
// counting parts up front would refuse valid hints.
std::string arity_problem(const Hint& h) {
    int a = name_parts(h.from), b = name_parts(h.to);
    if (a && b && a != b) return fmt::format(" ({} name parts on the left, {} on the right)", a, b);
    if (a > 3 && b > 3) return " (no object kind has more than 3 name parts)";
    return "";
}

// For every unused hint whose left side is one of `deleted` and right side
// one of `created`, calls apply(from, to).
template <class F>
void pair_up(std::vector<Hint>& hints, const std::vector<std::string>& deleted,
             const std::vector<std::string>& created, F&& apply) {
    if (deleted.empty() || created.empty()) return;
    std::set<std::string> d(deleted.begin(), deleted.end()), c(created.begin(), created.end());
    for (auto& h : hints) {
        if (h.used || !d.count(h.from) || !c.count(h.to)) continue;
        h.used = true;
        d.erase(h.from);
        c.erase(h.to);
        apply(h.from, h.to);
    }
}

template <class M>
std::pair<std::vector<std::string>, std::vector<std::string>> changed_keys(const M& prev,
                                                                           const M& cur) {
    std::vector<std::string> deleted, created;
    for (const auto& [k, v] : prev)
        if (!cur.contains(k)) deleted.push_back(k);
    for (const auto& [k, v] : cur)
        if (!prev.contains(k)) created.push_back(k);
    return {deleted, created};
}

// Returns (schema, name) of the object under `key`: from the object, not by
// splitting the key, since a schema name may contain '.'.
template <class M>
std::pair<std::string, std::string> names_of(const M& map, const std::string& key) {
    const auto* o = map.find(key);
    return {schema_or_public(o->schema), o->name};
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    if (from.empty()) return s;
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
        s.replace(p, from.size(), to);
    return s;
}

void rename_schema(Context& ctx, const std::string& a, const std::string& b) {
    ctx.add(RenameSchema, fmt::format("ALTER SCHEMA {} RENAME TO {};\n", quote_ident(a), quote_ident(b)),
            "rename_schema");
    Snapshot& p = ctx.prev;
    for (auto& s : p.schemas)
        if (s == a) s = b;
    auto moved = [&](auto& map) {
        std::vector<std::string> keys;
        for (auto& [k, v] : map)
            if (schema_or_public(v.schema) == a) keys.push_back(k);
        for (const auto& k : keys) {
            auto* v = map.find(k);
            v->schema = b;
            map.rekey(k, object_key(b, v->name));
        }
    };
    moved(p.tables);
    moved(p.enums);
    moved(p.sequences);
    moved(p.views);
    // Postgres tracks dependencies by OID: after ALTER SCHEMA RENAME every
    // reference is already right, so the source is rewritten to match.
    std::string qa = quote_ident(a) + ".", qb = quote_ident(b) + ".";
    for (auto& [k, v] : p.views)
        if (v.definition) v.definition = replace_all(*v.definition, qa, qb);
    for (auto& [k, t] : p.tables) {
        for (auto& [ck, c] : t.columns) {
            if (c.typeSchema == a) c.typeSchema = b;
            if (c.identity && c.identity->schema == a) c.identity->schema = b;
        }
        for (auto& [fk_key, fk] : t.foreignKeys)
            if (fk.schemaTo == a) fk.schemaTo = b;
    }
    for (auto& [k, pol] : p.policies) {
        if (pol.schema == a) pol.schema = b;
        if (pol.on) pol.on = replace_all(*pol.on, qa, qb);
    }
}

void retarget_enum(Snapshot& p, const std::string& s_from, const std::string& n_from,
                   const std::string& s_to, const std::string& n_to) {
    for (auto& [k, t] : p.tables)
        for (auto& [ck, c] : t.columns)
            if (c.typeSchema && *c.typeSchema == s_from && base_type(c.type) == n_from) {
                c.typeSchema = s_to;
                c.type = n_to + c.type.substr(base_type(c.type).size());
            }
}

void rename_table(Context& ctx, const std::string& from, const std::string& to) {
    auto [sa, na] = names_of(ctx.prev.tables, from);
    auto [sb, nb] = names_of(ctx.cur.tables, to);
    Table* t = ctx.prev.tables.find(from);
    std::string original = ctx.original_table_name.count(from) ? ctx.original_table_name[from] : t->name;
    if (sa != sb)
        ctx.add(MoveTable,
                fmt::format("ALTER TABLE {}.{} SET SCHEMA {};\n", quote_ident(sa), quote_ident(na),
                            quote_ident(sb)),
                "alter_table_set_schema");
    if (na != nb)
        ctx.add(RenameTable,
                fmt::format("ALTER TABLE {} RENAME TO {};", table_ref(sb, na), quote_ident(nb)),
                "rename_table");
    t->name = nb;
    t->schema = sb == "public" ? "" : sb;
    ctx.renamed_tables.insert(to);
    for (auto& [k, fk] : t->foreignKeys) fk.tableFrom = nb;
    ctx.prev.tables.rekey(from, to);
    ctx.original_table_name[to] = original;
    // Standalone policies follow a renamed table in Postgres; so does the source.
    for (auto& [k, pol] : ctx.prev.policies)
        if (pol.on && policy_target_key(*pol.on) == from) pol.on = quote_ident(sb) + "." + quote_ident(nb);
    // Foreign keys follow a renamed table in Postgres; so does the source.
    for (auto& [k, other] : ctx.prev.tables)
        for (auto& [fk_key, fk] : other.foreignKeys)
            if (fk.tableTo == na && schema_or_public(fk.schemaTo.value_or("")) == sa) {
                fk.tableTo = nb;
                if (fk.schemaTo || sb != "public") fk.schemaTo = sb;
            }
}

}  // namespace

void resolve_renames(Context& ctx, const std::vector<std::string>& raw) {
    std::vector<Hint> hints = parse_hints(raw);
    Snapshot& p = ctx.prev;
    const Snapshot& c = ctx.cur;
    for (const auto& [k, t] : p.tables) ctx.original_table_name[k] = t.name;
    for (const auto& [k, pol] : p.policies) ctx.original_policy_on[k] = pol.on.value_or("");

    // 1. schemas
    {
        std::vector<std::string> deleted, created;
        std::set<std::string> ps(p.schemas.begin(), p.schemas.end()), cs(c.schemas.begin(), c.schemas.end());
        for (const auto& s : p.schemas)
            if (!cs.count(s)) deleted.push_back(s);
        for (const auto& s : c.schemas)
            if (!ps.count(s)) created.push_back(s);
        pair_up(hints, deleted, created, [&](const std::string& a, const std::string& b) {
            rename_schema(ctx, a, b);
            ctx.original_table_name.clear();
            for (const auto& [k, t] : p.tables) ctx.original_table_name[k] = t.name;
        });
    }
    // 2. enums
    {
        auto [deleted, created] = changed_keys(p.enums, c.enums);
        pair_up(hints, deleted, created, [&](const std::string& from, const std::string& to) {
            auto [sa, na] = names_of(p.enums, from);
            auto [sb, nb] = names_of(c.enums, to);
            if (sa != sb)
                ctx.add(MoveEnum, fmt::format("ALTER TYPE {} SET SCHEMA {};", qualified_ref(sa, na), quote_ident(sb)),
                        "move_type_enum");
            if (na != nb)
                ctx.add(RenameEnum, fmt::format("ALTER TYPE {} RENAME TO {};", qualified_ref(sb, na), quote_ident(nb)),
                        "rename_type_enum");
            Enum* e = p.enums.find(from);
            e->schema = sb;
            e->name = nb;
            p.enums.rekey(from, to);
            retarget_enum(p, sa, na, sb, nb);
        });
    }
    // 3. sequences
    {
        auto [deleted, created] = changed_keys(p.sequences, c.sequences);
        pair_up(hints, deleted, created, [&](const std::string& from, const std::string& to) {
            auto [sa, na] = names_of(p.sequences, from);
            auto [sb, nb] = names_of(c.sequences, to);
            if (sa != sb)
                ctx.add(Sequences, fmt::format("ALTER SEQUENCE {} SET SCHEMA {};", qualified_ref(sa, na), quote_ident(sb)),
                        "move_sequence");
            if (na != nb)
                ctx.add(Sequences, fmt::format("ALTER SEQUENCE {} RENAME TO {};", qualified_ref(sb, na), quote_ident(nb)),
                        "rename_sequence");
            Sequence* s = p.sequences.find(from);
            s->schema = sb;
            s->name = nb;
            p.sequences.rekey(from, to);
        });
    }
    // 4. roles
    {
        auto [deleted, created] = changed_keys(p.roles, c.roles);
        pair_up(hints, deleted, created, [&](const std::string& from, const std::string& to) {
            ctx.add(Roles, fmt::format("ALTER ROLE {} RENAME TO {};", quote_ident(from), quote_ident(to)),
                    "rename_role");
            p.roles.find(from)->name = to;
            p.roles.rekey(from, to);
            auto retarget = [&](Policy& pol) {
                if (pol.to)
                    for (auto& r : *pol.to)
                        if (r == from) r = to;
            };
            for (auto& [k, t] : p.tables)
                for (auto& [pk, pol] : t.policies) retarget(pol);
            for (auto& [k, pol] : p.policies) retarget(pol);
        });
    }
    // 5. tables
    {
        auto [deleted, created] = changed_keys(p.tables, c.tables);
        pair_up(hints, deleted, created,
                [&](const std::string& from, const std::string& to) { rename_table(ctx, from, to); });
    }
    // 6. columns and 7. table policies, per table present on both sides
    for (const auto& entry : c.tables) {
        // Plain references, not structured bindings: lambdas below capture
        // them, which clang before 16 rejects for bindings (fuzz build).
        const std::string& key = entry.first;
        const Table& ct = entry.second;
        check_interrupts();
        Table* pt = p.tables.find(key);
        if (!pt) continue;
        std::string prefix = key + ".";
        {
            auto [deleted, created] = changed_keys(pt->columns, ct.columns);
            for (auto& d : deleted) d = prefix + d;
            for (auto& n : created) n = prefix + n;
            pair_up(hints, deleted, created, [&](const std::string& from, const std::string& to) {
                std::string a = from.substr(prefix.size()), b = to.substr(prefix.size());
                ctx.add(RenameColumn,
                        fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {};", table_ref(ct.schema, ct.name),
                                    quote_ident(a), quote_ident(b)),
                        "alter_table_rename_column");
                pt->columns.find(a)->name = b;
                pt->columns.rekey(a, b);
            });
        }
        {
            auto [deleted, created] = changed_keys(pt->policies, ct.policies);
            for (auto& d : deleted) d = prefix + d;
            for (auto& n : created) n = prefix + n;
            pair_up(hints, deleted, created, [&](const std::string& from, const std::string& to) {
                std::string a = from.substr(prefix.size()), b = to.substr(prefix.size());
                ctx.add(PolicyRename,
                        fmt::format("ALTER POLICY {} ON {} RENAME TO {};", quote_ident(a),
                                    table_ref(ct.schema, ct.name), quote_ident(b)),
                        "rename_policy");
                pt->policies.find(a)->name = b;
                pt->policies.rekey(a, b);
            });
        }
    }
    // 8. standalone policies: "<on>.<name>"
    {
        std::vector<std::string> deleted, created;
        std::map<std::string, std::string> key_of;
        // Named by its "on" as written in the source (drizzle's convention)
        // or as the renames above left it.
        for (const auto& [k, pol] : p.policies)
            if (!c.policies.contains(k))
                for (const std::string& on : {ctx.original_policy_on[k], pol.on.value_or("")}) {
                    deleted.push_back(on + "." + k);
                    key_of[deleted.back()] = k;
                }
        for (const auto& [k, pol] : c.policies)
            if (!p.policies.contains(k)) {
                created.push_back(pol.on.value_or("") + "." + k);
                key_of[created.back()] = k;
            }
        pair_up(hints, deleted, created, [&](const std::string& from, const std::string& to) {
            std::string a = key_of[from], b = key_of[to];
            Policy* pol = p.policies.find(a);
            if (!pol) throw Error(sqlstate::invalid_parameter,
                                  fmt::format("pgkit: rename hint for standalone policy \"{}\" given twice", a));
            // Linked to another table too: a policy cannot move between
            // tables, so it stays a drop there and a create here.
            const Policy* target = c.policies.find(b);
            if (policy_target_key(pol->on.value_or("")) != policy_target_key(target->on.value_or(""))) return;
            ctx.add(IndPolicyRename,
                    fmt::format("ALTER POLICY {} ON {} RENAME TO {};", quote_ident(a),
                                policy_target_sql(pol->on.value_or("")), quote_ident(b)),
                    "rename_ind_policy");
            pol->name = b;
            p.policies.rekey(a, b);
        });
    }
    // 9. views
    {
        auto [deleted, created] = changed_keys(p.views, c.views);
        pair_up(hints, deleted, created, [&](const std::string& from, const std::string& to) {
            auto [sa, na] = names_of(p.views, from);
            auto [sb, nb] = names_of(c.views, to);
            View* v = p.views.find(from);
            ctx.renamed_views[to] = {sa, na};
            v->schema = sb;
            v->name = nb;
            p.views.rekey(from, to);
        });
    }
    for (const auto& h : hints)
        if (!h.used)
            throw Error(sqlstate::invalid_parameter,
                        fmt::format("pgkit: rename hint \"{}\" matches no object that exists only in the "
                                    "source (\"{}\") and one that exists only in the target (\"{}\"){}",
                                    h.text, h.from, h.to, arity_problem(h)),
                        {},
                        "hints name schema.table for tables, enums, sequences and views (public "
                        "spelled out), schema.table.column for columns and policies (the table's new "
                        "name), plain names for schemas and roles");
}

}  // namespace pgkit::core::detail
