#!/usr/bin/env bash
# pgkit.introspect() prints CHECK constraints, index expressions and
# predicates, and policies without opening their tables (src/pg/expr_deparse.*),
# and must print them exactly as Postgres' own printers do. For each schema,
# introspect() with pgkit.fast_deparse on must equal introspect() with it off
# (every expression printed by pg_get_constraintdef / pg_get_indexdef /
# pg_get_expr), byte for byte (an expression zoo, the regress schema, chinook,
# pagila, the two large hosted-project schemas and 120 bench tables).
# test/data/deparse_cases.sql holds every shape
# of expression and views; on it, only the 8 cases the fast printer declines
# (CASE, a sub-select, a bare column, a domain-typed column, a field of a
# composite, a system column, a view with a renamed column) may go to
# Postgres' printers: the DEBUG1 line each one logs
# is counted, so a printer that silently declines everything fails here.
# Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "ok   $*"; }
bad() { FAILED=$((FAILED + 1)); echo "FAIL $*"; }
DB=pgkit_deparse
trap 'dropdb --if-exists $DB >/dev/null 2>&1' EXIT
psql -X -q -c 'CREATE ROLE regress_it_reader' 2>/dev/null
psql -X -q -c 'CREATE ROLE regress_it_writer CREATEDB NOINHERIT' 2>/dev/null
# the hosted-auth roles test/data/saas.sql grants to and writes policies for
for role in anon authenticated service_role; do psql -X -q -c "CREATE ROLE $role NOLOGIN" 2>/dev/null; done

# same NAME SQL...: loads the files (or psql -v options) into a fresh database
# and compares both printers' snapshots.
same() {
    local name=$1
    shift
    dropdb --if-exists $DB >/dev/null 2>&1
    createdb $DB && psql -X -q -d $DB -c 'CREATE EXTENSION pgkit' || { bad "$name: scratch database"; return; }
    if ! psql -X -q -v ON_ERROR_STOP=1 -d $DB "$@" >/dev/null 2>&1; then bad "$name: loading"; return; fi
    local fast slow
    fast=$(psql -X -q -At -d $DB -c 'SELECT pgkit.introspect()')
    slow=$(psql -X -q -At -d $DB -c 'SET pgkit.fast_deparse = off' -c 'SELECT pgkit.introspect()')
    if [ -n "$fast" ] && [ "$fast" = "$slow" ]; then ok "$name: fast printer = Postgres' printers (${#fast} bytes)"
    else bad "$name: the printers differ"; diff <(echo "$slow" | jq -S .) <(echo "$fast" | jq -S .) | head -20; fi
}

same deparse_cases -f test/data/deparse_cases.sql
fallbacks=$(psql -X -q -At -d $DB -c 'SET client_min_messages = debug1' -c 'SELECT length(pgkit.introspect()::text)' 2>&1 |
    grep -c 'printed by pg_get_')
if [ "$fallbacks" = 8 ]; then ok "deparse_cases: 8 expressions left to Postgres' printers"
else bad "deparse_cases: $fallbacks expressions left to Postgres' printers, expected 8"; fi
same introspect_schema -f test/data/introspect_schema.sql
same chinook -f test/data/chinook.sql
same pagila -f test/data/pagila.sql
same saas -f test/data/saas.sql
same saas_extensions -f test/data/saas_extensions.sql
same bench_120_tables -v tables=120 -f bench/introspect_schema_gen.sql
dropdb --if-exists $DB >/dev/null 2>&1
psql -X -q -c 'DROP ROLE IF EXISTS regress_it_reader, regress_it_writer, dp_reader, bench_reader, anon, authenticated, service_role' 2>/dev/null
echo "$PASSED passed, $FAILED failed"
