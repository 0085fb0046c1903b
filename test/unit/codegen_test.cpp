// codegen: each target's mapping of every type family, names, nullability,
// insert optionality, the tenant repository's SQL, and option errors. The
// fixture is test/codegen/all_types.json (one column per family).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/codegen.hpp"
#include "core/codegen_common.hpp"
#include "core/error.hpp"
#include "core/snapshot.hpp"

using namespace pgkit::core;

namespace {

const Snapshot& all_types() {
    static const Snapshot s = [] {
        std::ifstream in(std::string(PGKIT_SOURCE_DIR) + "/test/codegen/all_types.json");
        std::stringstream buf;
        buf << in.rdbuf();
        return read_snapshot(buf.str());
    }();
    return s;
}

std::string gen(std::string_view target, std::string_view options = "{}") {
    return codegen(all_types(), target, parse_codegen_options(options));
}

// Returns the text of the Rust/TS block that starts with `start` up to the next "\n}\n".
std::string block(const std::string& code, const std::string& start) {
    auto b = code.find(start);
    if (b == std::string::npos) return {};
    auto e = code.find("\n}\n", b);
    return code.substr(b, e == std::string::npos ? std::string::npos : e - b + 3);
}

void expect_contains(const std::string& text, const std::string& part) {
    EXPECT_NE(text.find(part), std::string::npos) << "missing: " << part << "\nin:\n" << text;
}

std::string sqlstate_of(std::string_view target, std::string_view options) {
    try {
        gen(target, options);
    } catch (const Error& e) {
        return e.sqlstate() + " " + e.what();
    }
    return "no error";
}

}  // namespace

TEST(Codegen, names_split_words_at_case_and_separators) {
    using namespace codegen_detail;
    EXPECT_EQ(pascal("invoice_line"), "InvoiceLine");
    EXPECT_EQ(pascal("InvoiceLine"), "InvoiceLine");
    EXPECT_EQ(pascal("user-profiles"), "UserProfiles");
    EXPECT_EQ(pascal("HTTPServer"), "HttpServer");
    EXPECT_EQ(pascal("2fa"), "T2fa");
    EXPECT_EQ(pascal("--"), "Unnamed");
    EXPECT_EQ(camel("AlbumId"), "albumId");
    EXPECT_EQ(snake("AlbumId"), "album_id");
    EXPECT_EQ(snake("Mixed Case"), "mixed_case");
    EXPECT_EQ(field_name("AlbumId", "preserve"), "AlbumId");
}

TEST(Codegen, rust_maps_every_type_family) {
    std::string row = block(gen("rust"), "pub struct AllTypes {");
    for (const char* f : {"pub small: i16,", "pub regular: i32,", "pub big: i64,",
                          "pub exact: rust_decimal::Decimal,", "pub approx: f32,", "pub double: f64,",
                          "pub flag: bool,", "pub body: String,", "pub code: String,", "pub r#ref: uuid::Uuid,",
                          "pub day: chrono::NaiveDate,", "pub clock: chrono::NaiveTime,", "pub clock_tz: String,",
                          "pub at: chrono::NaiveDateTime,", "pub at_tz: chrono::DateTime<chrono::Utc>,",
                          "pub span: String,", "pub doc: serde_json::Value,", "pub docb: serde_json::Value,",
                          "pub bytes: Vec<u8>,", "pub addr: String,", "pub net: String,", "pub mood: Mood,",
                          "pub moods: Vec<Mood>,", "pub grid: Vec<Vec<i32>>,", "pub labels: Vec<String>,",
                          "pub spot: String, // pgkit: unknown type \"point\"", "pub r#type: Option<String>,",
                          "pub nullable_mood: Option<Mood>,", "pub doubled: Option<i32>,"})
        expect_contains(row, f);
}

