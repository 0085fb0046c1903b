#!/usr/bin/env bash
# Builds a fuzzer with libFuzzer + ASan + UBSan (clang++-14) and runs it for a
# bounded time, seeded from every snapshot in the tree. Targets: snapshot
# (reader/writer round trip, the default) and diff (reader -> diff -> render).
# Not part of scripts/test.sh (it is slow by design).
#   [FUZZ_TARGET=diff] test/fuzz/run.sh [seconds=60] [extra libFuzzer flags...]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN=${1:-60}
shift || true
CXX=${CXX:-clang++-14}
TARGET=${FUZZ_TARGET:-snapshot}
OUT=build/fuzz
mkdir -p "$OUT/corpus" "$OUT/artifacts"

if ! echo 'int main(){}' | $CXX -x c++ -fsanitize=fuzzer-no-link - -o /dev/null 2>/dev/null ||
   ! ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
    echo "libFuzzer runtime missing: installing libclang-rt-14-dev" >&2
    sudo apt-get install -y libclang-rt-14-dev >&2 || apt-get install -y libclang-rt-14-dev >&2
fi

FLAGS="-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -Isrc -DFMT_HEADER_ONLY -DBOOST_JSON_NO_LIB -DBOOST_CONTAINER_NO_LIB"
# The core sources the target needs (Boost.JSON comes in through
# boost_json_impl.cpp), built with the sanitizers; one object per file so a
# rerun recompiles only what changed.
OBJS=()
if [ "$TARGET" = diff ]; then
    SOURCES=(src/core/*.cpp test/fuzz/fuzz_diff.cpp)   # the differ needs most of the core
else
    SOURCES=(src/core/{boost_json_impl,ident,snapshot_json,snapshot_read,snapshot_write,types}.cpp test/fuzz/fuzz_snapshot.cpp)
fi
for src in "${SOURCES[@]}"; do
    obj="$OUT/$(basename "${src%.cpp}").o"
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find src/core -name '*.hpp' -newer "$obj")" ]; then
        # shellcheck disable=SC2086
        $CXX $FLAGS -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
    fi
    OBJS+=("$obj")
done
# shellcheck disable=SC2086
$CXX $FLAGS "${OBJS[@]}" -o "$OUT/fuzz_$TARGET"

# Seeds: every corpus snapshot and the dokploy meta snapshots.
for f in test/corpus/cases/*/*/prev.json test/corpus/cases/*/*/cur.json test/data/dokploy/meta/*_snapshot.json; do
    cp -n "$f" "$OUT/corpus/$(echo "$f" | tr '/' '_')" 2>/dev/null || true
done

UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
"$OUT/fuzz_$TARGET" "$OUT/corpus" -artifact_prefix="$OUT/artifacts/" \
    -max_total_time="$SECONDS_TO_RUN" -max_len=200000 -dict=test/fuzz/snapshot.dict \
    -print_final_stats=1 "$@"
