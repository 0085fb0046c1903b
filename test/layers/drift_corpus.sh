#!/usr/bin/env bash
# Drift over the conformance corpus (README "Drift"):
#  1. zero false positives: for EVERY target (test/corpus/cases/*/*/cur.json),
#     a database built with the case's reference SQL (setup.sql, then
#     cur.sql.json) is drift-clean against cur.json. The 3 cases whose target
#     Postgres rejects (expected.json is an error) are skipped, and counted
#     as skipped;
#     pgkit.plan(cur.json) on that database is empty too: plan compares
#     expressions in the server's spelling and leaves linked tables alone;
#  2. recall: out-of-band changes on built targets (test/layers/drift_recall.txt)
#     are each reported as exactly the listed findings.
# One database, reset between cases (every user schema dropped, public
# recreated; roles created by a case dropped: roles are cluster-wide).
# Needs PGHOST/PGPORT/PGUSER of a cluster that loads pgkit. Last line:
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
DB=pgkit_drift_corpus
TMP=$(mktemp -d)
chmod 755 "$TMP"
trap 'rm -rf "$TMP"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1' EXIT
PSQL=(psql -X -q -A -t -v ON_ERROR_STOP=0)

psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null || {
    echo "cannot create $DB"; echo "0 passed, 1 failed"; exit 1; }
psql -X -q -d "$DB" -c "CREATE EXTENSION pgkit" >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
BASE_ROLES=$(psql -X -A -t -d "$DB" -c "SELECT string_agg(quote_literal(rolname), ',') FROM pg_roles")

# A reset: every schema but the system ones and pgkit's dropped, public back,
# the roles this run created dropped (after what they own or were granted).
cat >"$TMP/reset.sql" <<EOF
DO \$\$
DECLARE r record;
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pgkit')
             AND nspname !~ '^pg_(temp|toast)' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  CREATE SCHEMA public;
  FOR r IN SELECT rolname FROM pg_roles WHERE rolname NOT IN ($BASE_ROLES) LOOP
    EXECUTE format('DROP OWNED BY %I', r.rolname);
    EXECUTE format('DROP ROLE %I', r.rolname);
  END LOOP;
END \$\$;
EOF

# build <case dir> : statements that build the case's target
build() {
    local c=$1
    echo "\\i $TMP/reset.sql"
    echo "\\set LAST_ERROR_SQLSTATE 00000"
    [ -f "$c/setup.sql" ] && echo "\\i $ROOT/$c/setup.sql"
    echo "SELECT s FROM jsonb_array_elements_text(pg_read_file('$ROOT/$c/cur.sql.json')::jsonb) s \\gexec"
    echo "\\echo BUILD :LAST_ERROR_SQLSTATE"
}
# findings <case dir> : the check_drift rows, one per line
findings() {
    echo "SELECT 'FINDING|' || concat_ws('|', kind, object, problem) FROM pgkit.check_drift(pg_read_file('$ROOT/$1/cur.json')::jsonb);"
    echo "\\echo DRIFT :LAST_ERROR_SQLSTATE"
}

# planned <case dir> : pgkit.plan's statements towards the target just built
# (none expected: the database is the target, in Postgres' spelling)
planned() {
    echo "SELECT 'PLANNED|' || statement FROM pgkit.plan(pg_read_file('$ROOT/$1/cur.json')::jsonb);"
    echo "\\echo PLAN :LAST_ERROR_SQLSTATE"
}

# --- 1. zero false positives ---------------------------------------------
SCRIPT=$TMP/clean.sql
echo "SET client_min_messages = warning;" >"$SCRIPT"
SKIPPED=()
for c in test/corpus/cases/*/*/; do
    c=${c%/}
    if grep -q '"error"' "$c/expected.json" 2>/dev/null; then SKIPPED+=("$c"); continue; fi
    echo "\\echo CASE $c" >>"$SCRIPT"
    build "$c" >>"$SCRIPT"
    findings "$c" >>"$SCRIPT"
    planned "$c" >>"$SCRIPT"
done
echo "\\i $TMP/reset.sql" >>"$SCRIPT"
"${PSQL[@]}" -d "$DB" -f "$SCRIPT" >"$TMP/clean.out" 2>&1

