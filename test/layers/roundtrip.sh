#!/usr/bin/env bash
# Seeded round trips on the server (test/server/roundtrip_server.cpp): for a
# fixed set of seeds, A + diff(A, B) must equal B built from empty, diff(A, A)
# must be empty, and diff must be deterministic. scripts/roundtrip.sh runs
# many more seeds. Seeds in test/roundtrip/known_failures.txt are KNOWN FAIL
# (not counted; one that passes is an XPASS failure). Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BIN=build/core/roundtrip_server
if [ ! -x "$BIN" ]; then echo "roundtrip_server is not built (libpq-dev missing?)"; echo "0 passed, 1 failed"; exit 1; fi
exec "$BIN" --describe test/server/describe.sql --seeds 1-20 --known-failures test/roundtrip/known_failures.txt
