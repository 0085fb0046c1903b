-- Standalone emitters: pgkit.create_table_sql / create_type_sql /
-- create_index_sql / create_policy_sql turn a drizzle-kit v7 snapshot
-- fragment into drizzle-kit-style DDL. Every emitted statement is executed
-- here and the catalogs show what it created; bad input is refused with a
-- clear error and creates nothing.
CREATE SCHEMA emit;
CREATE ROLE emit_reader;

-- An enum, with a value that needs quoting.
SELECT pgkit.create_type_sql('{"name":"mood","schema":"emit","values":["sad","it''s ok"]}');
SELECT pgkit.create_type_sql('{"name":"mood","schema":"emit","values":["sad","it''s ok"]}') \gexec
SELECT enumlabel FROM pg_enum WHERE enumtypid = 'emit.mood'::regtype ORDER BY enumsortorder;

-- A referenced table, then a table with every inline part, a FK, an index,
-- RLS and a policy. (jsonb does not keep object key order: the columns come
-- out in jsonb's order, shorter keys first.)
\set parent '{"name":"parent","schema":"emit","columns":{"id":{"name":"id","type":"serial","primaryKey":true,"notNull":true}},"indexes":{},"foreignKeys":{},"compositePrimaryKeys":{}}'
SELECT pgkit.create_table_sql(:'parent') \gexec
\set child '{"name":"child","schema":"emit","columns":{"id":{"name":"id","type":"integer","primaryKey":false,"notNull":true},"parent_id":{"name":"parent_id","type":"integer","primaryKey":false,"notNull":true},"label":{"name":"label","type":"varchar(40)","primaryKey":false,"notNull":false,"default":"''none''","isUnique":true,"uniqueName":"child_label_key"},"m":{"name":"m","type":"mood","typeSchema":"emit","primaryKey":false,"notNull":false,"default":"''sad''"},"n":{"name":"n","type":"integer","primaryKey":false,"notNull":false,"identity":{"type":"byDefault","name":"child_n_seq","schema":"emit","increment":"1","minValue":"1","maxValue":"2147483647","startWith":"1","cache":"1","cycle":false}}},"indexes":{"child_label_idx":{"name":"child_label_idx","columns":[{"expression":"label","isExpression":false,"asc":false,"nulls":"last"}],"isUnique":false,"concurrently":false,"method":"btree","with":{}}},"foreignKeys":{"child_parent_fk":{"name":"child_parent_fk","tableFrom":"child","tableTo":"parent","schemaTo":"emit","columnsFrom":["parent_id"],"columnsTo":["id"],"onDelete":"cascade","onUpdate":"no action"}},"compositePrimaryKeys":{"child_pk":{"name":"child_pk","columns":["id","parent_id"]}},"uniqueConstraints":{},"checkConstraints":{"child_id_ck":{"name":"child_id_ck","value":"id > 0"}},"policies":{"child_read":{"name":"child_read","as":"PERMISSIVE","for":"SELECT","to":["emit_reader"],"using":"true"}},"isRLSEnabled":true}'
SELECT pgkit.create_table_sql(:'child');
SELECT pgkit.create_table_sql(:'child') \gexec
SELECT attname, format_type(atttypid, atttypmod), attnotnull, attidentity,
       pg_get_expr(adbin, adrelid) AS default
  FROM pg_attribute LEFT JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum
 WHERE attrelid = 'emit.child'::regclass AND attnum > 0 ORDER BY attnum;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'emit.child'::regclass ORDER BY conname;
SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'emit' AND tablename = 'child' ORDER BY 1;
SELECT relrowsecurity FROM pg_class WHERE oid = 'emit.child'::regclass;
SELECT policyname, permissive, roles, cmd, qual FROM pg_policies WHERE schemaname = 'emit';

-- create_index_sql / create_policy_sql pick one index / policy of a table.
\set plain '{"name":"plain","schema":"emit","columns":{"a":{"name":"a","type":"text","primaryKey":false,"notNull":false}},"indexes":{},"foreignKeys":{},"compositePrimaryKeys":{}}'
\set plain_more '{"name":"plain","schema":"emit","columns":{"a":{"name":"a","type":"text","primaryKey":false,"notNull":false}},"indexes":{"plain_a_idx":{"name":"plain_a_idx","columns":[{"expression":"lower(a)","isExpression":true,"asc":true,"nulls":"last"}],"isUnique":true,"concurrently":false,"method":"btree","with":{"fillfactor":70},"where":"a <> ''''"}},"foreignKeys":{},"compositePrimaryKeys":{},"policies":{"plain_ins":{"name":"plain_ins","as":"RESTRICTIVE","for":"INSERT","to":["emit_reader"],"withCheck":"a IS NOT NULL"}}}'
SELECT pgkit.create_table_sql(:'plain') \gexec
SELECT pgkit.create_index_sql(:'plain_more', 'plain_a_idx');
SELECT pgkit.create_index_sql(:'plain_more', 'plain_a_idx') \gexec
SELECT pgkit.create_policy_sql(:'plain_more', 'plain_ins');
SELECT pgkit.create_policy_sql(:'plain_more', 'plain_ins') \gexec
SELECT indexdef FROM pg_indexes WHERE schemaname = 'emit' AND tablename = 'plain';
SELECT policyname, permissive, roles, cmd, with_check FROM pg_policies WHERE tablename = 'plain';

-- Names with quotes, semicolons and newlines stay one identifier: keepme survives.
CREATE TABLE emit.keepme (id int);
SELECT pgkit.create_table_sql('{"name":"odd","schema":"emit","columns":{"c":{"name":"e\"; DROP TABLE keepme; --","type":"text","primaryKey":false,"notNull":false},"d":{"name":"line\nbreak","type":"text","primaryKey":false,"notNull":false}},"indexes":{},"foreignKeys":{},"compositePrimaryKeys":{}}') \gexec
SELECT attname FROM pg_attribute WHERE attrelid = 'emit.odd'::regclass AND attnum > 0 ORDER BY attnum;
SELECT count(*) AS keepme_survives FROM pg_class WHERE oid = 'emit.keepme'::regclass;

-- Bad inputs: each a clear error, nothing created.
CREATE TEMP TABLE before AS SELECT count(*) AS n FROM pg_class WHERE relnamespace = 'emit'::regnamespace;
-- wrong JSON types
SELECT pgkit.create_table_sql('{"name":"bad","schema":"emit","columns":"x","indexes":{},"foreignKeys":{},"compositePrimaryKeys":{}}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.create_type_sql('{"name":"e","schema":"emit","values":"a"}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.create_table_sql('[]');
\echo :LAST_ERROR_SQLSTATE
-- unknown keys
SELECT pgkit.create_table_sql('{"name":"bad","schema":"emit","columns":{},"indexes":{},"foreignKeys":{},"compositePrimaryKeys":{},"bogus":1}');
\echo :LAST_ERROR_SQLSTATE
-- missing required fields
SELECT pgkit.create_table_sql('{"schema":"emit","columns":{},"indexes":{},"foreignKeys":{},"compositePrimaryKeys":{}}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.create_type_sql('{"name":"e","schema":"emit"}');
\echo :LAST_ERROR_SQLSTATE
-- 64-byte names are never truncated
SELECT pgkit.create_table_sql(format('{"name":"%s","schema":"emit","columns":{},"indexes":{},"foreignKeys":{},"compositePrimaryKeys":{}}', repeat('t', 64))::jsonb);
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.create_table_sql(format('{"name":"bad","schema":"emit","columns":{"c":{"name":"%s","type":"text","primaryKey":false,"notNull":false}},"indexes":{},"foreignKeys":{},"compositePrimaryKeys":{}}', repeat('c', 64))::jsonb);
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.create_type_sql(format('{"name":"%s","schema":"emit","values":["a"]}', repeat('e', 64))::jsonb);
\echo :LAST_ERROR_SQLSTATE
-- unknown and malformed types
SELECT pgkit.create_table_sql('{"name":"bad","schema":"emit","columns":{"c":{"name":"c","type":"varchr","primaryKey":false,"notNull":false}},"indexes":{},"foreignKeys":{},"compositePrimaryKeys":{}}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.create_table_sql('{"name":"bad","schema":"emit","columns":{"c":{"name":"c","type":"integer; DROP TABLE emit.keepme","primaryKey":false,"notNull":false}},"indexes":{},"foreignKeys":{},"compositePrimaryKeys":{}}');
\echo :LAST_ERROR_SQLSTATE
-- duplicate column names
SELECT pgkit.create_table_sql('{"name":"bad","schema":"emit","columns":{"a":{"name":"c","type":"text","primaryKey":false,"notNull":false},"b":{"name":"c","type":"text","primaryKey":false,"notNull":false}},"indexes":{},"foreignKeys":{},"compositePrimaryKeys":{}}');
\echo :LAST_ERROR_SQLSTATE
-- a primary key (and a FK, an index) on a missing column
SELECT pgkit.create_table_sql('{"name":"bad","schema":"emit","columns":{"a":{"name":"a","type":"text","primaryKey":false,"notNull":false}},"indexes":{},"foreignKeys":{},"compositePrimaryKeys":{"bad_pk":{"name":"bad_pk","columns":["x"]}}}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.create_table_sql('{"name":"bad","schema":"emit","columns":{"a":{"name":"a","type":"text","primaryKey":false,"notNull":false}},"indexes":{},"foreignKeys":{"f":{"name":"f","tableFrom":"bad","tableTo":"parent","schemaTo":"emit","columnsFrom":["x"],"columnsTo":["id"]}},"compositePrimaryKeys":{}}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.create_index_sql('{"name":"bad","schema":"emit","columns":{"a":{"name":"a","type":"text","primaryKey":false,"notNull":false}},"indexes":{"i":{"name":"i","columns":[{"expression":"x","isExpression":false,"asc":true,"nulls":"last"}],"isUnique":false,"concurrently":false,"method":"btree","with":{}}},"foreignKeys":{},"compositePrimaryKeys":{}}', 'i');
\echo :LAST_ERROR_SQLSTATE
-- an index or policy the table does not have
SELECT pgkit.create_index_sql(:'plain', 'nope');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.create_policy_sql(:'plain', 'nope');
\echo :LAST_ERROR_SQLSTATE
SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'emit'::regnamespace) = n AS nothing_created FROM before;
SELECT pgkit.create_table_sql(NULL) IS NULL AS strict;
SELECT 1 AS backend_alive;

SET client_min_messages = warning;
DROP SCHEMA emit CASCADE;
DROP ROLE emit_reader;
