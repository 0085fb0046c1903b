#!/usr/bin/env bash
# pgkit.diff on two synthetic 5,000-table snapshots (~1% changed), inside the
# backend: reading both jsonb arguments, diff and rendering, timed by psql's
# \timing, median of 5 (plus the backend's CPU time from /proc, which a busy
# machine disturbs less). Then drizzle-kit 0.31.11's generateMigration
# (drizzle-kit/api) on the same pair, median of 5, for the ratio.
#   bench/diff_bench.sh [TABLES] [CHANGES] [SEED]   (default 5000 50 1)
# Uses the cluster in PGHOST/PGPORT when set, else a throwaway one; installs
# drizzle-kit from npm into build/bench/drizzle-kit once (NO_DRIZZLE=1 skips it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/env.sh
TABLES=${1:-5000}; CHANGES=${2:-50}; SEED=${3:-1}; RUNS=5
DK_VERSION=0.31.11
make -j"$JOBS" >/dev/null
export PGKIT_DESTDIR=$PWD/build/install
make install DESTDIR="$PGKIT_DESTDIR" >/dev/null
if [ -z "${PGHOST:-}" ]; then
    CLUSTER=$(scripts/cluster.sh start)
    trap 'scripts/cluster.sh stop "$CLUSTER"' EXIT
    export PGHOST=$CLUSTER PGPORT=$PGKIT_PORT PGUSER=postgres
fi
W=$PWD/build/bench; mkdir -p "$W"
# --alter-only: changes drizzle-kit resolves without prompting (no table or
# column drops next to creates), so its API runs unattended on the same pair.
build/core/roundtrip_gen --seed "$SEED" --tables "$TABLES" --changes "$CHANGES" --plain --alter-only --out "$W/pair"
echo "pair: $TABLES tables, $CHANGES changes, seed $SEED; a.json $(du -h "$W/pair/a.json" | cut -f1), b.json $(du -h "$W/pair/b.json" | cut -f1)"

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS pgkit_bench" -c "CREATE DATABASE pgkit_bench"
psql -X -q -d pgkit_bench -v ON_ERROR_STOP=1 >"$W/pgkit.out" <<SQL
CREATE EXTENSION pgkit;
CREATE TABLE snaps (n text PRIMARY KEY, doc jsonb NOT NULL);
\set a \`cat $W/pair/a.json\`
\set b \`cat $W/pair/b.json\`
INSERT INTO snaps VALUES ('a', :'a'), ('b', :'b');
\unset a
\unset b
SELECT pg_backend_pid() AS pid \gset
\setenv BPID :pid
\set cpu0 \`awk '{print \$14 + \$15}' /proc/\$BPID/stat\`
\timing on
$(for _ in $(seq $RUNS); do echo "SELECT count(*) AS statements FROM pgkit.diff((SELECT doc FROM snaps WHERE n = 'a'), (SELECT doc FROM snaps WHERE n = 'b'));"; done)
\timing off
\set cpu1 \`awk '{print \$14 + \$15}' /proc/\$BPID/stat\`
SELECT 'cpu_ticks ' || (:cpu1 - :cpu0) AS cpu;
SQL
psql -X -q -d postgres -c "DROP DATABASE pgkit_bench"
mapfile -t T < <(sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p' "$W/pgkit.out" | sort -n)
STMTS=$(grep -A2 '^ statements' "$W/pgkit.out" | sed -nE 's/^ +([0-9]+)$/\1/p' | head -1)
TICKS=$(sed -nE 's/.*cpu_ticks ([0-9]+).*/\1/p' "$W/pgkit.out")
HZ=$(getconf CLK_TCK)
PG_MS=${T[$((RUNS / 2))]}
PG_CPU=$(awk -v t="$TICKS" -v hz="$HZ" -v r=$RUNS 'BEGIN { printf "%.1f", t * 1000 / hz / r }')
echo "pgkit.diff (parse + diff + render in the backend): median ${PG_MS} ms wall of $RUNS (all: ${T[*]}), mean ${PG_CPU} ms CPU, $STMTS statements"

[ "${NO_DRIZZLE:-}" = 1 ] && exit 0
DK=$W/drizzle-kit
if [ ! -f "$DK/node_modules/drizzle-kit/package.json" ] || \
   [ "$(node -p "require('$DK/node_modules/drizzle-kit/package.json').version")" != "$DK_VERSION" ]; then
    mkdir -p "$DK"
    (cd "$DK" && npm init -y >/dev/null && npm install --no-audit --no-fund "drizzle-kit@$DK_VERSION" "drizzle-orm@0.45.4" >/dev/null 2>&1)
fi
read -r DK_MS DK_CPU DK_N < <(node bench/drizzle_generate.cjs "$DK" "$W/pair/a.json" "$W/pair/b.json" $RUNS)
echo "drizzle-kit $(node -p "require('$DK/node_modules/drizzle-kit/package.json').version") generateMigration: median ${DK_MS} ms wall, ${DK_CPU} ms CPU, $DK_N statements"
awk -v p="$PG_MS" -v d="$DK_MS" -v pc="$PG_CPU" -v dc="$DK_CPU" \
    'BEGIN { printf "ratio drizzle-kit / pgkit: %.1fx wall, %.1fx CPU\n", d / p, (pc > 0 ? dc / pc : 0) }'