TEST(Codegen, rust_identifiers_are_valid_and_keep_wire_names) {
    std::string code = gen("rust");
    std::string row = block(code, "pub struct AllTypes {");
    expect_contains(row, "#[serde(rename = \"2fa\")]\n    #[cfg_attr(feature = \"sqlx\", sqlx(rename = \"2fa\"))]\n    pub c_2fa: Option<bool>,");
    expect_contains(row, "#[serde(rename = \"Mixed Case\")]");
    expect_contains(row, "pub mixed_case: Option<String>,");
    // A table named "option" must not shadow std's Option; "self" is not a raw identifier.
    expect_contains(code, "pub struct Option2 {");
    expect_contains(block(code, "pub struct Option2 {"), "pub self_: String,");
    expect_contains(block(code, "pub struct Option2 {"), "pub r#match: Option<i32>,");
    // Enum variants rename to their labels.
    expect_contains(code, "#[serde(rename = \"so-so\")]\n    #[cfg_attr(feature = \"sqlx\", sqlx(rename = \"so-so\"))]\n    SoSo,");
    expect_contains(code, "    T1st,");
    expect_contains(code, "#[cfg_attr(feature = \"sqlx\", derive(sqlx::FromRow))]\npub struct AllTypes {");
}

TEST(Codegen, rust_columns_select_text_for_types_without_a_native_mapping) {
    std::string code = gen("rust");
    std::string cols = block(code, "impl AllTypes {");
    expect_contains(cols, R"(\"mood\"::text AS \"mood\")");
    expect_contains(cols, R"(\"moods\"::text[] AS \"moods\")");
    expect_contains(cols, R"(\"span\"::text AS \"span\")");
    expect_contains(cols, R"(\"spot\"::text AS \"spot\")");
    expect_contains(cols, R"(\"exact\", )");
    expect_contains(cols, R"(pub const TABLE: &'static str = "\"public\".\"all_types\"";)");
    // numeric = "string": String, selected as text.
    std::string s = gen("rust", R"({"numeric": "String"})");
    expect_contains(block(s, "pub struct AllTypes {"), "pub exact: String,");
    expect_contains(block(s, "impl AllTypes {"), R"(\"exact\"::text AS \"exact\")");
}

TEST(Codegen, rust_insert_struct_leaves_server_filled_columns_optional_and_generated_ones_out) {
    std::string ins = block(gen("rust"), "pub struct AllTypesInsert {");
    expect_contains(ins, "pub id: Option<i32>,");          // serial
    expect_contains(ins, "pub default_id: Option<i32>,");  // identity BY DEFAULT
    expect_contains(ins, "pub labels: Option<Vec<String>>,");  // default '{}'
    expect_contains(ins, "pub small: i16,");
    EXPECT_EQ(ins.find("always_id"), std::string::npos);  // identity ALWAYS
    EXPECT_EQ(ins.find("doubled"), std::string::npos);    // generated
}

TEST(Codegen, rust_repository_binds_the_tenant_first_in_every_statement) {
    std::string code = gen("rust");
    std::string repo = block(code, "impl AccountsRepository {");
    expect_contains(repo, R"(WHERE \"tenant_id\" = $1";)");
    expect_contains(repo, R"(FIND_BY_ID: &'static str = "SELECT \"id\", \"tenant_id\", \"name\", \"status\"::text AS \"status\", \"balance\", \"created_at\" FROM \"public\".\"accounts\" WHERE \"tenant_id\" = $1 AND \"id\" = $2";)");
    expect_contains(repo, R"(DELETE_BY_ID: &'static str = "DELETE FROM \"public\".\"accounts\" WHERE \"tenant_id\" = $1 AND \"id\" = $2";)");
    expect_contains(repo, R"(vals.push(format!("${}::\"public\".\"mood\"", vals.len() + 1));)");
    expect_contains(repo, "pub async fn find_by_id<'e, E: sqlx::PgExecutor<'e>>(&self, db: E, id: &uuid::Uuid)");
    // Composite key (tenant_id, id) in schema app: the key left is id.
    std::string lines = block(code, "impl AppInvoiceLinesRepository {");
    expect_contains(lines, R"(FROM \"app\".\"invoice_lines\" WHERE \"tenant_id\" = $1 AND \"id\" = $2)");
    expect_contains(lines, "tenant: uuid::Uuid") ;
    // No tenant column, no repository; another tenant column moves it.
    EXPECT_EQ(code.find("AllTypesRepository"), std::string::npos);
    std::string other = gen("rust", R"({"tenant_column": "regular"})");
    EXPECT_NE(other.find("pub struct AllTypesRepository"), std::string::npos);
    EXPECT_EQ(other.find("pub struct AccountsRepository"), std::string::npos);
}

