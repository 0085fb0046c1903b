// Views and materialized views. A definition change is drop + create (there
// is no ALTER for it); WITH options, tablespace and access method are
// altered in place. `.existing()` views are never created or dropped.
// pgkit addition: a view that reads a column being retyped or dropped is
// dropped first and recreated after (Postgres refuses to alter the column
// while the view exists, 0A000), and so is a view reading a view that is
// dropped or recreated (2BP01).
// GCC 12 reports -Wrestrict false positives on std::string concatenation
// (GCC bug 105329); the code is correct.
#pragma GCC diagnostic ignored "-Wrestrict"
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "diff_internal.hpp"
#include "error.hpp"
#include "ident.hpp"
#include "interrupt.hpp"
#include "render.hpp"

namespace pgkit::core::detail {
namespace {

std::string snake_case(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (std::isupper(static_cast<unsigned char>(c))) {
            out += '_';
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
            out += c;
        }
    }
    for (char c : out)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
            throw Error(sqlstate::invalid_parameter, fmt::format("pgkit: invalid view option \"{}\"", key));
    return out;
}

// Option values are printed bare: keep them to plain words and numbers.
const std::string& option_value(const Scalar& v, const std::string& view) {
    for (char c : v.text)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'))
            throw Error(sqlstate::invalid_parameter,
                        fmt::format("pgkit: view \"{}\": invalid option value \"{}\"", view, v.text));
    return v.text;
}

// A tablespace name is printed bare (drizzle-kit's style) when that is safe.
std::string tablespace_sql(const std::string& name) {
    bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
    for (char c : name) plain = plain && (std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_');
    return plain ? name : quote_ident(name);
}

std::string view_ref(const View& v) { return qualified_ref(v.schema, v.name); }

std::string create_view_sql(const View& v) {
    std::string s = std::string(v.materialized ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ") + view_ref(v);
    if (v.using_) s += " USING " + quote_ident(*v.using_);
    if (!v.with.empty()) {
        std::string opts;
        for (const auto& [k, val] : v.with) {
            if (!opts.empty()) opts += ", ";
            opts += snake_case(k) + " = " + option_value(val, v.name);
        }
        s += " WITH (" + opts + ")";
    }
    if (v.tablespace) s += " TABLESPACE " + tablespace_sql(*v.tablespace);
    s += " AS (" + v.definition.value_or("") + ")";
    if (v.withNoData.value_or(false)) s += " WITH NO DATA";
    return s + ";";
}

std::string drop_view_sql(const View& v) {
    return std::string(v.materialized ? "DROP MATERIALIZED VIEW " : "DROP VIEW ") + view_ref(v) + ";";
}


bool reads_touched_column(const Context& ctx, const View& v) {
    if (!v.definition) return false;
    for (const auto& [key, cols] : ctx.touched_columns) {
        const Table* t = ctx.cur.tables.find(key);
        if (!t || !mentions(*v.definition, t->name)) continue;
        for (const auto& c : cols)
            if (mentions(*v.definition, c)) return true;
    }
    return false;
}

// Returns whether view a's definition reads view b.
bool reads_view(const View& a, const View& b) {
    return &a != &b && a.definition && mentions(*a.definition, b.name);
}

// Returns the views in their given order, except that a view is moved after
// the views it reads (creation) or after the views reading it (dropping).
// A cycle (only possible through a false textual match) keeps the given order.
std::vector<const View*> in_dependency_order(const std::vector<const View*>& views, bool dropping) {
    std::vector<const View*> out;
    std::vector<bool> placed(views.size(), false);
    auto must_wait = [&](std::size_t i) {
        for (std::size_t j = 0; j < views.size(); ++j) {
            if (placed[j] || j == i) continue;
            bool dep = dropping ? reads_view(*views[j], *views[i]) : reads_view(*views[i], *views[j]);
            if (dep) return true;
        }
        return false;
    };
    while (out.size() < views.size()) {
        bool progress = false;
        for (std::size_t i = 0; i < views.size(); ++i)
            if (!placed[i] && !must_wait(i)) {
                placed[i] = true;
                out.push_back(views[i]);
                progress = true;
                break;
            }
        if (!progress)  // cycle: the rest in the given order
            for (std::size_t i = 0; i < views.size(); ++i)
                if (!placed[i]) {
                    placed[i] = true;
                    out.push_back(views[i]);
                }
    }
    return out;
}

void alter_view(Context& ctx, const View& a, const View& b) {
    std::string kind = b.materialized ? "ALTER MATERIALIZED VIEW " : "ALTER VIEW ";
    std::string ref = view_ref(b);
    std::string set, reset;
    for (const auto& [k, v] : b.with) {
        const Scalar* old = a.with.find(k);
        if (old && *old == v) continue;
        set += (set.empty() ? "" : ", ") + snake_case(k) + " = " + option_value(v, b.name);
    }
    for (const auto& [k, v] : a.with)
        if (!b.with.contains(k)) reset += (reset.empty() ? "" : ", ") + snake_case(k);
    if (!set.empty()) ctx.add(ViewAlter, kind + ref + " SET (" + set + ");", "alter_view_add_with_option");
    if (!reset.empty()) ctx.add(ViewAlter, kind + ref + " RESET (" + reset + ");", "alter_view_drop_with_option");
    if (b.materialized && a.tablespace != b.tablespace)
        ctx.add(ViewAlter,
                "ALTER MATERIALIZED VIEW " + ref + " SET TABLESPACE " +
                    tablespace_sql(b.tablespace.value_or("pg_default")) + ";",
                "alter_view_alter_tablespace");
    if (b.materialized && a.using_ != b.using_)
        ctx.add(ViewAlter,
                "ALTER MATERIALIZED VIEW " + ref + " SET ACCESS METHOD " + quote_ident(b.using_.value_or("heap")) + ";",
                "alter_view_alter_using");
}

}  // namespace

bool mentions(const std::string& text, const std::string& word) {
    if (text.find(quote_ident(word)) != std::string::npos) return true;
    auto ident_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (std::size_t p = text.find(word); p != std::string::npos; p = text.find(word, p + 1)) {
        bool left = p == 0 || !ident_char(text[p - 1]);
        bool right = p + word.size() >= text.size() || !ident_char(text[p + word.size()]);
        if (left && right) return true;
    }
    return false;
}

void diff_views(Context& ctx) {
    std::vector<const View*> drops, creates;
    std::vector<View> dropped_under_old_name;
    dropped_under_old_name.reserve(ctx.cur.views.size());  // pointers into it stay valid
    for (const auto& [k, v] : ctx.prev.views)
        if (!ctx.cur.views.contains(k) && !v.isExisting) drops.push_back(&v);
    // Drops the view as the database has it (a renamed one by its old name,
    // not renamed first) and creates the target.
    auto recreate = [&](const std::string& k, const View& v, const View* b) {
        auto renamed = ctx.renamed_views.find(k);
        if (renamed != ctx.renamed_views.end() && !b->isExisting) {
            View old = *b;
            old.schema = renamed->second.first;
            old.name = renamed->second.second;
            dropped_under_old_name.push_back(old);
            drops.push_back(&dropped_under_old_name.back());
        } else {
            drops.push_back(b->isExisting ? &v : b);
        }
        creates.push_back(&v);
    };
    struct Kept {
        const std::string* key;
        const View* view;
        const View* before;
    };
    std::vector<Kept> kept;
    for (const auto& [k, v] : ctx.cur.views) {
        check_interrupts();
        const View* b = ctx.prev.views.find(k);
        if (v.isExisting) continue;
        if (!b) {
            creates.push_back(&v);
            continue;
        }
        bool again = b->isExisting || b->materialized != v.materialized ||
                     b->definition.value_or("") != v.definition.value_or("") ||
                     b->withNoData.value_or(false) != v.withNoData.value_or(false) || reads_touched_column(ctx, v);
        if (again) recreate(k, v, b);
        else kept.push_back({&k, &v, b});
    }
    // A view reading a view that is dropped or recreated goes too (DROP VIEW
    // refuses while it exists, 2BP01), and so on up the chain.
    for (bool more = true; more;) {
        more = false;
        for (auto it = kept.begin(); it != kept.end();) {
            bool reads_dropped = std::any_of(drops.begin(), drops.end(),
                                             [&](const View* d) { return reads_view(*it->before, *d); });
            if (!reads_dropped) {
                ++it;
                continue;
            }
            recreate(*it->key, *it->view, it->before);
            it = kept.erase(it);
            more = true;
        }
    }
    for (const auto& [key, vp, b] : kept) {
        const View& v = *vp;
        auto renamed = ctx.renamed_views.find(*key);
        if (renamed != ctx.renamed_views.end() && !b->isExisting) {
            const auto& [sa, na] = renamed->second;
            const char* kind = v.materialized ? "ALTER MATERIALIZED VIEW" : "ALTER VIEW";
            if (sa != v.schema)
                ctx.add(ViewRename, fmt::format("{} {} SET SCHEMA {};", kind, qualified_ref(sa, na), quote_ident(v.schema)),
                        "alter_view_alter_schema");
            if (na != v.name)
                ctx.add(ViewRename, fmt::format("{} {} RENAME TO {};", kind, qualified_ref(v.schema, na), quote_ident(v.name)),
                        "rename_view");
        }
        alter_view(ctx, *b, v);
    }
    // A view reading another view: created after it, dropped before it.
    for (const View* v : in_dependency_order(drops, true)) ctx.add(ViewDrop, drop_view_sql(*v), "drop_view");
    for (const View* v : in_dependency_order(creates, false)) ctx.add(CreateView, create_view_sql(*v), "create_view");
}

}  // namespace pgkit::core::detail
