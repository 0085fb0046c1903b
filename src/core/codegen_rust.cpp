// codegen "rust": one module with, per table, a row struct (serde, and
// sqlx::FromRow behind the `sqlx` feature), a COLUMNS list to select it with,
// an insert and an update struct; enums as Rust enums renamed to their
// labels; and, for every table with the tenant column, a tenant-scoped
// repository whose SQL binds the tenant itself as $1 (anti-IDOR by
// construction). The SQL lives in consts and builders that compile without
// sqlx; the async methods that bind and run it are behind `feature = "sqlx"`.
// Generated code stays within Rust 1.63 (Debian 12's rustc).
#include <fmt/format.h>

#include <unordered_set>

#include "codegen_common.hpp"
#include "error.hpp"
#include "ident.hpp"

namespace pgkit::core::codegen_detail {

namespace {

bool is_keyword(const std::string& s) {
    static const std::unordered_set<std::string> k = {
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
        "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
        "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
        "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final",
        "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen"};
    return k.count(s) != 0;
}

// Returns a valid Rust identifier for `name` (ASCII; keywords as r#kw;
// self/Self/super/crate, which cannot be raw, get a trailing underscore).
std::string rust_ident(const std::string& name) {
    std::string s;
    for (char c : name) s += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
    if (s.empty() || s == "_") s = "field_";
    if (std::isdigit(static_cast<unsigned char>(s[0]))) s = "_" + s;
    if (s == "self" || s == "Self" || s == "super" || s == "crate") return s + "_";
    if (is_keyword(s)) return "r#" + s;
    return s;
}

// Returns text with { and } doubled, for a Rust format! literal.
std::string fmt_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        out += c;
        if (c == '{' || c == '}') out += c;
    }
    return out;
}

std::string bare(const std::string& ident) { return ident.rfind("r#", 0) == 0 ? ident.substr(2) : ident; }

// Returns a Rust string literal.
std::string rust_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\0': out += "\\0"; break;
            default: out += c;
        }
    }
    return out + "\"";
}

struct Field {
    const Column* column;
    ColumnType type;
    std::string ident;   // Rust field name
    std::string scalar;  // the Rust type of one value
    std::string value;   // with Vec<> for arrays, no Option
    bool as_text = false;  // selected as "c"::text and written as $n::type
    std::string sql_type;  // for the write cast when as_text
};

// Returns the Rust type of one value and whether it travels as text.
std::pair<std::string, bool> scalar_type(const ColumnType& t, const Scope& scope, const CodegenOptions& o) {
    switch (t.family) {
        case Family::Int16: return {"i16", false};
        case Family::Int32: return {"i32", false};
        case Family::Int64: return {"i64", false};
        case Family::Numeric:
            return o.numeric == "string" ? std::pair<std::string, bool>{"String", true}
                                         : std::pair<std::string, bool>{"rust_decimal::Decimal", false};
        case Family::Float32: return {"f32", false};
        case Family::Float64: return {"f64", false};
        case Family::Bool: return {"bool", false};
        case Family::Text: return {"String", false};
        case Family::Uuid: return {"uuid::Uuid", false};
        case Family::Date: return {"chrono::NaiveDate", false};
        case Family::Time: return {"chrono::NaiveTime", false};
        case Family::Timestamp: return {"chrono::NaiveDateTime", false};
        case Family::TimestampTz: return {"chrono::DateTime<chrono::Utc>", false};
        // chrono has no time-with-zone or interval type: Postgres' text form.
        case Family::TimeTz: case Family::Interval: return {"String", true};
        case Family::Json: return {"serde_json::Value", false};
        case Family::Bytea: return {"Vec<u8>", false};
        // inet/cidr carry a netmask std::net::IpAddr cannot hold: text.
        case Family::Inet: return {"String", true};
        case Family::Enum: return {scope.enum_type(t.enum_), true};
        case Family::Unknown: return {"String", true};
    }
    return {"String", true};
}

