#!/usr/bin/env bash
# Files that disappear while `dangan audit` runs (a colleague tidying a shared folder, a USB stick
# pulled out): audit the sample archive and a hand-made tree RUNS times while a second process keeps
# deleting, moving and re-creating files and folders inside them.
#   audit_vanishing_files.sh DANGAN SOURCE_DIR        (RUNS, default 20)
# Every run must end with exit 0 or 1 (findings), never 2 (the root is never touched), never a crash,
# an "internal error" or a sanitizer report. Which moment a file vanishes at is up to the scheduler, so
# the exact messages are pinned by the unit test "files and folders that vanish during the audit are
# findings, not crashes" (tests/unit/archive), which makes them vanish at chosen moments; this script
# shows the real program holds up when it happens at any moment.
source "$(dirname "$0")/common.bash" "$@"
runs=${RUNS:-20}

"$dangan" archive "$src/samples/branch-2025" --to "$tmp/档案" --as-of 2025-12-31 --deterministic \
    >/dev/null 2>"$tmp/archive.err" || { cat "$tmp/archive.err"; fail "archiving the samples failed"; }
hand="$tmp/手工档案"
for month in 01 02 03 04 05 06 07 08 09 10 11 12; do
    mkdir -p "$hand/2025年/支部委员会/2025-$month-10 支委会"
    for n in $(seq 1 40); do
        echo "记录 $n" >"$hand/2025年/支部委员会/2025-$month-10 支委会/附件$n.docx"
    done
    echo "记录" >"$hand/2025年/支部委员会/2025-$month-10 支委会/会议记录.docx"
done

# The churner: until told to stop, remove and restore files and whole folders below both roots.
stop="$tmp/stop"
churn() {
    local matters=("$tmp/档案"/2025/*/*/) i=0
    while [[ ! -e $stop ]]; do
        local m=${matters[$((i % ${#matters[@]}))]}
        if [[ -f $m/record.pdf ]]; then
            mv "$m/record.pdf" "$tmp/record.pdf.away" && mv "$tmp/record.pdf.away" "$m/record.pdf"
        fi
        if [[ -f $m/manifest.json ]]; then
            mv "$m/manifest.json" "$tmp/manifest.away" && mv "$tmp/manifest.away" "$m/manifest.json"
        fi
        local month
        month=$(printf '%02d' $((i % 12 + 1)))
        local d="$hand/2025年/支部委员会/2025-$month-10 支委会"
        mv "$d" "$tmp/folder.away" 2>/dev/null && mv "$tmp/folder.away" "$d"
        rm -f "$d/附件$((i % 40 + 1)).docx"
        echo "记录" >"$d/附件$((i % 40 + 1)).docx" 2>/dev/null
        i=$((i + 1))
    done
}
churn &
churner=$!

vanished=0
for ((run = 1; run <= runs; run++)); do
    for root in "$tmp/档案" "$hand"; do
        status=0
        "$dangan" audit "$root" --as-of 2025-12-31 >"$tmp/out" 2>"$tmp/err" || status=$?
        if [[ $status -ne 0 && $status -ne 1 ]]; then
            touch "$stop"; wait "$churner"
            cat "$tmp/err"
            fail "run $run of $root: exit $status (expected 0 or 1: files that vanish are findings)"
        fi
        if grep -qE 'internal error|Sanitizer|runtime error' "$tmp/out" "$tmp/err"; then
            touch "$stop"; wait "$churner"
            cat "$tmp/err"
            fail "run $run of $root: internal error or sanitizer report"
        fi
        grep -q '在检查过程中被删除或移走' "$tmp/out" && vanished=$((vanished + 1))
    done
done
touch "$stop"
wait "$churner"

# With the churn stopped, everything is back: the archive audits clean again.
"$dangan" audit "$tmp/档案" --as-of 2025-12-31 >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "the archive is not clean after the churn"; }
echo "PASS: $((runs * 2)) audits under churn, exit 0 or 1 each; $vanished reported a file or folder that vanished mid-audit"
