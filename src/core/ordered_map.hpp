// OrderedMap<V>: string-keyed map that keeps insertion order (snapshot key
// order is declaration order, and drizzle-kit's statement order follows it)
// with O(1) lookup (5,000-table snapshots).
#pragma once
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

    iterator begin() { return items_.begin(); }
    iterator end() { return items_.end(); }
    const_iterator begin() const { return items_.begin(); }
    const_iterator end() const { return items_.end(); }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }

    // Makes room for n entries (readers know the size up front).
    void reserve(std::size_t n) {
        items_.reserve(n);
        index_.reserve(n);
    }
    // Inserts or replaces; a replaced key keeps its position.
    V& set(std::string key, V value) {
        auto it = index_.find(key);
        if (it != index_.end()) {
            items_[it->second].second = std::move(value);
            return items_[it->second].second;
        }
        index_.emplace(key, items_.size());
        items_.emplace_back(std::move(key), std::move(value));
        return items_.back().second;
    }
    bool contains(const std::string& key) const { return index_.count(key) != 0; }
    V* find(const std::string& key) {
        auto it = index_.find(key);
        return it == index_.end() ? nullptr : &items_[it->second].second;
    }
    const V* find(const std::string& key) const {
        auto it = index_.find(key);
        return it == index_.end() ? nullptr : &items_[it->second].second;
    }
    // Removes a key (O(n): rebuilds the index); returns whether it existed.
    bool erase(const std::string& key) {
        auto it = index_.find(key);
        if (it == index_.end()) return false;
        items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(it->second));
        reindex();
        return true;
    }
    // Renames a key in place (keeps its position); false if absent or taken.
    bool rekey(const std::string& from, std::string to) {
        auto it = index_.find(from);
        if (it == index_.end() || (from != to && index_.count(to))) return false;
        std::size_t pos = it->second;
        index_.erase(it);
        items_[pos].first = to;
        index_.emplace(std::move(to), pos);
        return true;
    }
    void clear() {
        items_.clear();
        index_.clear();
    }

private:
    void reindex() {
        index_.clear();
        for (std::size_t i = 0; i < items_.size(); ++i) index_.emplace(items_[i].first, i);
    }
    std::vector<value_type> items_;
    std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace pgkit::core

#include "cpp_only.hpp"
