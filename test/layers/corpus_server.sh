#!/usr/bin/env bash
# The conformance corpus on the server (test/corpus/README.md): for every case,
# the source state built in a scratch database, the statements applied in one
# transaction, compared through the catalogs with the target built directly
# (test/server/corpus_server.cpp, test/server/describe.sql).
#  1. harness self-check: the corpus's own expected.json must reach every
#     target (if not, the harness or the comparison is wrong, not pgkit);
#  2. pgkit.diff computed on the server, gated by
#     test/corpus/server_known_failures.txt (KNOWN FAIL lines are not counted;
#     a listed case that passes is an XPASS failure: shrink the list).
# Needs PGHOST/PGPORT/PGUSER of a cluster that loads pgkit (scripts/test.sh).
# Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BIN=build/core/corpus_server
ARGS=(--cases test/corpus/cases --describe test/server/describe.sql)
if [ ! -x "$BIN" ]; then echo "corpus_server is not built (libpq-dev missing?)"; echo "0 passed, 1 failed"; exit 1; fi

PASSED=0; FAILED=0
count() {  # adds the "N passed, N failed" last line of $1
    local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -1)
    if [ -z "$line" ]; then FAILED=$((FAILED + 1)); return; fi
    PASSED=$((PASSED + $(cut -d' ' -f1 <<<"$line"))); FAILED=$((FAILED + $(cut -d' ' -f3 <<<"$line")))
}
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT

echo "== harness self-check: expected.json statements"
"$BIN" "${ARGS[@]}" --statements expected >"$TMP/expected.out" 2>&1
grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$TMP/expected.out"
count "$TMP/expected.out"

echo "== pgkit.diff"
"$BIN" "${ARGS[@]}" --statements pgkit --known-failures test/corpus/server_known_failures.txt \
    >"$TMP/pgkit.out" 2>&1
grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$TMP/pgkit.out"
count "$TMP/pgkit.out"

echo "$PASSED passed, $FAILED failed"
