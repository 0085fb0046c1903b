// pgkit.introspect(): the live schema as a drizzle-kit v7 snapshot. The
// catalogs are read through SPI with one set-based query per object kind
// (introspect_sql.hpp), all in the caller's snapshot; the rows are turned
// into core::Snapshot here and normalised to drizzle's spellings by
// core/introspect_normalize.
#include "pg/introspect.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/interrupt.hpp"
#include "core/introspect_normalize.hpp"
#include "core/snapshot.hpp"
#include "core/types.hpp"
#include "pg/introspect_sql.hpp"
#include "pg/pg.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/guc.h"
}

namespace pgkit::pg {
namespace {

namespace json = boost::json;
using core::Scalar;

// One query's result as C strings (nullptr = SQL NULL) in a memory context
// of its own, released as soon as the rows are consumed.
struct Rows {
    int nrows = 0, ncols = 0;
    char** cells = nullptr;
    MemoryContext cxt = nullptr;

    std::string_view at(int r, int c) const {
        const char* p = cells[r * ncols + c];
        return p ? std::string_view(p) : std::string_view();
    }
    bool null(int r, int c) const { return cells[r * ncols + c] == nullptr; }
    bool flag(int r, int c) const { return at(r, c) == "t"; }
    std::string str(int r, int c) const { return std::string(at(r, c)); }
    std::uint32_t oid(int r, int c) const {
        std::uint32_t v = 0;
        auto s = at(r, c);
        std::from_chars(s.data(), s.data() + s.size(), v);
        return v;
    }
    char ch(int r, int c) const {
        auto s = at(r, c);
        return s.empty() ? '\0' : s[0];
    }
    ~Rows() {
        if (!cxt) return;
        MemoryContext m = cxt;
        cxt = nullptr;
        try {
            call([&] { MemoryContextDelete(m); });
        } catch (...) {
        }
    }
};

// Extracts the tuples SPI_cursor_fetch just returned into `out` (its own
// memory context, released by Rows' destructor).
void extract(Rows& out) {
    call([&] {
        out.cxt = AllocSetContextCreate(CurrentMemoryContext, "pgkit introspect rows", ALLOCSET_DEFAULT_SIZES);
        MemoryContext old = MemoryContextSwitchTo(out.cxt);
        SPITupleTable* tt = SPI_tuptable;
        out.nrows = static_cast<int>(SPI_processed);
        out.ncols = tt->tupdesc->natts;
        out.cells = static_cast<char**>(palloc(sizeof(char*) * (static_cast<size_t>(out.nrows) * out.ncols + 1)));
        for (int r = 0; r < out.nrows; ++r) {
            if ((r & 1023) == 0) CHECK_FOR_INTERRUPTS();
            for (int c = 0; c < out.ncols; ++c)
                out.cells[r * out.ncols + c] = SPI_getvalue(tt->vals[r], tt->tupdesc, c + 1);
        }
        MemoryContextSwitchTo(old);
        SPI_freetuptable(tt);
    });
}

// A read-only cursor over one catalog query with $1 = the schema filter,
// fetched in batches so that only one batch of rows is in memory at a time.
class Cursor {
public:
    Cursor(const char* sql, Datum schemas, bool all_schemas) {
        call([&] {
            Oid argtypes[1] = {TEXTARRAYOID};
            Datum values[1] = {schemas};
            char nulls[1] = {all_schemas ? 'n' : ' '};
            portal_ = SPI_cursor_open_with_args(nullptr, sql, 1, argtypes, values, nulls, true, 0);
        });
    }
    ~Cursor() {
        if (!portal_) return;
        Portal p = portal_;
        try {
            call([&] { SPI_cursor_close(p); });
        } catch (...) {
        }
    }
    // Fetches the next batch into rows; false when the query is exhausted.
    bool fetch(Rows& rows) {
        std::uint64_t n = 0;
        Portal p = portal_;
        call([&] {
            SPI_cursor_fetch(p, true, 4096);
            n = SPI_processed;
            if (n == 0) SPI_freetuptable(SPI_tuptable);
        });
        if (n == 0) return false;
        extract(rows);
        return true;
    }
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;

private:
    Portal portal_ = nullptr;
};

// SPI_connect for the duration of one introspection (nests inside callers
// that are connected already).
struct SpiSession {
    SpiSession() {
        call([] {
            if (SPI_connect() != SPI_OK_CONNECT)
                ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("pgkit: SPI_connect failed")));
        });
    }
    ~SpiSession() {
        try {
            call([] { SPI_finish(); });
        } catch (...) {
        }
    }
};

