// The JSON-walking half of the snapshot reader: the current path (for
// errors that name it), typed accessors that fail with 22023 at that path,
// strict key checks, and identifier mapping with truncation and collision
// detection. Internal to src/core (snapshot_read.cpp builds on it).
#pragma once
#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "error.hpp"
#include "ident.hpp"
#include "snapshot.hpp"

namespace pgkit::core::snapshot_detail {

namespace json = boost::json;

inline constexpr std::size_t max_json_depth = 64;

// One path segment: an object key or an array index (no allocation).
struct Segment {
    std::string_view key;
    std::size_t index = 0;
    bool is_index = false;
};

// Returns the key as it appears in a path: bare when it is a plain
// identifier, otherwise double-quoted with `"` and `\` escaped.
std::string path_key(std::string_view key);

// A namespace in which names must stay distinct after truncation: maps the
// stored (possibly truncated) name to the name as written.
using Namespace = std::unordered_map<std::string, std::string>;

class JsonReader {
public:
    // check_collisions: register every name in its namespace. That costs a
    // hash insert per name, so the first pass skips it and the caller reruns
    // with it only when some name was actually truncated (a collision needs one).
    JsonReader(const ReadOptions& options, bool check_collisions)
        : opt_(options), check_(check_collisions) {}
    bool truncated_any() const { return truncated_any_; }

    // Returns the dotted path of the current position ("" at the root).
    std::string path() const {
        std::string out;
        for (std::size_t i = 0; i < depth_; ++i) {
            const Segment& s = path_[i];
            if (s.is_index) {
                out += '[' + std::to_string(s.index) + ']';
                continue;
            }
            if (!out.empty()) out += '.';
            out += path_key(s.key);
        }
        return out;
    }

    [[noreturn]] void fail(std::string_view what) const {
        std::string p = path();
        std::string msg = "pgkit: invalid snapshot: ";
        if (!p.empty()) msg += p + ": ";
        msg += what;
        throw Error(sqlstate::invalid_parameter, msg, p.empty() ? "" : "JSON path: " + p);
    }

    // RAII path push.
    struct At {
        JsonReader& r;
        At(JsonReader& reader, std::string_view key) : r(reader) { r.path_[r.depth_++] = {key, 0, false}; }
        At(JsonReader& reader, std::size_t i) : r(reader) { r.path_[r.depth_++] = {{}, i, true}; }
        ~At() { --r.depth_; }
        At(const At&) = delete;
        At& operator=(const At&) = delete;
    };

    // ---- typed accessors (the value is at the current path) ----
    const json::object& as_object(const json::value& v) {
        if (!v.is_object()) fail("expected an object");
        return v.get_object();
    }
    const json::array& as_array(const json::value& v) {
        if (!v.is_array()) fail("expected an array");
        return v.get_array();
    }
    std::string as_string(const json::value& v) {
        if (!v.is_string()) fail("expected a string");
        return std::string(v.get_string());
    }
    bool as_bool(const json::value& v) {
        if (!v.is_bool()) fail("expected a boolean");
        return v.get_bool();
    }
    Scalar as_scalar(const json::value& v) {
        Scalar s;
        if (v.is_string()) {
            s.kind = Scalar::Kind::String;
            s.text = std::string(v.get_string());
        } else if (v.is_bool()) {
            s.kind = Scalar::Kind::Bool;
            s.text = v.get_bool() ? "true" : "false";
        } else if (v.is_int64()) {
            s.kind = Scalar::Kind::Number;
            s.text = std::to_string(v.get_int64());
        } else if (v.is_uint64()) {
            s.kind = Scalar::Kind::Number;
            s.text = std::to_string(v.get_uint64());
        } else if (v.is_double()) {
            s.kind = Scalar::Kind::Number;
            char buf[64];
            auto r = std::to_chars(buf, buf + sizeof buf, v.get_double());
            s.text.assign(buf, r.ptr);
        } else {
            fail("expected a string, number or boolean");
        }
        return s;
    }
    std::vector<std::string> as_strings(const json::value& v) {
        const auto& arr = as_array(v);
        std::vector<std::string> out;
        out.reserve(arr.size());
        for (std::size_t i = 0; i < arr.size(); ++i) {
            At at(*this, i);
            out.push_back(as_string(arr[i]));
        }
        return out;
    }

    // Fails on any key of `o` not in `allowed` (drizzle's objects are strict).
    void only_keys(const json::object& o, std::initializer_list<std::string_view> allowed) {
        for (const auto& kv : o) {
            bool ok = false;
            for (auto a : allowed)
                if (kv.key() == a) {
                    ok = true;
                    break;
                }
            if (!ok) {
                At at(*this, kv.key());
                fail("unknown key");
            }
        }
    }
    const json::value& required(const json::object& o, std::string_view key) {
        const json::value* v = o.if_contains(key);
        if (!v) fail("missing required key \"" + std::string(key) + "\"");
        return *v;
    }
    std::string req_string(const json::object& o, std::string_view key) {
        const auto& v = required(o, key);
        At at(*this, key);
        return as_string(v);
    }
    bool req_bool(const json::object& o, std::string_view key) {
        const auto& v = required(o, key);
        At at(*this, key);
        return as_bool(v);
    }
    std::optional<std::string> opt_string(const json::object& o, std::string_view key) {
        const json::value* v = o.if_contains(key);
        if (!v) return std::nullopt;
        At at(*this, key);
        return as_string(*v);
    }
    std::optional<bool> opt_bool(const json::object& o, std::string_view key) {
        const json::value* v = o.if_contains(key);
        if (!v) return std::nullopt;
        At at(*this, key);
        return as_bool(*v);
    }
    bool bool_or(const json::object& o, std::string_view key, bool dflt) {
        auto b = opt_bool(o, key);
        return b ? *b : dflt;
    }

