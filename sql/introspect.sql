-- pgkit.introspect(): the live schema as a drizzle-kit v7 snapshot, spelled
-- the way drizzle-kit writes it; what the model has no place for is listed
-- under pgkit.unmanaged. Everything lives in its own schemas, introspected
-- through the schema filter.
CREATE ROLE regress_it_reader NOCREATEDB NOCREATEROLE INHERIT;
CREATE ROLE regress_it_writer CREATEDB NOINHERIT;
-- the schema (shared with the round-trip layer test/layers/introspect_roundtrip.sh)
\i test/data/introspect_schema.sql
-- a column collation is a pgkit extra (kept out of the shared schema: the
-- differ does not render COLLATE yet, so it cannot round-trip)
ALTER TABLE it_app.kitchen ADD COLUMN cased text COLLATE "C";

CREATE TEMP TABLE snap AS
    SELECT pgkit.introspect(ARRAY['it_app', 'it_other', 'It Mixed']) AS s;

-- the document: drizzle's top-level keys, public never listed among schemas
SELECT jsonb_pretty(s - 'tables' - 'views' - 'enums' - 'sequences' - 'pgkit') FROM snap;
SELECT key FROM snap, jsonb_each(s->'tables') ORDER BY key COLLATE "C";
SELECT jsonb_pretty(s->'enums') FROM snap;
SELECT jsonb_pretty(s->'sequences') FROM snap;
-- columns: drizzle spellings, defaults as drizzle-orm writes them, identity, generated
SELECT key, value FROM snap, jsonb_each(s->'tables'->'it_app.kitchen'->'columns');
SELECT jsonb_pretty(s->'tables'->'it_app.kitchen'->'indexes') FROM snap;
SELECT jsonb_pretty(s->'tables'->'it_app.parent') FROM snap;
SELECT jsonb_pretty(s->'tables'->'it_app.child') FROM snap;
SELECT jsonb_pretty(s->'tables'->'it_other.tagged') FROM snap;
SELECT jsonb_pretty(s->'tables'->'It Mixed.Order Items') FROM snap;
SELECT jsonb_pretty(s->'views') FROM snap;
-- the partitioned parent is a table; its partition, key and the rest are unmanaged
SELECT jsonb_pretty(s->'tables'->'it_app.measure'->'columns') FROM snap;
SELECT u->>'kind' AS kind, u->>'name' AS name FROM snap, jsonb_array_elements(s->'pgkit'->'unmanaged') u;

-- drizzle => true: nothing drizzle-kit's strict parser would reject
SELECT jsonb_object_keys(pgkit.introspect(ARRAY['it_app'], drizzle => true)) ORDER BY 1;
SELECT pgkit.introspect(ARRAY['it_app'], true)->'tables'->'it_app.kitchen'->'columns'->'cased' AS drizzle_column,
       pgkit.introspect(ARRAY['it_app'])->'tables'->'it_app.kitchen'->'columns'->'cased' AS pgkit_column;
-- the schema filter: unknown schemas are simply empty; system schemas never appear
SELECT pgkit.introspect(ARRAY['no_such_schema'])->'tables' AS none;
SELECT count(*) AS system_tables FROM jsonb_object_keys(pgkit.introspect()->'tables') k
    WHERE k LIKE 'pg\_%' OR k LIKE 'information\_schema.%' OR k LIKE 'pgkit.%';
-- a NULL element in the filter is an error, not a silent "everything"
SELECT pgkit.introspect(ARRAY['it_app', NULL]);
\echo :LAST_ERROR_SQLSTATE
-- one snapshot: the same answer twice, and the caller's settings do not leak into the text
SET datestyle = 'SQL, DMY';
SELECT pgkit.introspect(ARRAY['it_app']) = (SELECT pgkit.introspect(ARRAY['it_app'])) AS stable,
       pgkit.introspect(ARRAY['it_app'])->'tables'->'it_app.kitchen'->'columns'->'fixed_at'->>'default' AS fixed_at;
SHOW datestyle;
RESET datestyle;
-- columns keep attnum order when their pg_attribute rows do not (an ALTER
-- writes a column's row anew, after its neighbours')
CREATE TABLE it_app.moved (a int, b int, c int, d int);
ALTER TABLE it_app.moved ALTER COLUMN b SET NOT NULL;
ALTER TABLE it_app.moved ALTER COLUMN a SET DEFAULT 5;
SELECT string_agg(attname, ',' ORDER BY ctid) <> 'a,b,c,d' AS rows_out_of_order
    FROM pg_attribute WHERE attrelid = 'it_app.moved'::regclass AND attnum > 0;
SELECT string_agg(key, ',' ORDER BY (value->'pgkit'->>'position')::int) AS snapshot_order
    FROM jsonb_each(pgkit.introspect(ARRAY['it_app'])->'tables'->'it_app.moved'->'columns');
-- an index, and a key's index, in a tablespace of their own (the model has
-- no field for either: reported, by index and by constraint)
SET allow_in_place_tablespaces = on;
CREATE TABLESPACE regress_pgkit_space LOCATION '';
RESET allow_in_place_tablespaces;
CREATE INDEX moved_c_idx ON it_app.moved (c) TABLESPACE regress_pgkit_space;
ALTER TABLE it_app.moved ADD CONSTRAINT moved_d_key UNIQUE (d) USING INDEX TABLESPACE regress_pgkit_space;
SELECT u->>'kind' AS kind, u->>'name' AS name
    FROM jsonb_array_elements(pgkit.introspect(ARRAY['it_app'])->'pgkit'->'unmanaged') u
    WHERE u->>'name' LIKE 'it_app.moved%';

DROP SCHEMA it_app, it_other, "It Mixed" CASCADE;
DROP TABLESPACE regress_pgkit_space;
DROP ROLE regress_it_reader, regress_it_writer;
