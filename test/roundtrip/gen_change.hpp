// The random changes from A to B (Generator::change, included by gen.hpp).
// Each change keeps B valid; renames and moves update Generator::orig_, from
// which hints() writes drizzle's hints at the end: tables/enums
// "schema.name->schema.name" (public spelled out), columns
// "schema.table.old->schema.table.new" (the table's new name), roles "old->new".
// More change kinds (schemas, sequences, policies, view options, enum value
// removal...) are in gen_change_more.hpp.
#pragma once

namespace pgkit::roundtrip {

inline void Generator::change(Snapshot& b) {
    Links& l = b_links_;
    auto table_keys = [&] {
        std::vector<std::string> keys;
        for (auto& [k, t] : b.tables) keys.push_back(k);
        return keys;
    };
    auto referenced = [&](const std::string& key) {  // by an FK of another table or by a view
        const Table& t = *b.tables.find(key);
        for (auto& [k, other] : b.tables)
            if (k != key)
                for (auto& [n, fk] : other.foreignKeys)
                    if (fk.tableTo == t.name && fk.schemaTo.value_or("public") == schema_or_public(t.schema))
                        return true;
        for (auto& [vk, tk] : l.views)
            if (tk == key && b.views.contains(vk)) return true;
        for (auto& [pn, tk] : l.ind_policies)
            if (tk == key && b.policies.contains(pn)) return true;
        return false;
    };
    // Moves every reference to a table whose key changes.
    auto rekey_table = [&](const std::string& from, Table t) {
        const Table& old = *b.tables.find(from);
        const std::string to = object_key(t.schema, t.name);
        for (auto& [k, other] : b.tables)
            for (auto& [n, fk] : other.foreignKeys) {
                if (fk.tableTo == old.name && fk.schemaTo.value_or("public") == schema_or_public(old.schema)) {
                    fk.tableTo = t.name;
                    fk.schemaTo = schema_or_public(t.schema);
                }
            }
        for (auto& [n, fk] : t.foreignKeys) {
            if (fk.tableTo == old.name && fk.schemaTo.value_or("public") == schema_or_public(old.schema)) {
                fk.tableTo = t.name;
                fk.schemaTo = schema_or_public(t.schema);
            }
            fk.tableFrom = t.name;
        }
        std::set<std::string> used;
        for (const std::string& c : l.used_columns)
            used.insert(c.rfind(from + ".", 0) == 0 ? to + c.substr(from.size()) : c);
        l.used_columns = std::move(used);
        for (auto& [vk, tk] : l.views)
            if (tk == from) tk = to;
        for (auto& [pn, tk] : l.ind_policies)
            if (tk == from) tk = to;
        move_key(orig_.tables, from, to);
        move_key(orig_.columns, from, to);
        move_key(orig_.policies, from, to);
        b.tables.erase(from);
        b.tables.set(to, std::move(t));
    };

    for (int attempt = 0; attempt < 20; ++attempt) {
        static const std::vector<int> alterations = {4, 7, 8, 9, 10, 11, 12, 13};
        const int kind = opt_.alter_only ? pick(alterations) : below(40);
        if (kind >= 24) {
            if (change_more(b, kind)) return;
            continue;
        }
        auto keys = table_keys();
        if (kind == 0 || keys.empty()) {
            add_table(b, l);
            return;
        }
        const std::string key = pick(keys);
        Table t = *b.tables.find(key);
        auto cols = free_columns(t, key, l);
        switch (kind) {
            case 1:  // drop table
                if (referenced(key)) break;
                b.tables.erase(key);
                orig_.tables.erase(key);
                orig_.columns.erase(key);
                orig_.policies.erase(key);
                return;
            case 2: {  // rename table
                if (!opt_.renames) break;
                std::string from = key;
                t.name = name("t");
                rekey_table(from, t);
                return;
            }
            case 3: {  // move table to another schema
                if (!opt_.renames) break;
                std::vector<std::string> others = {"public"};
                for (auto& s : b.schemas) others.push_back(s);
                std::string dest = pick(others);
                if (dest == schema_or_public(t.schema)) break;
                std::string from = key;
                t.schema = dest == "public" ? "" : dest;
                for (auto& [n, c] : t.columns)  // identity sequences move with their table
                    if (c.identity) c.identity->schema = dest;
                rekey_table(from, t);
                return;
            }
            case 4: {  // add column
                Column c = random_column(b);
                t.columns.set(c.name, c);
                b.tables.set(key, t);
                return;
            }
            case 5: {  // drop a free column
                if (cols.empty()) break;
                std::string c = pick(cols);
                t.columns.erase(c);
                if (orig_.columns.count(key)) orig_.columns[key].erase(c);
                for (auto& [vk, tk] : l.views)  // a view reading it stops reading it
                    if (tk == key && l.view_columns.count(vk) && l.view_columns[vk] == c) l.view_columns.erase(vk);
                b.tables.set(key, t);
                return;
            }
            case 6: {  // rename a free column
                if (cols.empty() || !opt_.renames) break;
                std::string from = pick(cols), to = name("c");
                Column c = *t.columns.find(from);
                c.name = to;
                t.columns.set(from, c);
                t.columns.rekey(from, to);
                if (orig_.columns.count(key)) move_key(orig_.columns[key], from, to);
                for (auto& [vk, tk] : l.views)
                    if (tk == key && l.view_columns.count(vk) && l.view_columns[vk] == from) l.view_columns[vk] = to;
                b.tables.set(key, t);
                return;
            }
            case 7: {  // change the type of a free column: casts Postgres does by itself, and ones that need USING
                if (cols.empty()) break;
                Column& c = *t.columns.find(pick(cols));
                const int r = below(4);
                bool keep_default = true;
                if (c.typeSchema) {  // enum (or enum array) -> text
                    c.type = "text" + c.type.substr(std::min(c.type.size(), c.type.find('[')));
                    c.typeSchema.reset();
                } else if (c.type == "integer") {
                    c.type = r < 2 ? "bigint" : r == 2 ? "text" : "boolean";
                    keep_default = r < 2;
                } else if (c.type == "varchar(20)") {
                    c.type = chance(50) ? "varchar(50)" : "text";
                } else if (c.type == "numeric(10, 2)") {
                    c.type = "numeric(12, 4)";
                } else if (c.type == "date") {
                    c.type = "timestamp";
                } else if (c.type == "text" && r == 3 && !b.enums.empty()) {  // text -> enum
                    const Enum& e = std::next(b.enums.begin(), below(static_cast<int>(b.enums.size())))->second;
                    c.type = e.name;
                    c.typeSchema = e.schema;
                    keep_default = false;
                } else if (c.type == "text") {
                    c.type = r < 2 ? "varchar(100)" : r == 2 ? "integer" : "jsonb";
                    keep_default = r < 2;
                } else if (c.type == "integer[]") {
                    c.type = r < 2 ? "bigint[]" : "integer";
                    keep_default = r < 2;
                } else if (c.type == "boolean") {
                    c.type = "integer";
                    keep_default = false;
                } else if (c.type == "uuid") {
                    c.type = "text";
                    keep_default = false;
                } else {
                    break;
                }
                if (!keep_default) c.defaultValue.reset();  // the old one may not cast
                b.tables.set(key, t);
                return;
            }
            case 8:  // toggle NOT NULL
                if (cols.empty()) break;
                t.columns.find(pick(cols))->notNull ^= true;
                b.tables.set(key, t);
                return;
            case 9: {  // default: drop, or set to a new one
                if (cols.empty()) break;
                Column& c = *t.columns.find(pick(cols));
                if (c.defaultValue && chance(50)) c.defaultValue.reset();
                else if (c.type == "integer" || c.type == "bigint") set_default(c, c.defaultValue ? "42" : "7");
                else if (c.type == "text") c.defaultValue = Scalar{Scalar::Kind::String, "'changed'"};
                else if (c.type == "boolean") c.defaultValue = Scalar{Scalar::Kind::Bool, "false"};
                else break;
                b.tables.set(key, t);
                return;
            }
            case 10:  // index: add, or drop one
                if (!t.indexes.empty() && chance(50)) t.indexes.erase(t.indexes.begin()->first);
                else add_index(t, key, l);
                b.tables.set(key, t);
                return;
            case 11:  // check: add, drop, or change its expression
                if (!t.checkConstraints.empty() && chance(50)) {
                    Check& c = t.checkConstraints.begin()->second;
                    if (chance(50)) t.checkConstraints.erase(c.name);
                    else c.value += " AND true";
                } else {
                    add_check(t, key, l, &b);
                }
                b.tables.set(key, t);
                return;
            case 12:  // unique constraint: add or drop
                if (!t.uniqueConstraints.empty() && chance(50)) t.uniqueConstraints.erase(t.uniqueConstraints.begin()->first);
                else add_unique(t, key, l);
                b.tables.set(key, t);
                return;
            case 13:  // FK: add, drop, or change ON DELETE
                if (!t.foreignKeys.empty() && chance(60)) {
                    ForeignKey& fk = t.foreignKeys.begin()->second;
                    if (chance(50)) t.foreignKeys.erase(fk.name);
                    else fk.onDelete = fk.onDelete == "cascade" ? "no action" : "cascade";
                } else {
                    add_fk(b, t, key, l);
                }
                b.tables.set(key, t);
                return;
            case 14: {  // enums: add a value, create, drop an unused one, rename
                if (b.enums.empty() || chance(25)) {
                    add_enum(b);
                    return;
                }
                std::string ek = std::next(b.enums.begin(), below(static_cast<int>(b.enums.size())))->first;
                Enum e = *b.enums.find(ek);
                bool used = false;
                for (auto& [k, tt] : b.tables)
                    for (auto& [n, c] : tt.columns)
                        if (of_enum(c, e)) used = true;
                int what = below(3);
                if (what == 0) {
                    e.values.push_back("v" + std::to_string(++counter_));
                    b.enums.set(ek, e);
                } else if (what == 1 && !used) {
                    b.enums.erase(ek);
                    orig_.enums.erase(ek);
                } else if (opt_.renames) {
                    std::string to = name("e");
                    for (auto& [k, tt] : b.tables)
                        for (auto& [n, c] : tt.columns)
                            if (of_enum(c, e)) c.type = to + c.type.substr(e.name.size());
                    e.name = to;
                    b.enums.erase(ek);
                    b.enums.set(object_key(e.schema, to), e);
                    move_key(orig_.enums, ek, object_key(e.schema, to));
                } else {
                    break;
                }
                return;
            }
            case 15:  // sequences: add, drop, alter
                if (b.sequences.empty() || chance(30)) {
                    add_sequence(b);
                } else if (chance(40)) {
                    orig_.sequences.erase(b.sequences.begin()->first);
                    b.sequences.erase(b.sequences.begin()->first);
                } else {
                    Sequence& s = b.sequences.begin()->second;
                    s.increment = std::to_string(std::stoi(s.increment.value_or("1")) + 1);
                    s.cycle = !s.cycle.value_or(false);
                }
                return;
            case 16: {  // roles: add, drop an unused one, alter, rename
                if (b.roles.empty() || chance(30)) {
                    Role r{name("r"), chance(50), chance(30), chance(50)};
                    b.roles.set(r.name, r);
                    return;
                }
                std::string rn = b.roles.begin()->first;
                Role r = *b.roles.find(rn);
                int what = below(3);
                if (what == 0 && !l.used_roles.count(rn)) {
                    b.roles.erase(rn);
                    orig_.roles.erase(rn);
                } else if (what == 1 && opt_.renames) {
                    // policies naming it follow (Postgres keeps the role's OID)
                    r.name = name("r");
                    b.roles.erase(rn);
                    b.roles.set(r.name, r);
                    move_key(orig_.roles, rn, r.name);
                    auto retarget = [&](Policy& p) {
                        if (p.to)
                            for (auto& x : *p.to)
                                if (x == rn) x = r.name;
                    };
                    for (auto& [k, tt] : b.tables)
                        for (auto& [pn, p] : tt.policies) retarget(p);
                    for (auto& [pn, p] : b.policies) retarget(p);
                    if (l.used_roles.erase(rn)) l.used_roles.insert(r.name);
                } else {
                    r.createDb = !r.createDb.value_or(false);
                    b.roles.set(rn, r);
                }
                return;
            }
            case 17:  // policies and RLS
                if (!t.policies.empty() && chance(60)) {
                    Policy& p = t.policies.begin()->second;
                    int what = below(3);
                    if (what == 0) {
                        if (orig_.policies.count(key)) orig_.policies[key].erase(p.name);
                        t.policies.erase(p.name);
                    }
                    else if (what == 1 && p.using_) p.using_ = *p.using_ == "true" ? "false" : "true";
                    else p.as = p.as == "PERMISSIVE" ? "RESTRICTIVE" : "PERMISSIVE";
                } else if (chance(50)) {
                    t.isRLSEnabled = true;
                    add_policy(b, t, l);
                } else {
                    t.isRLSEnabled = !t.isRLSEnabled;
                }
                b.tables.set(key, t);
                return;
            case 18:  // views: add, drop, toggle materialized
                if (b.views.empty() || chance(40)) {
                    add_view(b, l);
                } else {
                    std::string vk = b.views.begin()->first;
                    bool is_base = false;
                    for (auto& [dk, bk] : l.view_bases) is_base |= bk == vk && b.views.contains(dk);
                    if (chance(50)) {
                        if (is_base) break;
                        b.views.erase(vk);
                        orig_.views.erase(vk);
                    } else {
                        if (l.view_bases.count(vk)) break;  // views over views stay plain
                        View& v = *b.views.find(vk);
                        v.materialized = !v.materialized;
                        v.hasWith = false;
                        v.with.clear();
                        v.withNoData.reset();
                    }
                }
                return;
            case 20: {  // identity: ALWAYS <-> BY DEFAULT, or another increment
                Column* id = t.columns.find("id");
                if (!id || !id->identity) break;
                if (chance(50)) id->identity->type = id->identity->type == "always" ? "byDefault" : "always";
                else id->identity->increment = std::to_string(std::stoi(id->identity->increment.value_or("1")) + 1);
                b.tables.set(key, t);
                return;
            }
            case 21: {  // generated column: another expression
                Column* g = nullptr;
                for (auto& [n, c] : t.columns)
                    if (c.generated) g = &c;
                if (!g) break;
                g->generated->as = g->generated->as.ends_with("* 2") ? g->generated->as.substr(0, g->generated->as.size() - 1) + "3"
                                                                     : g->generated->as + " + 1";
                b.tables.set(key, t);
                return;
            }
            case 22: {  // enum: a value inserted before the last one (ADD VALUE ... BEFORE)
                if (b.enums.empty()) break;
                Enum& e = std::next(b.enums.begin(), below(static_cast<int>(b.enums.size())))->second;
                e.values.insert(e.values.end() - 1, "v" + std::to_string(++counter_));
                return;
            }
            case 23: {  // rename a view
                if (b.views.empty() || !opt_.renames) break;
                std::string from = std::next(b.views.begin(), below(static_cast<int>(b.views.size())))->first;
                View v = *b.views.find(from);
                if (chance(30) && !b.schemas.empty()) {  // a move
                    std::vector<std::string> others = {"public"};
                    for (auto& s : b.schemas) others.push_back(s);
                    std::string dest = pick(others);
                    if (dest == v.schema) break;
                    v.schema = dest;
                } else {
                    v.name = name("v");
                }
                std::string to = object_key(v.schema, v.name);
                move_key(l.view_columns, from, to);
                move_key(l.view_bases, from, to);
                for (auto& [dk, bk] : l.view_bases)
                    if (bk == from) bk = to;
                b.views.erase(from);
                b.views.set(to, v);
                for (auto& [vk, tk] : l.views)
                    if (vk == from) vk = to;
                move_key(orig_.views, from, to);
                return;
            }
            default: {  // schemas: add one, or drop an empty one
                if (b.schemas.empty() || chance(50)) {
                    b.schemas.push_back(name("s"));
                    return;
                }
                std::string s = b.schemas.back();
                bool used = false;
                for (auto& [k, tt] : b.tables) used |= tt.schema == s;
                for (auto& [k, e] : b.enums) used |= e.schema == s;
                for (auto& [k, q] : b.sequences) used |= q.schema == s;
                for (auto& [k, v] : b.views) used |= v.schema == s;
                for (auto& [k, tt] : b.tables)
                    for (auto& [n, c] : tt.columns)
                        used |= c.identity && c.identity->schema == s;
                for (auto& [k, p] : b.policies) used |= p.schema == s;
                if (used) break;
                b.schemas.pop_back();
                orig_.schemas.erase(s);
                return;
            }
        }
    }
}

}  // namespace pgkit::roundtrip
