// drizzle-kit migration folders: the journal, the scripts it lists, and the
// prevId chain of meta snapshots.
#include "core/drizzle_journal.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <algorithm>
#include <climits>
#include <cmath>
#include <set>
#include <unordered_map>

#include "core/error.hpp"

namespace pgkit::core {

namespace json = boost::json;

namespace {

[[noreturn]] void invalid(const std::string& message) {
    throw Error(sqlstate::invalid_parameter, "pgkit: " + message);
}

json::value parse(std::string_view text, const std::string& what) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) invalid(fmt::format("{}: not valid JSON: {}", what, ec.message()));
    return v;
}

bool as_integer(const json::value& v, long long& out) {
    if (v.is_int64()) {
        out = v.as_int64();
        return true;
    }
    if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(LLONG_MAX)) {
        out = static_cast<long long>(v.as_uint64());
        return true;
    }
    if (v.is_double() && std::trunc(v.as_double()) == v.as_double() && std::fabs(v.as_double()) < 9.0e18) {
        out = static_cast<long long>(v.as_double());
        return true;
    }
    return false;
}

std::string quoted_key(std::string_view key) { return json::serialize(json::string(key)); }

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Returns the journal tag a snapshot key names, or "" when none does.
std::string tag_for_snapshot_key(std::string_view key, const std::vector<JournalEntry>& entries) {
    std::string_view k = key;
    if (ends_with(k, ".json")) k.remove_suffix(5);
    if (ends_with(k, "_snapshot")) k.remove_suffix(9);
    for (const auto& e : entries) {
        if (e.tag == k) return e.tag;
        std::size_t us = e.tag.find('_');
        if (us != std::string::npos && std::string_view(e.tag).substr(0, us) == k) return e.tag;
    }
    return {};
}

std::string string_field(const json::object& o, const char* field, const std::string& path) {
    const json::value* v = o.if_contains(field);
    if (!v || !v->is_string()) invalid(fmt::format("{}.{}: expected a string", path, field));
    return std::string(v->as_string());
}

}  // namespace

std::vector<JournalEntry> read_journal(std::string_view journal_json) {
    json::value v = parse(journal_json, "journal");
    if (!v.is_object()) invalid("journal: expected an object (meta/_journal.json)");
    const json::value* entries = v.as_object().if_contains("entries");
    if (!entries || !entries->is_array()) invalid("journal.entries: expected an array");
    std::vector<JournalEntry> out;
    std::set<long long> seen_idx;
    std::set<std::string> seen_tags;
    const auto& arr = entries->as_array();
    for (std::size_t i = 0; i < arr.size(); ++i) {
        std::string path = fmt::format("journal.entries[{}]", i);
        if (!arr[i].is_object()) invalid(path + ": expected an object");
        const auto& o = arr[i].as_object();
        JournalEntry e;
        const json::value* idx = o.if_contains("idx");
        if (!idx || !as_integer(*idx, e.idx)) invalid(path + ".idx: expected an integer");
        e.tag = string_field(o, "tag", path);
        if (e.tag.empty()) invalid(path + ".tag: must not be empty");
        if (const json::value* when = o.if_contains("when"); when && !as_integer(*when, e.when))
            invalid(path + ".when: expected an integer (milliseconds)");
        if (const json::value* bp = o.if_contains("breakpoints")) {
            if (!bp->is_bool()) invalid(path + ".breakpoints: expected a boolean");
            e.breakpoints = bp->as_bool();
        }
        if (!seen_idx.insert(e.idx).second) invalid(fmt::format("{}.idx: {} appears twice", path, e.idx));
        if (!seen_tags.insert(e.tag).second) invalid(fmt::format("{}.tag: \"{}\" appears twice", path, e.tag));
        out.push_back(std::move(e));
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.idx < b.idx; });
    return out;
}

Folder read_folder(std::string_view journal_json, std::string_view scripts_json) {
    std::vector<JournalEntry> entries = read_journal(journal_json);
    json::value v = parse(scripts_json, "scripts");
    if (!v.is_object()) invalid("scripts: expected an object {tag: sql}");
    std::unordered_map<std::string, std::string> by_tag;
    std::vector<std::string> order;
    for (const auto& kv : v.as_object()) {
        std::string tag(kv.key());
        if (ends_with(tag, ".sql")) tag.resize(tag.size() - 4);
        if (!kv.value().is_string()) invalid(fmt::format("scripts.{}: expected a string (the SQL file)", quoted_key(kv.key())));
        if (by_tag.count(tag)) invalid(fmt::format("scripts.{}: \"{}\" is given twice", quoted_key(kv.key()), tag));
        by_tag.emplace(tag, std::string(kv.value().as_string()));
        order.push_back(tag);
    }
    Folder folder;
    std::set<std::string> in_journal;
    for (auto& e : entries) {
        auto it = by_tag.find(e.tag);
        if (it == by_tag.end())
            invalid(fmt::format("journal entry {} \"{}\" has no script: scripts.{} is missing", e.idx, e.tag,
                                quoted_key(e.tag)));
        in_journal.insert(e.tag);
        folder.migrations.push_back(FolderMigration{e, it->second});
    }
    for (const auto& tag : order)
        if (!in_journal.count(tag)) folder.not_in_journal.push_back(tag);
    return folder;
}

