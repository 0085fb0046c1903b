// pgkit.introspect(): the live schema as a drizzle-kit v7 snapshot. The
// catalogs are read through SPI with one set-based query per object kind
// (introspect_sql.hpp), all in the caller's snapshot; the rows are turned
// into core::Snapshot here and normalised to drizzle's spellings by
// core/introspect_normalize.
#include "pg/introspect.hpp"

#include <algorithm>
#include <memory>
#include <boost/json.hpp>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/interrupt.hpp"
#include "core/introspect_normalize.hpp"
#include "core/snapshot.hpp"
#include "core/types.hpp"
#include "pg/catalog_rows.hpp"
#include "pg/expr_deparse.hpp"
#include "pg/introspect_sql.hpp"
#include "pg/jsonb_sink.hpp"
#include "pg/pg.hpp"

extern "C" {
#include "catalog/pg_collation_d.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
}

namespace pgkit::pg {
namespace {

namespace json = boost::json;
using core::Scalar;

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
    std::string schema;  // only outside pg_catalog and public (an extension's)
    bool is_default = false;
    std::uint32_t input_type = 0, method = 0;
};

// Where a relation's facts go, by OID.
struct Relation {
    std::string schema, name;
    char relkind = 'r';
    core::Table* table = nullptr;
    core::View* view = nullptr;
    std::string view_action;  // a view's _RETURN rule action (pg_node_tree)
    int natts = 0;            // pg_class.relnatts: its columns, dropped ones included
    int last_attnum = 0;      // the columns reader's previous attnum of it
    bool unordered = false;   // a column came after one with a higher attnum
};

// What the columns reader needs to know about a type.
struct Type {
    char typtype = 'b';
    std::string name, schema;
    std::uint32_t element = 0;  // arrays: the element type
    std::uint32_t collation = 0;
    char storage = 'p';  // typstorage: a new column's attstorage
};

// A sequence a column owns (OWNED BY or identity).
struct OwnedSequence {
    char deptype = 'a';
    std::string schema, name, increment, min, max, start, cache, nextval;
    bool cycle = false;
    std::uint32_t oid = 0;
};

struct Reader {
    Cursor::Params params;
    core::Snapshot snap;
    std::unordered_map<std::uint32_t, Relation> rels;
    // relid -> attributes by attnum (index 0 unused)
    std::unordered_map<std::uint32_t, std::vector<Attribute>> attributes;
    // "schema.sequence" of every sequence a serial column owns
    std::unordered_map<std::string, bool> serial_sequences;
    // the columns read as serial, and how many columns' defaults call each
    // nextval() text (a serial's sequence shared by other defaults)
    struct Serial {
        core::Table* table;
        std::string column, base, nextval, sequence;
    };
    std::vector<Serial> serials;
    std::unordered_map<std::string, int> nextval_uses;
    // "schema.sequence" of every identity column's sequence
    std::unordered_set<std::string> identity_sequences;
    // the in-scope sequences no extension owns (owned_sequences() reads
    // them, sequences() keeps those no serial or identity stands for)
    // (and whether each is of a type other than bigint)
    std::vector<std::pair<core::Sequence, bool>> sequence_candidates;
    // the index of every key, unique and exclusion constraint -> the
    // constraint's name and contype
    std::unordered_map<std::uint32_t, std::pair<std::string, char>> constraint_indexes;
    // memoised column_type() by (typid, typmod, attndims) and
    // normalize_default() by (family, dims, expression), in binary keys
    std::unordered_map<std::string, std::pair<core::Column, int>> column_types;
    std::unordered_map<std::string, core::Scalar> defaults;
    // column names by attnum of each relation, for ExprDeparser
    std::unordered_map<std::uint32_t, std::vector<std::string>> column_names_;
    // printed defaults by node tree without its ":location" fields (where
    // the expression stood in its CREATE statement: the same default in
    // two tables differs only there)
    std::unordered_map<std::string, std::string> printed_defaults_;
    std::string tree_key_;

    // Returns pg_get_expr(tree, 0), printed once per distinct default.
    const std::string& printed_default(std::string_view tree) {
        tree_key_.clear();
        constexpr std::string_view kLocation = " :location ";
        for (std::size_t p = 0;;) {
            std::size_t at = tree.find(kLocation, p);
            if (at == std::string_view::npos) {
                tree_key_.append(tree.substr(p));
                break;
            }
            tree_key_.append(tree.substr(p, at - p));
            p = at + kLocation.size();
            if (p < tree.size() && tree[p] == '-') ++p;
            while (p < tree.size() && tree[p] >= '0' && tree[p] <= '9') ++p;
        }
        auto it = printed_defaults_.find(tree_key_);
        if (it == printed_defaults_.end()) it = printed_defaults_.emplace(tree_key_, postgres_default(tree)).first;
        return it->second;
    }

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

