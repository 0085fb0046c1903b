// Tables: created, dropped, altered (columns, keys, constraints, indexes,
// policies, RLS). Renames and moves were resolved already (the source is
// rewritten), so a table present on both sides under one key is "altered".
// GCC 12 reports -Wrestrict false positives on std::string concatenation
// (GCC bug 105329); the code is correct.
#pragma GCC diagnostic ignored "-Wrestrict"
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <boost/json.hpp>

#include "diff_internal.hpp"
#include "error.hpp"
#include "ident.hpp"
#include "interrupt.hpp"
#include "render.hpp"
#include "types.hpp"

namespace pgkit::core::detail {
namespace {

std::vector<bool> enum_flags(const Snapshot& s, const Table& t) {
    std::vector<bool> out;
    for (const auto& [k, c] : t.columns) out.push_back(is_enum_column(s, c));
    return out;
}

// A standalone policy linked to a managed table turns its RLS on too.
bool rls_on(const Snapshot& s, const Table& t) {
    if (t.isRLSEnabled || !t.policies.empty()) return true;
    // By the table "on" names, not its spelling ("public"."t" is "t").
    std::string key = table_key(t);
    for (const auto& [k, p] : s.policies)
        if (p.on && policy_target_key(*p.on) == key) return true;
    return false;
}

// The JSON of a `'...'::jsonb` default literal; nullopt for anything else.
std::optional<boost::json::value> jsonb_literal(const std::optional<Scalar>& d) {
    constexpr std::string_view suffix = "'::jsonb";
    if (!d || d->kind != Scalar::Kind::String) return std::nullopt;
    std::string_view s = d->text;
    if (s.size() < 1 + suffix.size() || s.front() != '\'' || !s.ends_with(suffix)) return std::nullopt;
    std::string text;
    std::string_view body = s.substr(1, s.size() - 1 - suffix.size());
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] == '\'') {
            if (i + 1 >= body.size() || body[i + 1] != '\'') return std::nullopt;  // not one literal
            ++i;
        }
        text += body[i];
    }
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec) return std::nullopt;
    return v;
}

// Whether two defaults are the same value. jsonb stores objects with its own
// key order and spacing, so a database read back gives another spelling of
// the literal a snapshot holds; Boost.JSON compares objects as key sets.
bool same_default(const std::optional<Scalar>& a, const std::optional<Scalar>& b) {
    if (a == b) return true;
    auto ja = jsonb_literal(a);
    if (!ja) return false;
    auto jb = jsonb_literal(b);
    return jb && *ja == *jb;
}

bool same_column(const Column& a, const Column& b) {
    if (a == b) return true;
    if (!same_default(a.defaultValue, b.defaultValue)) return false;
    Column x = a;
    x.defaultValue = b.defaultValue;
    return x == b;
}

std::string unique_name(const Table& t, const Column& c) {
    return c.uniqueName.value_or(t.name + "_" + c.name + "_unique");
}

// Returns the fk_targets entry of columns `cols` of table t.
std::string fk_target_key(const std::string& table, std::vector<std::string> cols) {
    std::sort(cols.begin(), cols.end());
    std::string out = table;
    for (const auto& c : cols) out += "\x1f" + c;
    return out;
}

// Whether a foreign key of the target references this unique index: a key
// may reference a unique index that is no constraint, and drizzle-kit's
// order (keys, then indexes) adds the key first, which Postgres rejects.
bool fk_references(const Context& ctx, const Table& t, const Index& ix) {
    if (!ix.isUnique || (ix.where && !ix.where->empty()) || ctx.fk_targets.empty()) return false;
    std::vector<std::string> cols;
    for (const auto& c : ix.columns) {
        if (c.isExpression) return false;
        cols.push_back(c.expression);
    }
    return ctx.fk_targets.count(fk_target_key(table_key(t), cols)) != 0;
}

