// Writer for drizzle-kit's Postgres snapshot v7: keys in drizzle's own field
// order (so a written file diffs cleanly against drizzle-kit's), optional
// fields only when present, pgkit extras under "pgkit" unless drizzle_only.
#include <boost/json.hpp>

#include "core/snapshot.hpp"

namespace pgkit::core {
namespace {

namespace json = boost::json;

class Writer {
public:
    Writer(const WriteOptions& options, json::storage_ptr sp) : opt_(options), sp_(std::move(sp)) {}

    json::value scalar(const Scalar& s) {
        switch (s.kind) {
            case Scalar::Kind::String:
                return json::value(json::string_view(s.text), sp_);
            case Scalar::Kind::Bool:
                return json::value(s.text == "true");
            case Scalar::Kind::Number: {
                // The text came from a JSON number (or a caller); re-parse it so
                // the output is a number, and fall back to a string if it is not.
                json::error_code ec;
                json::value v = json::parse(s.text, ec, sp_);
                if (!ec && v.is_number()) return v;
                return json::value(json::string_view(s.text), sp_);
            }
        }
        return {};
    }
    json::value strings(const std::vector<std::string>& v) {
        json::array a(sp_);
        a.reserve(v.size());
        for (const auto& s : v) a.emplace_back(json::string_view(s));
        return a;
    }
    json::object object() { return json::object(sp_); }
    static void put(json::object& o, std::string_view k, const std::string& v) {
        o.emplace(k, json::string_view(v));
    }
    static void put(json::object& o, std::string_view k, const std::optional<std::string>& v) {
        if (v) o.emplace(k, json::string_view(*v));
    }
    static void put(json::object& o, std::string_view k, const std::optional<bool>& v) {
        if (v) o.emplace(k, *v);
    }
    template <class V, class Fn>
    json::object map(const OrderedMap<V>& m, Fn&& fn) {
        json::object o(sp_);
        o.reserve(m.size());
        for (const auto& [k, v] : m) o.emplace(k, fn(v));
        return o;
    }
    json::object with_options(const OrderedMap<Scalar>& m) {
        return map(m, [&](const Scalar& s) { return scalar(s); });
    }

    json::object column(const Column& c) {
        json::object o = object();
        put(o, "name", c.name);
        put(o, "type", c.type);
        put(o, "typeSchema", c.typeSchema);
        o.emplace("primaryKey", c.primaryKey);
        o.emplace("notNull", c.notNull);
        if (c.defaultValue) o.emplace("default", scalar(*c.defaultValue));
        put(o, "isUnique", c.isUnique);
        put(o, "uniqueName", c.uniqueName);
        put(o, "nullsNotDistinct", c.nullsNotDistinct);
        if (c.generated) {
            json::object g = object();
            put(g, "as", c.generated->as);
            put(g, "type", c.generated->type);
            o.emplace("generated", std::move(g));
        }
        if (c.identity) {
            const Identity& i = *c.identity;
            json::object g = object();
            put(g, "type", i.type);
            put(g, "name", i.name);
            put(g, "schema", i.schema);
            put(g, "increment", i.increment);
            put(g, "startWith", i.startWith);
            put(g, "minValue", i.minValue);
            put(g, "maxValue", i.maxValue);
            put(g, "cache", i.cache);
            put(g, "cycle", i.cycle);
            o.emplace("identity", std::move(g));
        }
        if (!opt_.drizzle_only && c.collation) {
            json::object p = object();
            put(p, "collation", c.collation);
            o.emplace("pgkit", std::move(p));
        }
        return o;
    }
    json::object columns(const OrderedMap<Column>& m) {
        return map(m, [&](const Column& c) { return column(c); });
    }

    json::object index(const Index& ix) {
        json::object o = object();
        put(o, "name", ix.name);
        json::array cols(sp_);
        for (const auto& c : ix.columns) {
            json::object co = object();
            put(co, "expression", c.expression);
            co.emplace("isExpression", c.isExpression);
            co.emplace("asc", c.asc);
            put(co, "nulls", c.nulls);
            put(co, "opclass", c.opclass);
            cols.emplace_back(std::move(co));
        }
        o.emplace("columns", std::move(cols));
        o.emplace("isUnique", ix.isUnique);
        put(o, "where", ix.where);
        o.emplace("concurrently", ix.concurrently);
        put(o, "method", ix.method);
        if (ix.hasWith) o.emplace("with", with_options(ix.with));
        return o;
    }

    json::object foreign_key(const ForeignKey& fk) {
        json::object o = object();
        put(o, "name", fk.name);
        put(o, "tableFrom", fk.tableFrom);
        put(o, "tableTo", fk.tableTo);
        put(o, "schemaTo", fk.schemaTo);
        o.emplace("columnsFrom", strings(fk.columnsFrom));
        o.emplace("columnsTo", strings(fk.columnsTo));
        put(o, "onDelete", fk.onDelete);
        put(o, "onUpdate", fk.onUpdate);
        if (!opt_.drizzle_only && (fk.deferrable || fk.initiallyDeferred)) {
            json::object p = object();
            p.emplace("deferrable", fk.deferrable);
            p.emplace("initiallyDeferred", fk.initiallyDeferred);
            o.emplace("pgkit", std::move(p));
        }
        return o;
    }

