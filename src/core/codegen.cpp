// Codegen's shared part: options, type families, the tables and enums in
// scope and their names, and the dispatch to the three targets.
#include "codegen.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <unordered_map>

#include "codegen_common.hpp"
#include "error.hpp"
#include "types.hpp"

namespace pgkit::core {

namespace codegen_detail {
std::string codegen_rust(const Snapshot&, const Scope&, const CodegenOptions&);
std::string codegen_typescript(const Snapshot&, const Scope&, const CodegenOptions&);
std::string codegen_zod(const Snapshot&, const Scope&, const CodegenOptions&);
}  // namespace codegen_detail

namespace {

[[noreturn]] void bad_option(const std::string& message, const std::string& hint = {}) {
    throw Error(sqlstate::invalid_parameter, "pgkit: codegen: " + message, {}, hint);
}

// Returns the string value of option `key`, checked against `allowed`.
std::string one_of(const boost::json::value& v, const std::string& key,
                   std::initializer_list<const char*> allowed) {
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    if (!v.is_string()) bad_option("option \"" + key + "\" must be a string", "one of " + list);
    std::string s(v.as_string());
    for (const char* a : allowed)
        if (s == a) return s;
    bad_option("option \"" + key + "\": unknown value \"" + s + "\"", "one of " + list);
}

}  // namespace

CodegenOptions parse_codegen_options(std::string_view json) {
    CodegenOptions o;
    boost::system::error_code ec;
    boost::json::value doc = boost::json::parse(json, ec);
    if (ec) bad_option("options are not JSON: " + ec.message());
    if (doc.is_null()) return o;
    if (!doc.is_object()) bad_option("options must be a JSON object");
    for (const auto& [k, v] : doc.as_object()) {
        std::string key(k);
        if (key == "casing") {
            o.casing = one_of(v, key, {"preserve", "camel", "snake"});
        } else if (key == "numeric") {
            o.numeric = one_of(v, key, {"rust_decimal", "string", "String"});
            if (o.numeric == "String") o.numeric = "string";
        } else if (key == "dates") {
            o.dates = one_of(v, key, {"string", "date"});
        } else if (key == "tenant_column") {
            if (!v.is_string() || v.as_string().empty())
                bad_option("option \"tenant_column\" must be a non-empty string");
            o.tenant_column = std::string(v.as_string());
        } else if (key == "schemas") {
            if (!v.is_array()) bad_option("option \"schemas\" must be an array of schema names");
            for (const auto& s : v.as_array()) {
                if (!s.is_string()) bad_option("option \"schemas\" must be an array of schema names");
                o.schemas.emplace_back(s.as_string());
            }
        } else {
            bad_option("unknown option \"" + key + "\"",
                       "options are casing, schemas, numeric, tenant_column, dates");
        }
    }
    return o;
}

std::string codegen(const Snapshot& snapshot, std::string_view target, const CodegenOptions& options) {
    using namespace codegen_detail;
    CodegenOptions o = options;
    if (target == "rust") {
        if (o.casing.empty()) o.casing = "snake";
        return codegen_rust(snapshot, scope(snapshot, o), o);
    }
    if (o.casing.empty()) o.casing = "preserve";
    if (target == "typescript") return codegen_typescript(snapshot, scope(snapshot, o), o);
    if (target == "zod") return codegen_zod(snapshot, scope(snapshot, o), o);
    bad_option("unknown target \"" + std::string(target) + "\"", "one of rust, typescript, zod");
}

namespace codegen_detail {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view s) {
    auto b = s.find_first_not_of(" \t\n");
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(" \t\n");
    return std::string(s.substr(b, e - b + 1));
}

// Returns the words of an identifier: split at non-alphanumerics (bytes
// >= 0x80 count as letters, so non-ASCII names survive) and at lower->upper
// and letter/digit boundaries ("InvoiceLineId" -> Invoice, Line, Id).
std::vector<std::string> words(std::string_view name) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) out.push_back(std::move(cur));
        cur.clear();
    };
    for (std::size_t i = 0; i < name.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(name[i]);
        bool alnum = std::isalnum(c) || c >= 0x80;
        if (!alnum) {
            flush();
            continue;
        }
        if (!cur.empty()) {
            unsigned char p = static_cast<unsigned char>(cur.back());
            bool upper_after_lower = std::isupper(c) && (std::islower(p) || std::isdigit(p));
            // "HTTPServer": the S of Server starts a word (next char is lower).
            bool acronym_end = std::isupper(c) && std::isupper(p) && i + 1 < name.size() &&
                               std::islower(static_cast<unsigned char>(name[i + 1]));
            if (upper_after_lower || acronym_end) flush();
        }
        cur += static_cast<char>(c);
    }
    flush();
    return out;
}

