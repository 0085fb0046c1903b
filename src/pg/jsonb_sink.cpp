// snapshot_jsonb(): the writer's events encoded straight into jsonb's binary
// format (jsonb_sink.hpp).
//
// The layout is the one convertToJsonb() (jsonb_util.c) writes, byte for
// byte: jsonb equality, hashing and GIN indexing compare containers as they
// are stored, so a different but "equivalent" binary would be a different
// value. Per container (utils/jsonb.h):
//   uint32 header = count | JB_FOBJECT or JB_FARRAY (| JB_FSCALAR for a
//                   top-level scalar wrapped in a one-element array)
//   JEntry[n]     = type | end offset of the entry's data (every
//                   JB_OFFSET_STRIDE-th entry, JENTRY_HAS_OFF) or its length
//   data          = strings as bytes, numerics and nested containers padded
//                   to INTALIGN first (the padding counts in their length)
// Objects store their keys first (sorted: shorter first, then bytewise;
// duplicate keys keep the last value written), then the values in key order.
//
// Built in two passes: while events arrive, each finished container's
// entries (16-byte nodes) are sorted, sized and moved to done_; at the end the
// whole document is written top-down into one palloc'd buffer of the exact
// size. Strings are copied once, from the snapshot into the result.
#include "pg/jsonb_sink.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
}

namespace pgkit::pg {
namespace {

// One value (or object key) of the document.
struct Node {
    enum Kind : std::uint8_t { String, Numeric, Null, True, False, Array, Object, RawScalar };
    union {
        const char* data;   // String: its bytes; Numeric: the varlena
        std::size_t first;  // containers: index of the first entry in done_
    };
    std::uint32_t len;  // String: bytes; Numeric: varlena size; containers: encoded size
    // containers: elements, or pairs of an object (27 bits: the size limit
    // below, 4 bytes of JEntry per entry, is reached long before)
    std::uint32_t count : 27;
    std::uint32_t kind : 4;
    std::uint32_t is_value : 1;  // not an object key (checks the event stream)
};
static_assert(sizeof(Node) == 16);

// Containers deeper than this are refused: the write pass recurses once per
// level (the writer's documents are a few levels deep).
constexpr std::size_t max_depth = 1000;

[[noreturn]] void too_big(bool object) {
    throw core::Error(
        "54000", object ? "pgkit: total size of jsonb object elements exceeds the maximum of " +
                              std::to_string(JENTRY_OFFLENMASK) + " bytes"
                        : "pgkit: total size of jsonb array elements exceeds the maximum of " +
                              std::to_string(JENTRY_OFFLENMASK) + " bytes");
}

// The finished containers' entries, appended in chunks that never move: a
// vector doubling to ~6 MB (at 1,000 tables) copied and first-touched twice
// that memory, ~3 ms of page faults in a fresh backend.
class NodeStore {
public:
    std::size_t size() const { return size_; }
    void push_back(const Node& n) {
        if ((size_ >> shift) == chunks_.size()) chunks_.emplace_back(new Node[chunk]);
        chunks_[size_ >> shift][size_ & (chunk - 1)] = n;
        ++size_;
    }
    const Node& operator[](std::size_t i) const { return chunks_[i >> shift][i & (chunk - 1)]; }

private:
    static constexpr std::size_t shift = 12, chunk = std::size_t{1} << shift;  // 64 kB
    std::vector<std::unique_ptr<Node[]>> chunks_;
    std::size_t size_ = 0;
};

bool padded(std::uint32_t kind) { return kind == Node::Numeric || kind >= Node::Array; }

class JsonbSink final : public core::JsonSink {
public:
    void begin_object() override { open(true); }
    void end_object() override {
        Frame f = close(true);
        std::size_t pairs = (items_.size() - f.start) / 2;
        // Pair i is items_[start + 2i] (key), items_[start + 2i + 1] (value).
        order_.resize(pairs);
        for (std::size_t i = 0; i < pairs; ++i) order_[i] = static_cast<std::uint32_t>(i);
        const Node* kv = items_.data() + f.start;
        // jsonb's key order; of equal keys the last one written wins (what
        // jsonb_in keeps): stable, so equal keys stay in writing order and the
        // last of each run is kept.
        auto less = [kv](std::uint32_t a, std::uint32_t b) {
            return compare(kv[2 * a], kv[2 * b]) < 0;
        };
        if (pairs <= 16) {
            // Most objects are small: an insertion sort (stable too) spares
            // stable_sort's buffer allocation.
            for (std::size_t i = 1; i < pairs; ++i) {
                std::uint32_t x = order_[i];
                std::size_t j = i;
                for (; j > 0 && less(x, order_[j - 1]); --j) order_[j] = order_[j - 1];
                order_[j] = x;
            }
        } else {
            std::stable_sort(order_.begin(), order_.end(), less);
        }
        std::size_t kept = 0;
        for (std::size_t i = 0; i < pairs; ++i) {
            if (i + 1 < pairs && compare(kv[2 * order_[i]], kv[2 * order_[i + 1]]) == 0) continue;
            order_[kept++] = order_[i];
        }
        std::size_t first = done_.size();
        for (std::size_t i = 0; i < kept; ++i) done_.push_back(kv[2 * order_[i]]);
        for (std::size_t i = 0; i < kept; ++i) done_.push_back(kv[2 * order_[i] + 1]);
        items_.resize(f.start);
        add(container(Node::Object, first, kept));
    }
    void begin_array() override { open(false); }
    void end_array() override {
        Frame f = close(false);
        std::size_t n = items_.size() - f.start;
        std::size_t first = done_.size();
        for (std::size_t i = f.start; i < items_.size(); ++i) done_.push_back(items_[i]);
        items_.resize(f.start);
        add(container(Node::Array, first, n));
    }
    // Keys go into the object's entries like values: each is followed by its value.
    void key(std::string_view k) override {
        if (frames_.empty() || !frames_.back().object) unbalanced();
        items_.push_back(string_node(k));
    }
    void string(std::string_view s) override { add(string_node(s)); }
    void boolean(bool b) override { add(scalar(b ? Node::True : Node::False)); }
    void null() override { add(scalar(Node::Null)); }
    void number(std::string_view text) override {
        // Numbers repeat (every column's position): each distinct text is
        // converted once; the Numeric stays in the current memory context.
        auto known = numerics_.find(text);
        if (known == numerics_.end()) {
            std::string s(text);
            const char* p = s.c_str();
            ::Numeric n = nullptr;
            call([&] {
                n = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(p),
                                                        ObjectIdGetDatum(InvalidOid),
                                                        Int32GetDatum(-1)));
            });
            known = numerics_.emplace(std::move(s), n).first;
        }
        Node v = scalar(Node::Numeric);
        v.data = reinterpret_cast<const char*>(known->second);
        v.len = static_cast<std::uint32_t>(VARSIZE_ANY(known->second));
        add(v);
    }
    // The parsed text is gone when this returns: its strings are copied.
    void json_text(std::string_view text) override {
        ++copying_;
        core::JsonSink::json_text(text);
        --copying_;
    }

