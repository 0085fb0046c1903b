#!/usr/bin/env bash
# Benchmark of pgkit.check_drift() against pgkit.introspect() on the
# synthetic schemas of bench/introspect_schema_gen.sql (1,000 and 5,000
# tables by default): check_drift of the database against its own snapshot
# (the target: at most 1.5x introspect), and, for information, against the
# same snapshot with every CHECK respelled (an extra pair of parentheses), so
# that every table differs textually and is built in the scratch schemas.
#   PGKIT_PORT=5447 bench/drift_bench.sh [sizes...]
# Builds nothing: run `make` first. Starts and stops its own throwaway cluster.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/env.sh
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 5000)
export PGKIT_DESTDIR=$PWD/build/install
make install DESTDIR="$PGKIT_DESTDIR" >/dev/null
CLUSTER=$(scripts/cluster.sh start)
trap 'scripts/cluster.sh stop "$CLUSTER"' EXIT
export PGHOST=$CLUSTER PGPORT=$PGKIT_PORT PGUSER=postgres

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
timed() { local t0; t0=$(ms); psql -X -q -At -d "$1" -c "$2" >/dev/null; echo $(( $(ms) - t0 )); }

printf '%-7s %-5s %13s %13s %8s %13s %9s\n' tables runs introspect check_drift ratio 'all rebuilt' findings
for n in "${SIZES[@]}"; do
    db=drift_bench_$n
    dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
    psql -X -q -d "$db" -c 'CREATE EXTENSION pgkit'
    psql -X -q -d "$db" -v tables="$n" -f bench/introspect_schema_gen.sql
    psql -X -q -d "$db" -c 'ANALYZE'
    # the snapshot, and a respelled copy: every check value wrapped in ( )
    psql -X -q -d "$db" <<'SQL'
CREATE TABLE public.bench_snap AS SELECT pgkit.introspect() AS s;
CREATE TABLE public.bench_respelled AS
SELECT jsonb_set(s, '{tables}', (
  SELECT jsonb_object_agg(k, jsonb_set(t, '{checkConstraints}', COALESCE((
    SELECT jsonb_object_agg(ck, jsonb_set(c, '{value}', to_jsonb('(' || (c->>'value') || ')')))
      FROM jsonb_each(t->'checkConstraints') x(ck, c)), '{}')))
    FROM jsonb_each(s->'tables') y(k, t))) AS s
FROM public.bench_snap;
SQL
    IGN="'{table:public.bench_*}'"
    intro_q='SELECT length(pgkit.introspect()::text)'
    drift_q="SELECT count(*) FROM pgkit.check_drift((SELECT s FROM public.bench_snap), $IGN)"
    slow_q="SELECT count(*) FROM pgkit.check_drift((SELECT s FROM public.bench_respelled), $IGN)"
    findings=$(psql -X -At -d "$db" -c "$drift_q")
    runs=$([ "$n" -ge 5000 ] && echo 5 || echo 7)
    for _ in 1 2; do timed "$db" "$intro_q" >/dev/null; timed "$db" "$drift_q" >/dev/null; done  # warm caches
    intro=(); drift=()
    for _ in $(seq "$runs"); do
        intro+=("$(timed "$db" "$intro_q")")
        drift+=("$(timed "$db" "$drift_q")")
    done
    slow=$(timed "$db" "$slow_q")
    mi=$(printf '%s\n' "${intro[@]}" | median)
    md=$(printf '%s\n' "${drift[@]}" | median)
    printf '%-7s %-5s %10s ms %10s ms %7sx %10s ms %9s\n' "$n" "$runs" "$mi" "$md" \
        "$(awk -v a="$md" -v b="$mi" 'BEGIN {printf "%.2f", a / b}')" "$slow" "$findings"
    dropdb "$db"
done
