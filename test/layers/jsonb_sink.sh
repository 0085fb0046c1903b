#!/usr/bin/env bash
# pgkit.introspect()'s jsonb (encoded by src/pg/jsonb_sink.cpp, not by
# jsonb_in) must be byte-identical to jsonb_in's for the same document, on
# real schemas: test/data/chinook.sql, pagila.sql and the synthetic benchmark
# schema at 150 tables (bench/introspect_schema_gen.sql: every type family,
# objects of more than 32 keys). sql/jsonb_sink.sql covers the regress schema
# and the edge cases. Bytes are compared through a binary-coercible cast.
# Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "ok   $*"; }
bad() { FAILED=$((FAILED + 1)); echo "FAIL $*"; }
DB=rt_jsonb_sink
trap 'dropdb --if-exists $DB >/dev/null 2>&1' EXIT

check() {  # check NAME FILE [psql args...]
    local name=$1 file=$2 drizzle got
    shift 2
    dropdb --if-exists $DB >/dev/null 2>&1
    createdb $DB && psql -X -q -d $DB -c 'CREATE EXTENSION pgkit' || { bad "$name: scratch database"; return; }
    psql -X -q -v ON_ERROR_STOP=1 -d $DB "$@" -f "$file" >/dev/null 2>&1 || { bad "$name: loading $file"; return; }
    psql -X -q -d $DB -c 'CREATE CAST (jsonb AS bytea) WITHOUT FUNCTION'
    for drizzle in false true; do
        got=$(psql -X -At -d $DB -c "
            SELECT x::bytea = y::bytea, x = y, jsonb_hash(x) = jsonb_hash(y),
                   pg_column_size(x) = pg_column_size(y), x::text = y::text,
                   x->'tables' <> '{}'
            FROM (SELECT x, x::text::jsonb AS y FROM pgkit.introspect(drizzle => $drizzle) x) s" 2>&1)
        if [ "$got" = "t|t|t|t|t|t" ]; then
            ok "$name (drizzle => $drizzle): introspect() is byte-identical to jsonb_in of its text"
        else
            bad "$name (drizzle => $drizzle): bytes|equal|hash|size|text|has tables = $got"
        fi
    done
}

check chinook test/data/chinook.sql
check pagila test/data/pagila.sql
check bench_150 bench/introspect_schema_gen.sql -v tables=150
echo "$PASSED passed, $FAILED failed"