// Returns the SQL spelling of the column's type for a write cast: enums
// quoted and qualified, built-in spellings only when they look like a type.
std::string sql_type(const ColumnType& t) {
    // The canonical spelling quotes user types; outside quotes only plain
    // type-name characters may appear, anything else is quoted whole.
    bool plain = !t.cast.empty();
    bool quoted = false;
    for (char c : t.cast) {
        if (c == '"') quoted = !quoted;
        else if (!quoted)
            plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ' ||
                              c == '(' || c == ')' || c == ',' || c == '.');
    }
    std::string base = plain && !quoted ? t.cast : quote_ident(t.base);
    for (int i = 0; i < t.dims; ++i) base += "[]";
    return base;
}

std::vector<Field> fields(const Table& table, const Snapshot& snapshot, const Scope& scope,
                          const CodegenOptions& o) {
    std::vector<Field> out;
    std::unordered_set<std::string> taken;
    for (const auto& [name, column] : table.columns) {
        Field f{&column, column_type(column, snapshot), {}, {}, {}, false, {}};
        std::string base = rust_ident(field_name(name, o.casing));
        f.ident = base;
        for (int n = 2; taken.count(bare(f.ident)); ++n) f.ident = bare(base) + "_" + std::to_string(n);
        taken.insert(bare(f.ident));
        auto [scalar, text] = scalar_type(f.type, scope, o);
        f.scalar = scalar;
        f.as_text = text;
        f.value = scalar;
        for (int i = 0; i < f.type.dims; ++i) f.value = "Vec<" + f.value + ">";
        if (text) f.sql_type = sql_type(f.type);
        out.push_back(std::move(f));
    }
    return out;
}

// Returns the serde/sqlx attributes that keep the wire name = column name.
std::string rename_attrs(const Field& f) {
    if (bare(f.ident) == f.column->name) return {};
    std::string n = rust_string(f.column->name);
    return fmt::format("    #[serde(rename = {})]\n    #[cfg_attr(feature = \"sqlx\", sqlx(rename = {}))]\n", n, n);
}

std::string unknown_note(const Field& f) {
    if (f.type.family != Family::Unknown) return {};
    return fmt::format(" // pgkit: unknown type {}", rust_string(comment_text(f.column->type)));
}

// Returns the select-list entry of a column.
std::string select_item(const Field& f) {
    std::string q = quote_ident(f.column->name);
    if (!f.as_text) return q;
    std::string text = "text";
    for (int i = 0; i < f.type.dims; ++i) text += "[]";
    return fmt::format("{}::{} AS {}", q, text, q);
}

// Returns the placeholder for parameter n of a column: text-bound values
// are cast back to the column's type.
std::string placeholder(const Field& f, int n) {
    return f.as_text ? fmt::format("${}::{}", n, f.sql_type) : fmt::format("${}", n);
}

std::string enum_code(const EnumItem& e) {
    std::string variants, all, arms;
    std::unordered_set<std::string> taken;
    for (const auto& label : e.enum_->values) {
        std::string v = rust_ident(pascal(label));
        if (v.rfind("r#", 0) == 0) v = v.substr(2) + "_";
        std::string base = v;
        for (int n = 2; taken.count(v); ++n) v = base + std::to_string(n);
        taken.insert(v);
        std::string l = rust_string(label);
        variants += fmt::format("    #[serde(rename = {})]\n    #[cfg_attr(feature = \"sqlx\", sqlx(rename = {}))]\n    {},\n", l, l, v);
        all += fmt::format("{}::{}, ", e.type, v);
        arms += fmt::format("            {}::{} => {},\n", e.type, v, l);
    }
    return fmt::format(
        "\n/// enum {}.{}: selected as text (`\"c\"::text`), written back with a cast.\n"
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]\n"
        "#[cfg_attr(feature = \"sqlx\", derive(sqlx::Type), sqlx(type_name = \"text\"))]\n"
        "pub enum {} {{\n{}}}\n\n"
        "impl {} {{\n    pub const ALL: &'static [{}] = &[{}];\n"
        "    /// Returns the label as stored in Postgres.\n"
        "    pub fn as_str(&self) -> &'static str {{\n        match self {{\n{}        }}\n    }}\n}}\n",
        comment_text(e.enum_->schema), comment_text(e.enum_->name), e.type, variants, e.type, e.type, all,
        arms);
}

