-- pgkit 0.1.0 install script. Every function is SECURITY INVOKER (the
-- default, spelled out) with a pinned search_path.
\echo Use "CREATE EXTENSION pgkit" to load this file. \quit

-- == identifiers and emitters ================================================

CREATE FUNCTION pgkit.quote_ident(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'pgkit_quote_ident'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pgkit.quote_ident(text) IS
    'the identifier double-quoted; 42622 over 63 bytes, 42602 empty or with NUL';
-- (end of identifiers and emitters)

-- == diff: diff, diff_script, plan ===========================================

-- (end of diff)

-- == introspect ==============================================================

-- (end of introspect)

-- == drift: check_drift, is_clean, assert_clean, set_expected ================

-- (end of drift)

-- == migrations: pgkit.migrations, migrate, migrate_drizzle, adopt, apply ====

-- (end of migrations)

-- == codegen and tenant isolation ============================================

-- (end of codegen and tenant isolation)
