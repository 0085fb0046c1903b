-- pgkit demo (scripts/demo.sh runs this on a throwaway cluster): a schema
-- read into a snapshot, a change planned with its hazards and applied as a
-- recorded migration, drift caught, tenant isolation, generated types.
\set ON_ERROR_STOP 1
\pset pager off
CREATE EXTENSION pgkit;

-- 1. A small schema, written by hand.
CREATE TYPE status AS ENUM ('open', 'done');
CREATE TABLE projects (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL UNIQUE
);
CREATE TABLE tasks (
    id serial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title varchar(200) NOT NULL CHECK (title <> ''),
    state status NOT NULL DEFAULT 'open',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_open_idx ON tasks (project_id) WHERE state = 'open';

-- 2. introspect(): the live schema as a drizzle-kit v7 snapshot (one table
--    shown). Snapshots are kept in a temporary table to keep the demo short.
CREATE TEMP TABLE snap (name text PRIMARY KEY, doc jsonb NOT NULL);
INSERT INTO snap SELECT 'v1', pgkit.introspect();
SELECT jsonb_pretty(doc->'tables'->'public.tasks') AS tasks_snapshot FROM snap WHERE name = 'v1';

-- 3. A target, as an edited drizzle snapshot would say it: tasks renamed to
--    todos with a new column, the enum given a value in the middle.
INSERT INTO snap SELECT 'v2', jsonb_set(jsonb_set(doc,
    '{tables}', (doc->'tables') - 'public.tasks' || jsonb_build_object('public.todos',
        jsonb_set(jsonb_set(jsonb_set(doc->'tables'->'public.tasks', '{name}', '"todos"'),
            '{columns,due}', '{"name": "due", "type": "date", "primaryKey": false, "notNull": false}'),
            '{foreignKeys,tasks_project_id_fkey,tableFrom}', '"todos"'))),
    '{enums,public.status,values}', '["open", "blocked", "done"]')
FROM snap WHERE name = 'v1';
--    diff() orders the DDL (drizzle-kit's style) and says what each statement risks.
SELECT seq, statement, hazards
FROM pgkit.diff((SELECT doc FROM snap WHERE name = 'v1'), (SELECT doc FROM snap WHERE name = 'v2'),
                renames => '{public.tasks->public.todos}');
--    Without the rename hint the table is dropped and created: data loss, flagged.
SELECT statement, hazards
FROM pgkit.diff((SELECT doc FROM snap WHERE name = 'v1'), (SELECT doc FROM snap WHERE name = 'v2'))
WHERE 'deletes_data' = ANY (hazards);

-- 4. apply(): the plan from the live database, run as one recorded migration
--    (it would refuse the unhinted plan: it deletes data).
SELECT seq, statement
FROM pgkit.apply((SELECT doc FROM snap WHERE name = 'v2'), renames => '{public.tasks->public.todos}', name => '0001_todos');
SELECT name, statement_count FROM pgkit.migrations ORDER BY id;
SELECT count(*) AS nothing_left_to_do FROM pgkit.plan((SELECT doc FROM snap WHERE name = 'v2'));

-- 5. Drift: a change made by hand, outside the migrations, is reported.
ALTER TABLE todos ADD COLUMN notes text;
SELECT * FROM pgkit.check_drift((SELECT doc FROM snap WHERE name = 'v2'));
SELECT pgkit.is_clean((SELECT doc FROM snap WHERE name = 'v2'), ignore => '{column:public.todos.notes}')
       AS clean_once_accepted;

-- 6. Row-level security per tenant, in one call.
SELECT pgkit.tenant_isolation('projects', 'tenant_id');
SELECT policyname, cmd, qual FROM pg_policies WHERE tablename = 'projects';

-- 7. Generated TypeScript types from the live schema.
SELECT pgkit.codegen('typescript') AS typescript;

-- 8. Standalone DDL and strict identifiers.
SELECT pgkit.create_type_sql((SELECT doc->'enums'->'public.status' FROM snap WHERE name = 'v2')) AS create_type;
SELECT pgkit.quote_ident('e"; DROP TABLE todos; --') AS quoted;
-- Over 63 bytes Postgres would truncate silently; pgkit refuses (42622).
\set ON_ERROR_STOP 0
SELECT pgkit.quote_ident(repeat('x', 64));
\echo SQLSTATE :LAST_ERROR_SQLSTATE
