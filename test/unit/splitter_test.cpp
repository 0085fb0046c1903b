#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/splitter.hpp"

using namespace pgkit::core;

static std::vector<std::string> texts(const std::vector<ScriptStatement>& sts) {
    std::vector<std::string> out;
    for (const auto& s : sts) out.push_back(s.text);
    return out;
}
static std::vector<std::string> split(const std::string& script) { return texts(split_script(script)); }
using V = std::vector<std::string>;

static std::string sqlstate_of_split(const std::string& script) {
    try {
        split_script(script);
    } catch (const Error& e) {
        return e.sqlstate();
    }
    return "ok";
}

TEST(Splitter, splits_on_top_level_semicolons_and_drops_empty_statements) {
    EXPECT_EQ(split("CREATE TABLE a (id int);\n;;  \nCREATE TABLE b (id int);\n"),
              (V{"CREATE TABLE a (id int)", "CREATE TABLE b (id int)"}));
    EXPECT_EQ(split("SELECT 1"), (V{"SELECT 1"}));
    EXPECT_EQ(split(""), V{});
    EXPECT_EQ(split(" \n\t;\n"), V{});
}

TEST(Splitter, keeps_statement_text_exact_with_offsets_and_lines) {
    std::string script = "  SELECT  'a' ,\n\t2 ;\n\n-- why\nSELECT 3";
    auto sts = split_script(script);
    ASSERT_EQ(sts.size(), 2u);
    EXPECT_EQ(sts[0].text, "SELECT  'a' ,\n\t2");
    EXPECT_EQ(sts[0].offset, 2u);
    EXPECT_EQ(sts[0].line, 1u);
    EXPECT_EQ(sts[1].text, "-- why\nSELECT 3");
    EXPECT_EQ(script.substr(sts[1].offset, sts[1].text.size()), sts[1].text);
    EXPECT_EQ(sts[1].line, 4u);
}

TEST(Splitter, single_quotes_with_doubled_quote_escape) {
    EXPECT_EQ(split("INSERT INTO t VALUES ('a;b', 'it''s; fine');SELECT 2"),
              (V{"INSERT INTO t VALUES ('a;b', 'it''s; fine')", "SELECT 2"}));
    // standard_conforming_strings: a backslash does not escape the quote
    EXPECT_EQ(split("SELECT 'C:\\';SELECT 2"), (V{"SELECT 'C:\\'", "SELECT 2"}));
}

TEST(Splitter, e_strings_with_backslash_escapes) {
    EXPECT_EQ(split("SELECT E'it\\'s; \\\\';SELECT 2"), (V{"SELECT E'it\\'s; \\\\'", "SELECT 2"}));
    EXPECT_EQ(split("SELECT e'a''b;c';SELECT 2"), (V{"SELECT e'a''b;c'", "SELECT 2"}));
    // an identifier ending in e is not an E'' prefix
    EXPECT_EQ(split("SELECT 1 AS some'\\';SELECT 2"), (V{"SELECT 1 AS some'\\'", "SELECT 2"}));
}

TEST(Splitter, dollar_quotes_with_and_without_tags) {
    EXPECT_EQ(split("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;SELECT 2"),
              (V{"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", "SELECT 2"}));
    EXPECT_EQ(split("DO $fn$ BEGIN PERFORM $$;$$; END $fn$;SELECT 2"),
              (V{"DO $fn$ BEGIN PERFORM $$;$$; END $fn$", "SELECT 2"}));
    // $1 is a parameter and a$b$ an identifier: neither opens a quote
    EXPECT_EQ(split("PREPARE p AS SELECT $1;SELECT a$b$ FROM t;SELECT 3"),
              (V{"PREPARE p AS SELECT $1", "SELECT a$b$ FROM t", "SELECT 3"}));
}

TEST(Splitter, quoted_identifiers) {
    EXPECT_EQ(split("CREATE TABLE \"a;\"\"b\" (id int);SELECT 2"),
              (V{"CREATE TABLE \"a;\"\"b\" (id int)", "SELECT 2"}));
}

TEST(Splitter, line_and_nested_block_comments) {
    EXPECT_EQ(split("SELECT 1 -- not the end;\n+ 1;SELECT 2"), (V{"SELECT 1 -- not the end;\n+ 1", "SELECT 2"}));
    EXPECT_EQ(split("SELECT /* a /* nested; */ still; */ 1;SELECT 2"),
              (V{"SELECT /* a /* nested; */ still; */ 1", "SELECT 2"}));
    // a piece holding only comments is not a statement
    EXPECT_EQ(split("SELECT 1;\n-- trailing note;\n/* and; this */\n"), (V{"SELECT 1"}));
}

TEST(Splitter, sql_standard_function_bodies_keep_their_semicolons) {
    std::string f =
        "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\n"
        "BEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n  SELECT a;\nEND";
    EXPECT_EQ(split(f + ";\nSELECT 2"), (V{f, "SELECT 2"}));
    // outside a routine, BEGIN is a transaction statement of its own
    EXPECT_EQ(split("BEGIN;SELECT CASE WHEN true THEN 1 END;END;"),
              (V{"BEGIN", "SELECT CASE WHEN true THEN 1 END", "END"}));
}

