#!/usr/bin/env bash
# Round trip, the cutover guarantee: a schema built from SQL is introspected
# (S1), recreated in an empty database from S1 alone with pgkit.diff(empty,
# S1), and introspected again (S2). S1 and S2 must describe the same managed
# schema, column order included (each column's pgkit position: jsonb sorts
# keys, so without it a recreated table took jsonb's order), and
# pgkit.diff(S2, S1) must be empty. Objects pgkit does not manage
# but managed ones need (extensions, domains, functions, aggregates, collations) are
# restored first from pg_dump with their schemas, as an operator would; the rest must be
# reported in S1's unmanaged list. Before that, S1 must hold every table,
# policy, view, index and constraint of the catalogs (by name, both ways).
# Schemas: test/data/introspect_schema.sql (every construct of the pg_regress
# suite), test/data/chinook.sql (whose unmanaged list must round-trip too),
# test/data/pagila.sql (partitions, domains, functions and triggers
# unmanaged) and test/data/saas.sql (a hosted-auth SaaS project: 95 tables
# in three schemas, 165 policies, deferrable keys, domains, collations) with
# test/data/saas_extensions.sql (contrib extensions in their own schema
# "extensions", off a fresh database's search_path; names needing quotes).
# Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "ok   $*"; }
bad() { FAILED=$((FAILED + 1)); echo "FAIL $*"; }
finish() { echo "$PASSED passed, $FAILED failed"; exit 0; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; for db in rt_src rt_dst rt_app; do dropdb --if-exists $db >/dev/null 2>&1; done' EXIT
chmod 755 "$TMP"

fresh() {
    dropdb --if-exists "$1" >/dev/null 2>&1
    createdb "$1" && psql -X -q -d "$1" -c 'CREATE EXTENSION pgkit'
}
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
# sql QUERY: runs QUERY with :'s1' and :'s2' set to the two snapshots.
sql() {
    printf '%s\n' "\\set s1 \`cat $TMP/s1.json\`" "\\set s2 \`cat $TMP/s2.json\`" "$1;" >"$TMP/q.sql"
    q -d rt_dst -f "$TMP/q.sql"
}

fresh rt_src || { bad "scratch database"; finish; }
if [ "$(q -d rt_src -c "SELECT count(*) FROM pg_proc WHERE proname = 'diff' AND pronamespace = 'pgkit'::regnamespace")" = 0 ]; then
    echo "SKIP pgkit.diff is not in this build"
    finish
fi
psql -X -q -c 'CREATE ROLE regress_it_reader' 2>/dev/null
psql -X -q -c 'CREATE ROLE regress_it_writer CREATEDB NOINHERIT' 2>/dev/null
# the hosted-auth roles test/data/saas.sql grants to and writes policies for
for role in anon authenticated service_role; do psql -X -q -c "CREATE ROLE $role NOLOGIN" 2>/dev/null; done

# complete NAME: S1 (in $TMP/s1.json, of database rt_src) holds every table,
# policy, view, index and constraint the catalogs have in the introspected
# scope (user schemas; partitions, extension members and what the unmanaged
# list reports left out), by qualified name, both ways.
complete() {
    cat >"$TMP/complete.sql" <<'SQL'
\set s1 `cat "$RT_TMP/s1.json"`
CREATE TEMP VIEW rel AS
    SELECT c.oid, n.nspname || '.' || c.relname AS k, c.relkind FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
      AND n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'pgkit')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e');
CREATE TEMP TABLE cat AS
    SELECT 'tables' AS what, k FROM rel WHERE relkind IN ('r', 'p')
    UNION ALL SELECT 'views', k FROM rel WHERE relkind IN ('v', 'm')
    UNION ALL SELECT 'policies', r.k || '.' || p.polname FROM pg_policy p JOIN rel r ON r.oid = p.polrelid
    UNION ALL SELECT 'indexes', r.k || '.' || ic.relname FROM pg_index i JOIN rel r ON r.oid = i.indrelid
        JOIN pg_class ic ON ic.oid = i.indexrelid
        WHERE r.relkind IN ('r', 'p') AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                                                      AND c.contype IN ('p', 'u', 'x'))
    UNION ALL SELECT 'constraints', r.k || '.' || c.conname FROM pg_constraint c JOIN rel r ON r.oid = c.conrelid
        WHERE c.contype IN ('p', 'u', 'f', 'c') AND c.conparentid = 0 AND c.conislocal;
