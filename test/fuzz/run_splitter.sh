#!/usr/bin/env bash
# Builds the splitter fuzzer with libFuzzer + ASan + UBSan (clang++-14) and
# runs it for a bounded time, seeded from every dokploy migration and the
# pg_regress migration suites. Not part of scripts/test.sh (slow by design).
#   test/fuzz/run_splitter.sh [seconds=60] [extra libFuzzer flags...]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN=${1:-60}
shift || true
CXX=${CXX:-clang++-14}
OUT=build/fuzz_splitter
mkdir -p "$OUT/corpus" "$OUT/artifacts"
FLAGS="-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Isrc -DFMT_HEADER_ONLY"
# shellcheck disable=SC2086
$CXX $FLAGS src/core/splitter.cpp test/fuzz/fuzz_splitter.cpp -o "$OUT/fuzz_splitter"
for f in test/data/dokploy/*.sql sql/migrate*.sql; do cp -n "$f" "$OUT/corpus/$(echo "$f" | tr '/' '_')"; done
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
"$OUT/fuzz_splitter" "$OUT/corpus" -artifact_prefix="$OUT/artifacts/" \
    -max_total_time="$SECONDS_TO_RUN" -max_len=20000 -dict=test/fuzz/splitter.dict -print_final_stats=1 "$@"
