// snapshot_jsonb(): the writer's events built into a JsonbValue tree
// (jsonb_sink.hpp).
#include "pg/jsonb_sink.hpp"

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <vector>

extern "C" {
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
}

namespace pgkit::pg {
namespace {

// Builds the JsonbValue tree in C++ containers (pairs sorted the way jsonb
// orders keys) and converts it with one JsonbValueToJsonb call: pushing each
// token through pushJsonbValue cost ~2/3 of the conversion.
class JsonbSink final : public core::JsonSink {
public:
    void begin_object() override { frames_.push_back(Frame{false, key_, {}, {}}); }
    void end_object() override {
        Frame f = std::move(frames_.back());
        frames_.pop_back();
        // jsonb's key order: shorter first, then bytewise; of equal keys the
        // last one written wins (what jsonb_in keeps).
        std::stable_sort(
            f.pairs.begin(), f.pairs.end(),
            [](const JsonbPair& a, const JsonbPair& b) { return compare(a.key, b.key) < 0; });
        std::vector<JsonbPair> unique;
        unique.reserve(f.pairs.size());
        for (std::size_t i = 0; i < f.pairs.size(); ++i) {
            if (i + 1 < f.pairs.size() && compare(f.pairs[i].key, f.pairs[i + 1].key) == 0)
                continue;
            unique.push_back(f.pairs[i]);
        }
        JsonbValue v;
        v.type = jbvObject;
        v.val.object.nPairs = static_cast<int>(unique.size());
        v.val.object.pairs = unique.data();
        pair_store_.push_back(std::move(unique));
        key_ = f.key;
        add(v);
    }
    void begin_array() override { frames_.push_back(Frame{true, key_, {}, {}}); }
    void end_array() override {
        Frame f = std::move(frames_.back());
        frames_.pop_back();
        JsonbValue v;
        v.type = jbvArray;
        v.val.array.nElems = static_cast<int>(f.elems.size());
        v.val.array.elems = f.elems.data();
        v.val.array.rawScalar = false;
        elem_store_.push_back(std::move(f.elems));
        key_ = f.key;
        add(v);
    }
    void key(std::string_view k) override { set_string(key_, k); }
    void string(std::string_view s) override {
        JsonbValue v;
        set_string(v, s);
        add(v);
    }
    void boolean(bool b) override {
        JsonbValue v;
        v.type = jbvBool;
        v.val.boolean = b;
        add(v);
    }
    void number(std::string_view text) override {
        JsonbValue v;
        v.type = jbvNumeric;
        // Numbers repeat (every column's position): each distinct text is
        // converted once; the Numeric stays in the current memory context.
        auto known = numerics_.find(text);
        if (known == numerics_.end()) {
            std::string s(text);
            const char* p = s.c_str();
            Numeric n = nullptr;
            call([&] {
                n = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(p),
                                                        ObjectIdGetDatum(InvalidOid),
                                                        Int32GetDatum(-1)));
            });
            known = numerics_.emplace(std::move(s), n).first;
        }
        v.val.numeric = known->second;
        add(v);
    }
    void null() override {
        JsonbValue v;
        v.type = jbvNull;
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
        Datum d = 0;
        JsonbValue* root = &root_;
        call([&] { d = PointerGetDatum(JsonbValueToJsonb(root)); });
        return d;
    }

private:
    struct Frame {
        bool is_array;
        JsonbValue key;  // the member key the container is the value of
        std::vector<JsonbValue> elems;
        std::vector<JsonbPair> pairs;
    };

    static int compare(const JsonbValue& a, const JsonbValue& b) {
        if (a.val.string.len != b.val.string.len)
            return a.val.string.len < b.val.string.len ? -1 : 1;
        return std::memcmp(a.val.string.val, b.val.string.val,
                           static_cast<std::size_t>(a.val.string.len));
    }
    // Adds a value to the open container (after its key in an object).
    void add(const JsonbValue& v) {
        if (frames_.empty()) {
            root_ = v;
            return;
        }
        Frame& f = frames_.back();
        if (f.is_array) {
            f.elems.push_back(v);
        } else {
            JsonbPair p;
            p.key = key_;
            p.value = v;
            p.order = static_cast<std::uint32_t>(f.pairs.size());
            f.pairs.push_back(p);
        }
    }
    // Strings are referenced, not copied: they live in the snapshot, which
    // outlives finish().
    void set_string(JsonbValue& v, std::string_view s) {
        // jsonb_in's limit on one string (checkStringLen).
        if (s.size() > JENTRY_OFFLENMASK)
            throw core::Error("54000", "pgkit: string too long to represent as jsonb string");
        if (copying_) s = copies_.emplace_back(s);
        v.type = jbvString;
        v.val.string.len = static_cast<int>(s.size());
        v.val.string.val = const_cast<char*>(s.data());
    }

    std::vector<Frame> frames_;
    JsonbValue key_{}, root_{};
    // Storage of finished containers' members (a vector's buffer does not
    // move when the vector itself is moved).
    std::deque<std::vector<JsonbPair>> pair_store_;
    std::deque<std::vector<JsonbValue>> elem_store_;
    std::deque<std::string> copies_;
    std::map<std::string, Numeric, std::less<>> numerics_;
    int copying_ = 0;
};

}  // namespace

Datum snapshot_jsonb(const core::Snapshot& snapshot, const core::WriteOptions& options) {
    JsonbSink sink;
    core::write_snapshot(snapshot, sink, options);
    return sink.finish();
}

}  // namespace pgkit::pg
