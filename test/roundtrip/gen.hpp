// Seeded generator of snapshot pairs (A, B) for the round-trip tests (issue
// diff §8) and the diff benchmark: A is a random but valid schema covering
// the object kinds (schemas, roles, enums, sequences, tables with every
// column flavour, identity, generated, PKs, uniques, checks, FKs, indexes,
// policies table-level and standalone (linked), RLS, views and materialized
// views with options, enum array columns); B is A after random changes
// (adds, drops, alterations — identity, generated expressions, enum values
// inserted in the middle, removed, or added and used at once, type changes
// that need USING, view options — renames and moves of schemas, tables,
// columns, enums, sequences, identity sequences, roles, policies and views
// with their drizzle rename hints). Every change keeps B valid: a column is
// dropped, renamed or re-typed only when nothing but a view refers to it (FK,
// index, check, generated column and policy references pin it; a view reading
// it follows: its definition changes, or it must be recreated around it). Names are sometimes mixed-case, contain spaces or
// quotes, and FK names are sometimes over 63 bytes (Postgres truncates them).
// The same seed always gives the same pair (own PRNG, no std distributions).
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace pgkit::roundtrip {

using namespace pgkit::core;

struct GenOptions {
    int tables = 6;         // tables in A
    int changes = 8;        // random changes from A to B
    bool odd_names = true;  // mixed case, spaces, quotes, long FK names
    bool renames = true;    // renames and moves (with hints)
    // Only changes inside existing tables that drizzle-kit resolves without
    // asking (no drops or creates of tables, columns dropped, enums, roles,
    // views...): for timing drizzle-kit's generateMigration on the same pair.
    bool alter_only = false;
};

struct Pair {
    Snapshot a, b;
    std::vector<std::string> renames;  // hints for diff(a, b)
};

class Generator {
public:
    Generator(std::uint64_t seed, GenOptions options) : state_(seed * 0x9E3779B97F4A7C15ULL + 1), opt_(options) {}

    // Returns the pair for this generator's seed.
    Pair pair() {
        Pair p;
        build(p.a);
        p.b = p.a;
        b_links_ = links_;
        for (auto& [k, t] : p.a.tables) {
            orig_.tables[k] = k;
            for (auto& [c, col] : t.columns) orig_.columns[k][c] = c;
        }
        for (auto& [k, e] : p.a.enums) orig_.enums[k] = k;
        for (auto& [k, r] : p.a.roles) orig_.roles[k] = k;
        for (auto& [k, v] : p.a.views) orig_.views[k] = k;
        for (auto& [k, q] : p.a.sequences) orig_.sequences[k] = k;
        for (auto& s : p.a.schemas) orig_.schemas[s] = s;
        for (auto& [k, t] : p.a.tables)
            for (auto& [n, pol] : t.policies) orig_.policies[k][n] = n;
        for (auto& [n, pol] : p.a.policies) orig_.ind_policies[n] = {n, pol.on.value_or("")};
        for (int i = 0; i < opt_.changes; ++i) change(p.b);
        finish(p.a, links_);
        finish(p.b, b_links_);
        for (auto& [n, pol] : p.b.policies) ind_policy_on_[n] = pol.on.value_or("");
        p.renames = hints();
        return p;
    }

private:
    // --- randomness -------------------------------------------------------
    std::uint64_t next() {  // splitmix64: the same sequence on every platform
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    int below(int n) { return n <= 0 ? 0 : static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    bool chance(int percent) { return below(100) < percent; }
    template <class T>
    const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(below(static_cast<int>(v.size())))]; }

    // Returns a fresh name; sometimes one that needs quoting.
    std::string name(const std::string& prefix) {
        std::string n = prefix + "_" + std::to_string(++counter_);
        if (opt_.odd_names && chance(10)) {
            switch (below(3)) {
                case 0: n[0] = static_cast<char>(n[0] - 'a' + 'A'); break;  // "Tbl_3"
                case 1: n += " x"; break;                                   // "tbl_3 x"
                default: n += "\"q"; break;                                 // tbl_3"q
            }
        }
        return n;
    }
    static std::string q(const std::string& ident) {  // double-quoted, as SQL text in a snapshot
        std::string out = "\"";
        for (char c : ident) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + "\"";
    }

    // --- what refers to what (kept beside the model) ----------------------
    struct Links {
        std::set<std::string> used_columns;     // "tablekey.column": never dropped/renamed/re-typed
        std::vector<std::pair<std::string, std::string>> views;  // view key -> table key it reads
        std::map<std::string, std::string> view_columns;  // view key -> the table column it also reads
        std::map<std::string, std::string> view_bases;    // view key -> the view it reads (instead of a table)
        std::map<std::string, std::string> ind_policies;  // standalone policy name -> table key
        std::set<std::string> used_roles;        // named by a policy
        std::set<std::string> used_values;       // enum values a default or check names (never removed)
    };
    static std::string col_key(const std::string& table_key, const std::string& col) { return table_key + "." + col; }
    // Returns whether the column is of the enum (or an array of it).
    static bool of_enum(const Column& c, const Enum& e) {
        return c.typeSchema && *c.typeSchema == e.schema && c.type.substr(0, c.type.find('[')) == e.name;
    }

    // --- building A -------------------------------------------------------
    void build(Snapshot& s) {
        for (int i = below(3); i > 0; --i) s.schemas.push_back(name("s"));
        for (int i = below(3); i > 0; --i) {
            Role r{name("r"), chance(50), chance(30), chance(50)};
            s.roles.set(r.name, r);
        }
        for (int i = below(3); i > 0; --i) add_enum(s);
        for (int i = below(3); i > 0; --i) add_sequence(s);
        for (int i = 0; i < opt_.tables; ++i) add_table(s, links_);
        for (int i = below(3); i > 0; --i) add_view(s, links_);
        for (int i = below(3); i > 0; --i) add_standalone_policy(s, links_);
    }
    std::string some_schema(const Snapshot& s) {
        if (s.schemas.empty() || chance(60)) return "public";
        return pick(s.schemas);
    }
    void add_enum(Snapshot& s) {
        Enum e{name("e"), some_schema(s), {}};
        for (int i = 2 + below(3); i > 0; --i) e.values.push_back("v" + std::to_string(++counter_));
        links_.used_values.insert(e.values.front());  // column defaults name the first value
        b_links_.used_values.insert(e.values.front());
        s.enums.set(object_key(e.schema, e.name), e);
    }
    void add_sequence(Snapshot& s) {
        Sequence q{name("seq"), some_schema(s)};
        q.increment = std::to_string(1 + below(5));
        q.minValue = "1";
        q.maxValue = "9223372036854775807";
        q.startWith = std::to_string(1 + below(100));
        q.cache = "1";
        q.cycle = chance(20);
        s.sequences.set(object_key(q.schema, q.name), q);
    }

    // Returns a new column of a random type, with a matching default sometimes.
    Column random_column(const Snapshot& s) {
        Column c;
        c.name = name("c");
        std::vector<std::pair<std::string, std::string>> kinds = {
            {"integer", "7"},           {"bigint", "42"},        {"text", "'it''s'"},
            {"varchar(20)", "'abc'"},   {"boolean", "true"},     {"numeric(10, 2)", "'3.50'"},
            {"timestamp", "now()"},     {"jsonb", "'{}'::jsonb"}, {"uuid", "gen_random_uuid()"},
            {"integer[]", "'{1,2}'"},   {"text[]", "'{}'"},      {"date", "'2024-01-01'"}};
        auto [type, def] = pick(kinds);
        c.type = type;
        if (!s.enums.empty() && chance(15)) {
            const Enum& e = std::next(s.enums.begin(), below(static_cast<int>(s.enums.size())))->second;
            c.type = e.name;
            c.typeSchema = e.schema;
            def = "'" + e.values.front() + "'";
            links_.used_values.insert(e.values.front());  // the default names it: never removed
            b_links_.used_values.insert(e.values.front());  // (the first value can change: inserts)
            if (chance(30)) {  // an enum array
                c.type += "[]";
                def = chance(50) ? "'{}'" : "'{" + e.values.front() + "}'";
            }
        }
        c.notNull = chance(30);
        if (chance(40) || c.notNull) set_default(c, def);
        return c;
    }
    static void set_default(Column& c, const std::string& def) {
        if (def == "7" || def == "42") c.defaultValue = Scalar{Scalar::Kind::Number, def};
        else if (def == "true") c.defaultValue = Scalar{Scalar::Kind::Bool, def};
        else c.defaultValue = Scalar{Scalar::Kind::String, def};
    }
    Identity identity(const std::string& seq_name, const std::string& schema) {
        Identity id;
        id.type = chance(50) ? "always" : "byDefault";
        id.name = seq_name;
        id.schema = schema;
        id.increment = std::to_string(1 + below(3));
        id.minValue = "1";
        id.maxValue = "2147483647";
        id.startWith = std::to_string(1 + below(10));
        id.cache = "1";
        id.cycle = false;
        return id;
    }

    // Returns the key of the new table.
    std::string add_table(Snapshot& s, Links& l) {
        Table t;
        t.name = name("t");
        t.schema = some_schema(s);
        if (t.schema == "public") t.schema = "";
        const std::string key = object_key(t.schema, t.name);
        const int pk = below(10);
        if (pk < 6) {  // serial id
            Column id{"id", "serial"};
            id.primaryKey = id.notNull = true;
            t.columns.set("id", id);
        } else if (pk < 8) {  // identity id
            Column id{"id", "integer"};
            id.primaryKey = id.notNull = true;
            id.identity = identity(name("idseq"), schema_or_public(t.schema));
            t.columns.set("id", id);
        } else {  // composite primary key
            for (const char* n : {"a", "b"}) {
                Column c{n, "integer"};
                c.notNull = true;
                t.columns.set(n, c);
                l.used_columns.insert(col_key(key, n));
            }
            PrimaryKey p{name("pk"), {"a", "b"}};
            t.compositePrimaryKeys.set(p.name, p);
        }
        for (int i = 1 + below(5); i > 0; --i) {
            Column c = random_column(s);
            t.columns.set(c.name, c);
        }
        std::vector<std::string> ints;
        for (auto& [n, c] : t.columns)
            if (c.type == "integer" && !c.identity) ints.push_back(n);
        if (!ints.empty() && chance(25)) {  // generated column
            Column g{name("g"), "integer"};
            std::string src = pick(ints);
            g.generated = Generated{"stored", q(src) + " * 2"};
            t.columns.set(g.name, g);
            l.used_columns.insert(col_key(key, src));
        }
        if (chance(20)) {  // column-level unique
            Column c{name("u"), "text"};
            c.isUnique = true;
            c.uniqueName = name("uq");
            c.nullsNotDistinct = chance(30);
            t.columns.set(c.name, c);
        }
        for (int i = below(3); i > 0; --i) add_index(t, key, l);
        if (chance(30)) add_check(t, key, l, &s);
        if (chance(25)) add_unique(t, key, l);
        if (chance(50)) add_fk(s, t, key, l);
        if (chance(30)) {
            t.isRLSEnabled = true;
            for (int i = below(3); i > 0; --i) add_policy(s, t, l);
        }
        s.tables.set(key, t);
        return key;
    }
    // Returns the names of the table's columns nothing refers to.
    std::vector<std::string> free_columns(const Table& t, const std::string& key, const Links& l) {
        std::vector<std::string> out;
        for (auto& [n, c] : t.columns)
            if (!c.primaryKey && !c.identity && !c.generated && !c.isUnique && !l.used_columns.count(col_key(key, n)))
                out.push_back(n);
        return out;
    }
    void add_index(Table& t, const std::string& key, Links& l) {
        auto cols = free_columns(t, key, l);
        if (cols.empty()) return;
        Index ix;
        ix.name = name("ix");
        std::string c = pick(cols);
        const Column& col = *t.columns.find(c);
        bool text_like = col.type == "text" || col.type == "varchar(20)";
        if (text_like && chance(30)) {
            ix.columns.push_back({"lower(" + q(c) + ")", true, true, "last", std::nullopt});
        } else {
            bool asc = chance(70);
            ix.columns.push_back({c, false, asc, asc ? (chance(80) ? "last" : "first") : "last", std::nullopt});
        }
        if (col.type == "jsonb" || col.type == "integer[]" || col.type == "text[]") {
            ix.method = "gin";
            ix.columns.back().asc = true;
            ix.columns.back().nulls = "last";
        }
        ix.isUnique = ix.method == "btree" && chance(20);
        if (chance(25)) ix.where = q(c) + " IS NOT NULL";
        ix.hasWith = true;  // drizzle always writes "with" ({} when empty)
        if (ix.method == "btree" && chance(15)) ix.with.set("fillfactor", Scalar{Scalar::Kind::Number, "70"});
        ix.concurrently = chance(5);
        l.used_columns.insert(col_key(key, c));
        t.indexes.set(ix.name, ix);
    }
    void add_check(Table& t, const std::string& key, Links& l, const Snapshot* s = nullptr) {
        for (auto& n : free_columns(t, key, l)) {
            const Column& col = *t.columns.find(n);
            if (col.type == "integer" || col.type == "bigint") {
                Check c{name("ck"), q(n) + " > " + std::to_string(below(5) - 2)};
                t.checkConstraints.set(c.name, c);
                l.used_columns.insert(col_key(key, n));
                return;
            }
            // an enum column: a check naming one of its values
            const Enum* e = s && col.typeSchema ? s->enums.find(object_key(*col.typeSchema, col.type)) : nullptr;
            if (e && chance(50)) {
                Check c{name("ck"), q(n) + " <> '" + e->values.back() + "'"};
                t.checkConstraints.set(c.name, c);
                l.used_columns.insert(col_key(key, n));
                l.used_values.insert(e->values.back());
                return;
            }
        }
    }
    void add_unique(Table& t, const std::string& key, Links& l) {
        auto cols = free_columns(t, key, l);
        if (cols.empty()) return;
        Unique u{name("un"), {pick(cols)}, chance(20)};
        l.used_columns.insert(col_key(key, u.columns[0]));
        t.uniqueConstraints.set(u.name, u);
    }
    // Adds a column referencing another table's single-column integer PK.
    // Returns the key of a random table with a single-column "id" primary key
    // ("" if a few tries find none): sampled, so 5,000-table schemas stay fast.
    std::string pk_table(const Snapshot& s) {
        for (int i = 0; i < 12 && !s.tables.empty(); ++i) {
            const auto& [k, t] = *std::next(s.tables.begin(), below(static_cast<int>(s.tables.size())));
            if (const Column* id = t.columns.find("id"); id && id->primaryKey) return k;
        }
        return {};
    }
    void add_fk(const Snapshot& s, Table& t, const std::string& key, Links& l) {
        std::string target = pk_table(s);
        if (target.empty()) return;
        const Table& to = *s.tables.find(target);
        Column c{name("ref"), "integer"};
        c.notNull = chance(30);
        t.columns.set(c.name, c);
        ForeignKey fk;
        fk.name = name("fk");
        if (opt_.odd_names && chance(15))  // drizzle-orm's long default names: Postgres truncates them
            fk.name += "_" + t.name.substr(0, 10) + "_references_the_primary_key_of_another_table_fk";
        fk.tableFrom = t.name;
        fk.columnsFrom = {c.name};
        fk.tableTo = to.name;
        fk.schemaTo = schema_or_public(to.schema);
        fk.columnsTo = {"id"};
        static const std::vector<std::string> actions = {"no action", "cascade", "set null", "restrict"};
        fk.onDelete = c.notNull ? "cascade" : pick(actions);
        fk.onUpdate = "no action";
        t.foreignKeys.set(fk.name, fk);
        l.used_columns.insert(col_key(key, c.name));
    }
    void add_policy(const Snapshot& s, Table& t, Links& l) {
        Policy p;
        p.name = name("p");
        p.as = chance(80) ? "PERMISSIVE" : "RESTRICTIVE";
        static const std::vector<std::string> fors = {"ALL", "SELECT", "INSERT", "UPDATE", "DELETE"};
        p.for_ = pick(fors);
        std::vector<std::string> roles = {"public"};
        for (auto& [n, r] : s.roles) roles.push_back(n);
        p.to = std::vector<std::string>{pick(roles)};
        if ((*p.to)[0] != "public") l.used_roles.insert((*p.to)[0]);
        if (*p.for_ != "INSERT") p.using_ = chance(50) ? "true" : "current_user = 'postgres'";
        if (*p.for_ == "INSERT" || *p.for_ == "UPDATE" || *p.for_ == "ALL")
            if (chance(50)) p.withCheck = "true";
        t.policies.set(p.name, p);
    }
    void add_view(Snapshot& s, Links& l) {
        std::string target = pk_table(s);
        if (target.empty()) return;
        View v;
        v.name = name("v");
        v.schema = some_schema(s);
        v.materialized = chance(35);
        if (chance(30)) view_options(v);
        if (v.materialized && chance(20)) v.withNoData = true;
        std::string key = object_key(v.schema, v.name);
        if (!s.views.empty() && chance(25)) {  // a view over a view: recreating the base recreates it
            // a plain one, without CHECK OPTION: the base may become a
            // materialized view (not updatable, maybe not populated)
            v.materialized = false;
            v.withNoData.reset();
            v.with.clear();
            if (chance(30)) view_options(v);
            v.with.erase("checkOption");
            v.hasWith = !v.with.empty();
            l.view_bases[key] = std::next(s.views.begin(), below(static_cast<int>(s.views.size())))->first;
            s.views.set(key, v);
            return;
        }
        l.views.emplace_back(key, target);
        if (chance(40)) {  // it also reads a column nothing else pins: retyping it recreates the view
            const Table& t = *s.tables.find(target);
            auto cols = free_columns(t, target, l);
            if (!cols.empty()) l.view_columns[key] = pick(cols);
        }
        s.views.set(key, v);
    }
    // Sets random WITH options of the view's kind (drizzle's camelCase keys).
    void view_options(View& v) {
        v.with.clear();
        v.hasWith = true;
        if (v.materialized) {
            if (chance(70)) v.with.set("fillfactor", Scalar{Scalar::Kind::Number, std::to_string(60 + 10 * below(4))});
            if (chance(50)) v.with.set("autovacuumEnabled", Scalar{Scalar::Kind::Bool, chance(50) ? "true" : "false"});
        } else {
            if (chance(50)) v.with.set("checkOption", Scalar{Scalar::Kind::String, chance(50) ? "local" : "cascaded"});
            if (chance(50)) v.with.set("securityBarrier", Scalar{Scalar::Kind::Bool, chance(50) ? "true" : "false"});
            if (chance(50)) v.with.set("securityInvoker", Scalar{Scalar::Kind::Bool, chance(50) ? "true" : "false"});
        }
        if (v.with.empty()) v.hasWith = false;
    }
    // A standalone policy linked to a table (drizzle's pgPolicy(...).link(t)).
    void add_standalone_policy(Snapshot& s, Links& l) {
        if (s.tables.empty()) return;
        const auto& [key, t] = *std::next(s.tables.begin(), below(static_cast<int>(s.tables.size())));
        Table tmp;
        add_policy(s, tmp, l);
        Policy p = tmp.policies.begin()->second;
        p.schema = schema_or_public(t.schema);
        p.on = q(schema_or_public(t.schema)) + "." + q(t.name);
        l.ind_policies[p.name] = key;
        s.policies.set(p.name, p);
    }
    // Writes the view definitions from the tables they read (after renames).
    void finish(Snapshot& s, const Links& l) {
        for (auto& [pn, tk] : l.ind_policies) {  // a standalone policy's "on" names its table as it is now
            Policy* p = s.policies.find(pn);
            const Table* t = s.tables.find(tk);
            if (!p || !t) continue;
            p->schema = schema_or_public(t->schema);
            p->on = q(schema_or_public(t->schema)) + "." + q(t->name);
        }
        for (auto& [vk, tk] : l.views) {
            View* v = s.views.find(vk);
            const Table* t = s.tables.find(tk);
            if (!v || !t) continue;
            auto col = l.view_columns.find(vk);
            v->definition = "select " + q("id") + (col == l.view_columns.end() ? "" : ", " + q(col->second)) + " from " +
                            q(schema_or_public(t->schema)) + "." + q(t->name);
        }
        for (auto& [vk, bk] : l.view_bases) {
            View* v = s.views.find(vk);
            const View* base = s.views.find(bk);
            if (!v || !base) continue;
            v->definition = "select " + q("id") + " from " + q(base->schema) + "." + q(base->name);
        }
    }

    // --- changing B -------------------------------------------------------
    void change(Snapshot& b);
    // The change kinds added for coverage (gen_change_more.hpp): returns
    // false when the chosen change does not apply to B as it is.
    bool change_more(Snapshot& b, int kind);
    void rename_schema(Snapshot& b, const std::string& from, const std::string& to);

    // What each object of B was called in A (objects new in B are absent), so
    // that the hints say A's name -> B's name however often a thing was
    // renamed or moved, and a thing created in B gets no hint.
    struct Origins {
        std::map<std::string, std::string> tables, enums, roles, views, sequences;  // B key -> A key
        std::map<std::string, std::string> schemas;                              // B name -> A name
        std::map<std::string, std::map<std::string, std::string>> columns;     // B table key -> B col -> A col
        std::map<std::string, std::map<std::string, std::string>> policies;    // B table key -> B name -> A name
        // standalone policy B name -> (A name, A's "on"): drizzle's hint is
        // "<on>.<name>" with the source's "on" as written
        std::map<std::string, std::pair<std::string, std::string>> ind_policies;
    } orig_;
    template <class M>
    static void move_key(M& m, const std::string& from, const std::string& to) {
        auto it = m.find(from);
        if (it == m.end()) return;
        auto v = std::move(it->second);
        m.erase(it);
        m[to] = std::move(v);
    }
    // Returns drizzle's hints for everything renamed or moved from A to B.
    std::vector<std::string> hints() const {
        std::vector<std::string> out;
        for (auto& [now, was] : orig_.schemas)
            if (now != was) out.push_back(was + "->" + now);
        for (auto& [now, was] : orig_.sequences)
            if (now != was) out.push_back(was + "->" + now);
        for (auto& [table, pols] : orig_.policies)
            if (orig_.tables.count(table))
                for (auto& [now, was] : pols)
                    if (now != was) out.push_back(table + "." + was + "->" + table + "." + now);
        for (auto& [now, was] : orig_.ind_policies)
            if (now != was.first) out.push_back(was.second + "." + was.first + "->" + ind_policy_on_.at(now) + "." + now);
        for (auto& [now, was] : orig_.enums)
            if (now != was) out.push_back(was + "->" + now);
        for (auto& [now, was] : orig_.roles)
            if (now != was) out.push_back(was + "->" + now);
        for (auto& [now, was] : orig_.tables)
            if (now != was) out.push_back(was + "->" + now);
        for (auto& [now, was] : orig_.views)
            if (now != was) out.push_back(was + "->" + now);
        for (auto& [table, cols] : orig_.columns)
            if (orig_.tables.count(table))
                for (auto& [now, was] : cols)
                    if (now != was) out.push_back(table + "." + was + "->" + table + "." + now);
        return out;
    }

    std::map<std::string, std::string> ind_policy_on_;  // B standalone policy -> its "on" (set by pair())
    std::uint64_t state_;
    GenOptions opt_;
    int counter_ = 0;
    Links links_, b_links_;
};

}  // namespace pgkit::roundtrip

#include "gen_change.hpp"
#include "gen_change_more.hpp"