// The deparsers print constants through output functions: pin the settings
// that change their text (and the search_path that decides qualification)
// for this introspection only, like a function's SET clause does.
struct PinnedSettings {
    int level = 0;
    PinnedSettings() {
        call([&] {
            level = NewGUCNestLevel();
            // jit: compiling these catalog queries costs more than running them.
            // cursor_tuple_fraction: every row is fetched, plan for the total.
            const char* names[] = {"search_path", "datestyle", "intervalstyle", "extra_float_digits", "jit",
                                   "cursor_tuple_fraction"};
            const char* values[] = {"pg_catalog, pg_temp", "ISO, MDY", "postgres", "1", "off", "1"};
            for (int i = 0; i < 6; ++i)
                (void)set_config_option(names[i], values[i], PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
                                        true, 0, false);
        });
    }
    ~PinnedSettings() {
        try {
            int l = level;
            call([&] { AtEOXact_GUC(true, l); });
        } catch (...) {
        }
    }
};

json::array json_array(std::string_view text) {
    if (text.empty()) return {};
    json::value v = json::parse(text);
    return v.is_array() ? v.as_array() : json::array{};
}

std::vector<std::string> string_list(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& v : json_array(text))
        if (v.is_string()) out.emplace_back(v.as_string());
    return out;
}

// reloptions as drizzle writes "with" (keys optionally camelCased).
core::OrderedMap<Scalar> options(std::string_view text, bool camel) {
    core::OrderedMap<Scalar> out;
    for (const auto& o : string_list(text)) {
        auto [k, v] = core::parse_reloption(o);
        out.set(camel ? core::camel_case(k) : k, v);
    }
    return out;
}

std::string qualified(const std::string& schema, const std::string& name) { return schema + "." + name; }

// Returns the numbers of an int2vector/oidvector ("1 2") or array ("{1,2}").
std::vector<std::int64_t> numbers(std::string_view text) {
    std::vector<std::int64_t> out;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        if ((*p >= '0' && *p <= '9') || *p == '-') {
            std::int64_t v = 0;
            auto r = std::from_chars(p, end, v);
            out.push_back(v);
            p = r.ptr;
        } else {
            ++p;
        }
    }
    return out;
}

// What the constraint and index readers need to know about a column.
struct Attribute {
    std::string name;
    std::uint32_t type = 0, collation = 0;
};

struct Opclass {
    std::string name;
    bool is_default = false;
    std::uint32_t input_type = 0, method = 0;
};

// Where a relation's facts go, by OID.
struct Relation {
    std::string schema, name;
    char relkind = 'r';
    core::Table* table = nullptr;
    core::View* view = nullptr;
};

struct Reader {
    Datum schemas_datum = 0;
    bool all = true;
    core::Snapshot snap;
    std::unordered_map<std::uint32_t, Relation> rels;
    // relid -> attributes by attnum (index 0 unused)
    std::unordered_map<std::uint32_t, std::vector<Attribute>> attributes;
    // "schema.sequence" of every sequence a serial column owns
    std::unordered_map<std::string, bool> serial_sequences;

    // Returns the names of attnums of relation relid ("" when unknown).
    std::vector<std::string> names(std::uint32_t relid, std::string_view attnums) const {
        std::vector<std::string> out;
        auto it = attributes.find(relid);
        for (auto n : numbers(attnums)) {
            if (it != attributes.end() && n > 0 && static_cast<std::size_t>(n) < it->second.size())
                out.push_back(it->second[static_cast<std::size_t>(n)].name);
            else
                out.emplace_back();
        }
        return out;
    }

    // Calls f(rows, r) for every row of a catalog query, batch by batch.
    template <typename F>
    void each(const char* sql, F&& f) {
        Cursor cursor(sql, schemas_datum, all);
        for (;;) {
            Rows rows;
            if (!cursor.fetch(rows)) break;
            core::check_interrupts();
            for (int r = 0; r < rows.nrows; ++r) f(rows, r);
        }
    }

