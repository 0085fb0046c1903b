// OrderedMap<V>: string-keyed map that keeps insertion order (snapshot key
// order is declaration order, and drizzle-kit's statement order follows it)
// with O(1) lookup (5,000-table snapshots).
#pragma once
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pgkit::core {

template <class V>
class OrderedMap {
public:
    using value_type = std::pair<std::string, V>;
    using iterator = typename std::vector<value_type>::iterator;
    using const_iterator = typename std::vector<value_type>::const_iterator;

    // Up to this many entries a key is found by scanning (a table's columns,
    // constraints, an object's fields): a hash index costs an allocation
    // and a string copy per entry, which dominated reading 17,000 columns.
    // 64, not 16: scanning 30 short names to insert one costs less than
    // indexing them (1,000 tables of 10-30 columns: 2-3 ms less to read).
    static constexpr std::size_t kLinear = 64;

    iterator begin() { return items_.begin(); }
    iterator end() { return items_.end(); }
    const_iterator begin() const { return items_.begin(); }
    const_iterator end() const { return items_.end(); }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }

    // Makes room for n entries (readers know the size up front).
    void reserve(std::size_t n) {
        items_.reserve(n);
        if (n > kLinear) index_.reserve(n);
    }
    // Inserts or replaces; a replaced key keeps its position.
    V& set(std::string key, V value) {
        std::size_t pos = locate(key);
        if (pos != npos) {
            items_[pos].second = std::move(value);
            return items_[pos].second;
        }
        if (indexed_) index_.emplace(key, items_.size());
        items_.emplace_back(std::move(key), std::move(value));
        if (!indexed_ && items_.size() > kLinear) reindex();
        return items_.back().second;
    }
    bool contains(const std::string& key) const { return locate(key) != npos; }
    V* find(const std::string& key) {
        std::size_t pos = locate(key);
        return pos == npos ? nullptr : &items_[pos].second;
    }
    const V* find(const std::string& key) const {
        std::size_t pos = locate(key);
        return pos == npos ? nullptr : &items_[pos].second;
    }
    // Removes a key (O(n): rebuilds the index); returns whether it existed.
    bool erase(const std::string& key) {
        std::size_t pos = locate(key);
        if (pos == npos) return false;
        items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(pos));
        reindex();
        return true;
    }
    // Renames a key in place (keeps its position); false if absent or taken.
    bool rekey(const std::string& from, std::string to) {
        std::size_t pos = locate(from);
        if (pos == npos || (from != to && locate(to) != npos)) return false;
        if (indexed_) {
            index_.erase(from);
            index_.emplace(to, pos);
        }
        items_[pos].first = std::move(to);
        return true;
    }
    // Puts the entries in bytewise key order (what ORDER BY ... COLLATE "C"
    // gives), for a reader that inserts them as they come.
    void sort_by_key() {
        if (std::is_sorted(items_.begin(), items_.end(), [](const value_type& a, const value_type& b) { return a.first < b.first; }))
            return;
        std::sort(items_.begin(), items_.end(), [](const value_type& a, const value_type& b) { return a.first < b.first; });
        reindex();
    }
    void clear() {
        items_.clear();
        index_.clear();
        indexed_ = false;
    }

private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    // Returns the position of key, npos when absent.
    std::size_t locate(const std::string& key) const {
        if (indexed_) {
            auto it = index_.find(key);
            return it == index_.end() ? npos : it->second;
        }
        for (std::size_t i = 0; i < items_.size(); ++i)
            if (items_[i].first == key) return i;
        return npos;
    }
    void reindex() {
        index_.clear();
        indexed_ = items_.size() > kLinear;
        if (!indexed_) return;
        index_.reserve(items_.size());
        for (std::size_t i = 0; i < items_.size(); ++i) index_.emplace(items_[i].first, i);
    }
    std::vector<value_type> items_;
    std::unordered_map<std::string, std::size_t> index_;
    bool indexed_ = false;
};

}  // namespace pgkit::core

#include "cpp_only.hpp"
