# Sourced by scripts/sanitize.sh and scripts/fuzz.sh: configures and builds the "check build", one
# build directory that serves both.
#   - clang 14 with AddressSanitizer and UndefinedBehaviorSanitizer on everything (DANGAN_SANITIZE:
#     -fno-sanitize-recover=undefined, so every report fails the program that made it);
#   - libFuzzer's coverage instrumentation on the libraries (-fsanitize=fuzzer-no-link); only the
#     fuzz_* programs link libFuzzer's main, the test programs get the sanitizer runtime's no-op hooks;
#   - -O1 with line tables only (stack traces name file:line) and a unity build: compiling eight
#     files as one roughly halves a clean build on two cores (3 min 34 s -> 2 min 13 s, measured).
# Environment: CHECK_BUILD (default build-check), JOBS (default: the number of cores),
# CXX/CC (default clang++-14/clang-14).
check_build_dir=${CHECK_BUILD:-$here/build-check}
check_jobs=${JOBS:-$(nproc)}
fuzz_targets_all=(record_json date_parse template_parse markup_reader json_positions markup_pdf)

# check_build [TARGET…]: configure (first time) and build "all" plus the named fuzz targets.
check_build() {
    local log="$check_build_dir.cmake.log"
    if ! cmake -S "$here" -B "$check_build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCMAKE_CXX_COMPILER="${CXX:-clang++-14}" -DCMAKE_C_COMPILER="${CC:-clang-14}" \
            -DDANGAN_SANITIZE=ON -DDANGAN_BENCH=OFF -DCMAKE_UNITY_BUILD=ON \
            -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" \
            -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" >"$log" 2>&1; then
        cat "$log"
        echo "check build: cmake failed (is clang-14 installed? scripts/install-deps.sh installs it)"
        return 1
    fi
    cmake --build "$check_build_dir" -j"$check_jobs" --target all "${@/#/fuzz_}"
}

# Sanitizer settings for every program of the check build: stop at the first report, find leaks,
# print whole stacks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lsan.supp:print_suppressions=0}

# fuzz_run TARGET SECONDS LOG: one bounded libFuzzer run. New inputs go to the build directory (the
# committed seeds in fuzz/corpus/TARGET are only read); a crashing input is saved in
# fuzz/crashes/TARGET/ and, because CI keeps only the printed output, also printed in hex.
fuzz_run() {
    local target=$1 seconds=$2 log=$3
    local work="$check_build_dir/corpus/$target" crashes="$here/fuzz/crashes/$target"
    mkdir -p "$work" "$crashes"
    # -rss_limit_mb: the 10,000-level nesting inputs need memory, but not more than this.
    # -timeout: one input taking 10 s is a hang worth reporting.
    if "$check_build_dir/fuzz/fuzz_$target" "$work" "$here/fuzz/corpus/$target" \
            -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
            -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1; then
        rmdir "$crashes" 2>/dev/null || true
        local runs
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz_$target: ${seconds} s, ${runs:-?} inputs, no problem"
        return 0
    fi
    echo "FAIL: fuzz_$target found a problem (log: $log)"
    grep -E "ERROR|SUMMARY|runtime error|#[0-9]+ 0x" "$log" | head -25 || true
    local crash
    for crash in "$crashes"/*; do
        [[ -f $crash ]] || continue
        echo "input saved as $crash; its bytes (first 2 KB):"
        head -c 2048 "$crash" | od -A d -t x1z | head -60
        echo "reproduce: $check_build_dir/fuzz/fuzz_$target $crash"
    done
    return 1
}
