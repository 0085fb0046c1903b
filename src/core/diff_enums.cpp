// Schemas, enums, sequences and roles.
//
// Enums: values only appended or inserted keep the type (ALTER TYPE ... ADD
// VALUE [BEFORE]); a removed or reordered value recreates it, retyping every
// column that uses it to text and back (drizzle-kit's alter_type_drop_value).
// pgkit also recreates when a value added now is *used* in the same
// migration (a default; a new or changed check, index, policy, generated
// column or view naming it as a literal): Postgres refuses a value added by
// ADD VALUE inside the transaction that added it (55P04).
// GCC 12 reports -Wrestrict false positives on std::string concatenation
// (GCC bug 105329); the code is correct.
#pragma GCC diagnostic ignored "-Wrestrict"
#include <fmt/format.h>

#include <algorithm>

#include "diff_internal.hpp"
#include "error.hpp"
#include "ident.hpp"
#include "interrupt.hpp"
#include "render.hpp"

namespace pgkit::core::detail {
namespace {

// Returns the values a default literal names: 'x' -> {x}, '{"a","b"}' -> {a, b}.
std::vector<std::string> default_values(const Column& c) {
    std::vector<std::string> out;
    if (!c.defaultValue || c.defaultValue->kind != Scalar::Kind::String) return out;
    std::string d = c.defaultValue->text;
    if (d.size() < 2 || d.front() != '\'') return out;
    auto end = d.rfind('\'');
    if (end == 0) return out;
    std::string lit;
    for (std::size_t i = 1; i < end; ++i) {
        if (d[i] == '\'' && i + 1 < end && d[i + 1] == '\'') ++i;
        lit += d[i];
    }
    if (array_dims(c.type) == 0) return {lit};
    std::string cur;
    bool quoted = false;
    for (char ch : lit) {
        if (ch == '"') quoted = !quoted;
        else if (!quoted && (ch == '{' || ch == '}' || ch == ',')) {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else cur += ch;
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

// Whether SQL text written in this migration names one of `added` as a
// literal ('v', as in CHECK ("s" = 'v') or WHERE "s" = 'v'::"e").
bool names_value(const std::optional<std::string>& sql, const std::set<std::string>& added) {
    if (!sql) return false;
    for (const auto& v : added)
        if (sql->find(quote_literal(v)) != std::string::npos) return true;
    return false;
}

// Whether an object that is new or changed in this migration uses a value
// added now: a check, an index's WHERE or expressions, a policy, a
// generated column or a view. Objects left as they are ran before the value
// existed, so they cannot need it.
bool added_value_used_in_sql(const Context& ctx, const std::set<std::string>& added) {
    auto policy_uses = [&](const Policy& p) { return names_value(p.using_, added) || names_value(p.withCheck, added); };
    for (const auto& [key, t] : ctx.cur.tables) {
        const Table* pt = ctx.prev.tables.find(key);
        for (const auto& [k, ck] : t.checkConstraints) {
            const Check* b = pt ? pt->checkConstraints.find(k) : nullptr;
            if ((!b || !(*b == ck)) && names_value(ck.value, added)) return true;
        }
        for (const auto& [k, ix] : t.indexes) {
            const Index* b = pt ? pt->indexes.find(k) : nullptr;
            if (b && *b == ix) continue;
            if (names_value(ix.where, added)) return true;
            for (const auto& ic : ix.columns)
                if (ic.isExpression && names_value(ic.expression, added)) return true;
        }
        for (const auto& [k, p] : t.policies) {
            const Policy* b = pt ? pt->policies.find(k) : nullptr;
            if ((!b || !(*b == p)) && policy_uses(p)) return true;
        }
        for (const auto& [k, c] : t.columns) {
            const Column* b = pt ? pt->columns.find(k) : nullptr;
            if (c.generated && (!b || b->generated != c.generated) && names_value(c.generated->as, added)) return true;
        }
    }
    for (const auto& [k, p] : ctx.cur.policies) {
        const Policy* b = ctx.prev.policies.find(k);
        if ((!b || !(*b == p)) && policy_uses(p)) return true;
    }
    for (const auto& [k, v] : ctx.cur.views) {
        const View* b = ctx.prev.views.find(k);
        if ((!b || b->definition != v.definition) && names_value(v.definition, added)) return true;
    }
    return false;
}

bool uses_enum(const Column& c, const Enum& e) {
    return c.typeSchema && *c.typeSchema == e.schema && base_type(c.type) == e.name;
}

// Returns the column type with the element type replaced by text.
std::string text_like(const Column& c) {
    return "text" + c.type.substr(base_type(c.type).size());
}

// `lossy`: a value is removed (rows holding it fail the cast back).
void recreate_enum(Context& ctx, const Enum& e, bool drizzle_style, bool lossy) {
    std::string type = qualified_ref(e.schema, e.name);
    struct Dep {
        const Table* table;
        const Column* column;
        const Column* before;  // nullptr for a table created in this migration
    };
    std::vector<Dep> deps;
    for (const auto& [key, t] : ctx.cur.tables) {
        const Table* pt = ctx.prev.tables.find(key);
        for (const auto& [ck, c] : t.columns) {
            if (!uses_enum(c, e)) continue;
            const Column* pc = pt ? pt->columns.find(ck) : nullptr;
            if (pt && !pc) continue;  // added later by ADD COLUMN, after the recreate
            if (pc && !uses_enum(*pc, e)) continue;  // retyped to the enum later
            deps.push_back({&t, &c, pc});
            ctx.enum_handled_columns.insert(key + "\x1f" + ck);
            if (pc) {
                ctx.touched_columns[key].insert(pc->name);  // views reading it: drop and recreate
                ctx.enum_retyped_columns[key].insert(pc->name);
            }
        }
    }
    std::string kind = "alter_type_drop_value";
    // Columns dropped or retyped away from the enum later in this migration
    // still hold the type at DROP TYPE: they are retyped to text first (a
    // dropped column's data goes anyway; a retyped one is converted from
    // text later, its default set again after).
    for (const auto& [key, pt] : ctx.prev.tables) {
        const Table* t = ctx.cur.tables.find(key);
        if (!t) continue;  // a dropped table is gone before the recreate
        for (const auto& [ck, c] : pt.columns) {
            const Column* after = t->columns.find(ck);
            if (!uses_enum(c, e) || (after && uses_enum(*after, e))) continue;
            ctx.touched_columns[key].insert(c.name);
            ctx.enum_retyped_columns[key].insert(c.name);
            std::string ref = table_ref(t->schema, t->name);
            if (c.defaultValue)
                ctx.add(RecreateEnum, fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT;", ref, quote_ident(c.name)),
                        "alter_table_alter_column_drop_default");
            ctx.add(RecreateEnum,
                    fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DATA TYPE {};", ref, quote_ident(c.name), text_like(c)),
                    "alter_table_alter_column_set_type", {"rewrites_table"});
        }
    }
    for (const auto& d : deps) {
        std::string ref = table_ref(d.table->schema, d.table->name);
        std::string col = quote_ident(d.column->name);
        bool had_default = d.before && d.before->defaultValue;
        // The old default depends on the type: it must go before DROP TYPE.
        if (had_default && (!drizzle_style || !d.column->defaultValue))
            ctx.add(RecreateEnum, fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT;", ref, col),
                    "alter_table_alter_column_drop_default");
        ctx.add(RecreateEnum, fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DATA TYPE {};", ref, col, text_like(*d.column)),
                "alter_table_alter_column_set_type", {"rewrites_table"});
        if (drizzle_style && d.column->defaultValue)
            ctx.add(RecreateEnum,
                    fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}::{};", ref, col,
                                d.column->defaultValue->text, text_like(*d.column)),
                    "alter_table_alter_column_set_default");
    }
    ctx.add(RecreateEnum, fmt::format("DROP TYPE {};", type), kind,
            lossy ? std::vector<std::string>{"deletes_data"} : std::vector<std::string>{});
    ctx.add(RecreateEnum, enum_sql(e), "create_type_enum");
    for (const auto& d : deps) {
        std::string ref = table_ref(d.table->schema, d.table->name);
        std::string col = quote_ident(d.column->name);
        std::string t = column_type_sql(*d.column, true, true);
        if (drizzle_style && d.column->defaultValue)
            ctx.add(RecreateEnum,
                    fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}::{};", ref, col,
                                d.column->defaultValue->text, t),
                    "alter_table_alter_column_set_default");
        ctx.add(RecreateEnum,
                fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DATA TYPE {} USING {}::{};", ref, col, t, col, t),
                "alter_table_alter_column_set_type", {"rewrites_table"});
        if (!drizzle_style && d.column->defaultValue)
            ctx.add(RecreateEnum,
                    fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}::{};", ref, col,
                                d.column->defaultValue->text, t),
                    "alter_table_alter_column_set_default");
    }
}

