#!/usr/bin/env bash
# Benchmark (issue 14): N generated meeting records (bench/generate_minutes.py) exported as a workbook,
# then checked from the workbook and from the JSON. Prints export time, workbook size, check time and
# peak RSS for both, and whether the findings agree. Usage: bench/workbook.sh [N] [dangan]
set -euo pipefail
n=${1:-1000}
dangan=$(realpath "${2:-build/src/cli/dangan}")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$here/generate_minutes.py" "$n" "$tmp/data"
mkdir -p "$tmp/wb"
/usr/bin/time -f "TIME %e %M" -o "$tmp/time" "$dangan" export "$tmp/data" --out "$tmp/wb/台账.xlsx" >/dev/null 2>"$tmp/err" \
  || { cat "$tmp/err"; exit 1; }
read -r _ wall rss < <(grep "^TIME" "$tmp/time")
size=$(stat -c %s "$tmp/wb/台账.xlsx")
awk -v n="$n" -v w="$wall" -v r="$rss" -v s="$size" 'BEGIN {
  printf "export  N=%d: %.2f s wall, workbook %.1f MB (%.0f bytes/record), peak RSS %.0f MB\n", n, w, s / 1048576, s / n, r / 1024 }'
for source in data wb; do
  /usr/bin/time -f "TIME %e %M" -o "$tmp/time" "$dangan" check "$tmp/$source" --as-of 2025-12-31 --format json \
    >"$tmp/$source.json" 2>"$tmp/err" || true
  read -r _ wall rss < <(grep "^TIME" "$tmp/time")
  awk -v n="$n" -v w="$wall" -v r="$rss" -v s="$source" 'BEGIN {
    printf "check   N=%d from %s: %.2f s wall, peak RSS %.0f MB\n", n, (s == "wb" ? "the workbook" : "JSON"), w, r / 1024 }'
done
python3 - "$tmp/data.json" "$tmp/wb.json" <<'PY'
import json, sys
key = lambda f: (f["rule"], f["severity"], f.get("record", ""), f["message"], f.get("period", ""))
a = sorted(map(key, json.load(open(sys.argv[1]))["findings"]))
b = sorted(map(key, json.load(open(sys.argv[2]))["findings"]))
print(f"findings: {len(a)} from JSON, {len(b)} from the workbook, {'identical' if a == b else 'DIFFERENT'}")
PY
