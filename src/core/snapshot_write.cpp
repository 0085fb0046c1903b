// Writer for drizzle-kit's Postgres snapshot v7: keys in drizzle's own field
// order (so a written file diffs cleanly against drizzle-kit's), optional
// fields only when present, pgkit extras under "pgkit" unless drizzle_only.
// It streams straight into one string: building a Boost.JSON tree first
// cost more than the parse (5,000-table snapshots, README performance).
#include <boost/json.hpp>
#include <cctype>
#include <vector>

#include "core/snapshot.hpp"

namespace pgkit::core {
namespace {

namespace json = boost::json;

// Returns whether text is a JSON number (RFC 8259 grammar).
bool is_json_number(std::string_view t) {
    std::size_t i = 0;
    auto digit = [&](std::size_t k) { return k < t.size() && std::isdigit(static_cast<unsigned char>(t[k])); };
    if (i < t.size() && t[i] == '-') ++i;
    if (!digit(i)) return false;
    if (t[i] == '0') ++i;
    else
        while (digit(i)) ++i;
    if (i < t.size() && t[i] == '.') {
        ++i;
        if (!digit(i)) return false;
        while (digit(i)) ++i;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
        if (!digit(i)) return false;
        while (digit(i)) ++i;
    }
    return i == t.size();
}

// The JSON text form of the events (compact, keys in the order written).
class TextSink final : public JsonSink {
public:
    TextSink() { s_.reserve(1 << 16); }
    std::string take() { return std::move(s_); }

    void begin_object() override { open('{'); }
    void end_object() override { close('}'); }
    void begin_array() override { open('['); }
    void end_array() override { close(']'); }
    void key(std::string_view k) override {
        comma();
        quoted(k);
        s_ += ':';
        pending_key_ = true;
    }
    void string(std::string_view v) override {
        value();
        quoted(v);
    }
    void boolean(bool b) override {
        value();
        s_ += b ? "true" : "false";
    }
    void number(std::string_view text) override {
        value();
        s_ += text;
    }
    void null() override {
        value();
        s_ += "null";
    }
    void json_text(std::string_view text) override {
        value();
        s_ += text;
    }

private:
    void quoted(std::string_view v) {
        s_ += '"';
        std::size_t start = 0;
        for (std::size_t i = 0; i < v.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(v[i]);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            s_.append(v.data() + start, i - start);
            start = i + 1;
            switch (c) {
                case '"': s_ += "\\\""; break;
                case '\\': s_ += "\\\\"; break;
                case '\n': s_ += "\\n"; break;
                case '\r': s_ += "\\r"; break;
                case '\t': s_ += "\\t"; break;
                case '\b': s_ += "\\b"; break;
                case '\f': s_ += "\\f"; break;
                default: {
                    static const char* hex = "0123456789abcdef";
                    s_ += "\\u00";
                    s_ += hex[c >> 4];
                    s_ += hex[c & 0xF];
                }
            }
        }
        s_.append(v.data() + start, v.size() - start);
        s_ += '"';
    }
    // A value: after a key it needs no separator, in an array it does.
    void value() {
        if (pending_key_) pending_key_ = false;
        else if (!first_.empty()) comma();
    }
    void open(char c) {
        value();
        s_ += c;
        first_.push_back(true);
    }
    void close(char c) {
        s_ += c;
        first_.pop_back();
    }
    void comma() {
        if (!first_.back()) s_ += ',';
        first_.back() = false;
    }
    std::string s_;
    std::vector<bool> first_;
    bool pending_key_ = false;
};

// The writer's vocabulary over a sink: members, optional members, lists.
class Out {
public:
    Out(JsonSink& sink, const WriteOptions& o) : opt(o), s_(sink) {}
    const WriteOptions& opt;

    void begin_object() { s_.begin_object(); }
    void end_object() { s_.end_object(); }
    void begin_array() { s_.begin_array(); }
    void end_array() { s_.end_array(); }
    void key(std::string_view k) { s_.key(k); }
    // Starts an array element (the sink places separators itself).
    void item() {}
    void str(std::string_view v) { s_.string(v); }
    void boolean(bool b) { s_.boolean(b); }
    void raw(std::string_view json_text) { s_.json_text(json_text); }