void create_table(Context& ctx, const Table& t) {
    std::string key = table_key(t);
    ctx.created_tables.insert(key);
    // A column of an enum recreated in this migration gets its default from
    // the recreate (after the type has its new values): inline, a new value
    // would not exist yet (22P02) and the old type's default would block DROP
    // TYPE (2BP01).
    // Checks naming such a column are added after the recreate, for the
    // same reasons (and `text <> enum` has no operator while it is text).
    Table created = t;
    std::vector<std::string> recreated;
    for (auto& [ck, c] : created.columns)
        if (ctx.enum_handled_columns.count(key + "\x1f" + ck)) {
            c.defaultValue.reset();
            recreated.push_back(c.name);
        }
    std::vector<const Check*> checks_after;
    for (const auto& [k, ck] : t.checkConstraints)
        for (const auto& c : recreated)
            if (mentions(ck.value, c)) {
                checks_after.push_back(&ck);
                created.checkConstraints.erase(k);
                break;
            }
    ctx.add(CreateTable, create_table_sql(created, enum_flags(ctx.cur, t)), "create_table");
    for (const Check* ck : checks_after)
        ctx.add(CreateCheck,
                fmt::format("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({});", table_ref(t.schema, t.name),
                            quote_ident(ck->name), ck->value),
                "create_check_constraint");
    if (rls_on(ctx.cur, t)) ctx.add(CreateTable, rls_sql(t, true), "enable_rls");
    if (t.rlsForced) ctx.add(CreateTable, force_rls_sql(t, true), "force_rls");
    for (const auto& [k, fk] : t.foreignKeys) ctx.add(FkNewTables, foreign_key_sql(t, fk), "create_reference");
    for (const auto& [k, ix] : t.indexes)
        ctx.add(fk_references(ctx, t, ix) ? CreateTable : IndexNewTables, index_sql(t, ix), "create_index");
    std::string ref = table_ref(t.schema, t.name);
    for (const auto& [k, p] : t.policies) ctx.add(PolicyCreate, create_policy_on_sql(ref, p), "create_policy");
}

// The names a table takes in its schema's relation namespace: itself, its
// key and unique indexes, its other indexes, the sequences of its serial and
// identity columns (Postgres' default names).
std::set<std::string> relation_names(const Table& t) {
    std::set<std::string> out{t.name};
    bool column_pk = false;
    for (const auto& [k, c] : t.columns) {
        column_pk |= c.primaryKey;
        if (c.isUnique.value_or(false)) out.insert(unique_name(t, c));
        if (c.identity && !c.identity->name.empty()) out.insert(c.identity->name);
        else if (c.identity || c.type.ends_with("serial")) out.insert(t.name + "_" + c.name + "_seq");
    }
    if (column_pk) out.insert(t.name + "_pkey");
    for (const auto& [k, pk] : t.compositePrimaryKeys) out.insert(pk.name);
    for (const auto& [k, u] : t.uniqueConstraints) out.insert(u.name);
    for (const auto& [k, ix] : t.indexes) out.insert(ix.name);
    return out;
}

// A dropped table goes before the created ones when one of those needs a
// name it holds (a table recreated under a new name without a rename hint
// keeps "<old>_pkey"-style names when they were read from a database);
// otherwise in drizzle-kit's place, after them.
bool must_drop_first(const Context& ctx, const Table& dropped) {
    std::set<std::string> held = relation_names(dropped);
    for (const auto& [k, t] : ctx.cur.tables) {
        if (ctx.prev.tables.contains(k) || t.schema != dropped.schema) continue;
        for (const auto& name : relation_names(t))
            if (held.count(name)) return true;
    }
    return false;
}

void drop_table(Context& ctx, const Table& t) {
    ctx.dropped_tables.insert(table_key(t));
    std::string ref = table_ref(t.schema, t.name);
    Phase phase = must_drop_first(ctx, t) ? DropTableFirst : DropTable;
    for (const auto& [k, p] : t.policies)
        ctx.add(phase, fmt::format("DROP POLICY {} ON {} CASCADE;", quote_ident(p.name), ref), "drop_policy");
    ctx.add(phase, fmt::format("DROP TABLE {} CASCADE;", ref), "drop_table");
}

// The per-table column alteration group (phase AlterColumns): primary key
// drops first (a column in a PK cannot drop NOT NULL), then PK adds, then
// each column's own changes.
struct ColumnGroup {
    std::vector<std::pair<std::string, std::string>> drop_pk, set_pk, rest;  // (sql, kind)
    std::vector<std::vector<std::string>> rest_hazards;
    void push(std::string sql, std::string kind, std::vector<std::string> hz = {}) {
        rest.emplace_back(std::move(sql), std::move(kind));
        rest_hazards.push_back(std::move(hz));
    }
};

