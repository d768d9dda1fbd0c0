#!/usr/bin/env bash
# The second half of `make test` (and so of CI): the check build (scripts/check-build.bash: clang,
# ASan + UBSan, libFuzzer instrumentation) with
#   - the whole ctest suite (unit and end-to-end) under the sanitizers, and
#   - a bounded run of every fuzz target (FUZZ_SECONDS each, default 60),
# shared over the cores: the suite and the fuzz runs are queued and JOBS of them run at a time.
#   scripts/sanitize.sh                       everything
#   FUZZ_SECONDS=0 scripts/sanitize.sh        the sanitized suite only
#   scripts/sanitize.sh -R 'unit\.'           ctest arguments are passed through
# Exit status: non-zero when any test or fuzz run failed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/check-build.bash"
# 45 s per target: with six targets on one lane, beside the suite on the other, `make test` stays under
# 15 minutes on 2 cores (`make fuzz` runs them for longer).
seconds=${FUZZ_SECONDS:-45}
targets=()
[[ $seconds -gt 0 ]] && targets=("${fuzz_targets_all[@]}")

start=$(date +%s)
check_build "${targets[@]}"
echo "check build ready in $(($(date +%s) - start)) s; running the suite under ASan/UBSan and" \
     "${#targets[@]} fuzz targets for ${seconds} s each, $check_jobs at a time"

logs="$check_build_dir/logs"
rm -rf "$logs"; mkdir -p "$logs"

suite() {
    # One ctest lane: the fuzz runs take the other cores. The kill and churn tests repeat less than in
    # the plain suite (which runs their full counts): a few rounds exercise the same code under the
    # sanitizers, and every round costs several seconds here; the one-run book has 50 records, not 120.
    export REPEAT=${REPEAT:-5} ARCHIVE_REPEAT=${ARCHIVE_REPEAT:-3} RUNS=${RUNS:-5} BOOK_RECORDS=${BOOK_RECORDS:-50}
    # numbering_agreement is left out here: it runs render, dossier and archive some forty times over the
    # same code that render_samples, dossier_samples, archive_* and crash_safety already run under the
    # sanitizers, and would add two minutes; the plain suite runs it.
    if (cd "$check_build_dir" && ctest --output-on-failure -j1 -E '^e2e\.numbering_agreement$' "$@") >"$logs/ctest.log" 2>&1; then
        echo "sanitized suite: $(grep -E 'tests passed' "$logs/ctest.log")"
    else
        echo "FAIL: the suite under ASan/UBSan"
        cat "$logs/ctest.log"
        return 1
    fi
}

# A small pool: start each job when fewer than check_jobs are running; remember any failure.
status=0 running=0
wait_one() { wait -n || status=1; running=$((running - 1)); }
suite "$@" &
running=1
for target in "${targets[@]}"; do
    while ((running >= check_jobs)); do wait_one; done
    fuzz_run "$target" "$seconds" "$logs/fuzz_$target.log" &
    running=$((running + 1))
done
while ((running > 0)); do wait_one; done

echo "sanitizers and fuzzing: $(((status == 0)) && echo passed || echo FAILED) in $(($(date +%s) - start)) s"
exit $status
