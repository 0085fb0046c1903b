// Reader for drizzle-kit's Postgres snapshot v7 (DRIZZLE-FORMAT.md §1).
// Strict like drizzle's zod schema: unknown keys are errors, except pgkit's
// own extras under "pgkit" keys. Every error names the JSON path.
#include <algorithm>
#include <boost/json.hpp>
#include <string>

#include "core/snapshot.hpp"
#include "core/snapshot_json.hpp"
#include "core/snapshot_upgrade.hpp"

namespace pgkit::core {
namespace {

using namespace snapshot_detail;

// The snapshot's objects, field by field; JsonReader does the JSON walking.
class Reader : public JsonReader {
public:
    using JsonReader::JsonReader;

    // ---- objects ----
    Identity identity(const json::value& v) {
        const auto& o = as_object(v);
        only_keys(o, {"type", "name", "schema", "increment", "minValue", "maxValue", "startWith",
                      "cache", "cycle"});
        Identity id;
        id.type = req_string(o, "type");
        if (id.type != "always" && id.type != "byDefault") {
            At at(*this, "type");
            fail("expected \"always\" or \"byDefault\"");
        }
        id.name = req_name(o, "name");
        id.schema = opt_name(o, "schema");
        id.increment = opt_string(o, "increment");
        id.minValue = opt_string(o, "minValue");
        id.maxValue = opt_string(o, "maxValue");
        id.startWith = opt_string(o, "startWith");
        id.cache = opt_string(o, "cache");
        id.cycle = opt_bool(o, "cycle");
        return id;
    }

    // Columns are most of a snapshot (100k in the 5,000-table benchmark), so
    // this one walks the members once and dispatches on the key instead of
    // looking each field up (and checking for unknown keys) separately.
    Column column(const json::value& v, Namespace& columns, Namespace& constraints) {
        const auto& o = as_object(v);
        Column c;
        bool has_name = false, has_type = false, has_pk = false, has_nn = false;
        for (const auto& kv : o) {
            std::string_view k = kv.key();
            const json::value& x = kv.value();
            At at(*this, k);
            if (k == "name") {
                c.name = name(as_string(x), &columns);
                has_name = true;
            } else if (k == "type") {
                c.type = as_string(x);
                if (c.type.empty()) fail("expected a non-empty type");
                has_type = true;
            } else if (k == "primaryKey") {
                c.primaryKey = as_bool(x);
                has_pk = true;
            } else if (k == "notNull") {
                c.notNull = as_bool(x);
                has_nn = true;
            } else if (k == "typeSchema") {
                c.typeSchema = name(as_string(x));
            } else if (k == "default") {
                c.defaultValue = as_scalar(x);
            } else if (k == "isUnique") {
                c.isUnique = as_bool(x);
            } else if (k == "uniqueName") {
                c.uniqueName = name(as_string(x), &constraints);
            } else if (k == "nullsNotDistinct") {
                c.nullsNotDistinct = as_bool(x);
            } else if (k == "generated") {
                const auto& go = as_object(x);
                only_keys(go, {"type", "as"});
                Generated gen;
                gen.type = req_string(go, "type");
                if (gen.type != "stored") {
                    At at2(*this, "type");
                    fail("expected \"stored\"");
                }
                gen.as = req_string(go, "as");
                c.generated = std::move(gen);
            } else if (k == "identity") {
                c.identity = identity(x);
            } else if (k == "pgkit") {
                const auto& po = as_object(x);
                only_keys(po, {"collation", "position", "typeSchema"});
                c.collation = opt_string(po, "collation");
                c.extensionTypeSchema = opt_name(po, "typeSchema");
                if (const auto* pv = po.if_contains("position")) {
                    At at2(*this, "position");
                    if (!pv->is_int64() || pv->get_int64() < 1 || pv->get_int64() > 1600)
                        fail("expected the column's position, 1 to 1600");
                    last_position_ = static_cast<int>(pv->get_int64());
                }
            } else {
                fail("unknown key");
            }
        }
        if (!has_name) fail("missing required key \"name\"");
        if (!has_type) fail("missing required key \"type\"");
        if (!has_pk) fail("missing required key \"primaryKey\"");
        if (!has_nn) fail("missing required key \"notNull\"");
        return c;
    }

