-- pgkit 0.1.0 install script. Every function is SECURITY INVOKER (the
-- default, spelled out) with a pinned search_path.
\echo Use "CREATE EXTENSION pgkit" to load this file. \quit

-- Every role may call pgkit: the functions are SECURITY INVOKER (they can do
-- no more than the caller could), and the bookkeeping tables carry their own
-- privileges (not writable by PUBLIC).
GRANT USAGE ON SCHEMA pgkit TO PUBLIC;

-- == identifiers and emitters ================================================

CREATE FUNCTION pgkit.quote_ident(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'pgkit_quote_ident'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.quote_ident(text) IS
    'the identifier double-quoted; 42622 over 63 bytes, 42602 empty or with NUL';
CREATE FUNCTION pgkit.create_table_sql("table" jsonb) RETURNS text
    AS 'MODULE_PATHNAME', 'pgkit_create_table_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.create_table_sql(jsonb) IS
    'CREATE TABLE for a drizzle-kit v7 table object, then its foreign keys, indexes, RLS and policies; statements joined by a newline';

CREATE FUNCTION pgkit.create_type_sql("enum" jsonb) RETURNS text
    AS 'MODULE_PATHNAME', 'pgkit_create_type_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.create_type_sql(jsonb) IS
    'CREATE TYPE ... AS ENUM for a drizzle-kit v7 enum object';

CREATE FUNCTION pgkit.create_index_sql("table" jsonb, index text) RETURNS text
    AS 'MODULE_PATHNAME', 'pgkit_create_index_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.create_index_sql(jsonb, text) IS
    'CREATE INDEX for the index of a drizzle-kit v7 table object named by its key';

CREATE FUNCTION pgkit.create_policy_sql("table" jsonb, policy text) RETURNS text
    AS 'MODULE_PATHNAME', 'pgkit_create_policy_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.create_policy_sql(jsonb, text) IS
    'CREATE POLICY for the policy of a drizzle-kit v7 table object named by its key';
-- (end of identifiers and emitters)

-- == diff: diff, diff_script, plan ===========================================
-- Not STRICT: a NULL snapshot is an error (22004), never an empty result that
-- would read as "no changes"; NULL renames = no hints. diff/diff_script are
-- pure functions of their arguments (IMMUTABLE); plan reads the catalogs.

CREATE FUNCTION pgkit.diff(source jsonb, target jsonb, renames text[] DEFAULT '{}')
    RETURNS TABLE(seq int, statement text, kind text, hazards text[])
    AS 'MODULE_PATHNAME', 'pgkit_diff'
    LANGUAGE C IMMUTABLE PARALLEL SAFE SECURITY INVOKER ROWS 20
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.diff(jsonb, jsonb, text[]) IS
    'ordered DDL taking a database from the source snapshot to the target (drizzle-kit v7 snapshots), with hazards';

CREATE FUNCTION pgkit.diff_script(source jsonb, target jsonb, renames text[] DEFAULT '{}')
    RETURNS text
    AS 'MODULE_PATHNAME', 'pgkit_diff_script'
    LANGUAGE C IMMUTABLE PARALLEL SAFE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.diff_script(jsonb, jsonb, text[]) IS
    'pgkit.diff''s statements joined by "\n--> statement-breakpoint\n" (a drizzle migration file)';

CREATE FUNCTION pgkit.plan(target jsonb, renames text[] DEFAULT '{}')
    RETURNS TABLE(seq int, statement text, kind text, hazards text[])
    AS 'MODULE_PATHNAME', 'pgkit_plan'
    LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER ROWS 20
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.plan(jsonb, text[]) IS
    'pgkit.diff from the live database (pgkit.introspect()) to the target snapshot; VOLATILE: the target''s expressions are printed by the server in scratch schemas inside a subtransaction it always rolls back, so spellings of the same expression are no change';

-- The same three over text: the snapshot files exactly as written. jsonb
-- sorts object keys, which loses drizzle's column order (CREATE TABLE lists
-- columns in key order); text keeps it. An untyped literal or psql variable
-- (:'snapshot') resolves to these, a jsonb value to the jsonb ones.
CREATE FUNCTION pgkit.diff(source text, target text, renames text[] DEFAULT '{}')
    RETURNS TABLE(seq int, statement text, kind text, hazards text[])
    AS 'MODULE_PATHNAME', 'pgkit_diff_text'
    LANGUAGE C IMMUTABLE PARALLEL SAFE SECURITY INVOKER ROWS 20
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.diff(text, text, text[]) IS
    'pgkit.diff over snapshot files as written (keeps column order)';