    void schemas() {
        each(introspect_sql::schemas, [&](const Rows& rows, int r) {
            if (rows.at(r, 0) != "public") snap.schemas.push_back(rows.str(r, 0));
        });
    }

    void relations() {
        each(introspect_sql::relations, [&](const Rows& rows, int r) {
            Relation rel{rows.str(r, 1), rows.str(r, 2), rows.ch(r, 3)};
            std::string key = core::object_key(rel.schema, rel.name);
            if (rel.relkind == 'v' || rel.relkind == 'm') {
                core::View v;
                v.name = rel.name;
                v.schema = rel.schema;
                v.materialized = rel.relkind == 'm';
                v.definition = core::view_definition(rows.at(r, 10));
                v.with = options(rows.at(r, 6), true);
                v.hasWith = !v.with.empty();
                if (v.materialized) {
                    if (!rows.null(r, 7)) v.tablespace = rows.str(r, 7);
                    if (!rows.null(r, 8) && rows.at(r, 8) != rows.at(r, 11)) v.using_ = rows.str(r, 8);
                    if (!rows.flag(r, 9)) v.withNoData = true;
                }
                rel.view = &snap.views.set(key, std::move(v));
            } else {
                core::Table t;
                t.name = rel.name;
                t.schema = rel.schema == "public" ? "" : rel.schema;
                t.isRLSEnabled = rows.flag(r, 4);
                t.rlsForced = rows.flag(r, 5);
                rel.table = &snap.tables.set(key, std::move(t));
            }
            rels.emplace(rows.oid(r, 0), std::move(rel));
        });
        // OrderedMap may have moved its elements while growing: bind pointers now.
        for (auto& [oid, rel] : rels) {
            std::string key = core::object_key(rel.schema, rel.name);
            if (rel.view) rel.view = snap.views.find(key);
            else rel.table = snap.tables.find(key);
        }
    }

    // The drizzle type of a column row and its array dimensions.
    static std::pair<core::Column, int> column_type(const Rows& rows, int r) {
        core::Column c;
        bool is_array = rows.flag(r, 10);
        int dims = 0;
        if (is_array) {
            std::from_chars(rows.at(r, 5).data(), rows.at(r, 5).data() + rows.at(r, 5).size(), dims);
            if (dims < 1) dims = 1;
        }
        char typtype = is_array ? rows.ch(r, 11) : rows.ch(r, 7);
        std::string typname = is_array ? rows.str(r, 12) : rows.str(r, 8);
        std::string typschema = is_array ? rows.str(r, 13) : rows.str(r, 9);
        std::string ft = rows.str(r, 6);
        for (int d = 0; is_array && d < 1 && ft.size() > 2 && ft.ends_with("[]"); ++d) ft.resize(ft.size() - 2);
        std::string base;
        if (typtype == 'e' || typtype == 'd' || typtype == 'c' || typtype == 'r') {
            base = typname;  // user type: bare name, schema in typeSchema
            c.typeSchema = typschema;
        } else if (typschema == "pg_catalog") {
            base = core::drizzle_type(ft).type;
        } else {
            base = core::strip_type_schema(ft, typschema);  // e.g. an extension's vector(3)
        }
        c.type = base;
        for (int d = 0; d < dims; ++d) c.type += "[]";
        return {std::move(c), dims};
    }