    IndexColumn index_column(const json::value& v) {
        const auto& o = as_object(v);
        only_keys(o, {"expression", "isExpression", "asc", "nulls", "opclass", "pgkit"});
        IndexColumn c;
        c.isExpression = bool_or(o, "isExpression", false);
        {
            const auto& e = required(o, "expression");
            At at(*this, "expression");
            c.expression = c.isExpression ? as_string(e) : name(as_string(e));
            if (c.expression.empty()) fail("expected a non-empty expression");
        }
        c.asc = bool_or(o, "asc", true);
        if (auto n = opt_string(o, "nulls")) {
            if (*n != "first" && *n != "last") {
                At at(*this, "nulls");
                fail("expected \"first\" or \"last\"");
            }
            c.nulls = *n;
        }
        c.opclass = opt_string(o, "opclass");
        if (const auto* p = o.if_contains("pgkit")) {
            At at(*this, "pgkit");
            const auto& po = as_object(*p);
            only_keys(po, {"opclassSchema"});
            c.opclassSchema = opt_name(po, "opclassSchema");
        }
        return c;
    }

    OrderedMap<Scalar> with_options(const json::value& v) {
        OrderedMap<Scalar> out;
        record(v, [&](std::string_view k, const json::value& x) {
            out.set(std::string(k), as_scalar(x));
        });
        return out;
    }

    Index index(const json::value& v, Namespace& relations) {
        const auto& o = as_object(v);
        only_keys(o, {"name", "columns", "isUnique", "with", "method", "where", "concurrently"});
        Index ix;
        ix.name = req_name(o, "name", &relations);
        {
            const auto& cols = required(o, "columns");
            At at(*this, "columns");
            const auto& arr = as_array(cols);
            for (std::size_t i = 0; i < arr.size(); ++i) {
                At ai(*this, i);
                ix.columns.push_back(index_column(arr[i]));
            }
        }
        ix.isUnique = req_bool(o, "isUnique");
        if (const auto* w = o.if_contains("with")) {
            At at(*this, "with");
            ix.with = with_options(*w);
            ix.hasWith = true;
        }
        if (auto m = opt_string(o, "method")) ix.method = *m;
        ix.where = opt_string(o, "where");
        ix.concurrently = bool_or(o, "concurrently", false);
        return ix;
    }

    ForeignKey foreign_key(const json::value& v, Namespace& constraints) {
        const auto& o = as_object(v);
        only_keys(o, {"name", "tableFrom", "columnsFrom", "tableTo", "schemaTo", "columnsTo",
                      "onUpdate", "onDelete", "pgkit"});
        ForeignKey fk;
        fk.name = req_name(o, "name", &constraints);
        fk.tableFrom = req_name(o, "tableFrom");
        fk.columnsFrom = req_names(o, "columnsFrom");
        fk.tableTo = req_name(o, "tableTo");
        fk.schemaTo = opt_name(o, "schemaTo");
        fk.columnsTo = req_names(o, "columnsTo");
        fk.onUpdate = opt_string(o, "onUpdate");
        fk.onDelete = opt_string(o, "onDelete");
        deferrability(o, fk.deferrable, fk.initiallyDeferred);
        return fk;
    }

    // Reads a constraint's pgkit extras {"deferrable", "initiallyDeferred"}
    // (foreign keys, primary keys, uniques). INITIALLY DEFERRED implies
    // DEFERRABLE, as in Postgres' grammar: one constraint, one spelling.
    void deferrability(const json::object& o, bool& deferrable, bool& initially_deferred) {
        const auto* p = o.if_contains("pgkit");
        if (!p) return;
        At at(*this, "pgkit");
        const auto& po = as_object(*p);
        only_keys(po, {"deferrable", "initiallyDeferred"});
        initially_deferred = bool_or(po, "initiallyDeferred", false);
        deferrable = bool_or(po, "deferrable", false) || initially_deferred;
    }

    Policy policy(const json::value& v, Namespace* policies) {
        const auto& o = as_object(v);
        only_keys(o, {"name", "as", "for", "to", "using", "withCheck", "on", "schema"});
        Policy p;
        p.name = req_name(o, "name", policies);
        p.as = opt_string(o, "as");
        p.for_ = opt_string(o, "for");
        if (const auto* t = o.if_contains("to")) {
            At at(*this, "to");
            p.to = as_strings(*t);
        }
        p.using_ = opt_string(o, "using");
        p.withCheck = opt_string(o, "withCheck");
        p.on = opt_string(o, "on");
        p.schema = opt_name(o, "schema");
        return p;
    }

    // Columns of a table or a view.
    OrderedMap<Column> columns(const json::object& o, Namespace& constraints) {
        OrderedMap<Column> out;
        if (const auto* cv = o.if_contains("columns"); cv && cv->is_object())
            out.reserve(cv->get_object().size());
        Namespace names;
        std::vector<int> positions;
        req_record(o, "columns", [&](std::string_view key, const json::value& x) {
            last_position_ = 0;
            Column c = column(x, names, constraints);
            positions.push_back(last_position_);
            std::string key_ = key_for(key, x.get_object().at("name").get_string(), c.name);
            insert_unique(out, std::move(key_), std::move(c));
        });
        return by_position(std::move(out), positions);
    }

