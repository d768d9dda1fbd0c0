#!/usr/bin/env bash
# The clean sample branch year must pass `dangan check` with exit 0, no finding of any severity and no
# loader warning (an unknown key in the samples would be a documentation bug).
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

status=0
"$dangan" check "$src/samples/branch-2025" --as-of 2025-12-31 >"$tmp/out.txt" 2>"$tmp/err.txt" || status=$?
if [[ $status -ne 0 ]]; then
    echo "FAIL: text report exited $status, expected 0"; cat "$tmp/out.txt" "$tmp/err.txt"; exit 1
fi
if [[ -s "$tmp/err.txt" ]]; then
    echo "FAIL: unexpected messages on stderr:"; cat "$tmp/err.txt"; exit 1
fi
if ! grep -q '未发现问题' "$tmp/out.txt"; then
    echo "FAIL: the text report does not say 未发现问题:"; cat "$tmp/out.txt"; exit 1
fi

status=0
"$dangan" check "$src/samples/branch-2025" --as-of 2025-12-31 --format json >"$tmp/out.json" 2>"$tmp/err.txt" || status=$?
if [[ $status -ne 0 ]]; then
    echo "FAIL: JSON report exited $status, expected 0"; cat "$tmp/out.json" "$tmp/err.txt"; exit 1
fi
python3 - "$tmp/out.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
findings = report["findings"]
for f in findings:
    print(f"unexpected finding: {f['rule']} {f['severity']} [{f['record']}] {f['message']}")
if findings or report["summary"]["total"] != 0:
    sys.exit("FAIL: the clean sample set has findings")
PY

# Checked on a later date the same data is still clean except for what time itself brings (no crash, exit < 128).
status=0
"$dangan" check "$src/samples/branch-2025" --as-of 2026-03-31 --format json >"$tmp/later.json" 2>"$tmp/err.txt" || status=$?
if [[ $status -ge 2 ]]; then
    echo "FAIL: checking with a later --as-of exited $status"; cat "$tmp/err.txt"; exit 1
fi
echo "PASS: samples/branch-2025 is clean"
