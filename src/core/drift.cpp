// Drift comparison. Both snapshots are first flattened into entries, one per
// object (kind + qualified name), each with its comparable attributes in a
// canonical form; equivalent spellings in the snapshot (a column-level
// primary key or unique vs a table-level one, omitted defaults vs spelled-out
// ones) flatten to the same entry. Comparing two flat maps is then generic.
#include "drift.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "error.hpp"
#include "expr_normalize.hpp"
#include "ident.hpp"
#include "render.hpp"
#include "types.hpp"

namespace pgkit::core {
namespace {

enum class Mode {
    Exact,       // compared as text
    Expr,        // SQL expression: exact when deparsed, normalised when raw
    Type,        // a column type: canonical form
    Labels,      // enum labels as a set
    LabelOrder,  // relative order of the labels both sides have
};

struct Attr {
    std::string name;
    std::optional<std::string> value;  // nullopt: absent (no default, no identity, ...)
    Mode mode = Mode::Exact;
    bool specified = true;  // false on the expected side: not compared
    bool deparse = false;   // the scratch build's (deparsed) value replaces the snapshot's
    bool raw = true;        // value as written in a snapshot (not printed by Postgres)
    std::vector<std::string> list;  // Labels / LabelOrder
};

struct Entry {
    std::string kind, object;
    std::string parent;  // key of the entry whose missing/extra hides this one
    std::string schema;  // for scope ("" for roles)
    std::optional<std::string> summary;
    std::vector<Attr> attrs;
    bool existing = false;  // a drizzle `.existing()` view: tracked, never compared
    bool standalone = false;  // a standalone (linked) policy
};

using Flat = std::unordered_map<std::string, Entry>;

std::string key_of(const std::string& kind, const std::string& object) { return kind + '\x1f' + object; }

Entry& add(Flat& flat, std::string kind, std::string object, std::string parent, std::string schema) {
    std::string key = key_of(kind, object);
    Entry& e = flat[key];
    e.kind = std::move(kind);
    e.object = std::move(object);
    e.parent = std::move(parent);
    e.schema = std::move(schema);
    return e;
}

Attr attr(std::string name, std::optional<std::string> value, Mode mode = Mode::Exact, bool deparse = false) {
    Attr a;
    a.name = std::move(name);
    a.value = std::move(value);
    a.mode = mode;
    a.deparse = deparse;
    return a;
}

std::string join(const std::vector<std::string>& items, std::string_view sep = ", ") {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

std::string scalar_text(const Scalar& s) { return s.text; }

// Returns the canonical spelling of a column type (types.hpp), with the
// default schema left out: `public.vector(3)` read back from a scratch build
// and `vector(3)` name one type. Text that is not a type spelling is kept.
std::string type_key(const std::string& type, const std::string& type_schema) {
    std::string out;
    try {
        out = type_schema.empty() ? canonical_type(type) : canonical_type(type, type_schema);
    } catch (const Error&) {
        return type;
    }
    if (out.rfind("\"public\".", 0) == 0) out = out.substr(9);
    return out;
}

// Returns whether the type is one of the serial pseudo-types.
bool is_serial_type(const std::string& type) {
    try {
        return parse_type(type).serial;
    } catch (const Error&) {
        return false;
    }
}

// Returns the largest value of an integer column type (identity defaults).
std::string type_max(const std::string& canonical) {
    if (canonical == "smallint") return "32767";
    if (canonical == "integer") return "2147483647";
    return "9223372036854775807";
}
std::string type_min(const std::string& canonical) {
    if (canonical == "smallint") return "-32768";
    if (canonical == "integer") return "-2147483648";
    return "-9223372036854775808";
}

struct SeqOptions {
    std::string increment, minvalue, maxvalue, start, cache, cycle;
};

// Returns the sequence options with Postgres' defaults filled in for the
// ones a snapshot leaves out (CREATE SEQUENCE's rules, for type `canonical`).
SeqOptions fill_sequence(const std::optional<std::string>& inc, const std::optional<std::string>& min,
                         const std::optional<std::string>& max, const std::optional<std::string>& start,
                         const std::optional<std::string>& cache, const std::optional<bool>& cycle,
                         const std::string& canonical) {
    SeqOptions o;
    o.increment = inc.value_or("1");
    bool descending = !o.increment.empty() && o.increment[0] == '-';
    o.minvalue = min.value_or(descending ? type_min(canonical) : "1");
    o.maxvalue = max.value_or(descending ? "-1" : type_max(canonical));
    o.start = start.value_or(descending ? o.maxvalue : o.minvalue);
    o.cache = cache.value_or("1");
    o.cycle = cycle.value_or(false) ? "true" : "false";
    return o;
}

std::string index_definition(const std::string& schema, const Table& t, const Index& ix) {
    std::vector<std::string> cols;
    for (const auto& c : ix.columns) {
        std::string s = c.isExpression ? "(" + c.expression + ")" : c.expression;
        if (c.opclass && !c.opclass->empty()) s += " " + *c.opclass;
        if (!c.asc) s += " DESC";
        bool nulls_first = c.nulls == "first";
        if (nulls_first != !c.asc) s += nulls_first ? " NULLS FIRST" : " NULLS LAST";
        cols.push_back(std::move(s));
    }
    std::string def = fmt::format("{}INDEX ON {}.{} USING {} ({})", ix.isUnique ? "UNIQUE " : "", schema, t.name,
                                  ix.method.empty() ? "btree" : ix.method, join(cols));
    if (!ix.with.empty()) {
        std::vector<std::string> with;
        for (const auto& [k, v] : ix.with) with.push_back(k + "=" + scalar_text(v));
        std::sort(with.begin(), with.end());
        def += " WITH (" + join(with) + ")";
    }
    if (ix.where && !ix.where->empty()) def += " WHERE (" + *ix.where + ")";
    return def;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// Returns the (schema, table) a standalone policy's `on` names:
// `"auth"."users"` or `"users"` (public).

Entry& flatten_policy(Flat& flat, const std::string& schema, const std::string& table, const Policy& p,
                      const std::string& parent) {
    Entry& e = add(flat, "policy", schema + "." + table + "." + p.name, parent, schema);
    std::vector<std::string> to = p.to.value_or(std::vector<std::string>{"public"});
    for (auto& r : to) r = r == "PUBLIC" ? "public" : r;
    std::sort(to.begin(), to.end());
    e.attrs.push_back(attr("as", upper(p.as.value_or("PERMISSIVE"))));
    e.attrs.push_back(attr("for", upper(p.for_.value_or("ALL"))));
    e.attrs.push_back(attr("to", join(to), Mode::Exact, true));
    e.attrs.push_back(attr("using", p.using_, Mode::Expr, true));
    e.attrs.push_back(attr("with check", p.withCheck, Mode::Expr, true));
    return e;
}

// Column types repeat across a snapshot (a few dozen spellings in thousands
// of columns): their canonical key and whether they are serial, parsed once.
struct TypeMemo {
    std::unordered_map<std::string, std::pair<std::string, bool>> by_spelling;  // type '\x1f' schema
    const std::pair<std::string, bool>& get(const std::string& type, const std::string& type_schema) {
        std::string key = type;
        key += '\x1f';
        key += type_schema;
        auto it = by_spelling.find(key);
        if (it == by_spelling.end())
            it = by_spelling.emplace(std::move(key), std::pair(type_key(type, type_schema), is_serial_type(type))).first;
        return it->second;
    }
};

void flatten_table(Flat& flat, const Table& t, TypeMemo& types) {
    const std::string schema = schema_or_public(t.schema);
    const std::string tkey = key_of("table", schema + "." + t.name);
    const std::string prefix = schema + "." + t.name + ".";
    add(flat, "table", schema + "." + t.name, key_of("schema", schema), schema);

    std::set<std::string> pk_columns;
    for (const auto& [_, pk] : t.compositePrimaryKeys) pk_columns.insert(pk.columns.begin(), pk.columns.end());

    std::vector<std::string> column_pk;
    for (const auto& [name, c] : t.columns) {
        Entry& e = add(flat, "column", prefix + name, tkey, schema);
        e.attrs.reserve(c.identity ? 13 : 6);
        const auto& [type, serial] = types.get(c.type, c.typeSchema.value_or(""));
        e.summary = type;
        e.attrs.push_back(attr("type", type, Mode::Type, true));
        bool not_null = c.notNull || c.primaryKey || c.identity || pk_columns.count(name);
        e.attrs.push_back(attr("nullability", not_null ? "NOT NULL" : "NULL"));
        Attr def = attr("default", c.defaultValue ? std::optional(scalar_text(*c.defaultValue)) : std::nullopt,
                        Mode::Expr, true);
        // serial types own their default (nextval of the implicit sequence),
        // which a snapshot does not spell out
        if (serial && !c.defaultValue) def.specified = false;
        e.attrs.push_back(def);
        e.attrs.push_back(attr("generated", c.generated ? std::optional(c.generated->as) : std::nullopt,
                               Mode::Expr, true));
        e.attrs.push_back(attr("collation", c.collation.optional()));
        if (c.identity) {
            const Identity& id = *c.identity;
            e.attrs.push_back(attr("identity", id.type == "always" ? "always" : "by default"));
            SeqOptions o =
                fill_sequence(id.increment, id.minValue, id.maxValue, id.startWith, id.cache, id.cycle, type);
            e.attrs.push_back(attr("identity sequence name",
                                   id.name.empty() ? std::nullopt : std::optional(id.name)));
            e.attrs.back().specified = !id.name.empty();
            e.attrs.push_back(attr("identity increment", o.increment));
            e.attrs.push_back(attr("identity minvalue", o.minvalue));
            e.attrs.push_back(attr("identity maxvalue", o.maxvalue));
            e.attrs.push_back(attr("identity start", o.start));
            e.attrs.push_back(attr("identity cache", o.cache));
            e.attrs.push_back(attr("identity cycle", o.cycle));
        } else {
            e.attrs.push_back(attr("identity", std::nullopt));
        }
        if (c.primaryKey) column_pk.push_back(name);
        if (c.isUnique.value_or(false)) {
            std::string uname = c.uniqueName && !c.uniqueName->empty()
                                    ? *c.uniqueName
                                    : truncate_identifier(t.name + "_" + name + "_unique");
            Entry& u = add(flat, "unique", prefix + uname, tkey, schema);
            u.summary = fmt::format("UNIQUE{} ({})", c.nullsNotDistinct.value_or(false) ? " NULLS NOT DISTINCT" : "",
                                    name);
            u.attrs.push_back(attr("definition", u.summary));
        }
    }
    // One primary key per table, whichever way the snapshot spells it.
    std::optional<std::string> pk_name;
    std::vector<std::string> pk_cols;
    std::string pk_deferrable;
    bool pk_named = false;
    if (!t.compositePrimaryKeys.empty()) {
        const PrimaryKey& pk = t.compositePrimaryKeys.begin()->second;
        pk_name = pk.name;
        pk_cols = pk.columns;
        pk_deferrable = deferrable_sql(pk.deferrable, pk.initiallyDeferred);
        pk_named = true;
    } else if (!column_pk.empty()) {
        pk_name = truncate_identifier(t.name + "_pkey");
        pk_cols = column_pk;
    }
    if (pk_name) {
        Entry& e = add(flat, "primary_key", schema + "." + t.name, tkey, schema);
        e.summary = "PRIMARY KEY (" + join(pk_cols) + ")" + pk_deferrable;
        e.attrs.push_back(attr("definition", e.summary));
        e.attrs.push_back(attr("name", pk_name));
        e.attrs.back().specified = pk_named;
    }
    for (const auto& [name, u] : t.uniqueConstraints) {
        Entry& e = add(flat, "unique", prefix + name, tkey, schema);
        e.summary = fmt::format("UNIQUE{} ({}){}", u.nullsNotDistinct ? " NULLS NOT DISTINCT" : "", join(u.columns),
                                deferrable_sql(u.deferrable, u.initiallyDeferred));
        e.attrs.push_back(attr("definition", e.summary));
    }
    for (const auto& [name, c] : t.checkConstraints) {
        Entry& e = add(flat, "check", prefix + name, tkey, schema);
        e.summary = c.value;
        e.attrs.push_back(attr("definition", c.value, Mode::Expr, true));
    }
    for (const auto& [name, fk] : t.foreignKeys) {
        Entry& e = add(flat, "foreign_key", prefix + name, tkey, schema);
        std::string to_schema = fk.schemaTo && !fk.schemaTo->empty() ? *fk.schemaTo : "public";
        std::string def = fmt::format("FOREIGN KEY ({}) REFERENCES {}.{}({}) ON UPDATE {} ON DELETE {}",
                                      join(fk.columnsFrom), to_schema, fk.tableTo, join(fk.columnsTo),
                                      lower(fk.onUpdate.value_or("no action")), lower(fk.onDelete.value_or("no action")));
        def += deferrable_sql(fk.deferrable, fk.initiallyDeferred);
        e.summary = def;
        e.attrs.push_back(attr("definition", def));
    }
    for (const auto& [name, ix] : t.indexes) {
        Entry& e = add(flat, "index", schema + "." + name, tkey, schema);
        e.summary = index_definition(schema, t, ix);
        e.attrs.push_back(attr("definition", e.summary, Mode::Expr, true));
    }
    for (const auto& [_, p] : t.policies) flatten_policy(flat, schema, t.name, p, tkey);
    Entry& rls = add(flat, "rls", schema + "." + t.name, tkey, schema);
    rls.attrs.push_back(attr("enabled", t.isRLSEnabled ? "true" : "false"));
    rls.attrs.push_back(attr("forced", t.rlsForced ? "true" : "false"));
}

// Introspection's marker for a table whose RLS is off although it has
// policies (drizzle has no spelling for it: policies imply RLS).
constexpr const char* rls_disabled_marker = "rls_disabled_with_policies";

// Returns the snapshot as flat entries.
Flat flatten(const Snapshot& s) {
    Flat flat;
    // Sized once: a table's entries are itself, its RLS, columns,
    // constraints, indexes and policies (rehashing as it grew cost more).
    std::size_t entries = s.schemas.size() + s.enums.size() + s.sequences.size() + s.views.size() +
                          s.policies.size() + s.roles.size();
    for (const auto& [_, t] : s.tables)
        entries += 3 + t.columns.size() + t.compositePrimaryKeys.size() + t.uniqueConstraints.size() +
                   t.checkConstraints.size() + t.foreignKeys.size() + t.indexes.size() + t.policies.size();
    flat.reserve(entries);
    TypeMemo types;
    for (const auto& name : s.schemas)
        if (name != "public") add(flat, "schema", name, "", name);
    std::unordered_set<std::string> rls_off;
    for (const auto& u : s.unmanaged)
        if (u.kind == rls_disabled_marker) rls_off.insert(u.name);
    for (const auto& [_, t] : s.tables) {
        flatten_table(flat, t, types);
        // drizzle-kit's rule: a table with policies has RLS enabled
        std::string name = object_key(t.schema, t.name);
        if (!t.policies.empty() && !rls_off.count(name)) flat[key_of("rls", name)].attrs[0].value = "true";
    }
    for (const auto& [_, p] : s.policies) {
        auto [schema, table] = parse_policy_target(p.on.value_or(""));
        // linked to a table outside the snapshot (e.g. auth.users): that
        // table's schema does not become part of the model
        flatten_policy(flat, schema, table, p, "").standalone = true;
    }
    for (const auto& [_, en] : s.enums) {
        std::string schema = schema_or_public(en.schema);
        Entry& e = add(flat, "enum", schema + "." + en.name, key_of("schema", schema), schema);
        e.summary = join(en.values);
        Attr labels = attr("labels", e.summary, Mode::Labels);
        labels.list = en.values;
        Attr order = attr("label order", e.summary, Mode::LabelOrder);
        order.list = en.values;
        e.attrs.push_back(labels);
        e.attrs.push_back(order);
    }
    for (const auto& [_, sq] : s.sequences) {
        std::string schema = schema_or_public(sq.schema);
        Entry& e = add(flat, "sequence", schema + "." + sq.name, key_of("schema", schema), schema);
        SeqOptions o = fill_sequence(sq.increment, sq.minValue, sq.maxValue, sq.startWith, sq.cache, sq.cycle, "bigint");
        e.attrs.push_back(attr("increment", o.increment));
        e.attrs.push_back(attr("minvalue", o.minvalue));
        e.attrs.push_back(attr("maxvalue", o.maxvalue));
        e.attrs.push_back(attr("start", o.start));
        e.attrs.push_back(attr("cache", o.cache));
        e.attrs.push_back(attr("cycle", o.cycle));
    }
    for (const auto& [_, v] : s.views) {
        std::string schema = schema_or_public(v.schema);
        Entry& e = add(flat, "view", schema + "." + v.name, key_of("schema", schema), schema);
        e.existing = v.isExisting;
        e.summary = v.definition;
        e.attrs.push_back(attr("definition", v.definition, Mode::Expr, true));
        e.attrs.push_back(attr("materialized", v.materialized ? "true" : "false"));
        std::vector<std::string> with;
        for (const auto& [k, val] : v.with) with.push_back(k + "=" + scalar_text(val));
        std::sort(with.begin(), with.end());
        e.attrs.push_back(attr("options", with.empty() ? std::nullopt : std::optional(join(with)), Mode::Exact, true));
    }
    for (const auto& [_, r] : s.roles) {
        Entry& e = add(flat, "role", r.name, "", "");
        auto flag = [&](const char* name, const std::optional<bool>& v) {
            Attr a = attr(name, v ? std::optional(std::string(*v ? "true" : "false")) : std::nullopt);
            a.specified = v.has_value();
            e.attrs.push_back(a);
        };
        flag("createdb", r.createDb);
        flag("createrole", r.createRole);
        flag("inherit", r.inherit);
    }
    for (const auto& u : s.unmanaged) {
        if (u.kind == rls_disabled_marker) continue;
        std::string schema = u.name.substr(0, u.name.find('.'));
        add(flat, u.kind, u.name, "", schema).attrs.clear();
    }
    return flat;
}

// Returns the expected entries with every deparse-able attribute replaced by
// the scratch build's value.
Flat merge_deparsed(Flat expected, const Flat& deparsed) {
    for (auto& [key, e] : expected) {
        auto it = deparsed.find(key);
        if (it == deparsed.end()) continue;  // the build could not create it: fallback
        for (auto& a : e.attrs) {
            if (!a.deparse) continue;
            for (const auto& d : it->second.attrs)
                if (d.name == a.name) {
                    a.value = d.value;
                    a.list = d.list;
                    a.raw = false;
                    a.specified = true;
                    if (a.name == "type") e.summary = d.value;
                }
        }
    }
    // Entries only the scratch build has (roles its policies name, implicit
    // objects) are not expectations of the snapshot: not added.
    return expected;
}

// Returns whether the two attribute values are the same drift-wise.
bool same(const Attr& exp, const Attr& act) {
    if (!exp.specified) return true;
    switch (exp.mode) {
    case Mode::Labels: {
        std::set<std::string> a(exp.list.begin(), exp.list.end()), b(act.list.begin(), act.list.end());
        return a == b;
    }
    case Mode::LabelOrder: {
        std::set<std::string> in_b(act.list.begin(), act.list.end()), in_a(exp.list.begin(), exp.list.end());
        std::vector<std::string> a, b;
        for (const auto& l : exp.list) if (in_b.count(l)) a.push_back(l);
        for (const auto& l : act.list) if (in_a.count(l)) b.push_back(l);
        return a == b;
    }
    default:
        break;
    }
    if (exp.value.has_value() != act.value.has_value()) return false;
    if (!exp.value) return true;
    if (*exp.value == *act.value) return true;
    if (exp.mode == Mode::Type) return false;  // both sides are canonical already
    if (!exp.raw) return false;
    if (exp.mode == Mode::Expr)
        return normalize_expression(*exp.value) == normalize_expression(*act.value);
    return false;
}

int kind_rank(const std::string& kind) {
    static const std::vector<std::string> order = {"schema", "role", "enum", "sequence", "table", "column",
                                                   "primary_key", "unique", "check", "foreign_key", "index",
                                                   "rls", "policy", "view"};
    auto it = std::find(order.begin(), order.end(), kind);
    return static_cast<int>(it - order.begin());
}

bool glob(std::string_view p, std::string_view s) {
    // iterative '*' matcher with backtracking to the last star
    std::size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
    while (si < s.size()) {
        if (pi < p.size() && p[pi] == '*') { star = pi++; mark = si; }
        else if (pi < p.size() && p[pi] == s[si]) { ++pi; ++si; }
        else if (star != std::string_view::npos) { pi = star + 1; si = ++mark; }
        else return false;
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

std::vector<Finding> compare_flat(const Flat& exp, const Flat& act, const Snapshot& expected,
                                  const DriftOptions& options) {
    validate_ignore_patterns(options.ignore);
    // Scope: the schemas the expected snapshot speaks about (public always:
    // drizzle's default schema), everything with include_unmanaged.
    std::unordered_set<std::string> managed = {"public"};
    for (const auto& [_, e] : exp)
        if (!e.schema.empty() && !e.standalone) managed.insert(e.schema);
    auto in_scope = [&](const std::string& key, const Entry& e) {
        if (exp.count(key)) return true;
        if (options.include_unmanaged) return true;
        if (e.kind == "role") return false;
        if (e.kind != "schema" && e.kind != "table" && e.kind != "column" && e.kind != "index" &&
            e.kind != "foreign_key" && e.kind != "primary_key" && e.kind != "unique" && e.kind != "check" &&
            e.kind != "enum" && e.kind != "sequence" && e.kind != "view" && e.kind != "policy" && e.kind != "rls")
            return false;  // unmanaged kinds (trigger, function, ...)
        return managed.count(e.schema) != 0;
    };
    std::vector<std::pair<Finding, int>> out;
    auto missing_parent = [&](const Entry& e) {
        for (std::string p = e.parent; !p.empty();) {
            auto it = exp.find(p);
            if (it == exp.end()) return false;
            if (!act.count(p)) return true;
            p = it->second.parent;
        }
        return false;
    };
    auto extra_parent = [&](const Entry& e) {
        for (std::string p = e.parent; !p.empty();) {
            auto it = act.find(p);
            if (it == act.end()) return false;
            if (!exp.count(p)) return true;
            p = it->second.parent;
        }
        return false;
    };
    for (const auto& [key, e] : exp) {
        if (e.existing) continue;
        auto it = act.find(key);
        if (it == act.end()) {
            if (!missing_parent(e)) out.push_back({{e.kind, e.object, "missing", e.summary, std::nullopt}, 0});
            continue;
        }
        const Entry& a = it->second;
        bool identity_changed = false;
        for (std::size_t i = 0; i < e.attrs.size(); ++i) {
            const Attr& ea = e.attrs[i];
            if (identity_changed && ea.name.rfind("identity ", 0) == 0) continue;
            const Attr* aa = nullptr;
            for (const auto& x : a.attrs)
                if (x.name == ea.name) aa = &x;
            // an attribute the actual side lacks compares as absent (built
            // only then: one per compared attribute cost ~5% of check_drift)
            std::optional<Attr> absent;
            if (!aa) aa = &absent.emplace(attr(ea.name, std::nullopt, ea.mode));
            if (same(ea, *aa)) continue;
            if (ea.name == "identity") identity_changed = true;
            out.push_back({{e.kind, e.object, "changed: " + ea.name, ea.value, aa->value}, static_cast<int>(i)});
        }
    }
    for (const auto& [key, a] : act) {
        if (exp.count(key) || !in_scope(key, a) || extra_parent(a)) continue;
        out.push_back({{a.kind, a.object, "extra", std::nullopt, a.summary}, 0});
    }
    (void)expected;
    std::vector<Finding> findings;
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
        if (x.first.object != y.first.object) return x.first.object < y.first.object;
        int kx = kind_rank(x.first.kind), ky = kind_rank(y.first.kind);
        if (kx != ky) return kx < ky;
        if (x.first.kind != y.first.kind) return x.first.kind < y.first.kind;
        return x.second < y.second;
    });
    for (auto& entry : out) {
        Finding& f = entry.first;  // not a binding: the lambda captures it (clang < 16)
        bool ignored = std::any_of(options.ignore.begin(), options.ignore.end(),
                                   [&](const std::string& p) { return ignore_matches(p, f); });
        if (!ignored) findings.push_back(std::move(f));
    }
    return findings;
}

}  // namespace

std::vector<Finding> compare(const Snapshot& expected, const Snapshot& actual, const DriftOptions& options) {
    return compare_flat(flatten(expected), flatten(actual), expected, options);
}

std::vector<Finding> compare(const Snapshot& expected, const Snapshot& deparsed, const Snapshot& actual,
                             const DriftOptions& options) {
    return compare_flat(merge_deparsed(flatten(expected), flatten(deparsed)), flatten(actual),
                        expected, options);
}

namespace {

// Returns deparse_subset's result from the flattened sides.
Snapshot subset_of(const Flat& exp, const Flat& act, const Snapshot& expected) {
    std::unordered_set<std::string> tables, views;  // object names
    for (const auto& [key, e] : exp) {
        auto it = act.find(key);
        if (it == act.end() || e.existing) continue;
        bool differs = false;
        for (const auto& a : e.attrs) {
            if (!a.deparse || !a.specified) continue;
            const Attr* b = nullptr;
            for (const auto& x : it->second.attrs)
                if (x.name == a.name) b = &x;
            if (!b || a.value != b->value) differs = true;
            if (differs) break;
        }
        if (!differs) continue;
        if (e.kind == "view") views.insert(e.object);
        else if (e.parent.rfind("table\x1f", 0) == 0) tables.insert(e.parent.substr(6));
    }
    Snapshot s;  // field by field: copying every table only to drop most is costly
    s.version = expected.version;
    s.dialect = expected.dialect;
    s.schemas = expected.schemas;
    s.enums = expected.enums;
    s.sequences = expected.sequences;
    if (tables.empty() && views.empty()) return s;
    for (const auto& [k, t] : expected.tables) {
        if (!views.empty() || tables.count(object_key(t.schema, t.name))) {
            Table copy = t;
            copy.foreignKeys.clear();
            // The scratch build runs in a subtransaction, where CREATE INDEX
            // CONCURRENTLY cannot; how an index is built does not change its text.
            for (auto& [ik, ix] : copy.indexes) ix.concurrently = false;
            s.tables.set(k, std::move(copy));
        }
    }
    for (const auto& [k, v] : expected.views)
        if (views.count(object_key(v.schema, v.name))) s.views.set(k, v);
    return s;
}

}  // namespace

std::pair<std::string, std::string> parse_policy_target(const std::string& on) {
    std::vector<std::string> parts;
    std::string cur;
    bool quoted = false;
    for (std::size_t i = 0; i < on.size(); ++i) {
        char c = on[i];
        if (c == '"') {
            if (quoted && i + 1 < on.size() && on[i + 1] == '"') { cur += '"'; ++i; }
            else quoted = !quoted;
        } else if (c == '.' && !quoted) {
            parts.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    parts.push_back(cur);
    if (parts.size() >= 2) return {parts[parts.size() - 2], parts.back()};
    return {"public", parts.back()};
}

Snapshot deparse_subset(const Snapshot& expected, const Snapshot& actual) {
    return subset_of(flatten(expected), flatten(actual), expected);
}

std::vector<Finding> compare(const Snapshot& expected, const Snapshot& actual, const DriftOptions& options,
                             const Deparser& deparse) {
    Flat exp = flatten(expected), act = flatten(actual);
    Snapshot subset = subset_of(exp, act, expected);
    if (!subset.tables.empty() || !subset.views.empty()) {
        std::optional<Snapshot> deparsed = deparse(subset);
        if (deparsed) exp = merge_deparsed(std::move(exp), flatten(*deparsed));
    }
    return compare_flat(exp, act, expected, options);
}

std::vector<std::string> schemas_to_read(const Snapshot& expected) {
    std::set<std::string> out = {"public"};
    out.insert(expected.schemas.begin(), expected.schemas.end());
    for (const auto& [_, t] : expected.tables) out.insert(schema_or_public(t.schema));
    for (const auto& [_, e] : expected.enums) out.insert(schema_or_public(e.schema));
    for (const auto& [_, q] : expected.sequences) out.insert(schema_or_public(q.schema));
    for (const auto& [_, v] : expected.views) out.insert(schema_or_public(v.schema));
    for (const auto& [_, p] : expected.policies) out.insert(parse_policy_target(p.on.value_or("")).first);
    return {out.begin(), out.end()};
}

void validate_ignore_patterns(const std::vector<std::string>& patterns) {
    for (const auto& p : patterns) {
        auto colon = p.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == p.size())
            throw Error(sqlstate::invalid_parameter, fmt::format("pgkit: invalid ignore pattern \"{}\"", p),
                        "An ignore pattern is kind:object with * globs.",
                        "e.g. 'index:public.*_trgm_idx' or 'column:public.users.*'");
    }
}

bool ignore_matches(const std::string& pattern, const Finding& finding) {
    auto colon = pattern.find(':');
    if (colon == std::string::npos) return false;
    return glob(std::string_view(pattern).substr(0, colon), finding.kind) &&
           glob(std::string_view(pattern).substr(colon + 1), finding.object);
}

std::string format_report(const std::vector<Finding>& findings) {
    std::string out;
    for (const auto& f : findings) {
        if (!out.empty()) out += '\n';
        out += fmt::format("{} {}: {}", f.kind, f.object, f.problem);
        if (f.problem == "missing" && f.expected) out += fmt::format(" (expected {})", *f.expected);
        else if (f.problem == "extra" && f.actual) out += fmt::format(" (actual {})", *f.actual);
        else if (f.problem.rfind("changed", 0) == 0)
            out += fmt::format(" (expected {}, actual {})", f.expected.value_or("none"), f.actual.value_or("none"));
    }
    return out;
}

}  // namespace pgkit::core
