-- pgkit demo (scripts/demo.sh runs this on a throwaway cluster).
CREATE EXTENSION pgkit;
\pset pager off

-- Strict identifier quoting: an injection attempt stays one identifier.
SELECT pgkit.quote_ident('e"; DROP TABLE keepme; --') AS quoted;