    // Returns relation relid's column names by attnum (index 0 unused, ""
    // for a dropped column), from the columns query.
    const std::vector<std::string>& column_names(std::uint32_t relid) {
        auto [it, fresh] = column_names_.try_emplace(relid);
        if (fresh) {
            auto a = attributes.find(relid);
            if (a != attributes.end())
                for (const auto& attr : a->second) it->second.push_back(attr.name);
        }
        return it->second;
    }

    // Returns a stored expression over relation relid (a pg_node_tree) as
    // pg_get_expr(tree, relid, true) prints it.
    std::string expression(std::string_view tree, std::uint32_t relid) {
        auto fast = ExprDeparser::print(tree, rels[relid].name, column_names(relid), ExprDeparser::Form::Expression);
        if (fast && fast->size() == 1) return std::move(fast->front());
        return postgres_expr(tree, relid);
    }

    // Calls f(rows, r) for every row of a catalog query, batch by batch.
    template <typename F>
    void each(const char* sql, F&& f) {
        Cursor cursor(sql, params);
        for (;;) {
            Rows rows;
            if (!cursor.fetch(rows)) break;
            core::check_interrupts();
            for (int r = 0; r < rows.nrows; ++r) f(rows, r);
        }
    }

    // Where a row goes in the reading order: by number, then bytewise by
    // two texts (COLLATE "C"). The views point into the kept batches.
    struct SortKey {
        std::uint64_t number = 0;
        std::string_view first, second;
        bool operator<(const SortKey& o) const {
            if (number != o.number) return number < o.number;
            if (int c = first.compare(o.first); c != 0) return c < 0;
            return second < o.second;
        }
    };

    // Calls f(rows, r) for every row of a catalog query in the order of
    // key(rows, r) (a SortKey): every batch is kept until all rows are read.
    // Sorting here rather than with ORDER BY: the executor's sort of the
    // wide catalog rows cost ~6 ms a query at 1,000 tables.
    template <typename Key, typename F>
    void each_sorted(const char* sql, Key&& key, F&& f) {
        Cursor cursor(sql, params);
        std::vector<std::unique_ptr<Rows>> batches;
        struct Ref {
            SortKey key;
            std::uint32_t batch;
            int row;
        };
        std::vector<Ref> order;
        for (;;) {
            auto rows = std::make_unique<Rows>();
            if (!cursor.fetch(*rows)) break;
            core::check_interrupts();
            for (int r = 0; r < rows->nrows; ++r)
                order.push_back(Ref{key(*rows, r), static_cast<std::uint32_t>(batches.size()), r});
            batches.push_back(std::move(rows));
        }
        std::stable_sort(order.begin(), order.end(), [](const Ref& a, const Ref& b) { return a.key < b.key; });
        for (const Ref& x : order) f(*batches[x.batch], x.row);
    }

