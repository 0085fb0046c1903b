-- Forward-only migrations: pgkit.migrate(name, script, snapshot) applies a
-- script once, atomically, and records it in pgkit.migrations.
CREATE SCHEMA mig_app;
-- Scripts run with the caller's search_path: unqualified names land here.
SET search_path = mig_app, public;
\set init 'CREATE TABLE items (id int PRIMARY KEY, label text);\nINSERT INTO items VALUES (1, ''a;b'');'

-- Applied once: true, then false and nothing runs again.
SELECT pgkit.migrate('0001_init', :'init');
SELECT pgkit.migrate('0001_init', :'init');
SELECT count(*) AS items_rows FROM items;
SELECT relnamespace::regnamespace AS created_in FROM pg_class WHERE relname = 'items';
SELECT name, checksum = encode(sha256(convert_to(:'init', 'UTF8')), 'hex') AS checksum_is_sha256_of_script,
       applied_by = session_user AS applied_by_session_user, statement_count,
       execution_ms >= 0 AS timed, applied_at <= clock_timestamp() AS dated, snapshot
FROM pgkit.migrations ORDER BY id;

-- The same name with another script: refused, naming the migration.
SELECT pgkit.migrate('0001_init', 'CREATE TABLE items (id bigint PRIMARY KEY);');
\echo :LAST_ERROR_SQLSTATE