CREATE FUNCTION pgkit.diff_script(source text, target text, renames text[] DEFAULT '{}')
    RETURNS text
    AS 'MODULE_PATHNAME', 'pgkit_diff_script_text'
    LANGUAGE C IMMUTABLE PARALLEL SAFE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.diff_script(text, text, text[]) IS
    'pgkit.diff_script over snapshot files as written (keeps column order)';

CREATE FUNCTION pgkit.plan(target text, renames text[] DEFAULT '{}')
    RETURNS TABLE(seq int, statement text, kind text, hazards text[])
    AS 'MODULE_PATHNAME', 'pgkit_plan_text'
    LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER ROWS 20
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.plan(text, text[]) IS
    'pgkit.plan over a snapshot file as written (keeps column order)';
-- (end of diff)

-- == introspect ==============================================================

CREATE FUNCTION pgkit.introspect(schemas text[] DEFAULT NULL, drizzle boolean DEFAULT false)
    RETURNS jsonb
    AS 'MODULE_PATHNAME', 'pgkit_introspect'
    LANGUAGE C STABLE PARALLEL RESTRICTED SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.introspect(text[], boolean) IS
    'the live schema as a drizzle-kit v7 snapshot; schemas NULL = every user schema; drizzle => true omits pgkit extras (unmanaged objects under "pgkit")';

-- (end of introspect)

-- == drift: check_drift, is_clean, assert_clean, set_expected ================

-- The live database against an expected snapshot (a drizzle-kit v7 file as
-- is, or pgkit's own). expected NULL = the newer of pgkit.set_expected's
-- snapshot and the newest one recorded by a migration; neither: P0002.
-- ignore: kind:object globs ('index:public.*_trgm_idx'); none given = the
-- patterns stored with set_expected. VOLATILE: it builds the expected
-- objects in scratch schemas inside a subtransaction it always rolls back.
CREATE FUNCTION pgkit.check_drift(expected jsonb DEFAULT NULL, ignore text[] DEFAULT '{}',
                                  include_unmanaged boolean DEFAULT false)
    RETURNS TABLE(kind text, object text, problem text, expected text, actual text)
    AS 'MODULE_PATHNAME', 'pgkit_check_drift'
    LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.check_drift(jsonb, text[], boolean) IS
    'drift between the live database and the expected snapshot: missing / extra / changed: <attribute>';

CREATE FUNCTION pgkit.is_clean(expected jsonb DEFAULT NULL, ignore text[] DEFAULT '{}') RETURNS boolean
    AS 'MODULE_PATHNAME', 'pgkit_is_clean'
    LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.is_clean(jsonb, text[]) IS 'true when check_drift finds nothing';

CREATE FUNCTION pgkit.assert_clean(expected jsonb DEFAULT NULL, ignore text[] DEFAULT '{}') RETURNS void
    AS 'MODULE_PATHNAME', 'pgkit_assert_clean'
    LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.assert_clean(jsonb, text[]) IS
    'raises P0001 with the drift report in DETAIL unless check_drift finds nothing';

CREATE FUNCTION pgkit.set_expected(snapshot jsonb, ignore text[] DEFAULT '{}') RETURNS void
    AS 'MODULE_PATHNAME', 'pgkit_set_expected'
    LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.set_expected(jsonb, text[]) IS
    'stores the snapshot (and ignore patterns) check_drift uses by default (one row in pgkit.expected)';

-- (end of drift)

-- == migrations: pgkit.migrations, migrate, migrate_drizzle, adopt, apply ====

-- One row per applied migration. Rows are data, not extension DDL:
-- pg_extension_config_dump makes pg_dump keep them (and the id sequence).
-- execution_ms is NULL for a migration adopted from another tool's history
-- (recorded as applied, never run by pgkit).
CREATE TABLE pgkit.migrations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name <> ''),
    checksum text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
    applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    applied_by text NOT NULL DEFAULT session_user,
    execution_ms double precision CHECK (execution_ms >= 0),
    statement_count integer NOT NULL CHECK (statement_count >= 0),
    snapshot jsonb
);
COMMENT ON TABLE pgkit.migrations IS
    'forward-only migrations applied by pgkit.migrate (checksum: hex sha256 of the script)';
