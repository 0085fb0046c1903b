#!/usr/bin/env bash
# plan's fixpoint on generated targets: for each seed, a random target B
# (test/roundtrip/gen.hpp: every object kind, odd names, linked policies,
# expression indexes, CONCURRENTLY, column- and table-level uniques, FKs with
# and without schemaTo) is built in a fresh database with
# pgkit.diff(empty, B), and then pgkit.plan(B) must be empty: the live
# database is B, however Postgres spells it. Seeds 1-20 with 6 tables,
# 31-40 with 12. Roles are cluster-wide: those a seed creates are dropped
# after it. Needs PGHOST/PGPORT/PGUSER. Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
GEN=build/core/roundtrip_gen
[ -x "$GEN" ] || { echo "roundtrip_gen is not built"; echo "0 passed, 1 failed"; exit 1; }
DB=pgkit_plan_fixpoint
TMP=$(mktemp -d)
chmod 755 "$TMP"
export PGOPTIONS="-c client_min_messages=warning"
BASE_ROLES=$(psql -X -At -d postgres -c "SELECT string_agg(quote_literal(rolname), ',') FROM pg_roles")
drop_new_roles() {  # in SQL: generated role names have spaces and quotes
    psql -X -q -d postgres >/dev/null 2>&1 <<SQL
DO \$\$ DECLARE r record; BEGIN
  FOR r IN SELECT rolname FROM pg_roles WHERE rolname NOT IN ($BASE_ROLES) LOOP
    EXECUTE format('DROP ROLE %I', r.rolname);
  END LOOP;
END \$\$;
SQL
}
cleanup() { psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1; drop_new_roles; rm -rf "$TMP"; }
trap cleanup EXIT
PASSED=0; FAILED=0
run() {  # seed tables
    local seed=$1 tables=$2 dir=$TMP/$1 out
    mkdir -p "$dir"
    if ! "$GEN" --seed "$seed" --tables "$tables" --changes 8 --out "$dir" >/dev/null 2>"$dir/gen.log"; then
        FAILED=$((FAILED + 1)); echo "FAIL seed $seed: the generator failed"; return
    fi
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null &&
        psql -X -q -d "$DB" -c "CREATE EXTENSION pgkit" >/dev/null ||
        { FAILED=$((FAILED + 1)); echo "FAIL seed $seed: scratch database"; return; }
    cat >"$dir/run.sql" <<SQL
\\set ON_ERROR_STOP 1
\\set b \`cat $dir/b.json\`
SELECT statement FROM pgkit.diff(jsonb_build_object('version', '7', 'dialect', 'postgresql',
    'id', '00000000-0000-0000-0000-000000000000', 'prevId', '00000000-0000-0000-0000-000000000000',
    'tables', '{}'::jsonb, 'enums', '{}'::jsonb, 'schemas', '{}'::jsonb, 'sequences', '{}'::jsonb,
    'roles', '{}'::jsonb, 'policies', '{}'::jsonb, 'views', '{}'::jsonb,
    '_meta', '{"schemas": {}, "tables": {}, "columns": {}}'::jsonb), :'b'::jsonb) ORDER BY seq \\gexec
SELECT 'PLANNED|' || statement FROM pgkit.plan(:'b'::jsonb) ORDER BY seq;
SQL
    out=$(psql -X -q -At -d "$DB" -f "$dir/run.sql" 2>&1)
    if grep -q "^PLANNED|\|ERROR" <<<"$out"; then
        FAILED=$((FAILED + 1)); echo "FAIL seed $seed ($tables tables): plan is not empty on the built target"
        grep "^PLANNED|\|ERROR" <<<"$out" | head -8 | sed 's/^/    /'
    else
        PASSED=$((PASSED + 1)); echo "ok   seed $seed ($tables tables)"
    fi
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
    drop_new_roles
}
for seed in $(seq 1 20); do run "$seed" 6; done
for seed in $(seq 31 40); do run "$seed" 12; done
echo "$PASSED passed, $FAILED failed"
