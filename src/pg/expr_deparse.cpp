// The relcache-free expression printer (expr_deparse.hpp).
#include "pg/expr_deparse.hpp"

extern "C" {
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/primnodes.h"
#include "nodes/readfuncs.h"
#include "catalog/pg_type_d.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/ruleutils.h"
}

namespace pgkit::pg {

bool fast_deparse_enabled = true;

void define_deparse_guc() {
    call([] {
        DefineCustomBoolVariable(
            "pgkit.fast_deparse",
            "Print stored expressions without opening their tables (introspect, check_drift).",
            "Off: every CHECK, index expression, index predicate and policy is printed by "
            "Postgres' own pg_get_constraintdef/pg_get_indexdef/pg_get_expr, which open each "
            "table. The output is the same either way; the setting exists for diagnosis.",
            &fast_deparse_enabled, true, PGC_USERSET, 0, nullptr, nullptr, nullptr);
        MarkGUCPrefixReserved("pgkit");
    });
}

namespace {

// Returns true when node contains anything the printer is not known to
// print the same way in both contexts: the allow-list is the node kinds of
// CHECK, index and simple policy expressions; a Var must be a live column of
// the one table (no outer reference, system column or whole-row Var).
// Sub-selects (policies' EXISTS) are left out: their pretty form has line
// breaks, which the two contexts indent differently.
bool unsafe(Node* node, void* context) {
    if (node == nullptr) return false;
    const auto& columns = *static_cast<const std::vector<std::string>*>(context);
    switch (nodeTag(node)) {
        case T_Var: {
            const Var* v = reinterpret_cast<const Var*>(node);
            return v->varno != 1 || v->varlevelsup != 0 || v->varattno <= 0 ||
                   static_cast<std::size_t>(v->varattno) >= columns.size() || columns[v->varattno].empty();
        }
        case T_Const:
        case T_FuncExpr:
        case T_OpExpr:
        case T_DistinctExpr:
        case T_NullIfExpr:
        case T_ScalarArrayOpExpr:
        case T_BoolExpr:
        case T_RelabelType:
        case T_CoerceViaIO:
        case T_ArrayCoerceExpr:
        case T_CollateExpr:
        case T_CaseExpr:
        case T_CaseWhen:
        case T_CaseTestExpr:
        case T_ArrayExpr:
        case T_CoalesceExpr:
        case T_MinMaxExpr:
        case T_SQLValueFunction:
        case T_NullTest:
        case T_BooleanTest:
        case T_SubscriptingRef:
        case T_List:
            return expression_tree_walker(node, reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)()>(unsafe)), context);
        default:
            return true;
    }
}

// Returns whether the top node prints differently as a SELECT target than as
// a bare expression: a target is printed with showimplicit = true (an
// implicit cast on top would show) and a bare Var through get_variable().
bool unsafe_on_top(const Node* node) {
    switch (nodeTag(node)) {
        case T_Var:
            return true;
        case T_RelabelType:
            return reinterpret_cast<const RelabelType*>(node)->relabelformat == COERCE_IMPLICIT_CAST;
        case T_CoerceViaIO:
            return reinterpret_cast<const CoerceViaIO*>(node)->coerceformat == COERCE_IMPLICIT_CAST;
        case T_ArrayCoerceExpr:
            return reinterpret_cast<const ArrayCoerceExpr*>(node)->coerceformat == COERCE_IMPLICIT_CAST;
        case T_FuncExpr:
            return reinterpret_cast<const FuncExpr*>(node)->funcformat == COERCE_IMPLICIT_CAST;
        default:
            return false;
    }
}

// Returns " SELECT <expr>" as pg_get_querydef(pretty) prints a one-target
// SELECT without FROM whose range table holds one entry named relname with
// the given column names. The entry is a function RTE without functions:
// ruleutils then takes its column names from eref (a relation RTE would be
// opened). Runs inside pg::call.
char* print_target(Node* expr, const char* relname, List* colnames) {
    RangeTblEntry* rte = makeNode(RangeTblEntry);
    rte->rtekind = RTE_FUNCTION;
    rte->functions = NIL;
    rte->alias = makeAlias(relname, NIL);
    rte->eref = makeAlias(relname, colnames);
    rte->inFromCl = false;
    Query* q = makeNode(Query);
    q->commandType = CMD_SELECT;
    q->querySource = QSRC_ORIGINAL;
    q->canSetTag = true;
    q->rtable = list_make1(rte);
    q->jointree = makeFromExpr(NIL, nullptr);
    q->targetList = list_make1(makeTargetEntry(reinterpret_cast<Expr*>(expr), 1, nullptr, false));
    return pg_get_querydef(q, true);
}

}  // namespace