    void columns() {
        std::uint32_t last_rel = 0;
        std::string last_col;
        each(introspect_sql::columns, [&](const Rows& rows, int r) {
            if ((r & 1023) == 0) core::check_interrupts();
            std::uint32_t relid = rows.oid(r, 0);
            std::string name = rows.str(r, 1);
            if (relid == last_rel && name == last_col) return;  // a second OWNED BY sequence
            last_rel = relid;
            last_col = name;
            auto it = rels.find(relid);
            if (it == rels.end()) return;
            {
                int attnum = 0;
                std::from_chars(rows.at(r, 26).data(), rows.at(r, 26).data() + rows.at(r, 26).size(), attnum);
                auto& attrs = attributes[relid];
                if (attnum > 0 && static_cast<std::size_t>(attnum) >= attrs.size()) attrs.resize(attnum + 1);
                if (attnum > 0) attrs[attnum] = Attribute{name, rows.oid(r, 27), rows.oid(r, 28)};
            }
            auto [col, dims] = column_type(rows, r);
            col.name = name;
            col.notNull = rows.flag(r, 2);
            char identity = rows.ch(r, 3);
            char generated = rows.ch(r, 4);
            std::string base = col.type.substr(0, col.type.size() - 2 * static_cast<size_t>(dims));
            if (!rows.null(r, 25)) col.collation = rows.str(r, 25);
            if (identity == 'a' || identity == 'd') {
                core::Identity id;
                id.type = identity == 'a' ? "always" : "byDefault";
                id.name = rows.str(r, 17);
                id.schema = rows.str(r, 16);
                id.increment = rows.str(r, 18);
                id.minValue = rows.str(r, 19);
                id.maxValue = rows.str(r, 20);
                id.startWith = rows.str(r, 21);
                id.cache = rows.str(r, 22);
                id.cycle = rows.flag(r, 23);
                col.identity = std::move(id);
            } else if (generated == 's') {
                col.generated = core::Generated{"stored", core::strip_outer_parens(rows.at(r, 14))};
            } else if (rows.flag(r, 24) && dims == 0 && !col.typeSchema &&
                       (base == "integer" || base == "bigint" || base == "smallint")) {
                col.type = base == "integer" ? "serial" : base == "bigint" ? "bigserial" : "smallserial";
                serial_sequences[qualified(rows.str(r, 16), rows.str(r, 17))] = true;
            } else if (!rows.null(r, 14)) {
                auto family = col.typeSchema ? core::DefaultFamily::Other : core::default_family(base);
                col.defaultValue = core::normalize_default(rows.at(r, 14), family, dims);
            }
            Relation& rel = it->second;
            if (rel.view) {
                col.notNull = false;
                std::string key = col.name;
                rel.view->columns.set(key, std::move(col));
            } else {
                std::string key = col.name;
                rel.table->columns.set(key, std::move(col));
            }
        });
    }

    void constraints() {
        each(introspect_sql::constraints, [&](const Rows& rows, int r) {
            if ((r & 1023) == 0) core::check_interrupts();
            auto it = rels.find(rows.oid(r, 0));
            if (it == rels.end() || !it->second.table) return;
            core::Table& t = *it->second.table;
            std::string name = rows.str(r, 1);
            auto cols = names(rows.oid(r, 0), rows.at(r, 6));
            switch (rows.ch(r, 2)) {
                case 'p': {
                    core::Column* col = cols.size() == 1 ? t.columns.find(cols[0]) : nullptr;
                    // Postgres' own name for a one-column key reads back as
                    // drizzle's column-level primaryKey; any other name is kept.
                    if (col && name == core::default_object_name(t.name, "pkey")) {
                        col->primaryKey = true;
                    } else {
                        t.compositePrimaryKeys.set(name, core::PrimaryKey{name, cols});
                    }
                    break;
                }
                case 'u':
                    t.uniqueConstraints.set(name, core::Unique{name, cols, rows.flag(r, 15)});
                    break;
                case 'f': {
                    core::ForeignKey fk;
                    fk.name = name;
                    fk.tableFrom = t.name;
                    fk.columnsFrom = cols;
                    fk.tableTo = rows.str(r, 8);
                    // drizzle-kit generate writes schemaTo only for a non-public target.
                    if (rows.at(r, 7) != "public") fk.schemaTo = rows.str(r, 7);
                    fk.columnsTo = rows.null(r, 18) ? names(rows.oid(r, 17), rows.at(r, 9))
                                                    : string_list(rows.at(r, 18));
                    fk.onUpdate = core::fk_action(rows.ch(r, 10));
                    fk.onDelete = core::fk_action(rows.ch(r, 11));
                    fk.deferrable = rows.flag(r, 3);
                    fk.initiallyDeferred = rows.flag(r, 4);
                    t.foreignKeys.set(name, std::move(fk));
                    break;
                }
                case 'c':
                    t.checkConstraints.set(name, core::Check{name, core::check_expression(rows.at(r, 14))});
                    break;
                default:
                    break;  // exclusion constraints: listed as unmanaged
            }
        });
    }

