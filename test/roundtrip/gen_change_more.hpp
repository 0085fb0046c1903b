// More random changes from A to B (Generator::change_more, included by
// gen.hpp), added where the first set was blind: schema renames, sequence
// renames and moves, identity sequence renames, table policy renames,
// standalone (linked) policies, view WITH options, enum value removal (enum
// array columns included), an enum value added and used in the same
// migration, enum moves, identity added/dropped, generation dropped,
// column-level uniques toggled, columns retyped to an enum, policies naming
// a column, renames of columns that things refer to. Hints are written by
// hints() from Generator::orig_.
#pragma once

namespace pgkit::roundtrip {

// Renames schema `from` to `to` in B with everything in it, the links and
// the origins: after a schema rename drizzle resolves the later hints with
// the new schema name on both sides (DRIZZLE-FORMAT.md §3), so the source
// names of objects in it are rewritten too.
inline void Generator::rename_schema(Snapshot& b, const std::string& from, const std::string& to) {
    Links& l = b_links_;
    for (auto& s : b.schemas)
        if (s == from) s = to;
    const std::string pf = from + ".", pt = to + ".";
    auto swap_prefix = [&](const std::string& key) { return key.rfind(pf, 0) == 0 ? pt + key.substr(pf.size()) : key; };
    auto rekey_all = [&](auto& map) {
        std::vector<std::string> keys;
        for (auto& [k, v] : map)
            if (v.schema == from) keys.push_back(k);
        for (auto& k : keys) {
            auto v = *map.find(k);
            v.schema = to;
            map.erase(k);
            map.set(object_key(to, v.name), v);
        }
    };
    {  // tables keep an empty schema for public; a renamed schema is never public
        std::vector<std::string> keys;
        for (auto& [k, t] : b.tables)
            if (t.schema == from) keys.push_back(k);
        for (auto& k : keys) {
            Table t = *b.tables.find(k);
            t.schema = to;
            b.tables.erase(k);
            b.tables.set(object_key(to, t.name), t);
        }
    }
    rekey_all(b.enums);
    rekey_all(b.sequences);
    rekey_all(b.views);
    for (auto& [k, t] : b.tables) {
        for (auto& [n, c] : t.columns) {
            if (c.typeSchema == from) c.typeSchema = to;
            if (c.identity && c.identity->schema == from) c.identity->schema = to;
        }
        for (auto& [n, fk] : t.foreignKeys)
            if (fk.schemaTo == from) fk.schemaTo = to;
    }
    // links
    std::set<std::string> used;
    for (auto& c : l.used_columns) used.insert(swap_prefix(c));
    l.used_columns = std::move(used);
    for (auto& [vk, tk] : l.views) {
        vk = swap_prefix(vk);
        tk = swap_prefix(tk);
    }
    std::map<std::string, std::string> cols;
    for (auto& [vk, c] : l.view_columns) cols[swap_prefix(vk)] = c;
    l.view_columns = std::move(cols);
    std::map<std::string, std::string> bases;
    for (auto& [vk, bk] : l.view_bases) bases[swap_prefix(vk)] = swap_prefix(bk);
    l.view_bases = std::move(bases);
    for (auto& [pn, tk] : l.ind_policies) tk = swap_prefix(tk);
    // origins: keys (B side) and source names (A side, as drizzle sees them after the rename)
    auto both = [&](std::map<std::string, std::string>& m) {
        std::map<std::string, std::string> out;
        for (auto& [now, was] : m) out[swap_prefix(now)] = swap_prefix(was);
        m = std::move(out);
    };
    both(orig_.tables);
    both(orig_.enums);
    both(orig_.sequences);
    both(orig_.views);
    auto keys_only = [&](auto& m) {
        std::remove_reference_t<decltype(m)> out;
        for (auto& [now, v] : m) out[swap_prefix(now)] = std::move(v);
        m = std::move(out);
    };
    keys_only(orig_.columns);
    keys_only(orig_.policies);
    move_key(orig_.schemas, from, to);
}

inline bool Generator::change_more(Snapshot& b, int kind) {
    Links& l = b_links_;
    auto some_table = [&]() -> std::string {
        if (b.tables.empty()) return {};
        return std::next(b.tables.begin(), below(static_cast<int>(b.tables.size())))->first;
    };
    auto some_enum = [&]() -> std::string {
        if (b.enums.empty()) return {};
        return std::next(b.enums.begin(), below(static_cast<int>(b.enums.size())))->first;
    };
    auto other_schema = [&](const std::string& current) -> std::string {  // "" when there is none
        std::vector<std::string> all = {"public"};
        for (auto& s : b.schemas) all.push_back(s);
        std::string dest = pick(all);
        return dest == current ? std::string() : dest;
    };
    switch (kind) {
        case 24: {  // rename a schema
            if (b.schemas.empty() || !opt_.renames) return false;
            const std::string from = pick(b.schemas);  // a copy: the list is rewritten
            rename_schema(b, from, name("s"));
            return true;
        }
        case 25: {  // sequence: rename or move
            if (b.sequences.empty() || !opt_.renames) return false;
            std::string from = std::next(b.sequences.begin(), below(static_cast<int>(b.sequences.size())))->first;
            Sequence q = *b.sequences.find(from);
            if (chance(50)) {
                std::string dest = other_schema(q.schema);
                if (dest.empty()) return false;
                q.schema = dest;
            } else {
                q.name = name("seq");
            }
            std::string to = object_key(q.schema, q.name);
            b.sequences.erase(from);
            b.sequences.set(to, q);
            move_key(orig_.sequences, from, to);
            return true;
        }
        case 26: {  // rename a table policy
            if (!opt_.renames) return false;
            std::string key = some_table();
            if (key.empty()) return false;
            Table t = *b.tables.find(key);
            if (t.policies.empty()) return false;
            std::string from = std::next(t.policies.begin(), below(static_cast<int>(t.policies.size())))->first;
            Policy p = *t.policies.find(from);
            p.name = name("p");
            t.policies.erase(from);
            t.policies.set(p.name, p);
            if (orig_.policies.count(key)) move_key(orig_.policies[key], from, p.name);
            b.tables.set(key, t);
            return true;
        }
        case 27: {  // standalone policies: add, drop, alter, rename, link to another table
            if (b.policies.empty() || chance(30)) {
                add_standalone_policy(b, l);
                return true;
            }
            std::string pn = std::next(b.policies.begin(), below(static_cast<int>(b.policies.size())))->first;
            Policy p = *b.policies.find(pn);
            switch (below(4)) {
                case 0:
                    b.policies.erase(pn);
                    l.ind_policies.erase(pn);
                    orig_.ind_policies.erase(pn);
                    return true;
                case 1:
                    if (p.using_) p.using_ = *p.using_ == "true" ? "false" : "true";
                    else p.as = p.as == "PERMISSIVE" ? "RESTRICTIVE" : "PERMISSIVE";
                    b.policies.set(pn, p);
                    return true;
                case 2: {
                    if (!opt_.renames) return false;
                    p.name = name("p");
                    b.policies.erase(pn);
                    b.policies.set(p.name, p);
                    move_key(l.ind_policies, pn, p.name);
                    move_key(orig_.ind_policies, pn, p.name);
                    return true;
                }
                default: {
                    std::string key = some_table();
                    if (key.empty() || l.ind_policies[pn] == key) return false;
                    l.ind_policies[pn] = key;  // finish() writes the new "on"
                    return true;
                }
            }
        }
        case 28: {  // view WITH options: set, change, reset
            if (b.views.empty()) return false;
            const auto& [vk, v0] = *std::next(b.views.begin(), below(static_cast<int>(b.views.size())));
            View& v = *b.views.find(vk);
            view_options(v);
            if (l.view_bases.count(vk)) {  // over a view: no CHECK OPTION (see add_view)
                v.with.erase("checkOption");
                v.hasWith = !v.with.empty();
            }
            return true;
        }
        case 29: {  // enum value removal (recreates the type; array columns too)
            std::string ek = some_enum();
            if (ek.empty()) return false;
            Enum& e = *b.enums.find(ek);
            std::vector<std::string> removable;
            for (auto& v : e.values)
                if (!l.used_values.count(v)) removable.push_back(v);
            if (removable.empty() || e.values.size() < 2) return false;
            std::string v = pick(removable);
            e.values.erase(std::find(e.values.begin(), e.values.end(), v));
            return true;
        }
        case 30: {  // an enum value added and used at once (ADD VALUE cannot be used in its transaction)
            std::string ek = some_enum();
            if (ek.empty()) return false;
            Enum& e = *b.enums.find(ek);
            std::string v = "v" + std::to_string(++counter_);
            if (chance(50)) e.values.push_back(v);
            else e.values.insert(e.values.end() - 1, v);
            const Enum snapshot_enum = e;
            std::string key = some_table();
            if (key.empty()) return true;
            Table t = *b.tables.find(key);
            l.used_values.insert(v);
            const int how = below(3);
            if (how == 0) {  // a new column with it as default
                Column c{name("c"), snapshot_enum.name};
                c.typeSchema = snapshot_enum.schema;
                c.defaultValue = Scalar{Scalar::Kind::String, "'" + v + "'"};
                t.columns.set(c.name, c);
            } else {  // an existing enum column: its default, or a check naming the value
                Column* col = nullptr;
                for (auto& n : free_columns(t, key, l)) {
                    Column* c = t.columns.find(n);
                    if (c->typeSchema && c->type == snapshot_enum.name && *c->typeSchema == snapshot_enum.schema) col = c;
                }
                if (!col) return true;  // only the value added
                if (how == 1) {
                    col->defaultValue = Scalar{Scalar::Kind::String, "'" + v + "'"};
                } else {
                    Check ck{name("ck"), q(col->name) + " <> '" + v + "'"};
                    t.checkConstraints.set(ck.name, ck);
                    l.used_columns.insert(col_key(key, col->name));
                }
            }
            b.tables.set(key, t);
            return true;
        }
        case 31: {  // rename an identity's sequence (no hint: drizzle has none for it)
            std::string key = some_table();
            if (key.empty()) return false;
            Table t = *b.tables.find(key);
            Column* id = t.columns.find("id");
            if (!id || !id->identity) return false;
            id->identity->name = name("idseq");
            b.tables.set(key, t);
            return true;
        }
        case 33: {  // identity: added to a free integer column, or dropped
            std::string key = some_table();
            if (key.empty()) return false;
            Table t = *b.tables.find(key);
            std::vector<std::string> with;
            for (auto& [n, c] : t.columns)
                if (c.identity) with.push_back(n);
            if (!with.empty() && chance(50)) {
                t.columns.find(pick(with))->identity.reset();
            } else {
                std::vector<std::string> ints;
                for (auto& n : free_columns(t, key, l))
                    if (t.columns.find(n)->type == "integer") ints.push_back(n);
                if (ints.empty()) return false;
                Column& c = *t.columns.find(pick(ints));
                c.notNull = true;
                c.defaultValue.reset();
                c.identity = identity(name("idseq"), schema_or_public(t.schema));
            }
            b.tables.set(key, t);
            return true;
        }
        case 34: {  // a generated column becomes a plain one (DROP EXPRESSION)
            std::string key = some_table();
            if (key.empty()) return false;
            Table t = *b.tables.find(key);
            for (auto& [n, c] : t.columns)
                if (c.generated) {
                    c.generated.reset();
                    b.tables.set(key, t);
                    return true;
                }
            return false;
        }
        case 35: {  // column-level unique: added, dropped, or NULLS NOT DISTINCT flipped
            std::string key = some_table();
            if (key.empty()) return false;
            Table t = *b.tables.find(key);
            std::vector<std::string> uniques;
            for (auto& [n, c] : t.columns)
                if (c.isUnique.value_or(false)) uniques.push_back(n);
            if (!uniques.empty() && chance(60)) {
                Column& c = *t.columns.find(pick(uniques));
                if (chance(50)) {
                    c.isUnique = false;
                    c.uniqueName.reset();
                    c.nullsNotDistinct.reset();
                } else {
                    c.nullsNotDistinct = !c.nullsNotDistinct.value_or(false);
                }
            } else {
                auto cols = free_columns(t, key, l);
                if (cols.empty()) return false;
                Column& c = *t.columns.find(pick(cols));
                if (c.type == "jsonb" || c.type.find('[') != std::string::npos) return false;  // no btree equality
                c.isUnique = true;
                c.uniqueName = name("uq");
                c.nullsNotDistinct = chance(30);
            }
            b.tables.set(key, t);
            return true;
        }
        case 36: {  // a free integer or text column becomes an enum (USING via text)
            std::string key = some_table(), ek = some_enum();
            if (key.empty() || ek.empty()) return false;
            Table t = *b.tables.find(key);
            const Enum& e = *b.enums.find(ek);
            for (auto& n : free_columns(t, key, l)) {
                Column& c = *t.columns.find(n);
                if (c.type != "integer" && c.type != "text" && c.type != "varchar(20)") continue;
                c.type = e.name;
                c.typeSchema = e.schema;
                c.defaultValue.reset();
                if (chance(50)) {
                    c.defaultValue = Scalar{Scalar::Kind::String, "'" + e.values.front() + "'"};
                    l.used_values.insert(e.values.front());
                }
                b.tables.set(key, t);
                return true;
            }
            return false;
        }
        case 37: {  // a table policy naming a free column (which it then pins)
            std::string key = some_table();
            if (key.empty()) return false;
            Table t = *b.tables.find(key);
            auto cols = free_columns(t, key, l);
            if (cols.empty()) return false;
            std::string c = pick(cols);
            std::set<std::string> before;
            for (auto& [n, pol] : t.policies) before.insert(n);
            add_policy(b, t, l);
            Policy* added = nullptr;
            for (auto& [n, pol] : t.policies)
                if (!before.count(n)) added = &pol;
            Policy& p = *added;
            p.using_.reset();
            p.withCheck.reset();
            if (*p.for_ != "INSERT") p.using_ = q(c) + " IS NOT NULL";
            else p.withCheck = q(c) + " IS NOT NULL";
            t.isRLSEnabled = true;
            l.used_columns.insert(col_key(key, c));
            b.tables.set(key, t);
            return true;
        }
        case 38: {  // rename a column something refers to: the references follow (checks,
                    // indexes, FKs, uniques, generated expressions, policies, views)
            if (!opt_.renames) return false;
            std::string key = some_table();
            if (key.empty()) return false;
            Table t = *b.tables.find(key);
            std::vector<std::string> pinned;
            for (auto& [n, c] : t.columns)
                if (l.used_columns.count(col_key(key, n)) && n != "a" && n != "b" && !c.primaryKey) pinned.push_back(n);
            if (pinned.empty()) return false;
            const std::string from = pick(pinned), to = name("c");
            const std::string qf = q(from), qt = q(to);
            auto follow = [&](std::string& text) {
                for (std::size_t p = text.find(qf); p != std::string::npos; p = text.find(qf, p + qt.size()))
                    text.replace(p, qf.size(), qt);
            };
            auto follow_opt = [&](std::optional<std::string>& text) {
                if (text) follow(*text);
            };
            auto follow_list = [&](std::vector<std::string>& cols) {
                for (auto& c : cols)
                    if (c == from) c = to;
            };
            Column c = *t.columns.find(from);
            c.name = to;
            t.columns.set(from, c);
            t.columns.rekey(from, to);
            for (auto& [n, col] : t.columns)
                if (col.generated) follow(col.generated->as);
            for (auto& [n, ck] : t.checkConstraints) follow(ck.value);
            for (auto& [n, ix] : t.indexes) {
                follow_opt(ix.where);
                for (auto& ic : ix.columns) {
                    if (ic.isExpression) follow(ic.expression);
                    else if (ic.expression == from) ic.expression = to;
                }
            }
            for (auto& [n, fk] : t.foreignKeys) follow_list(fk.columnsFrom);
            for (auto& [n, u] : t.uniqueConstraints) follow_list(u.columns);
            for (auto& [n, p] : t.policies) {
                follow_opt(p.using_);
                follow_opt(p.withCheck);
            }
            l.used_columns.erase(col_key(key, from));
            l.used_columns.insert(col_key(key, to));
            for (auto& [vk, tk] : l.views)
                if (tk == key && l.view_columns.count(vk) && l.view_columns[vk] == from) l.view_columns[vk] = to;
            if (orig_.columns.count(key)) move_key(orig_.columns[key], from, to);
            b.tables.set(key, t);
            return true;
        }
        default: {  // move an enum to another schema
            if (!opt_.renames) return false;
            std::string ek = some_enum();
            if (ek.empty()) return false;
            Enum e = *b.enums.find(ek);
            std::string dest = other_schema(e.schema);
            if (dest.empty()) return false;
            for (auto& [k, t] : b.tables)
                for (auto& [n, c] : t.columns)
                    if (of_enum(c, e)) c.typeSchema = dest;
            e.schema = dest;
            std::string to = object_key(dest, e.name);
            b.enums.erase(ek);
            b.enums.set(to, e);
            move_key(orig_.enums, ek, to);
            return true;
        }
    }
}

}  // namespace pgkit::roundtrip