CREATE TEMP TABLE snap AS
    SELECT 'tables' AS what, key AS k FROM jsonb_each((:'s1'::jsonb)->'tables')
    UNION ALL SELECT 'views', key FROM jsonb_each((:'s1'::jsonb)->'views')
    UNION ALL SELECT 'policies', t.key || '.' || p FROM jsonb_each((:'s1'::jsonb)->'tables') t,
        jsonb_object_keys(t.value->'policies') p
    UNION ALL SELECT 'indexes', t.key || '.' || i FROM jsonb_each((:'s1'::jsonb)->'tables') t,
        jsonb_object_keys(t.value->'indexes') i
    UNION ALL SELECT 'constraints', t.key || '.' || c FROM jsonb_each((:'s1'::jsonb)->'tables') t,
        LATERAL (SELECT jsonb_object_keys(t.value->'foreignKeys') UNION ALL SELECT jsonb_object_keys(t.value->'uniqueConstraints')
                 UNION ALL SELECT jsonb_object_keys(t.value->'checkConstraints')
                 UNION ALL SELECT jsonb_object_keys(t.value->'compositePrimaryKeys')
                 UNION ALL SELECT c.conname FROM pg_constraint c JOIN rel r ON r.oid = c.conrelid
                     WHERE r.k = t.key AND c.contype = 'p' AND EXISTS (SELECT 1 FROM jsonb_each(t.value->'columns') col
                                                                       WHERE (col.value->>'primaryKey')::boolean)) x(c);
SELECT what || ' ' || k || ': in the catalogs, not in the snapshot' FROM (TABLE cat EXCEPT TABLE snap) a
UNION ALL SELECT what || ' ' || k || ': in the snapshot, not in the catalogs' FROM (TABLE snap EXCEPT TABLE cat) b
UNION ALL SELECT 'counts: ' || string_agg(n || ' ' || what, ', ' ORDER BY what)
    FROM (SELECT what, count(*) AS n FROM cat GROUP BY what) c ORDER BY 1;
SQL
    local out
    out=$(RT_TMP=$TMP q -d rt_src -f "$TMP/complete.sql")
    if [ "$(grep -vc '^counts: ' <<<"$out")" = 0 ]; then ok "$1: every catalog object is in S1 ($(sed -n 's/^counts: //p' <<<"$out"))"
    else bad "$1: S1 is incomplete"; grep -v '^counts: ' <<<"$out" | head -20; fi
}

