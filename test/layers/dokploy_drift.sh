#!/usr/bin/env bash
# Drift on a real drizzle-kit project (test/data/dokploy, see
# test/data/dokploy-README.md): after pgkit.migrate_drizzle applied its 186
# journal entries, check_drift against meta/0185_snapshot.json reports
# exactly the genuine differences, each checked by hand against the SQL:
#  - enum "sourceType": 0022 appended 'drop', 0033 appended 'gitlab' and
#    'bitbucket', 0079 put 'gitea' BEFORE 'drop'; the snapshot lists
#    docker, git, github, gitlab, bitbucket, gitea, drop (label order);
#  - enum "sourceTypeCompose": the same story with 'raw' (label order);
#  - 0066_yielding_echo.sql (edited by hand) creates "user_temp" (renamed
#    "user" by 0120) with "two_factor_enabled" boolean DEFAULT false NOT NULL
#    (the snapshot: nullable, no default) and "enableLogRotation" (not in
#    the snapshot, never dropped), and 8 indexes idx_*_organization that no
#    snapshot has (CREATE INDEX IF NOT EXISTS at its end).
# Then by-design drift is accepted with ignore patterns, and
# pgkit.diff(introspect(), snapshot) is applied to reach the snapshot.
# Needs PGHOST/PGPORT/PGUSER. Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DIR=test/data/dokploy
. test/lib/drizzle_folder.sh
DB=pgkit_dokploy_drift_$$
PASSED=0; FAILED=0
check() {  # name expected actual
    if [ "$2" = "$3" ]; then
        PASSED=$((PASSED + 1)); echo "ok   $1"
    else
        FAILED=$((FAILED + 1)); echo "FAIL $1"; echo "  expected:"; sed 's/^/    /' <<<"$2"; echo "  actual:"; sed 's/^/    /' <<<"$3"
    fi
}
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1' EXIT
q() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -c "$1" 2>&1; }

PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" ||
    { echo "0 passed, 1 failed"; exit 1; }
load_drizzle_folder "$DB" "$DIR" || { echo "0 passed, 1 failed"; exit 1; }
check "migrate_drizzle applies the 186 journal entries" 186 \
    "$(q "SELECT pgkit.migrate_drizzle(journal, scripts) FROM layer_input.folder")"

SNAP="(SELECT snapshots->'0185_snapshot.json' FROM layer_input.folder)"
ROWS="SELECT concat_ws('|', kind, object, problem, expected, actual) FROM pgkit.check_drift($SNAP"
check "check_drift reports exactly the genuine differences" "$(cat <<'EOF'
index|public.idx_certificate_organization|extra|INDEX ON public.certificate USING btree (organizationId)
index|public.idx_destination_organization|extra|INDEX ON public.destination USING btree (organizationId)
index|public.idx_git_provider_organization|extra|INDEX ON public.git_provider USING btree (organizationId)
index|public.idx_notification_organization|extra|INDEX ON public.notification USING btree (organizationId)
index|public.idx_project_organization|extra|INDEX ON public.project USING btree (organizationId)
index|public.idx_registry_organization|extra|INDEX ON public.registry USING btree (organizationId)
index|public.idx_server_organization|extra|INDEX ON public.server USING btree (organizationId)
index|public.idx_sshkey_organization|extra|INDEX ON public.ssh-key USING btree (organizationId)
enum|public.sourceType|changed: label order|docker, git, github, gitlab, bitbucket, gitea, drop|docker, git, github, gitea, drop, gitlab, bitbucket
enum|public.sourceTypeCompose|changed: label order|git, github, gitlab, bitbucket, gitea, raw|git, github, gitea, raw, gitlab, bitbucket
column|public.user.enableLogRotation|extra|boolean
column|public.user.two_factor_enabled|changed: nullability|NULL|NOT NULL
column|public.user.two_factor_enabled|changed: default|false
EOF
)" "$(q "$ROWS)")"

# By-design drift accepted: the hand-written indexes and the extra column.
check "ignore patterns accept the by-design part" "$(cat <<'EOF'
enum|public.sourceType|changed: label order
enum|public.sourceTypeCompose|changed: label order
column|public.user.two_factor_enabled|changed: nullability
column|public.user.two_factor_enabled|changed: default
EOF
)" "$(q "SELECT concat_ws('|', kind, object, problem) FROM pgkit.check_drift($SNAP,
        '{index:public.idx_*_organization, column:public.user.enableLogRotation}')")"
# assert_clean: P0001, one line of DETAIL per finding
check "assert_clean fails with P0001, a 13-line report" "P0001 13" \
    "$(q "DO \$\$ DECLARE d text; BEGIN
            PERFORM pgkit.assert_clean((SELECT snapshots->'0185_snapshot.json' FROM layer_input.folder));
          EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
            RAISE WARNING '% %', SQLSTATE, array_length(string_to_array(d, E'\\n'), 1);
          END \$\$" 2>&1 | sed -n 's/.*WARNING:  //p')"

# diff(introspect(), snapshot) applied: the database reaches the snapshot.
# Covers what the real history needs of the differ: the enums recreated for
# their label order (columns retyped, defaults restored), the hand-made
# indexes and column dropped, the primary keys "user_temp_pkey" and
# "session_temp_pkey" (named from the tables' old names, foreign keys depend
# on them) kept: the snapshot's column-level keys name nothing; jsonb defaults that
# the database spells in its own key order left alone.
out=$(q "SELECT statement FROM pgkit.diff(pgkit.introspect('{public}'), $SNAP) ORDER BY seq" |
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 -1 -d "$DB" 2>&1)
check "diff(introspect(), snapshot) applies without error" "" "$out"
check "the database is then drift-clean against the snapshot" "" "$(q "$ROWS)")"
check "the primary keys were kept, not dropped" "$(printf 'session_temp_pkey\nuser_temp_pkey')" \
    "$(q "SELECT conname FROM pg_constraint WHERE contype = 'p' AND conrelid IN ('public.user'::regclass, 'public.session'::regclass) ORDER BY 1")"
check "diff(introspect(), snapshot) is then empty" "" \
    "$(q "SELECT string_agg(statement, E'\n' ORDER BY seq) FROM pgkit.diff(pgkit.introspect('{public}'), $SNAP)")"
echo "$PASSED passed, $FAILED failed"
