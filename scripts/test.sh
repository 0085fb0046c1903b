#!/usr/bin/env bash
# Runs every test layer on a throwaway cluster and ends with one line
# "N passed, N failed" summing them: unit (ctest), pg_regress, isolation,
# and each test/layers/*.sh (corpus on the server, round trips, codegen...).
# Idempotent; installs its own dependencies. Run as root on Debian 12.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/env.sh
PASSED=0
FAILED=0
LAYER_START=$SECONDS
add() {
    PASSED=$((PASSED + $1)); FAILED=$((FAILED + $2))
    echo "--- $3: $1 passed, $2 failed ($((SECONDS - LAYER_START)) s)"; LAYER_START=$SECONDS
}
log() { printf '\n=== %s\n' "$*"; }
finish() { echo; echo "$PASSED passed, $FAILED failed"; [ "$FAILED" = 0 ]; exit $?; }

scripts/deps.sh || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p build/logs

log "build"
if ! make -j"$JOBS" >build/logs/build.log 2>&1; then
    tail -60 build/logs/build.log; add 0 1 build; finish
fi
# Installed under build/install: the cluster reads it through Debian's
# extension_destdir, so tests never touch (or depend on) the system's copy.
export PGKIT_DESTDIR=$PWD/build/install
if ! make install DESTDIR="$PGKIT_DESTDIR" >build/logs/install.log 2>&1; then
    tail -20 build/logs/install.log; add 0 1 install; finish
fi

log "unit tests (ctest)"
ctest --test-dir build/core -j"$JOBS" --output-on-failure >build/logs/ctest.log 2>&1
grep -E 'tests passed|Failed|\*\*\*' build/logs/ctest.log | tail -30
u_line=$(grep -E 'tests passed, [0-9]+ tests failed out of' build/logs/ctest.log)
u_total=$(sed -nE 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/p' <<<"$u_line")
u_fail=$(sed -nE 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/p' <<<"$u_line")
if [ -z "$u_total" ]; then add 0 1 unit; else add $((u_total - u_fail)) "$u_fail" unit; fi

log "throwaway cluster"
CLUSTER=$(scripts/cluster.sh start) || { add 0 1 cluster; finish; }
trap 'scripts/cluster.sh stop "$CLUSTER"' EXIT
export PGHOST=$CLUSTER PGPORT=$PGKIT_PORT PGUSER=postgres PGDATABASE=postgres

log "pg_regress"
rm -rf results output_iso regression.diffs regression.out
make installcheck ISOLATION= >build/logs/regress.log 2>&1
r_rc=$?
cat build/logs/regress.log | grep -E '^(ok|not ok|test |     )|\.\.\. ' || true
r_ok=$(grep -cE '^ok [0-9]+ |\.\.\. ok' build/logs/regress.log)
r_bad=$(grep -cE '^not ok [0-9]+ |\.\.\. FAILED' build/logs/regress.log)
[ -f regression.diffs ] && head -200 regression.diffs
if [ "$r_rc" != 0 ] && [ "$r_bad" = 0 ]; then tail -20 build/logs/regress.log; r_bad=1; fi
add "$r_ok" "$r_bad" pg_regress

if ls test/isolation/specs/*.spec >/dev/null 2>&1; then
    log "isolation"
    make installcheck REGRESS= >build/logs/isolation.log 2>&1
    i_rc=$?
    grep -E '\.\.\. |^(ok|not ok)' build/logs/isolation.log || true
    i_ok=$(grep -cE '^ok [0-9]+ |\.\.\. ok' build/logs/isolation.log)
    i_bad=$(grep -cE '^not ok [0-9]+ |\.\.\. FAILED' build/logs/isolation.log)
    [ -f output_iso/regression.diffs ] && head -100 output_iso/regression.diffs
    if [ "$i_rc" != 0 ] && [ "$i_bad" = 0 ]; then tail -20 build/logs/isolation.log; i_bad=1; fi
    add "$i_ok" "$i_bad" isolation
fi

# Further layers: each prints a last line "N passed, N failed".
for layer in test/layers/*.sh; do
    [ -e "$layer" ] || continue
    name=$(basename "$layer" .sh)
    log "$name"
    bash "$layer" 2>&1 | tee "build/logs/$name.log" | tail -40
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "build/logs/$name.log" | tail -1)
    if [ -z "$line" ]; then add 0 1 "$name"; continue; fi
    add "$(cut -d' ' -f1 <<<"$line")" "$(cut -d' ' -f3 <<<"$line")" "$name"
done

if grep -qE 'server process .* was terminated|PANIC' "$CLUSTER/server.log"; then
    log "server log shows a crash"; grep -E -B5 'terminated|PANIC' "$CLUSTER/server.log" | head -40
    add 0 1 "backend crash check"
fi
finish