TEST(Codegen, typescript_types_nullability_and_insert_optionality) {
    std::string code = gen("typescript");
    expect_contains(code, "export type Mood = \"sad\" | \"ok\" | \"happy\" | \"so-so\" | \"1st\";");
    std::string row = block(code, "export interface AllTypes {");
    for (const char* f : {"  big: number;", "  exact: string;", "  moods: Mood[];", "  grid: number[][];",
                          "  \"2fa\": boolean | null;", "  doc: Json;", "  at_tz: string;",
                          "  spot: unknown; // pgkit: unknown type \"point\"", "  doubled: number | null;"})
        expect_contains(row, f);
    std::string ins = block(code, "export interface AllTypesInsert {");
    expect_contains(ins, "  id?: number;");
    expect_contains(ins, "  small: number;");
    expect_contains(ins, "  nullable_mood?: Mood | null;");
    EXPECT_EQ(ins.find("doubled"), std::string::npos);
    EXPECT_EQ(ins.find("always_id"), std::string::npos);
    expect_contains(block(gen("typescript", R"({"dates": "date"})"), "export interface AllTypes {"), "  day: Date;");
    expect_contains(block(gen("typescript", R"({"casing": "camel"})"), "export interface AllTypes {"),
                    "  mixedCase: string | null;");
}

TEST(Codegen, zod_schemas_match_drizzle_zod) {
    std::string code = gen("zod");
    std::string sel = block(code, "export const allTypesSelectSchema = z.object({");
    for (const char* f : {"  small: z.number().int().min(-32768).max(32767),",
                          "  regular: z.number().int().min(-2147483648).max(2147483647),",
                          "  big: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),",
                          "  code: z.string().max(20),", "  ref: z.string().uuid(),", "  day: z.string().date(),",
                          "  at: z.string().datetime({ local: true }),", "  at_tz: z.string().datetime({ offset: true }),",
                          "  exact: numericSchema,", "  doc: jsonSchema,", "  mood: moodSchema,",
                          "  moods: z.array(moodSchema),", "  nullable_int: z.number().int().min(-2147483648).max(2147483647).nullable(),"})
        expect_contains(sel, f);
    std::string ins = block(code, "export const allTypesInsertSchema = z.object({");
    expect_contains(ins, "  id: z.number().int().min(-2147483648).max(2147483647).optional(),");
    expect_contains(ins, "  type: z.string().nullable().optional(),");
    EXPECT_EQ(ins.find("doubled"), std::string::npos);
    expect_contains(code, "export type AllTypesSelect = z.infer<typeof allTypesSelectSchema>;");
    expect_contains(code, "  \"app.invoice_lines\": { select: appInvoiceLinesSelectSchema, insert: appInvoiceLinesInsertSchema },");
    expect_contains(gen("zod", R"({"dates": "date"})"), "  day: z.coerce.date(),");
}

TEST(Codegen, schemas_option_filters_tables_but_keeps_used_enums) {
    std::string code = gen("typescript", R"({"schemas": ["app"]})");
    EXPECT_NE(code.find("export interface AppInvoiceLines {"), std::string::npos);
    EXPECT_EQ(code.find("export interface Accounts {"), std::string::npos);
    EXPECT_EQ(code.find("export type Mood"), std::string::npos);
}

TEST(Codegen, unknown_target_and_options_are_22023_naming_them) {
    EXPECT_EQ(sqlstate_of("java", "{}"), "22023 pgkit: codegen: unknown target \"java\"");
    EXPECT_EQ(sqlstate_of("rust", R"({"colour": 1})"), "22023 pgkit: codegen: unknown option \"colour\"");
    EXPECT_EQ(sqlstate_of("rust", R"({"casing": "kebab"})"),
              "22023 pgkit: codegen: option \"casing\": unknown value \"kebab\"");
    EXPECT_EQ(sqlstate_of("zod", R"({"dates": true})"), "22023 pgkit: codegen: option \"dates\" must be a string");
    EXPECT_EQ(sqlstate_of("zod", "[]"), "22023 pgkit: codegen: options must be a JSON object");
}
