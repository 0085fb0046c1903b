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

}  // namespace pgkit::core

#include "cpp_only.hpp"
