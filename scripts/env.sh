# Sourced by the scripts: paths and the throwaway cluster's settings.
PGV=15
PGBIN=/usr/lib/postgresql/$PGV/bin
export PG_CONFIG=$PGBIN/pg_config   # not /usr/bin/pg_config: it picks the newest major
PGKIT_PORT=${PGKIT_PORT:-5433}
JOBS=$(nproc)
