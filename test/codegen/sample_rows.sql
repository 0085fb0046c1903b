-- pgkit_codegen_sample_rows(): two rows per user table as the server renders
-- them (row_to_json), built from typed sample values instead of inserted
-- data (chinook and pagila come without rows): one with every column set,
-- one with the nullable columns NULL. Domains are sampled as their base
-- type, so their CHECKs do not matter. Returns {"schema.table": [row, row]}.
CREATE FUNCTION pg_temp.pgkit_codegen_sample_rows() RETURNS json LANGUAGE plpgsql AS $$
DECLARE
    t record;
    result jsonb := '{}';
    rows json;
BEGIN
    FOR t IN
        SELECT c.oid, n.nspname, c.relname,
               string_agg(s.val || ' AS ' || quote_ident(a.attname), ', ' ORDER BY a.attnum) AS full_row,
               string_agg(CASE WHEN a.attnotnull THEN s.val ELSE 'NULL::' || s.typ END
                          || ' AS ' || quote_ident(a.attname), ', ' ORDER BY a.attnum) AS null_row
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          JOIN pg_type ty ON ty.oid = a.atttypid
          JOIN pg_type bt ON bt.oid = CASE WHEN ty.typtype = 'd' THEN ty.typbasetype ELSE ty.oid END
          CROSS JOIN LATERAL (SELECT format_type(bt.oid, CASE WHEN ty.typtype = 'd' THEN ty.typtypmod ELSE a.atttypmod END) AS typ) f
          CROSS JOIN LATERAL (SELECT f.typ, CASE
                WHEN bt.typcategory = 'A' THEN '''{}''::' || f.typ
                WHEN bt.typtype = 'e' THEN '(enum_range(NULL::' || f.typ || '))[1]'
                WHEN bt.oid = 'uuid'::regtype THEN 'gen_random_uuid()'
                WHEN bt.oid IN ('json'::regtype, 'jsonb'::regtype) THEN '''{"k": [1, "x", null]}''::' || f.typ
                WHEN bt.oid = 'bytea'::regtype THEN '''\x01ff''::bytea'
                WHEN bt.oid = 'interval'::regtype THEN '''1 day 02:00''::interval'
                WHEN bt.oid = 'tsvector'::regtype THEN '''a b''::tsvector'
                WHEN bt.oid IN ('macaddr'::regtype, 'macaddr8'::regtype) THEN '''08:00:2b:01:02:03''::' || f.typ
                WHEN bt.typcategory = 'I' THEN '''10.0.0.1/32''::' || f.typ
                WHEN bt.typcategory = 'D' THEN 'now()::' || f.typ
                WHEN bt.typcategory = 'N' THEN '''1''::' || f.typ
                WHEN bt.typcategory = 'B' THEN 'true'
                WHEN bt.typcategory = 'S' THEN '''x''::' || f.typ
                ELSE 'NULL::' || f.typ END AS val) s
         WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
           AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgkit') AND n.nspname NOT LIKE 'pg_toast%'
         GROUP BY c.oid, n.nspname, c.relname
    LOOP
        EXECUTE format('SELECT json_build_array(row_to_json(a), row_to_json(b)) FROM (SELECT %s) a, (SELECT %s) b',
                       t.full_row, t.null_row) INTO rows;
        result := result || jsonb_build_object(t.nspname || '.' || t.relname, rows);
    END LOOP;
    RETURN result::json;
END $$;
