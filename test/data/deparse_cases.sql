-- Stored expressions of every shape introspect prints (CHECK constraints,
-- index expressions and predicates, policy USING / WITH CHECK), for
-- test/layers/introspect_deparse.sh: pgkit's relcache-free printer must
-- print each exactly as Postgres' pg_get_constraintdef / pg_get_indexdef /
-- pg_get_expr do, or leave it to them.
CREATE SCHEMA dp;
CREATE TYPE dp.mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN dp.flag AS boolean;
CREATE TYPE dp.pair AS (a integer, b text);
DO $$ BEGIN CREATE ROLE dp_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE dp.t (
    id bigint PRIMARY KEY,
    gone integer,
    "Mixed Case" text,
    "select" integer,
    code varchar(20) COLLATE "C",
    price numeric(10, 2),
    qty integer,
    tags text[],
    doc jsonb,
    born date,
    at timestamptz,
    mood dp.mood,
    ok dp.flag,
    p dp.pair,
    owner_name name,
    CONSTRAINT price_positive CHECK (price > 0),
    CONSTRAINT two_cols CHECK (qty >= 0 AND price < 1000 OR qty IS NULL),
    CONSTRAINT nested CHECK (NOT (qty < 0 OR (price IS NOT NULL AND qty > 10 AND qty < 20))),
    CONSTRAINT quoted CHECK ("Mixed Case" <> '' AND "select" > 0),
    CONSTRAINT in_list CHECK (code IN ('a', 'b', 'c')),
    CONSTRAINT any_array CHECK (qty = ANY (ARRAY[1, 2, 3])),
    CONSTRAINT casts CHECK (price::integer < 100 AND qty::text <> 'x' AND code::text ~ '^[a-z]+$'),
    CONSTRAINT funcs CHECK (length(btrim(code::text)) > 0 AND lower("Mixed Case") = "Mixed Case"),
    CONSTRAINT coalesce_nullif CHECK (COALESCE(qty, 0) + NULLIF(qty, 5) > GREATEST(qty, 1)),
    CONSTRAINT between_like CHECK (qty BETWEEN 1 AND 9 AND "Mixed Case" LIKE 'a%' AND "Mixed Case" NOT ILIKE '%z'),
    CONSTRAINT distinct_from CHECK (qty IS DISTINCT FROM 13),
    CONSTRAINT bool_test CHECK ((qty > 1) IS NOT FALSE),
    CONSTRAINT arrays CHECK (cardinality(tags) < 10 AND tags[1] <> '' AND tags @> ARRAY['x']),
    CONSTRAINT jsonb_ops CHECK (doc ? 'k' AND (doc ->> 'k') <> '' AND jsonb_typeof(doc) = 'object'),
    CONSTRAINT dates CHECK (born > '2000-01-01'::date AND at < now() + interval '1 day' AND born <= CURRENT_DATE),
    CONSTRAINT enum_cmp CHECK (mood <> 'sad'::dp.mood),
    CONSTRAINT collate_cmp CHECK ((code COLLATE "C") > 'a'),
    CONSTRAINT case_expr CHECK (CASE WHEN qty > 0 THEN price > 0 ELSE true END),
    CONSTRAINT domain_top CHECK (ok),
    CONSTRAINT field_select CHECK ((p).a > 0),
    CONSTRAINT not_valid_check CHECK (qty < 1000000) NOT VALID,
    CONSTRAINT no_inherit_check CHECK (qty > -1) NO INHERIT,
    CONSTRAINT regex_neg CHECK ("Mixed Case" !~* 'bad'),
    CONSTRAINT math CHECK ((qty * 2 + 1) % 3 <> 0 AND -qty < 5 AND abs(qty) ^ 2 < 1e6),
    CONSTRAINT system_col CHECK (tableoid > 0),
    CONSTRAINT owner_cmp CHECK (owner_name <> CURRENT_USER)
);
ALTER TABLE dp.t DROP COLUMN gone;
CREATE TABLE dp.b (flag boolean, CONSTRAINT bare_column CHECK (flag));

CREATE INDEX t_lower ON dp.t (lower("Mixed Case"));
CREATE INDEX t_expr_op ON dp.t ((qty + 1));
CREATE INDEX t_cast ON dp.t ((code::text));
CREATE INDEX t_coalesce ON dp.t (COALESCE(qty, 0));
CREATE INDEX t_mixed ON dp.t (id, lower(code::text) DESC, (price * 2) NULLS FIRST);
CREATE INDEX t_json ON dp.t ((doc ->> 'k'));
CREATE INDEX t_partial ON dp.t (id) WHERE qty > 0 AND "Mixed Case" IS NOT NULL;
CREATE INDEX t_partial_in ON dp.t (code) WHERE mood IN ('ok', 'happy');
CREATE INDEX t_partial_case ON dp.t (id) WHERE CASE WHEN qty > 1 THEN true ELSE false END;
CREATE UNIQUE INDEX t_unique_expr ON dp.t (lower(code::text)) WHERE price IS NOT NULL;
CREATE INDEX t_extract ON dp.t (EXTRACT(year FROM born));
CREATE INDEX t_substring ON dp.t (substring("Mixed Case" FROM 1 FOR 3));

ALTER TABLE dp.t ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON dp.t USING (owner_name = CURRENT_USER);
CREATE POLICY reader ON dp.t FOR SELECT TO dp_reader USING (qty > 0 AND mood <> 'sad');
CREATE POLICY writer ON dp.t FOR INSERT WITH CHECK (price IS NOT NULL AND code = ANY (ARRAY['a', 'b']));
CREATE POLICY both_sides ON dp.t AS RESTRICTIVE FOR UPDATE USING (true) WITH CHECK (qty < 100);
CREATE POLICY setting ON dp.t USING ("Mixed Case" = current_setting('app.tenant', true));
CREATE POLICY sub ON dp.t USING (EXISTS (SELECT 1 FROM dp.b WHERE b.flag AND t.qty > 0));

-- Views: printed from the _RETURN rule's query; a renamed view column is
-- named by the view's descriptor, not the query, and goes to pg_get_viewdef.
CREATE VIEW dp.plain_view AS SELECT id, qty * 2 AS double_qty, lower("Mixed Case") AS lowered FROM dp.t WHERE qty > 0;
CREATE VIEW dp.renamed_view AS SELECT id, qty FROM dp.t;
ALTER VIEW dp.renamed_view RENAME COLUMN qty TO quantity;
CREATE MATERIALIZED VIEW dp.totals AS SELECT mood, count(*) AS n FROM dp.t GROUP BY mood WITH NO DATA;