void alter_type(Context& ctx, ColumnGroup& g, const std::string& key, const std::string& ref,
                const Column& before, const Column& after) {
    std::string col = quote_ident(after.name);
    bool old_enum = is_enum_column(ctx.prev, before), new_enum = is_enum_column(ctx.cur, after);
    std::string type = column_type_sql(after, new_enum, true);
    std::string prefix = fmt::format("ALTER TABLE {} ALTER COLUMN {} ", ref, col);
    const auto& dflt = after.defaultValue;
    ctx.touched_columns[key].insert(before.name);
    if (!new_enum) {
        std::string using_sql;
        std::vector<std::string> hz = {"rewrites_table"};
        if (old_enum) {
            std::string as_text = "text" + before.type.substr(base_type(before.type).size());
            if (!using_clause(after.name, as_text, type, after.type).empty())
                using_sql = fmt::format(" USING {}::text::{}", col, type);
        } else {
            using_sql = using_clause(after.name, before.type, type, after.type);
            hz = type_change_hazards(before.type, after.type);
        }
        // An old default may not survive the cast: one that needs USING
        // cannot (42804), so it goes first even when a new one follows.
        if (before.defaultValue && (!dflt || !using_sql.empty()))
            g.push(prefix + "DROP DEFAULT;", "alter_table_alter_column_drop_default");
        std::string collate = after.collation ? " COLLATE " + collation_sql(*after.collation, after.name) : "";  // pgkit extra
        g.push(prefix + "SET DATA TYPE " + type + collate + using_sql + ";", "alter_table_alter_column_set_type", hz);
        if (dflt) g.push(prefix + "SET DEFAULT " + dflt->text + ";", "alter_table_alter_column_set_default");
        return;
    }
    if (!old_enum && !is_string_type(before.type)) {
        // No cast from integer & co. to an enum: through text; the old
        // default cannot follow, the new one (of the enum) comes after.
        if (before.defaultValue) g.push(prefix + "DROP DEFAULT;", "alter_table_alter_column_drop_default");
        g.push(prefix + "SET DATA TYPE " + type + " USING " + col + "::text::" + type + ";",
               "alter_table_alter_column_set_type", {"rewrites_table"});
        if (dflt)
            g.push(prefix + "SET DEFAULT " + dflt->text + "::" + type + ";", "alter_table_alter_column_set_default");
        return;
    }
    if (before.defaultValue && !dflt)  // an old default may not survive the cast
        g.push(prefix + "DROP DEFAULT;", "alter_table_alter_column_drop_default");
    if (!old_enum) {
        if (dflt)
            g.push(prefix + "SET DEFAULT " + dflt->text + "::" + type + ";", "alter_table_alter_column_set_default");
        g.push(prefix + "SET DATA TYPE " + type + " USING " + col + "::" + type + ";",
               "alter_table_alter_column_set_type", {"rewrites_table"});
        return;
    }
    std::string alter = prefix + "SET DATA TYPE " + type + " USING " + col + "::text::" + type + ";";
    if (dflt && before.defaultValue) {
        g.push(prefix + "DROP DEFAULT;", "alter_table_alter_column_drop_default");
        g.push(alter, "alter_table_alter_column_set_type", {"rewrites_table"});
        g.push(prefix + "SET DEFAULT " + dflt->text + ";", "alter_table_alter_column_set_default");
    } else {
        g.push(alter, "alter_table_alter_column_set_type", {"rewrites_table"});
        if (dflt) g.push(prefix + "SET DEFAULT " + dflt->text + ";", "alter_table_alter_column_set_default");
    }
}

void alter_identity(ColumnGroup& g, const Table& t, const std::string& prefix, const Identity& a, const Identity& b) {
    // The sequence's name (drizzle-kit emits nothing for it): it lives in the
    // table's schema, where a table move has taken it already.
    if (a.name != b.name)
        g.push(fmt::format("ALTER SEQUENCE {} RENAME TO {};", qualified_ref(t.schema, a.name), quote_ident(b.name)),
               "rename_sequence");
    if (a.type != b.type)
        g.push(prefix + (b.type == "always" ? "SET GENERATED ALWAYS;" : "SET GENERATED BY DEFAULT;"),
               "alter_table_alter_column_change_identity");
    auto opt = [&](const char* what, const std::optional<std::string>& x, const std::optional<std::string>& y) {
        if (x.value_or("") != y.value_or("") && y && !y->empty())
            g.push(prefix + what + " " + *y + ";", "alter_table_alter_column_change_identity");
    };
    opt("SET MINVALUE", a.minValue, b.minValue);
    opt("SET MAXVALUE", a.maxValue, b.maxValue);
    opt("SET INCREMENT BY", a.increment, b.increment);
    opt("SET START WITH", a.startWith, b.startWith);
    opt("SET CACHE", a.cache, b.cache);
    if (a.cycle.value_or(false) != b.cycle.value_or(false))
        g.push(prefix + (b.cycle.value_or(false) ? "SET CYCLE;" : "SET NO CYCLE;"),
               "alter_table_alter_column_change_identity");
}

