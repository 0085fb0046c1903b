-- pgkit.diff / diff_script / plan as a user sees them: statements with their
-- kind and hazards, a migration script, rename hints, bad inputs (SQLSTATE
-- asserted) and a snapshot name over 63 bytes.
-- Helpers live in diff_test; the statements create their tables in public
-- (drizzle qualifies FK targets as "public"."x").
CREATE SCHEMA diff_test;
SET search_path = public, diff_test;

-- Snapshot builders (drizzle-kit v7 shape), so the cases below stay readable.
CREATE FUNCTION diff_test.col(name text, type text, not_null boolean DEFAULT false, extra jsonb DEFAULT '{}')
RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_build_object('name', name, 'type', type, 'primaryKey', false, 'notNull', not_null) || extra
$$;
CREATE FUNCTION diff_test.tbl(name text, columns jsonb, extra jsonb DEFAULT '{}') RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_build_object('name', name, 'schema', '', 'columns', columns, 'indexes', '{}'::jsonb,
        'foreignKeys', '{}'::jsonb, 'compositePrimaryKeys', '{}'::jsonb, 'uniqueConstraints', '{}'::jsonb,
        'policies', '{}'::jsonb, 'checkConstraints', '{}'::jsonb, 'isRLSEnabled', false) || extra
$$;
CREATE FUNCTION diff_test.snap(tables jsonb DEFAULT '{}') RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_build_object('version', '7', 'dialect', 'postgresql',
        'id', '00000000-0000-0000-0000-000000000001', 'prevId', '00000000-0000-0000-0000-000000000000',
        'tables', tables, 'enums', '{}'::jsonb, 'schemas', '{}'::jsonb, 'sequences', '{}'::jsonb,
        'roles', '{}'::jsonb, 'policies', '{}'::jsonb, 'views', '{}'::jsonb,
        '_meta', jsonb_build_object('schemas', '{}'::jsonb, 'tables', '{}'::jsonb, 'columns', '{}'::jsonb))
$$;
CREATE TABLE diff_test.snaps (name text PRIMARY KEY, doc jsonb NOT NULL);
INSERT INTO diff_test.snaps VALUES
  ('empty', snap()),
  -- v1: users(id, email varchar(100) NOT NULL, age)
  ('v1', snap(jsonb_build_object('public.users', tbl('users', jsonb_build_object(
      'id', col('id', 'serial', true, '{"primaryKey": true}'),
      'email', col('email', 'varchar(100)', true),
      'age', col('age', 'integer')))))),
  -- v2: renamed to accounts, age dropped, email widened to text, a NOT NULL
  -- column with a default added, an index on email
  ('v2', snap(jsonb_build_object('public.accounts', tbl('accounts', jsonb_build_object(
      'id', col('id', 'serial', true, '{"primaryKey": true}'),
      'email', col('email', 'text', true),
      'active', col('active', 'boolean', true, '{"default": true}')),
      jsonb_build_object('indexes', jsonb_build_object('accounts_email_idx', jsonb_build_object(
          'name', 'accounts_email_idx', 'isUnique', true, 'method', 'btree', 'concurrently', false,
          'with', '{}'::jsonb, 'columns', jsonb_build_array(jsonb_build_object(
              'expression', 'email', 'isExpression', false, 'asc', true, 'nulls', 'last')))))))));
CREATE FUNCTION diff_test.s(name text) RETURNS jsonb LANGUAGE sql AS $$ SELECT doc FROM diff_test.snaps WHERE snaps.name = s.name $$;

-- Create from nothing, then apply it here.
SELECT seq, statement, kind, hazards FROM pgkit.diff(s('empty'), s('v1'));
SELECT statement FROM pgkit.diff(s('empty'), s('v1')) ORDER BY seq \gexec

-- Rename (hinted), drop, alter, add: every statement says what it risks.
SELECT seq, statement, kind, hazards
FROM pgkit.diff(s('v1'), s('v2'), '{public.users->public.accounts}');
-- Without the hint the table is dropped and created (data loss, flagged).
SELECT seq, kind, hazards FROM pgkit.diff(s('v1'), s('v2'));
-- The same statements as one drizzle migration file.
SELECT pgkit.diff_script(s('v1'), s('v2'), '{public.users->public.accounts}');
-- Applying the hinted statements gives the v2 table.
SELECT statement FROM pgkit.diff(s('v1'), s('v2'), '{public.users->public.accounts}') ORDER BY seq \gexec
SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
WHERE table_schema = 'public' AND table_name = 'accounts' ORDER BY column_name;
-- Equal snapshots: nothing to do; the differ is deterministic.
SELECT count(*) AS no_changes FROM pgkit.diff(s('v2'), s('v2'));
SELECT (SELECT array_agg(statement ORDER BY seq) FROM pgkit.diff(s('v1'), s('v2'), '{public.users->public.accounts}'))
     = (SELECT array_agg(statement ORDER BY seq) FROM pgkit.diff(s('v1'), s('v2'), '{public.users->public.accounts}'))
       AS deterministic;

