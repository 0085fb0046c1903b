#!/usr/bin/env bash
# Installs what building and testing pgkit needs on Debian 12 (idempotent:
# installs only what is missing). Run as root.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
[ "$(id -u)" = 0 ] || { echo "deps.sh: run as root (apt-get)" >&2; exit 2; }

PKGS=(g++ make cmake postgresql-$PGV postgresql-server-dev-$PGV libfmt-dev
      libboost1.81-dev libboost-json1.81-dev libgtest-dev libipc-run-perl nodejs npm)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
MISSING=()
for p in "${PKGS[@]}"; do
    # nodejs from NodeSource ships npm itself: do not ask Debian's npm for it.
    if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
    if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
    installed "$p" || MISSING+=("$p")
done
if [ ${#MISSING[@]} -gt 0 ]; then
    echo "deps: apt-get install ${MISSING[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # Keep the headers on the installed server's minor release when the
    # archive still has it; otherwise apt upgrades the server (ABI-compatible).
    if installed postgresql-$PGV; then
        SRV=$(dpkg-query -W -f='${Version}' postgresql-$PGV)
        if apt-cache madison postgresql-server-dev-$PGV | grep -qF " $SRV "; then
            MISSING=("${MISSING[@]/#postgresql-server-dev-$PGV/postgresql-server-dev-$PGV=$SRV}")
        fi
    fi
    apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
fi
