#!/usr/bin/env bash
# The unit and end-to-end suites under AddressSanitizer and UndefinedBehaviorSanitizer.
#   scripts/sanitize.sh [ctest arguments…]     e.g. scripts/sanitize.sh -R 'unit\.|e2e\.catalogue'
# Environment: BUILD_DIR (default build-asan), JOBS (default 2).
# DANGAN_SANITIZE=ON (cmake/Warnings.cmake) compiles everything with -fsanitize=address,undefined and
# -fno-sanitize-recover=undefined, so any report fails the test that triggered it; the options below
# make ASan also fail on leaks and print whole stacks.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$here/build-asan}
jobs=${JOBS:-2}
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDANGAN_SANITIZE=ON >/dev/null
cmake --build "$build" -j"$jobs"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$build"
ctest --output-on-failure -j"$jobs" "$@"
