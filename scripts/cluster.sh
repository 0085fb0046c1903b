#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and the demo: run as the postgres
# user (initdb refuses root), data and socket under /tmp, loopback only, a
# non-default port; stopped by its pid.
#   cluster.sh start   -> prints the directory; exports nothing
#   cluster.sh stop DIR
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

case "${1:-}" in
start)
    STATE=/tmp/pgkit-cluster.$PGKIT_PORT   # remembers our last cluster on this port
    if [ -f "$STATE" ]; then               # leftover of an aborted run: stop it
        OLD=$(cat "$STATE")
        if [ -f "$OLD/data/postmaster.pid" ]; then
            kill -INT "$(head -1 "$OLD/data/postmaster.pid")" 2>/dev/null || true
            sleep 1
        fi
        rm -rf "$OLD" "$STATE"
    fi
    if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGKIT_PORT"; then
        echo "cluster.sh: port $PGKIT_PORT is busy (not ours); set PGKIT_PORT" >&2; exit 2
    fi
    DIR=$(mktemp -d /tmp/pgkit-cluster.XXXXXX)
    chmod 755 "$DIR"; chown postgres:postgres "$DIR"; echo "$DIR" >"$STATE"
    runuser -u postgres -- "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust \
        -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log"
    EXTRA=""
    # PGKIT_DESTDIR: a 'make install DESTDIR=...' tree to load pgkit from.
    [ -n "${PGKIT_DESTDIR:-}" ] && EXTRA="-c extension_destdir=$PGKIT_DESTDIR"
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
        -o "$EXTRA -p $PGKIT_PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
        start >/dev/null
    echo "$DIR"
    ;;
stop)
    DIR=${2:?cluster.sh stop DIR}
    if [ -f "$DIR/data/postmaster.pid" ]; then
        PID=$(head -1 "$DIR/data/postmaster.pid")
        kill -INT "$PID" 2>/dev/null || true       # fast shutdown
        for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$DIR"
    rm -f "/tmp/pgkit-cluster.$PGKIT_PORT"
    ;;
*)
    echo "usage: cluster.sh start | stop DIR" >&2; exit 2 ;;
esac