// Returns the primary key columns (single-column PK or the first composite).
std::vector<std::string> primary_key(const Table& t) {
    std::vector<std::string> out;
    for (const auto& [name, c] : t.columns)
        if (c.primaryKey) out.push_back(name);
    if (out.empty() && !t.compositePrimaryKeys.empty()) out = t.compositePrimaryKeys.begin()->second.columns;
    return out;
}

std::string repository(const TableItem& t, const std::vector<Field>& fs, const Field& tenant,
                       const std::string& qualified) {
    std::vector<const Field*> ids;
    for (const auto& pk : primary_key(*t.table))
        for (const auto& f : fs)
            if (f.column->name == pk && &f != &tenant) ids.push_back(&f);
    const std::string& T = t.type;
    std::string tenant_where = quote_ident(tenant.column->name) + " = " + placeholder(tenant, 1);
    std::string id_where = tenant_where;
    for (std::size_t i = 0; i < ids.size(); ++i)
        id_where += " AND " + quote_ident(ids[i]->column->name) + " = " + placeholder(*ids[i], static_cast<int>(i) + 2);
    std::string id_params, id_binds, id_args;
    for (const auto* f : ids) {
        id_params += fmt::format(", {}: &{}", f->ident, f->value);
        id_binds += fmt::format(".bind({})", f->ident);
        id_args += fmt::format(", {}", f->ident);
    }
    std::string cols;
    for (const auto& f : fs) cols += (cols.empty() ? "" : ", ") + select_item(f);
    std::string out = fmt::format(
        "\n/// Tenant-scoped statements for {}: every one binds the repository's\n"
        "/// tenant as $1 itself, so no query can forget it. Without the `sqlx`\n"
        "/// feature use the SQL consts and builders (parameters in the documented order).\n"
        "#[derive(Debug, Clone)]\npub struct {}Repository {{\n    tenant: {},\n}}\n\nimpl {}Repository {{\n"
        "    /// $1 = tenant.\n    pub const LIST_BY_TENANT: &'static str = {};\n",
        comment_text(qualified), T, tenant.value, T,
        rust_string(fmt::format("SELECT {} FROM {} WHERE {}", cols, qualified, tenant_where)));
    if (!ids.empty()) {
        std::string pk_doc = "$1 = tenant";
        for (std::size_t i = 0; i < ids.size(); ++i)
            pk_doc += fmt::format(", ${} = {}", i + 2, comment_text(ids[i]->column->name));
        out += fmt::format("    /// {}.\n    pub const FIND_BY_ID: &'static str = {};\n", pk_doc,
                           rust_string(fmt::format("SELECT {} FROM {} WHERE {}", cols, qualified, id_where)));
        out += fmt::format("    /// {}.\n    pub const DELETE_BY_ID: &'static str = {};\n", pk_doc,
                           rust_string(fmt::format("DELETE FROM {} WHERE {}", qualified, id_where)));
    }
    out += fmt::format("\n    pub fn new(tenant: {}) -> Self {{\n        Self {{ tenant }}\n    }}\n\n"
                       "    pub fn tenant(&self) -> &{} {{\n        &self.tenant\n    }}\n",
                       tenant.value, tenant.value);
    // insert_sql: the tenant column comes from the repository, the rest from
    // the row (optional fields only when Some, so the server fills them).
    std::string ins = fmt::format(
        "\n    /// Returns the INSERT for `row`: $1 = tenant (row.{} is ignored), then the\n"
        "    /// row's fields in declaration order, optional ones only when Some.\n"
        "    pub fn insert_sql(row: &{}Insert) -> String {{\n"
        "        let mut cols: Vec<&'static str> = vec![{}];\n"
        "        let mut vals: Vec<String> = vec![{}.to_string()];\n"
        "        let _ = &row;\n",
        tenant.ident, T, rust_string(quote_ident(tenant.column->name)), rust_string(placeholder(tenant, 1)));
    std::string ins_bind;
    for (const auto& f : fs) {
        if (&f == &tenant || insert_absent(*f.column)) continue;
        std::string push = fmt::format(
            "cols.push({}); vals.push(format!({}, vals.len() + 1));", rust_string(quote_ident(f.column->name)),
            rust_string(f.as_text ? "${}::" + fmt_escape(f.sql_type) : std::string("${}")));
        if (insert_optional(*f.column, f.type)) {
            ins += fmt::format("        if row.{}.is_some() {{ {} }}\n", f.ident, push);
            ins_bind += fmt::format("        if let Some(v) = &row.{} {{\n            q = q.bind(v);\n        }}\n", f.ident);
        } else {
            ins += fmt::format("        {}\n", push);
            ins_bind += fmt::format("        q = q.bind(&row.{});\n", f.ident);
        }
    }
    ins += fmt::format("        format!(\"INSERT INTO {{}} ({{}}) VALUES ({{}}) RETURNING {{}}\", {}::TABLE, cols.join(\", \"), vals.join(\", \"), {}::COLUMNS)\n    }}\n",
                       T, T);
    out += ins;
    std::string upd_bind;
    if (!ids.empty()) {
        std::string upd = fmt::format(
            "\n    /// Returns the UPDATE for `patch` (None when it sets nothing): $1 = tenant,\n"
            "    /// then the key, then the patch's Some fields in declaration order.\n"
            "    pub fn update_sql(patch: &{}Update) -> Option<String> {{\n"
            "        let mut sets: Vec<String> = Vec::new();\n        let first = {};\n        let _ = &patch;\n",
            T, ids.size() + 2);
        for (const auto& f : fs) {
            if (&f == &tenant || insert_absent(*f.column) ||
                std::find(ids.begin(), ids.end(), &f) != ids.end())
                continue;
            upd += fmt::format("        if patch.{}.is_some() {{ sets.push(format!({}, first + sets.len())); }}\n", f.ident,
                               rust_string(fmt_escape(quote_ident(f.column->name)) + " = " +
                                           (f.as_text ? "${}::" + fmt_escape(f.sql_type) : std::string("${}"))));
            upd_bind += fmt::format("        if let Some(v) = &patch.{} {{\n            q = q.bind(v);\n        }}\n", f.ident);
        }
        std::string where = id_where;
        upd += fmt::format("        if sets.is_empty() {{\n            return None;\n        }}\n"
                           "        Some(format!(\"UPDATE {{}} SET {{}} WHERE {{}} RETURNING {{}}\", {}::TABLE, sets.join(\", \"), {}, {}::COLUMNS))\n    }}\n",
                           T, rust_string(where), T);
        out += upd;
    }
    // The sqlx methods: bind everything, tenant first.
    out += fmt::format(
        "\n    #[cfg(feature = \"sqlx\")]\n"
        "    pub async fn list_by_tenant<'e, E: sqlx::PgExecutor<'e>>(&self, db: E) -> Result<Vec<{}>, sqlx::Error> {{\n"
        "        sqlx::query_as::<_, {}>(Self::LIST_BY_TENANT).bind(&self.tenant).fetch_all(db).await\n    }}\n",
        T, T);
    if (!ids.empty()) {
        out += fmt::format(
            "\n    #[cfg(feature = \"sqlx\")]\n"
            "    pub async fn find_by_id<'e, E: sqlx::PgExecutor<'e>>(&self, db: E{}) -> Result<Option<{}>, sqlx::Error> {{\n"
            "        sqlx::query_as::<_, {}>(Self::FIND_BY_ID).bind(&self.tenant){}.fetch_optional(db).await\n    }}\n"
            "\n    #[cfg(feature = \"sqlx\")]\n"
            "    pub async fn delete_by_id<'e, E: sqlx::PgExecutor<'e>>(&self, db: E{}) -> Result<u64, sqlx::Error> {{\n"
            "        sqlx::query(Self::DELETE_BY_ID).bind(&self.tenant){}.execute(db).await.map(|r| r.rows_affected())\n    }}\n"
            "\n    #[cfg(feature = \"sqlx\")]\n"
            "    pub async fn update<'e, E: sqlx::PgExecutor<'e>>(&self, db: E{}, patch: &{}Update) -> Result<Option<{}>, sqlx::Error> {{\n"
            "        let sql = match Self::update_sql(patch) {{\n            Some(sql) => sql,\n"
            "            None => return self.find_by_id(db{}).await,\n        }};\n"
            "        let mut q = sqlx::query_as::<_, {}>(&sql).bind(&self.tenant){};\n{}"
            "        q.fetch_optional(db).await\n    }}\n",
            id_params, T, T, id_binds, id_params, id_binds, id_params, T, T, id_args, T, id_binds, upd_bind);
    }
    out += fmt::format(
        "\n    #[cfg(feature = \"sqlx\")]\n"
        "    pub async fn insert<'e, E: sqlx::PgExecutor<'e>>(&self, db: E, row: &{}Insert) -> Result<{}, sqlx::Error> {{\n"
        "        let sql = Self::insert_sql(row);\n"
        "        let mut q = sqlx::query_as::<_, {}>(&sql).bind(&self.tenant);\n{}"
        "        q.fetch_one(db).await\n    }}\n}}\n",
        T, T, T, ins_bind);
    return out;
}

}  // namespace

