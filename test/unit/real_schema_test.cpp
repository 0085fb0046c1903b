// What loading a large realistic schema (test/data/saas.sql, the
// introspect_roundtrip layer) found in the core, one behaviour per test.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/diff.hpp"
#include "core/error.hpp"
#include "core/render.hpp"
#include "core/snapshot.hpp"
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

namespace {

// A table of a hosted project whose extensions live in schema "extensions",
// as introspection reads it: the types and the opclass carry their schema.
Table extension_table() {
    Table t = table("accounts");
    Column email = column("email", "citext");
    email.extensionTypeSchema = "extensions";
    t.columns.set("email", email);
    Column aliases = column("aliases", "citext[]");
    aliases.extensionTypeSchema = "extensions";
    t.columns.set("aliases", aliases);
    Column embedding = column("embedding", "vector(3)");
    embedding.extensionTypeSchema = "extensions";
    t.columns.set("embedding", embedding);
    Index ix;
    ix.name = "accounts_email_trgm";
    ix.method = "gin";
    IndexColumn ic;
    ic.expression = "email";
    ic.opclass = "gin_trgm_ops";
    ic.opclassSchema = "extensions";
    ix.columns.push_back(ic);
    t.indexes.set(ix.name, ix);
    return t;
}

}  // namespace

// An extension installed in its own schema (not on a fresh database's
// search_path): its types and opclasses were printed bare, so a database
// recreated from the snapshot could not find them.
TEST(RealSchema, extension_types_and_opclasses_outside_public_are_named_with_their_schema) {
    auto st = create_table_statements(extension_table());
    EXPECT_NE(st[0].find("\"email\" \"extensions\".\"citext\","), std::string::npos) << st[0];
    EXPECT_NE(st[0].find("\"aliases\" \"extensions\".\"citext\"[],"), std::string::npos) << st[0];
    EXPECT_NE(st[0].find("\"embedding\" \"extensions\".\"vector\"(3)\n"), std::string::npos) << st[0];
    EXPECT_EQ(st.back(),
              "CREATE INDEX \"accounts_email_trgm\" ON \"accounts\" USING gin (\"email\" \"extensions\".gin_trgm_ops);");
    // modifiers stay plain SQL: anything else is refused
    Table bad = extension_table();
    bad.columns.find("embedding")->type = "vector(3); DROP TABLE x";
    EXPECT_THROW(create_table_statements(bad), Error);
}

// drizzle-kit has no place for these schemas: a drizzle snapshot spells the
// same columns and index without them, and that is no change.
TEST(RealSchema, a_drizzle_spelling_without_the_schemas_is_no_change) {
    Snapshot live, drizzle;
    live.tables.set("public.accounts", extension_table());
    Table plain = extension_table();
    for (auto& [k, c] : plain.columns) c.extensionTypeSchema.reset();
    for (auto& [k, ix] : plain.indexes)
        for (auto& ic : ix.columns) ic.opclassSchema.reset();
    drizzle.tables.set("public.accounts", plain);
    EXPECT_TRUE(diff(live, drizzle).empty());
    EXPECT_TRUE(diff(drizzle, live).empty());
}

// The extras round-trip through the snapshot and drizzle mode omits them.
TEST(RealSchema, extension_schemas_are_pgkit_extras) {
    Snapshot s;
    s.tables.set("public.accounts", extension_table());
    Snapshot back = read_snapshot(write_snapshot(s));
    const Table& t = *back.tables.find("public.accounts");
    EXPECT_EQ(t.columns.find("embedding")->extensionTypeSchema, "extensions");
    EXPECT_EQ(t.indexes.find("accounts_email_trgm")->columns[0].opclassSchema, "extensions");
    std::string plain = write_snapshot(s, {.drizzle_only = true});
    EXPECT_EQ(plain.find("extensions"), std::string::npos) << plain;
}

// drizzle-kit quotes a type outside its native list as if user-defined; a
// PostGIS geography(Point,4326) came out as one quoted identifier.
TEST(RealSchema, a_quoted_type_keeps_its_modifiers_outside_the_quotes) {
    Column c = column("area", "geography(Point,4326)");
    EXPECT_EQ(column_type_sql(c, false, false), "\"geography\"(Point,4326)");
    c.type = "geography(Point,4326)[]";
    EXPECT_EQ(column_type_sql(c, false, false), "\"geography\"(Point,4326)[]");
    c.type = "inet";  // drizzle-kit's quirk stays: quoted, no modifiers
    EXPECT_EQ(column_type_sql(c, false, false), "\"inet\"");
    c.type = "geography(Point); DROP TABLE t";
    EXPECT_THROW(column_type_sql(c, false, false), Error);
}

namespace {

// "currency" (id, code) and "price" (id, currency_code), keyed by id.
Snapshot currencies(bool unique_index, bool unique_constraint, bool fk) {
    Table cur = table("currency"), price = table("price");
    cur.columns.set("code", column("code", "char(3)"));
    price.columns.set("currency_code", column("currency_code", "char(3)"));
    if (unique_index) {
        Index ix;
        ix.name = "currency_code_idx";
        ix.isUnique = true;
        IndexColumn c;
        c.expression = "code";
        ix.columns.push_back(c);
        cur.indexes.set(ix.name, ix);
    }
    if (unique_constraint) cur.uniqueConstraints.set("currency_code_key", Unique{"currency_code_key", {"code"}});
    if (fk) {
        ForeignKey k;
        k.name = "price_currency_fk";
        k.tableFrom = "price";
        k.columnsFrom = {"currency_code"};
        k.tableTo = "currency";
        k.columnsTo = {"code"};
        price.foreignKeys.set(k.name, k);
    }
    Snapshot s;
    s.tables.set("public.price", price);
    s.tables.set("public.currency", cur);
    return s;
}

std::size_t position(const std::vector<Statement>& st, const std::string& needle) {
    for (std::size_t i = 0; i < st.size(); ++i)
        if (st[i].sql.find(needle) != std::string::npos) return i;
    return st.size();
}

}  // namespace

// A foreign key may reference a unique index that is no constraint (Rails
// schemas do): the index must exist before the key. drizzle-kit's order
// (keys, then indexes; uniques of existing tables after the keys) failed
// with "there is no unique constraint matching given keys".
TEST(RealSchema, a_unique_a_foreign_key_references_comes_before_the_key) {
    auto before_fk = [](const std::vector<Statement>& st, const std::string& what) {
        return position(st, what) < position(st, "FOREIGN KEY");
    };
    auto created = diff(Snapshot{}, currencies(true, false, true));
    EXPECT_TRUE(before_fk(created, "CREATE UNIQUE INDEX \"currency_code_idx\""));
    auto index_added = diff(currencies(false, false, false), currencies(true, false, true));
    EXPECT_TRUE(before_fk(index_added, "CREATE UNIQUE INDEX \"currency_code_idx\""));
    auto unique_added = diff(currencies(false, false, false), currencies(false, true, true));
    EXPECT_TRUE(before_fk(unique_added, "ADD CONSTRAINT \"currency_code_key\" UNIQUE"));
    // an index no key references keeps drizzle-kit's place, after the keys
    auto unreferenced = diff(currencies(false, false, false), currencies(true, false, false));
    ASSERT_EQ(unreferenced.size(), 1u);
}
