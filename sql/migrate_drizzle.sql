-- drizzle-kit migration folders: pgkit.migrate_drizzle(journal, scripts)
-- applies them in journal order; pgkit.adopt_drizzle_history records what
-- drizzle-orm's own migrator already ran.
CREATE SCHEMA dz_app;
SET search_path = dz_app, public;
\set journal1 '{"version": "7", "dialect": "postgresql", "entries": [{"idx": 0, "version": "7", "when": 100, "tag": "0000_init", "breakpoints": true}, {"idx": 1, "version": "7", "when": 300, "tag": "0001_b", "breakpoints": true}]}'
\set scripts1 '{"0000_init": "CREATE TABLE \\"t0\\" (\\"id\\" serial PRIMARY KEY);\\n--> statement-breakpoint\\nINSERT INTO \\"t0\\" DEFAULT VALUES;", "0001_b.sql": "CREATE TABLE \\"t_b\\" (\\"id\\" int);", "0099_draft": "DROP TABLE \\"t0\\";"}'

-- Journal order; a script absent from the journal is reported and not run.
SELECT pgkit.migrate_drizzle(:'journal1', :'scripts1');
SELECT name, statement_count FROM pgkit.migrations ORDER BY id;
SELECT count(*) AS t0_rows FROM t0;
SELECT pgkit.migrate_drizzle(:'journal1', :'scripts1') AS applied_again;

-- A migration merged from another branch, generated earlier (older "when"
-- than the last applied one): drizzle-orm's migrator would skip it; pgkit
-- applies it because its name was never applied.
\set journal2 '{"entries": [{"idx": 0, "when": 100, "tag": "0000_init"}, {"idx": 1, "when": 300, "tag": "0001_b"}, {"idx": 2, "when": 200, "tag": "0002_a"}]}'
\set scripts2 '{"0000_init": "CREATE TABLE \\"t0\\" (\\"id\\" serial PRIMARY KEY);\\n--> statement-breakpoint\\nINSERT INTO \\"t0\\" DEFAULT VALUES;", "0001_b": "CREATE TABLE \\"t_b\\" (\\"id\\" int);", "0002_a": "CREATE TABLE \\"t_a\\" (\\"id\\" int);"}'
SELECT pgkit.migrate_drizzle(:'journal2', :'scripts2');
SELECT to_regclass('dz_app.t_a') AS t_a;

-- Editing an applied file is refused, naming it.
SELECT pgkit.migrate_drizzle(:'journal2', jsonb_set(:'scripts2'::jsonb, '{0001_b}', '"CREATE TABLE \"t_b\" (\"id\" bigint);"'));
\echo :LAST_ERROR_SQLSTATE

-- A journal entry without its script is an error naming it; all or nothing:
-- 0003 is not applied either.
\set journal3 '{"entries": [{"idx": 0, "when": 100, "tag": "0000_init"}, {"idx": 1, "when": 300, "tag": "0001_b"}, {"idx": 2, "when": 200, "tag": "0002_a"}, {"idx": 3, "when": 400, "tag": "0003_c"}, {"idx": 4, "when": 500, "tag": "0004_d"}]}'
SELECT pgkit.migrate_drizzle(:'journal3', :'scripts2'::jsonb || '{"0003_c": "CREATE TABLE \"t_c\" (\"id\" int);"}');
\echo :LAST_ERROR_SQLSTATE
-- A failing statement in the fourth migration rolls back the third too.
SELECT pgkit.migrate_drizzle(:'journal3', :'scripts2'::jsonb || '{"0003_c": "CREATE TABLE \"t_c\" (\"id\" int);", "0004_d": "ALTER TABLE \"t_missing\" ADD COLUMN \"x\" int;"}');
\echo :LAST_ERROR_SQLSTATE
SELECT to_regclass('dz_app.t_c') AS t_c, (SELECT count(*) FROM pgkit.migrations) AS recorded;

