#!/usr/bin/env bash
# A real drizzle-kit migration folder (test/data/dokploy, 186 journal
# entries written by drizzle-kit 5 to 7): pgkit.migrate_drizzle applies it
# into a fresh database, in journal order, as written (unqualified types,
# DO $$ ... EXCEPTION blocks, data changes), and records every entry; a
# second call applies nothing; a database half-migrated by drizzle-orm's own
# migrator is adopted and finished; pg_dump keeps the bookkeeping.
# Needs only bash, coreutils and psql (PGHOST/PGPORT/PGUSER from the runner).
# Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DIR=test/data/dokploy
. test/lib/drizzle_folder.sh
PASSED=0
FAILED=0
check() {  # name expected actual
    if [ "$2" = "$3" ]; then
        PASSED=$((PASSED + 1)); echo "ok   $1"
    else
        FAILED=$((FAILED + 1)); echo "FAIL $1"; echo "     expected: ${2:0:300}"; echo "     actual:   ${3:0:300}"
    fi
}
DBS=()
cleanup() { for db in "${DBS[@]}"; do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; done; }
trap cleanup EXIT
fresh_db() {  # name: a new database with pgkit and the folder as jsonb in layer_input.folder
    local db=$1
    DBS+=("$db")
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" || return 1
    load_drizzle_folder "$db" "$DIR"
}
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }

