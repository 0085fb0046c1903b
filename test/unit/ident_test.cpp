#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "core/ident.hpp"

using namespace pgkit::core;

static std::string sqlstate_of(const std::string& name) {
    try {
        quote_ident(name);
    } catch (const Error& e) {
        return e.sqlstate();
    }
    return "ok";
}

TEST(Ident, quotes_and_doubles_embedded_quotes) {
    EXPECT_EQ(quote_ident("users"), "\"users\"");
    EXPECT_EQ(quote_ident("Mixed Case"), "\"Mixed Case\"");
    EXPECT_EQ(quote_ident("e\"; DROP TABLE keepme; --"), "\"e\"\"; DROP TABLE keepme; --\"");
}

TEST(Ident, rejects_over_long_empty_and_nul) {
    EXPECT_EQ(sqlstate_of(std::string(63, 'a')), "ok");
    EXPECT_EQ(sqlstate_of(std::string(64, 'a')), "42622");
    EXPECT_EQ(sqlstate_of(""), "42602");
    EXPECT_EQ(sqlstate_of(std::string("a\0b", 3)), "42602");
}

TEST(Ident, truncates_at_a_character_boundary_like_postgres) {
    EXPECT_EQ(truncate_identifier(std::string(72, 'a')), std::string(63, 'a'));
    std::string e2;  // 'é' is 2 bytes: 31 of them = 62 bytes, the 32nd would end at 64
    for (int i = 0; i < 40; ++i) e2 += "\xC3\xA9";
    EXPECT_EQ(truncate_identifier(e2).size(), 62u);
    EXPECT_EQ(truncate_identifier("short"), "short");
}

TEST(Ident, quote_qualified_omits_an_empty_schema) {
    EXPECT_EQ(quote_qualified("", "t"), "\"t\"");
    EXPECT_EQ(quote_qualified("app", "t"), "\"app\".\"t\"");
    EXPECT_EQ(quote_literal("it's"), "'it''s'");
}
