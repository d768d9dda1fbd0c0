#!/usr/bin/env bash
# Crash safety: kill -9 `dangan render` and `dangan archive` at random moments and check what is left.
#   crash_safety.sh DANGAN SOURCE_DIR
# render: the book under its final name is either absent or a complete PDF (qpdf --check), never partial.
# archive: after the kill, `dangan audit` still reads the archive (exit 0 or 1, no crash); running
# archive again completes it, audit is then clean, and every record has the same 档号/件号 as in an
# archive made without interruption (an issued number is never lost or changed).
# Environment: REPEAT (render kills, default 20; the long run is REPEAT=100 ARCHIVE_REPEAT=100),
# ARCHIVE_REPEAT (archive kills, default 10), MAX_MS (upper bound of the random delay before the kill;
# default: the measured length of one uninterrupted run, so kills land in every phase including the
# final write; MAX_MS=300 kills only in the first 300 ms).
set -uo pipefail
dangan=$1
src=$(cd "$2" && pwd)
if [[ ! -x "$dangan" ]]; then echo "FAIL: $dangan is not an executable program"; exit 1; fi
dangan="$(cd "$(dirname "$dangan")" && pwd)/$(basename "$dangan")"
command -v qpdf >/dev/null || { echo "FAIL: qpdf is needed to check the PDFs"; exit 1; }
repeat=${REPEAT:-20}
archive_repeat=${ARCHIVE_REPEAT:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
now_ms() { date +%s%3N; }

# Runs "$@" in the background, kills it with SIGKILL after a random 0..max_ms ms (if still running).
# Sets killed=1 when the kill came before the program ended (a run that ended must have succeeded).
run_and_kill() {
    local max_ms=$1; shift
    "$@" >/dev/null 2>&1 &
    local pid=$!
    local delay=$((RANDOM * 32768 + RANDOM))
    delay=$((delay % (max_ms + 1)))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -9 "$pid" 2>/dev/null
    # The exit status tells whether the kill came first (137 = 128 + SIGKILL) or the run had ended.
    local status=0
    wait "$pid" 2>/dev/null || status=$?
    killed=0
    [[ $status -eq 137 ]] && killed=1
    if [[ $status -ne 0 && $status -ne 137 ]]; then fail "$* exited $status without being killed"; fi
    last_delay=$delay
}

# ---- render
data="$src/samples/branch-2025"
out="$tmp/render"
mkdir -p "$out"
start=$(now_ms)
"$dangan" render "$data" --as-of 2025-12-31 --out "$out/reference.pdf" >/dev/null 2>"$tmp/reference.err" \
    || { fail "the uninterrupted render failed"; cat "$tmp/reference.err"; exit 1; }
render_ms=$(( $(now_ms) - start ))
max_ms=${MAX_MS:-$render_ms}
echo "render takes ${render_ms} ms; killing after a random 0..${max_ms} ms, $repeat times"
absent=0; complete=0; interrupted=0
for ((i = 1; i <= repeat; i++)); do
    rm -f "$out/X.pdf"
    run_and_kill "$max_ms" "$dangan" render "$data" --as-of 2025-12-31 --out "$out/X.pdf"
    interrupted=$((interrupted + killed))
    if [[ -e "$out/X.pdf" ]]; then
        if qpdf --check "$out/X.pdf" >"$tmp/qpdf.out" 2>&1; then
            complete=$((complete + 1))
        else
            fail "run $i (killed after ${last_delay} ms): X.pdf exists but is not a complete PDF"
            head -5 "$tmp/qpdf.out"
            cp "$out/X.pdf" "$tmp/../dangan-partial-$$-$i.pdf" 2>/dev/null || true
        fi
    else
        absent=$((absent + 1))
    fi
    # Only the atomic writer's hidden temporary (".X.pdf.<pid>.<n>.tmp") may be left after a kill; never
    # a file named like the book.
    for f in "$out"/*; do
        case $(basename "$f") in
            reference.pdf|X.pdf) ;;
            *) fail "run $i: unexpected file $(basename "$f") next to the book" ;;
        esac
    done
done
stale=$(find "$out" -name '.*.tmp' | wc -l)
echo "render: $repeat runs, $interrupted interrupted; X.pdf absent $absent times, complete $complete times;" \
     "$stale hidden temporary file(s) left by killed runs"

# ---- archive (if the command exists)
if "$dangan" help 2>&1 | grep -q '^  archive'; then
    # A small set keeps this fast: the organisation and the 支部委员会 meetings of 2025.
    adata="$tmp/archive-data"
    mkdir -p "$adata"
    cp "$src/samples/branch-2025/organisation.json" "$src/samples/branch-2025/meetings/committee-2025.json" "$adata/"
    # 档号 (and with it the 件号) of every filed record, by record folder: what must never change.
    numbering() { (cd "$1" && find . -mindepth 2 -type d | LC_ALL=C sort); }
    start=$(now_ms)
    "$dangan" archive "$adata" --to "$tmp/reference-archive" --as-of 2025-12-31 >/dev/null 2>"$tmp/archive.err" \
        || { fail "the uninterrupted archive failed"; cat "$tmp/archive.err"; }
    archive_ms=$(( $(now_ms) - start ))
    reference=$(numbering "$tmp/reference-archive")
    amax=${MAX_MS:-$archive_ms}
    echo "archive takes ${archive_ms} ms; killing after a random 0..${amax} ms, $archive_repeat times"
    ainterrupted=0
    for ((i = 1; i <= archive_repeat; i++)); do
        target="$tmp/archive-$i"
        run_and_kill "$amax" "$dangan" archive "$adata" --to "$target" --as-of 2025-12-31
        ainterrupted=$((ainterrupted + killed))
        if [[ -d "$target" ]]; then
            status=0; "$dangan" audit "$target" --as-of 2025-12-31 >"$tmp/audit.out" 2>&1 || status=$?
            if [[ $status -ge 2 ]]; then
                fail "archive run $i (killed after ${last_delay} ms): audit of the interrupted archive exited $status"
                head -5 "$tmp/audit.out"
            fi
        fi
        status=0; "$dangan" archive "$adata" --to "$target" --as-of 2025-12-31 >/dev/null 2>"$tmp/archive.err" || status=$?
        if [[ $status -ne 0 ]]; then
            fail "archive run $i: archiving again after the kill exited $status"; head -5 "$tmp/archive.err"; continue
        fi
        status=0; "$dangan" audit "$target" --as-of 2025-12-31 >"$tmp/audit.out" 2>&1 || status=$?
        if grep -qE 'manifest\.|lint\.(unreadable|junk)' "$tmp/audit.out" || [[ $status -ge 2 ]]; then
            fail "archive run $i (killed after ${last_delay} ms): the completed archive fails its audit (exit $status)"
            grep -E 'manifest\.|lint\.' "$tmp/audit.out" | head -5
        fi
        if [[ "$(numbering "$target")" != "$reference" ]]; then
            fail "archive run $i (killed after ${last_delay} ms): the numbering differs from an uninterrupted archive"
            diff <(echo "$reference") <(numbering "$target") | head -10
        fi
    done
    echo "archive: $archive_repeat runs, $ainterrupted interrupted, each completed by a second run"
fi

if [[ $failures -ne 0 ]]; then echo "FAIL: $failures problem(s)"; exit 1; fi
echo "PASS: no partial PDF under its final name; interrupted archives audit and complete with the same numbers"