    // Returns the jsonb of the finished document.
    Datum finish() {
        if (!frames_.empty() || !has_root_) unbalanced();
        Node root = root_;
        if (root.kind < Node::Array) {
            // A top-level scalar is stored as a one-element "raw scalar" array.
            std::size_t first = done_.size();
            done_.push_back(root);
            root = container(Node::RawScalar, first, 1);
        }
        std::size_t size = VARHDRSZ + root.len;
        char* out = nullptr;
        call([&] { out = static_cast<char*>(palloc(size)); });
        SET_VARSIZE(out, size);
        write(out + VARHDRSZ, root);
        return PointerGetDatum(out);
    }

private:
    struct Frame {
        std::size_t start;  // index in items_ of the container's first entry
        bool object;
    };

    // Only a malformed event stream (the self-test's) gets here: the
    // writer's are balanced, with a key before every member.
    [[noreturn]] static void unbalanced() {
        throw core::Error("22023", "pgkit: malformed JSON event stream");
    }

    static Node scalar(Node::Kind kind) {
        Node v;
        v.data = nullptr;
        v.len = 0;
        v.count = 0;
        v.kind = kind;
        v.is_value = 0;
        return v;
    }
    // Returns a container node over done_[first, ...) with its encoded size:
    // header, JEntries, then the data with the padding the write pass adds.
    Node container(Node::Kind kind, std::size_t first, std::size_t count) {
        std::size_t entries = kind == Node::Object ? 2 * count : count;
        std::size_t data = 0;  // data0 is INTALIGNed, so is aligning data
        for (std::size_t i = first; i < first + entries; ++i) {
            const Node& e = done_[i];
            if (padded(e.kind)) data = INTALIGN(data);
            data += e.len;
            if (data > JENTRY_OFFLENMASK) too_big(kind == Node::Object);
        }
        std::size_t total = sizeof(std::uint32_t) + entries * sizeof(JEntry) + data;
        if (total > JENTRY_OFFLENMASK) too_big(kind == Node::Object);
        Node c = scalar(kind);
        c.first = first;
        c.len = static_cast<std::uint32_t>(total);
        c.count = static_cast<std::uint32_t>(count);
        return c;
    }
    // Writes container c at out (INTALIGNed relative to the varlena's start,
    // hence in memory: palloc'd memory is MAXALIGNed).
    void write(char* out, const Node& c) const {
        std::size_t entries = c.kind == Node::Object ? 2 * c.count : c.count;
        std::uint32_t header = c.count | (c.kind == Node::Object ? JB_FOBJECT : JB_FARRAY) |
                               (c.kind == Node::RawScalar ? JB_FSCALAR : 0);
        std::memcpy(out, &header, sizeof header);
        char* jentries = out + sizeof header;
        char* data = jentries + entries * sizeof(JEntry);
        std::uint32_t at = 0;  // offset in data
        // The strings live all over the snapshot's heap and the children's
        // entries were stored long before: fetching them ahead, before the
        // copy loop needs them, took ~1 ms (a fifth) off this pass.
        for (std::size_t i = 0; i < entries; ++i) {
            const Node& e = done_[c.first + i];
            if (e.kind == Node::String)
                __builtin_prefetch(e.data);
            else if (e.kind >= Node::Array)
                __builtin_prefetch(&done_[e.first]);
        }
        for (std::size_t i = 0; i < entries; ++i) {
            const Node& e = done_[c.first + i];
            std::uint32_t start = at;
            JEntry type = 0;
            if (padded(e.kind))
                while (at % sizeof(std::uint32_t)) data[at++] = 0;
            switch (e.kind) {
                case Node::String:
                    if (e.len) std::memcpy(data + at, e.data, e.len);
                    type = JENTRY_ISSTRING;
                    break;
                case Node::Numeric:
                    std::memcpy(data + at, e.data, e.len);
                    type = JENTRY_ISNUMERIC;
                    break;
                case Node::Null:
                    type = JENTRY_ISNULL;
                    break;
                case Node::True:
                    type = JENTRY_ISBOOL_TRUE;
                    break;
                case Node::False:
                    type = JENTRY_ISBOOL_FALSE;
                    break;
                default:
                    write(data + at, e);
                    type = JENTRY_ISCONTAINER;
                    break;
            }
            at += e.len;
            JEntry meta =
                i % JB_OFFSET_STRIDE == 0 ? type | JENTRY_HAS_OFF | at : type | (at - start);
            std::memcpy(jentries + i * sizeof(JEntry), &meta, sizeof meta);
        }
    }