SELECT pg_catalog.pg_extension_config_dump('pgkit.migrations', '');
SELECT pg_catalog.pg_extension_config_dump('pgkit.migrations_id_seq', '');

-- The snapshot (and ignore globs) drift is checked against by default; at
-- most one row (the unique index on a constant).
CREATE TABLE pgkit.expected (
    snapshot jsonb NOT NULL,
    ignore text[] NOT NULL DEFAULT '{}',
    set_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX expected_one_row ON pgkit.expected ((true));
COMMENT ON TABLE pgkit.expected IS 'the expected schema for check_drift (one row at most)';
SELECT pg_catalog.pg_extension_config_dump('pgkit.expected', '');

-- Only the owner (and roles it grants to) writes the bookkeeping. Reading is
-- open: it says no more than the catalogs every role can read, and
-- check_drift run by any role needs the expected snapshot.
REVOKE ALL ON pgkit.migrations, pgkit.expected FROM PUBLIC;
GRANT SELECT ON pgkit.migrations, pgkit.expected TO PUBLIC;

-- migrate, migrate_drizzle, adopt_drizzle_history and apply have NO pinned
-- search_path, deliberately: migration scripts (drizzle-kit's included) use
-- unqualified names meant for the caller's schema, so their statements run
-- with the caller's search_path, exactly as psql would run the file. The
-- functions' own bookkeeping queries run with search_path pinned to
-- pg_catalog, pg_temp (set internally around each of them).
CREATE FUNCTION pgkit.migrate(name text, script text, snapshot jsonb DEFAULT NULL) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pgkit_migrate'
    LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;
COMMENT ON FUNCTION pgkit.migrate(text, text, jsonb) IS
    'applies the script once, atomically, recorded in pgkit.migrations: true if applied now, false if already applied';

CREATE FUNCTION pgkit.migrate_drizzle(journal jsonb, scripts jsonb, snapshots jsonb DEFAULT NULL) RETURNS integer
    AS 'MODULE_PATHNAME', 'pgkit_migrate_drizzle'
    LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;
COMMENT ON FUNCTION pgkit.migrate_drizzle(jsonb, jsonb, jsonb) IS
    'applies a drizzle-kit folder (meta/_journal.json, {tag: sql}, optional {NNNN: snapshot}) in journal order: the number applied now';

CREATE FUNCTION pgkit.adopt_drizzle_history(journal jsonb, scripts jsonb,
                                            history text DEFAULT 'drizzle.__drizzle_migrations') RETURNS integer
    AS 'MODULE_PATHNAME', 'pgkit_adopt_drizzle_history'
    LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;
COMMENT ON FUNCTION pgkit.adopt_drizzle_history(jsonb, jsonb, text) IS
    'records as applied (without running) the journal entries drizzle-orm''s migrator already ran, matched by sha256: the number adopted';

CREATE FUNCTION pgkit.apply(target jsonb, renames text[] DEFAULT '{}', name text DEFAULT NULL,
                            allow_data_loss boolean DEFAULT false)
    RETURNS TABLE(seq integer, statement text, kind text, hazards text[])
    AS 'MODULE_PATHNAME', 'pgkit_apply'
    LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;
COMMENT ON FUNCTION pgkit.apply(jsonb, text[], text, boolean) IS
    'declarative push: runs pgkit.plan(target, renames) as one recorded migration (snapshot = target); refuses deletes_data unless allow_data_loss';

-- (end of migrations)

-- == codegen and tenant isolation ============================================

-- tenant_isolation: forced RLS plus one policy binding every row to the
-- tenant named by a custom setting. plpgsql because it only composes DDL;
-- every identifier goes through pgkit.quote_ident and the setting name
-- through quote_literal. An unset or empty setting compares with NULL, so it
-- sees nothing (fails closed), never everything.
CREATE FUNCTION pgkit.tenant_isolation(tbl regclass, tenant_column name,
                                       setting text DEFAULT 'pgkit.tenant_id')
    RETURNS void LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    rel record;
    col record;
    base text;
    policy text;
    target text;
    others int;
    kind text := 'PERMISSIVE';
    expr text;
BEGIN
    IF tbl IS NULL OR tenant_column IS NULL OR setting IS NULL THEN
        RAISE EXCEPTION 'pgkit: tenant_isolation: tbl, tenant_column and setting must not be NULL'
            USING ERRCODE = '22004';
    END IF;
    SELECT c.relname, n.nspname, c.relkind INTO rel
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = tbl;
    IF rel.relkind NOT IN ('r', 'p') THEN
        RAISE EXCEPTION 'pgkit: tenant_isolation: % is not a table', tbl
            USING ERRCODE = '42809';
    END IF;
    SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS typ INTO col
      FROM pg_attribute a
     WHERE a.attrelid = tbl AND a.attname = tenant_column AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pgkit: tenant_isolation: column "%" of table % does not exist',
            tenant_column, tbl USING ERRCODE = '42703';
    END IF;
    -- A custom GUC name: two or more dot-separated words of safe characters
    -- (what Postgres accepts for placeholder variables).
    IF setting !~ '^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)+$' THEN
        RAISE EXCEPTION 'pgkit: tenant_isolation: "%" is not a custom setting name', setting
            USING ERRCODE = '22023',
                  HINT = 'use a dotted name of letters, digits and underscores, e.g. app.tenant_id';
    END IF;
    -- <table>_tenant_isolation, the table part cut at a character boundary so
    -- the name fits 63 bytes (Postgres would otherwise cut the suffix).
    base := rel.relname;
    WHILE octet_length(base) > 63 - octet_length('_tenant_isolation') LOOP
        base := left(base, -1);
    END LOOP;
    policy := base || '_tenant_isolation';
    -- Permissive policies are OR-ed: next to another permissive policy ours
    -- would restrict nothing, so there it is created RESTRICTIVE (AND-ed),
    -- which still fails closed if the others are dropped later.
    SELECT count(*) INTO others FROM pg_policy
     WHERE polrelid = tbl AND polpermissive AND polname <> policy;
    IF others > 0 THEN
        kind := 'RESTRICTIVE';
        RAISE NOTICE 'pgkit: tenant_isolation: table % has % other permissive polic%; "%" is created AS RESTRICTIVE so it binds every row',
            tbl, others, CASE WHEN others = 1 THEN 'y' ELSE 'ies' END, policy;
    END IF;
    -- The setting is cast to the column's own type (format_type qualifies it
    -- under the pinned search_path), so the comparison can use an index.
    expr := '(' || pgkit.quote_ident(col.attname) || ' = NULLIF(current_setting('
         || quote_literal(setting) || ', true), '''')::' || col.typ || ')';
    target := pgkit.quote_ident(rel.nspname) || '.' || pgkit.quote_ident(rel.relname);
    EXECUTE 'ALTER TABLE ' || target || ' ENABLE ROW LEVEL SECURITY';
    EXECUTE 'ALTER TABLE ' || target || ' FORCE ROW LEVEL SECURITY';
    -- Re-running replaces the policy (a different column or setting).
    IF EXISTS (SELECT FROM pg_policy WHERE polrelid = tbl AND polname = policy) THEN
        EXECUTE 'DROP POLICY ' || pgkit.quote_ident(policy) || ' ON ' || target;
    END IF;
    EXECUTE 'CREATE POLICY ' || pgkit.quote_ident(policy) || ' ON ' || target || ' AS ' || kind
         || ' FOR ALL TO public USING ' || expr || ' WITH CHECK ' || expr;
END
$fn$;
COMMENT ON FUNCTION pgkit.tenant_isolation(regclass, name, text) IS
    'enables and forces RLS on tbl and (re)creates the policy <table>_tenant_isolation (FOR ALL, USING and WITH CHECK tenant_column = NULLIF(current_setting(setting, true), '''')::type): an unset setting sees nothing';

-- codegen: Rust / TypeScript / Zod source from a snapshot (NULL = the live schema).
CREATE FUNCTION pgkit.codegen(target text, snapshot jsonb DEFAULT NULL, options jsonb DEFAULT '{}')
    RETURNS text AS 'MODULE_PATHNAME', 'pgkit_codegen'
    LANGUAGE C STABLE PARALLEL SAFE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.codegen(text, jsonb, jsonb) IS
    'generated source for target rust | typescript | zod; options: casing, schemas, numeric, tenant_column, dates';

-- (end of codegen and tenant isolation)