void alter_column(Context& ctx, ColumnGroup& g, const std::string& key, const Table& pt, const Table& t,
                  const Column& before, const Column& after) {
    std::string ref = table_ref(t.schema, t.name);
    std::string col = quote_ident(after.name);
    std::string prefix = fmt::format("ALTER TABLE {} ALTER COLUMN {} ", ref, col);
    bool enum_handled = ctx.enum_handled_columns.count(key + "\x1f" + after.name) != 0;

    if (before.primaryKey && !after.primaryKey) {
        std::string table_name = ctx.original_table_name.count(key) ? ctx.original_table_name[key] : pt.name;
        g.drop_pk.emplace_back(fmt::format("ALTER TABLE {} DROP CONSTRAINT {};", ref, quote_ident(table_name + "_pkey")),
                               "alter_table_alter_column_drop_pk");
    }
    if (!before.primaryKey && after.primaryKey)
        g.set_pk.emplace_back(fmt::format("ALTER TABLE {} ADD PRIMARY KEY ({});", ref, col),
                              "alter_table_alter_column_set_pk");

    // A generated column becoming a plain one first: Postgres refuses a
    // default (or identity) on a generated column (42601).
    if (before.generated && !after.generated)
        g.push(prefix + "DROP EXPRESSION;", "alter_table_alter_column_drop_generated");

    // Spellings of one Postgres type (int4 / integer, numeric(10,2) /
    // numeric(10, 2)) are no change; enums compare by name.
    bool type_changed = before.typeSchema != after.typeSchema ||
                        (before.type != after.type &&
                         (after.typeSchema.has_value() || !types_equal(before.type, after.type)));
    if (type_changed && !enum_handled) alter_type(ctx, g, key, ref, before, after);
    if (!type_changed && before.collation != after.collation)  // pgkit extra
        g.push(prefix + "SET DATA TYPE " + column_type_sql(after, is_enum_column(ctx.cur, after), true) +
                   (after.collation ? " COLLATE " + collation_sql(*after.collation, after.name)
                                    : std::string(" COLLATE \"default\"")) + ";",
               "alter_table_alter_column_set_type", {"rewrites_table"});
    if (!type_changed && !enum_handled && !same_default(before.defaultValue, after.defaultValue)) {
        if (after.defaultValue)
            g.push(prefix + "SET DEFAULT " + after.defaultValue->text + ";", "alter_table_alter_column_set_default");
        else
            g.push(prefix + "DROP DEFAULT;", "alter_table_alter_column_drop_default");
    }
    bool identity_dropped = before.identity && !after.identity;
    if (!before.notNull && after.notNull)
        g.push(prefix + "SET NOT NULL;", "alter_table_alter_column_set_notnull");
    // An identity column cannot drop NOT NULL: drop the identity first.
    bool drop_not_null = before.notNull && !after.notNull;
    if (drop_not_null && !identity_dropped)
        g.push(prefix + "DROP NOT NULL;", "alter_table_alter_column_drop_notnull");
    if (!before.identity && after.identity)
        g.push(prefix + "ADD" + identity_sql(t, *after.identity) + ";", "alter_table_alter_column_set_identity");
    else if (identity_dropped)
        g.push(prefix + "DROP IDENTITY;", "alter_table_alter_column_drop_identity");
    else if (before.identity && after.identity && !(*before.identity == *after.identity))
        alter_identity(g, t, prefix, *before.identity, *after.identity);
    if (drop_not_null && identity_dropped)
        g.push(prefix + "DROP NOT NULL;", "alter_table_alter_column_drop_notnull");

    if (after.generated && (!before.generated || before.generated->as != after.generated->as)) {
        // Postgres cannot add or change a stored expression in place.
        g.push(fmt::format("ALTER TABLE {} drop column {};", ref, col), "alter_table_alter_column_alter_generated",
               {"rewrites_table"});
        g.push(fmt::format("ALTER TABLE {} ADD COLUMN {};", ref,
                           column_definition_sql(t, after, is_enum_column(ctx.cur, after), false)),
               "alter_table_alter_column_alter_generated", {"rewrites_table"});
    }

    // column-level unique
    bool u0 = before.isUnique.value_or(false), u1 = after.isUnique.value_or(false);
    bool unique_changed = u0 && u1 &&
                          (unique_name(pt, before) != unique_name(t, after) ||
                           before.nullsNotDistinct.value_or(false) != after.nullsNotDistinct.value_or(false));
    if ((u0 && !u1) || unique_changed)
        ctx.add(DropUnique, fmt::format("ALTER TABLE {} DROP CONSTRAINT {};", ref, quote_ident(unique_name(pt, before))),
                "delete_unique_constraint");
    if ((!u0 && u1) || unique_changed)
        ctx.add(ctx.fk_targets.count(fk_target_key(key, {after.name})) ? AddColumn : CreateUnique,
                fmt::format("ALTER TABLE {} ADD CONSTRAINT {} UNIQUE{}({});", ref, quote_ident(unique_name(t, after)),
                            after.nullsNotDistinct.value_or(false) ? " NULLS NOT DISTINCT" : "", col),
                "create_unique_constraint");
}