    static int compare(const Node& a, const Node& b) {
        if (a.len != b.len) return a.len < b.len ? -1 : 1;
        return a.len ? std::memcmp(a.data, b.data, a.len) : 0;
    }
    void open(bool object) {
        if (frames_.size() >= max_depth)
            throw core::Error("54001", "pgkit: jsonb document nested too deeply");
        frames_.push_back(Frame{items_.size(), object});
    }
    // Returns the innermost container's frame, closed.
    Frame close(bool object) {
        if (frames_.empty() || frames_.back().object != object) unbalanced();
        Frame f = frames_.back();
        frames_.pop_back();
        if (object) {
            if ((items_.size() - f.start) % 2) unbalanced();
            for (std::size_t i = f.start; i < items_.size(); i += 2)
                if (items_[i].is_value || !items_[i + 1].is_value) unbalanced();
        }
        return f;
    }
    // Adds a value to the open container (after its key in an object).
    void add(Node v) {
        v.is_value = 1;
        if (!frames_.empty())
            items_.push_back(v);
        else if (has_root_)
            unbalanced();
        else {
            root_ = v;
            has_root_ = true;
        }
    }
    // Strings are referenced, not copied: they live in the snapshot, which
    // outlives finish().
    Node string_node(std::string_view s) {
        // jsonb_in's limit on one string (checkStringLen).
        if (s.size() > JENTRY_OFFLENMASK)
            throw core::Error("54000", "pgkit: string too long to represent as jsonb string");
        if (copying_) s = copies_.emplace_back(s);
        Node v = scalar(Node::String);
        v.data = s.data();
        v.len = static_cast<std::uint32_t>(s.size());
        return v;
    }

    std::vector<Frame> frames_;
    std::vector<Node> items_;  // entries of the open containers, innermost last
    NodeStore done_;           // entries of the finished containers
    std::vector<std::uint32_t> order_;
    Node root_ = scalar(Node::Null);
    bool has_root_ = false;
    std::deque<std::string> copies_;
    std::map<std::string, ::Numeric, std::less<>> numerics_;
    int copying_ = 0;
};

}  // namespace

Datum sink_jsonb(const std::function<void(core::JsonSink&)>& emit) {
    JsonbSink sink;
    emit(sink);
    return sink.finish();
}

Datum snapshot_jsonb(const core::Snapshot& snapshot, const core::WriteOptions& options) {
    return sink_jsonb([&](core::JsonSink& sink) { core::write_snapshot(snapshot, sink, options); });
}

}  // namespace pgkit::pg
