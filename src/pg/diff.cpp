// pgkit.diff, pgkit.diff_script and pgkit.plan: the SQL face of the differ
// (DESIGN.md §4). The glue only converts: jsonb -> core::Snapshot (reader),
// core::diff, statements -> rows; plan's source is the live database
// (pg::introspect_snapshot). Snapshot names over 63 bytes are mapped the way
// Postgres stores them, reported as NOTICEs.
#include <string>
#include <vector>

#include "core/diff.hpp"
#include "core/drift.hpp"
#include "core/plan_align.hpp"
#include "core/snapshot.hpp"
#include "pg/drift_deparse.hpp"
#include "pg/introspect.hpp"
#include "pg/pg.hpp"

extern "C" {
#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
#include "utils/tuplestore.h"
}

namespace {

using namespace pgkit;

// Returns the options every snapshot argument is read with: long names are
// truncated Postgres-style and each truncation raised as a NOTICE.
core::ReadOptions read_options() {
    core::ReadOptions options;
    options.truncate_long_names = true;
    options.notice = [](const std::string& message) { pg::notice(message); };
    return options;
}

// Returns argument `n` (jsonb) as JSON text, walking the binary jsonb with
// its iterator: several times faster than JsonbToCString (pg::jsonb_arg) on
// 5,000-table snapshots, whose strings are copied, not escaped char by char
// through a StringInfo. Key order is jsonb's, as with any jsonb output.
std::string jsonb_text(FunctionCallInfo fcinfo, int n) {
    std::string out;
    std::vector<bool> first;  // per open container: no element written yet
    auto separate = [&] {
        if (!first.empty()) {
            if (!first.back()) out += ',';
            first.back() = false;
        }
    };
    auto string = [&](const char* p, int len) {
        out += '"';
        const char* run = p;
        for (const char* c = p; c < p + len; ++c) {
            unsigned char ch = static_cast<unsigned char>(*c);
            if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
            out.append(run, static_cast<std::size_t>(c - run));
            run = c + 1;
            switch (ch) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\n': out += "\\n"; break;
                case '\t': out += "\\t"; break;
                case '\r': out += "\\r"; break;
                case '\b': out += "\\b"; break;
                case '\f': out += "\\f"; break;
                default: {
                    static const char hex[] = "0123456789abcdef";
                    out += "\\u00";
                    out += hex[ch >> 4];
                    out += hex[ch & 15];
                }
            }
        }
        out.append(run, static_cast<std::size_t>(p + len - run));
        out += '"';
    };
    pg::call([&] {
        Jsonb* jb = PG_GETARG_JSONB_P(n);
        out.reserve(VARSIZE(jb) + VARSIZE(jb) / 4);
        JsonbIterator* it = JsonbIteratorInit(&jb->root);
        JsonbValue v;
        JsonbIteratorToken token;
        bool raw_scalar = false;
        while ((token = JsonbIteratorNext(&it, &v, false)) != WJB_DONE) {
            switch (token) {
                case WJB_BEGIN_ARRAY:
                    if (v.val.array.rawScalar) {  // a top-level scalar: no brackets
                        raw_scalar = true;
                        break;
                    }
                    separate();
                    out += '[';
                    first.push_back(true);
                    break;
                case WJB_BEGIN_OBJECT:
                    separate();
                    out += '{';
                    first.push_back(true);
                    break;
                case WJB_END_ARRAY:
                    if (raw_scalar) break;
                    out += ']';
                    first.pop_back();
                    break;
                case WJB_END_OBJECT:
                    out += '}';
                    first.pop_back();
                    break;
                case WJB_KEY:
                    separate();
                    string(v.val.string.val, v.val.string.len);
                    out += ':';
                    first.back() = true;  // the value follows without a comma
                    break;
                case WJB_VALUE:
                case WJB_ELEM:
                    separate();
                    switch (v.type) {
                        case jbvNull: out += "null"; break;
                        case jbvBool: out += v.val.boolean ? "true" : "false"; break;
                        case jbvString: string(v.val.string.val, v.val.string.len); break;
                        case jbvNumeric: {
                            char* num = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v.val.numeric)));
                            out += num;
                            pfree(num);
                            break;
                        }
                        default:
                            elog(ERROR, "pgkit: unexpected jsonb value type %d", static_cast<int>(v.type));
                    }
                    if (token == WJB_VALUE) first.back() = false;
                    break;
                default:
                    break;
            }
        }
    });
    return out;
}

