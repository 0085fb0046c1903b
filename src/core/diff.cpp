// The differ's entry point: validate the target, resolve renames, diff every
// object kind into phase buckets, concatenate the buckets in drizzle-kit's
// order and remove exact duplicate statements (DRIZZLE-FORMAT.md §4).
// GCC 12 reports -Wrestrict false positives on std::string concatenation
// (GCC bug 105329); the code is correct.
#pragma GCC diagnostic ignored "-Wrestrict"
#include "diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "diff_internal.hpp"
#include "error.hpp"
#include "interrupt.hpp"

namespace pgkit::core {
namespace detail {

void Context::add(Phase phase, std::string sql, std::string kind, std::vector<std::string> extra) {
    std::string hazard_kind = kind;
    if (kind == "create_index" && sql.find(" CONCURRENTLY ") != std::string::npos)
        hazard_kind = "create_index_concurrently";
    std::vector<std::string> hz = default_hazards(hazard_kind);
    for (auto& h : extra)
        if (std::find(hz.begin(), hz.end(), h) == hz.end()) hz.push_back(std::move(h));
    // Stable order, independent of how the statement was put together.
    static const std::vector<std::string> order = {"deletes_data", "rewrites_table", "access_exclusive_lock",
                                                   "blocks_writes", "index_build", "validates_constraint",
                                                   "authz_change"};
    std::stable_sort(hz.begin(), hz.end(), [](const std::string& a, const std::string& b) {
        auto ia = std::find(order.begin(), order.end(), a), ib = std::find(order.begin(), order.end(), b);
        return ia < ib;
    });
    buckets[phase].push_back(Statement{std::move(sql), std::move(kind), std::move(hz)});
}

bool is_enum_column(const Snapshot& s, const Column& c) {
    if (!c.typeSchema) return false;
    return s.enums.contains(*c.typeSchema + "." + base_type(c.type));
}

void validate_target(const Snapshot& target) {
    // schema -> relation names of indexes and of the indexes behind unique/PK constraints
    std::map<std::string, std::map<std::string, std::string>> relations;
    for (const auto& entry : target.tables) {
        // A plain reference, not a structured binding: the lambdas below
        // capture it, which clang before 16 rejects for bindings (fuzz build).
        const Table& t = entry.second;
        check_interrupts();
        std::string schema = schema_or_public(t.schema);
        std::map<std::string, std::string> constraints, signatures;  // name -> kind, definition
        // `signature`: two unique constraints with one name and one definition
        // (a column's .unique() and a table-level unique()) are one constraint:
        // CREATE TABLE folds them, and their ADD CONSTRAINT texts are equal.
        auto constraint = [&](const std::string& name, const char* kind, bool has_index,
                              const std::string& signature = {}) {
            if (constraints.count(name) && !signature.empty() && signatures[name] == signature) return;
            signatures[name] = signature;
            if (constraints.count(name))
                throw Error(sqlstate::duplicate_object,
                            fmt::format("pgkit: duplicate constraint name \"{}\" on table \"{}\"", name, t.name),
                            fmt::format("a {} and a {} of table \"{}.{}\" are both named \"{}\"", constraints[name], kind,
                                        schema, t.name, name),
                            "constraint names must be unique within a table");
            constraints[name] = kind;
            if (has_index) relations[schema][name] = std::string(kind) + " of table \"" + t.name + "\"";
        };
        for (const auto& [k, pk] : t.compositePrimaryKeys) constraint(pk.name, "primary key", true);
        auto unique_signature = [](const std::vector<std::string>& cols, bool nnd) {
            std::string sig = nnd ? "nnd" : "";
            for (const auto& c : cols) sig += "\x1f" + c;
            return sig;
        };
        for (const auto& [k, c] : t.columns)
            if (c.isUnique.value_or(false))
                constraint(c.uniqueName.value_or(t.name + "_" + c.name + "_unique"), "unique constraint", true,
                           unique_signature({c.name}, c.nullsNotDistinct.value_or(false)));
        for (const auto& [k, u] : t.uniqueConstraints)
            constraint(u.name, "unique constraint", true, unique_signature(u.columns, u.nullsNotDistinct));
        for (const auto& [k, ck] : t.checkConstraints) constraint(ck.name, "check constraint", false);
        for (const auto& [k, fk] : t.foreignKeys) constraint(fk.name, "foreign key", false);
    }
    for (const auto& [key, t] : target.tables) {
        std::string schema = schema_or_public(t.schema);
        for (const auto& [k, ix] : t.indexes) {
            auto& rel = relations[schema];
            auto it = rel.find(ix.name);
            if (it != rel.end())
                throw Error("42P07",
                            fmt::format("pgkit: index name \"{}\" collides with the index of the {}", ix.name,
                                        it->second),
                            {}, "indexes and the indexes behind unique and primary key constraints share one "
                                "namespace per schema");
            rel[ix.name] = "index on table \"" + t.name + "\"";
        }
    }
}

}  // namespace detail

std::vector<Statement> diff(const Snapshot& source, const Snapshot& target,
                            const std::vector<std::string>& renames) {
    detail::validate_target(target);
    detail::Context ctx(source, target);
    detail::resolve_renames(ctx, renames);
    detail::diff_schemas_enums_sequences_roles(ctx);
    detail::diff_tables(ctx);
    detail::diff_views(ctx);

    std::vector<Statement> out;
    std::unordered_set<std::string> seen;
    for (auto& bucket : ctx.buckets)
        for (auto& st : bucket)
            if (seen.insert(st.sql).second) out.push_back(std::move(st));
    return out;
}

std::string diff_script(const std::vector<Statement>& statements) {
    std::string out;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        if (i) out += "\n--> statement-breakpoint\n";
        out += statements[i].sql;
    }
    return out;
}

}  // namespace pgkit::core