std::string policy_alter_sql(const std::string& on, const Policy& p) {
    std::string s = "ALTER POLICY " + quote_ident(p.name) + " ON " + on + " TO " + policy_roles_sql(p);
    if (p.using_ && !p.using_->empty()) s += " USING (" + *p.using_ + ")";
    if (p.withCheck && !p.withCheck->empty()) s += " WITH CHECK (" + *p.withCheck + ")";
    return s + ";";
}

bool policy_needs_recreate(const Policy& a, const Policy& b) {
    auto up = [](std::optional<std::string> v, const char* d) {
        std::string s = v.value_or(d);
        for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        return s;
    };
    auto has = [](const std::optional<std::string>& v) { return v && !v->empty(); };
    // ALTER POLICY cannot change AS/FOR, nor remove USING / WITH CHECK.
    return up(a.as, "PERMISSIVE") != up(b.as, "PERMISSIVE") || up(a.for_, "ALL") != up(b.for_, "ALL") ||
           (has(a.using_) && !has(b.using_)) || (has(a.withCheck) && !has(b.withCheck));
}

// A table's primary key whatever its form: a composite entry (named) or
// column-level flags (the implicit name <table>_pkey, from the table's name
// when its constraint was created: renaming a table keeps the name).
struct AnyPk {
    std::vector<std::string> columns;
    std::string name;
    bool named = false;
    bool deferrable = false, initiallyDeferred = false;
};

std::optional<AnyPk> any_pk(const Table& t, const std::string& implicit_table_name) {
    if (!t.compositePrimaryKeys.empty()) {
        const PrimaryKey& pk = t.compositePrimaryKeys.begin()->second;
        return AnyPk{pk.columns, pk.name, true, pk.deferrable, pk.initiallyDeferred};
    }
    AnyPk pk;
    for (const auto& [k, c] : t.columns)
        if (c.primaryKey) pk.columns.push_back(c.name);
    if (pk.columns.empty()) return std::nullopt;
    pk.name = implicit_table_name + "_pkey";
    return pk;
}

// The same primary key on both sides in another form or under another name
// (an introspected "user_temp_pkey" against drizzle's column-level key on a
// renamed table): the key and its index stay, foreign keys keep depending on
// it. Returns the source rewritten to the target's form, after queueing a
// RENAME CONSTRAINT where the target names the key otherwise; nullopt if the
// keys differ.
std::optional<Table> same_pk_other_form(Context& ctx, const std::string& key, const Table& pt, const Table& t) {
    std::string original = ctx.original_table_name.count(key) ? ctx.original_table_name[key] : pt.name;
    auto before = any_pk(pt, original), after = any_pk(t, t.name);
    if (!before || !after || before->columns != after->columns) return std::nullopt;
    // Another deferrability is another key (drop + add): a column-level key
    // is never deferrable (pgkit extra of compositePrimaryKeys only).
    if (before->deferrable != after->deferrable || before->initiallyDeferred != after->initiallyDeferred)
        return std::nullopt;
    if (before->named == after->named && before->name == after->name) return std::nullopt;
    // A column-level key in the target has no name of its own: drizzle-kit
    // does not track it (it never renames it with the table, and a key
    // read from the database after such a rename is "<old table>_pkey"), so
    // whatever the key is called now stays. A named target key is renamed to.
    if (after->named && before->name != after->name)
        ctx.add(AlterCompositePk,
                fmt::format("ALTER TABLE {} RENAME CONSTRAINT {} TO {};", table_ref(t.schema, t.name),
                            quote_ident(before->name), quote_ident(after->name)),
                "rename_constraint");
    Table adjusted = pt;
    adjusted.compositePrimaryKeys = t.compositePrimaryKeys;
    for (auto& [k, c] : adjusted.columns) {
        const Column* a = t.columns.find(k);
        c.primaryKey = a ? a->primaryKey : false;
    }
    return adjusted;
}

}  // namespace