// Returns the snapshot in argument `n`. A NULL is 22004 rather than an empty
// result (these functions are not STRICT: "no rows" would read as "no
// changes"); a reader error names the argument before the JSON path.
// A text argument is the snapshot file as written (the text overloads): jsonb
// sorts object keys, so only text keeps drizzle's column order for CREATE TABLE.
core::Snapshot snapshot_arg(FunctionCallInfo fcinfo, int n, const char* function, const char* name,
                            bool text_arg = false) {
    if (PG_ARGISNULL(n))
        throw core::Error("22004", std::string("pgkit.") + function + ": " + name + " must not be NULL");
    try {
        return core::read_snapshot(text_arg ? pg::text_arg(fcinfo, n) : jsonb_text(fcinfo, n),
                                   read_options());
    } catch (const core::Error& e) {
        // "pgkit: invalid snapshot: <path>: ..." -> "pgkit.diff: invalid source snapshot: <path>: ..."
        static const std::string reader_prefix = "pgkit: invalid snapshot: ";
        std::string message = e.what();
        std::string head = std::string("pgkit.") + function + ": invalid " + name + " snapshot: ";
        if (message.rfind(reader_prefix, 0) == 0)
            message = head + message.substr(reader_prefix.size());
        else
            message = std::string("pgkit.") + function + ": " + name + " snapshot: " + message;
        throw core::Error(e.sqlstate(), message, e.detail(), e.hint());
    }
}

// Returns the rename hints in argument `n`; NULL means none.
std::vector<std::string> renames_arg(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) return {};
    return pg::text_array_arg(fcinfo, n);
}

// Returns the statements from source to target for pgkit.diff/diff_script.
std::vector<core::Statement> diff_args(FunctionCallInfo fcinfo, const char* function,
                                       bool text_args = false) {
    core::Snapshot source = snapshot_arg(fcinfo, 0, function, "source", text_args);
    core::Snapshot target = snapshot_arg(fcinfo, 1, function, "target", text_args);
    return core::diff(source, target, renames_arg(fcinfo, 2));
}

// Returns (void Datum) after emitting the statements as the rows of a
// materialized set: (seq int, statement text, kind text, hazards text[]).
Datum emit_rows(FunctionCallInfo fcinfo, const std::vector<core::Statement>& statements) {
    pg::call([&] { InitMaterializedSRF(fcinfo, 0); });
    auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
    int seq = 0;
    for (const auto& s : statements) {
        Datum values[4];
        bool nulls[4] = {false, false, false, false};
        values[0] = Int32GetDatum(++seq);
        values[1] = pg::text_datum(s.sql);
        values[2] = pg::text_datum(s.kind);
        values[3] = pg::text_array_datum(s.hazards);
        pg::call([&] { tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls); });
    }
    return static_cast<Datum>(0);
}

