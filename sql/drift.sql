-- Drift: check_drift / is_clean / assert_clean / set_expected.
-- A schema is built with drizzle-kit's SQL for a snapshot; it is drift-clean
-- against that snapshot; then each out-of-band change (in a transaction
-- rolled back afterwards) is reported with its kind, object and problem.
SET client_min_messages = warning;
CREATE ROLE drift_reader;
CREATE ROLE drift_app NOCREATEDB;

CREATE TEMP TABLE snap (s jsonb);
INSERT INTO snap VALUES ($json${
  "version": "7", "dialect": "postgresql",
  "id": "11111111-1111-1111-1111-111111111111", "prevId": "00000000-0000-0000-0000-000000000000",
  "tables": {
    "public.users": {
      "name": "users", "schema": "",
      "columns": {
        "id": {"name": "id", "type": "serial", "primaryKey": true, "notNull": true},
        "email": {"name": "email", "type": "varchar(255)", "primaryKey": false, "notNull": true,
                  "isUnique": true, "uniqueName": "users_email_unique"},
        "mood": {"name": "mood", "type": "mood", "typeSchema": "public", "primaryKey": false,
                 "notNull": false, "default": "'ok'"},
        "level": {"name": "level", "type": "level", "typeSchema": "public", "primaryKey": false, "notNull": false},
        "score": {"name": "score", "type": "integer", "primaryKey": false, "notNull": true, "default": 0},
        "created_at": {"name": "created_at", "type": "timestamp", "primaryKey": false, "notNull": false,
                       "default": "now()"}
      },
      "indexes": {
        "users_email_lower_idx": {"name": "users_email_lower_idx",
          "columns": [{"expression": "lower(\"email\")", "isExpression": true, "asc": true, "nulls": "last"}],
          "isUnique": false, "concurrently": false, "method": "btree", "with": {}}
      },
      "foreignKeys": {}, "compositePrimaryKeys": {}, "uniqueConstraints": {},
      "policies": {
        "p_read": {"name": "p_read", "as": "PERMISSIVE", "for": "SELECT", "to": ["drift_reader"],
                   "using": "\"users\".\"score\" > 0"}
      },
      "checkConstraints": {"score_non_negative": {"name": "score_non_negative", "value": "\"users\".\"score\" >= 0"}},
      "isRLSEnabled": true
    },
    "app.posts": {
      "name": "posts", "schema": "app",
      "columns": {
        "id": {"name": "id", "type": "integer", "primaryKey": true, "notNull": true,
               "identity": {"type": "always", "name": "posts_id_seq", "schema": "app", "increment": "1",
                            "startWith": "1", "minValue": "1", "maxValue": "2147483647", "cache": "1",
                            "cycle": false}},
        "user_id": {"name": "user_id", "type": "integer", "primaryKey": false, "notNull": true},
        "title": {"name": "title", "type": "text", "primaryKey": false, "notNull": true}
      },
      "indexes": {},
      "foreignKeys": {
        "posts_user_id_users_id_fk": {"name": "posts_user_id_users_id_fk", "tableFrom": "posts",
          "columnsFrom": ["user_id"], "tableTo": "users", "schemaTo": "public", "columnsTo": ["id"],
          "onDelete": "cascade", "onUpdate": "no action"}
      },
      "compositePrimaryKeys": {}, "uniqueConstraints": {}, "policies": {}, "checkConstraints": {},
      "isRLSEnabled": false
    }
  },
  "enums": {
    "public.mood": {"name": "mood", "schema": "public", "values": ["sad", "ok", "happy"]},
    "public.level": {"name": "level", "schema": "public", "values": ["low", "mid", "high"]}
  },
  "schemas": {"app": "app"},
  "sequences": {
    "app.counter": {"name": "counter", "schema": "app", "increment": "1", "minValue": "1",
                    "maxValue": "9223372036854775807", "startWith": "1", "cache": "1", "cycle": false}
  },
  "roles": {"drift_app": {"name": "drift_app", "createDb": false, "createRole": false, "inherit": true}},
  "policies": {},
  "views": {
    "public.active_users": {"name": "active_users", "schema": "public", "columns": {},
      "definition": "select \"id\", \"email\" from \"users\" where \"users\".\"score\" > 0",
      "materialized": false, "isExisting": false}
  },
  "_meta": {"schemas": {}, "tables": {}, "columns": {}}
}$json$);