journal_tags=$(sed -nE 's/.*"tag": "([^"]+)".*/\1/p' "$DIR/meta/_journal.json" | paste -sd, -)
n_journal=$(sed -nE 's/.*"tag": "([^"]+)".*/\1/p' "$DIR/meta/_journal.json" | wc -l)
# drizzle-orm's hash of a migration: sha256 of the file, as sha256sum prints it
declare -A file_sha
while read -r sum path; do file_sha[$(basename "$path" .sql)]=$sum; done < <(sha256sum "$DIR"/*.sql)
expected_checksums=$(for t in ${journal_tags//,/ }; do echo "$t ${file_sha[$t]}"; done | sort)

# --- 1. the whole folder into a fresh database ------------------------------
DB=pgkit_dokploy_$$
fresh_db "$DB" || { echo "0 passed, 1 failed"; exit 1; }
start=$(date +%s%N)
out=$(psql -X -At -v ON_ERROR_STOP=1 -d "$DB" \
      -c "SELECT pgkit.migrate_drizzle(journal, scripts, snapshots) FROM layer_input.folder" 2>&1)
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "migrate_drizzle of $n_journal entries: ${ms} ms"
check "migrate_drizzle applies every journal entry" "$n_journal" "$(tail -1 <<<"$out")"
check "the script outside the journal is reported, not run" \
      'NOTICE:  pgkit: script "0130_abandoned_dagger" is not in the journal: not run (drizzle-orm'"'"'s migrator does not run it either)' \
      "$(grep "NOTICE:  pgkit:" <<<"$out")"
check "recorded in journal order" "$journal_tags" \
      "$(q "$DB" "SELECT string_agg(name, ',' ORDER BY id) FROM pgkit.migrations")"
check "checksums are drizzle-orm's hashes (sha256 of each file)" "$expected_checksums" \
      "$(q "$DB" "SELECT name || ' ' || checksum FROM pgkit.migrations ORDER BY name" | LC_ALL=C sort)"
check "every entry was run and timed" "$n_journal" \
      "$(q "$DB" "SELECT count(*) FROM pgkit.migrations WHERE execution_ms IS NOT NULL AND statement_count > 0")"
check "the meta snapshot is recorded on its migration" "0185_needy_kingpin 8e851600-c994-4d52-a9d0-a8257e22a073" \
      "$(q "$DB" "SELECT name || ' ' || (snapshot->>'id') FROM pgkit.migrations WHERE snapshot IS NOT NULL")"
check "old-style unqualified enums landed in public" "public" \
      "$(q "$DB" "SELECT string_agg(DISTINCT typnamespace::regnamespace::text, ',') FROM pg_type WHERE typname IN ('buildType', 'sourceType', 'Roles')")"
check "the application schema: 67 tables, 27 enums in public" "67 27" \
      "$(q "$DB" "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r') || ' ' || (SELECT count(*) FROM pg_type WHERE typnamespace = 'public'::regnamespace AND typtype = 'e')")"
check "a second call applies nothing" "0" \
      "$(q "$DB" "SELECT pgkit.migrate_drizzle(journal, scripts) FROM layer_input.folder" | tail -1)"
check "no advisory lock is left" "0" "$(q "$DB" "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")"

# pgkit.apply to the last meta snapshot would drop what hand-written SQL
# added after it (data): refused, nothing run or recorded.
out=$(psql -X -q -At -v VERBOSITY=verbose -d "$DB" \
      -c "SELECT count(*) FROM pgkit.apply((SELECT snapshots->'0185_snapshot.json' FROM layer_input.folder))" 2>&1)
check "apply to 0185_snapshot.json is refused (55000: it would delete data)" "55000" \
      "$(sed -nE 's/^ERROR:  ([0-9A-Z]{5}): pgkit: apply would delete data.*/\1/p' <<<"$out")"
check "the hand-added column survives, nothing is recorded" "1 $n_journal" \
      "$(q "$DB" "SELECT (SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.user'::regclass AND attname = 'enableLogRotation') || ' ' || (SELECT count(*) FROM pgkit.migrations)")"

# --- 2. pg_dump keeps the bookkeeping --------------------------------------
RESTORED=pgkit_dokploy_restored_$$
DBS+=("$RESTORED")
psql -X -q -d postgres -c "CREATE DATABASE $RESTORED" >/dev/null
pg_dump -d "$DB" | psql -X -q -v ON_ERROR_STOP=1 -d "$RESTORED" >/dev/null 2>&1
check "a restored dump knows every migration" "$n_journal" "$(q "$RESTORED" "SELECT count(*) FROM pgkit.migrations")"
check "and migrate_drizzle applies nothing there" "0" \
      "$(q "$RESTORED" "SELECT pgkit.migrate_drizzle(journal, scripts) FROM layer_input.folder" | tail -1)"

# --- 3. adopt what drizzle-orm's migrator already ran ----------------------
# drizzle-orm ran the first 100 entries: each file as written, then a row
# (hash = sha256 of the file, created_at = the journal's "when").
ADOPT=pgkit_dokploy_adopt_$$
fresh_db "$ADOPT" || { echo "$PASSED passed, $((FAILED + 1)) failed"; exit 1; }
{
    echo "BEGIN;"
    echo "CREATE SCHEMA drizzle; CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint);"
    q "$ADOPT" "SELECT e->>'tag' || ' ' || (e->>'when') FROM layer_input.folder, jsonb_array_elements(journal->'entries') e ORDER BY (e->>'idx')::int LIMIT 100" |
    while read -r tag when; do
        echo "\\i $DIR/$tag.sql"
        echo "INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('${file_sha[$tag]}', $when);"
    done
    echo "COMMIT;"
} | psql -X -q -v ON_ERROR_STOP=1 -d "$ADOPT" >/dev/null 2>&1
check "drizzle-orm's migrator ran 100 entries" "100" "$(q "$ADOPT" "SELECT count(*) FROM drizzle.__drizzle_migrations")"
check "adopt_drizzle_history records them without running" "100" \
      "$(q "$ADOPT" "SELECT pgkit.adopt_drizzle_history(journal, scripts) FROM layer_input.folder" | tail -1)"
check "adopted rows are marked as not run by pgkit" "100" \
      "$(q "$ADOPT" "SELECT count(*) FROM pgkit.migrations WHERE execution_ms IS NULL")"
check "adopting again adopts nothing" "0" \
      "$(q "$ADOPT" "SELECT pgkit.adopt_drizzle_history(journal, scripts) FROM layer_input.folder" | tail -1)"
check "migrate_drizzle then applies only the rest" "$((n_journal - 100))" \
      "$(q "$ADOPT" "SELECT pgkit.migrate_drizzle(journal, scripts) FROM layer_input.folder" | grep -v NOTICE | tail -1)"
check "the finished history is the journal" "$journal_tags" \
      "$(q "$ADOPT" "SELECT string_agg(name, ',' ORDER BY id) FROM pgkit.migrations")"

echo "$PASSED passed, $FAILED failed"
