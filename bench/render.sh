#!/usr/bin/env bash
# Benchmark: render an N-record 会议记录本 (cover + 归档文件目录 + records) and check N records.
# Prints wall time, pages, pages/s, bytes per page and peak RSS. Usage: bench/render.sh [N] [dangan]
set -euo pipefail
n=${1:-1000}
dangan=$(realpath "${2:-build/src/cli/dangan}")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$here/generate_minutes.py" "$n" "$tmp/data"

/usr/bin/time -f "TIME %e %M" -o "$tmp/time" "$dangan" render "$tmp/data" --as-of 2025-12-31 --out "$tmp/book.pdf" \
  --allow-date-errors 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
read -r _ wall rss < <(grep "^TIME" "$tmp/time")
pages=$(pdfinfo "$tmp/book.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
bytes=$(stat -c %s "$tmp/book.pdf")
awk -v n="$n" -v w="$wall" -v p="$pages" -v b="$bytes" -v r="$rss" 'BEGIN {
  printf "render  N=%d: %.2f s wall, %d pages, %.0f pages/s, %.0f bytes/page, peak RSS %.0f MB\n",
         n, w, p, (w > 0 ? p / w : 0), b / p, r / 1024 }'

# 禁则: no extracted line may start with closing punctuation (every line of the book is checked).
# Reading order, not -raw: compressed punctuation (a ） set at half an em before ，) overlaps the next
# mark's advance box, and poppler's raw mode starts a new line there although the page has none.
violations=$(pdftotext "$tmp/book.pdf" - 2>/dev/null | python3 -c '
import sys
forbidden = set("。，、；：？！）》」』”’…—%")
print(sum(1 for line in sys.stdin if line.strip() and line.strip()[0] in forbidden))')
echo "render  N=$n: $violations lines starting with forbidden punctuation (禁则)"

/usr/bin/time -f "TIME %e %M" -o "$tmp/time" "$dangan" check "$tmp/data" --as-of 2025-12-31 --format json \
  >"$tmp/findings.json" 2>"$tmp/err" || true
read -r _ wall rss < <(grep "^TIME" "$tmp/time")
awk -v n="$n" -v w="$wall" -v r="$rss" 'BEGIN { printf "check   N=%d: %.2f s wall, peak RSS %.0f MB\n", n, w, r / 1024 }'