    void indexes() {
        std::unordered_map<std::uint32_t, Opclass> opclasses;
        std::unordered_map<std::uint64_t, bool> default_for;  // (method << 32 | type) has a default opclass
        {
            each(introspect_sql::opclasses, [&](const Rows& rows, int r) {
                Opclass o{rows.str(r, 1), rows.flag(r, 2), rows.oid(r, 3), rows.oid(r, 4)};
                if (o.is_default) default_for[(std::uint64_t{o.method} << 32) | o.input_type] = true;
                opclasses.emplace(rows.oid(r, 0), std::move(o));
            });
        }
        each(introspect_sql::indexes, [&](const Rows& rows, int r) {
            if ((r & 1023) == 0) core::check_interrupts();
            std::uint32_t relid = rows.oid(r, 0);
            auto it = rels.find(relid);
            if (it == rels.end() || !it->second.table) return;
            core::Table& t = *it->second.table;
            std::string qualified_name = qualified(it->second.schema, t.name) + "." + rows.str(r, 1);
            core::Index ix;
            ix.name = rows.str(r, 1);
            ix.isUnique = rows.flag(r, 2);
            ix.method = rows.str(r, 3);
            if (!rows.null(r, 5)) ix.where = rows.str(r, 5);
            ix.with = options(rows.at(r, 6), false);
            ix.hasWith = true;
            if (rows.flag(r, 7)) snap.unmanaged.push_back({"index_nulls_not_distinct", qualified_name});
            std::size_t nkeys = static_cast<std::size_t>(numbers(rows.at(r, 4)).at(0));
            auto keys = numbers(rows.at(r, 8));
            auto classes = numbers(rows.at(r, 9));
            auto opts = numbers(rows.at(r, 10));
            auto colls = numbers(rows.at(r, 11));
            auto texts = string_list(rows.at(r, 12));
            auto expr_types = numbers(rows.at(r, 13));
            std::uint32_t method = rows.oid(r, 14);
            auto attrs = attributes.find(relid);
            bool collation = false;
            for (std::size_t k = 0; k < nkeys && k < keys.size(); ++k) {
                core::IndexColumn c;
                const Attribute* attr = nullptr;
                if (keys[k] > 0 && attrs != attributes.end() && static_cast<std::size_t>(keys[k]) < attrs->second.size())
                    attr = &attrs->second[static_cast<std::size_t>(keys[k])];
                if (keys[k] == 0) {
                    c.expression = k < texts.size() ? texts[k] : std::string();
                    c.isExpression = true;
                } else {
                    c.expression = attr ? attr->name : std::string();
                }
                std::int64_t opt = k < opts.size() ? opts[k] : 0;
                c.asc = (opt & 1) == 0;                  // INDOPTION_DESC
                c.nulls = (opt & 2) ? "first" : "last";  // INDOPTION_NULLS_FIRST
                // Postgres' default opclass for the key type: an exact match,
                // else a binary-coercible one (text_ops for varchar).
                std::uint32_t key_type = attr ? attr->type
                                              : (k < expr_types.size() ? static_cast<std::uint32_t>(expr_types[k]) : 0);
                auto oc = k < classes.size() ? opclasses.find(static_cast<std::uint32_t>(classes[k])) : opclasses.end();
                if (oc != opclasses.end()) {
                    const Opclass& o = oc->second;
                    bool is_default = o.is_default &&
                                      (o.input_type == key_type ||
                                       !default_for.count((std::uint64_t{method} << 32) | key_type));
                    if (!is_default) c.opclass = o.name;
                }
                std::uint32_t coll = k < colls.size() ? static_cast<std::uint32_t>(colls[k]) : 0;
                if (attr && coll != 0 && coll != attr->collation) collation = true;
                ix.columns.push_back(std::move(c));
            }
            if (keys.size() > nkeys) snap.unmanaged.push_back({"index_include", qualified_name});
            if (collation) snap.unmanaged.push_back({"index_collation", qualified_name});
            std::string key = ix.name;
            t.indexes.set(key, std::move(ix));
        });
    }

    void enums() {
        each(introspect_sql::enums, [&](const Rows& rows, int r) {
            core::Enum e{rows.str(r, 1), rows.str(r, 0), string_list(rows.at(r, 2))};
            std::string key = core::object_key(e.schema, e.name);
            snap.enums.set(key, std::move(e));
        });
    }