std::string capitalised(const std::string& w) {
    std::string s = lower(w);
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

// Names no generated type may take: what the generated code itself uses.
const std::unordered_set<std::string>& reserved_types() {
    static const std::unordered_set<std::string> r = {
        "Option", "Some", "None", "String", "Vec", "Result", "Ok", "Err", "Box", "Self",
        "Serialize", "Deserialize", "Json", "Date", "Array", "Record", "Object", "Number",
        "Boolean", "Promise", "Map", "Set", "Error", "Symbol", "Function", "BigInt", "Numeric",
        "Present"};
    return r;
}

// Hands out type names: `base` (or base2, base3...) such that base and
// base+every suffix are all unused.
class Names {
public:
    std::string take(const std::string& base, std::initializer_list<const char*> suffixes) {
        for (int n = 1;; ++n) {
            std::string cand = n == 1 ? base : base + std::to_string(n);
            bool free = !used_.count(cand) && !reserved_types().count(cand);
            for (const char* s : suffixes) free = free && !used_.count(cand + s);
            if (!free) continue;
            used_.insert(cand);
            for (const char* s : suffixes) used_.insert(cand + s);
            return cand;
        }
    }

private:
    std::unordered_set<std::string> used_;
};

}  // namespace

std::string pascal(std::string_view name) {
    std::string out;
    for (const auto& w : words(name)) out += capitalised(w);
    if (out.empty()) out = "Unnamed";
    if (std::isdigit(static_cast<unsigned char>(out[0]))) out = "T" + out;
    return out;
}

std::string camel(std::string_view name) {
    std::string out;
    for (const auto& w : words(name)) out += out.empty() ? lower(w) : capitalised(w);
    if (out.empty()) out = "unnamed";
    if (std::isdigit(static_cast<unsigned char>(out[0]))) out = "c" + out;
    return out;
}

std::string snake(std::string_view name) {
    std::string out;
    for (const auto& w : words(name)) {
        if (!out.empty()) out += '_';
        out += lower(w);
    }
    if (out.empty()) out = "unnamed";
    if (std::isdigit(static_cast<unsigned char>(out[0]))) out = "c_" + out;
    return out;
}

std::string field_name(std::string_view column, std::string_view casing) {
    if (casing == "camel") return camel(column);
    if (casing == "snake") return snake(column);
    return std::string(column);
}

std::string comment_text(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    // Safe in /* */ doc comments too.
    for (std::size_t p = out.find("*/"); p != std::string::npos; p = out.find("*/", p)) out[p + 1] = ' ';
    return out;
}

std::string js_string(std::string_view text) {
    // JSON string literals are valid JavaScript (ES2019+) string literals.
    return boost::json::serialize(boost::json::string(text));
}

bool js_identifier(std::string_view name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
    });
}