// Table policies and (one at a time) standalone ones.
static void diff_policies(Context& ctx, const std::string& on, const OrderedMap<Policy>& before,
                   const OrderedMap<Policy>& after, bool standalone) {
    Phase drop = standalone ? IndPolicyDrop : PolicyDrop, create = standalone ? IndPolicyCreate : PolicyCreate,
          alter = standalone ? IndPolicyAlter : PolicyAlter;
    std::string sfx = standalone ? "ind_policy" : "policy";
    for (const auto& [k, p] : before)
        if (!after.contains(k))
            ctx.add(drop, fmt::format("DROP POLICY {} ON {} CASCADE;", quote_ident(p.name), on), "drop_" + sfx);
    for (const auto& [k, p] : after) {
        const Policy* b = before.find(k);
        if (!b) {
            ctx.add(create, create_policy_on_sql(on, p), "create_" + sfx);
        } else if (!(*b == p)) {
            if (policy_needs_recreate(*b, p)) {
                ctx.add(drop, fmt::format("DROP POLICY {} ON {} CASCADE;", quote_ident(p.name), on), "drop_" + sfx);
                ctx.add(create, create_policy_on_sql(on, p), "create_" + sfx);
            } else {
                ctx.add(alter, policy_alter_sql(on, p), "alter_" + sfx);
            }
        }
    }
}

// One single-column unique in the other form (drizzle's column-level
// .unique("name") against a table-level entry read from a database): the
// same constraint when name, column and NULLS NOT DISTINCT agree (a
// column-level unique is never deferrable: pgkit extra of table-level ones). Rewrites
// `pt` (the source) to the target's form; returns whether it changed it.
bool same_unique_other_form(Table& pt, const Table& t) {
    bool changed = false;
    for (auto& [ck, c] : t.columns) {
        Column* b = pt.columns.find(ck);
        if (!b) continue;
        bool col_t = c.isUnique.value_or(false), col_s = b->isUnique.value_or(false);
        if (col_t && !col_s) {  // target column-level, source table-level?
            std::string name = unique_name(t, c);
            const Unique* u = pt.uniqueConstraints.find(name);
            if (u && u->columns == std::vector<std::string>{c.name} &&
                u->nullsNotDistinct == c.nullsNotDistinct.value_or(false) && !u->deferrable) {
                pt.uniqueConstraints.erase(name);
                b->isUnique = c.isUnique;
                b->uniqueName = c.uniqueName;
                b->nullsNotDistinct = c.nullsNotDistinct;
                changed = true;
            }
        } else if (col_s && !col_t) {  // source column-level, target table-level?
            std::string name = unique_name(pt, *b);
            const Unique* u = t.uniqueConstraints.find(name);
            if (u && u->columns == std::vector<std::string>{b->name} &&
                u->nullsNotDistinct == b->nullsNotDistinct.value_or(false) && !u->deferrable &&
                !pt.uniqueConstraints.contains(name)) {
                pt.uniqueConstraints.set(name, *u);
                b->isUnique = c.isUnique;
                b->uniqueName = c.uniqueName;
                b->nullsNotDistinct = c.nullsNotDistinct;
                changed = true;
            }
        }
    }
    return changed;
}