    // Returns the columns in the order of their pgkit positions when every
    // column has one (jsonb reorders keys; the positions keep the table's
    // own order), as read otherwise.
    OrderedMap<Column> by_position(OrderedMap<Column> cols, const std::vector<int>& positions) {
        if (positions.empty() || std::find(positions.begin(), positions.end(), 0) != positions.end()) return cols;
        saw_positions_ = true;
        std::vector<std::size_t> order(positions.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return positions[a] < positions[b]; });
        std::vector<std::pair<std::string, Column>> items(cols.begin(), cols.end());
        OrderedMap<Column> out;
        out.reserve(items.size());
        for (std::size_t i : order) out.set(std::move(items[i].first), std::move(items[i].second));
        return out;
    }

    // Returns the raw "name" of an already validated object.
    static std::string raw_name(const json::value& x) {
        return std::string(x.get_object().at("name").get_string());
    }

    Table table(const json::value& v) {
        const auto& o = as_object(v);
        only_keys(o, {"name", "schema", "columns", "indexes", "foreignKeys",
                      "compositePrimaryKeys", "uniqueConstraints", "policies", "checkConstraints",
                      "isRLSEnabled", "pgkit"});
        Table t;
        {
            const auto& s = required(o, "schema");
            At at(*this, "schema");
            t.schema = as_string(s);
            if (!t.schema.empty()) t.schema = name(t.schema);
        }
        Namespace& relations = relations_[schema_or_public(t.schema)];
        t.name = req_name(o, "name", &relations);
        Namespace constraints, policies;
        t.columns = columns(o, constraints);
        req_record(o, "indexes", [&](std::string_view key, const json::value& x) {
            Index ix = index(x, relations);
            std::string key_ = key_for(key, raw_name(x), ix.name);
            insert_unique(t.indexes, std::move(key_), std::move(ix));
        });
        req_record(o, "foreignKeys", [&](std::string_view key, const json::value& x) {
            ForeignKey fk = foreign_key(x, constraints);
            std::string key_ = key_for(key, raw_name(x), fk.name);
            insert_unique(t.foreignKeys, std::move(key_), std::move(fk));
        });
        req_record(o, "compositePrimaryKeys", [&](std::string_view key, const json::value& x) {
            const auto& po = as_object(x);
            only_keys(po, {"name", "columns", "pgkit"});
            PrimaryKey pk;
            pk.name = req_name(po, "name", &constraints);
            pk.columns = req_names(po, "columns");
            deferrability(po, pk.deferrable, pk.initiallyDeferred);
            std::string key_ = key_for(key, raw_name(x), pk.name);
            insert_unique(t.compositePrimaryKeys, std::move(key_), std::move(pk));
        });
        opt_record(o, "uniqueConstraints", [&](std::string_view key, const json::value& x) {
            const auto& uo = as_object(x);
            only_keys(uo, {"name", "columns", "nullsNotDistinct", "pgkit"});
            Unique u;
            u.name = req_name(uo, "name", &constraints);
            u.columns = req_names(uo, "columns");
            u.nullsNotDistinct = req_bool(uo, "nullsNotDistinct");
            deferrability(uo, u.deferrable, u.initiallyDeferred);
            std::string key_ = key_for(key, raw_name(x), u.name);
            insert_unique(t.uniqueConstraints, std::move(key_), std::move(u));
        });
        opt_record(o, "policies", [&](std::string_view key, const json::value& x) {
            Policy p = policy(x, &policies);
            std::string key_ = key_for(key, raw_name(x), p.name);
            insert_unique(t.policies, std::move(key_), std::move(p));
        });
        opt_record(o, "checkConstraints", [&](std::string_view key, const json::value& x) {
            const auto& co = as_object(x);
            only_keys(co, {"name", "value"});
            Check c;
            c.name = req_name(co, "name", &constraints);
            c.value = req_string(co, "value");
            std::string key_ = key_for(key, raw_name(x), c.name);
            insert_unique(t.checkConstraints, std::move(key_), std::move(c));
        });
        t.isRLSEnabled = bool_or(o, "isRLSEnabled", false);
        if (const auto* p = o.if_contains("pgkit")) {
            At at(*this, "pgkit");
            const auto& po = as_object(*p);
            only_keys(po, {"rlsForced"});
            t.rlsForced = bool_or(po, "rlsForced", false);
        }
        return t;
    }

