// Hazards: what a statement does to a live database beyond its intent, so a
// reviewer (or pgkit.apply's allow_data_loss) can see what locks or destroys
// (the table is in README, section "diff"). Also the cast knowledge a type
// change needs: whether Postgres converts old -> new by itself (assignment
// cast) or needs USING, and whether the change rewrites or loses data.
// GCC 12 reports -Wrestrict false positives on std::string concatenation
// (GCC bug 105329); the code is correct.
#pragma GCC diagnostic ignored "-Wrestrict"
#include <algorithm>
#include <map>
#include <set>

#include "diff_internal.hpp"
#include "ident.hpp"

namespace pgkit::core::detail {
namespace {

const std::string deletes = "deletes_data", rewrites = "rewrites_table", lock = "access_exclusive_lock",
                  blocks = "blocks_writes", index_build = "index_build", validates = "validates_constraint",
                  authz = "authz_change";

// Returns the lowercase base type without modifiers or arrays, spaces collapsed.
std::string normalize(const std::string& type) {
    std::string out;
    int depth = 0;
    for (char c : base_type(type)) {
        if (c == '(') ++depth;
        else if (c == ')') --depth;
        else if (!depth) {
            if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    static const std::map<std::string, std::string> alias = {
        {"int", "integer"}, {"int4", "integer"}, {"int2", "smallint"}, {"int8", "bigint"},
        {"decimal", "numeric"}, {"float8", "double precision"}, {"float4", "real"},
        {"bool", "boolean"}, {"character varying", "varchar"}, {"character", "char"}, {"bpchar", "char"},
        {"timestamptz", "timestamp with time zone"}, {"timestamp without time zone", "timestamp"},
        {"timetz", "time with time zone"}, {"time without time zone", "time"},
        {"serial", "integer"}, {"bigserial", "bigint"}, {"smallserial", "smallint"}};
    auto it = alias.find(out);
    return it == alias.end() ? out : it->second;
}

// Returns the "(n)" length of a varchar/char type, or -1 when unlimited.
long length_of(const std::string& type) {
    auto open = type.find('(');
    if (open == std::string::npos) return -1;
    try {
        return std::stol(type.substr(open + 1));
    } catch (...) {
        return -1;
    }
}

bool is_string(const std::string& t) { return t == "text" || t == "varchar" || t == "char" || t == "citext"; }

int numeric_rank(const std::string& t) {
    static const std::map<std::string, int> r = {{"smallint", 1}, {"integer", 2}, {"bigint", 3},
                                                 {"numeric", 4}, {"real", 5}, {"double precision", 6}};
    auto it = r.find(t);
    return it == r.end() ? 0 : it->second;
}

int datetime_group(const std::string& t) {
    if (t == "date" || t == "timestamp" || t == "timestamp with time zone") return 1;
    if (t == "time" || t == "time with time zone" || t == "interval") return 2;
    return 0;
}

// Returns whether Postgres converts `from` to `to` without USING (an implicit
// or assignment cast, or the I/O conversion to string types).
bool assignment_castable(const std::string& from, const std::string& to) {
    if (from == to || is_string(to)) return true;
    if (numeric_rank(from) && numeric_rank(to)) return true;
    if (datetime_group(from) && datetime_group(from) == datetime_group(to)) return true;
    if ((from == "json" && to == "jsonb") || (from == "jsonb" && to == "json")) return true;
    if (from == "cidr" && to == "inet") return true;
    return false;
}

// Returns whether Postgres has a cast from `from` to `to` for USING to name
// (an explicit one, or the I/O conversion from string types); otherwise the
// value goes through its text form ("c"::text::to).
bool explicitly_castable(const std::string& from, const std::string& to) {
    if (assignment_castable(from, to) || is_string(from)) return true;
    static const std::set<std::pair<std::string, std::string>> casts = {
        {"integer", "boolean"}, {"boolean", "integer"},
        {"jsonb", "boolean"}, {"jsonb", "smallint"}, {"jsonb", "integer"}, {"jsonb", "bigint"},
        {"jsonb", "numeric"}, {"jsonb", "real"}, {"jsonb", "double precision"},
        {"timestamp", "time"}, {"timestamp with time zone", "time"},
        {"timestamp with time zone", "time with time zone"}, {"time", "interval"}, {"interval", "time"}};
    return casts.count({from, to}) != 0;
}

}  // namespace

bool is_string_type(const std::string& type) { return is_string(normalize(type)); }

std::string base_type(const std::string& type) {
    auto pos = type.find('[');
    return pos == std::string::npos ? type : type.substr(0, pos);
}

int array_dims(const std::string& type) {
    return static_cast<int>(std::count(type.begin(), type.end(), '['));
}

std::string using_clause(const std::string& column, const std::string& from, const std::string& to_sql,
                         const std::string& to) {
    std::string col = quote_ident(column);
    int d0 = array_dims(from), d1 = array_dims(to);
    std::string b0 = normalize(from), b1 = normalize(to);
    bool castable = assignment_castable(b0, b1);
    // Without a cast the value goes through integer (boolean <-> bigint...:
    // only integer has casts to and from boolean) or text (uuid -> jsonb).
    std::string via = explicitly_castable(b0, b1)                                              ? "::"
                      : (b0 == "boolean" && numeric_rank(b1)) || (numeric_rank(b0) && b1 == "boolean") ? "::integer::"
                                                                                                     : "::text::";
    if (d0 > 0 && d1 == 0)  // keep the first element
        return castable ? " USING " + col + "[1]" : " USING " + col + "[1]" + via + to_sql;
    if (d0 == 0 && d1 > 0)  // wrap the value in an array
        return castable ? " USING ARRAY[" + col + "]" : " USING ARRAY[" + col + "]" + via + to_sql;
    return castable ? "" : " USING " + col + via + to_sql;
}

std::vector<std::string> type_change_hazards(const std::string& from, const std::string& to) {
    std::string b0 = normalize(from), b1 = normalize(to);
    int d0 = array_dims(from), d1 = array_dims(to);
    std::vector<std::string> out;
    bool lossy = false, rewrite = true;
    if (d0 > 0 && d1 == 0) lossy = true;
    if (d0 == d1 && is_string(b0) && is_string(b1)) {
        long l0 = b0 == "text" ? -1 : length_of(from), l1 = b1 == "text" ? -1 : length_of(to);
        bool widening = l1 == -1 || (l0 != -1 && l1 >= l0);
        // varchar -> text / longer varchar is binary-compatible: no rewrite.
        rewrite = !(widening && b1 != "char" && b0 != "char");
        lossy = !widening;
    } else if (d0 == d1 && numeric_rank(b0) && numeric_rank(b1)) {
        lossy = numeric_rank(b1) < numeric_rank(b0) || (b0 == "numeric" && b1 == "numeric");
        if (b0 == "numeric" && b1 == "numeric") {
            long p0 = length_of(from), p1 = length_of(to);
            lossy = p1 != -1 && (p0 == -1 || p1 < p0);
            rewrite = lossy || p0 != -1;
        }
    } else if (d0 == d1 && b0 == b1) {
        rewrite = false;  // same type, other modifiers (e.g. timestamp precision)
    } else if (b1 == "date" && datetime_group(b0) == 1) {
        lossy = true;
    }
    if (lossy) out.push_back(deletes);
    if (rewrite) out.push_back(rewrites);
    return out;
}

std::vector<std::string> default_hazards(const std::string& kind) {
    static const std::map<std::string, std::vector<std::string>> table = {
        {"drop_table", {deletes, lock}},
        {"alter_table_drop_column", {deletes, lock}},
        {"drop_schema", {deletes}},
        {"drop_sequence", {deletes}},
        {"alter_type_drop_value", {lock}},
        {"drop_type_enum", {lock}},
        {"alter_table_alter_column_set_type", {lock}},
        {"alter_table_alter_column_alter_generated", {deletes, lock}},
        {"alter_table_add_column", {lock}},
        {"alter_table_alter_column_set_default", {lock}},
        {"alter_table_alter_column_drop_default", {lock}},
        {"alter_table_alter_column_set_notnull", {lock, validates}},
        {"alter_table_alter_column_drop_notnull", {lock}},
        {"alter_table_alter_column_set_identity", {lock}},
        {"alter_table_alter_column_drop_identity", {lock}},
        {"alter_table_alter_column_change_identity", {lock}},
        {"alter_table_alter_column_drop_generated", {lock}},
        {"alter_table_alter_column_set_pk", {lock, index_build, validates}},
        {"alter_table_alter_column_drop_pk", {lock}},
        {"create_composite_pk", {lock, index_build, validates}},
        {"alter_composite_pk", {lock, index_build, validates}},
        {"delete_composite_pk", {lock}},
        {"rename_constraint", {lock}},
        {"create_unique_constraint", {lock, index_build, validates}},
        {"delete_unique_constraint", {lock}},
        {"create_check_constraint", {lock, validates}},
        {"delete_check_constraint", {lock}},
        {"create_reference", {lock, validates}},
        {"delete_reference", {lock}},
        {"create_index", {blocks, index_build}},
        {"create_index_concurrently", {index_build}},
        {"drop_index", {lock}},
        {"rename_table", {lock}},
        {"alter_table_set_schema", {lock}},
        {"alter_table_rename_column", {lock}},
        {"enable_rls", {lock, authz}},
        {"disable_rls", {lock, authz}},
        {"force_rls", {lock, authz}},
        {"no_force_rls", {lock, authz}},
        {"create_policy", {lock, authz}},
        {"drop_policy", {lock, authz}},
        {"alter_policy", {lock, authz}},
        {"rename_policy", {lock, authz}},
        {"create_ind_policy", {lock, authz}},
        {"drop_ind_policy", {lock, authz}},
        {"alter_ind_policy", {lock, authz}},
        {"rename_ind_policy", {lock, authz}},
        {"create_role", {authz}},
        {"drop_role", {authz}},
        {"alter_role", {authz}},
        {"rename_role", {authz}},
        {"drop_view", {lock}},
        {"create_view", {}},
        {"alter_view_add_with_option", {lock}},
        {"alter_view_drop_with_option", {lock}},
        {"alter_view_alter_tablespace", {lock, rewrites}},
        {"alter_view_alter_using", {lock, rewrites}},
        {"alter_view_alter_schema", {lock}},
        {"rename_view", {lock}},
    };
    auto it = table.find(kind);
    return it == table.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace pgkit::core::detail