    // ---- names ----
    // Returns `raw` mapped the way Postgres stores it (see ReadOptions);
    // fails on an empty name. Registers it in `ns` (when given) to detect
    // two names that only collide after truncation (42710).
    std::string name(std::string raw, Namespace* ns = nullptr) {
        if (raw.empty()) fail("expected a non-empty name");
        bool truncate = opt_.truncate_long_names && raw.size() > max_identifier_bytes;
        if (!truncate && !(ns && check_)) return raw;  // the common case: no copy
        std::string stored = raw;
        if (truncate) {
            stored = truncate_identifier(raw);
            truncated_any_ = true;
            if (opt_.notice && !check_ && noticed_.insert(raw).second)
                opt_.notice("pgkit: identifier \"" + raw + "\" will be truncated to \"" + stored +
                            "\"");
        }
        if (ns && check_) {
            auto [it, inserted] = ns->try_emplace(stored, raw);
            if (!inserted && it->second != raw) {
                std::string p = path();
                throw Error(sqlstate::duplicate_object,
                            "pgkit: invalid snapshot: " + p + ": identifier \"" + raw +
                                "\" collides with \"" + it->second + "\" after truncation to \"" +
                                stored + "\"",
                            "JSON path: " + p,
                            "Postgres keeps the first 63 bytes of a name; make them differ");
            }
        }
        return stored;
    }
    std::string req_name(const json::object& o, std::string_view key, Namespace* ns = nullptr) {
        const auto& v = required(o, key);
        At at(*this, key);
        return name(as_string(v), ns);
    }
    std::optional<std::string> opt_name(const json::object& o, std::string_view key) {
        const json::value* v = o.if_contains(key);
        if (!v) return std::nullopt;
        At at(*this, key);
        return name(as_string(*v));
    }
    std::vector<std::string> req_names(const json::object& o, std::string_view key) {
        const auto& v = required(o, key);
        At at(*this, key);
        const auto& arr = as_array(v);
        std::vector<std::string> out;
        out.reserve(arr.size());
        for (std::size_t i = 0; i < arr.size(); ++i) {
            At ai(*this, i);
            out.push_back(name(as_string(arr[i])));
        }
        return out;
    }
    // The map key under which an object is stored: its (mapped) name when
    // the key is its name, as drizzle writes it; otherwise the key itself.
    static std::string key_for(std::string_view key, std::string_view raw_name,
                               const std::string& stored) {
        return key == raw_name ? stored : std::string(key);
    }

    // Stores an object under its key; two objects whose keys only became
    // equal through truncation are a collision (42710), never a silent overwrite.
    template <class V>
    void insert_unique(OrderedMap<V>& map, std::string key, V&& value) {
        if (map.contains(key)) {
            std::string p = path();
            throw Error(sqlstate::duplicate_object,
                        "pgkit: invalid snapshot: " + p + ": key \"" + key +
                            "\" is used twice after truncating long names",
                        "JSON path: " + p);
        }
        map.set(std::move(key), std::forward<V>(value));
    }

    // ---- records: calls fn(key, value) for each member at its path ----
    template <class Fn>
    void record(const json::value& v, Fn&& fn) {
        const auto& o = as_object(v);
        for (const auto& kv : o) {
            At at(*this, kv.key());
            fn(kv.key(), kv.value());
        }
    }
    template <class Fn>
    void opt_record(const json::object& o, std::string_view key, Fn&& fn) {
        const json::value* v = o.if_contains(key);
        if (!v) return;
        At at(*this, key);
        record(*v, fn);
    }
    template <class Fn>
    void req_record(const json::object& o, std::string_view key, Fn&& fn) {
        const auto& v = required(o, key);
        At at(*this, key);
        record(v, fn);
    }

protected:
    const ReadOptions& opt_;
    bool check_ = false, truncated_any_ = false;
    // The parser limits nesting to max_json_depth, and a path is never deeper
    // than the document, so a fixed array suffices (this is the hot loop).
    std::array<Segment, max_json_depth + 2> path_{};
    std::size_t depth_ = 0;
    std::unordered_set<std::string> noticed_;
};

// Returns the parsed document (allocated in `arena`) or throws 22023 naming
// the line, column and byte of the first error.
json::value parse(std::string_view text, json::monotonic_resource& arena);

}  // namespace pgkit::core::snapshot_detail

#include "cpp_only.hpp"
