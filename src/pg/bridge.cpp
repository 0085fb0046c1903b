// The error bridge's out-of-line parts, the module magic, and the Datum
// conversion helpers shared by every glue file.
#include <string>
#include <vector>

#include "core/interrupt.hpp"
#include "pg/expr_deparse.hpp"
#include "pg/pg.hpp"

extern "C" {
#include "catalog/pg_type_d.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"

PG_MODULE_MAGIC;
PGDLLEXPORT void _PG_init(void);
}

namespace pgkit::pg {

PgError::PgError(const ErrorData* e)
    : sqlerrcode_(e->sqlerrcode),
      message_(e->message ? e->message : "unknown PostgreSQL error"),
      detail_(e->detail ? e->detail : ""),
      hint_(e->hint ? e->hint : ""),
      context_(e->context ? e->context : "") {}

namespace detail {

ErrorData* capture_error(MemoryContext into) {
    MemoryContextSwitchTo(into);
    ErrorData* e = CopyErrorData();
    FlushErrorState();
    return e;
}

void throw_captured(ErrorData* e) {
    PgError err(e);  // copy into C++ strings, then release the palloc'd copy
    FreeErrorData(e);
    throw err;
}

void raise(int code, const char* msg, const char* det, const char* hnt) {
    ereport(ERROR, (errcode(code), errmsg_internal("%s", msg),
                    det[0] ? errdetail_internal("%s", det) : 0, hnt[0] ? errhint("%s", hnt) : 0));
    pg_unreachable();
}

int sqlstate_code(const std::string& s) noexcept {
    if (s.size() != 5) return ERRCODE_INTERNAL_ERROR;
    return MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
}

}  // namespace detail

std::string text_arg(FunctionCallInfo fcinfo, int n) {
    char* p = nullptr;
    int len = 0;
    call([&] {
        text* t = PG_GETARG_TEXT_PP(n);
        p = VARDATA_ANY(t);
        len = VARSIZE_ANY_EXHDR(t);
    });
    return std::string(p, static_cast<std::size_t>(len));
}

std::string jsonb_arg(FunctionCallInfo fcinfo, int n) {
    char* s = nullptr;
    call([&] {
        Jsonb* jb = PG_GETARG_JSONB_P(n);
        s = JsonbToCString(nullptr, &jb->root, VARSIZE(jb));
    });
    std::string out(s);
    call([&] { pfree(s); });
    return out;
}

std::vector<std::string> text_array_arg(FunctionCallInfo fcinfo, int n) {
    Datum* elems = nullptr;
    bool* nulls = nullptr;
    int count = 0;
    call([&] {
        ArrayType* arr = PG_GETARG_ARRAYTYPE_P(n);
        if (ARR_NDIM(arr) > 1)
            ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                            errmsg("pgkit: expected a one-dimensional text[]")));
        deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);
    });
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        if (nulls[i])
            throw core::Error(core::sqlstate::invalid_parameter,
                              "pgkit: array argument contains a NULL element");
        text* t = reinterpret_cast<text*>(DatumGetPointer(elems[i]));
        out.emplace_back(VARDATA_ANY(t), static_cast<std::size_t>(VARSIZE_ANY_EXHDR(t)));
    }
    return out;
}

Datum text_datum(const std::string& s) {
    Datum d = 0;
    call([&] { d = PointerGetDatum(cstring_to_text_with_len(s.data(), static_cast<int>(s.size()))); });
    return d;
}

Datum jsonb_datum(const std::string& json) {
    Datum d = 0;
    call([&] { d = DirectFunctionCall1(jsonb_in, CStringGetDatum(json.c_str())); });
    return d;
}

Datum text_array_datum(const std::vector<std::string>& items) {
    Datum result = 0;
    std::vector<Datum> elems(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) elems[i] = text_datum(items[i]);
    Datum* data = elems.data();
    int count = static_cast<int>(elems.size());
    call([&] {
        result = PointerGetDatum(construct_array(data, count, TEXTOID, -1, false, TYPALIGN_INT));
    });
    return result;
}

void notice(const std::string& message) {
    const char* m = message.c_str();
    call([&] { ereport(NOTICE, (errmsg_internal("%s", m))); });
}

void check_interrupts() {
    call([] { CHECK_FOR_INTERRUPTS(); });
}

}  // namespace pgkit::pg

void _PG_init(void) {
    pgkit::core::set_interrupt_hook(&pgkit::pg::check_interrupts);
    // No C++ object may be alive when ereport longjmps: the message is
    // copied into static storage first.
    static char failure[256];
    failure[0] = '\0';
    try {
        pgkit::pg::define_deparse_guc();
    } catch (const std::exception& e) {
        strlcpy(failure, e.what(), sizeof failure);
    }
    if (failure[0] != '\0') ereport(ERROR, (errmsg_internal("pgkit: %s", failure)));
}
