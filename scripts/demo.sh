#!/usr/bin/env bash
# Sets everything up (dependencies, build, install) and runs the demo on a
# throwaway local cluster: what pgkit does, from psql. Idempotent; run as root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/env.sh
scripts/deps.sh
make -j"$JOBS" >/dev/null
make install >/dev/null
CLUSTER=$(scripts/cluster.sh start)
trap 'scripts/cluster.sh stop "$CLUSTER"' EXIT
export PGHOST=$CLUSTER PGPORT=$PGKIT_PORT PGUSER=postgres PGDATABASE=postgres
"$PGBIN/psql" -X -v ON_ERROR_STOP=1 -e -f scripts/demo.sql