std::optional<std::vector<std::string>> ExprDeparser::print(std::string_view tree, const std::string& relname,
                                                           const std::vector<std::string>& columns, Form form) {
    if (!fast_deparse_enabled) return std::nullopt;
    // Printed texts, each NUL-terminated in one palloc'd block of the
    // temporary context (no C++ object may live inside pg::call).
    constexpr std::string_view kPrefix = " SELECT ";
    MemoryContext scratch = nullptr;
    List* printed = NIL;
    bool ok = true;
    std::string tree_text(tree);
    const char* tree_c = tree_text.c_str();
    const char* rel_c = relname.c_str();
    const std::vector<std::string>* cols = &columns;
    call([&] {
        scratch = AllocSetContextCreate(CurrentMemoryContext, "pgkit deparse", ALLOCSET_SMALL_SIZES);
        MemoryContext old = MemoryContextSwitchTo(scratch);
        Node* node = static_cast<Node*>(stringToNode(tree_c));
        List* exprs = IsA(node, List) ? reinterpret_cast<List*>(node) : list_make1(node);
        List* colnames = NIL;
        for (std::size_t i = 1; i < cols->size(); ++i) colnames = lappend(colnames, makeString(pstrdup((*cols)[i].c_str())));
        ListCell* lc;
        foreach (lc, exprs) {
            Node* e = static_cast<Node*>(lfirst(lc));
            if (unsafe(e, const_cast<std::vector<std::string>*>(cols)) || unsafe_on_top(e)) {
                ok = false;
                break;
            }
            bool parens = false;
            if (form == Form::IndexColumn) {
                // pg_get_indexdef's rule (ruleutils' looks_like_function):
                // what the grammar accepts as a function call stays bare,
                // anything else is put in parentheses.
                if (IsA(e, FuncExpr)) {
                    CoercionForm f = reinterpret_cast<FuncExpr*>(e)->funcformat;
                    parens = f != COERCE_EXPLICIT_CALL && f != COERCE_SQL_SYNTAX;
                } else {
                    parens = !(IsA(e, NullIfExpr) || IsA(e, CoalesceExpr) || IsA(e, MinMaxExpr) ||
                               IsA(e, SQLValueFunction));
                }
            }
            char* s = print_target(e, rel_c, colnames);
            // A line break means an indented construct (CASE): the SELECT
            // indents it one level deeper than the bare printer.
            if (strncmp(s, kPrefix.data(), kPrefix.size()) != 0 || strchr(s, '\n') != nullptr) {
                ok = false;
                break;
            }
            printed = lappend(printed, psprintf(parens ? "(%s)" : "%s", s + kPrefix.size()));
        }
        MemoryContextSwitchTo(old);
    });
    std::optional<std::vector<std::string>> out;
    if (ok) {
        out.emplace();
        ListCell* lc;
        foreach (lc, printed) out->emplace_back(static_cast<const char*>(lfirst(lc)));
    }
    call([&] { MemoryContextDelete(scratch); });
    return out;
}

std::optional<std::string> ExprDeparser::view_definition(std::string_view action,
                                                         const std::vector<std::string>& columns) {
    if (!fast_deparse_enabled || action.empty()) return std::nullopt;
    std::string tree_text(action);
    const char* tree_c = tree_text.c_str();
    const std::vector<std::string>* cols = &columns;
    MemoryContext scratch = nullptr;
    char* printed = nullptr;
    call([&] {
        scratch = AllocSetContextCreate(CurrentMemoryContext, "pgkit viewdef", ALLOCSET_DEFAULT_SIZES);
        MemoryContext old = MemoryContextSwitchTo(scratch);
        Node* node = static_cast<Node*>(stringToNode(tree_c));
        // make_viewdef's own conditions: one SELECT action.
        if (IsA(node, List) && list_length(reinterpret_cast<List*>(node)) == 1 &&
            IsA(linitial(reinterpret_cast<List*>(node)), Query)) {
            Query* q = static_cast<Query*>(linitial(reinterpret_cast<List*>(node)));
            // pg_get_viewdef names the output columns from the view's
            // descriptor, pg_get_querydef from the query: the same text when
            // they agree, column by column.
            bool same = q->commandType == CMD_SELECT;
            std::size_t colno = 0;
            ListCell* lc;
            foreach (lc, q->targetList) {
                TargetEntry* tle = static_cast<TargetEntry*>(lfirst(lc));
                if (tle->resjunk) continue;
                ++colno;
                if (!same || colno >= cols->size() || tle->resname == nullptr ||
                    (*cols)[colno] != tle->resname) {
                    same = false;
                    break;
                }
            }
            if (same && colno + 1 == cols->size()) printed = psprintf("%s;", pg_get_querydef(q, true));
        }
        MemoryContextSwitchTo(old);
    });
    std::optional<std::string> out;
    if (printed) out.emplace(printed);
    call([&] { MemoryContextDelete(scratch); });
    return out;
}