ColumnType column_type(const Column& column, const Snapshot& snapshot) {
    ColumnType t;
    t.base = column.type;
    TypeName name;
    try {
        name = parse_type(column.type, column.typeSchema);
    } catch (const Error&) {
        return t;  // not a type spelling pgkit understands: Unknown, named in a comment
    }
    t.dims = name.array_dims;
    t.serial = name.serial;
    t.cast = canonical_type(element_type(name));
    // The spelling without brackets, for comments and casts.
    if (auto open = t.base.find('['); open != std::string::npos && !name.is_user_type)
        t.base = trim(t.base.substr(0, open));
    if (name.is_user_type) {
        t.base = name.base;
        // Enums: typeSchema (drizzle), a qualified name, or a bare name in public.
        if (const Enum* e = snapshot.enums.find(object_key(name.schema.empty() ? "public" : name.schema, name.base))) {
            t.family = Family::Enum;
            t.enum_ = e;
        } else if (name.base == "citext" && name.schema.empty()) {
            t.family = Family::Text;  // the extension's text type
        }
        return t;
    }
    const std::string& b = name.base;
    switch (type_family(element_type(name))) {
        case TypeFamily::Integer:
            t.family = b == "smallint" ? Family::Int16 : b == "bigint" ? Family::Int64 : Family::Int32;
            break;
        case TypeFamily::Numeric: t.family = Family::Numeric; break;
        case TypeFamily::Float: t.family = b == "real" ? Family::Float32 : Family::Float64; break;
        case TypeFamily::Bool: t.family = Family::Bool; break;
        case TypeFamily::Text:
            t.family = Family::Text;
            // varchar(n) / char(n): the length limit.
            if ((b == "character varying" || b == "character") && name.modifiers.size() == 1 &&
                !name.modifiers[0].empty() &&
                std::all_of(name.modifiers[0].begin(), name.modifiers[0].end(), ::isdigit))
                t.length = std::stol(name.modifiers[0]);
            break;
        case TypeFamily::Uuid: t.family = Family::Uuid; break;
        case TypeFamily::Date: t.family = Family::Date; break;
        case TypeFamily::Time: t.family = name.with_time_zone() ? Family::TimeTz : Family::Time; break;
        case TypeFamily::Timestamp:
            t.family = name.with_time_zone() ? Family::TimestampTz : Family::Timestamp;
            break;
        case TypeFamily::Interval: t.family = Family::Interval; break;
        case TypeFamily::Json: t.family = Family::Json; break;
        case TypeFamily::Bytea: t.family = Family::Bytea; break;
        case TypeFamily::Inet: t.family = Family::Inet; break;
        case TypeFamily::Array: case TypeFamily::Enum: case TypeFamily::Unknown: break;
    }
    return t;
}

bool insert_absent(const Column& column) {
    return column.generated.has_value() || (column.identity && column.identity->type == "always");
}

bool insert_optional(const Column& column, const ColumnType& type) {
    return !column.notNull || column.defaultValue.has_value() || type.serial ||
           column.identity.has_value();
}

const std::string& Scope::enum_type(const Enum* e) const {
    for (const auto& item : enums)
        if (item.enum_ == e) return item.type;
    throw Error(sqlstate::invalid_parameter, "pgkit: codegen: enum \"" + e->name + "\" not in scope");
}

Scope scope(const Snapshot& snapshot, const CodegenOptions& options) {
    auto selected = [&](const std::string& schema) {
        return options.schemas.empty() ||
               std::find(options.schemas.begin(), options.schemas.end(), schema) != options.schemas.end();
    };
    Scope out;
    std::unordered_set<const Enum*> used;
    for (const auto& [key, table] : snapshot.tables) {
        std::string schema = schema_or_public(table.schema);
        if (!selected(schema)) continue;
        out.tables.push_back({key, &table, schema, {}});
        for (const auto& [name, column] : table.columns)
            if (auto t = column_type(column, snapshot); t.enum_) used.insert(t.enum_);
    }
    for (const auto& [key, e] : snapshot.enums)
        if (used.count(&e) || selected(schema_or_public(e.schema))) out.enums.push_back({&e, {}});
    // Tables name first (their names matter most), then enums; a schema
    // other than public prefixes the name.
    Names names;
    for (auto& t : out.tables)
        t.type = names.take((t.schema == "public" ? "" : pascal(t.schema)) + pascal(t.table->name),
                            {"Insert", "Update", "Select", "Repository"});
    for (auto& e : out.enums) {
        std::string base = (schema_or_public(e.enum_->schema) == "public" ? "" : pascal(e.enum_->schema)) +
                           pascal(e.enum_->name);
        e.type = names.take(base, {"Values"});
    }
    return out;
}

}  // namespace codegen_detail
}  // namespace pgkit::core