    // Members with a value.
    void field(std::string_view k, std::string_view v) {
        key(k);
        str(v);
    }
    void field(std::string_view k, const char* v) = delete;  // would pick the bool overload
    void field(std::string_view k, bool v) {
        key(k);
        boolean(v);
    }
    void number_field(std::string_view k, int v) {
        key(k);
        s_.number(std::to_string(v));
    }
    void opt_field(std::string_view k, const std::optional<std::string>& v) {
        if (v) field(k, std::string_view(*v));
    }
    void opt_field(std::string_view k, const Boxed<std::string>& v) {
        if (v) field(k, std::string_view(*v));
    }
    void opt_field(std::string_view k, const std::optional<bool>& v) {
        if (v) field(k, *v);
    }
    void strings(std::string_view k, const std::vector<std::string>& v) {
        key(k);
        begin_array();
        for (const auto& x : v) str(x);
        end_array();
    }
    void scalar(const Scalar& v) {
        switch (v.kind) {
            case Scalar::Kind::String: str(v.text); break;
            case Scalar::Kind::Bool: boolean(v.text == "true"); break;
            case Scalar::Kind::Number:
                // The text came from a JSON number; a caller's non-number stays a string.
                if (is_json_number(v.text)) s_.number(v.text);
                else str(v.text);
                break;
        }
    }

private:
    JsonSink& s_;
};

// Replays a parsed JSON value as sink events.
void replay(JsonSink& sink, const json::value& v) {
    switch (v.kind()) {
        case json::kind::object:
            sink.begin_object();
            for (const auto& m : v.get_object()) {
                sink.key(m.key());
                replay(sink, m.value());
            }
            sink.end_object();
            break;
        case json::kind::array:
            sink.begin_array();
            for (const auto& x : v.get_array()) replay(sink, x);
            sink.end_array();
            break;
        case json::kind::string: sink.string(v.get_string()); break;
        case json::kind::bool_: sink.boolean(v.get_bool()); break;
        case json::kind::null: sink.null(); break;
        default: sink.number(json::serialize(v)); break;
    }
}

// Writes `k: {key: fn(value), ...}` for an OrderedMap.
template <class V, class Fn>
void map(Out& o, std::string_view k, const OrderedMap<V>& m, Fn&& fn) {
    o.key(k);
    o.begin_object();
    for (const auto& [key, v] : m) {
        o.key(key);
        fn(v);
    }
    o.end_object();
}

void with_options(Out& o, const OrderedMap<Scalar>& m) {
    map(o, "with", m, [&](const Scalar& s) { o.scalar(s); });
}

void column(Out& o, const Column& c, int position) {
    o.begin_object();
    o.field("name", c.name);
    o.field("type", c.type);
    o.opt_field("typeSchema", c.typeSchema);
    o.field("primaryKey", c.primaryKey);
    o.field("notNull", c.notNull);
    if (c.defaultValue) {
        o.key("default");
        o.scalar(*c.defaultValue);
    }
    o.opt_field("isUnique", c.isUnique);
    o.opt_field("uniqueName", c.uniqueName);
    o.opt_field("nullsNotDistinct", c.nullsNotDistinct);
    if (c.generated) {
        o.key("generated");
        o.begin_object();
        o.field("as", c.generated->as);
        o.field("type", c.generated->type);
        o.end_object();
    }
    if (c.identity) {
        const Identity& i = *c.identity;
        o.key("identity");
        o.begin_object();
        o.field("type", i.type);
        o.field("name", i.name);
        o.opt_field("schema", i.schema);
        o.opt_field("increment", i.increment);
        o.opt_field("startWith", i.startWith);
        o.opt_field("minValue", i.minValue);
        o.opt_field("maxValue", i.maxValue);
        o.opt_field("cache", i.cache);
        o.opt_field("cycle", i.cycle);
        o.end_object();
    }
    if (!o.opt.drizzle_only && (c.collation || c.extensionTypeSchema || position > 0)) {
        o.key("pgkit");
        o.begin_object();
        o.opt_field("collation", c.collation);
        o.opt_field("typeSchema", c.extensionTypeSchema);
        if (position > 0) o.number_field("position", position);
        o.end_object();
    }
    o.end_object();
}

// positions: write each column's 1-based place (Snapshot::columnPositions).
void columns(Out& o, const OrderedMap<Column>& m, bool positions = false) {
    int n = 0;
    map(o, "columns", m, [&](const Column& c) { column(o, c, positions ? ++n : 0); });
}

void index(Out& o, const Index& ix) {
    o.begin_object();
    o.field("name", ix.name);
    o.key("columns");
    o.begin_array();
    for (const auto& c : ix.columns) {
        o.item();
        o.begin_object();
        o.field("expression", c.expression);
        o.field("isExpression", c.isExpression);
        o.field("asc", c.asc);
        o.field("nulls", c.nulls);
        o.opt_field("opclass", c.opclass);
        if (!o.opt.drizzle_only && c.opclassSchema) {
            o.key("pgkit");
            o.begin_object();
            o.opt_field("opclassSchema", c.opclassSchema);
            o.end_object();
        }
        o.end_object();
    }
    o.end_array();
    o.field("isUnique", ix.isUnique);
    o.opt_field("where", ix.where);
    o.field("concurrently", ix.concurrently);
    o.field("method", ix.method);
    if (ix.hasWith) with_options(o, ix.with);
    o.end_object();
}

// The pgkit extras of a deferrable constraint (FK, primary key, unique).
void deferrability(Out& o, bool deferrable, bool initially_deferred) {
    if (o.opt.drizzle_only || !(deferrable || initially_deferred)) return;
    o.key("pgkit");
    o.begin_object();
    o.field("deferrable", deferrable);
    o.field("initiallyDeferred", initially_deferred);
    o.end_object();
}

void foreign_key(Out& o, const ForeignKey& fk) {
    o.begin_object();
    o.field("name", fk.name);
    o.field("tableFrom", fk.tableFrom);
    o.field("tableTo", fk.tableTo);
    o.opt_field("schemaTo", fk.schemaTo);
    o.strings("columnsFrom", fk.columnsFrom);
    o.strings("columnsTo", fk.columnsTo);
    o.opt_field("onDelete", fk.onDelete);
    o.opt_field("onUpdate", fk.onUpdate);
    deferrability(o, fk.deferrable, fk.initiallyDeferred);
    o.end_object();
}

void policy(Out& o, const Policy& p) {
    o.begin_object();
    o.field("name", p.name);
    o.opt_field("as", p.as);
    o.opt_field("for", p.for_);
    if (p.to) o.strings("to", *p.to);
    o.opt_field("using", p.using_);
    o.opt_field("withCheck", p.withCheck);
    o.opt_field("schema", p.schema);
    o.opt_field("on", p.on);
    o.end_object();
}

void table(Out& o, const Table& t, bool positions = false) {
    o.begin_object();
    o.field("name", t.name);
    o.field("schema", t.schema);
    columns(o, t.columns, positions);
    map(o, "indexes", t.indexes, [&](const Index& x) { index(o, x); });
    map(o, "foreignKeys", t.foreignKeys, [&](const ForeignKey& x) { foreign_key(o, x); });
    map(o, "compositePrimaryKeys", t.compositePrimaryKeys, [&](const PrimaryKey& x) {
        o.begin_object();
        o.field("name", x.name);
        o.strings("columns", x.columns);
        deferrability(o, x.deferrable, x.initiallyDeferred);
        o.end_object();
    });
    map(o, "uniqueConstraints", t.uniqueConstraints, [&](const Unique& x) {
        o.begin_object();
        o.field("name", x.name);
        o.field("nullsNotDistinct", x.nullsNotDistinct);
        o.strings("columns", x.columns);
        deferrability(o, x.deferrable, x.initiallyDeferred);
        o.end_object();
    });
    map(o, "policies", t.policies, [&](const Policy& x) { policy(o, x); });
    map(o, "checkConstraints", t.checkConstraints, [&](const Check& x) {
        o.begin_object();
        o.field("name", x.name);
        o.field("value", x.value);
        o.end_object();
    });
    o.field("isRLSEnabled", t.isRLSEnabled);
    if (!o.opt.drizzle_only && t.rlsForced) {
        o.key("pgkit");
        o.begin_object();
        o.field("rlsForced", true);
        o.end_object();
    }
    o.end_object();
}

void view(Out& o, const View& v) {
    o.begin_object();
    columns(o, v.columns);
    o.opt_field("definition", v.definition);
    o.field("name", v.name);
    o.field("schema", v.schema);
    o.field("isExisting", v.isExisting);
    if (v.hasWith) with_options(o, v.with);
    o.opt_field("withNoData", v.withNoData);
    o.field("materialized", v.materialized);
    o.opt_field("using", v.using_);
    o.opt_field("tablespace", v.tablespace);
    o.end_object();
}

void snapshot(Out& o, const Snapshot& s) {
    o.begin_object();
    o.field("version", s.version);
    o.field("dialect", s.dialect);
    map(o, "tables", s.tables, [&](const Table& t) { table(o, t, s.columnPositions); });
    map(o, "enums", s.enums, [&](const Enum& e) {
        o.begin_object();
        o.field("name", e.name);
        o.field("schema", e.schema);
        o.strings("values", e.values);
        o.end_object();
    });
    o.key("schemas");
    o.begin_object();
    for (const auto& n : s.schemas) o.field(n, std::string_view(n));
    o.end_object();
    map(o, "sequences", s.sequences, [&](const Sequence& q) {
        o.begin_object();
        o.field("name", q.name);
        o.field("schema", q.schema);
        o.opt_field("increment", q.increment);
        o.opt_field("startWith", q.startWith);
        o.opt_field("minValue", q.minValue);
        o.opt_field("maxValue", q.maxValue);
        o.opt_field("cache", q.cache);
        o.opt_field("cycle", q.cycle);
        o.end_object();
    });
    map(o, "roles", s.roles, [&](const Role& r) {
        o.begin_object();
        o.field("name", r.name);
        o.opt_field("createDb", r.createDb);
        o.opt_field("createRole", r.createRole);
        o.opt_field("inherit", r.inherit);
        o.end_object();
    });
    map(o, "policies", s.policies, [&](const Policy& p) { policy(o, p); });
    map(o, "views", s.views, [&](const View& v) { view(o, v); });
    o.key("_meta");
    o.begin_object();
    auto strmap = [&](std::string_view k, const OrderedMap<std::string>& m) {
        map(o, k, m, [&](const std::string& x) { o.str(x); });
    };
    strmap("schemas", s.meta.schemas);
    strmap("tables", s.meta.tables);
    strmap("columns", s.meta.columns);
    o.end_object();
    if (s.internal) {
        // Kept as JSON text by the reader; re-serialised so a caller's
        // malformed text can never corrupt the document.
        json::error_code ec;
        json::value in = json::parse(*s.internal, ec);
        if (!ec && in.is_object()) {
            o.key("internal");
            o.raw(json::serialize(in));
        }
    }
    o.field("id", s.id);
    o.field("prevId", s.prevId);
    if (!o.opt.drizzle_only && !s.unmanaged.empty()) {
        o.key("pgkit");
        o.begin_object();
        o.key("unmanaged");
        o.begin_array();
        for (const auto& u : s.unmanaged) {
            o.item();
            o.begin_object();
            o.field("kind", u.kind);
            o.field("name", u.name);
            o.end_object();
        }
        o.end_array();
        o.end_object();
    }
    o.end_object();
}

}  // namespace

void JsonSink::json_text(std::string_view text) { replay(*this, json::parse(text)); }

std::string write_snapshot(const Snapshot& s, const WriteOptions& options) {
    TextSink sink;
    Out o(sink, options);
    snapshot(o, s);
    return sink.take();
}

void write_snapshot(const Snapshot& s, JsonSink& sink, const WriteOptions& options) {
    Out o(sink, options);
    snapshot(o, s);
}

}  // namespace pgkit::core