    Enum enum_(const json::value& v) {
        const auto& o = as_object(v);
        only_keys(o, {"name", "schema", "values"});
        Enum e;
        e.schema = req_name(o, "schema");
        e.name = req_name(o, "name", &types_[e.schema]);
        const auto& vals = required(o, "values");
        At at(*this, "values");
        e.values = as_strings(vals);
        return e;
    }

    Sequence sequence(const json::value& v) {
        const auto& o = as_object(v);
        only_keys(o, {"name", "schema", "increment", "minValue", "maxValue", "startWith", "cache",
                      "cycle"});
        Sequence s;
        s.schema = req_name(o, "schema");
        s.name = req_name(o, "name", &relations_[s.schema]);
        s.increment = opt_string(o, "increment");
        s.minValue = opt_string(o, "minValue");
        s.maxValue = opt_string(o, "maxValue");
        s.startWith = opt_string(o, "startWith");
        s.cache = opt_string(o, "cache");
        s.cycle = opt_bool(o, "cycle");
        return s;
    }

    Role role(const json::value& v) {
        const auto& o = as_object(v);
        only_keys(o, {"name", "createDb", "createRole", "inherit"});
        Role r;
        r.name = req_string(o, "name");
        if (r.name.empty()) {
            At at(*this, "name");
            fail("expected a non-empty name");
        }
        r.createDb = opt_bool(o, "createDb");
        r.createRole = opt_bool(o, "createRole");
        r.inherit = opt_bool(o, "inherit");
        return r;
    }

    View view(const json::value& v) {
        const auto& o = as_object(v);
        only_keys(o, {"name", "schema", "columns", "definition", "materialized", "with",
                      "isExisting", "withNoData", "using", "tablespace"});
        View w;
        w.schema = req_name(o, "schema");
        w.name = req_name(o, "name", &relations_[w.schema]);
        Namespace constraints;
        w.columns = columns(o, constraints);
        w.definition = opt_string(o, "definition");
        w.materialized = req_bool(o, "materialized");
        if (const auto* x = o.if_contains("with")) {
            At at(*this, "with");
            w.with = with_options(*x);
            w.hasWith = true;
        }
        w.isExisting = req_bool(o, "isExisting");
        w.withNoData = opt_bool(o, "withNoData");
        w.using_ = opt_string(o, "using");
        w.tablespace = opt_string(o, "tablespace");
        return w;
    }

    // Fails unless `key` is "<schema>.<name>" of the object just read.
    void check_key(std::string_view key, const std::string& raw_schema,
                   const std::string& raw_name) {
        if (key != raw_schema + "." + raw_name)
            fail("key does not match the object's schema and name (expected \"" + raw_schema +
                 "." + raw_name + "\")");
    }

