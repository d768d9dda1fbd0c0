#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time.
#   scripts/fuzz.sh [SECONDS] [TARGET…]      (default 60 s each, all targets)
# Environment: BUILD_DIR (default build-fuzz), CXX (default clang++-14), JOBS (default 2).
# A crash leaves its input in fuzz/crashes/<target>/ and the script exits non-zero.
# Corpora: the committed seeds in fuzz/corpus/<target>/ are read; new inputs go to
# $BUILD_DIR/corpus/<target>/ so a run never dirties the source tree.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(record_json date_parse template_parse markup_reader json_positions)
build=${BUILD_DIR:-$here/build-fuzz}
cxx=${CXX:-clang++-14}
cc=${CC:-clang-14}
jobs=${JOBS:-2}

# The libraries get coverage instrumentation (fuzzer-no-link) and the sanitizers; only the fuzz
# programs link the libFuzzer main (fuzz/CMakeLists.txt).
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDANGAN_TESTS=OFF \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" >/dev/null
cmake --build "$build" -j"$jobs" $(printf -- '--target fuzz_%s ' "${targets[@]}")

status=0
for target in "${targets[@]}"; do
    work="$build/corpus/$target"
    crashes="$here/fuzz/crashes/$target"
    mkdir -p "$work" "$crashes"
    echo "== fuzz_$target for ${seconds}s"
    # -rss_limit_mb: the 10,000-level nesting cases need stack and memory, but not more than this.
    if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$build/fuzz/fuzz_$target" "$work" "$here/fuzz/corpus/$target" \
            -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
            -artifact_prefix="$crashes/" -print_final_stats=1 2>"$build/fuzz_$target.log"; then
        echo "FAIL: fuzz_$target found a problem; input saved in $crashes/"
        grep -E "ERROR|SUMMARY|runtime error" "$build/fuzz_$target.log" | head -5 || true
        status=1
    else
        grep -E "^stat::number_of_executed_units|^stat::peak_rss" "$build/fuzz_$target.log" || true
    fi
    # An empty crashes folder is not worth keeping.
    rmdir "$crashes" 2>/dev/null || true
done
exit $status
