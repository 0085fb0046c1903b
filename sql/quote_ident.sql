-- Strict identifier quoting: one function, used by every renderer.
SELECT pgkit.quote_ident('users');
SELECT pgkit.quote_ident('Mixed Case');
SELECT pgkit.quote_ident('e"; DROP TABLE keepme; --');
SELECT pgkit.quote_ident(repeat('a', 63));
-- 64 bytes: never silently truncated.
SELECT pgkit.quote_ident(repeat('a', 64));
\echo :LAST_ERROR_SQLSTATE
-- 32 two-byte characters are 64 bytes.
SELECT pgkit.quote_ident(repeat('é', 32));
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.quote_ident('');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.quote_ident(NULL) IS NULL AS strict;
-- The quoted form is one identifier: a table with that name is created, keepme survives.
CREATE TABLE keepme (id int);
DO $$ BEGIN EXECUTE 'CREATE TABLE ' || pgkit.quote_ident('e"; DROP TABLE keepme; --') || ' (id int)'; END $$;
SELECT relname FROM pg_class WHERE relname IN ('keepme', 'e"; DROP TABLE keepme; --') ORDER BY 1;
DROP TABLE keepme, "e""; DROP TABLE keepme; --";
-- Any role may call pgkit's functions (schema USAGE is granted to PUBLIC).
CREATE ROLE regress_plain_user;
SET ROLE regress_plain_user;
SELECT pgkit.quote_ident('callable by anyone');
RESET ROLE;
DROP ROLE regress_plain_user;
