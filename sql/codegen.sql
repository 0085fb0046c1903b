-- pgkit.codegen: Rust / TypeScript / Zod source from a drizzle snapshot.
-- One tenant table with an enum and a server-filled key.
\set snap '{"version": "7", "dialect": "postgresql", "id": "00000000-0000-0000-0000-000000000001", "prevId": "00000000-0000-0000-0000-000000000000", "schemas": {}, "sequences": {}, "roles": {}, "policies": {}, "views": {}, "_meta": {"schemas": {}, "tables": {}, "columns": {}}, "enums": {"public.status": {"name": "status", "schema": "public", "values": ["open", "paid"]}}, "tables": {"public.invoices": {"name": "invoices", "schema": "", "columns": {"id": {"name": "id", "type": "bigserial", "primaryKey": true, "notNull": true}, "tenant_id": {"name": "tenant_id", "type": "uuid", "primaryKey": false, "notNull": true}, "status": {"name": "status", "type": "status", "typeSchema": "public", "primaryKey": false, "notNull": true, "default": "''open''"}, "total": {"name": "total", "type": "numeric(10, 2)", "primaryKey": false, "notNull": false}}, "indexes": {}, "foreignKeys": {}, "compositePrimaryKeys": {}, "uniqueConstraints": {}, "policies": {}, "checkConstraints": {}, "isRLSEnabled": false}}}'
\a
\t on
SELECT pgkit.codegen('typescript', :'snap');
SELECT pgkit.codegen('zod', :'snap');
SELECT pgkit.codegen('rust', :'snap', '{"numeric": "String"}');
-- camelCase fields, Date objects.
SELECT pgkit.codegen('typescript', :'snap', '{"casing": "camel", "dates": "date"}');
\t off
\a
-- Errors: unknown target, unknown option or value, invalid snapshot, NULL target.
SELECT pgkit.codegen('java', :'snap');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.codegen('rust', :'snap', '{"casing": "kebab"}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.codegen('rust', :'snap', '{"crate": "x"}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.codegen('rust', '{"version": "7", "dialect": "postgresql", "tables": {"public.t": {"name": "t"}}}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.codegen(NULL, :'snap');
\echo :LAST_ERROR_SQLSTATE
-- NULL snapshot: the live schema (here one schema of it), columns in table order.
CREATE SCHEMA cg_live;
CREATE TYPE cg_live.size AS ENUM ('s', 'm', 'l');
CREATE TABLE cg_live.shirts (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL,
    size cg_live.size NOT NULL,
    sizes cg_live.size[],
    label varchar(40) NOT NULL DEFAULT 'plain',
    price numeric(8, 2)
);
\a
\t on
SELECT pgkit.codegen('zod', NULL, '{"schemas": ["cg_live"]}');
SELECT pgkit.codegen('typescript', options => '{"schemas": ["cg_live"]}');
\t off
\a
DROP SCHEMA cg_live CASCADE;
