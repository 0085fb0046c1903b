// Shared pieces of the on-server test drivers (corpus_server, roundtrip_server):
// a small libpq connection wrapper, scratch databases that are reset between
// cases instead of recreated (speed), applying statements in one transaction,
// and comparing two databases through the canonical description of
// test/server/describe.sql. Header-only: each driver is one executable.
#pragma once
#include <libpq-fe.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace pgkit::server {

// Returns the whole file; throws when it cannot be read.
inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Returns a JSON array of strings as a vector (renames.json, *.sql.json, expected.json).
inline std::vector<std::string> string_array(const boost::json::value& v) {
    std::vector<std::string> out;
    for (const auto& e : v.as_array()) out.emplace_back(e.as_string().c_str());
    return out;
}

// The outcome of one command: ok, or the server's SQLSTATE and message.
struct Result {
    bool ok = true;
    std::string sqlstate, message;
    std::vector<std::vector<std::optional<std::string>>> rows;
    // Returns "SQLSTATE: message" for reports.
    std::string error() const { return sqlstate + ": " + message; }
};

class Conn {
public:
    explicit Conn(const std::string& dbname) {
        const char* keys[] = {"dbname", "application_name", nullptr};
        const char* vals[] = {dbname.c_str(), "pgkit-server-test", nullptr};
        conn_ = PQconnectdbParams(keys, vals, 0);  // host/port/user from PG* env
        if (PQstatus(conn_) != CONNECTION_OK)
            throw std::runtime_error("connect to " + dbname + ": " + PQerrorMessage(conn_));
        PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // DROP ... CASCADE chatter
        must("SET client_min_messages = warning");
        must("SET statement_timeout = '60s'");
    }
    ~Conn() { PQfinish(conn_); }
    Conn(const Conn&) = delete;
    Conn& operator=(const Conn&) = delete;

    // Returns the outcome of `sql` (simple protocol: several statements allowed).
    Result exec(const std::string& sql) { return collect(PQexec(conn_, sql.c_str())); }

    // Returns the outcome of `sql` with text parameters $1..$n.
    Result exec(const std::string& sql, const std::vector<std::string>& params) {
        std::vector<const char*> p;
        for (const auto& s : params) p.push_back(s.c_str());
        return collect(PQexecParams(conn_, sql.c_str(), static_cast<int>(p.size()), nullptr,
                                    p.data(), nullptr, nullptr, 0));
    }

    // Returns the outcome, throwing when the command fails (harness set-up).
    Result must(const std::string& sql, const std::vector<std::string>& params = {}) {
        Result r = params.empty() ? exec(sql) : exec(sql, params);
        if (!r.ok) throw std::runtime_error(sql.substr(0, 200) + ": " + r.error());
        return r;
    }

private:
    Result collect(PGresult* res) {
        Result r;
        auto st = PQresultStatus(res);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
            r.ok = false;
            const char* code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
            const char* msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
            r.sqlstate = code ? code : "?????";
            r.message = msg ? msg : PQerrorMessage(conn_);
            if (const char* d = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL))
                r.message += std::string(" (DETAIL: ") + d + ")";
        } else if (st == PGRES_TUPLES_OK) {
            for (int i = 0; i < PQntuples(res); ++i) {
                auto& row = r.rows.emplace_back();
                for (int j = 0; j < PQnfields(res); ++j)
                    row.push_back(PQgetisnull(res, i, j)
                                      ? std::nullopt
                                      : std::optional<std::string>(PQgetvalue(res, i, j)));
            }
        }
        PQclear(res);
        // A failed command inside a multi-statement string leaves later results.
        while (PGresult* more = PQgetResult(conn_)) PQclear(more);
        return r;
    }
    PGconn* conn_ = nullptr;
};

// Drops every user schema (CASCADE) and recreates an empty public, as a new
// database has it: much faster than CREATE DATABASE per case.
inline void reset_database(Conn& db) {
    db.must(R"(DO $$
DECLARE s text;
BEGIN
    FOR s IN SELECT nspname FROM pg_namespace
             WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
               AND nspname !~ '^pg_(toast_)?temp_'
    LOOP
        EXECUTE format('DROP SCHEMA %I CASCADE', s);
    END LOOP;
    CREATE SCHEMA public;
    ALTER SCHEMA public OWNER TO pg_database_owner;
    GRANT USAGE ON SCHEMA public TO PUBLIC;
END $$)");
}

