-- Returns one text: a canonical description of the current database's schema,
-- one line per fact, sorted, keyed by names (never OIDs), so that two
-- databases are equal exactly when their descriptions are equal. Used by the
-- on-server corpus validation and the round-trip tests (test/server/).
--
-- What is compared and why it is keyed the way it is:
--  * columns are keyed by name (column order is not part of a schema);
--  * a primary key whose name ends in "_pkey" (Postgres' implicit name, which
--    a table rename does not change) is keyed as <primary key> and compared
--    by definition only; any other PK name is compared;
--  * indexes backing a PK/unique/exclusion constraint are the constraint's
--    (not listed twice);
--  * identity sequences are described with their column (name and options:
--    a snapshot names them); serial sequences (owned by the column whose
--    default is their nextval) with their column by options only: their name
--    is implicit and a table rename keeps the old one; other sequences are
--    listed on their own (with any OWNED BY column);
--  * roles are cluster-wide: every role except the pg_* built-ins;
--  * storage/view options (reloptions) are a set: sorted (ALTER ... SET
--    appends where CREATE writes them in the given order).
-- Objects of extensions are left out (pgkit's own schema included).
WITH
ext AS (
    SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
),
nsp AS (
    SELECT n.oid, quote_ident(n.nspname) AS q
    FROM pg_namespace n
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      AND n.nspname !~ '^pg_(toast_)?temp_'
      AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_namespace'::regclass AND ext.objid = n.oid)
),
rel AS (
    SELECT c.oid, c.relname, c.relkind, c.reloptions, c.relrowsecurity, c.relforcerowsecurity,
           c.relpersistence, c.relispopulated, c.relam, c.reltablespace,
           nsp.q || '.' || quote_ident(c.relname) AS q
    FROM pg_class c JOIN nsp ON nsp.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid)
),
seq AS (  -- every sequence, with its options and the column that owns it
    SELECT r.oid, r.q,
           format('type=%s start=%s increment=%s min=%s max=%s cache=%s cycle=%s',
                  format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
                  s.seqcache, s.seqcycle) AS opts,
           d.deptype, t.q || '.' || quote_ident(a.attname) AS owner
    FROM rel r
    JOIN pg_sequence s ON s.seqrelid = r.oid
    LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = r.oid
                         AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    LEFT JOIN rel t ON t.oid = d.refobjid
    LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE r.relkind = 'S'
),
lines AS (
    SELECT 'schema ' || q FROM nsp
  UNION ALL
    SELECT format('table %s: kind=%s persistence=%s rls=%s forced=%s options=%s',
                  q, relkind, relpersistence, relrowsecurity, relforcerowsecurity,
                  (SELECT coalesce(string_agg(o, ',' ORDER BY o), '') FROM unnest(reloptions) o))
    FROM rel WHERE relkind IN ('r', 'p', 'f')
  UNION ALL
    SELECT format('column %s.%s: type=%s notnull=%s default=%s identity=%s generated=%s collation=%s',
                  r.q, quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), a.attnotnull,
                  CASE WHEN a.attgenerated <> '' THEN ''
                       WHEN ser.oid IS NOT NULL THEN 'nextval(<owned sequence>(' || ser.opts || '))'
                       ELSE coalesce(pg_get_expr(ad.adbin, ad.adrelid), '') END,
                  CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' ELSE '' END
                      || coalesce(' ' || (SELECT s.q || '(' || s.opts || ')' FROM seq s
                                          WHERE s.deptype = 'i' AND s.owner = r.q || '.' || quote_ident(a.attname)), ''),
                  CASE WHEN a.attgenerated <> '' THEN a.attgenerated::text || ':' || pg_get_expr(ad.adbin, ad.adrelid) ELSE '' END,
                  CASE WHEN a.attcollation <> t.typcollation THEN (SELECT quote_ident(collname) FROM pg_collation WHERE oid = a.attcollation) ELSE '' END)
    FROM rel r
    JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef ad ON ad.adrelid = r.oid AND ad.adnum = a.attnum
    LEFT JOIN seq ser ON ser.deptype = 'a' AND ser.owner = r.q || '.' || quote_ident(a.attname)
                     AND EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_attrdef'::regclass
                                 AND d.objid = ad.oid AND d.refobjid = ser.oid)
    WHERE r.relkind IN ('r', 'p', 'f')
  UNION ALL
    SELECT format('constraint %s.%s: %s', r.q,
                  CASE WHEN c.contype = 'p' AND c.conname LIKE '%\_pkey' THEN '<primary key>'
                       ELSE quote_ident(c.conname) END,
                  pg_get_constraintdef(c.oid))
    FROM pg_constraint c JOIN rel r ON r.oid = c.conrelid
  UNION ALL
    SELECT format('index %s.%s: %s%s', r.q, quote_ident(ic.relname), pg_get_indexdef(i.indexrelid),
                  CASE WHEN i.indisvalid THEN '' ELSE ' (INVALID)' END)
    FROM pg_index i
    JOIN rel r ON r.oid = i.indrelid
    JOIN pg_class ic ON ic.oid = i.indexrelid
    WHERE NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid
                                                    AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
  UNION ALL
    SELECT format('sequence %s: %s owned_by=%s', q, opts, coalesce(owner, ''))
    FROM seq s WHERE s.deptype IS DISTINCT FROM 'i'
      AND NOT EXISTS (SELECT FROM pg_depend d JOIN pg_attrdef ad ON ad.oid = d.objid
                      WHERE d.classid = 'pg_attrdef'::regclass AND d.refobjid = s.oid AND s.deptype = 'a'
                        AND s.owner = (SELECT q FROM rel WHERE oid = ad.adrelid) || '.'
                                      || (SELECT quote_ident(attname) FROM pg_attribute
                                          WHERE attrelid = ad.adrelid AND attnum = ad.adnum))
  UNION ALL
    SELECT format('view %s: kind=%s options=%s am=%s tablespace=%s populated=%s def=%s',
                  r.q, r.relkind, (SELECT coalesce(string_agg(o, ',' ORDER BY o), '') FROM unnest(r.reloptions) o),
                  coalesce((SELECT amname FROM pg_am WHERE oid = r.relam), ''),
                  coalesce((SELECT spcname FROM pg_tablespace WHERE oid = r.reltablespace), ''),
                  r.relispopulated, pg_get_viewdef(r.oid))
    FROM rel r WHERE r.relkind IN ('v', 'm')
  UNION ALL
    SELECT format('enum %s.%s: %s', nsp.q, quote_ident(t.typname),
                  (SELECT string_agg(quote_literal(e.enumlabel), ',' ORDER BY e.enumsortorder)
                   FROM pg_enum e WHERE e.enumtypid = t.oid))
    FROM pg_type t JOIN nsp ON nsp.oid = t.typnamespace
    WHERE t.typtype = 'e'
      AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_type'::regclass AND ext.objid = t.oid)
  UNION ALL  -- other user types (domains, ranges, standalone composites): at least their existence
    SELECT format('type %s.%s: kind=%s base=%s notnull=%s default=%s', nsp.q, quote_ident(t.typname), t.typtype,
                  CASE WHEN t.typbasetype <> 0 THEN format_type(t.typbasetype, t.typtypmod) ELSE '' END,
                  t.typnotnull, coalesce(t.typdefault, ''))
    FROM pg_type t JOIN nsp ON nsp.oid = t.typnamespace
    WHERE t.typtype IN ('d', 'r', 'm', 'c') AND t.typelem = 0
      AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
      AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_type'::regclass AND ext.objid = t.oid)
  UNION ALL
    SELECT format('policy %s.%s: %s for=%s to=%s using=%s check=%s', r.q, quote_ident(p.polname),
                  CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                  CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                  (SELECT string_agg(CASE WHEN ro = 0 THEN 'public' ELSE quote_ident(ro::regrole::text) END, ','
                                     ORDER BY CASE WHEN ro = 0 THEN 'public' ELSE ro::regrole::text END)
                   FROM unnest(p.polroles) ro),
                  coalesce(pg_get_expr(p.polqual, p.polrelid), ''),
                  coalesce(pg_get_expr(p.polwithcheck, p.polrelid), ''))
    FROM pg_policy p JOIN rel r ON r.oid = p.polrelid
  UNION ALL
    SELECT format('function %s.%s(%s): kind=%s returns=%s body_md5=%s', nsp.q, quote_ident(p.proname),
                  pg_get_function_identity_arguments(p.oid), p.prokind,
                  pg_get_function_result(p.oid), md5(p.prosrc))
    FROM pg_proc p JOIN nsp ON nsp.oid = p.pronamespace
    WHERE NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid)
  UNION ALL
    SELECT format('trigger %s.%s: %s', r.q, quote_ident(tg.tgname), pg_get_triggerdef(tg.oid))
    FROM pg_trigger tg JOIN rel r ON r.oid = tg.tgrelid WHERE NOT tg.tgisinternal
  UNION ALL
    SELECT format('role %s: super=%s inherit=%s createrole=%s createdb=%s login=%s replication=%s bypassrls=%s connlimit=%s',
                  quote_ident(rolname), rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin,
                  rolreplication, rolbypassrls, rolconnlimit)
    FROM pg_roles WHERE rolname !~ '^pg_'
)
-- a fact spanning lines (view text) stays on one line, newlines spelled \n
SELECT coalesce(string_agg(replace(l, E'\n', '\n'), E'\n' ORDER BY l COLLATE "C"), '') FROM lines AS t(l);