void diff_enum(Context& ctx, const Enum& before, const Enum& after) {
    if (before.values == after.values) return;
    std::set<std::string> old_values(before.values.begin(), before.values.end());
    std::set<std::string> new_values(after.values.begin(), after.values.end());
    bool removed = std::any_of(before.values.begin(), before.values.end(),
                               [&](const std::string& v) { return !new_values.count(v); });
    // The old values must keep their relative order, else ADD VALUE cannot express it.
    std::vector<std::string> kept;
    for (const auto& v : after.values)
        if (old_values.count(v)) kept.push_back(v);
    bool reordered = kept != before.values;
    if (removed || reordered) {
        recreate_enum(ctx, after, true, removed);
        return;
    }
    std::set<std::string> added;
    for (const auto& v : after.values)
        if (!old_values.count(v)) added.insert(v);
    bool used = false;
    for (const auto& [key, t] : ctx.cur.tables)
        for (const auto& [ck, c] : t.columns)
            if (uses_enum(c, after))
                for (const auto& v : default_values(c)) used = used || added.count(v);
    used = used || added_value_used_in_sql(ctx, added);
    if (used) {
        recreate_enum(ctx, after, false, false);
        return;
    }
    std::string type = qualified_ref(after.schema, after.name);
    for (std::size_t i = 0; i < after.values.size(); ++i) {
        if (old_values.count(after.values[i])) continue;
        // BEFORE the next value that already exists; none: appended at the end.
        std::string before_value;
        for (std::size_t j = i + 1; j < after.values.size() && before_value.empty(); ++j)
            if (old_values.count(after.values[j])) before_value = after.values[j];
        ctx.add(AddEnumValue,
                fmt::format("ALTER TYPE {} ADD VALUE {}{};", type, quote_literal(after.values[i]),
                            before_value.empty() ? "" : " BEFORE " + quote_literal(before_value)),
                "alter_type_add_value");
    }
}

