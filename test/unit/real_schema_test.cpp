// What loading a large realistic schema (test/data/saas.sql, the
// introspect_roundtrip layer) found in the core, one behaviour per test.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/diff.hpp"
#include "core/error.hpp"
#include "core/render.hpp"
#include "diff_fixtures.hpp"

using namespace pgkit::core;
using pgkit::core::test::column;
using pgkit::core::test::table;

namespace {

std::string collate_error(const std::string& collation) {
    try {
        collation_sql(collation, "c");
    } catch (const Error& e) {
        return e.sqlstate();
    }
    return "";
}

}  // namespace

// Introspection writes a column's collation as Postgres prints it,
// schema-qualified (pg_catalog."C"); it was quoted whole as one identifier.
TEST(RealSchema, an_introspected_collation_is_rendered_as_a_qualified_name) {
    EXPECT_EQ(collation_sql("pg_catalog.\"C\"", "c"), "\"pg_catalog\".\"C\"");
    EXPECT_EQ(collation_sql("pg_catalog.\"en_US.utf8\"", "c"), "\"pg_catalog\".\"en_US.utf8\"");
    EXPECT_EQ(collation_sql("it_app.ci", "c"), "\"it_app\".\"ci\"");
    EXPECT_EQ(collation_sql("\"My Schema\".\"a\"\"b\"", "c"), "\"My Schema\".\"a\"\"b\"");
    // one bare word is the name as written (the README's "collation": "C")
    EXPECT_EQ(collation_sql("C", "c"), "\"C\"");
    EXPECT_EQ(collation_sql("und-x-icu", "c"), "\"und-x-icu\"");
    // never more than one name
    for (const char* bad : {"", "a.b.c", "\"unterminated", "C\"; DROP TABLE t; --", "a..b", ".a", "a b"})
        EXPECT_EQ(collate_error(bad), "22023") << bad;

    Table t = table("t");
    Column c = column("name", "text");
    c.collation = "pg_catalog.\"C\"";
    t.columns.set("name", c);
    EXPECT_NE(create_table_statements(t)[0].find("\"name\" text COLLATE \"pg_catalog\".\"C\""), std::string::npos);
}