    // Runs the scope query: the schema names go into the snapshot, the
    // schema and relation OID arrays become $2 and $3 of every other query
    // (copied into the SPI procedure's memory, alive until SPI_finish).
    void scope() {
        char** names = nullptr;
        int count = 0;
        Datum arg = params.schemas;
        call([&] {
            Oid argtypes[1] = {TEXTARRAYOID};
            Datum values[1] = {arg};
            char nulls[1] = {arg ? ' ' : 'n'};
            if (SPI_execute_with_args(introspect_sql::scope, 1, argtypes, values, nulls, true, 1) != SPI_OK_SELECT ||
                SPI_processed != 1)
                ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("pgkit: introspect scope query failed")));
            HeapTuple tuple = SPI_tuptable->vals[0];
            TupleDesc desc = SPI_tuptable->tupdesc;
            bool isnull = false;
            Datum* elems = nullptr;
            deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(tuple, desc, 1, &isnull)), TEXTOID, -1, false,
                              TYPALIGN_INT, &elems, nullptr, &count);
            names = static_cast<char**>(palloc(sizeof(char*) * (static_cast<size_t>(count) + 1)));
            for (int i = 0; i < count; ++i) names[i] = TextDatumGetCString(elems[i]);
            params.scope_schemas = datumCopy(SPI_getbinval(tuple, desc, 2, &isnull), false, -1);
            params.scope_relations = datumCopy(SPI_getbinval(tuple, desc, 3, &isnull), false, -1);
            SPI_freetuptable(SPI_tuptable);
        });
        for (int i = 0; i < count; ++i)
            if (std::string_view(names[i]) != "public") snap.schemas.emplace_back(names[i]);
    }

    void relations() {
        each_sorted(
            introspect_sql::relations,
            [](const Rows& rows, int r) { return SortKey{0, rows.at(r, 1), rows.at(r, 2)}; },
            [&](const Rows& rows, int r) {
            Relation rel{rows.str(r, 1), rows.str(r, 2), rows.ch(r, 3)};
            rel.natts = static_cast<int>(rows.integer(r, 12));
            std::string key = core::object_key(rel.schema, rel.name);
            if (rel.relkind == 'v' || rel.relkind == 'm') {
                core::View v;
                v.name = rel.name;
                v.schema = rel.schema;
                v.materialized = rel.relkind == 'm';
                rel.view_action = rows.str(r, 10);
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

    // Returns every type by OID (the columns query names its types by OID).
    std::unordered_map<std::uint32_t, Type> types() {
        std::unordered_map<std::uint32_t, Type> out;
        each(introspect_sql::types, [&](const Rows& rows, int r) {
            out.emplace(rows.oid(r, 0), Type{rows.ch(r, 1), rows.str(r, 2), rows.str(r, 3), rows.oid(r, 4),
                                             rows.oid(r, 5), rows.ch(r, 6)});
        });
        return out;
    }

    // Reads every sequence of the in-scope schemas: returns those columns
    // own, by (relid << 16 | attnum), and keeps the others no extension
    // owns for sequences().
    std::unordered_map<std::uint64_t, std::vector<OwnedSequence>> owned_sequences() {
        std::unordered_map<std::uint64_t, std::vector<OwnedSequence>> out;
        each(introspect_sql::sequences, [&](const Rows& rows, int r) {
            OwnedSequence o;
            o.deptype = rows.ch(r, 2);
            o.schema = rows.str(r, 3);
            o.name = rows.str(r, 4);
            o.increment = rows.str(r, 5);
            o.min = rows.str(r, 6);
            o.max = rows.str(r, 7);
            o.start = rows.str(r, 8);
            o.cache = rows.str(r, 9);
            o.cycle = rows.flag(r, 10);
            o.nextval = rows.str(r, 11);
            o.oid = rows.oid(r, 12);
            if (!rows.flag(r, 13)) {
                core::Sequence s;
                s.schema = o.schema;
                s.name = o.name;
                s.increment = o.increment;
                s.minValue = o.min;
                s.maxValue = o.max;
                s.startWith = o.start;
                s.cache = o.cache;
                s.cycle = o.cycle;
                sequence_candidates.emplace_back(std::move(s), rows.flag(r, 14));
            }
            if (rows.null(r, 2)) return;  // no column owns it
            if (o.deptype == 'i') identity_sequences.insert(qualified(o.schema, o.name));
            out[(std::uint64_t{rows.oid(r, 0)} << 16) | static_cast<std::uint16_t>(rows.integer(r, 1))].push_back(
                std::move(o));
        });
        return out;
    }

    // The drizzle type of a column (format_type's text `ft`, its type and
    // attndims) and its array dimensions.
    static std::pair<core::Column, int> column_type(std::string ft, const Type* type, const Type* element,
                                                    int attndims) {
        core::Column c;
        bool is_array = element != nullptr;
        int dims = is_array ? std::max(attndims, 1) : 0;
        const Type* t = is_array ? element : type;
        char typtype = t ? t->typtype : 'b';
        std::string typname = t ? t->name : std::string();
        std::string typschema = t ? t->schema : std::string();
        for (int d = 0; is_array && d < 1 && ft.size() > 2 && ft.ends_with("[]"); ++d) ft.resize(ft.size() - 2);
        std::string base;
        if (typtype == 'e' || typtype == 'd' || typtype == 'c' || typtype == 'r') {
            base = typname;  // user type: bare name, schema in typeSchema
            c.typeSchema = typschema;
        } else if (typschema == "pg_catalog") {
            base = core::drizzle_type(ft).type;
        } else {
            base = core::strip_type_schema(ft, typschema);  // e.g. an extension's vector(3)
            // outside search_path's usual schemas it must be named with its own
            if (typschema != "public") c.extensionTypeSchema = typschema;
        }
        c.type = base;
        for (int d = 0; d < dims; ++d) c.type += "[]";
        return {std::move(c), dims};
    }

    // Returns the sequence a column's facts come from: its identity's, else
    // the OWNED BY sequence its nextval() default names, else the first.
    static const OwnedSequence* owning(const std::vector<OwnedSequence>* owned, std::string_view default_) {
        if (!owned || owned->empty()) return nullptr;
        for (const auto& o : *owned)
            if (o.deptype == 'i') return &o;
        for (const auto& o : *owned)
            if (o.nextval == default_) return &o;
        return &owned->front();
    }

    // Puts a relation's columns in attnum order (attrs: its attributes by
    // attnum, as the columns reader recorded them).
    static void in_attnum_order(core::OrderedMap<core::Column>& columns, const std::vector<Attribute>& attrs) {
        core::OrderedMap<core::Column> sorted;
        sorted.reserve(columns.size());
        for (const auto& a : attrs)
            if (core::Column* c = a.name.empty() ? nullptr : columns.find(a.name)) sorted.set(a.name, std::move(*c));
        columns = std::move(sorted);
    }

    void columns() {
        auto type_of = types();
        auto owned = owned_sequences();
        std::uint32_t current = 0;  // the relation of the previous row
        Relation* rel = nullptr;
        std::vector<Attribute>* attrs = nullptr;
        std::string key_buffer;
        // Rows are read as they come, one batch at a time (keeping every
        // batch to sort them held ~9 MB at 1,000 tables, and first touching
        // that memory cost more than the sort). They come grouped by relation
        // and in attnum order but for an updated pg_attribute row, which
        // moves: a relation whose columns came out of order is put back in
        // attnum order at the end.
        each(introspect_sql::columns, [&](const Rows& rows, int r) {
            if ((r & 1023) == 0) core::check_interrupts();
            // Rows come grouped by relation: its lookups are made once.
            std::uint32_t relid = rows.oid(r, 0);
            if (relid != current) {
                current = relid;
                auto it = rels.find(relid);
                rel = it == rels.end() ? nullptr : &it->second;
                attrs = rel ? &attributes[relid] : nullptr;
                if (attrs && attrs->empty()) attrs->reserve(static_cast<std::size_t>(rel->natts) + 1);
                // Sized once (growing a map moved every Column built so
                // far: 60% of this loop's time).
                if (rel && rel->view && rel->view->columns.empty()) rel->view->columns.reserve(rel->natts);
                else if (rel && rel->table && rel->table->columns.empty()) rel->table->columns.reserve(rel->natts);
            }
            if (!rel) return;
            int attnum = static_cast<int>(rows.integer(r, 1));
            if (attnum < rel->last_attnum) rel->unordered = true;
            rel->last_attnum = attnum;
            std::string_view name = rows.at(r, 2);
            std::uint32_t typid = rows.oid(r, 7), collation = rows.oid(r, 10);
            auto ti = type_of.find(typid);
            const Type* type = ti == type_of.end() ? nullptr : &ti->second;
            const Type* element = nullptr;
            if (type && type->element) {
                auto ei = type_of.find(type->element);
                if (ei != type_of.end()) element = &ei->second;
            }
            if (attnum > 0) {
                if (static_cast<std::size_t>(attnum) >= attrs->size()) attrs->resize(attnum + 1);
                (*attrs)[attnum] = Attribute{std::string(name), typid, collation};
            }
            // Types and defaults repeat across tables (a few dozen distinct
            // ones in thousands of columns): their normalisation is memoised,
            // keyed in a reused buffer (no allocation per row).
            int attndims = static_cast<int>(rows.integer(r, 6));
            auto typmod = static_cast<std::int32_t>(rows.integer(r, 8));
            key_buffer.assign(reinterpret_cast<const char*>(&typid), sizeof typid);
            key_buffer.append(reinterpret_cast<const char*>(&typmod), sizeof typmod);
            key_buffer.append(reinterpret_cast<const char*>(&attndims), sizeof attndims);
            auto known = column_types.find(key_buffer);
            if (known == column_types.end())
                known = column_types
                            .emplace(key_buffer,
                                     column_type(postgres_type(typid, typmod), type, element, attndims))
                            .first;
            core::Column col = known->second.first;
            int dims = known->second.second;
            col.name = name;
            col.notNull = rows.flag(r, 3);
            char identity = rows.ch(r, 4);
            char generated = rows.ch(r, 5);
            std::string_view base(col.type.data(), col.type.size() - 2 * static_cast<size_t>(dims));
            // A collation other than the type's own (pg_catalog."default" is
            // the one collation the query leaves unnamed).
            std::uint32_t type_collation = type ? type->collation : 0;
            if (collation != 0 && type_collation != 0 && collation != type_collation) {
                if (collation == DEFAULT_COLLATION_OID) col.collation = "pg_catalog.\"default\"";
                else if (!rows.null(r, 11)) col.collation = rows.str(r, 11);
            }
            // The default's text (the generation expression for a
            // generated column); nullopt: none.
            std::optional<std::string_view> expr;
            const std::vector<OwnedSequence>* column_sequences = nullptr;
            if (!owned.empty()) {
                auto oi = owned.find((std::uint64_t{relid} << 16) | static_cast<std::uint16_t>(attnum));
                if (oi != owned.end()) column_sequences = &oi->second;
            }
            if (!rows.null(r, 9)) {
                expr = rows.at(r, 9);
            } else if (!rows.null(r, 13)) {
                // A serial's nextval() of its own sequence: the text is
                // known (each is distinct, so printing it is the costly
                // case of the memo); a name needing E'' quoting is
                // printed by Postgres.
                if (column_sequences) {
                    std::uint32_t next = nextval_sequence(rows.at(r, 13));
                    for (const auto& o : *column_sequences)
                        if (next != 0 && o.oid == next && o.nextval.find('\\') == std::string::npos)
                            expr = o.nextval;
                }
                if (!expr) expr = printed_default(rows.at(r, 13));
            }
            const OwnedSequence* seq = owning(column_sequences, expr.value_or(std::string_view()));
            if (identity == 'a' || identity == 'd') {
                core::Identity id;
                id.type = identity == 'a' ? "always" : "byDefault";
                OwnedSequence none;
                const OwnedSequence& o = seq ? *seq : none;
                bool has_options = seq && seq->deptype == 'i';
                id.name = o.name;
                id.schema = o.schema;
                id.increment = has_options ? o.increment : std::string();
                id.minValue = has_options ? o.min : std::string();
                id.maxValue = has_options ? o.max : std::string();
                id.startWith = has_options ? o.start : std::string();
                id.cache = has_options ? o.cache : std::string();
                id.cycle = has_options && o.cycle;
                col.identity = std::move(id);
            } else if (generated == 's') {
                col.generated = core::Generated{"stored", core::strip_outer_parens(expr.value_or(std::string_view()))};
            } else if (seq && seq->deptype == 'a' && expr && *expr == seq->nextval && dims == 0 &&
                       !col.typeSchema && (base == "integer" || base == "bigint" || base == "smallint")) {
                serials.push_back({rel->table, col.name, std::string(base), std::string(*expr),
                                   qualified(seq->schema, seq->name)});
                col.type = base == "integer" ? "serial" : base == "bigint" ? "bigserial" : "smallserial";
                serial_sequences[qualified(seq->schema, seq->name)] = true;
            } else if (expr) {
                auto family = col.typeSchema ? core::DefaultFamily::Other : core::default_family(base);
                key_buffer.assign(1, static_cast<char>(family));
                key_buffer += static_cast<char>(dims);
                key_buffer += *expr;
                auto d = defaults.find(key_buffer);
                if (d == defaults.end())
                    d = defaults.emplace(key_buffer, core::normalize_default(*expr, family, dims)).first;
                col.defaultValue = d->second;
            }
            if (expr && expr->starts_with("nextval(")) ++nextval_uses[std::string(*expr)];
            if (rows.flag(r, 12))
                snap.unmanaged.push_back({"grant", qualified(rel->schema, rel->name) + "." + col.name});
            // ALTER COLUMN ... SET STORAGE / SET STATISTICS / SET COMPRESSION
            if (rel->table) {
                if (type && rows.ch(r, 14) != type->storage)
                    snap.unmanaged.push_back({"column_storage", qualified(rel->schema, rel->name) + "." + col.name});
                if (rows.integer(r, 15) >= 0)
                    snap.unmanaged.push_back({"column_statistics", qualified(rel->schema, rel->name) + "." + col.name});
                if (rows.ch(r, 16) != '\0')
                    snap.unmanaged.push_back({"column_compression", qualified(rel->schema, rel->name) + "." + col.name});
            }
            if (rel->view) col.notNull = false;
            std::string key = col.name;
            if (rel->view) rel->view->columns.set(std::move(key), std::move(col));
            else rel->table->columns.set(std::move(key), std::move(col));
        });
        for (auto& [oid, r] : rels) {
            if (!r.unordered) continue;
            if (r.view) in_attnum_order(r.view->columns, attributes[oid]);
            else in_attnum_order(r.table->columns, attributes[oid]);
        }
        // A serial's sequence that other columns' defaults use too stays a
        // sequence of its own: recreated as serial, the column would get a
        // new sequence and the other defaults would name a missing one.
        for (const auto& s : serials) {
            if (nextval_uses[s.nextval] < 2) continue;
            core::Column* c = s.table ? s.table->columns.find(s.column) : nullptr;
            if (!c) continue;
            c->type = s.base;
            c->defaultValue = core::normalize_default(s.nextval, core::default_family(s.base), 0);
            serial_sequences.erase(s.sequence);
        }
    }

    // Prints every view's definition as pg_get_viewdef(oid, true) does,
    // from its rule's query and the column names the columns query read.
    void view_definitions() {
        for (auto& [oid, rel] : rels) {
            if (!rel.view) continue;
            auto fast = ExprDeparser::view_definition(rel.view_action, column_names(oid));
            rel.view->definition = core::view_definition(fast ? *fast : postgres_viewdef(oid));
        }
    }

    // Rows are read as they come (keeping every batch to sort them first
    // touched megabytes of memory); each table's constraints are put in
    // name order at the end.
    void constraints() {
        each(introspect_sql::constraints, [&](const Rows& rows, int r) {
            if ((r & 1023) == 0) core::check_interrupts();
            auto it = rels.find(rows.oid(r, 0));
            if (it == rels.end() || !it->second.table) return;
            if (std::uint32_t index = rows.oid(r, 21))
                constraint_indexes.emplace(index, std::pair(rows.ch(r, 2) == 'x' ? std::string() : rows.str(r, 1), rows.ch(r, 2)));
            core::Table& t = *it->second.table;
            std::string name = rows.str(r, 1);
            auto cols = names(rows.oid(r, 0), rows.at(r, 6));
            switch (rows.ch(r, 2)) {
                case 'p': {
                    core::Column* col = cols.size() == 1 ? t.columns.find(cols[0]) : nullptr;
                    // Postgres' own name for a one-column key reads back as
                    // drizzle's column-level primaryKey; any other name, or a
                    // deferrable key (the column has no place for it), is kept.
                    if (col && name == core::default_object_name(t.name, "pkey") && !rows.flag(r, 3)) {
                        col->primaryKey = true;
                    } else {
                        t.compositePrimaryKeys.set(name, core::PrimaryKey{name, cols, rows.flag(r, 3), rows.flag(r, 4)});
                    }
                    break;
                }
                case 'u':
                    t.uniqueConstraints.set(name, core::Unique{name, cols, rows.flag(r, 15), rows.flag(r, 3), rows.flag(r, 4)});
                    break;
                case 'f': {
                    core::ForeignKey fk;
                    fk.name = name;
                    fk.tableFrom = t.name;
                    fk.columnsFrom = cols;
                    // An in-scope target is named from the relations query.
                    std::string schema_to = rows.str(r, 7);
                    fk.tableTo = rows.str(r, 8);
                    if (rows.null(r, 8)) {
                        auto target = rels.find(rows.oid(r, 17));
                        if (target != rels.end()) {
                            schema_to = target->second.schema;
                            fk.tableTo = target->second.name;
                        }
                    }
                    // drizzle-kit generate writes schemaTo only for a non-public target.
                    if (schema_to != "public") fk.schemaTo = schema_to;
                    fk.columnsTo = rows.null(r, 18) ? names(rows.oid(r, 17), rows.at(r, 9))
                                                    : string_list(rows.at(r, 18));
                    fk.onUpdate = core::fk_action(rows.ch(r, 10));
                    fk.onDelete = core::fk_action(rows.ch(r, 11));
                    fk.deferrable = rows.flag(r, 3);
                    fk.initiallyDeferred = rows.flag(r, 4);
                    t.foreignKeys.set(name, std::move(fk));
                    break;
                }
                case 'c': {
                    // pg_get_constraintdef(oid, true)'s text, which the
                    // normaliser reads.
                    std::uint32_t relid = rows.oid(r, 0);
                    auto body = ExprDeparser::print(rows.at(r, 19), t.name, column_names(relid),
                                                    ExprDeparser::Form::Expression);
                    std::string def = body && body->size() == 1
                                          ? "CHECK (" + body->front() + ")" + (rows.flag(r, 16) ? " NO INHERIT" : "") +
                                                (rows.flag(r, 5) ? "" : " NOT VALID")
                                          : postgres_constraintdef(rows.oid(r, 20));
                    t.checkConstraints.set(name, core::Check{name, core::check_expression(def)});
                    break;
                }
                default:
                    break;  // exclusion constraints: listed as unmanaged
            }
        });
        for (auto& [oid, rel] : rels) {
            if (!rel.table) continue;
            rel.table->compositePrimaryKeys.sort_by_key();
            rel.table->uniqueConstraints.sort_by_key();
            rel.table->foreignKeys.sort_by_key();
            rel.table->checkConstraints.sort_by_key();
        }
    }

    void indexes() {
        std::unordered_map<std::uint32_t, Opclass> opclasses;
        std::unordered_map<std::uint64_t, bool> default_for;  // (method << 32 | type) has a default opclass
        {
            each(introspect_sql::opclasses, [&](const Rows& rows, int r) {
                Opclass o{rows.str(r, 1), rows.str(r, 5), rows.flag(r, 2), rows.oid(r, 3), rows.oid(r, 4)};
                if (o.is_default) default_for[(std::uint64_t{o.method} << 32) | o.input_type] = true;
                opclasses.emplace(rows.oid(r, 0), std::move(o));
            });
        }
        // As the constraints: read as they come, put in name order at the end.
        each(introspect_sql::indexes, [&](const Rows& rows, int r) {
            if ((r & 1023) == 0) core::check_interrupts();
            std::uint32_t relid = rows.oid(r, 0);
            auto it = rels.find(relid);
            if (it == rels.end()) return;
            const Relation& rel = it->second;
            // An index a failed CREATE INDEX CONCURRENTLY left, or one ON
            // ONLY a partitioned table (still read as an index below).
            if (!rows.flag(r, 16)) snap.unmanaged.push_back({"invalid_index", qualified(rel.schema, rel.name) + "." + rows.str(r, 1)});
            if (!rel.table) {
                // drizzle's views have no indexes
                if (rel.relkind == 'm')
                    snap.unmanaged.push_back({"materialized_view_index", qualified(rel.schema, rel.name) + "." + rows.str(r, 1)});
                return;
            }
            // A key's, unique's or exclusion's own index: the constraint is
            // read by constraints(); what its index has beyond the model is
            // reported under the constraint's name.
            if (auto con = constraint_indexes.find(rows.oid(r, 15)); con != constraint_indexes.end()) {
                if (con->second.second == 'x') return;  // the whole constraint is unmanaged
                // indkey ("1 2 3") lists the INCLUDE columns after the keys
                auto indkey = rows.at(r, 8);
                auto indexed_columns = static_cast<std::int64_t>(std::count(indkey.begin(), indkey.end(), ' ')) + 1;
                if (indexed_columns > rows.integer(r, 4))
                    snap.unmanaged.push_back({"constraint_include", qualified(rel.schema, rel.name) + "." + con->second.first});
                if (!rows.null(r, 6))
                    snap.unmanaged.push_back(
                        {"constraint_storage_parameters", qualified(rel.schema, rel.name) + "." + con->second.first});
                if (rows.flag(r, 17))  // USING INDEX TABLESPACE
                    snap.unmanaged.push_back(
                        {"constraint_tablespace", qualified(rel.schema, rel.name) + "." + con->second.first});
                return;
            }
            core::Table& t = *rel.table;
            std::string qualified_name = qualified(rel.schema, rel.name) + "." + rows.str(r, 1);
            if (rows.flag(r, 17)) snap.unmanaged.push_back({"index_tablespace", qualified_name});
            core::Index ix;
            ix.name = rows.str(r, 1);
            ix.isUnique = rows.flag(r, 2);
            ix.method = rows.str(r, 3);
            if (!rows.null(r, 5)) ix.where = expression(rows.at(r, 5), relid);
            ix.with = options(rows.at(r, 6), false);
            ix.hasWith = true;
            if (rows.flag(r, 7)) snap.unmanaged.push_back({"index_nulls_not_distinct", qualified_name});
            std::size_t nkeys = static_cast<std::size_t>(numbers(rows.at(r, 4)).at(0));
            auto keys = numbers(rows.at(r, 8));
            auto classes = numbers(rows.at(r, 9));
            auto opts = numbers(rows.at(r, 10));
            auto colls = numbers(rows.at(r, 11));
            // The expression keys' texts, in key order.
            std::vector<std::string> texts;
            if (!rows.null(r, 12)) {
                auto fast = ExprDeparser::print(rows.at(r, 12), t.name, column_names(relid),
                                                ExprDeparser::Form::IndexColumn);
                if (fast) {
                    texts = std::move(*fast);
                } else {
                    for (std::size_t k = 0; k < nkeys && k < keys.size(); ++k)
                        if (keys[k] == 0) texts.push_back(postgres_index_column(rows.oid(r, 15), static_cast<int>(k) + 1));
                }
            }
            std::size_t next_text = 0;
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
                    c.expression = next_text < texts.size() ? texts[next_text] : std::string();
                    ++next_text;
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
                    if (!is_default && !o.schema.empty()) c.opclassSchema = o.schema;
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
        for (auto& [oid, rel] : rels)
            if (rel.table) rel.table->indexes.sort_by_key();
    }

    void enums() {
        each(introspect_sql::enums, [&](const Rows& rows, int r) {
            core::Enum e{rows.str(r, 1), rows.str(r, 0), string_list(rows.at(r, 2))};
            std::string key = core::object_key(e.schema, e.name);
            snap.enums.set(key, std::move(e));
        });
    }

    // The sequences no extension owns, but for those a serial or identity
    // column stands for, by name.
    void sequences() {
        std::sort(sequence_candidates.begin(), sequence_candidates.end(), [](const auto& a, const auto& b) {
            return a.first.schema != b.first.schema ? a.first.schema < b.first.schema : a.first.name < b.first.name;
        });
        for (auto& [s, not_bigint] : sequence_candidates) {
            std::string qualified_name = qualified(s.schema, s.name);
            if (serial_sequences.count(qualified_name) || identity_sequences.count(qualified_name)) continue;
            // Recreated from the snapshot it would be a bigint sequence
            // (its bounds are kept).
            if (not_bigint) snap.unmanaged.push_back({"sequence_type", qualified_name});
            std::string key = core::object_key(s.schema, s.name);
            snap.sequences.set(key, std::move(s));
        }
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
            if (!rows.null(r, 5)) p.using_ = expression(rows.at(r, 5), rows.oid(r, 0));
            if (!rows.null(r, 6)) p.withCheck = expression(rows.at(r, 6), rows.oid(r, 0));
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
        // The roles the policies name ("public" is no role).
        std::unordered_set<std::string> named;
        for (const auto& [oid, rel] : rels)
            if (rel.table)
                for (const auto& [name, p] : rel.table->policies)
                    if (p.to)
                        for (const auto& role : *p.to) named.insert(role);
        if (named.empty()) return;
        each(introspect_sql::roles, [&](const Rows& roles, int r) {
            if (!named.count(roles.str(r, 0))) return;
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
    if (schemas) reader.params.schemas = text_array_datum(*schemas);
    SpiSession spi;
    PinnedSettings settings;
    reader.scope();
    reader.relations();
    reader.columns();
    reader.view_definitions();
    reader.constraints();
    reader.indexes();
    reader.enums();
    reader.sequences();
    reader.policies();
    reader.unmanaged();
    reader.snap.columnPositions = true;  // columns were read in attnum order
    return std::move(reader.snap);
}

}  // namespace pgkit::pg

// introspect(schemas text[] DEFAULT NULL, drizzle boolean DEFAULT false)
// RETURNS jsonb: the live schema as a drizzle-kit v7 snapshot.
PGKIT_FUNCTION(pgkit_introspect) {
    std::optional<std::vector<std::string>> schemas;
    if (!PG_ARGISNULL(0)) schemas = pgkit::pg::text_array_arg(fcinfo, 0);
    bool drizzle = !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
    pgkit::core::Snapshot snap = pgkit::pg::introspect_snapshot(schemas);
    return pgkit::pg::snapshot_jsonb(snap, pgkit::core::WriteOptions{drizzle});
}
