#!/usr/bin/env bash
# The maintainers' longer fuzz runs (CI runs 60 s of each target through scripts/sanitize.sh).
#   scripts/fuzz.sh [SECONDS] [TARGET…]       default 600 s each, all targets, one after another
# Uses the check build (scripts/check-build.bash). A crash leaves its input in fuzz/crashes/<target>/
# and the script exits non-zero.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/check-build.bash"
seconds=${1:-600}
shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${fuzz_targets_all[@]}")
check_build "${targets[@]}"
mkdir -p "$check_build_dir/logs"
status=0
for target in "${targets[@]}"; do
    echo "== fuzz_$target for ${seconds} s"
    fuzz_run "$target" "$seconds" "$check_build_dir/logs/fuzz_$target.log" || status=1
done
exit $status