void alter_table(Context& ctx, const Table& source, const Table& t) {
    std::string key = table_key(t);
    std::optional<Table> adjusted = same_pk_other_form(ctx, key, source, t);
    bool unique_forms_differ = false;  // cheap test first: copying every table costs
    for (const auto& [ck, c] : t.columns)
        if (const Column* b = source.columns.find(ck); b && b->isUnique.value_or(false) != c.isUnique.value_or(false))
            unique_forms_differ = true;
    if (unique_forms_differ) {
        Table copy = adjusted ? *adjusted : source;
        if (same_unique_other_form(copy, t)) adjusted = std::move(copy);
    }
    const Table& pt = adjusted ? *adjusted : source;
    std::string ref = table_ref(t.schema, t.name);
    bool rls0 = rls_on(ctx.prev, pt), rls1 = rls_on(ctx.cur, t);
    // A renamed table gets its RLS change once it has its new name.
    Phase rls = ctx.renamed_tables.count(key) ? RlsRenamed : Rls;
    if (rls0 != rls1) ctx.add(rls, rls_sql(t, rls1), rls1 ? "enable_rls" : "disable_rls");
    if (pt.rlsForced != t.rlsForced) ctx.add(rls, force_rls_sql(t, t.rlsForced), t.rlsForced ? "force_rls" : "no_force_rls");

    ColumnGroup g;
    for (const auto& [ck, c] : t.columns) {
        const Column* b = pt.columns.find(ck);
        if (!b) {
            ctx.add(AddColumn,
                    fmt::format("ALTER TABLE {} ADD COLUMN {};", ref,
                                column_definition_sql(t, c, is_enum_column(ctx.cur, c), false)),
                    "alter_table_add_column",
                    (c.generated || c.identity) ? std::vector<std::string>{"rewrites_table"}
                                                : std::vector<std::string>{});
            if (c.isUnique.value_or(false))
                ctx.add(ctx.fk_targets.count(fk_target_key(key, {c.name})) ? AddColumn : CreateUnique,
                        fmt::format("ALTER TABLE {} ADD CONSTRAINT {} UNIQUE{}({});", ref, quote_ident(unique_name(t, c)),
                                    c.nullsNotDistinct.value_or(false) ? " NULLS NOT DISTINCT" : "", quote_ident(c.name)),
                        "create_unique_constraint");
            continue;
        }
        if (!same_column(*b, c)) alter_column(ctx, g, key, pt, t, *b, c);
    }
    for (const auto& [ck, c] : pt.columns)
        if (!t.columns.contains(ck)) {
            ctx.touched_columns[key].insert(c.name);
            ctx.add(DropColumn, fmt::format("ALTER TABLE {} DROP COLUMN {};", ref, quote_ident(c.name)),
                    "alter_table_drop_column");
        }
    for (auto& [sql, kind] : g.drop_pk) ctx.add(AlterColumns, sql, kind);
    for (auto& [sql, kind] : g.set_pk) ctx.add(AlterColumns, sql, kind);
    for (std::size_t i = 0; i < g.rest.size(); ++i)
        ctx.add(AlterColumns, g.rest[i].first, g.rest[i].second, g.rest_hazards[i]);

    // composite primary keys (keyed by name)
    for (const auto& [k, pk] : pt.compositePrimaryKeys)
        if (!t.compositePrimaryKeys.contains(k))
            ctx.add(DropCompositePk, fmt::format("ALTER TABLE {} DROP CONSTRAINT {};", ref, quote_ident(pk.name)),
                    "delete_composite_pk");
    for (const auto& [k, pk] : t.compositePrimaryKeys) {
        const PrimaryKey* b = pt.compositePrimaryKeys.find(k);
        std::string add = add_primary_key_sql(t, pk);
        if (!b) ctx.add(CreateCompositePk, add, "create_composite_pk");
        else if (!(*b == pk))
            ctx.add(AlterCompositePk,
                    fmt::format("ALTER TABLE {} DROP CONSTRAINT {};\n--> statement-breakpoint\n{}", ref,
                                quote_ident(b->name), add),
                    "alter_composite_pk");
    }
    // uniques, checks: a change is drop + add
    for (const auto& [k, u] : pt.uniqueConstraints) {
        const Unique* a = t.uniqueConstraints.find(k);
        if (!a || !(*a == u))
            ctx.add(DropUnique, fmt::format("ALTER TABLE {} DROP CONSTRAINT {};", ref, quote_ident(u.name)),
                    "delete_unique_constraint");
    }
    // A unique a new foreign key references comes before the keys (phase
    // AddColumn, after this table's new columns), not after them.
    for (const auto& [k, u] : t.uniqueConstraints) {
        const Unique* b = pt.uniqueConstraints.find(k);
        bool referenced = ctx.fk_targets.count(fk_target_key(key, u.columns)) != 0;
        if (!b || !(*b == u))
            ctx.add(referenced ? AddColumn : CreateUnique, add_unique_sql(t, u), "create_unique_constraint");
    }
    // A check naming a column an enum recreate retypes is dropped first and added again after.
    auto around_enum_recreate = [&](const Check& ck) {
        auto it = ctx.enum_retyped_columns.find(key);
        if (it == ctx.enum_retyped_columns.end()) return false;
        for (const auto& c : it->second)
            if (mentions(ck.value, c)) return true;
        return false;
    };
    for (const auto& [k, ck] : pt.checkConstraints) {
        const Check* a = t.checkConstraints.find(k);
        if (!a || !(*a == ck) || around_enum_recreate(ck))
            ctx.add(DropCheck, fmt::format("ALTER TABLE {} DROP CONSTRAINT {};", ref, quote_ident(ck.name)),
                    "delete_check_constraint");
    }
    for (const auto& [k, ck] : t.checkConstraints) {
        const Check* b = pt.checkConstraints.find(k);
        if (!b || !(*b == ck) || around_enum_recreate(*b))
            ctx.add(CreateCheck,
                    fmt::format("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({});", ref, quote_ident(ck.name), ck.value),
                    "create_check_constraint");
    }
    // foreign keys
    for (const auto& [k, fk] : pt.foreignKeys) {
        const ForeignKey* a = t.foreignKeys.find(k);
        if (a && *a == fk) continue;
        // DROP TABLE ... CASCADE of the referenced table already removed it.
        if (!a && ctx.dropped_tables.count(object_key(fk.schemaTo.value_or(""), fk.tableTo))) continue;
        ctx.add(DropFk, fmt::format("ALTER TABLE {} DROP CONSTRAINT {};\n", ref, quote_ident(fk.name)),
                "delete_reference");
    }
    for (const auto& [k, fk] : t.foreignKeys) {
        const ForeignKey* b = pt.foreignKeys.find(k);
        if (!b || !(*b == fk)) ctx.add(FkExisting, foreign_key_sql(t, fk), "create_reference");
    }
    // indexes: any change recreates
    std::string index_prefix = t.schema.empty() ? "" : quote_ident(t.schema) + ".";
    for (const auto& [k, ix] : pt.indexes) {
        const Index* a = t.indexes.find(k);
        if (!a || !(*a == ix))
            ctx.add(DropIndex, fmt::format("DROP INDEX {}{};", index_prefix, quote_ident(ix.name)), "drop_index");
    }
    for (const auto& [k, ix] : t.indexes) {
        const Index* b = pt.indexes.find(k);
        if (!b || !(*b == ix))
            ctx.add(fk_references(ctx, t, ix) ? AddColumn : IndexExisting, index_sql(t, ix), "create_index");
    }
    diff_policies(ctx, ref, pt.policies, t.policies, false);
}

