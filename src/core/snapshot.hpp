// Reading and writing drizzle-kit's Postgres snapshot v7 (Boost.JSON).
// Errors are Error(22023) whose message names the JSON path, e.g.
// `tables."public.users".columns.id.type: expected a string`.
#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "model.hpp"

namespace pgkit::core {

struct ReadOptions {
    // A snapshot describes a database: names over 63 bytes are mapped the way
    // Postgres stores them (truncated at a character boundary) and reported
    // through `notice`; two names colliding after truncation are Error 42710.
    // false = keep names as written (the emitters validate strictly instead).
    bool truncate_long_names = true;
    std::function<void(const std::string&)> notice;  // may be empty
};

// Returns the snapshot a v7 JSON document describes.
Snapshot read_snapshot(std::string_view json, const ReadOptions& options = {});

// Returns one table object of a snapshot (`tables[k]`), for the emitters.
Table read_table(std::string_view json, const ReadOptions& options = {});
// Returns one enum object (`enums[k]`).
Enum read_enum(std::string_view json, const ReadOptions& options = {});

struct WriteOptions {
    bool drizzle_only = false;  // omit every pgkit extra (drizzle-kit's strict parser)
};

// Returns the snapshot as a v7 JSON document (compact).
std::string write_snapshot(const Snapshot& snapshot, const WriteOptions& options = {});

// The events of a JSON document, in document order: what write_snapshot
// produces, for a consumer that builds another representation than text
// (pgkit.introspect builds its jsonb value directly, without printing and
// re-parsing 3 MB of JSON at 1,000 tables). Strings are passed as views
// into the snapshot, which outlives the writing.
class JsonSink {
public:
    virtual ~JsonSink() = default;
    virtual void begin_object() = 0;
    virtual void end_object() = 0;
    virtual void begin_array() = 0;
    virtual void end_array() = 0;
    // An object member's key; its value follows.
    virtual void key(std::string_view k) = 0;
    virtual void string(std::string_view v) = 0;
    virtual void boolean(bool v) = 0;
    // A JSON number, as its (valid) JSON text.
    virtual void number(std::string_view text) = 0;
    virtual void null() = 0;
    // A complete JSON value given as text (already validated); by default
    // parsed and replayed as events.
    virtual void json_text(std::string_view text);
};

// Writes the snapshot's v7 document as events into sink.
void write_snapshot(const Snapshot& snapshot, JsonSink& sink, const WriteOptions& options = {});

}  // namespace pgkit::core

#include "cpp_only.hpp"
