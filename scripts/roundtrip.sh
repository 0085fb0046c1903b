#!/usr/bin/env bash
# Runs N seeded round trips (default 500) on a throwaway cluster, or on the
# cluster in PGHOST/PGPORT when set:  scripts/roundtrip.sh [N] [FIRST_SEED]
# Options of the generator can follow: scripts/roundtrip.sh 200 1000 --tables 12 --changes 20
# Builds and installs first. Prints the failing seeds with their statements.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/env.sh
N=${1:-500}; FIRST=${2:-1}; shift $(( $# > 2 ? 2 : $# ))
make -j"$JOBS" >/dev/null
export PGKIT_DESTDIR=$PWD/build/install
make install DESTDIR="$PGKIT_DESTDIR" >/dev/null
if [ -z "${PGHOST:-}" ]; then
    CLUSTER=$(scripts/cluster.sh start)
    trap 'scripts/cluster.sh stop "$CLUSTER"' EXIT
    export PGHOST=$CLUSTER PGPORT=$PGKIT_PORT PGUSER=postgres
fi
build/core/roundtrip_server --describe test/server/describe.sql --seeds "$FIRST-$((FIRST + N - 1))" "$@"