    Snapshot snapshot(const json::value& root) {
        const auto& o = as_object(root);
        only_keys(o, {"version", "dialect", "id", "prevId", "tables", "enums", "schemas",
                      "sequences", "roles", "policies", "views", "_meta", "internal", "pgkit"});
        Snapshot s;
        s.version = req_string(o, "version");
        if (s.version != "7") {
            At at(*this, "version");
            fail("unsupported version \"" + s.version +
                 "\" (pgkit reads drizzle-kit snapshot versions \"5\" to \"7\")");
        }
        s.dialect = req_string(o, "dialect");
        if (s.dialect != "postgresql") {
            At at(*this, "dialect");
            fail("unsupported dialect \"" + s.dialect + "\" (expected \"postgresql\")");
        }
        s.id = req_string(o, "id");
        s.prevId = req_string(o, "prevId");
        req_record(o, "schemas", [&](std::string_view key, const json::value& x) {
            std::string v = as_string(x);
            if (v != key) fail("expected the schema's own name \"" + std::string(key) + "\"");
            s.schemas.push_back(name(std::move(v), &schemas_));
        });
        if (const auto* tv = o.if_contains("tables"); tv && tv->is_object())
            s.tables.reserve(tv->get_object().size());
        req_record(o, "tables", [&](std::string_view key, const json::value& x) {
            Table t = table(x);
            const auto& to = x.get_object();
            std::string raw_schema(to.at("schema").get_string());
            check_key(key, raw_schema.empty() ? "public" : raw_schema, raw_name(x));
            std::string key_ = object_key(t.schema, t.name);
            insert_unique(s.tables, std::move(key_), std::move(t));
        });
        req_record(o, "enums", [&](std::string_view key, const json::value& x) {
            Enum e = enum_(x);
            check_key(key, std::string(x.get_object().at("schema").get_string()), raw_name(x));
            std::string key_ = object_key(e.schema, e.name);
            insert_unique(s.enums, std::move(key_), std::move(e));
        });
        opt_record(o, "sequences", [&](std::string_view key, const json::value& x) {
            Sequence q = sequence(x);
            check_key(key, std::string(x.get_object().at("schema").get_string()), raw_name(x));
            std::string key_ = object_key(q.schema, q.name);
            insert_unique(s.sequences, std::move(key_), std::move(q));
        });
        opt_record(o, "roles", [&](std::string_view key, const json::value& x) {
            Role r = role(x);
            std::string key_ = std::string(key);
            insert_unique(s.roles, std::move(key_), std::move(r));
        });
        opt_record(o, "policies", [&](std::string_view key, const json::value& x) {
            Policy p = policy(x, nullptr);
            std::string key_ = key_for(key, raw_name(x), p.name);
            insert_unique(s.policies, std::move(key_), std::move(p));
        });
        opt_record(o, "views", [&](std::string_view key, const json::value& x) {
            View w = view(x);
            check_key(key, std::string(x.get_object().at("schema").get_string()), raw_name(x));
            std::string key_ = object_key(w.schema, w.name);
            insert_unique(s.views, std::move(key_), std::move(w));
        });
        {
            const auto& m = required(o, "_meta");
            At at(*this, "_meta");
            const auto& mo = as_object(m);
            only_keys(mo, {"schemas", "tables", "columns"});
            auto rd = [&](std::string_view key, OrderedMap<std::string>& out) {
                req_record(mo, key, [&](std::string_view k, const json::value& x) {
                    out.set(std::string(k), as_string(x));
                });
            };
            rd("schemas", s.meta.schemas);
            rd("tables", s.meta.tables);
            rd("columns", s.meta.columns);
        }
        if (const auto* in = o.if_contains("internal")) {
            At at(*this, "internal");
            as_object(*in);
            s.internal = json::serialize(*in);
        }
        if (const auto* p = o.if_contains("pgkit")) {
            At at(*this, "pgkit");
            const auto& po = as_object(*p);
            only_keys(po, {"unmanaged"});
            if (const auto* u = po.if_contains("unmanaged")) {
                At au(*this, "unmanaged");
                const auto& arr = as_array(*u);
                for (std::size_t i = 0; i < arr.size(); ++i) {
                    At ai(*this, i);
                    const auto& uo = as_object(arr[i]);
                    only_keys(uo, {"kind", "name"});
                    s.unmanaged.push_back({req_string(uo, "kind"), req_string(uo, "name")});
                }
            }
        }
        s.columnPositions = saw_positions_;
        return s;
    }

    Table single_table(const json::value& root) { return table(root); }

    bool saw_positions() const { return saw_positions_; }

private:
    int last_position_ = 0;      // the "position" of the column just read (0: none)
    bool saw_positions_ = false;  // some table's columns all had positions
    Namespace schemas_;
    std::unordered_map<std::string, Namespace> relations_, types_;  // per schema
};

// Returns what `read` returns for the parsed document; a second pass checks
// collisions when the first one truncated a name (notices come from the first).
template <class T, class Read>
T read_document(std::string_view text, const ReadOptions& options, Read&& read) {
    // One block sized from the input: growing the arena block by block made
    // glibc consolidate its free lists on every new block (a third of the time).
    json::monotonic_resource mr(text.size() * 2 + 1024);
    json::value root = parse(text, mr);
    Reader first(options, false);
    T out = read(first, root);
    if (first.truncated_any()) {
        Reader second(options, true);
        out = read(second, root);
    }
    return out;
}

}  // namespace

Snapshot read_snapshot(std::string_view text, const ReadOptions& options) {
    return read_document<Snapshot>(text, options, [](Reader& r, const json::value& v) {
        // Versions 5 and 6: upgraded on a copy, as `drizzle-kit up` would.
        const json::value* version = v.is_object() ? v.get_object().if_contains("version") : nullptr;
        if (version && version->is_string() && (version->get_string() == "5" || version->get_string() == "6")) {
            json::value upgraded(v, v.storage());
            upgrade_to_v7(upgraded);
            return r.snapshot(upgraded);
        }
        return r.snapshot(v);
    });
}

Table read_table(std::string_view text, const ReadOptions& options) {
    return read_document<Table>(text, options,
                                [](Reader& r, const json::value& v) { return r.single_table(v); });
}

Enum read_enum(std::string_view text, const ReadOptions& options) {
    return read_document<Enum>(text, options,
                               [](Reader& r, const json::value& v) { return r.enum_(v); });
}

}  // namespace pgkit::core
