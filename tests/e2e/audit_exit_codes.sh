#!/usr/bin/env bash
# `dangan audit` exit codes and reports: 0 for a clean hand-made tree, 1 with error findings (text
# grouped by folder, JSON with check's fields), 2 for a path that is not a folder or bad usage.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

mkdir -p "$tmp/clean/2025/支委会" "$tmp/clean/2025/主题党日"
for m in 01 02 03; do
    echo x >"$tmp/clean/2025/支委会/${m}_2025-${m}-10_支委会会议记录.docx"
    echo x >"$tmp/clean/2025/主题党日/${m}_2025年${m#0}月20日主题党日.docx"
done
echo x >"$tmp/clean/2025/2025-03-15党员大会记录.docx"
status=0
"$dangan" audit "$tmp/clean" --names-only --as-of 2025-03-31 >"$tmp/out.txt" 2>"$tmp/err.txt" || status=$?
if [[ $status -ne 0 || -s "$tmp/err.txt" ]]; then echo "FAIL: clean tree exited $status"; cat "$tmp/out.txt" "$tmp/err.txt"; exit 1; fi
grep -q "未发现问题" "$tmp/out.txt" || { echo "FAIL: clean tree report"; cat "$tmp/out.txt"; exit 1; }
grep -q "识别出 7 份记录" "$tmp/out.txt" || { echo "FAIL: record count"; cat "$tmp/out.txt"; exit 1; }

mkdir -p "$tmp/bad/2025/支委会"
echo x >"$tmp/bad/2025/支委会/支委会会议记录.docx"
echo x >"$tmp/bad/2025/支委会/2025年2月30日支委会.docx"
: >"$tmp/bad/2025/支委会/2025-01-05支委会.docx"
status=0
"$dangan" audit "$tmp/bad" --names-only --as-of 2025-01-31 >"$tmp/out.txt" 2>&1 || status=$?
[[ $status -eq 1 ]] || { echo "FAIL: tree with errors exited $status, expected 1"; cat "$tmp/out.txt"; exit 1; }
for want in "== 2025/支委会/" "错误 date.invalid 2025年2月30日支委会.docx" "错误 date.partial 支委会会议记录.docx" \
            "警告 lint.empty 2025-01-05支委会.docx"; do
    grep -qF "$want" "$tmp/out.txt" || { echo "FAIL: text report lacks '$want'"; cat "$tmp/out.txt"; exit 1; }
done
status=0
"$dangan" audit "$tmp/bad" --names-only --as-of 2025-01-31 --format json >"$tmp/out.json" 2>&1 || status=$?
[[ $status -eq 1 ]] || { echo "FAIL: JSON exit $status"; exit 1; }
python3 - "$tmp/out.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
for f in report["findings"]:
    for key in ("rule", "severity", "path", "record", "message", "dates"):
        if key not in f: sys.exit(f"FAIL: finding without {key}: {f}")
    if f["path"].startswith("/"): sys.exit(f"FAIL: absolute path {f['path']}")
if report["audit"]["files"] != 3: sys.exit(f"FAIL: audit stats {report['audit']}")
PY

status=0
"$dangan" audit "$tmp/nowhere" >"$tmp/out.txt" 2>&1 || status=$?
[[ $status -eq 2 ]] || { echo "FAIL: missing folder exited $status, expected 2"; exit 1; }
grep -qF "nowhere: 错误：文件夹不存在" "$tmp/out.txt" || { echo "FAIL: message"; cat "$tmp/out.txt"; exit 1; }
status=0
"$dangan" audit >"$tmp/out.txt" 2>&1 || status=$?
[[ $status -eq 2 ]] || { echo "FAIL: audit without a folder exited $status"; exit 1; }
grep -qF "audit 要给一个文件夹" "$tmp/out.txt" || { echo "FAIL: usage message"; cat "$tmp/out.txt"; exit 1; }
status=0
"$dangan" archive "$src/samples/branch-2025" >"$tmp/out.txt" 2>&1 || status=$?
[[ $status -eq 2 ]] && grep -qF "archive 要用 --to 给出档案文件夹" "$tmp/out.txt" || { echo "FAIL: archive without --to"; cat "$tmp/out.txt"; exit 1; }
echo "PASS"
