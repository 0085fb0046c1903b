#!/usr/bin/env bash
# pgkit.introspect(drizzle => true) must be accepted by drizzle-kit's own
# strict snapshot validator: drizzle-kit 0.31.11's exported
# generateMigration(prev, cur) runs its zod schema (pgSchema.parse, unknown
# keys rejected) on both snapshots before diffing, so a snapshot it accepts
# and turns into statements passed the parser. The pgkit output with extras
# must be rejected (the validator is really strict). Schemas:
# test/data/introspect_schema.sql, chinook.sql, pagila.sql, saas.sql.
# drizzle-kit comes from the npm registry into build/drizzle-kit (cached).
# Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "ok   $*"; }
bad() { FAILED=$((FAILED + 1)); echo "FAIL $*"; }
finish() { echo "$PASSED passed, $FAILED failed"; exit 0; }

KIT=$PWD/build/drizzle-kit
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    bad "node and npm are needed (scripts/deps.sh installs them)"; finish
fi
if [ ! -f "$KIT/node_modules/drizzle-kit/api.js" ]; then
    mkdir -p "$KIT"
    if ! (cd "$KIT" && npm install --silent --no-audit --no-fund drizzle-kit@0.31.11 drizzle-orm@0.45.4 \
            >"$KIT/npm.log" 2>&1); then
        bad "npm install drizzle-kit@0.31.11"; tail -5 "$KIT/npm.log"; finish
    fi
fi
cat >"$KIT/validate.js" <<'JS'
// node validate.js SNAPSHOT: prints ACCEPTED <n statements> or REJECTED <zod issues>.
const { generateMigration } = require('drizzle-kit/api');
const fs = require('fs');
const cur = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const empty = { version: '7', dialect: 'postgresql', id: '00000000-0000-0000-0000-000000000000',
  prevId: '00000000-0000-0000-0000-000000000000', tables: {}, enums: {}, schemas: {}, sequences: {},
  roles: {}, policies: {}, views: {}, _meta: { schemas: {}, tables: {}, columns: {} } };
generateMigration(empty, cur)
  .then((statements) => console.log('ACCEPTED', statements.length))
  .catch((e) => console.log('REJECTED', String(e.message ?? e).replace(/\s+/g, ' ').slice(0, 400)));
JS

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; dropdb --if-exists rt_drizzle >/dev/null 2>&1' EXIT
psql -X -q -c 'CREATE ROLE regress_it_reader' 2>/dev/null
psql -X -q -c 'CREATE ROLE regress_it_writer CREATEDB NOINHERIT' 2>/dev/null
for role in anon authenticated service_role; do psql -X -q -c "CREATE ROLE $role NOLOGIN" 2>/dev/null; done

check() {  # check NAME FILE
    local name=$1 file=$2 v
    dropdb --if-exists rt_drizzle >/dev/null 2>&1
    createdb rt_drizzle && psql -X -q -d rt_drizzle -c 'CREATE EXTENSION pgkit' || { bad "$name: scratch database"; return; }
    psql -X -q -v ON_ERROR_STOP=1 -d rt_drizzle -f "$file" >"$TMP/load.log" 2>&1 || { bad "$name: loading $file"; return; }
    psql -X -At -d rt_drizzle -c 'SELECT pgkit.introspect(drizzle => true)' >"$TMP/drizzle.json"
    psql -X -At -d rt_drizzle -c 'SELECT pgkit.introspect()' >"$TMP/pgkit.json"
    v=$(cd "$KIT" && node validate.js "$TMP/drizzle.json" 2>&1 | tail -1)
    case "$v" in
        "ACCEPTED 0") bad "$name: drizzle-kit accepted an empty schema?" ;;
        ACCEPTED*) ok "$name: drizzle => true accepted by drizzle-kit 0.31.11 (${v#ACCEPTED } statements)" ;;
        *) bad "$name: drizzle-kit rejects drizzle => true: $v" ;;
    esac
    # drizzle-kit strips unknown top-level keys; its inner objects are strict,
    # so the negative check needs a pgkit extra below the top level.
    if [ "$(psql -X -At -d rt_drizzle -c "SELECT jsonb_path_exists(pgkit.introspect() - 'pgkit', 'strict $.**.pgkit')")" = t ]; then
        v=$(cd "$KIT" && node validate.js "$TMP/pgkit.json" 2>&1 | tail -1)
        case "$v" in
            REJECTED*unrecognized_keys*pgkit*) ok "$name: the output with pgkit extras is rejected (strict parser)" ;;
            *) bad "$name: expected drizzle-kit to reject the pgkit extras: $v" ;;
        esac
    fi
}

check introspect_schema test/data/introspect_schema.sql
check chinook test/data/chinook.sql
check pagila test/data/pagila.sql
check saas test/data/saas.sql
dropdb --if-exists rt_drizzle >/dev/null 2>&1
psql -X -q -c 'DROP ROLE IF EXISTS regress_it_reader, regress_it_writer, anon, authenticated, service_role' 2>/dev/null
finish