-- A failing middle statement: the error names it and keeps its SQLSTATE;
-- nothing is left behind (no table, no row, no advisory lock).
SELECT pgkit.migrate('0002_broken', 'CREATE TABLE half (id int);
INSERT INTO missing_table VALUES (1);
CREATE TABLE after_failure (id int);');
\echo :LAST_ERROR_SQLSTATE
SELECT to_regclass('mig_app.half') AS half, to_regclass('mig_app.after_failure') AS after_failure;
SELECT count(*) AS broken_rows FROM pgkit.migrations WHERE name = '0002_broken';
SELECT count(*) AS advisory_locks FROM pg_locks WHERE locktype = 'advisory';

-- The lock is transaction-scoped: held until the caller's transaction ends.
BEGIN;
SELECT pgkit.migrate('0002_fixed', 'CREATE TABLE half (id int);');
SELECT classid, objid, objsubid, mode FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid();
COMMIT;
SELECT count(*) AS advisory_locks FROM pg_locks WHERE locktype = 'advisory';

-- A caller's rollback takes the migration and its row with it.
BEGIN;
SELECT pgkit.migrate('0003_rolled_back', 'CREATE TABLE rolled_back (id int);');
ROLLBACK;
SELECT to_regclass('mig_app.rolled_back') AS rolled_back,
       (SELECT count(*) FROM pgkit.migrations WHERE name = '0003_rolled_back') AS rows;

-- Statements that cannot run in a transaction are refused before anything
-- runs (the first statement would create a table).
SELECT pgkit.migrate('0004_cic', 'CREATE TABLE before_cic (id int);
CREATE INDEX CONCURRENTLY items_label ON items (label);');
\echo :LAST_ERROR_SQLSTATE
SELECT to_regclass('mig_app.before_cic') AS before_cic;
SELECT pgkit.migrate('0004_vacuum', 'CREATE TABLE before_vacuum (id int); VACUUM items;');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.migrate('0004_system', 'ALTER SYSTEM SET work_mem = ''64MB''');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.migrate('0004_database', 'CREATE DATABASE mig_never');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.migrate('0004_commit', 'CREATE TABLE before_commit (id int); COMMIT;');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.migrate('0004_drop_cic', 'DROP INDEX CONCURRENTLY items_pkey');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.migrate('0004_copy', 'COPY items FROM STDIN');
\echo :LAST_ERROR_SQLSTATE
-- So is a syntax error anywhere, and an unterminated string.
SELECT pgkit.migrate('0004_syntax', 'CREATE TABLE before_syntax (id int); SELEC 1;');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.migrate('0004_unterminated', 'CREATE TABLE before_quote (id int); SELECT $$never closed;');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS tables_left FROM pg_class
WHERE relnamespace = 'mig_app'::regnamespace AND relname LIKE 'before\_%';

-- A script without breakpoints is split by the lexer: a DO block with an
-- EXCEPTION handler (drizzle-kit's old style), strings, comments, dollar
-- quotes and quoted identifiers all hide semicolons.
\set lexed 'DO $$ BEGIN\n CREATE TYPE "status" AS ENUM(''on'', ''off'');\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n-- a comment; with a semicolon\nCREATE TABLE "odd;name" (id int, s "status" DEFAULT ''on'', note text DEFAULT E''it\\''s; fine'');\n/* block; /* nested; */ */\nCREATE FUNCTION bump(i int) RETURNS int LANGUAGE plpgsql AS $fn$ BEGIN RETURN i + 1; END $fn$;\nINSERT INTO "odd;name" (id) VALUES (bump(1));'
SELECT pgkit.migrate('0005_lexed', :'lexed');
SELECT id, s, note FROM "odd;name";
SELECT statement_count FROM pgkit.migrations WHERE name = '0005_lexed';
-- The same DO block again is harmless (duplicate_object is caught).
SELECT pgkit.migrate('0005_lexed_again', 'DO $$ BEGIN CREATE TYPE "status" AS ENUM(''x''); EXCEPTION WHEN duplicate_object THEN null; END $$;');

-- drizzle-kit's files: split on the breakpoint lines; the snapshot is recorded.
\set drizzle 'CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"email" text NOT NULL\n);\n--> statement-breakpoint\nCREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree ("email");\n--> statement-breakpoint\nINSERT INTO "users" ("email") VALUES (''a@example.com'');'
\set snap '{"version": "7", "dialect": "postgresql", "id": "6f0c3c1e-0000-4000-8000-000000000006", "prevId": "00000000-0000-0000-0000-000000000000", "tables": {}, "enums": {}, "schemas": {}, "sequences": {}, "roles": {}, "policies": {}, "views": {}, "_meta": {"schemas": {}, "tables": {}, "columns": {}}}'
-- The snapshot must be one pgkit reads (drift checks against it later).
SELECT pgkit.migrate('0006_drizzle', :'drizzle', '{"version": "7", "dialect": "postgresql"}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.migrate('0006_drizzle', :'drizzle', :'snap');
SELECT statement_count, snapshot->>'id' AS snapshot_id FROM pgkit.migrations WHERE name = '0006_drizzle';
SELECT count(*) AS users_rows FROM users;

-- Arguments.
SELECT pgkit.migrate(NULL, 'SELECT 1');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.migrate('0007', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.migrate('', 'SELECT 1');
\echo :LAST_ERROR_SQLSTATE
-- An empty script is a valid (recorded) migration with no statement.
SELECT pgkit.migrate('0007_empty', '-- nothing yet;');
SELECT statement_count FROM pgkit.migrations WHERE name = '0007_empty';

-- Bookkeeping is protected: a role without grants reads it but cannot write
-- it, and cannot migrate.
CREATE ROLE regress_mig_reader;
GRANT USAGE ON SCHEMA pgkit TO regress_mig_reader;
GRANT USAGE, CREATE ON SCHEMA mig_app TO regress_mig_reader;
SET ROLE regress_mig_reader;
SELECT count(*) > 0 AS can_read FROM pgkit.migrations;
INSERT INTO pgkit.migrations (name, checksum, statement_count) VALUES ('forged', repeat('0', 64), 0);
\echo :LAST_ERROR_SQLSTATE
UPDATE pgkit.migrations SET checksum = repeat('0', 64);
\echo :LAST_ERROR_SQLSTATE
DELETE FROM pgkit.migrations;
\echo :LAST_ERROR_SQLSTATE
INSERT INTO pgkit.expected (snapshot) VALUES ('{}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.migrate('0008_by_reader', 'CREATE TABLE by_reader (id int);');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT to_regclass('mig_app.by_reader') AS by_reader;
-- Granted INSERT, the role applies migrations (applied_by is the login role).
GRANT INSERT ON pgkit.migrations TO regress_mig_reader;
SET ROLE regress_mig_reader;
SELECT pgkit.migrate('0008_by_reader', 'CREATE TABLE by_reader (id int);');
RESET ROLE;
SELECT applied_by = session_user AS applied_by_session_user FROM pgkit.migrations WHERE name = '0008_by_reader';

-- pg_dump keeps the rows: the tables are registered as extension config.
SELECT c::regclass AS config FROM pg_extension, unnest(extconfig) AS c
WHERE extname = 'pgkit' AND c::regclass::text IN ('pgkit.migrations', 'pgkit.migrations_id_seq', 'pgkit.expected')
ORDER BY 1::text;
-- pgkit.expected holds one row at most.
INSERT INTO pgkit.expected (snapshot) VALUES ('{}');
INSERT INTO pgkit.expected (snapshot) VALUES ('{}');
\echo :LAST_ERROR_SQLSTATE

-- A legacy session (standard_conforming_strings off): the script is split as
-- the server reads it, so the ';' inside 'it\'s; x' does not split.
SET standard_conforming_strings = off;
SET escape_string_warning = off;
SELECT pgkit.migrate('0009_legacy_strings', $$
CREATE TABLE mig_app.legacy (v text);
INSERT INTO mig_app.legacy VALUES ('it\'s; x');
$$);
RESET standard_conforming_strings;
RESET escape_string_warning;
SELECT v FROM mig_app.legacy;

SELECT name, statement_count FROM pgkit.migrations ORDER BY id;

RESET search_path;
DROP SCHEMA mig_app CASCADE;
DELETE FROM pgkit.expected;
TRUNCATE pgkit.migrations;
REVOKE ALL ON pgkit.migrations FROM regress_mig_reader;
REVOKE ALL ON SCHEMA pgkit FROM regress_mig_reader;
DROP ROLE regress_mig_reader;