TEST(Splitter, drizzle_do_block_with_exception_handler) {
    std::string block =
        "DO $$ BEGIN\n"
        " CREATE TYPE \"public\".\"role\" AS ENUM('admin', 'user');\n"
        "EXCEPTION\n"
        " WHEN duplicate_object THEN null;\n"
        "END $$";
    std::string script = block + ";\nCREATE TABLE \"user\" (\"role\" \"role\" DEFAULT 'user');\n";
    EXPECT_EQ(split(script), (V{block, "CREATE TABLE \"user\" (\"role\" \"role\" DEFAULT 'user')"}));
}

TEST(Splitter, breakpoint_lines_split_drizzle_kit_files) {
    std::string script =
        "DO $$ BEGIN\n CREATE TYPE \"a\" AS ENUM('x');\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n"
        "--> statement-breakpoint\n"
        "CREATE TABLE \"t\" (\"id\" serial PRIMARY KEY NOT NULL);\n"
        "--> statement-breakpoint\r\n"
        "ALTER TABLE \"t\" ADD COLUMN \"n\" text;\nUPDATE \"t\" SET \"n\" = 'a;b';";
    ASSERT_TRUE(has_breakpoints(script));
    auto sts = split_script(script);
    ASSERT_EQ(sts.size(), 3u);
    EXPECT_EQ(sts[0].text.substr(0, 5), "DO $$");
    EXPECT_EQ(sts[0].text.back(), ';');  // the piece is kept whole, ';' included
    EXPECT_EQ(sts[1].text, "CREATE TABLE \"t\" (\"id\" serial PRIMARY KEY NOT NULL);");
    EXPECT_EQ(sts[1].line, 7u);
    // a hand-edited piece with two statements stays one piece, as drizzle runs it
    EXPECT_EQ(sts[2].text, "ALTER TABLE \"t\" ADD COLUMN \"n\" text;\nUPDATE \"t\" SET \"n\" = 'a;b';");
}

TEST(Splitter, breakpoint_marker_must_be_a_whole_line) {
    EXPECT_FALSE(has_breakpoints("SELECT 1; --> statement-breakpoint\nSELECT 2;"));
    EXPECT_EQ(split("SELECT 1; --> statement-breakpoint\nSELECT 2;"),
              (V{"SELECT 1", "--> statement-breakpoint\nSELECT 2"}));
    // empty pieces between markers are dropped
    EXPECT_EQ(split("--> statement-breakpoint\nSELECT 1;\n--> statement-breakpoint\n-- only a comment\n"
                    "--> statement-breakpoint\n"),
              (V{"SELECT 1;"}));
}

TEST(Splitter, unterminated_quotes_and_comments_are_refused) {
    EXPECT_EQ(sqlstate_of_split("SELECT 'abc"), "42601");
    EXPECT_EQ(sqlstate_of_split("SELECT E'abc\\'"), "42601");
    EXPECT_EQ(sqlstate_of_split("DO $x$ BEGIN END $y$"), "42601");
    EXPECT_EQ(sqlstate_of_split("SELECT \"abc"), "42601");
    EXPECT_EQ(sqlstate_of_split("SELECT 1 /* a /* b */"), "42601");
    EXPECT_EQ(sqlstate_of_split("SELECT 1;\n--> statement-breakpoint\nSELECT 'x"), "42601");
    try {
        split_script("SELECT 1;\n\nSELECT $$ never closed");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
    }
}

TEST(Splitter, abbreviates_for_error_messages) {
    EXPECT_EQ(abbreviate_statement("CREATE  TABLE\n\t\"a\" (id int)"), "CREATE TABLE \"a\" (id int)");
    std::string long_stmt = "SELECT '" + std::string(200, 'x') + "'";
    std::string a = abbreviate_statement(long_stmt, 40);
    EXPECT_EQ(a.size(), 40u);
    EXPECT_EQ(a.substr(37), "...");
    // never cuts a UTF-8 character in half: é is two bytes
    std::string u = abbreviate_statement("SELECT 'ééééééééé'", 14);
    EXPECT_EQ(u, "SELECT 'é...");
}

// With standard_conforming_strings off (a legacy session), the server reads
// a backslash in '' as an escape: 'it\'s; x' is one string, so its ';' does
// not split. On (the default), the same bytes end the string at \'.
TEST(Splitter, follows_the_sessions_standard_conforming_strings) {
    const std::string script = "INSERT INTO t VALUES ('it\\'s; x');\nSELECT 1;";
    EXPECT_EQ(texts(split_script(script, false)),
              (std::vector<std::string>{"INSERT INTO t VALUES ('it\\'s; x')", "SELECT 1"}));
    EXPECT_THROW(split_script("SELECT 'a\\';", false), Error);  // the quote is escaped: unterminated
    EXPECT_EQ(split_script("SELECT 'a\\';").size(), 1u);        // on: a backslash is a character
}