std::string codegen_rust(const Snapshot& snapshot, const Scope& scope, const CodegenOptions& o) {
    std::string out =
        "//! Generated by pgkit.codegen('rust'); do not edit.\n"
        "//! Needs serde (derive), serde_json, chrono (serde), uuid (serde)"
        + std::string(o.numeric == "string" ? "" : ", rust_decimal (serde)") +
        "; the `sqlx` feature adds\n"
        "//! sqlx::FromRow / sqlx::Type derives and async repository methods.\n"
        "//! Select rows with `<Struct>::COLUMNS`: enum, interval, timetz, inet and unknown\n"
        "//! types come as text.\n"
        "#![allow(dead_code, unused_imports, unused_mut, non_snake_case, non_camel_case_types, clippy::all)]\n\n"
        "use serde::{Deserialize, Serialize};\n";
    for (const auto& e : scope.enums) out += enum_code(e);
    for (const auto& t : scope.tables) {
        std::vector<Field> fs = fields(*t.table, snapshot, scope, o);
        std::string qualified = quote_qualified(t.schema, t.table->name);
        std::string row, insert, update, cols;
        const Field* tenant = nullptr;
        for (const auto& f : fs) {
            std::string attrs = rename_attrs(f);
            std::string note = unknown_note(f);
            row += fmt::format("{}    pub {}: {},{}\n", attrs, f.ident,
                               f.column->notNull ? f.value : "Option<" + f.value + ">", note);
            cols += (cols.empty() ? "" : ", ") + select_item(f);
            if (f.column->name == o.tenant_column) tenant = &f;
            if (insert_absent(*f.column)) continue;
            if (insert_optional(*f.column, f.type))
                insert += fmt::format("{}    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub {}: Option<{}>,{}\n",
                                      attrs, f.ident, f.value, note);
            else
                insert += fmt::format("{}    pub {}: {},{}\n", attrs, f.ident, f.value, note);
            update += fmt::format("{}    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub {}: Option<{}>,{}\n",
                                  attrs, f.ident, f.column->notNull ? f.value : "Option<" + f.value + ">", note);
        }
        std::string where = comment_text(t.schema + "." + t.table->name);
        out += fmt::format(
            "\n/// A row of {}.\n#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\n"
            "#[cfg_attr(feature = \"sqlx\", derive(sqlx::FromRow))]\npub struct {} {{\n{}}}\n\n"
            "impl {} {{\n    pub const TABLE: &'static str = {};\n    pub const COLUMNS: &'static str = {};\n}}\n",
            where, t.type, row, t.type, rust_string(qualified), rust_string(cols));
        out += fmt::format(
            "\n/// An INSERT into {}: server-filled columns optional (None = default),\n"
            "/// generated and identity ALWAYS columns absent.\n"
            "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\npub struct {}Insert {{\n{}}}\n",
            where, t.type, insert);
        out += fmt::format(
            "\n/// An UPDATE of {}: None = unchanged (Some(None) sets a nullable column to NULL).\n"
            "#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]\npub struct {}Update {{\n{}}}\n",
            where, t.type, update);
        if (tenant && !insert_absent(*tenant->column)) out += repository(t, fs, *tenant, qualified);
    }
    return out;
}

}  // namespace pgkit::core::codegen_detail
