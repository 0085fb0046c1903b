-- pgkit.tenant_isolation: forced RLS + one policy per table binding rows to
-- the tenant in a custom setting. Two application roles that do not own the
-- table, plus the (non-superuser) owner, who is bound too (FORCE).
CREATE ROLE regress_tenant_owner;
CREATE ROLE regress_tenant_app_a;
CREATE ROLE regress_tenant_app_b;
CREATE SCHEMA tenant_test AUTHORIZATION regress_tenant_owner;
GRANT USAGE ON SCHEMA tenant_test TO regress_tenant_app_a, regress_tenant_app_b;
SET ROLE regress_tenant_owner;
CREATE TABLE tenant_test."Invoices" (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id int NOT NULL,
    amount numeric NOT NULL
);
INSERT INTO tenant_test."Invoices" (tenant_id, amount) VALUES (1, 10), (1, 11), (2, 20);
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_test."Invoices" TO regress_tenant_app_a, regress_tenant_app_b;
RESET ROLE;

-- Bad inputs: unknown column, a setting that is not a custom GUC name, a
-- view, NULLs. Nothing is changed by a failed call.
SELECT pgkit.tenant_isolation('tenant_test."Invoices"', 'tenant', 'app.tenant_id');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.tenant_isolation('tenant_test."Invoices"', 'tenant_id', 'tenant_id');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.tenant_isolation('tenant_test."Invoices"', 'tenant_id', 'app.x''); DROP TABLE t; --');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.tenant_isolation('tenant_test."Invoices"', 'tenant_id', NULL);
\echo :LAST_ERROR_SQLSTATE
CREATE VIEW tenant_test.v AS SELECT 1 AS tenant_id;
SELECT pgkit.tenant_isolation('tenant_test.v', 'tenant_id');
\echo :LAST_ERROR_SQLSTATE
SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = 'tenant_test."Invoices"'::regclass;

-- Only the owner (or a superuser) may turn isolation on.
GRANT USAGE ON SCHEMA pgkit TO regress_tenant_app_a;
SET ROLE regress_tenant_app_a;
SELECT pgkit.tenant_isolation('tenant_test."Invoices"', 'tenant_id', 'app.tenant_id');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
REVOKE USAGE ON SCHEMA pgkit FROM regress_tenant_app_a;

SELECT pgkit.tenant_isolation('tenant_test."Invoices"', 'tenant_id', 'app.tenant_id');
SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = 'tenant_test."Invoices"'::regclass;
SELECT polname, polpermissive, polcmd, polroles = '{0}' AS to_public,
       pg_get_expr(polqual, polrelid) AS using_expr,
       pg_get_expr(polwithcheck, polrelid) AS check_expr
  FROM pg_policy WHERE polrelid = 'tenant_test."Invoices"'::regclass;

-- Tenant A sees and touches only its rows.
SET ROLE regress_tenant_app_a;
SET app.tenant_id = '1';
SELECT tenant_id, amount FROM tenant_test."Invoices" ORDER BY amount;
UPDATE tenant_test."Invoices" SET amount = amount + 1 WHERE tenant_id = 1;
-- Cross-tenant: tenant A cannot see, update or delete tenant 2's row.
SELECT count(*) FROM tenant_test."Invoices" WHERE tenant_id = 2;
UPDATE tenant_test."Invoices" SET amount = 0 WHERE tenant_id = 2;
DELETE FROM tenant_test."Invoices" WHERE tenant_id = 2;
-- Moving a row to another tenant is rejected (WITH CHECK on UPDATE).
UPDATE tenant_test."Invoices" SET tenant_id = 2 WHERE amount = 11;
\echo :LAST_ERROR_SQLSTATE
-- Inserting a row that carries another tenant's id is rejected.
INSERT INTO tenant_test."Invoices" (tenant_id, amount) VALUES (2, 99);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO tenant_test."Invoices" (tenant_id, amount) VALUES (1, 13);
RESET ROLE;

