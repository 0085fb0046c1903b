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
# pgkit.diff(introspect(), snapshot) is applied to reach the snapshot (a
# known failure of the differ for now, see below).
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
# KNOWN FAIL (not counted; an unexpected pass is a failure, so the marker
# goes when the differ is fixed): pgkit.diff drops and re-adds the primary
# keys whose names came from a renamed table ("user_temp_pkey" on "user",
# which foreign keys depend on: 2BP01), emits nothing for the enum label
# order, and does not drop the 8 hand-made indexes.
KNOWN_DIFF_GAP=1
if [ "$(q "SELECT count(*) FROM pg_proc WHERE proname = 'diff' AND pronamespace = 'pgkit'::regnamespace")" = 0 ]; then
    echo "SKIP pgkit.diff is not in this build"
else
    out=$(q "SELECT statement FROM pgkit.diff(pgkit.introspect('{public}'), $SNAP) ORDER BY seq" |
        PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 -1 -d "$DB" 2>&1)
    left=$(q "$ROWS)")
    if [ -z "$out" ] && [ -z "$left" ]; then
        if [ "$KNOWN_DIFF_GAP" = 1 ]; then
            FAILED=$((FAILED + 1)); echo "XPASS diff(introspect(), snapshot) now makes the database clean: drop KNOWN_DIFF_GAP"
        else
            PASSED=$((PASSED + 1)); echo "ok   diff(introspect(), snapshot) applied makes the database drift-clean"
        fi
    elif [ "$KNOWN_DIFF_GAP" = 1 ]; then
        echo "KNOWN FAIL diff(introspect(), snapshot) applied does not make the database clean:"
        { echo "$out" | head -3; echo "$left"; } | sed 's/^/    /'
    else
        FAILED=$((FAILED + 1)); echo "FAIL diff(introspect(), snapshot) applied does not make the database clean:"
        { echo "$out"; echo "$left"; } | sed 's/^/    /'
    fi
fi
echo "$PASSED passed, $FAILED failed"
