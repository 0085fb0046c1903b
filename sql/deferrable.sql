-- Deferrable primary keys and unique constraints: introspected with their
-- deferrability (pgkit extras "deferrable"/"initiallyDeferred", as on
-- foreign keys; left out by drizzle => true), recreated with it from the
-- snapshot alone, and a change of deferrability is a drop and an add
-- (PG 15's ALTER CONSTRAINT alters foreign keys only).
CREATE SCHEMA df;
CREATE TABLE df.slot (
    id int PRIMARY KEY DEFERRABLE INITIALLY DEFERRED,
    board int NOT NULL,
    pos int NOT NULL,
    code text,
    CONSTRAINT slot_board_pos_key UNIQUE (board, pos) DEFERRABLE INITIALLY IMMEDIATE,
    CONSTRAINT slot_code_key UNIQUE (code)
);
CREATE TABLE df.pair (
    a int,
    b int,
    CONSTRAINT pair_pk PRIMARY KEY (a, b) DEFERRABLE,
    CONSTRAINT pair_b_key UNIQUE (b) DEFERRABLE INITIALLY DEFERRED
);
SELECT pgkit.introspect(ARRAY['df']) AS s \gset

-- a one-column deferrable key stays a named key (a column's primaryKey has no
-- place for it); immediate constraints carry no extra
SELECT key, value FROM jsonb_each(:'s'::jsonb->'tables'->'df.slot'->'compositePrimaryKeys');
SELECT key, value FROM jsonb_each(:'s'::jsonb->'tables'->'df.slot'->'uniqueConstraints') ORDER BY key;
SELECT key, value FROM jsonb_each(:'s'::jsonb->'tables'->'df.pair'->'compositePrimaryKeys');
SELECT key, value FROM jsonb_each(:'s'::jsonb->'tables'->'df.pair'->'uniqueConstraints');
SELECT (:'s'::jsonb->'tables'->'df.slot'->'columns'->'id'->>'primaryKey')::boolean AS column_level_pk;
-- nothing about them is unmanaged any more
SELECT count(*) AS unmanaged FROM jsonb_array_elements(COALESCE(:'s'::jsonb->'pgkit'->'unmanaged', '[]'));
-- drizzle mode: no pgkit key anywhere in the tables
SELECT count(*) AS pgkit_keys FROM jsonb_path_query(pgkit.introspect(ARRAY['df'], drizzle => true), 'strict $.tables.**.pgkit');

-- recreated from the snapshot alone: the same constraints, the same snapshot
SELECT jsonb_build_object('version', '7', 'dialect', 'postgresql',
    'id', '00000000-0000-0000-0000-000000000000', 'prevId', '00000000-0000-0000-0000-000000000000',
    'tables', '{}'::jsonb, 'enums', '{}'::jsonb, 'schemas', '{}'::jsonb, 'sequences', '{}'::jsonb,
    'roles', '{}'::jsonb, 'policies', '{}'::jsonb, 'views', '{}'::jsonb,
    '_meta', '{"schemas": {}, "tables": {}, "columns": {}}'::jsonb) AS empty \gset
SELECT statement FROM pgkit.diff(:'empty', :'s') ORDER BY seq;
DROP SCHEMA df CASCADE;
SELECT statement FROM pgkit.diff(:'empty', :'s') ORDER BY seq \gexec
SELECT conrelid::regclass AS "table", conname, contype, condeferrable, condeferred
FROM pg_constraint WHERE connamespace = 'df'::regnamespace ORDER BY 1::text, 2;
SELECT pgkit.introspect(ARRAY['df']) = :'s'::jsonb AS same_snapshot;
SELECT count(*) AS statements FROM pgkit.diff(pgkit.introspect(ARRAY['df']), :'s');

-- the deferred key is really deferred: ids swapped inside one transaction
INSERT INTO df.slot VALUES (1, 1, 1, 'a'), (2, 1, 2, 'b');
BEGIN;
UPDATE df.slot SET id = 2 WHERE code = 'a';
UPDATE df.slot SET id = 1 WHERE code = 'b';
COMMIT;
SELECT id, code FROM df.slot ORDER BY id;

-- changes: immediate -> deferred, deferred -> deferrable, deferrable -> not
SELECT jsonb_set(jsonb_set(jsonb_set(:'s'::jsonb,
    '{tables,df.slot,uniqueConstraints,slot_code_key,pgkit}', '{"deferrable": true, "initiallyDeferred": true}'),
    '{tables,df.pair,uniqueConstraints,pair_b_key,pgkit}', '{"deferrable": true, "initiallyDeferred": false}'),
    '{tables,df.pair,compositePrimaryKeys,pair_pk}', '{"name": "pair_pk", "columns": ["a", "b"]}') AS t \gset
SELECT statement, kind FROM pgkit.diff(:'s', :'t') ORDER BY seq;
SELECT statement FROM pgkit.diff(:'s', :'t') ORDER BY seq \gexec
SELECT conrelid::regclass AS "table", conname, contype, condeferrable, condeferred
FROM pg_constraint WHERE connamespace = 'df'::regnamespace ORDER BY 1::text, 2;
SELECT count(*) AS statements FROM pgkit.diff(pgkit.introspect(ARRAY['df']), :'t');
-- drift: the live database against the snapshot before the change
SELECT kind, object, expected, actual FROM pgkit.check_drift(:'s') ORDER BY 1, 2;
DROP SCHEMA df CASCADE;
