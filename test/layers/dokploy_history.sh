#!/usr/bin/env bash
# Every step of a real history, diffed. test/data/dokploy keeps only the
# last drizzle-kit snapshot, so the history's snapshots are rebuilt from its
# SQL: database A applies the journal one entry at a time
# (pgkit.migrate_drizzle over the journal cut after that entry) and
# introspects public after each, giving S0..S185, the states a real project
# went through (renamed tables, enum values added, columns retyped, FKs into
# dropped tables, hand-written SQL). Database B then walks the chain:
# diff(S[i-1], S[i]) is applied in one transaction (one step = one migration
# file), and B must then be drift-clean against S[i] (check_drift compares
# the live catalogs with the snapshot). A failed step is reported and B is
# rebuilt from S[i], so the steps after it are still checked.
# Needs PGHOST/PGPORT/PGUSER. Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DIR=test/data/dokploy
. test/lib/drizzle_folder.sh
A=pgkit_history_a_$$
B=pgkit_history_b_$$
TMP=$(mktemp -d)
cleanup() {
    for db in "$A" "$B"; do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; done
    rm -rf "$TMP"
}
trap cleanup EXIT
export PGOPTIONS="-c client_min_messages=warning"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }
for db in "$A" "$B"; do
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null ||
        { echo "0 passed, 1 failed"; exit 1; }
done
load_drizzle_folder "$A" "$DIR" || { echo "0 passed, 1 failed"; exit 1; }

# A: the chain of states, one committed migration at a time.
if ! psql -X -q -v ON_ERROR_STOP=1 -d "$A" >"$TMP/a.log" 2>&1 <<'SQL'; then
CREATE TABLE layer_input.chain (idx int PRIMARY KEY, tag text NOT NULL, snap jsonb NOT NULL);
CREATE PROCEDURE layer_input.build_chain() LANGUAGE plpgsql AS $$
DECLARE
    j jsonb := (SELECT journal FROM layer_input.folder);
    e record;
BEGIN
    FOR e IN SELECT (x->>'idx')::int AS idx, x->>'tag' AS tag
               FROM jsonb_array_elements(j->'entries') x ORDER BY 1 LOOP
        PERFORM pgkit.migrate_drizzle(
            jsonb_set(j, '{entries}', (SELECT jsonb_agg(y ORDER BY (y->>'idx')::int)
                                         FROM jsonb_array_elements(j->'entries') y
                                        WHERE (y->>'idx')::int <= e.idx)),
            (SELECT scripts FROM layer_input.folder));
        INSERT INTO layer_input.chain VALUES (e.idx, e.tag, pgkit.introspect('{public}'));
        COMMIT;
    END LOOP;
END $$;
CALL layer_input.build_chain();
\copy layer_input.chain TO pstdout
SQL
    echo "FAIL building the chain of states in A"; tail -5 "$TMP/a.log"; echo "0 passed, 1 failed"; exit 1
fi
mv "$TMP/a.log" "$TMP/chain.copy"

# B: walk the chain with pgkit.diff.
if ! psql -X -q -v ON_ERROR_STOP=1 -d "$B" >"$TMP/b.log" 2>&1 <<SQL; then
CREATE EXTENSION pgkit;
CREATE SCHEMA layer_input;
CREATE TABLE layer_input.chain (idx int PRIMARY KEY, tag text NOT NULL, snap jsonb NOT NULL);
\copy layer_input.chain FROM '$TMP/chain.copy'
SQL
    echo "FAIL loading the chain into B"; tail -5 "$TMP/b.log"; echo "0 passed, 1 failed"; exit 1
fi
psql -X -q -v ON_ERROR_STOP=1 -d "$B" >"$TMP/walk.log" 2>&1 <<'SQL'
CREATE TABLE layer_input.result (idx int, tag text, statements int, error text, drift text);
-- Applies diff(source, target) in a subtransaction; returns the error, if any.
CREATE FUNCTION layer_input.step(source jsonb, target jsonb, OUT applied int, OUT error text)
LANGUAGE plpgsql AS $$
DECLARE s record;
BEGIN
    applied := 0;
    FOR s IN SELECT statement FROM pgkit.diff(source, target) ORDER BY seq LOOP
        EXECUTE s.statement;
        applied := applied + 1;
    END LOOP;
EXCEPTION WHEN OTHERS THEN
    error := format('%s %s (statement %s)', SQLSTATE, SQLERRM, applied + 1);
END $$;
CREATE PROCEDURE layer_input.walk() LANGUAGE plpgsql AS $$
DECLARE
    empty jsonb := jsonb_build_object('version', '7', 'dialect', 'postgresql',
        'id', '00000000-0000-0000-0000-000000000000', 'prevId', '00000000-0000-0000-0000-000000000000',
        'tables', '{}'::jsonb, 'enums', '{}'::jsonb, 'schemas', '{}'::jsonb, 'sequences', '{}'::jsonb,
        'roles', '{}'::jsonb, 'policies', '{}'::jsonb, 'views', '{}'::jsonb,
        '_meta', '{"schemas": {}, "tables": {}, "columns": {}}'::jsonb);
    prev jsonb := empty;
    e record;
    r record;
    d text;
BEGIN
    FOR e IN SELECT idx, tag, snap FROM layer_input.chain ORDER BY idx LOOP
        r := layer_input.step(prev, e.snap);
        COMMIT;
        SELECT string_agg(concat_ws('|', kind, object, problem, expected, actual), '; ') INTO d
          FROM pgkit.check_drift(e.snap);
        INSERT INTO layer_input.result VALUES (e.idx, e.tag, r.applied, r.error, d);
        COMMIT;
        IF r.error IS NOT NULL OR d IS NOT NULL THEN  -- rebuild B at S[i]
            DROP SCHEMA public CASCADE;
            CREATE SCHEMA public;
            r := layer_input.step(empty, e.snap);
            COMMIT;
        END IF;
        prev := e.snap;
    END LOOP;
END $$;
CALL layer_input.walk();
SQL
rows=$(q "$B" "SELECT count(*) FROM layer_input.result")
if [ "$rows" != "$(q "$A" "SELECT count(*) FROM layer_input.chain")" ] || [ "$rows" = 0 ]; then
    echo "FAIL the walk stopped after $rows steps"; tail -5 "$TMP/walk.log"; echo "0 passed, 1 failed"; exit 1
fi
q "$B" "SELECT format('%s %s %s: %s statements', CASE WHEN error IS NULL AND drift IS NULL THEN 'ok  ' ELSE 'FAIL' END,
               lpad(idx::text, 4, '0'), tag, statements)
          || coalesce(E'\n     error: ' || error, '') || coalesce(E'\n     drift: ' || left(drift, 600), '')
          FROM layer_input.result ORDER BY idx"
changed=$(q "$B" "SELECT count(*) FROM layer_input.result WHERE statements > 0")
echo "($changed of $rows steps changed the schema)"
q "$B" "SELECT format('%s passed, %s failed', count(*) FILTER (WHERE error IS NULL AND drift IS NULL),
                      count(*) FILTER (WHERE error IS NOT NULL OR drift IS NOT NULL))
          FROM layer_input.result"