-- Invalid rename hints: 22023.
SELECT * FROM pgkit.diff(s('v1'), s('v2'), '{"public.users=>public.accounts"}');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pgkit.diff(s('v1'), s('v2'), '{public.nope->public.accounts}');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pgkit.diff(s('v1'), s('v2'), ARRAY[NULL]::text[]);
\echo :LAST_ERROR_SQLSTATE

-- A malformed snapshot: 22023, the message and DETAIL name the JSON path.
\set VERBOSITY default
SELECT * FROM pgkit.diff(s('v1'), jsonb_set(s('v1'), '{tables,public.users,columns,age,type}', '5'));
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM pgkit.diff(s('v1') - 'version', s('v2'));
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.diff_script(s('v1'), '[]');
\echo :LAST_ERROR_SQLSTATE
-- NULL is not "no changes": 22004.
SELECT * FROM pgkit.diff(NULL, s('v1'));
\echo :LAST_ERROR_SQLSTATE
-- The session is still usable.
SELECT count(*) AS statements FROM pgkit.diff(s('empty'), s('v2'));

-- A snapshot FK name of 72 bytes (drizzle-orm's default names get that long):
-- Postgres keeps 63 bytes, so the diff uses the truncated name and says so.
INSERT INTO diff_test.snaps VALUES ('fk', snap(jsonb_build_object(
  'public.parent', tbl('parent', jsonb_build_object('id', col('id', 'integer', true, '{"primaryKey": true}'))),
  'public.child', tbl('child', jsonb_build_object('parent_id', col('parent_id', 'integer')),
    jsonb_build_object('foreignKeys', jsonb_build_object(
      'child_parent_id_parent_id_fk_with_a_name_far_longer_than_postgres_stores', jsonb_build_object(
        'name', 'child_parent_id_parent_id_fk_with_a_name_far_longer_than_postgres_stores',
        'tableFrom', 'child', 'columnsFrom', jsonb_build_array('parent_id'),
        'tableTo', 'parent', 'schemaTo', 'public', 'columnsTo', jsonb_build_array('id'),
        'onDelete', 'cascade', 'onUpdate', 'no action')))))));
SELECT octet_length('child_parent_id_parent_id_fk_with_a_name_far_longer_than_postgres_stores') AS bytes;
SELECT seq, statement FROM pgkit.diff(s('empty'), s('fk'));
SELECT statement FROM pgkit.diff(s('empty'), s('fk')) ORDER BY seq \gexec
SELECT conname, octet_length(conname) AS bytes FROM pg_constraint
WHERE conrelid = 'public.child'::regclass AND contype = 'f';
-- The live name and the snapshot's name are the same object: nothing to do.
SELECT count(*) AS no_changes FROM pgkit.diff(s('fk'), s('fk'));

-- Strings survive jsonb: quotes, backslashes, a tab, a newline, non-ASCII.
INSERT INTO diff_test.snaps VALUES ('text', snap(jsonb_build_object('public.notes', tbl('notes',
  jsonb_build_object('note', col('note', 'text', false, jsonb_build_object('default', '''say "hi" \ café ✓'''))),
  jsonb_build_object('checkConstraints', jsonb_build_object('notes_note_check', jsonb_build_object(
    'name', 'notes_note_check',
    'value', '"note" <> ''tab' || chr(9) || 'here''' || chr(10) || '  AND "note" <> ''"q\"''')))))));
SELECT statement FROM pgkit.diff(s('empty'), s('text'));
SELECT statement FROM pgkit.diff(s('empty'), s('text')) ORDER BY seq \gexec
SELECT pg_get_expr(adbin, adrelid) AS "default" FROM pg_attrdef WHERE adrelid = 'public.notes'::regclass;
SELECT pg_get_constraintdef(oid) AS "check" FROM pg_constraint WHERE conrelid = 'public.notes'::regclass;
SELECT count(*) AS no_changes FROM pgkit.diff(s('text'), s('text'));

-- An enum value added and used by a new CHECK in the same migration: ADD
-- VALUE would leave the CHECK unable to use it before COMMIT (55P04 unsafe
-- use of new value), so the type is recreated and the whole migration runs
-- in one transaction.
CREATE FUNCTION diff_test.with_status(snap jsonb, labels jsonb) RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_set(snap, '{enums}', jsonb_build_object('public.status',
        jsonb_build_object('name', 'status', 'schema', 'public', 'values', labels)))
$$;
INSERT INTO diff_test.snaps VALUES
  ('e1', with_status(snap(jsonb_build_object('public.tickets', tbl('tickets', jsonb_build_object(
      's', col('s', 'status', false, '{"typeSchema": "public"}'))))), '["open", "closed"]')),
  ('e2', with_status(snap(jsonb_build_object('public.tickets', tbl('tickets', jsonb_build_object(
      's', col('s', 'status', false, '{"typeSchema": "public"}')),
      jsonb_build_object('checkConstraints', jsonb_build_object('tickets_s_check', jsonb_build_object(
        'name', 'tickets_s_check', 'value', '"s" <> ''archived''::"public"."status"')))))),
      '["open", "closed", "archived"]'));
SELECT statement FROM pgkit.diff(s('empty'), s('e1')) ORDER BY seq \gexec
INSERT INTO public.tickets VALUES ('open');
BEGIN;
SELECT statement FROM pgkit.diff(s('e1'), s('e2')) ORDER BY seq;
SELECT statement FROM pgkit.diff(s('e1'), s('e2')) ORDER BY seq \gexec
COMMIT;
SELECT enum_range(NULL::public.status) AS labels, (SELECT s FROM public.tickets) AS kept;
SELECT pg_get_constraintdef(oid) AS "check" FROM pg_constraint WHERE conname = 'tickets_s_check';
INSERT INTO public.tickets VALUES ('archived');
\echo :LAST_ERROR_SQLSTATE
DROP TABLE public.tickets;
DROP TYPE public.status;

-- plan: from the live database (the schemas the target manages) to a target, so it runs
-- in a database of its own.
SELECT current_database() AS regress_db, s('v1') AS v1, s('v2') AS v2 \gset
RESET search_path;
DROP TABLE public.accounts, public.child, public.parent, public.notes;
-- Text overloads: the snapshot file as written. jsonb sorts object keys
-- (shorter first), so only text keeps the declared column order.
\set ordered '{"version":"7","dialect":"postgresql","id":"00000000-0000-0000-0000-000000000002","prevId":"00000000-0000-0000-0000-000000000000","tables":{"public.ordered":{"name":"ordered","schema":"","columns":{"zeta_long_name":{"name":"zeta_long_name","type":"text","primaryKey":false,"notNull":false},"id":{"name":"id","type":"integer","primaryKey":true,"notNull":true},"b":{"name":"b","type":"text","primaryKey":false,"notNull":false}},"indexes":{},"foreignKeys":{},"compositePrimaryKeys":{},"uniqueConstraints":{},"policies":{},"checkConstraints":{},"isRLSEnabled":false}},"enums":{},"schemas":{},"sequences":{},"roles":{},"policies":{},"views":{},"_meta":{"schemas":{},"tables":{},"columns":{}}}'
SELECT statement AS from_text FROM pgkit.diff(diff_test.s('empty')::text, :'ordered');
SELECT statement AS from_jsonb FROM pgkit.diff(diff_test.s('empty'), :'ordered'::jsonb);
SELECT pgkit.diff_script(diff_test.s('empty')::text, :'ordered') = (SELECT string_agg(statement, E'\n--> statement-breakpoint\n' ORDER BY seq) FROM pgkit.diff(diff_test.s('empty')::text, :'ordered')) AS script_matches;

DROP SCHEMA diff_test CASCADE;
CREATE DATABASE pgkit_diff_plan;
\c pgkit_diff_plan
CREATE EXTENSION pgkit;
SELECT seq, statement, kind FROM pgkit.plan(:'v1');
SELECT statement FROM pgkit.plan(:'v1') ORDER BY seq \gexec
-- The live database now is v1: nothing to do.
SELECT count(*) AS no_changes FROM pgkit.plan(:'v1');
SELECT seq, statement, kind, hazards FROM pgkit.plan(:'v2', '{public.users->public.accounts}');
-- Roles are cluster-wide: one the target does not declare is left alone
-- (the policy naming it goes, the role stays).
CREATE ROLE regress_diff_reader;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader ON users TO regress_diff_reader USING (true);
SELECT seq, statement, kind FROM pgkit.plan(:'v1');
SELECT * FROM pgkit.plan(NULL);
\echo :LAST_ERROR_SQLSTATE
\c :regress_db
DROP DATABASE pgkit_diff_plan;
DROP ROLE regress_diff_reader;