-- Malformed input names the JSON path.
SELECT pgkit.migrate_drizzle('{"entries": [{"idx": 0}]}', '{}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.migrate_drizzle('{"entries": []}', '{"0000_x": 1}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.migrate_drizzle(NULL, '{}');
\echo :LAST_ERROR_SQLSTATE
-- Snapshots must form one prevId chain; each is recorded on its migration.
SELECT pgkit.migrate_drizzle(:'journal2', :'scripts2', '{"0000": {"id": "a", "prevId": "00000000-0000-0000-0000-000000000000"}, "0001": {"id": "b", "prevId": "a"}, "0002": {"id": "c", "prevId": "a"}}');
\echo :LAST_ERROR_SQLSTATE
-- A valid chain: an older-format snapshot orders it but only v7 ones are
-- recorded (0004's predecessor is absent: it follows the journal).
\set snap4 '{"version": "7", "dialect": "postgresql", "id": "d", "prevId": "c-not-given", "tables": {}, "enums": {}, "schemas": {}, "sequences": {}, "roles": {}, "policies": {}, "views": {}, "_meta": {"schemas": {}, "tables": {}, "columns": {}}}'
SELECT pgkit.migrate_drizzle(:'journal3', :'scripts2'::jsonb || '{"0003_c": "CREATE TABLE \"t_c\" (\"id\" int);", "0004_d": "SELECT 1;"}',
                             jsonb_build_object('0000_snapshot.json', '{"version": "5", "id": "a", "prevId": "00000000-0000-0000-0000-000000000000"}'::jsonb,
                                                '0004', :'snap4'::jsonb));
SELECT name, snapshot->>'id' AS snapshot_id FROM pgkit.migrations WHERE snapshot IS NOT NULL;

TRUNCATE pgkit.migrations;
DROP SCHEMA dz_app CASCADE;
CREATE SCHEMA dz_app;

-- Adopting drizzle-orm's history: its table has no names, so entries are
-- matched by hash (sha256 of the file) -- nothing is re-run.
SELECT pgkit.adopt_drizzle_history(:'journal2', :'scripts2');
\echo :LAST_ERROR_SQLSTATE
CREATE SCHEMA drizzle;
CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint);
-- drizzle-orm ran 0000_init and 0001_b (0002_a was skipped: older "when").
CREATE TABLE t0 (id serial PRIMARY KEY);
CREATE TABLE t_b (id int);
INSERT INTO drizzle.__drizzle_migrations (hash, created_at)
SELECT encode(sha256(convert_to(:'scripts2'::jsonb->>tag, 'UTF8')), 'hex'), w
FROM (VALUES ('0000_init', 100), ('0001_b', 300)) AS v(tag, w);
SELECT pgkit.adopt_drizzle_history(:'journal2', :'scripts2') AS adopted;
SELECT name, execution_ms IS NULL AS not_run_by_pgkit, statement_count FROM pgkit.migrations ORDER BY id;
SELECT count(*) AS t0_rows FROM t0;
SELECT pgkit.adopt_drizzle_history(:'journal2', :'scripts2') AS adopted_again;
-- The merged branch's migration is then applied, the adopted ones are not.
SELECT pgkit.migrate_drizzle(:'journal2', :'scripts2') AS applied;
SELECT name, execution_ms IS NULL AS not_run_by_pgkit FROM pgkit.migrations ORDER BY id;

-- A file edited after drizzle-orm ran it is matched by its journal "when"
-- (drizzle-orm's own notion of applied), with a NOTICE; a history table
-- under another name is passed explicitly; rows matching nothing are counted.
TRUNCATE pgkit.migrations;
CREATE TABLE drizzle.custom_history (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint);
INSERT INTO drizzle.custom_history (hash, created_at) VALUES
    (repeat('a', 64), 100),
    (encode(sha256(convert_to(:'scripts2'::jsonb->>'0001_b', 'UTF8')), 'hex'), 300),
    (repeat('f', 64), 999);
SELECT pgkit.adopt_drizzle_history(:'journal2', :'scripts2', 'drizzle.custom_history') AS adopted;
SELECT name FROM pgkit.migrations ORDER BY id;
SELECT pgkit.adopt_drizzle_history(:'journal2', :'scripts2', 'drizzle.nope');
\echo :LAST_ERROR_SQLSTATE

RESET search_path;
TRUNCATE pgkit.migrations;
DROP SCHEMA dz_app CASCADE;
DROP SCHEMA drizzle CASCADE;
