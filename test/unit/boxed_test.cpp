// Boxed<T> behaves as the std::optional it replaces in the model: absent by
// default, deep copies, value equality, reset and assignment.
#include <gtest/gtest.h>

#include <string>

#include "core/boxed.hpp"
#include "core/model.hpp"

using pgkit::core::Boxed;
using pgkit::core::Column;
using pgkit::core::Identity;

TEST(Boxed, OptionalSemantics) {
    Boxed<std::string> a;
    EXPECT_FALSE(a);
    EXPECT_TRUE(a == std::nullopt);
    EXPECT_THROW(a.value(), std::bad_optional_access);
    a = std::string("x");
    Boxed<std::string> b = a;  // deep copy
    *b += "y";
    EXPECT_EQ(*a, "x");
    EXPECT_EQ(*b, "xy");
    EXPECT_FALSE(a == b);
    b = std::string("x");
    EXPECT_TRUE(a == b);
    b.reset();
    EXPECT_FALSE(a == b);
    EXPECT_TRUE(Boxed<std::string>() == b);
    b.emplace(3, 'z');
    EXPECT_EQ(b.value(), "zzz");
    a = std::nullopt;
    EXPECT_FALSE(a.has_value());
}

TEST(Boxed, ColumnsWithIdentityCompareAndCopyByValue) {
    Column c;
    c.name = "id";
    Identity id;
    id.type = "always";
    id.startWith = "10";
    c.identity = id;
    Column copy = c;
    EXPECT_EQ(copy, c);
    copy.identity->startWith = "11";
    EXPECT_NE(copy, c);
    EXPECT_EQ(c.identity->startWith, "10");
    Column moved = std::move(copy);
    EXPECT_EQ(moved.identity->startWith, "11");
}

TEST(Boxed, ConvertsFromAndToOptionalAndComparesWithValues) {
    Boxed<std::string> a = std::optional<std::string>("C");
    EXPECT_TRUE(a == "C");
    EXPECT_FALSE(a == "D");
    a = std::optional<std::string>();  // an absent optional empties it
    EXPECT_FALSE(a);
    EXPECT_FALSE(a == "C");  // absent is equal to no value
    EXPECT_EQ(a.value_or("fallback"), "fallback");
    EXPECT_EQ(a.optional(), std::nullopt);
    a = "pg_catalog.\"C\"";  // from a string literal
    EXPECT_EQ(a.value_or("fallback"), "pg_catalog.\"C\"");
    EXPECT_EQ(a.optional(), std::optional<std::string>("pg_catalog.\"C\""));
}

TEST(Boxed, KeepsColumnSmall) {
    // The rare members are pointers: a Column stays well under the 376
    // bytes it had with them inline (introspect builds thousands).
    EXPECT_LE(sizeof(Column), 232u);
}