-- drizzle-kit's SQL for that snapshot
CREATE SCHEMA "app";
CREATE TYPE "public"."mood" AS ENUM('sad', 'ok', 'happy');
CREATE TYPE "public"."level" AS ENUM('low', 'mid', 'high');
CREATE SEQUENCE "app"."counter" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" varchar(255) NOT NULL,
	"mood" "mood" DEFAULT 'ok',
	"level" "level",
	"score" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp DEFAULT now(),
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "score_non_negative" CHECK ("users"."score" >= 0)
);
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
CREATE TABLE "app"."posts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app"."posts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"title" text NOT NULL
);
ALTER TABLE "app"."posts" ADD CONSTRAINT "posts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
CREATE INDEX "users_email_lower_idx" ON "users" USING btree (lower("email"));
CREATE VIEW "public"."active_users" AS (select "id", "email" from "users" where "users"."score" > 0);
CREATE POLICY "p_read" ON "users" AS PERMISSIVE FOR SELECT TO "drift_reader" USING ("users"."score" > 0);

-- clean: nothing differs semantically (spellings do: serial, varchar, casts,
-- parentheses, qualifiers, the view text as pg_get_viewdef prints it)
SELECT * FROM pgkit.check_drift((SELECT s FROM snap));
SELECT pgkit.is_clean((SELECT s FROM snap));
SELECT pgkit.assert_clean((SELECT s FROM snap));
-- The same expression index declared CONCURRENTLY (how it is built, not what
-- it is): still clean (the scratch build leaves CONCURRENTLY out: it cannot
-- run there).
SELECT pgkit.is_clean(jsonb_set((SELECT s FROM snap),
    '{tables,public.users,indexes,users_email_lower_idx,concurrently}', 'true')) AS clean_concurrently;

-- A view over one call, so each change below reads as one line.
CREATE TEMP VIEW drift AS SELECT * FROM pgkit.check_drift((SELECT s FROM snap));

-- Each out-of-band change, alone, in a transaction rolled back afterwards.
BEGIN; ALTER TABLE users ADD COLUMN nickname text; SELECT * FROM drift; ROLLBACK;
BEGIN; ALTER TABLE app.posts DROP COLUMN title; SELECT * FROM drift; ROLLBACK;
BEGIN; ALTER TABLE users ALTER COLUMN created_at TYPE timestamptz; SELECT * FROM drift; ROLLBACK;
BEGIN; ALTER TABLE app.posts ALTER COLUMN title DROP NOT NULL; SELECT * FROM drift; ROLLBACK;
BEGIN; ALTER TABLE users ALTER COLUMN mood SET DEFAULT 'happy'; SELECT * FROM drift; ROLLBACK;
BEGIN; ALTER TABLE users ALTER COLUMN score DROP DEFAULT; SELECT * FROM drift; ROLLBACK;
BEGIN; DROP INDEX users_email_lower_idx; SELECT * FROM drift; ROLLBACK;
BEGIN; CREATE INDEX users_email_trgm_idx ON users (email text_pattern_ops); SELECT * FROM drift; ROLLBACK;
BEGIN; ALTER TABLE users DISABLE ROW LEVEL SECURITY; SELECT * FROM drift; ROLLBACK;
BEGIN; ALTER POLICY p_read ON users USING (score > 10); SELECT * FROM drift; ROLLBACK;
BEGIN; ALTER POLICY p_read ON users TO public; SELECT * FROM drift; ROLLBACK;
BEGIN; ALTER TYPE mood ADD VALUE 'meh'; SELECT * FROM drift; ROLLBACK;
-- a label the snapshot lists in the middle, appended by hand: same labels,
-- another order (distinct from a missing label)
BEGIN;
ALTER TABLE users DROP COLUMN level; DROP TYPE level;
CREATE TYPE level AS ENUM ('low', 'high'); ALTER TYPE level ADD VALUE 'mid';
ALTER TABLE users ADD COLUMN level level;
SELECT * FROM drift;
ROLLBACK;
BEGIN; ALTER TABLE app.posts ALTER COLUMN id SET INCREMENT BY 5; SELECT * FROM drift; ROLLBACK;
BEGIN; ALTER TABLE users DROP CONSTRAINT score_non_negative, ADD CONSTRAINT score_non_negative CHECK (score > -1); SELECT * FROM drift; ROLLBACK;
BEGIN; ALTER TABLE app.posts DROP CONSTRAINT posts_user_id_users_id_fk; SELECT * FROM drift; ROLLBACK;
BEGIN; CREATE OR REPLACE VIEW active_users AS SELECT id, email FROM users WHERE score > 1; SELECT * FROM drift; ROLLBACK;
BEGIN; ALTER SEQUENCE app.counter INCREMENT BY 2; SELECT * FROM drift; ROLLBACK;
BEGIN; CREATE TABLE app.stray (id integer); SELECT * FROM drift; ROLLBACK;
BEGIN; ALTER ROLE drift_app CREATEDB; SELECT * FROM drift; ROLLBACK;

