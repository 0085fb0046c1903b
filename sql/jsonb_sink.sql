-- pgkit.introspect() encodes its jsonb result itself, from the snapshot
-- writer's events (src/pg/jsonb_sink.cpp). Its binary must be exactly the one
-- jsonb_in makes of the same document: jsonb equality, hashing and indexing
-- read the stored containers, so a different but "equivalent" binary would be
-- a different value. Bytes are compared through a binary-coercible cast
-- (jsonb and bytea are both plain varlenas), so one differing byte fails.
CREATE SCHEMA regress_jsonb_sink;
SET search_path = regress_jsonb_sink, public;
CREATE CAST (jsonb AS bytea) WITHOUT FUNCTION;
-- the sink fed by Boost.JSON's parse of a text (the writer's path for JSON it
-- holds as text), or by an event list: { } [ ] null true false k:<key>
-- s:<string> n:<number as JSON text> (duplicate keys and numbers as written)
CREATE FUNCTION sink_text(text) RETURNS jsonb
    AS '$libdir/pgkit', 'pgkit_selftest_jsonb_text' LANGUAGE C STRICT;
CREATE FUNCTION sink_events(text[]) RETURNS jsonb
    AS '$libdir/pgkit', 'pgkit_selftest_jsonb_events' LANGUAGE C STRICT;
-- compare(x, y): whether x is y for everything that reads the binary
CREATE FUNCTION compare(x jsonb, y jsonb,
    OUT bytes boolean, OUT equal boolean, OUT hash boolean, OUT size boolean, OUT text boolean)
    LANGUAGE sql AS $$
    SELECT x::bytea = y::bytea, x = y,
           jsonb_hash(x) = jsonb_hash(y) AND jsonb_hash_extended(x, 7) = jsonb_hash_extended(y, 7),
           pg_column_size(x) = pg_column_size(y), x::text = y::text $$;

-- introspected schemas: the regress schema, with and without the pgkit extras
CREATE ROLE regress_it_reader NOCREATEDB NOCREATEROLE INHERIT;
CREATE ROLE regress_it_writer CREATEDB NOINHERIT;
\set ECHO none
\o /dev/null
\i test/data/introspect_schema.sql
\o
\set ECHO all
SELECT c.* FROM (SELECT pgkit.introspect(ARRAY['it_app', 'it_other', 'It Mixed']) AS x) s,
    compare(x, x::text::jsonb) c;
SELECT c.* FROM (SELECT pgkit.introspect(ARRAY['it_app', 'it_other', 'It Mixed'], drizzle => true) AS x) s,
    compare(x, x::text::jsonb) c;
SET client_min_messages = warning;
DROP SCHEMA it_app, it_other, "It Mixed" CASCADE;
RESET client_min_messages;
DROP ROLE regress_it_reader, regress_it_writer;

-- documents through the parser: empty containers, top-level scalars (a
-- one-element raw scalar array), jsonb's key order (shorter first, then
-- bytewise), unicode and escapes, long strings (over 64 kB), more entries
-- than the offset stride (32) with strings of every length before padded
-- numbers and containers
SELECT name, c.* FROM (VALUES
    ('empty object', '{}'),
    ('empty array', '[]'),
    ('nested empties', '{"a": {}, "b": [], "c": [{}, [], [[]]], "d": {"e": {}}}'),
    ('string scalar', '"just a string"'),
    ('number scalar', '42'),
    ('null scalar', 'null'),
    ('boolean scalar', 'true'),
    ('scalars in an array', '[null, true, false, "", "x", 0, 1.5, {"k": null}]'),
    ('key order', '{"ccc": 1, "b": 2, "aa": 3, "a": 4, "bb": 5, "": 6, "ab": 7, "ba": 8}'),
    ('equal-length keys', '{"zz": 1, "yz": 2, "zy": 3, "Zz": 4, "z_": 5, "z0": 6}'),
    ('unicode', '{"ключ": "значение", "é": "\u00e9", "emoji": "😀 \ud83d\ude00", "中文": ["字", "符"]}'),
    ('escapes', '{"q\"uote": "a\"b\\c\nd\te\u0001f\/g", "back\\slash": "\b\f\r"}'),
    ('long strings', '{"a": "' || repeat('x', 70000) || '", "b": 1, "c": "' || repeat('é', 40000) || '", "d": [2]}'),
    ('long string in an array', '[1, "' || repeat('y', 65537) || '", 2, {"z": 3}]'),
    ('many entries', (SELECT json_object_agg('k' || i, CASE i % 5 WHEN 0 THEN to_json(repeat('s', i % 7))
                                                              WHEN 1 THEN to_json(i)
                                                              WHEN 2 THEN json_build_array(i, repeat('t', i % 3))
                                                              WHEN 3 THEN json_build_object('n', i)
                                                              ELSE 'null'::json END)::text
                      FROM generate_series(1, 100) i)),
    ('many elements', (SELECT json_agg(CASE i % 4 WHEN 0 THEN to_json(repeat('v', i % 5)) WHEN 1 THEN to_json(i * 3)
                                               WHEN 2 THEN json_build_object('i', i) ELSE to_json(i % 2 = 0) END)::text
                       FROM generate_series(1, 200) i)),
    ('deep', repeat('{"a": [', 15) || '1' || repeat(']}', 15))
) cases(name, doc), compare(sink_text(doc), doc::jsonb) c;