PASSED=0; FAILED=0
awk -v out="$TMP/clean.fail" '
  BEGIN { FS = "\n" }
  /^CASE / { if (name != "") verdict(); name = substr($0, 6); build = ""; drift = ""; plan = ""; n = 0; np = 0; errs = ""; next }
  /^BUILD / { build = substr($0, 7); next }
  /^DRIFT / { drift = substr($0, 7); next }
  /^FINDING\|/ { n++; rows = rows "\n    " substr($0, 9); next }
  /^PLAN / { plan = substr($0, 6); next }
  /^PLANNED\|/ { np++; prows = prows "\n    " substr($0, 9); next }
  /ERROR:/ { errs = errs "\n    " $0; next }
  function verdict() {
    if (build != "00000") { print "FAIL " name ": the reference SQL failed (" build ")" errs; bad++ }
    else if (drift != "00000") { print "FAIL " name ": check_drift raised " drift errs; bad++ }
    else if (n > 0) { print "FAIL " name ": " n " false positive(s)" rows; bad++ }
    else good++
    if (build != "00000") pbad++
    else if (plan != "00000") { print "FAIL " name ": plan raised " plan errs; pbad++ }
    else if (np > 0) { print "FAIL " name ": plan is not empty on the built target (" np " statement(s))" prows; pbad++ }
    else pgood++
    rows = ""; prows = ""
  }
  END { if (name != "") verdict(); printf "%d %d %d %d\n", good, bad, pgood, pbad > out }
' "$TMP/clean.out"
read -r P F PP PF <"$TMP/clean.fail"
echo "zero false positives: $P clean, $F not clean, ${#SKIPPED[@]} skipped (target rejected by Postgres: ${SKIPPED[*]##*/})"
echo "plan on the built target: $PP empty, $PF not empty"
PASSED=$((PASSED + P + PP)); FAILED=$((FAILED + F + PF))

# --- 2. recall ------------------------------------------------------------
# drift_recall.txt: blocks of
#   case <dir under test/corpus/cases>
#   sql <out-of-band statement(s), one line>
#   expect <kind>|<object>|<problem>      (one line per expected finding)
SCRIPT=$TMP/recall.sql
echo "SET client_min_messages = warning;" >"$SCRIPT"
declare -a NAMES=() EXPECTS=()
current=""
flush() {
    [ -z "$current" ] && return
    NAMES+=("$current|$sql"); EXPECTS+=("$expect")
    echo "\\echo CASE ${#NAMES[@]}" >>"$SCRIPT"
    build "test/corpus/cases/$current" >>"$SCRIPT"
    echo "$sql" >>"$SCRIPT"
    findings "test/corpus/cases/$current" >>"$SCRIPT"
}
while IFS= read -r line; do
    case "$line" in
    "case "*) flush; current=${line#case }; sql=""; expect="" ;;
    "sql "*) sql="$sql${line#sql } " ;;
    "expect "*) expect="$expect${line#expect }"$'\n' ;;
    esac
done <test/layers/drift_recall.txt
flush
echo "\\i $TMP/reset.sql" >>"$SCRIPT"
"${PSQL[@]}" -d "$DB" -f "$SCRIPT" >"$TMP/recall.out" 2>&1
for i in "${!NAMES[@]}"; do
    n=$((i + 1))
    got=$(awk -v n="$n" '/^CASE /{on = ($2 == n)} on && /^FINDING\|/{print substr($0, 9)}' "$TMP/recall.out" | sort)
    want=$(printf '%s' "${EXPECTS[$i]}" | sed '/^$/d' | sort)
    if [ "$got" = "$want" ]; then
        PASSED=$((PASSED + 1))
    else
        FAILED=$((FAILED + 1))
        echo "FAIL recall ${NAMES[$i]}"
        echo "  want: ${want//$'\n'/ ; }"
        echo "  got:  ${got//$'\n'/ ; }"
        awk -v n="$n" '/^CASE /{on = ($2 == n)} on && /ERROR/' "$TMP/recall.out" | sed 's/^/  /'
    fi
done
echo "recall: ${#NAMES[@]} out-of-band changes"
echo "$PASSED passed, $FAILED failed"