void diff_tables(Context& ctx) {
    for (const auto& [k, t] : ctx.cur.tables)
        for (const auto& [n, fk] : t.foreignKeys)
            ctx.fk_targets.insert(fk_target_key(object_key(fk.schemaTo.value_or(""), fk.tableTo), fk.columnsTo));
    // Dropped tables first: FK drops elsewhere depend on knowing them.
    for (const auto& [k, t] : ctx.prev.tables) {
        check_interrupts();
        if (!ctx.cur.tables.contains(k)) drop_table(ctx, t);
    }
    for (const auto& [k, t] : ctx.cur.tables) {
        check_interrupts();
        if (const Table* before = ctx.prev.tables.find(k)) alter_table(ctx, *before, t);
        else create_table(ctx, t);
    }
    // standalone policies; one linked to another table is dropped there and
    // created on the new one; one whose table is dropped went with it (CASCADE)
    auto drop_ind_policy = [&](const Policy& p) {
        if (ctx.dropped_tables.count(policy_target_key(p.on.value_or("")))) return;
        ctx.add(IndPolicyDrop,
                fmt::format("DROP POLICY {} ON {} CASCADE;", quote_ident(p.name), policy_target_sql(p.on.value_or(""))),
                "drop_ind_policy");
    };
    for (const auto& [k, p] : ctx.prev.policies)
        if (!ctx.cur.policies.contains(k)) drop_ind_policy(p);
    for (const auto& [k, p] : ctx.cur.policies) {
        std::string on = policy_target_sql(p.on.value_or(""));
        const Policy* b = ctx.prev.policies.find(k);
        if (b && policy_target_key(b->on.value_or("")) != policy_target_key(p.on.value_or(""))) {
            drop_ind_policy(*b);
            b = nullptr;
        }
        if (!b) ctx.add(IndPolicyCreate, create_policy_on_sql(on, p), "create_ind_policy");
        else if (!(*b == p)) {
            OrderedMap<Policy> before, after;
            before.set(k, *b);
            after.set(k, p);
            diff_policies(ctx, on, before, after, true);
        }
    }
}

}  // namespace pgkit::core::detail
