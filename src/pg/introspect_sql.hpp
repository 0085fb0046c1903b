// The catalog queries of pgkit.introspect(): one per object kind, each over
// every in-scope object at once (never one per table), all run read-only in
// the caller's snapshot. $1 is the schema filter (text[], NULL = every user
// schema). Run with search_path = pg_catalog, pg_temp, so the deparsers
// schema-qualify every user object they print.
#pragma once

namespace pgkit::pg::introspect_sql {

// The large queries (relations, columns, constraints, indexes, unmanaged)
// have no ORDER BY: the reader sorts their rows in C++ (Reader::each_sorted;
// the executor's sort of these wide rows cost ~6 ms a query at 1,000 tables).
//
// The scope, computed once: the in-scope schemas (no system, pgkit or
// extension-owned schema) and the managed relations in them (tables,
// partitioned parents, views and materialized views; partitions and
// extension members left out). Every other query takes these as $2 (schema
// OIDs) and $3 (relation OIDs) instead of recomputing them: at 1,000 tables
// the scope's scans of pg_class and pg_depend cost ~5 ms a query. An 'e'
// (extension member) dependency always references its extension: naming
// refclassid lets pg_depend's reference index find them without a scan.
// 0 schema names (sorted), 1 schema oids, 2 relation oids
inline constexpr const char* scope =
    "WITH scope AS ("
    " SELECT n.oid, n.nspname FROM pg_namespace n"
    " WHERE n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'pgkit')"
    "   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass"
    "                   AND d.objid = n.oid AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e')"
    "   AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[])))"
    " SELECT ARRAY(SELECT nspname::text FROM scope ORDER BY nspname COLLATE \"C\"),"
    "  ARRAY(SELECT oid FROM scope),"
    "  ARRAY(SELECT c.oid FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM scope)"
    "   AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition"
    "   AND c.oid NOT IN (SELECT d.objid FROM pg_depend d WHERE d.refclassid = 'pg_extension'::regclass"
    "                     AND d.deptype = 'e' AND d.classid = 'pg_class'::regclass))";

// 0 oid, 1 schema, 2 name, 3 relkind, 4 rls, 5 rls forced, 6 reloptions json,
// 7 tablespace, 8 access method, 9 populated, 10 a view's query (its
// _RETURN rule's action, printed by the reader once the view's column names
// are known: pg_get_viewdef runs a query per view and opens it), 11 default
// access method, 12 relnatts (sizes the relation's column map)
inline constexpr const char* relations =
    "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity,"
    "  array_to_json(c.reloptions)::text, ts.spcname, am.amname, c.relispopulated,"
    "  CASE WHEN c.relkind IN ('v', 'm') THEN (SELECT w.ev_action FROM pg_rewrite w"
    "   WHERE w.ev_class = c.oid AND w.rulename = '_RETURN') END,"
    "  current_setting('default_table_access_method'), c.relnatts"
    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace"
    " LEFT JOIN pg_am am ON am.oid = c.relam"
    " WHERE c.oid = ANY ($3::oid[])";

// Types are resolved from the types query and owned sequences from the
// sequences query, by OID in C++: joining them here made the planner
// sort ~600-byte rows through disk. Rows come in no particular order.
// Type names (format_type) and defaults (pg_get_expr) are printed by the
// reader once per distinct type/typmod and default: tens of distinct ones
// in thousands of columns (printing them here cost ~15 ms at 1,000 tables).
// 0 relid, 1 attnum, 2 name, 3 notnull, 4 identity, 5 generated, 6 ndims,
// 7 atttypid, 8 atttypmod, 9 generation expression, 10 attcollation,
// 11 collation name (qualified; only for collations other than none and
// "default"), 12 has column privileges (reported as unmanaged), 13 default
// (its node tree), 14 storage, 15 statistics target (-1: the default),
// 16 compression ('' : the default) (14-16 reported as unmanaged when set)
inline constexpr const char* columns =
    "SELECT a.attrelid, a.attnum, a.attname, a.attnotnull, a.attidentity, a.attgenerated, a.attndims,"
    "  a.atttypid, a.atttypmod,"
    // A generated column's expression can reference columns: printed over
    // its relation.
    "  CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END,"
    "  a.attcollation,"
    "  CASE WHEN a.attcollation NOT IN (0, 100) THEN (SELECT quote_ident(n.nspname) || '.'"
    "   || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace"
    "   WHERE co.oid = a.attcollation) END,"
    "  a.attacl IS NOT NULL, CASE WHEN a.attgenerated = '' THEN d.adbin END,"
    "  a.attstorage, a.attstattarget, a.attcompression"
    " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
    " WHERE a.attrelid = ANY ($3::oid[]) AND a.attnum > 0 AND NOT a.attisdropped";

// Every type (a few thousand rows; cheaper than joining pg_type and its
// element type for every column).
// 0 oid, 1 typtype, 2 name, 3 schema, 4 element type (arrays only),
// 5 collation, 6 storage (a column's own, unless set apart)
inline constexpr const char* types =
    "SELECT t.oid, t.typtype, t.typname, n.nspname,"
    "  CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE 0 END, t.typcollation, t.typstorage"
    " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace";

// Every sequence of the in-scope schemas, with the column that owns it, if
// any: OWNED BY ('a', a serial's) or an identity's ('i'). Postgres keeps an
// owned sequence in its table's schema, so those of in-scope columns are
// among these (the columns reader looks them up by column); the others, no
// extension's, become the snapshot's sequences (one query for both: a
// second one scanned pg_class and pg_depend again). Their regclass text is
// spelled out instead of cast (the cast looks every sequence up in the
// syscache, ~10 ms cold at 1,000 tables): an in-scope schema is never on
// search_path = pg_catalog, pg_temp, so the name is always qualified.
// 0 owning relid, 1 owning attnum, 2 dependency type (all three NULL when
// no column owns it), 3 sequence schema, 4 sequence name, 5 increment,
// 6 min, 7 max, 8 start, 9 cache, 10 cycle, 11 the default a serial column
// has ("nextval('s.q'::regclass)"), 12 the sequence's oid, 13 an
// extension's member, 14 of a type other than bigint (AS integer: the
// model has no field for it)
inline constexpr const char* sequences =
    "SELECT d.refobjid, d.refobjsubid, d.deptype, n.nspname, q.relname,"
    "  ps.seqincrement, ps.seqmin, ps.seqmax, ps.seqstart, ps.seqcache, ps.seqcycle,"
    "  'nextval(' || quote_literal(quote_ident(n.nspname) || '.' || quote_ident(q.relname)) || '::regclass)',"
    "  q.oid,"
    "  q.oid IN (SELECT e.objid FROM pg_depend e WHERE e.refclassid = 'pg_extension'::regclass"
    "   AND e.deptype = 'e' AND e.classid = 'pg_class'::regclass),"
    "  ps.seqtypid <> 'pg_catalog.int8'::regtype"
    " FROM pg_class q JOIN pg_namespace n ON n.oid = q.relnamespace"
    " JOIN pg_sequence ps ON ps.seqrelid = q.oid"
    " LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = q.oid"
    "  AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')"
    " WHERE q.relnamespace = ANY ($2::oid[]) AND q.relkind = 'S'";

// The constraints, indexes, policies and roles queries filter by the few
// schema OIDs ($2), or not at all, rather than by the ~1,000 relation OIDs
// ($3), and the reader keeps the rows of managed relations: the planner
// estimates "= ANY ($3)" element by element against the column's
// statistics, ~1 ms of planning a query at 1,000 tables.
//
// Column lists are attnums, named from the columns query; a foreign key to a
// table outside the scope also gets its referenced names here (in-scope
// targets are named from the relations query).
// A CHECK comes as its node tree, printed by the reader without opening the
// table (expr_deparse.hpp); exclusion constraints (unmanaged) are printed here.
// 0 relid, 1 name, 2 contype, 3 deferrable, 4 deferred, 5 validated,
// 6 conkey, 7 referenced schema, 8 referenced table, 9 confkey, 10 on update,
// 11 on delete, 12 match type, 13 has SET NULL column list, 14 definition
// (exclusions), 15 nulls not distinct, 16 no inherit, 17 confrelid,
// 18 referenced column names json (7, 8, 18: out-of-scope targets only),
// 19 conbin (checks), 20 constraint oid, 21 conindid (keys, uniques and
// exclusions: their index, which the indexes query returns too)
#define PGKIT_OUT_OF_SCOPE_FK "con.contype = 'f' AND NOT (con.confrelid = ANY ($3::oid[]))"
inline constexpr const char* constraints =
    "SELECT con.conrelid, con.conname, con.contype, con.condeferrable, con.condeferred,"
    "  con.convalidated, con.conkey,"
    "  CASE WHEN " PGKIT_OUT_OF_SCOPE_FK " THEN (SELECT fn.nspname FROM pg_class fc"
    "   JOIN pg_namespace fn ON fn.oid = fc.relnamespace WHERE fc.oid = con.confrelid) END,"
    "  CASE WHEN " PGKIT_OUT_OF_SCOPE_FK " THEN (SELECT fc.relname FROM pg_class fc"
    "   WHERE fc.oid = con.confrelid) END,"
    "  con.confkey, con.confupdtype, con.confdeltype, con.confmatchtype, con.confdelsetcols IS NOT NULL,"
    "  CASE WHEN con.contype = 'x' THEN pg_get_constraintdef(con.oid, true) END,"
    "  COALESCE(i.indnullsnotdistinct, false), con.connoinherit, con.confrelid,"
    "  CASE WHEN " PGKIT_OUT_OF_SCOPE_FK " THEN"
    "   array_to_json(ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, o)"
    "    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o))::text END,"
    "  CASE WHEN con.contype = 'c' THEN con.conbin END, con.oid,"
    "  CASE WHEN con.contype IN ('p', 'u', 'x') THEN con.conindid ELSE 0 END"
    " FROM pg_constraint con"
    " LEFT JOIN pg_index i ON i.indexrelid = con.conindid AND con.contype = 'u'"
    " WHERE con.connamespace = ANY ($2::oid[]) AND con.contype IN ('p', 'u', 'f', 'c', 'x')"
    "   AND con.conparentid = 0 AND con.conislocal";
#undef PGKIT_OUT_OF_SCOPE_FK

// Key columns are attnums named from the columns query; opclass defaults are
// decided against the opclasses query. Expressions and predicates come as
// node trees, printed by the reader without opening the table.
// Every index of the managed relations, those of keys, uniques and exclusions
// included: the reader tells them apart by the constraints query's conindid
// (filtering them here scanned pg_constraint again) and reports from them
// what the model has no field for (INCLUDE columns, WITH options), as it
// does invalid indexes and those of materialized views.
// 0 relid, 1 name, 2 unique, 3 method, 4 key count, 5 predicate (indpred),
// 6 reloptions json, 7 nulls not distinct, 8 indkey, 9 indclass, 10 indoption,
// 11 indcollation, 12 key expressions (indexprs),
// 13 key column types (expression indexes only), 14 access method oid,
// 15 index oid, 16 valid, 17 in a tablespace of its own
inline constexpr const char* indexes =
    "SELECT i.indrelid, ic.relname, i.indisunique, am.amname, i.indnkeyatts,"
    "  i.indpred,"
    "  array_to_json(ic.reloptions)::text, i.indnullsnotdistinct,"
    "  i.indkey, i.indclass, i.indoption, i.indcollation,"
    "  i.indexprs,"
    "  CASE WHEN i.indexprs IS NOT NULL THEN ARRAY(SELECT ia.atttypid FROM pg_attribute ia"
    "   WHERE ia.attrelid = i.indexrelid AND ia.attnum <= i.indnkeyatts ORDER BY ia.attnum)::text END,"
    "  ic.relam, i.indexrelid, i.indisvalid, ic.reltablespace <> 0"
    " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam"
    // an index is in its table's schema
    " WHERE ic.relnamespace = ANY ($2::oid[])";

// 0 oid, 1 name, 2 default, 3 input type, 4 access method oid, 5 schema
// (only outside pg_catalog and public)
inline constexpr const char* opclasses =
    "SELECT o.oid, o.opcname, o.opcdefault, o.opcintype, o.opcmethod,"
    "  CASE WHEN n.nspname NOT IN ('pg_catalog', 'public') THEN n.nspname END"
    " FROM pg_opclass o JOIN pg_namespace n ON n.oid = o.opcnamespace";

// 0 schema, 1 name, 2 labels json (in order)
inline constexpr const char* enums =
    "SELECT n.nspname, t.typname,"
    "  array_to_json(ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid"
    "   ORDER BY e.enumsortorder))::text"
    " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
    " WHERE t.typnamespace = ANY ($2::oid[]) AND t.typtype = 'e' AND NOT EXISTS (SELECT 1 FROM pg_depend d"
    "   WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.refclassid = 'pg_extension'::regclass"
    "   AND d.deptype = 'e')"
    " ORDER BY n.nspname COLLATE \"C\", t.typname COLLATE \"C\"";

// USING and WITH CHECK come as node trees, printed by the reader.
// 0 relid, 1 name, 2 permissive, 3 command, 4 roles json, 5 using (polqual),
// 6 with check (polwithcheck)
inline constexpr const char* policies =
    "SELECT pol.polrelid, pol.polname, pol.polpermissive, pol.polcmd,"
    // (a role a policy names cannot be dropped: pg_get_userbyid always
    // finds it, and costs less to plan than a join with the pg_roles view)
    "  array_to_json(ARRAY(SELECT CASE WHEN x.r = 0 THEN 'public' ELSE pg_get_userbyid(x.r) END"
    "   FROM unnest(pol.polroles) WITH ORDINALITY x(r, o) ORDER BY x.o))::text,"
    "  pol.polqual, pol.polwithcheck"
    " FROM pg_policy pol"
    " ORDER BY pol.polrelid, pol.polname COLLATE \"C\"";

// Every role (the reader keeps those in-scope policies name).
// 0 name, 1 createdb, 2 createrole, 3 inherit
inline constexpr const char* roles =
    "SELECT ro.rolname, ro.rolcreatedb, ro.rolcreaterole, ro.rolinherit FROM pg_roles ro"
    " ORDER BY ro.rolname COLLATE \"C\"";

// Objects pgkit does not manage (yet), reported by kind and qualified name
// so nothing is skipped silently (invalid indexes, those of materialized
// views and a key's INCLUDE columns or WITH options are reported by the
// indexes reader, from rows it reads anyway). 0 kind, 1 name
inline constexpr const char* unmanaged =
    "WITH scope AS (SELECT n.oid, n.nspname FROM pg_namespace n WHERE n.oid = ANY ($2::oid[]))"
    // extension members (an 'e' dependency always references the extension:
    // the reference index finds them without scanning pg_depend)
    ", ext AS (SELECT classid, objid FROM pg_depend"
    "  WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e')"
    ", allrels AS ("
    " SELECT c.oid, c.relname, c.relkind, c.relispartition, c.relpersistence, c.reloptions,"
    "  c.reltablespace, c.relacl, c.relreplident, c.reloftype, s.nspname"
    " FROM pg_class c JOIN scope s ON s.oid = c.relnamespace"
    " WHERE c.relnamespace = ANY ($2::oid[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')"
    "  AND (c.oid) NOT IN (SELECT objid FROM ext WHERE classid = 'pg_class'::regclass))"
    " SELECT kind, name FROM ("
    // functions, procedures, aggregates, window functions
    " SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'"
    "  WHEN 'w' THEN 'window_function' ELSE 'function' END AS kind,"
    "  s.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name"
    " FROM pg_proc p JOIN scope s ON s.oid = p.pronamespace"
    " WHERE p.pronamespace = ANY ($2::oid[]) AND p.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_proc'::regclass)"
    // a range type's constructors belong to the type (deptype 'i')
    "  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass"
    "   AND d.objid = p.oid AND d.deptype = 'i')"
    // triggers (constraint triggers included; internal FK triggers not)
    " UNION ALL SELECT 'trigger', r.nspname || '.' || r.relname || '.' || t.tgname"
    " FROM pg_trigger t JOIN allrels r ON r.oid = t.tgrelid"
    " WHERE NOT t.tgisinternal AND t.tgparentid = 0"
    // domains, composite, range and base types
    " UNION ALL SELECT CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range_type'"
    "  WHEN 'c' THEN 'composite_type' ELSE 'base_type' END, s.nspname || '.' || t.typname"
    " FROM pg_type t JOIN scope s ON s.oid = t.typnamespace"
    " WHERE t.typnamespace = ANY ($2::oid[]) AND t.typtype IN ('d', 'r', 'c', 'b') AND t.typcategory <> 'A'"
    // standalone composite types only (every table has one too): one hashed
    // set of them instead of a pg_class probe per table rowtype
    "  AND (t.typtype <> 'c' OR t.typrelid IN (SELECT oid FROM pg_class WHERE relkind = 'c'))"
    "  AND t.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_type'::regclass)"
    // relations and relation properties outside the model
    " UNION ALL SELECT 'partition', nspname || '.' || relname FROM allrels WHERE relispartition"
    " UNION ALL SELECT 'partition_key', nspname || '.' || relname FROM allrels WHERE relkind = 'p'"
    "  AND NOT relispartition"
    " UNION ALL SELECT 'foreign_table', nspname || '.' || relname FROM allrels WHERE relkind = 'f'"
    " UNION ALL SELECT 'unlogged_table', nspname || '.' || relname FROM allrels"
    "  WHERE relpersistence = 'u' AND relkind IN ('r', 'p') AND NOT relispartition"
    " UNION ALL SELECT 'table_storage_parameters', nspname || '.' || relname FROM allrels"
    "  WHERE reloptions IS NOT NULL AND relkind IN ('r', 'p') AND NOT relispartition"
    " UNION ALL SELECT 'table_tablespace', nspname || '.' || relname FROM allrels"
    "  WHERE reltablespace <> 0 AND relkind IN ('r', 'p') AND NOT relispartition"
    " UNION ALL SELECT 'replica_identity', nspname || '.' || relname FROM allrels"
    "  WHERE relkind IN ('r', 'p') AND relreplident <> 'd' AND NOT relispartition"
    " UNION ALL SELECT 'typed_table', nspname || '.' || relname FROM allrels"
    "  WHERE reloftype <> 0 AND relkind IN ('r', 'p') AND NOT relispartition"
    " UNION ALL SELECT 'inheritance', r.nspname || '.' || r.relname FROM allrels r"
    "  WHERE NOT r.relispartition AND EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = r.oid)"
    " UNION ALL SELECT 'grant', nspname || '.' || relname FROM allrels"
    "  WHERE relacl IS NOT NULL AND NOT relispartition"
    // column grants of the managed relations come with the columns query
    // (sequences have no column privileges: not probed)
    " UNION ALL SELECT 'grant', r.nspname || '.' || r.relname || '.' || a.attname"
    "  FROM allrels r JOIN pg_attribute a ON a.attrelid = r.oid"
    "  WHERE r.relkind <> 'S' AND NOT (r.oid = ANY ($3::oid[])) AND a.attacl IS NOT NULL AND a.attnum > 0"
    "   AND NOT a.attisdropped"
    // policies of a partition itself (partitions are left out of tables)
    " UNION ALL SELECT 'partition_policy', r.nspname || '.' || r.relname || '.' || pol.polname"
    " FROM pg_policy pol JOIN allrels r ON r.oid = pol.polrelid WHERE r.relispartition"
    // rules other than a view's own _RETURN
    " UNION ALL SELECT 'rule', r.nspname || '.' || r.relname || '.' || w.rulename"
    " FROM pg_rewrite w JOIN allrels r ON r.oid = w.ev_class WHERE w.rulename <> '_RETURN'"
    // constraint kinds and options the model has no field for
    " UNION ALL SELECT CASE WHEN con.contype = 'x' THEN 'exclusion_constraint'"
    "  WHEN NOT con.convalidated THEN 'constraint_not_valid'"
    "  WHEN con.contype = 'c' AND con.connoinherit THEN 'constraint_no_inherit'"
    "  WHEN con.contype = 'f' AND con.confmatchtype = 'f' THEN 'foreign_key_match_full'"
    "  ELSE 'foreign_key_set_columns' END,"
    "  r.nspname || '.' || r.relname || '.' || con.conname"
    " FROM pg_constraint con JOIN allrels r ON r.oid = con.conrelid"
    " WHERE con.conparentid = 0 AND NOT r.relispartition AND (con.contype = 'x'"
    "  OR NOT con.convalidated OR (con.contype = 'c' AND con.connoinherit)"
    "  OR (con.contype = 'f' AND (con.confmatchtype = 'f' OR con.confdelsetcols IS NOT NULL)))"
    // schemas: grants (public's standard ACL aside) and comments
    " UNION ALL SELECT 'grant', s.nspname FROM scope s JOIN pg_namespace n ON n.oid = s.oid"
    "  WHERE n.nspacl IS NOT NULL AND NOT (n.nspname = 'public'"
    "   AND n.nspacl::text[] <@ ARRAY['pg_database_owner=UC/pg_database_owner', '=U/pg_database_owner'])"
    " UNION ALL SELECT 'default_privileges', COALESCE(s.nspname, '*') || '.' || pg_get_userbyid(da.defaclrole)"
    "  || '.' || da.defaclobjtype::text FROM pg_default_acl da LEFT JOIN scope s ON s.oid = da.defaclnamespace"
    "  WHERE s.oid IS NOT NULL OR ($1::text[] IS NULL AND da.defaclnamespace = 0)"
    " UNION ALL SELECT 'comment', CASE d.classoid"
    "  WHEN 'pg_class'::regclass THEN (SELECT r.nspname || '.' || r.relname"
    "   || COALESCE('.' || (SELECT attname FROM pg_attribute WHERE attrelid = r.oid AND attnum = d.objsubid"
    "      AND d.objsubid > 0), '') FROM allrels r WHERE r.oid = d.objoid)"
    "  WHEN 'pg_namespace'::regclass THEN (SELECT s.nspname FROM scope s WHERE s.oid = d.objoid)"
    "  WHEN 'pg_type'::regclass THEN (SELECT s.nspname || '.' || t.typname FROM pg_type t"
    "   JOIN scope s ON s.oid = t.typnamespace WHERE t.oid = d.objoid)"
    "  WHEN 'pg_constraint'::regclass THEN (SELECT r.nspname || '.' || r.relname || '.' || c.conname"
    "   FROM pg_constraint c JOIN allrels r ON r.oid = c.conrelid WHERE c.oid = d.objoid)"
    "  WHEN 'pg_proc'::regclass THEN (SELECT s.nspname || '.' || p.proname || '('"
    "   || pg_get_function_identity_arguments(p.oid) || ')' FROM pg_proc p"
    "   JOIN scope s ON s.oid = p.pronamespace WHERE p.oid = d.objoid)"
    "  END FROM pg_description d"
    "  WHERE d.classoid IN ('pg_class'::regclass, 'pg_namespace'::regclass, 'pg_type'::regclass,"
    "   'pg_constraint'::regclass, 'pg_proc'::regclass)"
    "   AND d.objoid NOT IN (SELECT objid FROM ext)"
    // objects made by initdb have OIDs below FirstNormalObjectId: of those
    // only the public schema is in scope
    "   AND (d.objoid >= 16384 OR d.classoid = 'pg_namespace'::regclass)"
    "   AND NOT (d.classoid = 'pg_namespace'::regclass AND d.objoid IN (SELECT oid FROM pg_namespace WHERE nspname = 'public')"
    "        AND d.description = 'standard public schema')"
    // other schema objects
    " UNION ALL SELECT 'collation', s.nspname || '.' || c.collname FROM pg_collation c"
    "  JOIN scope s ON s.oid = c.collnamespace"
    "  WHERE c.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_collation'::regclass)"
    " UNION ALL SELECT 'statistics', s.nspname || '.' || x.stxname FROM pg_statistic_ext x"
    "  JOIN scope s ON s.oid = x.stxnamespace"
    " UNION ALL SELECT 'operator', s.nspname || '.' || o.oprname || '(' ||"
    "  format_type(o.oprleft, NULL) || ', ' || format_type(o.oprright, NULL) || ')' FROM pg_operator o"
    "  JOIN scope s ON s.oid = o.oprnamespace"
    "  WHERE o.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_operator'::regclass)"
    " UNION ALL SELECT 'operator_class', s.nspname || '.' || o.opcname FROM pg_opclass o"
    "  JOIN scope s ON s.oid = o.opcnamespace"
    "  WHERE o.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_opclass'::regclass)"
    " UNION ALL SELECT 'text_search_configuration', s.nspname || '.' || c.cfgname FROM pg_ts_config c"
    "  JOIN scope s ON s.oid = c.cfgnamespace"
    "  WHERE c.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_ts_config'::regclass)"
    " UNION ALL SELECT 'conversion', s.nspname || '.' || c.conname FROM pg_conversion c"
    "  JOIN scope s ON s.oid = c.connamespace"
    " UNION ALL SELECT 'extension', e.extname FROM pg_extension e JOIN scope s ON s.oid = e.extnamespace"
    // database-wide objects, reported when every schema is introspected
    " UNION ALL SELECT 'publication', pubname FROM pg_publication WHERE $1::text[] IS NULL"
    " UNION ALL SELECT 'event_trigger', evtname FROM pg_event_trigger WHERE $1::text[] IS NULL"
    " UNION ALL SELECT 'foreign_server', srvname FROM pg_foreign_server WHERE $1::text[] IS NULL"
    "  AND oid NOT IN (SELECT objid FROM ext)"
    " UNION ALL SELECT 'cast', format_type(c.castsource, NULL) || '->' || format_type(c.casttarget, NULL)"
    "  FROM pg_cast c WHERE $1::text[] IS NULL AND c.oid >= 16384"
    "  AND c.oid NOT IN (SELECT objid FROM ext WHERE classid = 'pg_cast'::regclass)"
    " ) u WHERE name IS NOT NULL";

}  // namespace pgkit::pg::introspect_sql
