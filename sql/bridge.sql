-- The error bridge, both directions (DESIGN.md §2). The self-test symbols are
-- not part of the API; bind them here.
CREATE SCHEMA bridge_test;
CREATE FUNCTION bridge_test.throw(kind text) RETURNS void
    AS '$libdir/pgkit', 'pgkit_selftest_throw' LANGUAGE C STRICT;
CREATE FUNCTION bridge_test.spi(query text) RETURNS void
    AS '$libdir/pgkit', 'pgkit_selftest_spi' LANGUAGE C STRICT;
CREATE FUNCTION bridge_test.spi_catch(query text) RETURNS text
    AS '$libdir/pgkit', 'pgkit_selftest_spi_catch' LANGUAGE C STRICT;
CREATE FUNCTION bridge_test.destroyed() RETURNS bigint
    AS '$libdir/pgkit', 'pgkit_selftest_destroyed' LANGUAGE C STRICT;
-- Reports the SQLSTATE, message, detail and hint an expression raises.
CREATE FUNCTION bridge_test.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; m text; d text; h text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL,
                            h = PG_EXCEPTION_HINT;
    RETURN st || ' ' || m || coalesce(nullif(' | ' || d, ' | '), '') || coalesce(nullif(' | ' || h, ' | '), '');
END $$;

-- C++ -> ERROR: each exception becomes a clean ERROR with its SQLSTATE.
SELECT bridge_test.destroyed() AS before \gset
SELECT bridge_test.sqlstate_of($$SELECT bridge_test.throw('core')$$);
SELECT bridge_test.sqlstate_of($$SELECT bridge_test.throw('runtime')$$);
SELECT bridge_test.sqlstate_of($$SELECT bridge_test.throw('bad_alloc')$$);
SELECT bridge_test.sqlstate_of($$SELECT bridge_test.throw('int')$$);
SELECT bridge_test.sqlstate_of($$SELECT bridge_test.throw('none')$$);
SELECT bridge_test.throw('core');
-- The session survives.
SELECT 1 AS still_alive;

-- ERROR inside SPI -> C++ exception (destructors run) -> re-raised as ERROR.
SELECT bridge_test.sqlstate_of($$SELECT bridge_test.spi('SELECT 1/0')$$);
SELECT bridge_test.sqlstate_of($$SELECT bridge_test.spi('SELECT * FROM no_such_table')$$);
SELECT bridge_test.sqlstate_of($$SELECT bridge_test.spi('SELEC 1')$$);
SELECT bridge_test.spi('SELECT 1/0');
SELECT 1 AS still_alive;
-- 5 throws + 3 SPI errors via sqlstate_of + 2 direct: every tracker destroyed.
SELECT bridge_test.destroyed() - :before AS trackers_destroyed;

-- Caught on the C++ side inside a subtransaction: work before it is kept.
CREATE TABLE bridge_test.t (n int);
BEGIN;
INSERT INTO bridge_test.t VALUES (1);
SELECT bridge_test.spi_catch('INSERT INTO bridge_test.t VALUES (1/0)');
SELECT bridge_test.spi_catch('INSERT INTO bridge_test.t VALUES (2)');
COMMIT;
SELECT n FROM bridge_test.t ORDER BY n;
-- Many caught errors in one statement (subtransactions are released).
SELECT count(*) FROM generate_series(1, 200) g
 WHERE bridge_test.spi_catch('SELECT 1/0') LIKE 'caught 22012%';

DROP SCHEMA bridge_test CASCADE;