-- Objects outside the model: a schema the snapshot does not mention, a
-- trigger (pgkit does not manage triggers yet) are not drift unless asked.
CREATE SCHEMA other;
CREATE TABLE other.t (id integer);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
SELECT * FROM drift;
SELECT kind, object, problem FROM pgkit.check_drift((SELECT s FROM snap), include_unmanaged => true)
 WHERE kind <> 'role' ORDER BY 1, 2;
DROP TRIGGER users_touch ON users;
DROP FUNCTION touch();
DROP SCHEMA other CASCADE;

-- ignore: kind:object globs for by-design drift
BEGIN;
CREATE INDEX users_email_trgm_idx ON users (email text_pattern_ops);
ALTER TABLE users ADD COLUMN legacy text;
SELECT * FROM pgkit.check_drift((SELECT s FROM snap), ignore => '{index:public.*_trgm_idx}');
SELECT * FROM pgkit.check_drift((SELECT s FROM snap), ignore => '{index:public.*_trgm_idx, column:public.users.*}');
SELECT pgkit.is_clean((SELECT s FROM snap), '{*:public.users*}');
-- assert_clean: P0001, the report in DETAIL
SELECT pgkit.assert_clean((SELECT s FROM snap));
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
SELECT * FROM pgkit.check_drift((SELECT s FROM snap), ignore => '{no-colon}');
\echo :LAST_ERROR_SQLSTATE

-- expected NULL: nothing stored yet -> P0002
SELECT * FROM pgkit.check_drift();
\echo :LAST_ERROR_SQLSTATE
-- set_expected stores the snapshot and its ignore patterns
SELECT pgkit.set_expected((SELECT s FROM snap), '{index:public.*_trgm_idx}');
SELECT pgkit.is_clean();
BEGIN;
CREATE INDEX users_email_trgm_idx ON users (email text_pattern_ops);
ALTER TABLE users ADD COLUMN legacy text;
SELECT * FROM pgkit.check_drift();
-- patterns given in the call replace the stored ones
SELECT * FROM pgkit.check_drift(ignore => '{column:*}');
ROLLBACK;
SELECT pgkit.set_expected('{"version": "4"}');
\echo :LAST_ERROR_SQLSTATE
SELECT pgkit.set_expected((SELECT s FROM snap), '{bad}');
\echo :LAST_ERROR_SQLSTATE
-- a migration that records a newer snapshot takes over from set_expected
SELECT pgkit.migrate('0001_add_nickname', 'ALTER TABLE users ADD COLUMN nickname text;',
                     jsonb_set((SELECT s FROM snap), '{tables,public.users,columns,nickname}',
                               '{"name": "nickname", "type": "text", "primaryKey": false, "notNull": false}'));
SELECT * FROM pgkit.check_drift();
DELETE FROM pgkit.migrations;
DELETE FROM pgkit.expected;
ALTER TABLE users DROP COLUMN nickname;

-- a drizzle-kit snapshot with a name over 63 bytes is read as Postgres
-- stores it (truncated, with a NOTICE): the database built with that name
-- is clean
SET client_min_messages = notice;
ALTER TABLE app.posts RENAME CONSTRAINT posts_user_id_users_id_fk
  TO posts_user_id_users_id_fk_and_a_very_long_suffix_that_goes_past_sixty_three_bytes;
SELECT kind, object, problem FROM pgkit.check_drift(jsonb_set((SELECT s FROM snap),
  '{tables,app.posts,foreignKeys}',
  '{"posts_user_id_users_id_fk_and_a_very_long_suffix_that_goes_past_sixty_three_bytes": {"name": "posts_user_id_users_id_fk_and_a_very_long_suffix_that_goes_past_sixty_three_bytes", "tableFrom": "posts", "columnsFrom": ["user_id"], "tableTo": "users", "schemaTo": "public", "columnsTo": ["id"], "onDelete": "cascade", "onUpdate": "no action"}}'));
SET client_min_messages = warning;

DROP VIEW drift;
DROP SCHEMA app CASCADE;
DROP TABLE users CASCADE;
DROP TYPE mood, level;
DROP ROLE drift_reader;
DROP ROLE drift_app;