-- numbers as the writer emits them (JSON number text): through numeric_in,
-- as jsonb_in does, INTALIGN-padded after strings of every length
SELECT c.* FROM (VALUES (ARRAY['[', 'n:0', 's:a', 'n:-0', 's:ab', 'n:-1', 's:abc', 'n:1e3', 'n:1E-3', 'n:0.1',
                             'n:-12.500', 'n:123456789012345678901234567890.0123456789', 'n:1e100',
                             'n:2147483648', 'n:-9223372036854775809', 's:', 'n:7', ']'],
                       '[0, "a", -0, "ab", -1, "abc", 1e3, 1E-3, 0.1, -12.500,
                         123456789012345678901234567890.0123456789, 1e100, 2147483648,
                         -9223372036854775809, "", 7]')) v(events, doc),
    compare(sink_events(events), doc::jsonb) c;

-- duplicate keys: the last value written wins (what jsonb_in keeps), also
-- past the small-object sort (16 pairs) and for container values
SELECT name, c.* FROM (VALUES
    ('duplicate key', ARRAY['{', 'k:a', 'n:1', 'k:b', 'n:2', 'k:a', 's:last', '}'],
     '{"a": 1, "b": 2, "a": "last"}'),
    ('duplicate container values', ARRAY['{', 'k:x', '[', 'n:1', ']', 'k:y', 'null', 'k:x', '{', 'k:x', 'true', 'k:x', 'false', '}', '}'],
     '{"x": [1], "y": null, "x": {"x": true, "x": false}}'),
    ('duplicates in a large object',
     ARRAY['{'] || (SELECT array_agg(e ORDER BY i, j) FROM generate_series(1, 40) i,
                           LATERAL (VALUES (1, 'k:k' || i % 13), (2, 'n:' || i)) p(j, e)) || ARRAY['}'],
     (SELECT '{' || string_agg('"k' || i % 13 || '": ' || i, ', ' ORDER BY i) || '}' FROM generate_series(1, 40) i))
) cases(name, events, doc), compare(sink_events(events), doc::jsonb) c;

-- nesting deeper than the parser allows (its limit is 32 levels)
SELECT c.* FROM compare(sink_events(array_fill('['::text, ARRAY[200]) || ARRAY['n:1'] || array_fill(']'::text, ARRAY[200])),
                        (repeat('[', 200) || '1' || repeat(']', 200))::jsonb) c;
-- the write pass recurses once per level: deeper streams are refused
SELECT sink_events(array_fill('['::text, ARRAY[1001]) || array_fill(']'::text, ARRAY[1001]));
\echo :LAST_ERROR_SQLSTATE
-- malformed event streams (only a test can produce them) are errors, not output
SELECT sink_events(ARRAY['{', 'n:1', '}']);
\echo :LAST_ERROR_SQLSTATE
SELECT sink_events(ARRAY['[', 'n:1']);
\echo :LAST_ERROR_SQLSTATE
SELECT sink_events(ARRAY['[', '}']);
\echo :LAST_ERROR_SQLSTATE
SELECT sink_events(ARRAY['{', 'k:a', '}']);
\echo :LAST_ERROR_SQLSTATE

DROP CAST (jsonb AS bytea);
SET client_min_messages = warning;
DROP SCHEMA regress_jsonb_sink CASCADE;
RESET client_min_messages;