// Returns the options of ALTER SEQUENCE from `before` to `after`: drizzle-kit's
// text (the target's options, CYCLE when set) plus what that text cannot
// say: an option the target leaves out goes back to Postgres' default
// (NO MINVALUE, ...), and a cycle turned off is NO CYCLE (drizzle-kit
// prints nothing for it, so the sequence kept cycling).
std::string sequence_alter_options_sql(const Sequence& before, const Sequence& after) {
    std::string out = sequence_options_sql(after);
    auto gone = [](const std::optional<std::string>& a, const std::optional<std::string>& b) {
        return a && !a->empty() && (!b || b->empty());
    };
    if (gone(before.increment, after.increment)) out += " INCREMENT BY 1";
    if (gone(before.minValue, after.minValue)) out += " NO MINVALUE";
    if (gone(before.maxValue, after.maxValue)) out += " NO MAXVALUE";
    if (gone(before.cache, after.cache)) out += " CACHE 1";
    if (gone(before.startWith, after.startWith)) {  // Postgres' default start: the bound it counts from
        bool descending = after.increment && after.increment->starts_with("-");
        const auto& bound = descending ? after.maxValue : after.minValue;
        out += " START WITH " + (bound && !bound->empty() ? *bound : std::string(descending ? "-1" : "1"));
    }
    if (before.cycle.value_or(false) && !after.cycle.value_or(false)) out += " NO CYCLE";
    return out;
}

