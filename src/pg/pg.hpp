// The bridge between C++ and PostgreSQL (DESIGN.md §2), and the small glue
// helpers every SQL-callable function uses.
//
//  * PGKIT_FUNCTION(name) declares a SQL-callable function whose body runs in
//    pg::guard(): any C++ exception becomes ereport(ERROR) with its SQLSTATE,
//    after every destructor ran. Nobody writes the unguarded form by hand.
//  * pg::call(f) runs Postgres code that may ereport(ERROR); the longjmp is
//    turned into a pg::PgError exception after CurrentMemoryContext, the
//    exception stack and error_context_stack are restored (PG_TRY does that).
//    f must not hold objects with non-trivial destructors.
//  * pg::call_in_subxact(f) does the same inside an internal subtransaction,
//    so the caller may catch the error and go on.
#pragma once

// std/Boost/fmt headers FIRST: postgres.h #defines printf, snprintf, _(),
// Max/Min, foreach... which would otherwise leak into them.
#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

// Only the SQL entry points (and the magic block) are exported from pgkit.so;
// everything else, embedded Boost and fmt included, stays hidden.
#define PGDLLEXPORT __attribute__((visibility("default")))
extern "C" {
#include "postgres.h"
#include "fmgr.h"
#include "access/xact.h"
#include "utils/elog.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
}

namespace pgkit::pg {

// A PostgreSQL ERROR captured by pg::call(), copied into C++ strings (no
// pointer into palloc'd memory survives).
class PgError : public std::exception {
public:
    explicit PgError(const ErrorData* e);
    const char* what() const noexcept override { return message_.c_str(); }
    int sqlerrcode() const noexcept { return sqlerrcode_; }
    const std::string& detail() const noexcept { return detail_; }
    const std::string& hint() const noexcept { return hint_; }
    const std::string& context() const noexcept { return context_; }

private:
    int sqlerrcode_;
    std::string message_, detail_, hint_, context_;
};

namespace detail {
ErrorData* capture_error(MemoryContext into);
[[noreturn]] void throw_captured(ErrorData* e);
[[noreturn]] void raise(int code, const char* msg, const char* detail, const char* hint);
int sqlstate_code(const std::string& sqlstate) noexcept;
}  // namespace detail

// ereport -> C++ (see the header comment). Without a subtransaction the
// failed operation's resources are released only when the transaction
// aborts, so the error must propagate (guard() re-raises it).
template <typename F>
void call(F&& f) {
    MemoryContext oldcxt = CurrentMemoryContext;
    ErrorData* volatile edata = nullptr;
    std::exception_ptr cpp_exc;
    PG_TRY();
    {
        try {
            f();
        } catch (...) {
            cpp_exc = std::current_exception();
        }
    }
    PG_CATCH();
    {
        edata = detail::capture_error(oldcxt);
    }
    PG_END_TRY();
    if (edata) detail::throw_captured(edata);
    if (cpp_exc) std::rethrow_exception(cpp_exc);
}

// Like call(), inside an internal subtransaction (what plpgsql's EXCEPTION
// blocks do): on error the subtransaction is rolled back and the caller may
// catch PgError and continue.
template <typename F>
void call_in_subxact(F&& f) {
    MemoryContext oldcxt = CurrentMemoryContext;
    ResourceOwner oldowner = CurrentResourceOwner;
    ErrorData* volatile edata = nullptr;
    std::exception_ptr cpp_exc;
    BeginInternalSubTransaction(nullptr);
    MemoryContextSwitchTo(oldcxt);
    PG_TRY();
    {
        try {
            f();
        } catch (...) {
            cpp_exc = std::current_exception();
        }
        if (cpp_exc)
            RollbackAndReleaseCurrentSubTransaction();
        else
            ReleaseCurrentSubTransaction();
        MemoryContextSwitchTo(oldcxt);
        CurrentResourceOwner = oldowner;
    }
    PG_CATCH();
    {
        edata = detail::capture_error(oldcxt);
        RollbackAndReleaseCurrentSubTransaction();
        MemoryContextSwitchTo(oldcxt);
        CurrentResourceOwner = oldowner;
    }
    PG_END_TRY();
    if (edata) detail::throw_captured(edata);
    if (cpp_exc) std::rethrow_exception(cpp_exc);
}

// C++ -> ereport: runs a SQL-callable body. The message is copied into stack
// buffers inside the catch, the catch is left (the exception object is
// destroyed), and only then does ereport longjmp.
template <typename F>
Datum guard(FunctionCallInfo fcinfo, F&& body) noexcept {
    int code = ERRCODE_INTERNAL_ERROR;
    char msg[2048], det[8192], hnt[1024];
    msg[0] = det[0] = hnt[0] = '\0';
    try {
        return body(fcinfo);
    } catch (const PgError& e) {
        code = e.sqlerrcode();
        strlcpy(msg, e.what(), sizeof msg);
        strlcpy(det, e.detail().c_str(), sizeof det);
        strlcpy(hnt, e.hint().c_str(), sizeof hnt);
    } catch (const core::Error& e) {
        code = detail::sqlstate_code(e.sqlstate());
        strlcpy(msg, e.what(), sizeof msg);
        strlcpy(det, e.detail().c_str(), sizeof det);
        strlcpy(hnt, e.hint().c_str(), sizeof hnt);
    } catch (const std::bad_alloc&) {
        code = ERRCODE_OUT_OF_MEMORY;
        strlcpy(msg, "pgkit: out of memory (C++ allocation failed)", sizeof msg);
    } catch (const std::exception& e) {
        strlcpy(msg, e.what(), sizeof msg);
    } catch (...) {
        strlcpy(msg, "pgkit: unknown C++ exception", sizeof msg);
    }
    detail::raise(code, msg, det, hnt);
}

// --- glue helpers (all guarded internally) ---------------------------------

// Returns argument `n` (text) as a std::string.
std::string text_arg(FunctionCallInfo fcinfo, int n);
// Returns argument `n` (jsonb) serialised as JSON text.
std::string jsonb_arg(FunctionCallInfo fcinfo, int n);
// Returns argument `n` (text[]) as strings; NULL elements are an error.
std::vector<std::string> text_array_arg(FunctionCallInfo fcinfo, int n);
// Returns a text Datum in the current memory context.
Datum text_datum(const std::string& s);
// Returns a jsonb Datum parsed from JSON text.
Datum jsonb_datum(const std::string& json);
// Returns a text[] Datum.
Datum text_array_datum(const std::vector<std::string>& items);
// Raises a NOTICE (guarded).
void notice(const std::string& message);
// Runs CHECK_FOR_INTERRUPTS; a cancel arrives as a PgError.
void check_interrupts();

}  // namespace pgkit::pg

// Declares the SQL-callable function `name`; the braces that follow are its
// body, run inside pg::guard with `fcinfo` in scope.
#define PGKIT_FUNCTION(name)                                                      \
    static Datum name##_body(FunctionCallInfo fcinfo);                            \
    extern "C" {                                                                  \
    PG_FUNCTION_INFO_V1(name);                                                    \
    }                                                                             \
    extern "C" PGDLLEXPORT Datum name(PG_FUNCTION_ARGS) {                         \
        return ::pgkit::pg::guard(fcinfo, name##_body);                           \
    }                                                                             \
    static Datum name##_body(FunctionCallInfo fcinfo)
