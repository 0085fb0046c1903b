// SPI cursors and result batches for the catalog reader (catalog_rows.hpp).
#include "pg/catalog_rows.hpp"

#include <cstring>

extern "C" {
#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
}

namespace pgkit::pg {
namespace {

// "t"/"f" and one-character strings ("char" columns), shared by every batch.
const char* const kTrue = "t";
const char* const kFalse = "f";
struct Chars {
    char c[256][2];
    Chars() {
        for (int i = 0; i < 256; ++i) {
            c[i][0] = static_cast<char>(i);
            c[i][1] = '\0';
        }
    }
};
const Chars kChars;

}  // namespace

Rows::~Rows() {
    if (!cxt_ && !tuptable_) return;
    MemoryContext m = cxt_;
    SPITupleTable* tt = tuptable_;
    cxt_ = nullptr;
    tuptable_ = nullptr;
    try {
        call([&] {
            if (tt) SPI_freetuptable(tt);
            if (m) MemoryContextDelete(m);
        });
    } catch (...) {
    }
}

void Rows::take_spi_result() {
    call([&] {
        cxt_ = AllocSetContextCreate(CurrentMemoryContext, "pgkit introspect rows",
                                     ALLOCSET_DEFAULT_SIZES);
        MemoryContext old = MemoryContextSwitchTo(cxt_);
        tuptable_ = SPI_tuptable;
        TupleDesc desc = tuptable_->tupdesc;
        nrows = static_cast<int>(SPI_processed);
        ncols = desc->natts;
        cells_ =
            static_cast<Cell*>(palloc(sizeof(Cell) * (static_cast<size_t>(nrows) * ncols + 1)));
        // Integers are printed here (int8out's digits) rather than by their
        // output functions: no fmgr call nor palloc per cell. Each integer
        // column gets a 21-byte slot per row, the others none (a slot for
        // every cell touched ~1 MB per batch for nothing).
        int slot_of[MaxTupleAttributeNumber];
        int int_columns = 0;
        for (int c = 0; c < ncols && c < MaxTupleAttributeNumber; ++c) {
            Oid t = TupleDescAttr(desc, c)->atttypid;
            slot_of[c] = (t == OIDOID || t == INT2OID || t == INT4OID || t == INT8OID) ? int_columns++ : -1;
        }
        char* digits = nullptr;
        Datum* values = static_cast<Datum*>(palloc(sizeof(Datum) * ncols));
        bool* nulls = static_cast<bool*>(palloc(sizeof(bool) * ncols));
        for (int r = 0; r < nrows; ++r) {
            if ((r & 1023) == 0) CHECK_FOR_INTERRUPTS();
            HeapTuple tuple = tuptable_->vals[r];
            // One pass over the tuple (heap_getattr per cell walks it again
            // for every column after a variable-length one).
            heap_deform_tuple(tuple, desc, values, nulls);
            for (int c = 0; c < ncols; ++c) {
                Cell& cell = cells_[r * ncols + c];
                Datum d = values[c];
                if (nulls[c]) {
                    cell = Cell{nullptr, 0};
                    continue;
                }
                std::int64_t n = 0;
                switch (TupleDescAttr(desc, c)->atttypid) {
                    case BOOLOID:
                        cell = Cell{DatumGetBool(d) ? kTrue : kFalse, 1};
                        continue;
                    case CHAROID: {
                        unsigned char ch = static_cast<unsigned char>(DatumGetChar(d));
                        cell = Cell{kChars.c[ch], ch ? 1u : 0u};
                        continue;
                    }
                    case NAMEOID: {
                        const char* s = NameStr(*DatumGetName(d));
                        cell = Cell{s, static_cast<std::uint32_t>(strnlen(s, NAMEDATALEN))};
                        continue;
                    }
                    case TEXTOID:
                    case VARCHAROID:
                    case PG_NODE_TREEOID: {
                        struct varlena* v = pg_detoast_datum_packed(
                            reinterpret_cast<struct varlena*>(DatumGetPointer(d)));
                        cell =
                            Cell{VARDATA_ANY(v), static_cast<std::uint32_t>(VARSIZE_ANY_EXHDR(v))};
                        continue;
                    }
                    case OIDOID:
                        n = DatumGetObjectId(d);
                        break;
                    case INT2OID:
                        n = DatumGetInt16(d);
                        break;
                    case INT4OID:
                        n = DatumGetInt32(d);
                        break;
                    case INT8OID:
                        n = DatumGetInt64(d);
                        break;
                    default: {
                        Oid out = InvalidOid;
                        bool varlena = false;
                        getTypeOutputInfo(TupleDescAttr(desc, c)->atttypid, &out, &varlena);
                        char* s = OidOutputFunctionCall(out, d);
                        cell = Cell{s, static_cast<std::uint32_t>(std::strlen(s))};
                        continue;
                    }
                }
                if (!digits)
                    digits = static_cast<char*>(
                        palloc(static_cast<size_t>(nrows) * static_cast<size_t>(int_columns) * 21 + 1));
                char* p = digits + (static_cast<size_t>(r) * static_cast<size_t>(int_columns) +
                                    static_cast<size_t>(slot_of[c])) * 21;
                auto res = std::to_chars(p, p + 21, n);
                cell = Cell{p, static_cast<std::uint32_t>(res.ptr - p)};
            }
        }
        MemoryContextSwitchTo(old);
    });
}

Cursor::Cursor(const char* sql, const Params& params) {
    call([&] {
        Oid argtypes[3] = {TEXTARRAYOID, OIDARRAYOID, OIDARRAYOID};
        Datum values[3] = {params.schemas, params.scope_schemas, params.scope_relations};
        char nulls[3] = {params.schemas ? ' ' : 'n', params.scope_schemas ? ' ' : 'n',
                         params.scope_relations ? ' ' : 'n'};
        portal_ = SPI_cursor_open_with_args(nullptr, sql, 3, argtypes, values, nulls, true, 0);
    });
}

Cursor::~Cursor() {
    if (!portal_) return;
    Portal p = portal_;
    try {
        call([&] { SPI_cursor_close(p); });
    } catch (...) {
    }
}

bool Cursor::fetch(Rows& rows) {
    std::uint64_t n = 0;
    Portal p = portal_;
    call([&] {
        SPI_cursor_fetch(p, true, 4096);
        n = SPI_processed;
        if (n == 0) SPI_freetuptable(SPI_tuptable);
    });
    if (n == 0) return false;
    rows.take_spi_result();
    return true;
}

SpiSession::SpiSession() {
    call([] {
        if (SPI_connect() != SPI_OK_CONNECT)
            ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("pgkit: SPI_connect failed")));
    });
}

SpiSession::~SpiSession() {
    try {
        call([] { SPI_finish(); });
    } catch (...) {
    }
}

PinnedSettings::PinnedSettings() {
    call([&] {
        level = NewGUCNestLevel();
        // jit: compiling these catalog queries costs more than running them.
        // cursor_tuple_fraction: every row is fetched, plan for the total.
        const char* names[] = {"search_path",        "datestyle", "intervalstyle",
                               "extra_float_digits", "jit",       "cursor_tuple_fraction"};
        const char* values[] = {"pg_catalog, pg_temp", "ISO, MDY", "postgres", "1", "off", "1"};
        for (int i = 0; i < 6; ++i)
            (void)set_config_option(names[i], values[i], PGC_USERSET, PGC_S_SESSION,
                                    GUC_ACTION_SAVE, true, 0, false);
    });
}

PinnedSettings::~PinnedSettings() {
    try {
        int l = level;
        call([&] { AtEOXact_GUC(true, l); });
    } catch (...) {
    }
}

}  // namespace pgkit::pg
