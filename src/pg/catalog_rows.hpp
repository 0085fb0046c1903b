// Reading catalog query results through SPI for pgkit.introspect(): a
// read-only cursor fetched in batches, each batch's cells exposed as
// string views without the output-function round trip for the common
// catalog types (name, text, "char", bool, oid, int2/4/8).
#pragma once
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "pg/pg.hpp"

extern "C" {
#include "executor/spi.h"
}

namespace pgkit::pg {

// One batch of a query's rows. A cell is a view of the value's text (nullptr
// data = SQL NULL) that lives as long as the batch: it points into the SPI
// tuple table (names, texts) or into the batch's own memory context.
class Rows {
public:
    Rows() = default;
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;
    ~Rows();

    int nrows = 0, ncols = 0;

    std::string_view at(int r, int c) const {
        const Cell& x = cells_[r * ncols + c];
        return x.data ? std::string_view(x.data, x.len) : std::string_view();
    }
    bool null(int r, int c) const { return cells_[r * ncols + c].data == nullptr; }
    bool flag(int r, int c) const { return at(r, c) == "t"; }
    std::string str(int r, int c) const { return std::string(at(r, c)); }
    std::uint32_t oid(int r, int c) const { return number<std::uint32_t>(r, c); }
    std::int64_t integer(int r, int c) const { return number<std::int64_t>(r, c); }
    char ch(int r, int c) const {
        auto s = at(r, c);
        return s.empty() ? '\0' : s[0];
    }

    // Takes the tuples SPI just returned (SPI_tuptable, SPI_processed).
    void take_spi_result();

private:
    struct Cell {
        const char* data;
        std::uint32_t len;
    };
    template <typename T>
    T number(int r, int c) const {
        T v = 0;
        auto s = at(r, c);
        std::from_chars(s.data(), s.data() + s.size(), v);
        return v;
    }
    Cell* cells_ = nullptr;
    SPITupleTable* tuptable_ = nullptr;
    MemoryContext cxt_ = nullptr;
};

// A read-only cursor over one catalog query with parameters $1 text[] (the
// schema filter, NULL = every user schema), $2 oid[] and $3 oid[] (the
// scope's schemas and relations; 0 when not known yet).
class Cursor {
public:
    struct Params {
        Datum schemas = 0;  // 0 = NULL
        Datum scope_schemas = 0, scope_relations = 0;
    };
    Cursor(const char* sql, const Params& params);
    ~Cursor();
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;
    // Fetches the next batch into rows; false when the query is exhausted.
    bool fetch(Rows& rows);

private:
    Portal portal_ = nullptr;
};

// SPI_connect for the duration of one introspection (nests inside callers
// that are connected already).
struct SpiSession {
    SpiSession();
    ~SpiSession();
    SpiSession(const SpiSession&) = delete;
    SpiSession& operator=(const SpiSession&) = delete;
};

// The deparsers print constants through output functions: pins the settings
// that change their text (and the search_path that decides qualification)
// for one introspection only, like a function's SET clause does.
struct PinnedSettings {
    PinnedSettings();
    ~PinnedSettings();
    PinnedSettings(const PinnedSettings&) = delete;
    PinnedSettings& operator=(const PinnedSettings&) = delete;
    int level = 0;
};

}  // namespace pgkit::pg
