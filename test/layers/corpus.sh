#!/usr/bin/env bash
# The conformance corpus, textually (test/corpus/README.md): pgkit's
# diff(prev, cur, renames) for every case compared with expected.json
# (build/core/corpus_runner, test/corpus/corpus_runner.cpp). Cases listed in
# test/corpus/known_failures.txt print as KNOWN FAIL and are not counted; a
# listed case that passes counts as a failure (XPASS), so the list only
# shrinks. Needs no server. Last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BIN=build/core/corpus_runner
if [ ! -x "$BIN" ]; then echo "corpus_runner is not built"; echo "0 passed, 1 failed"; exit 1; fi
"$BIN" --cases test/corpus/cases --known-failures test/corpus/known_failures.txt