std::vector<SnapshotLink> snapshot_chain(std::string_view journal_json,
                                         const std::map<std::string, std::string>& snapshots) {
    std::vector<JournalEntry> entries = read_journal(journal_json);
    std::unordered_map<std::string, std::size_t> position;  // tag -> journal position
    for (std::size_t p = 0; p < entries.size(); ++p) position[entries[p].tag] = p;

    struct Node {
        SnapshotLink link;
        std::size_t pos;
    };
    std::vector<Node> nodes;
    std::unordered_map<std::string, std::string> key_of_tag;
    for (const auto& [key, text] : snapshots) {
        std::string path = "snapshots." + quoted_key(key);
        std::string tag = tag_for_snapshot_key(key, entries);
        if (tag.empty()) invalid(fmt::format("{}: names no journal entry", path));
        if (auto [it, fresh] = key_of_tag.emplace(tag, key); !fresh)
            invalid(fmt::format("{}: journal entry \"{}\" already has snapshot {}", path, tag, quoted_key(it->second)));
        json::value v = parse(text, path);
        if (!v.is_object()) invalid(path + ": expected an object");
        const json::value* version = v.as_object().if_contains("version");
        SnapshotLink link{key, tag, string_field(v.as_object(), "id", path),
                          string_field(v.as_object(), "prevId", path),
                          version && version->is_string() ? std::string(version->as_string()) : std::string(),
                          false};
        nodes.push_back(Node{std::move(link), position[tag]});
    }
    std::sort(nodes.begin(), nodes.end(), [](const Node& a, const Node& b) { return a.pos < b.pos; });

    std::unordered_map<std::string, std::size_t> by_id;
    for (std::size_t k = 0; k < nodes.size(); ++k)
        if (auto [it, fresh] = by_id.emplace(nodes[k].link.id, k); !fresh)
            invalid(fmt::format("snapshots {} and {} have the same id {}", quoted_key(nodes[it->second].link.key),
                                quoted_key(nodes[k].link.key), nodes[k].link.id));

    constexpr long none = -1;
    std::vector<long> pred(nodes.size(), none), succ(nodes.size(), none);
    for (std::size_t k = 0; k < nodes.size(); ++k) {
        auto& link = nodes[k].link;
        if (link.prev_id == origin_snapshot_id) continue;
        if (auto it = by_id.find(link.prev_id); it != by_id.end()) {
            pred[k] = static_cast<long>(it->second);
        } else {
            link.by_journal = true;  // the named snapshot is not in the folder
            pred[k] = k == 0 ? none : static_cast<long>(k - 1);
        }
    }
    long root = none;
    for (std::size_t k = 0; k < nodes.size(); ++k) {
        if (pred[k] == none) {
            if (root != none)
                invalid(fmt::format("snapshots {} and {} both start a chain (prevId {} / {})",
                                    quoted_key(nodes[static_cast<std::size_t>(root)].link.key),
                                    quoted_key(nodes[k].link.key), nodes[static_cast<std::size_t>(root)].link.prev_id,
                                    nodes[k].link.prev_id));
            root = static_cast<long>(k);
            continue;
        }
        auto p = static_cast<std::size_t>(pred[k]);
        if (succ[p] != none)
            invalid(fmt::format("snapshots {} and {} both follow {}: two branches were merged without "
                                "regenerating the later migration",
                                quoted_key(nodes[static_cast<std::size_t>(succ[p])].link.key),
                                quoted_key(nodes[k].link.key), quoted_key(nodes[p].link.key)));
        succ[p] = static_cast<long>(k);
    }
    std::vector<SnapshotLink> chain;
    for (long k = root; k != none; k = succ[static_cast<std::size_t>(k)]) {
        chain.push_back(nodes[static_cast<std::size_t>(k)].link);
        if (chain.size() > nodes.size()) break;
    }
    if (chain.size() != nodes.size()) {
        for (std::size_t k = 0; k < nodes.size(); ++k) {
            bool reached = false;
            for (const auto& c : chain) reached = reached || c.key == nodes[k].link.key;
            if (!reached)
                invalid(fmt::format("snapshot {} is on a prevId cycle (prevId {})", quoted_key(nodes[k].link.key),
                                    nodes[k].link.prev_id));
        }
    }
    return chain;
}

std::map<std::string, std::string> snapshots_by_tag(std::string_view journal_json,
                                                    std::string_view snapshots_json,
                                                    std::vector<std::string>* older) {
    json::value v = parse(snapshots_json, "snapshots");
    if (!v.is_object()) invalid("snapshots: expected an object {key: snapshot}");
    std::map<std::string, std::string> by_key;
    for (const auto& kv : v.as_object()) by_key.emplace(std::string(kv.key()), json::serialize(kv.value()));
    std::map<std::string, std::string> out;
    for (const auto& link : snapshot_chain(journal_json, by_key)) {
        if (link.version == "7")
            out[link.tag] = by_key.at(link.key);
        else if (older)
            older->push_back(link.tag);
    }
    return out;
}

}  // namespace pgkit::core