# roundtrip NAME FILE CHECK_UNMANAGED [KIND...]: KINDs must appear in S1's
# unmanaged list; CHECK_UNMANAGED=yes also requires S2's list to equal S1's.
roundtrip() {
    local name=$1 file=$2 same_unmanaged=$3
    shift 3
    fresh rt_src && fresh rt_dst || { bad "$name: scratch databases"; return; }
    if ! psql -X -q -v ON_ERROR_STOP=1 -d rt_src -f "$file" >"$TMP/load.log" 2>&1; then
        bad "$name: loading $file"; tail -5 "$TMP/load.log"; return
    fi
    q -d rt_src -c 'SELECT pgkit.introspect()' >"$TMP/s1.json" || { bad "$name: introspect"; return; }
    complete "$name"
    # Unmanaged prerequisites, from pg_dump, before the managed schema.
    pg_dump -Fc --schema-only -d rt_src -f "$TMP/dump" &&
        pg_restore -l "$TMP/dump" | grep -E '^[0-9]+; [0-9]+ [0-9]+ (SCHEMA|EXTENSION|DOMAIN|FUNCTION|AGGREGATE|PROCEDURE|COLLATION) ' >"$TMP/list"
    # A function over a table's rowtype or a managed enum (saas.sql's
    # has_org_role(uuid, member_role[])) fails here; it is restored again once
    # the tables exist, before the policies that call it: pgkit creates the
    # enum, the tables and the policies, the function needs to come between.
    pg_restore -L "$TMP/list" -d rt_dst "$TMP/dump" >"$TMP/restore.log" 2>&1
    # S1 -> DDL from an empty snapshot that knows S1's (cluster-wide) roles
    # and the schemas restored with those prerequisites.
    cat >"$TMP/ddl.sql" <<'SQL'
\set s1 `cat "$RT_TMP/s1.json"`
\set KINDS `echo "$KINDS"`
SELECT statement FROM pgkit.diff(
    jsonb_build_object('version', '7', 'dialect', 'postgresql',
        'id', '00000000-0000-0000-0000-000000000000', 'prevId', '00000000-0000-0000-0000-000000000000',
        'tables', '{}'::jsonb, 'enums', '{}'::jsonb, 'schemas', (:'s1'::jsonb)->'schemas', 'sequences', '{}'::jsonb,
        'roles', (:'s1'::jsonb)->'roles', 'policies', '{}'::jsonb, 'views', '{}'::jsonb,
        '_meta', '{"schemas": {}, "tables": {}, "columns": {}}'::jsonb),
    :'s1'::jsonb) WHERE :KINDS ORDER BY seq;
SQL
    if ! RT_TMP=$TMP KINDS="kind NOT IN ('create_policy', 'create_ind_policy')" q -d rt_dst -f "$TMP/ddl.sql" \
            >"$TMP/statements.sql" 2>"$TMP/diff.log" ||
       ! RT_TMP=$TMP KINDS="kind IN ('create_policy', 'create_ind_policy')" q -d rt_dst -f "$TMP/ddl.sql" \
            >"$TMP/policies.sql" 2>>"$TMP/diff.log"; then
        bad "$name: pgkit.diff(empty, S1)"; head -5 "$TMP/diff.log"; return
    fi
    if ! psql -X -q -1 -v ON_ERROR_STOP=1 -d rt_dst -f "$TMP/statements.sql" >"$TMP/apply.log" 2>&1; then
        bad "$name: applying diff(empty, S1) ($(wc -l <"$TMP/statements.sql") lines)"; grep -A3 ERROR "$TMP/apply.log" | head -8; return
    fi
    pg_restore -L "$TMP/list" -d rt_dst "$TMP/dump" >>"$TMP/restore.log" 2>&1  # what failed before the tables
    if ! psql -X -q -1 -v ON_ERROR_STOP=1 -d rt_dst -f "$TMP/policies.sql" >>"$TMP/apply.log" 2>&1; then
        bad "$name: applying the policies of diff(empty, S1)"; grep -A3 ERROR "$TMP/apply.log" | head -8; return
    fi
    q -d rt_dst -c 'SELECT pgkit.introspect()' >"$TMP/s2.json" || { bad "$name: introspect again"; return; }
    cat >"$TMP/cmp.sql" <<'SQL'
\set s1 `cat "$RT_TMP/s1.json"`
\set s2 `cat "$RT_TMP/s2.json"`
SELECT k || ': ' || COALESCE(e, '(absent)') FROM (
    SELECT 'tables.' || key AS k, CASE WHEN a.value IS NULL THEN 'only after' ELSE 'only before' END AS e
    FROM jsonb_each((:'s1'::jsonb)->'tables') a FULL JOIN jsonb_each((:'s2'::jsonb)->'tables') b USING (key)
    WHERE a.value IS NULL OR b.value IS NULL
    UNION ALL  -- inside a table present on both sides: which member of which part
    SELECT 'tables.' || t.key || '.' || p.part || '.' || m.key, 'before ' || COALESCE(m.a::text, '(absent)')
        || ' after ' || COALESCE(m.b::text, '(absent)')
    FROM jsonb_each((:'s1'::jsonb)->'tables') t
    CROSS JOIN LATERAL (SELECT key AS part, value AS a, (:'s2'::jsonb)->'tables'->t.key->key AS b
                        FROM jsonb_each(t.value)) p
    CROSS JOIN LATERAL (SELECT key, x.value AS a, y.value AS b
        FROM jsonb_each(CASE WHEN jsonb_typeof(p.a) = 'object' THEN p.a ELSE jsonb_build_object('', p.a) END) x
        FULL JOIN jsonb_each(CASE WHEN jsonb_typeof(p.b) = 'object' THEN p.b ELSE jsonb_build_object('', p.b) END) y
        USING (key) WHERE x.value IS DISTINCT FROM y.value) m
    WHERE (:'s2'::jsonb)->'tables' ? t.key
    UNION ALL
    SELECT key, 'differs' FROM jsonb_each(:'s1'::jsonb - 'tables' - 'pgkit') a
    FULL JOIN jsonb_each(:'s2'::jsonb - 'tables' - 'pgkit') b USING (key)
    WHERE a.value IS DISTINCT FROM b.value) d ORDER BY 1;
SQL
    local diffs
    diffs=$(RT_TMP=$TMP q -d rt_dst -f "$TMP/cmp.sql")
    if [ -z "$diffs" ]; then ok "$name: introspect(recreated) = introspect(original)"; else
        bad "$name: snapshots differ after the round trip"; echo "$diffs" | head -20
    fi
    cat >"$TMP/empty.sql" <<'SQL'
\set s1 `cat "$RT_TMP/s1.json"`
\set s2 `cat "$RT_TMP/s2.json"`
SELECT statement FROM pgkit.diff(:'s2'::jsonb, :'s1'::jsonb) ORDER BY seq;
SQL
    local rest
    rest=$(RT_TMP=$TMP q -d rt_dst -f "$TMP/empty.sql" 2>&1)
    if [ -z "$rest" ]; then ok "$name: diff(recreated, original) is empty"; else
        bad "$name: diff(recreated, original) is not empty"; echo "$rest" | head -10
    fi
    # The other way to recreate: pgkit.apply into a database where the
    # prerequisites and the types (enums included: a function may take one)
    # were restored first; apply plans from the live database, so it does not
    # create again what exists. Afterwards plan() is empty and the database
    # introspects to S1.
    fresh rt_app || { bad "$name: scratch database for apply"; return; }
    pg_restore -l "$TMP/dump" | grep -E '^[0-9]+; [0-9]+ [0-9]+ (SCHEMA|EXTENSION|TYPE|DOMAIN|FUNCTION|AGGREGATE|PROCEDURE|COLLATION) ' >"$TMP/list_app"
    pg_restore -L "$TMP/list_app" -d rt_app "$TMP/dump" >"$TMP/restore_app.log" 2>&1
    pg_restore -L "$TMP/list_app" -d rt_app "$TMP/dump" >>"$TMP/restore_app.log" 2>&1  # what needed a type restored after it
    cat >"$TMP/apply.sql" <<'SQL'
\set s1 `cat "$RT_TMP/s1.json"`
SELECT count(*) FROM pgkit.apply(:'s1'::jsonb, name => 'recreate');
SELECT count(*) FROM pgkit.plan(:'s1'::jsonb);
SELECT pgkit.introspect() - 'pgkit' = :'s1'::jsonb - 'pgkit';
SQL
    local applied
    applied=$(RT_TMP=$TMP q -d rt_app -f "$TMP/apply.sql" 2>&1 | tr '\n' ' ')
    if [[ "$applied" =~ ^[0-9]+\ 0\ t\ $ ]]; then ok "$name: pgkit.apply(S1) recreates it (${applied%% *} statements), then plan(S1) is empty"
    else bad "$name: pgkit.apply(S1) into a database with the prerequisites: ${applied:0:600}"; fi
    dropdb --if-exists rt_app >/dev/null 2>&1
    if [ "$same_unmanaged" = yes ]; then
        if [ "$(sql "SELECT (:'s1'::jsonb)->'pgkit' IS NOT DISTINCT FROM (:'s2'::jsonb)->'pgkit'")" = t ]; then
            ok "$name: unmanaged list round-trips"
        else bad "$name: unmanaged lists differ"; fi
    fi
    local kind
    for kind in "$@"; do
        if [ "$(sql "SELECT count(*) > 0 FROM jsonb_array_elements((:'s1'::jsonb)->'pgkit'->'unmanaged') u
                     WHERE u->>'kind' = '$kind'")" = t ]; then
            ok "$name: $kind listed as unmanaged"
        else bad "$name: no $kind in the unmanaged list"; fi
    done
}

roundtrip introspect_schema test/data/introspect_schema.sql no \
    function procedure trigger domain composite_type range_type partition partition_key \
    exclusion_constraint rule unlogged_table comment grant collation index_include \
    column_storage column_statistics column_compression sequence_type
roundtrip chinook test/data/chinook.sql yes
roundtrip pagila test/data/pagila.sql no partition partition_key domain function aggregate trigger
roundtrip saas test/data/saas.sql no partition partition_key domain function trigger comment grant \
    default_privileges exclusion_constraint constraint_not_valid foreign_key_set_columns index_include \
    unlogged_table table_storage_parameters rls_disabled_with_policies materialized_view_index partition_policy \
    sequence_type
roundtrip saas_extensions test/data/saas_extensions.sql no extension inheritance partition partition_key \
    constraint_include constraint_storage_parameters typed_table invalid_index composite_type
dropdb --if-exists rt_src >/dev/null 2>&1
dropdb --if-exists rt_dst >/dev/null 2>&1
psql -X -q -c 'DROP ROLE IF EXISTS regress_it_reader, regress_it_writer, anon, authenticated, service_role' 2>/dev/null
finish