    void sequences() {
        each(introspect_sql::sequences, [&](const Rows& rows, int r) {
            if (serial_sequences.count(qualified(rows.str(r, 0), rows.str(r, 1)))) return;
            core::Sequence s;
            s.schema = rows.str(r, 0);
            s.name = rows.str(r, 1);
            s.increment = rows.str(r, 2);
            s.minValue = rows.str(r, 3);
            s.maxValue = rows.str(r, 4);
            s.startWith = rows.str(r, 5);
            s.cache = rows.str(r, 6);
            s.cycle = rows.flag(r, 7);
            std::string key = core::object_key(s.schema, s.name);
            snap.sequences.set(key, std::move(s));
        });
    }

    void policies() {
        each(introspect_sql::policies, [&](const Rows& rows, int r) {
            auto it = rels.find(rows.oid(r, 0));
            if (it == rels.end() || !it->second.table) return;
            core::Policy p;
            p.name = rows.str(r, 1);
            p.as = rows.flag(r, 2) ? "PERMISSIVE" : "RESTRICTIVE";
            p.for_ = core::policy_command(rows.ch(r, 3));
            p.to = string_list(rows.at(r, 4));
            if (!rows.null(r, 5)) p.using_ = rows.str(r, 5);
            if (!rows.null(r, 6)) p.withCheck = rows.str(r, 6);
            std::string key = p.name;
            it->second.table->policies.set(key, std::move(p));
        });
        // drizzle-kit's convention: a table's policies imply RLS (its differ
        // enables it), so isRLSEnabled stays false beside policies (what
        // drizzle-orm writes unless .enableRLS() is called). Policies on a
        // table whose RLS is off have no drizzle spelling.
        for (auto& [oid, rel] : rels) {
            if (!rel.table || rel.table->policies.empty()) continue;
            if (!rel.table->isRLSEnabled)
                snap.unmanaged.push_back({"rls_disabled_with_policies", qualified(rel.schema, rel.name)});
            rel.table->isRLSEnabled = false;
        }
        each(introspect_sql::roles, [&](const Rows& roles, int r) {
            core::Role role{roles.str(r, 0), roles.flag(r, 1), roles.flag(r, 2), roles.flag(r, 3)};
            std::string key = role.name;
            snap.roles.set(key, std::move(role));
        });
    }

    void unmanaged() {
        each(introspect_sql::unmanaged,
             [&](const Rows& rows, int r) { snap.unmanaged.push_back({rows.str(r, 0), rows.str(r, 1)}); });
        std::stable_sort(snap.unmanaged.begin(), snap.unmanaged.end(), [](const auto& a, const auto& b) {
            return a.kind != b.kind ? a.kind < b.kind : a.name < b.name;
        });
    }
};

}  // namespace

core::Snapshot introspect_snapshot(const std::optional<std::vector<std::string>>& schemas) {
    Reader reader;
    reader.all = !schemas.has_value();
    if (schemas) reader.schemas_datum = text_array_datum(*schemas);
    SpiSession spi;
    PinnedSettings settings;
    reader.schemas();
    reader.relations();
    reader.columns();
    reader.constraints();
    reader.indexes();
    reader.enums();
    reader.sequences();
    reader.policies();
    reader.unmanaged();
    return std::move(reader.snap);
}

}  // namespace pgkit::pg

// introspect(schemas text[] DEFAULT NULL, drizzle boolean DEFAULT false)
// RETURNS jsonb: the live schema as a drizzle-kit v7 snapshot.
PGKIT_FUNCTION(pgkit_introspect) {
    std::optional<std::vector<std::string>> schemas;
    if (!PG_ARGISNULL(0)) schemas = pgkit::pg::text_array_arg(fcinfo, 0);
    bool drizzle = !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
    std::string json;
    {  // the model is freed before jsonb_in builds its own tree
        pgkit::core::Snapshot snap = pgkit::pg::introspect_snapshot(schemas);
        json = pgkit::core::write_snapshot(snap, pgkit::core::WriteOptions{drizzle});
    }
    return pgkit::pg::jsonb_datum(json);
}
