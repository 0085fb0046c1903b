// OrderedMap: insertion order, replacement in place, erase and rekey, on
// both sides of the size where lookups switch from a scan to a hash index.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/ordered_map.hpp"

using pgkit::core::OrderedMap;

namespace {

std::vector<std::string> keys(const OrderedMap<int>& m) {
    std::vector<std::string> out;
    for (const auto& [k, v] : m) out.push_back(k);
    return out;
}

// Checks every key of m is found with its value and an absent key is not.
void expect_consistent(const OrderedMap<int>& m) {
    for (const auto& [k, v] : m) {
        ASSERT_NE(m.find(k), nullptr) << k;
        EXPECT_EQ(*m.find(k), v) << k;
        EXPECT_TRUE(m.contains(k));
    }
    EXPECT_EQ(m.find("absent"), nullptr);
}

}  // namespace

constexpr int kLimit = static_cast<int>(OrderedMap<int>::kLinear);

TEST(OrderedMap, KeepsOrderAndReplacesInPlaceAtEverySize) {
    for (int n : {1, 5, kLimit, kLimit + 1, kLimit + 24}) {
        OrderedMap<int> m;
        for (int i = 0; i < n; ++i) m.set("k" + std::to_string(n - i), i);
        m.set("k" + std::to_string(n), 100);  // the first key, replaced
        ASSERT_EQ(m.size(), static_cast<std::size_t>(n));
        EXPECT_EQ(keys(m).front(), "k" + std::to_string(n));
        EXPECT_EQ(*m.find("k" + std::to_string(n)), 100);
        expect_consistent(m);
    }
}

TEST(OrderedMap, EraseAcrossTheIndexThreshold) {
    OrderedMap<int> m;
    for (int i = 0; i < kLimit + 2; ++i) m.set("c" + std::to_string(i), i);
    EXPECT_TRUE(m.erase("c0"));
    EXPECT_TRUE(m.erase("c5"));  // kLimit left: back to scanning
    EXPECT_FALSE(m.erase("c5"));
    EXPECT_EQ(m.size(), static_cast<std::size_t>(kLimit));
    EXPECT_EQ(keys(m).front(), "c1");
    expect_consistent(m);
    m.set("c999", 99);  // kLimit + 1: indexed again
    m.set("c98", 98);
    EXPECT_EQ(keys(m).back(), "c98");
    expect_consistent(m);
}

TEST(OrderedMap, RekeyKeepsPositionAndRefusesTakenNames) {
    for (int n : {3, kLimit + 4}) {
        OrderedMap<int> m;
        for (int i = 0; i < n; ++i) m.set("t" + std::to_string(i), i);
        EXPECT_TRUE(m.rekey("t1", "renamed"));
        EXPECT_EQ(keys(m)[1], "renamed");
        EXPECT_EQ(m.find("t1"), nullptr);
        EXPECT_EQ(*m.find("renamed"), 1);
        EXPECT_FALSE(m.rekey("t2", "renamed"));  // taken
        EXPECT_FALSE(m.rekey("missing", "x"));
        EXPECT_TRUE(m.rekey("t2", "t2"));  // to itself
        expect_consistent(m);
        m.clear();
        EXPECT_TRUE(m.empty());
        EXPECT_EQ(m.find("t0"), nullptr);
    }
}

TEST(OrderedMap, SortsByKeyBytewiseOnEitherSideOfTheThreshold) {
    for (int n : {4, kLimit + 10}) {
        OrderedMap<int> m;
        for (int i = n - 1; i >= 0; --i) m.set("k" + std::to_string(i), i);
        m.set("K", -1);     // upper case sorts before lower case bytewise
        m.set("k\xc3\xa9", -2);  // a UTF-8 byte sorts after ASCII
        m.sort_by_key();
        auto k = keys(m);
        EXPECT_TRUE(std::is_sorted(k.begin(), k.end()));
        EXPECT_EQ(k.front(), "K");
        EXPECT_EQ(k.back(), "k\xc3\xa9");
        EXPECT_EQ(m.size(), static_cast<std::size_t>(n + 2));
        expect_consistent(m);  // the index follows the new positions
        EXPECT_EQ(*m.find("k0"), 0);
    }
}