-- Tenant B, another role: sees its one row, untouched by A.
SET ROLE regress_tenant_app_b;
SET app.tenant_id = '2';
SELECT tenant_id, amount FROM tenant_test."Invoices" ORDER BY amount;
DELETE FROM tenant_test."Invoices" WHERE tenant_id = 1;
SELECT count(*) AS deleted_nothing_of_a FROM tenant_test."Invoices";
-- Unset (RESET leaves '') or empty setting: nothing visible, nothing insertable.
RESET app.tenant_id;
SELECT count(*) FROM tenant_test."Invoices";
SET app.tenant_id = '';
SELECT count(*) FROM tenant_test."Invoices";
INSERT INTO tenant_test."Invoices" (tenant_id, amount) VALUES (2, 1);
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

-- A session that never set the variable at all sees nothing either.
\c
SET ROLE regress_tenant_app_a;
SELECT current_setting('app.tenant_id', true) IS NULL AS never_set, count(*)
  FROM tenant_test."Invoices";
RESET ROLE;

-- The owner is bound too (FORCE ROW LEVEL SECURITY).
SET ROLE regress_tenant_owner;
SELECT count(*) AS owner_unset FROM tenant_test."Invoices";
SET app.tenant_id = '1';
SELECT tenant_id, amount FROM tenant_test."Invoices" ORDER BY amount;
INSERT INTO tenant_test."Invoices" (tenant_id, amount) VALUES (2, 5);
\echo :LAST_ERROR_SQLSTATE
RESET app.tenant_id;
RESET ROLE;

-- The superuser (BYPASSRLS) sees the whole table: A's update and insert
-- landed, B's row is intact.
SELECT tenant_id, amount FROM tenant_test."Invoices" ORDER BY tenant_id, amount;

-- Re-running replaces the policy; next to another permissive policy it is
-- created RESTRICTIVE, so the other policy cannot widen it.
CREATE POLICY everyone ON tenant_test."Invoices" FOR SELECT USING (true);
SELECT pgkit.tenant_isolation('tenant_test."Invoices"', 'tenant_id', 'app.tenant_id');
SELECT polname, polpermissive FROM pg_policy
 WHERE polrelid = 'tenant_test."Invoices"'::regclass ORDER BY polname;
SET ROLE regress_tenant_app_a;
SET app.tenant_id = '2';
SELECT tenant_id, amount FROM tenant_test."Invoices" ORDER BY amount;
RESET app.tenant_id;
RESET ROLE;

-- A uuid tenant column with a mixed-case name and a long table name: the
-- setting is cast to the column's type, the policy name fits 63 bytes.
CREATE TABLE tenant_test.a_table_with_a_rather_long_name_for_the_policy_suffix_x (
    "Org" uuid NOT NULL, note text);
INSERT INTO tenant_test.a_table_with_a_rather_long_name_for_the_policy_suffix_x
    VALUES ('00000000-0000-0000-0000-00000000000a', 'a'), ('00000000-0000-0000-0000-00000000000b', 'b');
ALTER TABLE tenant_test.a_table_with_a_rather_long_name_for_the_policy_suffix_x OWNER TO regress_tenant_owner;
SELECT pgkit.tenant_isolation('tenant_test.a_table_with_a_rather_long_name_for_the_policy_suffix_x', 'Org', 'app.org');
SELECT polname, octet_length(polname::text) AS bytes, pg_get_expr(polqual, polrelid) AS using_expr
  FROM pg_policy WHERE polrelid = 'tenant_test.a_table_with_a_rather_long_name_for_the_policy_suffix_x'::regclass;
SET ROLE regress_tenant_owner;
SET app.org = '00000000-0000-0000-0000-00000000000b';
SELECT note FROM tenant_test.a_table_with_a_rather_long_name_for_the_policy_suffix_x;
-- A malformed tenant id is an error, never a match.
SET app.org = 'not-a-uuid';
SELECT note FROM tenant_test.a_table_with_a_rather_long_name_for_the_policy_suffix_x;
\echo :LAST_ERROR_SQLSTATE
RESET app.org;
RESET ROLE;

DROP SCHEMA tenant_test CASCADE;
DROP ROLE regress_tenant_owner, regress_tenant_app_a, regress_tenant_app_b;