// Makes the live snapshot's roles those the target manages. Roles are
// cluster-wide and a drizzle project declares them only when it manages them:
// a role the live side lists (introspection reports the roles policies name)
// but the target does not is left alone, not dropped; a role the target
// declares that already exists is described as it is (one catalog query), so
// it is altered rather than created again. A role renamed by a hint is looked
// up by its old name.
void manage_target_roles_only(core::Snapshot& live, const core::Snapshot& target,
                              const std::vector<std::string>& renames) {
    std::vector<std::string> wanted;
    for (const auto& [name, role] : target.roles) wanted.push_back(name);
    for (const auto& hint : renames)  // "old->new" (roles have one name part)
        if (auto arrow = hint.find("->"); arrow != std::string::npos && target.roles.contains(hint.substr(arrow + 2)))
            wanted.push_back(hint.substr(0, arrow));
    live.roles.clear();
    if (wanted.empty()) return;
    Datum names = pg::text_array_datum(wanted);
    pg::call([&] {
        if (SPI_connect() != SPI_OK_CONNECT)
            ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("pgkit.plan: SPI_connect failed")));
    });
    try {
        Oid argtypes[1] = {TEXTARRAYOID};
        Datum values[1] = {names};
        pg::call([&] {
            int rc = SPI_execute_with_args(
                "SELECT rolname::text, rolcreatedb, rolcreaterole, rolinherit FROM pg_catalog.pg_roles"
                " WHERE rolname = ANY ($1) ORDER BY rolname",
                1, argtypes, values, nullptr, true, 0);
            if (rc != SPI_OK_SELECT)
                ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("pgkit.plan: role query failed")));
        });
        for (uint64 r = 0; r < SPI_processed; ++r) {
            char* name = nullptr;
            bool flags[3] = {false, false, false};
            pg::call([&] {
                HeapTuple tuple = SPI_tuptable->vals[r];
                TupleDesc desc = SPI_tuptable->tupdesc;
                name = SPI_getvalue(tuple, desc, 1);
                for (int i = 0; i < 3; ++i) {
                    bool isnull = false;
                    Datum d = SPI_getbinval(tuple, desc, i + 2, &isnull);
                    flags[i] = !isnull && DatumGetBool(d);
                }
            });
            core::Role role{name, flags[0], flags[1], flags[2]};
            std::string key = role.name;
            live.roles.set(std::move(key), std::move(role));
        }
    } catch (...) {
        pg::call([] { SPI_finish(); });
        throw;
    }
    pg::call([] { SPI_finish(); });
}

}  // namespace

// diff(source jsonb, target jsonb, renames text[]) RETURNS TABLE(seq, statement, kind, hazards).
PGKIT_FUNCTION(pgkit_diff) { return emit_rows(fcinfo, diff_args(fcinfo, "diff")); }

// diff_script(source jsonb, target jsonb, renames text[]) RETURNS text: the
// statements joined by "\n--> statement-breakpoint\n" (a drizzle migration file).
PGKIT_FUNCTION(pgkit_diff_script) {
    return pgkit::pg::text_datum(pgkit::core::diff_script(diff_args(fcinfo, "diff_script")));
}

// diff(source text, target text, renames text[]): the same, reading the
// snapshot files as written (column order kept).
PGKIT_FUNCTION(pgkit_diff_text) { return emit_rows(fcinfo, diff_args(fcinfo, "diff", true)); }

// diff_script(source text, target text, renames text[]): likewise.
PGKIT_FUNCTION(pgkit_diff_script_text) {
    return pgkit::pg::text_datum(pgkit::core::diff_script(diff_args(fcinfo, "diff_script", true)));
}

// Returns the plan rows from the live database to the target in argument 0.
static Datum plan_rows(FunctionCallInfo fcinfo, bool text_arg) {
    using namespace pgkit;
    core::Snapshot target = snapshot_arg(fcinfo, 0, "plan", "target", text_arg);
    std::vector<std::string> renames = renames_arg(fcinfo, 1);
    // The schemas the target manages (public, its own, those of its
    // objects): like drizzle-kit push's schema filter, a schema the target
    // never mentions (an auth or extension schema) is neither read nor dropped.
    core::Snapshot live = pg::introspect_snapshot(core::schemas_to_read(target));
    manage_target_roles_only(live, target, renames);
    // The target's expressions in Postgres' own spelling where they mean the
    // same as the live ones (core/plan_align.hpp); without a scratch build
    // (no CREATE privilege) they compare as written. Then the live policies
    // of the target's standalone ones are listed as standalone too.
    core::Snapshot subset = target.policies.empty()  // inlining copies the target
                                ? core::deparse_subset(target, live)
                                : core::deparse_subset(core::inline_linked_policies(target), live);
    core::Snapshot deparsed;
    if (!subset.tables.empty() || !subset.views.empty())
        if (std::optional<core::Snapshot> built = pg::drift::deparse_expected(subset)) deparsed = std::move(*built);
    core::align_to_live(target, live, deparsed);
    core::detach_linked_tables(live, target);
    return emit_rows(fcinfo, core::diff(live, target, renames));
}

// plan(target jsonb, renames text[]) RETURNS like diff: from the live
// database (the schemas the target manages) to the target.
PGKIT_FUNCTION(pgkit_plan) { return plan_rows(fcinfo, false); }

// plan(target text, renames text[]): the target file as written.
PGKIT_FUNCTION(pgkit_plan_text) { return plan_rows(fcinfo, true); }
