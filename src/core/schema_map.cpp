#include "schema_map.hpp"

#include <algorithm>
#include <cctype>

namespace pgkit::core {
namespace {

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }
bool ident_char(char c) { return ident_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$'; }

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string map_schema(const SchemaMap& map, const std::string& schema) {
    auto it = map.find(schema_or_public(schema));
    return it == map.end() ? schema_or_public(schema) : it->second;
}

// Returns the schema field spelled as drizzle does: "" for public.
std::string drizzle_schema(const std::string& s) { return s == "public" ? "" : s; }

std::optional<std::string> rename_opt(const std::optional<std::string>& s, const SchemaMap& m, bool lit) {
    if (!s) return s;
    return rename_qualifiers(*s, m, lit);
}

Column rename_column(Column c, const SchemaMap& m, bool lit) {
    if (c.typeSchema) c.typeSchema = map_schema(m, *c.typeSchema);
    if (c.identity && c.identity->schema) c.identity->schema = map_schema(m, *c.identity->schema);
    if (c.defaultValue && c.defaultValue->kind == Scalar::Kind::String)
        c.defaultValue->text = rename_qualifiers(c.defaultValue->text, m, lit);
    if (c.generated) c.generated->as = rename_qualifiers(c.generated->as, m, lit);
    return c;
}

Policy rename_policy(Policy p, const SchemaMap& m, bool lit) {
    p.using_ = rename_opt(p.using_, m, lit);
    p.withCheck = rename_opt(p.withCheck, m, lit);
    if (p.schema) p.schema = map_schema(m, *p.schema);
    if (p.on) p.on = rename_qualifiers(*p.on, m, false);
    return p;
}

}  // namespace

std::string print_identifier(std::string_view name) {
    bool plain = !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_');
    for (char c : name)
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
            plain = false;
    if (plain) return std::string(name);
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string rename_qualifiers(std::string_view sql, const SchemaMap& map, bool inside_literals) {
    std::string out;
    out.reserve(sql.size());
    std::size_t i = 0, n = sql.size();
    auto qualifier_follows = [&](std::size_t j) { return j < n && sql[j] == '.'; };
    while (i < n) {
        char c = sql[i];
        if (c == '\'') {
            std::size_t j = i + 1;
            while (j < n) {
                if (sql[j] == '\'' && j + 1 < n && sql[j + 1] == '\'') j += 2;
                else if (sql[j] == '\'') break;
                else ++j;
            }
            std::string_view body = sql.substr(i + 1, std::min(j, n) - i - 1);
            out += '\'';
            out += inside_literals ? rename_qualifiers(body, map, false) : std::string(body);
            if (j < n) out += '\'';
            i = j + 1;
        } else if (c == '"') {
            std::size_t j = i + 1;
            std::string content;
            while (j < n) {
                if (sql[j] == '"' && j + 1 < n && sql[j + 1] == '"') { content += '"'; j += 2; }
                else if (sql[j] == '"') break;
                else content += sql[j++];
            }
            std::size_t end = std::min(j + 1, n);
            auto it = map.find(content);
            if (qualifier_follows(end) && it != map.end()) out += print_identifier(it->second);
            else out += sql.substr(i, end - i);
            i = end;
        } else if (ident_start(c) && (i == 0 || (!ident_char(sql[i - 1]) && sql[i - 1] != '.'))) {
            std::size_t j = i;
            while (j < n && ident_char(sql[j])) ++j;
            std::string word(sql.substr(i, j - i));
            auto it = map.find(lower(word));
            if (qualifier_follows(j) && it != map.end()) out += print_identifier(it->second);
            else out += word;
            i = j;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

Snapshot rename_schemas(const Snapshot& s, const SchemaMap& m, bool lit) {
    Snapshot r = s;
    r.tables.clear();
    for (const auto& [_, t0] : s.tables) {
        Table t = t0;
        t.schema = drizzle_schema(map_schema(m, t0.schema));
        t.columns.clear();
        for (const auto& [k, c] : t0.columns) t.columns.set(k, rename_column(c, m, lit));
        for (auto& [_, ix] : t.indexes) {
            for (auto& col : ix.columns)
                if (col.isExpression) col.expression = rename_qualifiers(col.expression, m, lit);
            ix.where = rename_opt(ix.where, m, lit);
        }
        for (auto& [_, fk] : t.foreignKeys) fk.schemaTo = map_schema(m, fk.schemaTo.value_or(""));
        for (auto& [_, ck] : t.checkConstraints) ck.value = rename_qualifiers(ck.value, m, lit);
        for (auto& [_, p] : t.policies) p = rename_policy(p, m, lit);
        std::string key = object_key(t.schema, t.name);
        r.tables.set(std::move(key), std::move(t));
    }
    r.enums.clear();
    for (const auto& [_, e0] : s.enums) {
        Enum e = e0;
        e.schema = map_schema(m, e0.schema);
        std::string key = object_key(e.schema, e.name);
        r.enums.set(std::move(key), std::move(e));
    }
    r.sequences.clear();
    for (const auto& [_, q0] : s.sequences) {
        Sequence q = q0;
        q.schema = map_schema(m, q0.schema);
        std::string key = object_key(q.schema, q.name);
        r.sequences.set(std::move(key), std::move(q));
    }
    r.views.clear();
    for (const auto& [_, v0] : s.views) {
        View v = v0;
        v.schema = map_schema(m, v0.schema);
        v.definition = rename_opt(v0.definition, m, lit);
        v.columns.clear();
        for (const auto& [k, c] : v0.columns) v.columns.set(k, rename_column(c, m, lit));
        std::string key = object_key(v.schema, v.name);
        r.views.set(std::move(key), std::move(v));
    }
    r.policies.clear();
    for (const auto& [k, p] : s.policies) r.policies.set(k, rename_policy(p, m, lit));
    r.schemas.clear();
    auto add_schema = [&](const std::string& name) {
        if (name != "public" && std::find(r.schemas.begin(), r.schemas.end(), name) == r.schemas.end())
            r.schemas.push_back(name);
    };
    for (const auto& name : s.schemas) add_schema(map_schema(m, name));
    if (m.count("public")) add_schema(m.at("public"));
    for (auto& u : r.unmanaged) {
        auto dot = u.name.find('.');
        if (dot != std::string::npos) u.name = map_schema(m, u.name.substr(0, dot)) + u.name.substr(dot);
    }
    return r;
}

}  // namespace pgkit::core
