#!/usr/bin/env bash
# `dangan audit`'s progress line: on a terminal (faked with script(1)) it is drawn on standard error
# for the walk and for opening documents, and wiped before the report; piped, redirected or with JSON
# there is no trace of it.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"
command -v script >/dev/null || { echo "SKIP: script(1) not installed"; exit 0; }

mkdir -p "$tmp/tree/2025/支委会"
for m in 01 02 03; do
    printf '%%PDF-1.4\n' >"$tmp/tree/2025/支委会/2025-${m}-10支委会会议记录.pdf"
done
# On a terminal: standard output to a file, standard error to the (fake) terminal.
script -qec "'$dangan' audit '$tmp/tree' --as-of 2025-03-31 >'$tmp/report.txt'" "$tmp/typescript" >/dev/null 2>&1 || true
python3 - "$tmp/typescript" "$tmp/report.txt" <<'PY'
import sys
seen = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
for want in ("正在清点文件", "正在打开文档", "3/3", "\r\x1b[K"):
    if want not in seen: sys.exit(f"FAIL: the terminal did not show {want!r}: {seen!r}")
if not seen.rstrip().split("Script done")[0].rstrip().endswith("\r\x1b[K"):
    sys.exit(f"FAIL: the progress line was not wiped at the end: {seen!r}")
report = open(sys.argv[2], encoding="utf-8").read()
if "\r" in report or "\x1b" in report or "正在" in report: sys.exit("FAIL: the progress line got into the report")
PY
# JSON on a terminal: no line either (a script reads it).
script -qec "'$dangan' audit '$tmp/tree' --as-of 2025-03-31 --format json >'$tmp/report.json'" "$tmp/typescript" >/dev/null 2>&1 || true
if grep -q "正在" "$tmp/typescript"; then echo "FAIL: progress line with --format json"; cat -v "$tmp/typescript"; exit 1; fi
python3 -c "import json,sys; json.load(open(sys.argv[1], encoding='utf-8'))" "$tmp/report.json"
# Piped: nothing on standard error.
"$dangan" audit "$tmp/tree" --as-of 2025-03-31 >"$tmp/out.txt" 2>"$tmp/err.txt" || true
if [[ -s "$tmp/err.txt" ]]; then echo "FAIL: piped standard error not empty"; cat -v "$tmp/err.txt"; exit 1; fi
# A dangan archive: the hashing of its files shows too (正在核对校验值), and is wiped.
"$dangan" archive "$src/samples/branch-2025" --to "$tmp/档案" --as-of 2025-12-31 >/dev/null 2>&1
script -qec "'$dangan' audit '$tmp/档案' --as-of 2025-12-31 >'$tmp/report2.txt'" "$tmp/typescript2" >/dev/null 2>&1 || true
python3 - "$tmp/typescript2" "$tmp/report2.txt" <<'PY'
import sys
seen = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
if "正在核对校验值" not in seen: sys.exit(f"FAIL: no hashing progress on the terminal: {seen[:400]!r}")
if "正在" in open(sys.argv[2], encoding="utf-8").read(): sys.exit("FAIL: the progress line got into the report")
PY
echo "ok: progress line on a terminal only, wiped before the report"