    json::object policy(const Policy& p) {
        json::object o = object();
        put(o, "name", p.name);
        put(o, "as", p.as);
        put(o, "for", p.for_);
        if (p.to) o.emplace("to", strings(*p.to));
        put(o, "using", p.using_);
        put(o, "withCheck", p.withCheck);
        put(o, "schema", p.schema);
        put(o, "on", p.on);
        return o;
    }

    json::object table(const Table& t) {
        json::object o = object();
        put(o, "name", t.name);
        put(o, "schema", t.schema);
        o.emplace("columns", columns(t.columns));
        o.emplace("indexes", map(t.indexes, [&](const Index& x) { return index(x); }));
        o.emplace("foreignKeys",
                  map(t.foreignKeys, [&](const ForeignKey& x) { return foreign_key(x); }));
        o.emplace("compositePrimaryKeys", map(t.compositePrimaryKeys, [&](const PrimaryKey& x) {
                      json::object p = object();
                      put(p, "name", x.name);
                      p.emplace("columns", strings(x.columns));
                      return p;
                  }));
        o.emplace("uniqueConstraints", map(t.uniqueConstraints, [&](const Unique& x) {
                      json::object p = object();
                      put(p, "name", x.name);
                      p.emplace("nullsNotDistinct", x.nullsNotDistinct);
                      p.emplace("columns", strings(x.columns));
                      return p;
                  }));
        o.emplace("policies", map(t.policies, [&](const Policy& x) { return policy(x); }));
        o.emplace("checkConstraints", map(t.checkConstraints, [&](const Check& x) {
                      json::object p = object();
                      put(p, "name", x.name);
                      put(p, "value", x.value);
                      return p;
                  }));
        o.emplace("isRLSEnabled", t.isRLSEnabled);
        if (!opt_.drizzle_only && t.rlsForced) {
            json::object p = object();
            p.emplace("rlsForced", true);
            o.emplace("pgkit", std::move(p));
        }
        return o;
    }

    json::object enum_(const Enum& e) {
        json::object o = object();
        put(o, "name", e.name);
        put(o, "schema", e.schema);
        o.emplace("values", strings(e.values));
        return o;
    }

    json::object view(const View& v) {
        json::object o = object();
        o.emplace("columns", columns(v.columns));
        put(o, "definition", v.definition);
        put(o, "name", v.name);
        put(o, "schema", v.schema);
        o.emplace("isExisting", v.isExisting);
        if (v.hasWith) o.emplace("with", with_options(v.with));
        put(o, "withNoData", v.withNoData);
        o.emplace("materialized", v.materialized);
        put(o, "using", v.using_);
        put(o, "tablespace", v.tablespace);
        return o;
    }

    json::object snapshot(const Snapshot& s) {
        json::object o = object();
        put(o, "version", s.version);
        put(o, "dialect", s.dialect);
        o.emplace("tables", map(s.tables, [&](const Table& t) { return table(t); }));
        o.emplace("enums", map(s.enums, [&](const Enum& e) { return enum_(e); }));
        json::object schemas = object();
        for (const auto& n : s.schemas) schemas.emplace(n, json::string_view(n));
        o.emplace("schemas", std::move(schemas));
        o.emplace("sequences", map(s.sequences, [&](const Sequence& q) {
                      json::object p = object();
                      put(p, "name", q.name);
                      put(p, "schema", q.schema);
                      put(p, "increment", q.increment);
                      put(p, "startWith", q.startWith);
                      put(p, "minValue", q.minValue);
                      put(p, "maxValue", q.maxValue);
                      put(p, "cache", q.cache);
                      put(p, "cycle", q.cycle);
                      return p;
                  }));
        o.emplace("roles", map(s.roles, [&](const Role& r) {
                      json::object p = object();
                      put(p, "name", r.name);
                      put(p, "createDb", r.createDb);
                      put(p, "createRole", r.createRole);
                      put(p, "inherit", r.inherit);
                      return p;
                  }));
        o.emplace("policies", map(s.policies, [&](const Policy& p) { return policy(p); }));
        o.emplace("views", map(s.views, [&](const View& v) { return view(v); }));
        json::object meta = object();
        auto strmap = [&](const OrderedMap<std::string>& m) {
            return map(m, [&](const std::string& x) { return json::value(json::string_view(x), sp_); });
        };
        meta.emplace("schemas", strmap(s.meta.schemas));
        meta.emplace("tables", strmap(s.meta.tables));
        meta.emplace("columns", strmap(s.meta.columns));
        o.emplace("_meta", std::move(meta));
        if (s.internal) {
            json::error_code ec;
            json::value in = json::parse(*s.internal, ec, sp_);
            if (!ec && in.is_object()) o.emplace("internal", std::move(in));
        }
        put(o, "id", s.id);
        put(o, "prevId", s.prevId);
        if (!opt_.drizzle_only && !s.unmanaged.empty()) {
            json::array arr(sp_);
            for (const auto& u : s.unmanaged) {
                json::object p = object();
                put(p, "kind", u.kind);
                put(p, "name", u.name);
                arr.emplace_back(std::move(p));
            }
            json::object p = object();
            p.emplace("unmanaged", std::move(arr));
            o.emplace("pgkit", std::move(p));
        }
        return o;
    }

private:
    const WriteOptions& opt_;
    json::storage_ptr sp_;
};

}  // namespace

std::string write_snapshot(const Snapshot& snapshot, const WriteOptions& options) {
    json::monotonic_resource mr;
    Writer w(options, &mr);
    return json::serialize(w.snapshot(snapshot));
}

}  // namespace pgkit::core
