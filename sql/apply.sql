-- Declarative push: pgkit.apply(target, renames, name, allow_data_loss) runs
-- pgkit.plan(target) as one recorded migration, refusing data loss unless
-- allowed. Targets are built by changing the database inside a rolled-back
-- transaction and introspecting it.
CREATE SCHEMA ap;
CREATE TABLE ap.keep (id int PRIMARY KEY);
INSERT INTO ap.keep VALUES (42);
CREATE TABLE ap.gone (id int);
INSERT INTO ap.gone VALUES (1);
BEGIN;
DROP TABLE ap.gone;
CREATE TABLE ap.added (id int NOT NULL, label text);
SELECT pgkit.introspect() AS target \gset
ROLLBACK;

-- The plan drops a table: refused, the statement listed, nothing run.
SELECT * FROM pgkit.apply(:'target');
\echo :LAST_ERROR_SQLSTATE
SELECT to_regclass('ap.gone') AS gone, to_regclass('ap.added') AS added,
       (SELECT count(*) FROM pgkit.migrations) AS recorded;

-- Allowed: applied and recorded with the target as its snapshot.
SELECT seq, kind, hazards FROM pgkit.apply(:'target', name => 'ap_0001', allow_data_loss => true);
SELECT to_regclass('ap.gone') AS gone, to_regclass('ap.added') AS added;
SELECT name, statement_count, snapshot = :'target'::jsonb AS snapshot_is_target FROM pgkit.migrations;
-- Already there: nothing to run, nothing recorded.
SELECT count(*) AS statements FROM pgkit.apply(:'target', name => 'ap_0002');
SELECT count(*) AS recorded FROM pgkit.migrations;

-- Additive changes need no permission; an unnamed apply gets a unique name.
BEGIN;
ALTER TABLE ap.added ADD COLUMN note text;
SELECT pgkit.introspect() AS target2 \gset
ROLLBACK;
SELECT seq, kind, hazards FROM pgkit.apply(:'target2');
SELECT name ~ '^apply_[0-9]{20}_[0-9a-f]{12}$' AS generated_name FROM pgkit.migrations ORDER BY id DESC LIMIT 1;

-- A rename is a drop + create (refused) unless hinted.
BEGIN;
ALTER TABLE ap.keep RENAME TO kept;
SELECT pgkit.introspect() AS target3 \gset
ROLLBACK;
SELECT count(*) FROM pgkit.apply(:'target3');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FILTER (WHERE 'deletes_data' = ANY (hazards)) AS deleting,
       bool_or(statement = 'ALTER TABLE "ap"."keep" RENAME TO "kept";') AS renamed
FROM pgkit.apply(:'target3', renames => '{ap.keep->ap.kept}', name => 'ap_rename');
SELECT id FROM ap.kept;

SELECT pgkit.apply(NULL);
\echo :LAST_ERROR_SQLSTATE

DROP SCHEMA ap CASCADE;
TRUNCATE pgkit.migrations;
