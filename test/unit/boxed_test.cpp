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
