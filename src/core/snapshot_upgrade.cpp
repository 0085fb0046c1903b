// drizzle-kit's own upgrade path (drizzle-kit 0.31, src/cli/commands/pgUp.ts:
// updateUpToV6, updateUpToV7), applied to the parsed document:
//  v5 -> v6: tables keyed "<schema or public>.<name>"; enums keyed
//            "public.<name>" with schema "public" and their values as a list
//            (v5 kept {label: label}); dialect "pg" -> "postgresql".
//  v6 -> v7: index columns become {expression, isExpression: false, asc:
//            true, nulls: "last"} and indexes get with {} (their own
//            method/where/concurrently kept, zod's defaults otherwise);
//            tables get empty policies and checks and RLS off; the snapshot
//            gets empty sequences, policies, views and roles.
#include "snapshot_upgrade.hpp"

#include <string>

namespace pgkit::core::snapshot_detail {
namespace {

namespace json = boost::json;

json::string_view string_or(const json::object& o, json::string_view key, json::string_view fallback) {
    const json::value* v = o.if_contains(key);
    return v && v->is_string() ? json::string_view(v->get_string()) : fallback;
}

void v5_to_v6(json::object& root) {
    if (json::value* tables = root.if_contains("tables"); tables && tables->is_object()) {
        json::object rekeyed(root.storage());
        for (auto& [key, t] : tables->get_object()) {
            std::string k(key);
            if (t.is_object()) {
                json::string_view schema = string_or(t.get_object(), "schema", "");
                k = std::string(schema.empty() ? "public" : schema) + "." +
                    std::string(string_or(t.get_object(), "name", key));
            }
            rekeyed[k] = std::move(t);
        }
        *tables = std::move(rekeyed);
    }
    if (json::value* enums = root.if_contains("enums"); enums && enums->is_object()) {
        json::object rekeyed(root.storage());
        for (auto& [key, e] : enums->get_object()) {
            std::string k(key);
            if (e.is_object()) {
                json::object& eo = e.get_object();
                k = "public." + std::string(string_or(eo, "name", key));
                json::object upgraded(root.storage());
                if (const json::value* n = eo.if_contains("name")) upgraded["name"] = *n;
                upgraded["schema"] = "public";
                if (json::value* values = eo.if_contains("values"); values && values->is_object()) {
                    json::array list(root.storage());
                    for (auto& [label, v] : values->get_object()) list.push_back(v);
                    upgraded["values"] = std::move(list);
                } else if (values) {
                    upgraded["values"] = *values;
                }
                e = std::move(upgraded);
            }
            rekeyed[k] = std::move(e);
        }
        *enums = std::move(rekeyed);
    }
    root["version"] = "6";
    root["dialect"] = "postgresql";
}

void v6_to_v7(json::object& root) {
    if (json::value* tables = root.if_contains("tables"); tables && tables->is_object()) {
        for (auto& [key, t] : tables->get_object()) {
            if (!t.is_object()) continue;
            json::object& to = t.get_object();
            if (json::value* indexes = to.if_contains("indexes"); indexes && indexes->is_object()) {
                for (auto& [name, ix] : indexes->get_object()) {
                    if (!ix.is_object()) continue;
                    json::object& io = ix.get_object();
                    if (json::value* cols = io.if_contains("columns"); cols && cols->is_array()) {
                        for (json::value& c : cols->get_array()) {
                            if (!c.is_string()) continue;
                            json::object col(root.storage());
                            col["expression"] = c;
                            col["isExpression"] = false;
                            col["asc"] = true;
                            col["nulls"] = "last";
                            c = std::move(col);
                        }
                    }
                    if (!io.contains("with")) io["with"] = json::object(root.storage());
                    if (!io.contains("method")) io["method"] = "btree";
                    if (!io.contains("concurrently")) io["concurrently"] = false;
                }
            }
            if (!to.contains("uniqueConstraints")) to["uniqueConstraints"] = json::object(root.storage());
            to["policies"] = json::object(root.storage());
            to["isRLSEnabled"] = false;
            to["checkConstraints"] = json::object(root.storage());
        }
    }
    for (const char* k : {"sequences", "policies", "views", "roles"}) root[k] = json::object(root.storage());
    root["version"] = "7";
    root["dialect"] = "postgresql";
}

}  // namespace

bool upgrade_to_v7(json::value& root) {
    if (!root.is_object()) return false;
    json::object& o = root.get_object();
    json::string_view version = string_or(o, "version", "");
    if (version != "5" && version != "6") return false;
    if (version == "5") v5_to_v6(o);
    v6_to_v7(o);
    return true;
}

}  // namespace pgkit::core::snapshot_detail
