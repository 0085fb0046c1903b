#!/usr/bin/env bash
# Benchmark of pgkit.introspect() against pg_dump --schema-only and the raw
# catalog lower bound (the same set-based catalog queries run from psql,
# bench/introspect_raw_sql.cpp), on synthetic schemas of 100 / 1,000 / 5,000
# tables (bench/introspect_schema_gen.sql). Prints medians, ratios and the
# backend's peak RSS growth during one introspect() (and its shared-buffer part).
# introspect() is timed as `SELECT octet_length(pgkit.introspect()::text)`: the
# whole JSON text is rendered server-side and only its size crosses the wire
# (length() would add counting the UTF-8 characters of 3.2 MB, ~5 ms at 1,000
# tables, work of the benchmark's query rather than of introspection).
#   PGKIT_PORT=5444 bench/introspect_bench.sh [sizes...]   (default: 100 1000 5000)
# Builds nothing: run `make` first. Starts and stops its own throwaway cluster.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/env.sh
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(100 1000 5000)
export PGKIT_DESTDIR=$PWD/build/install
make install DESTDIR="$PGKIT_DESTDIR" >/dev/null
CLUSTER=$(scripts/cluster.sh start)
trap 'scripts/cluster.sh stop "$CLUSTER"' EXIT
export PGHOST=$CLUSTER PGPORT=$PGKIT_PORT PGUSER=postgres
RAW=$(mktemp); build/core/introspect_raw_sql >"$RAW"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
timed() { local t0; t0=$(ms); "$@" >/dev/null; echo $(( $(ms) - t0 )); }

printf '%-7s %-6s %12s %12s %12s %10s %10s %12s %12s %10s\n' tables runs 'introspect' 'raw-catalog' 'pg_dump -s' \
    'intro/raw' 'dump/intro' 'peak RSS+' '(shared)' 'json bytes'
for n in "${SIZES[@]}"; do
    db=bench_$n
    dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
    psql -X -q -d "$db" -c 'CREATE EXTENSION pgkit'
    psql -X -q -d "$db" -v tables="$n" -f bench/introspect_schema_gen.sql
    psql -X -q -d "$db" -c 'ANALYZE'
    runs=$([ "$n" -ge 5000 ] && echo 5 || echo 7)
    intro=(); raw=(); dump=()
    for _ in 1 2; do  # warm caches (relcache, syscache, shared buffers)
        psql -X -q -d "$db" -c 'SELECT octet_length(pgkit.introspect()::text)' >/dev/null
        psql -X -q -d "$db" -f "$RAW" >/dev/null
        pg_dump --schema-only -d "$db" >/dev/null
    done
    for _ in $(seq "$runs"); do
        intro+=("$(timed psql -X -q -d "$db" -c 'SELECT octet_length(pgkit.introspect()::text)')")
        raw+=("$(timed psql -X -q -d "$db" -f "$RAW")")
        dump+=("$(timed pg_dump --schema-only -d "$db")")
    done
    mi=$(printf '%s\n' "${intro[@]}" | median)
    mr=$(printf '%s\n' "${raw[@]}" | median)
    md=$(printf '%s\n' "${dump[@]}" | median)
    # Peak RSS growth of one backend across one introspect() (VmHWM after -
    # before), and the part of it that is shared buffers the backend mapped
    # for the first time (RssShmem after - before: catalog pages, not memory
    # of its own).
    read -r peak shared < <(psql -X -q -At -d "$db" <<'SQL' | awk '/^HWM/ {v[++i]=$2; s[i]=$3} END {print v[2]-v[1], s[2]-s[1]}'
SELECT pg_backend_pid() AS pid \gset
\setenv BPID :pid
\! echo HWM $(awk '/VmHWM|RssShmem/ {print $2}' /proc/$BPID/status)
SELECT octet_length(pgkit.introspect()::text) AS bytes \gset
\! echo HWM $(awk '/VmHWM|RssShmem/ {print $2}' /proc/$BPID/status)
SQL
)
    bytes=$(psql -X -At -d "$db" -c 'SELECT octet_length(pgkit.introspect()::text)')
    printf '%-7s %-6s %10s ms %10s ms %10s ms %9sx %9sx %9s kB %9s kB %10s\n' "$n" "$runs" "$mi" "$mr" "$md" \
        "$(awk -v a="$mi" -v b="$mr" 'BEGIN {printf "%.2f", a / b}')" \
        "$(awk -v a="$md" -v b="$mi" 'BEGIN {printf "%.2f", a / b}')" "$peak" "$shared" "$bytes"
    dropdb "$db"
done
rm -f "$RAW"