// The scratch databases and the role bookkeeping shared by the drivers.
// `ctl` hosts the pgkit extension (pgkit.diff runs there); `src` and `dst`
// are the two databases compared. Roles are cluster-wide: every role that
// did not exist when the harness started belongs to the current case.
class Scratch {
public:
    Scratch(const std::string& prefix, bool need_pgkit) : prefix_(prefix) {
        {
            Conn admin(std::getenv("PGDATABASE") ? std::getenv("PGDATABASE") : "postgres");
            for (const char* s : {"_ctl", "_src", "_dst"}) {
                admin.must("DROP DATABASE IF EXISTS " + prefix + s + " WITH (FORCE)");
                admin.must("CREATE DATABASE " + prefix + s + " TEMPLATE template0");
            }
        }
        ctl = std::make_unique<Conn>(prefix + "_ctl");
        src = std::make_unique<Conn>(prefix + "_src");
        dst = std::make_unique<Conn>(prefix + "_dst");
        if (need_pgkit) ctl->must("CREATE EXTENSION pgkit");
        for (auto& row : ctl->must("SELECT rolname FROM pg_roles").rows) baseline_.insert(*row[0]);
    }
    ~Scratch() {
        try {
            ctl.reset();
            src.reset();
            dst.reset();
            drop_roles_admin();
            Conn admin(std::getenv("PGDATABASE") ? std::getenv("PGDATABASE") : "postgres");
            for (const char* s : {"_ctl", "_src", "_dst"})
                admin.exec("DROP DATABASE IF EXISTS " + prefix_ + s + " WITH (FORCE)");
        } catch (...) {
        }
    }

    // Drops the roles the current case created; both databases must have
    // been reset (no policy still names them). DROP OWNED covers grants.
    void drop_case_roles() {
        auto rows = ctl->must("SELECT rolname FROM pg_roles").rows;
        for (auto& row : rows) {
            if (baseline_.count(*row[0])) continue;
            std::string q = "\"" + std::regex_replace(*row[0], std::regex("\""), "\"\"") + "\"";
            if (!ctl->exec("DROP ROLE " + q).ok) {
                src->exec("DROP OWNED BY " + q);
                dst->exec("DROP OWNED BY " + q);
                ctl->must("DROP ROLE " + q);
            }
        }
    }

    std::unique_ptr<Conn> ctl, src, dst;

private:
    void drop_roles_admin() {
        Conn c(std::getenv("PGDATABASE") ? std::getenv("PGDATABASE") : "postgres");
        for (auto& row : c.must("SELECT rolname FROM pg_roles").rows)
            if (!baseline_.count(*row[0]))
                c.exec("DROP ROLE \"" + std::regex_replace(*row[0], std::regex("\""), "\"\"") + "\"");
    }
    std::string prefix_;
    std::set<std::string> baseline_;
};

// Returns true when the statement cannot run inside a transaction block.
inline bool runs_alone(const std::string& sql) {
    static const std::regex re(R"(^\s*(CREATE\s+(UNIQUE\s+)?INDEX|DROP\s+INDEX|REINDEX(\s+\w+)?)\s+CONCURRENTLY\b)",
                               std::regex::icase);
    return std::regex_search(sql, re);
}

// Applies the statements in ONE transaction (a CONCURRENTLY statement runs
// alone between transactions). Returns an empty string, or what failed.
inline std::string apply_statements(Conn& db, const std::vector<std::string>& statements) {
    bool in_tx = false;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const std::string& s = statements[i];
        if (runs_alone(s) && in_tx) {
            Result c = db.exec("COMMIT");
            in_tx = false;
            if (!c.ok) return "COMMIT before statement " + std::to_string(i + 1) + " failed: " + c.error();
        } else if (!runs_alone(s) && !in_tx) {
            db.must("BEGIN");
            in_tx = true;
        }
        Result r = db.exec(s);
        if (!r.ok) {
            if (in_tx) db.exec("ROLLBACK");
            return "statement " + std::to_string(i + 1) + "/" + std::to_string(statements.size()) +
                   " failed: " + r.error() + " | statement: " + s;
        }
    }
    if (in_tx) {
        Result c = db.exec("COMMIT");
        if (!c.ok) return "COMMIT failed: " + c.error();
    }
    return {};
}

// Returns the ids listed in a known-failures file: one per line, # comments
// allowed ("" = no file: nothing is known to fail).
inline std::set<std::string> read_known(const std::string& path) {
    std::set<std::string> ids;
    if (path.empty()) return ids;
    std::istringstream in(read_file(path));
    for (std::string line; std::getline(in, line);) {
        line = line.substr(0, line.find('#'));
        line.erase(0, line.find_first_not_of(" \t"));
        line.erase(line.find_last_not_of(" \t\r") + 1);
        if (!line.empty()) ids.insert(line);
    }
    return ids;
}

// Returns the canonical description of the database (describe.sql).
inline std::string describe(Conn& db, const std::string& describe_sql) {
    Result r = db.must(describe_sql);
    return r.rows.at(0).at(0).value_or("");
}

// Returns the differences between two descriptions as report lines (empty
// when equal): facts are matched by key (the text before ": ").
inline std::vector<std::string> compare(const std::string& got, const std::string& want) {
    auto split = [](const std::string& text) {
        std::map<std::string, std::string> m;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) {
            auto p = line.find(": ");
            m[line.substr(0, p)] = p == std::string::npos ? "" : line.substr(p + 2);
        }
        return m;
    };
    auto g = split(got), w = split(want);
    std::vector<std::string> out;
    for (auto& [k, v] : w) {
        auto it = g.find(k);
        if (it == g.end())
            out.push_back("missing    " + k + ": " + v);
        else if (it->second != v)
            out.push_back("differs    " + k + ":\n          got:  " + it->second + "\n          want: " + v);
    }
    for (auto& [k, v] : g)
        if (!w.count(k)) out.push_back("unexpected " + k + ": " + v);
    return out;
}

}  // namespace pgkit::server