bool role_flag(const std::optional<bool>& v, bool dflt) { return v.value_or(dflt); }

std::string create_role_sql(const Role& r) {
    bool db = role_flag(r.createDb, false), role = role_flag(r.createRole, false),
         inherit = role_flag(r.inherit, true);
    std::string s = "CREATE ROLE " + quote_ident(r.name);
    if (db || role || !inherit)
        s += std::string(" WITH") + (db ? " CREATEDB" : "") + (role ? " CREATEROLE" : "") +
             (inherit ? "" : " NOINHERIT");
    return s + ";";
}

// Returns whether a policy of the source names `role` in its TO list.
bool role_used_by_policy(const Snapshot& s, const std::string& role) {
    auto uses = [&](const Policy& p) {
        return p.to && std::find(p.to->begin(), p.to->end(), role) != p.to->end();
    };
    for (const auto& [k, t] : s.tables)
        for (const auto& [pk, p] : t.policies)
            if (uses(p)) return true;
    for (const auto& [k, p] : s.policies)
        if (uses(p)) return true;
    return false;
}

}  // namespace

void diff_schemas_enums_sequences_roles(Context& ctx) {
    const Snapshot& p = ctx.prev;
    const Snapshot& c = ctx.cur;
    std::set<std::string> ps(p.schemas.begin(), p.schemas.end()), cs(c.schemas.begin(), c.schemas.end());
    for (const auto& s : c.schemas)
        if (!ps.count(s)) ctx.add(CreateSchema, fmt::format("CREATE SCHEMA {};\n", quote_ident(s)), "create_schema");
    for (const auto& s : p.schemas)
        if (!cs.count(s)) ctx.add(DropSchema, fmt::format("DROP SCHEMA {};\n", quote_ident(s)), "drop_schema");

    for (const auto& [k, e] : c.enums) {
        check_interrupts();
        if (const Enum* before = p.enums.find(k)) diff_enum(ctx, *before, e);
        else ctx.add(CreateEnum, enum_sql(e), "create_type_enum");
    }
    for (const auto& [k, e] : p.enums)
        if (!c.enums.contains(k))
            ctx.add(DropEnum, fmt::format("DROP TYPE {};", qualified_ref(e.schema, e.name)), "drop_type_enum");

    for (const auto& [k, s] : c.sequences) {
        const Sequence* before = p.sequences.find(k);
        std::string ref = qualified_ref(s.schema, s.name);
        if (!before)
            ctx.add(Sequences, "CREATE SEQUENCE " + ref + sequence_options_sql(s) + ";", "create_sequence");
        else if (sequence_options_sql(*before) != sequence_options_sql(s))
            ctx.add(Sequences, "ALTER SEQUENCE " + ref + sequence_alter_options_sql(*before, s) + ";", "alter_sequence");
    }
    for (const auto& [k, s] : p.sequences)
        if (!c.sequences.contains(k))
            ctx.add(DropSequence, fmt::format("DROP SEQUENCE {};", qualified_ref(s.schema, s.name)), "drop_sequence");

    for (const auto& [k, r] : p.roles)
        if (!c.roles.contains(k))
            ctx.add(role_used_by_policy(p, r.name) ? RoleDropLate : Roles,
                    fmt::format("DROP ROLE {};", quote_ident(r.name)), "drop_role");
    for (const auto& [k, r] : c.roles) {
        const Role* before = p.roles.find(k);
        if (!before) {
            ctx.add(Roles, create_role_sql(r), "create_role");
            continue;
        }
        bool db = role_flag(r.createDb, false), role = role_flag(r.createRole, false),
             inherit = role_flag(r.inherit, true);
        if (db != role_flag(before->createDb, false) || role != role_flag(before->createRole, false) ||
            inherit != role_flag(before->inherit, true))
            ctx.add(Roles,
                    fmt::format("ALTER ROLE {} WITH {} {} {};", quote_ident(r.name), db ? "CREATEDB" : "NOCREATEDB",
                                role ? "CREATEROLE" : "NOCREATEROLE", inherit ? "INHERIT" : "NOINHERIT"),
                    "alter_role");
    }
}

}  // namespace pgkit::core::detail