namespace {

// Returns the text of a text datum returned by a printer.
std::string from_text(Datum d) {
    char* s = nullptr;
    call([&] { s = text_to_cstring(DatumGetTextPP(d)); });
    std::string out(s);
    call([&] { pfree(s); });
    return out;
}

}  // namespace

std::string postgres_expr(std::string_view tree, std::uint32_t relid) {
    std::string t(tree);
    const char* c = t.c_str();
    Datum d = 0;
    call([&] {
        elog(DEBUG1, "pgkit: expression over relation %u printed by pg_get_expr", relid);
        d = DirectFunctionCall3(pg_get_expr_ext, PointerGetDatum(cstring_to_text(c)), ObjectIdGetDatum(relid),
                                BoolGetDatum(true));
    });
    return from_text(d);
}

std::string postgres_default(std::string_view tree) {
    std::string t(tree);
    const char* c = t.c_str();
    Datum d = 0;
    call([&] { d = DirectFunctionCall2(pg_get_expr, PointerGetDatum(cstring_to_text(c)), ObjectIdGetDatum(InvalidOid)); });
    return from_text(d);
}

std::uint32_t nextval_sequence(std::string_view tree) {
    std::string t(tree);
    const char* c = t.c_str();
    Oid seq = InvalidOid;
    call([&] {
        Node* node = static_cast<Node*>(stringToNode(c));
        // serial and smallserial: nextval() under an implicit cast to the
        // column's type, which pg_get_expr does not print either
        while (IsA(node, FuncExpr) && reinterpret_cast<FuncExpr*>(node)->funcformat == COERCE_IMPLICIT_CAST &&
               list_length(reinterpret_cast<FuncExpr*>(node)->args) == 1)
            node = static_cast<Node*>(linitial(reinterpret_cast<FuncExpr*>(node)->args));
        if (IsA(node, FuncExpr) && reinterpret_cast<FuncExpr*>(node)->funcid == F_NEXTVAL &&
            list_length(reinterpret_cast<FuncExpr*>(node)->args) == 1) {
            Node* arg = static_cast<Node*>(linitial(reinterpret_cast<FuncExpr*>(node)->args));
            if (IsA(arg, Const) && reinterpret_cast<Const*>(arg)->consttype == REGCLASSOID &&
                !reinterpret_cast<Const*>(arg)->constisnull)
                seq = DatumGetObjectId(reinterpret_cast<Const*>(arg)->constvalue);
        }
    });
    return seq;
}

std::string postgres_type(std::uint32_t type, std::int32_t typmod) {
    Datum d = 0;
    call([&] { d = DirectFunctionCall2(format_type, ObjectIdGetDatum(type), Int32GetDatum(typmod)); });
    return from_text(d);
}

std::string postgres_viewdef(std::uint32_t oid) {
    Datum d = 0;
    call([&] {
        elog(DEBUG1, "pgkit: view %u printed by pg_get_viewdef", oid);
        d = DirectFunctionCall2(pg_get_viewdef_ext, ObjectIdGetDatum(oid), BoolGetDatum(true));
    });
    return from_text(d);
}

std::string postgres_constraintdef(std::uint32_t oid) {
    Datum d = 0;
    call([&] {
        elog(DEBUG1, "pgkit: constraint %u printed by pg_get_constraintdef", oid);
        d = DirectFunctionCall2(pg_get_constraintdef_ext, ObjectIdGetDatum(oid), BoolGetDatum(true));
    });
    return from_text(d);
}

std::string postgres_index_column(std::uint32_t indexrelid, int column) {
    Datum d = 0;
    call([&] {
        elog(DEBUG1, "pgkit: index %u column %d printed by pg_get_indexdef", indexrelid, column);
        d = DirectFunctionCall3(pg_get_indexdef_ext, ObjectIdGetDatum(indexrelid), Int32GetDatum(column),
                                BoolGetDatum(true));
    });
    return from_text(d);
}

}  // namespace pgkit::pg
