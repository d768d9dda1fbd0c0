#!/usr/bin/env bash
# The canonical ledger benchmark (issue #16): one 会议记录本 of N records — cover, a ruled 目录, each record
# with a ruled information table and "— N —" footers — made by every engine available, runs interleaved,
# medians printed. Engines:
#   libharu  bench/ledger/baseline_libharu.cpp: the same pages drawn with libharu alone (the floor)
#   dangan   one `dangan render`: the shipped record template with "— N —" footers counted through the book
#            (scope="book") and bench/ledger/templates/catalogue.tpl, a 目录 printing each record's first page
#   typst    Typst 0.14 (npm @myriaddreamin/typst-ts-node-compiler, installed into bench/.cache/typst on first
#            use) compiling bench/ledger/book.typ — with TYPST=1 only (it takes about 10× longer)
# Then it checks what each book claims: the 目录's page numbers point at the record's first page, and the
# footers count through the book (pdftotext, one process per core); exits 1 when a check fails. Not part of
# `make test`. Times on 2 cores at N = 10,000: the books take 11–16 s (libharu) and 15–45 s (dangan); their
# checks read 41,000 and 33,000 pages in 1.5 and 3.5 minutes; TYPST=1 adds 100–300 s and 12.4 GB for Typst and
# a minute for its check (the whole script took 11.5 minutes on a shared machine).
#
# Usage: bench/ledger.sh [N…]            (default: 100 1000 10000)
#   ROUNDS=R   runs per engine and N (default 3; 1 for N ≥ 10000)
#   BUILD=DIR  the build folder (default build)
#   TYPST=1    add the Typst anchor
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$(realpath "${BUILD:-$root/build}")
dangan="$build/src/cli/dangan"
baseline="$build/bench/baseline_libharu"
for exe in "$dangan" "$baseline"; do
  [ -x "$exe" ] || { echo "ledger.sh: $exe is missing: run 'make build' first" >&2; exit 2; }
done
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
engines=(libharu dangan)
if [ "${TYPST:-0}" = 1 ]; then
  typst_dir="$here/.cache/typst"
  if [ ! -d "$typst_dir/node_modules/@myriaddreamin/typst-ts-node-compiler" ]; then
    mkdir -p "$typst_dir"
    (cd "$typst_dir" && npm install --no-audit --no-fund --silent @myriaddreamin/typst-ts-node-compiler@0.7.0) >&2
  fi
  engines+=(typst)
fi

# dangan's templates for this book: the shipped record template with its footer switched to "— N —" counted
# through the book, and bench/ledger/templates/catalogue.tpl (a 目录 with each record's first page). One run.
mkdir -p "$tmp/templates"
sed 's|<footer><p style="footer">第 <page-number/> 页  共 <page-count/> 页</p></footer>|<footer style="gbt9704" scope="book"/>|' \
  "$root/templates/meeting.tpl" >"$tmp/templates/meeting.tpl"
grep -q 'footer style="gbt9704"' "$tmp/templates/meeting.tpl" || { echo "ledger.sh: meeting.tpl footer not found" >&2; exit 2; }
cp "$here/ledger/templates/catalogue.tpl" "$tmp/templates/catalogue.tpl"

run() {  # run ENGINE DATA OUT.pdf → appends "wall cpu rss_kb" to $tmp/ENGINE.N
  local engine=$1 data=$2 pdf=$3 n=$4
  local cmd
  case $engine in
    libharu) cmd=("$baseline" "$data" "$pdf" /usr/share/fonts/truetype/arphic/uming.ttc 0) ;;
    dangan)  cmd=("$dangan" render "$data" --as-of 2025-12-31 --out "$pdf" --templates "$tmp/templates" \
                  --allow-date-errors --deterministic) ;;
    typst)   cmd=(node "$here/ledger/typst.js" "$typst_dir" "$data" "$pdf") ;;
  esac
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "${cmd[@]}" >/dev/null 2>"$tmp/err" ||
    { echo "ledger.sh: $engine failed:" >&2; cat "$tmp/err" >&2; exit 1; }
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$tmp/time" >>"$tmp/$engine.$n"
}

median() {  # median of column K of FILE
  sort -n -k"$2","$2" "$1" | awk -v k="$2" '{ v[NR] = $k } END { print v[int((NR + 1) / 2)] }'
}

# Checks one book: every footer "— p —" equals its physical page, and the 目录 rows (if they carry page
# numbers) point at the page where that record begins: the page holds the record's whole title and the page
# before it does not. All N rows must be found (a 目录 of 10,000 records takes hundreds of pages).
check_book() {
  python3 - "$1" "$2" <<'EOF'
import os, re, subprocess, sys
pdf, expected = sys.argv[1], int(sys.argv[2])
# pdftotext over page ranges, one process per core (a 10,000-record book has 33,000 pages).
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
step = -(-count // (os.cpu_count() or 1))
jobs = [subprocess.Popen(["pdftotext", "-layout", "-f", str(first), "-l", str(min(count, first + step - 1)), pdf, "-"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) for first in range(1, count + 1, step)]
pages = []
for job in jobs:
    out = job.communicate()[0].decode("utf-8")
    if job.returncode != 0:
        sys.exit(f"pdftotext failed on {pdf}")
    pages += out.split("\f")[:-1]
if len(pages) != count:
    sys.exit(f"pdftotext gave {len(pages)} pages of {count}")
flat = [p.replace(" ", "") for p in pages]
footer_ok = footer_seen = 0
for i, page in enumerate(pages, 1):
    m = re.findall(r"—\s*(\d+)\s*—", page)
    if m:
        footer_seen += 1
        footer_ok += int(m[-1]) == i
# The 目录: the pages from the first one with a row up to the first one after it without any.
row = re.compile(r"^\s*(\d+)\s+(\S.*?记录.*?)\s+(\d{4}-\d\d-\d\d)\s+(\d+)\s*$", re.M)
toc_rows = toc_ok = 0
seen_rows = False
for page in pages:
    found = list(row.finditer(page))
    if not found and seen_rows:
        break
    seen_rows |= bool(found)
    for m in found:
        toc_rows += 1
        target = int(m.group(4))
        title = m.group(2).replace(" ", "")
        toc_ok += 0 < target <= len(pages) and title in flat[target - 1] and (target == 1 or title not in flat[target - 2])
through = "yes" if footer_seen and footer_ok == footer_seen else "no"
print(f"footers through the book: {through} ({footer_ok}/{footer_seen} pages right); 目录 page numbers: " +
      (f"{toc_ok}/{expected} right" + (f" ({toc_rows} rows read)" if toc_rows != expected else "") if toc_rows
       else "none printed"))
sys.exit(0 if through == "yes" and toc_ok == expected else 3)
EOF
}

failed=0
# The engines do not set the same number of pages (the baseline breaks lines every K characters with its own
# spacing), so the last column also compares wall time per page.
printf "%-8s %7s %6s %8s %8s %9s %8s  %s\n" engine N pages wall_s cpu_s rss_MB kB/page "vs libharu: wall, wall per page"
for n in "${sizes[@]}"; do
  python3 "$here/generate_minutes.py" "$n" "$tmp/data-$n" >/dev/null
  rounds=${ROUNDS:-$([ "$n" -ge 10000 ] && echo 1 || echo 3)}
  for ((r = 0; r < rounds; r++)); do
    for engine in "${engines[@]}"; do run "$engine" "$tmp/data-$n" "$tmp/$engine-$n.pdf" "$n"; done
  done
  base_wall=$(median "$tmp/libharu.$n" 1)
  base_pages=$(pdfinfo "$tmp/libharu-$n.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  for engine in "${engines[@]}"; do
    pdf="$tmp/$engine-$n.pdf"
    pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    bytes=$(stat -c %s "$pdf")
    wall=$(median "$tmp/$engine.$n" 1); cpu=$(median "$tmp/$engine.$n" 2); rss=$(median "$tmp/$engine.$n" 3)
    awk -v e="$engine" -v n="$n" -v p="$pages" -v w="$wall" -v c="$cpu" -v r="$rss" -v b="$bytes" -v bw="$base_wall" \
      -v bp="$base_pages" \
      'BEGIN { printf "%-8s %7d %6d %8.2f %8.2f %9.0f %8.2f  %.2f×, %.2f×\n", e, n, p, w, c, r / 1024, b / p / 1024, w / bw, (w / p) / (bw / bp) }'
    start=$(date +%s%N)
    result=$(check_book "$pdf" "$n") || { result="$result — CHECK FAILED"; failed=1; }
    printf "         %s [check %d s]\n" "$result" $(( ($(date +%s%N) - start) / 1000000000 ))
  done
done
echo "($(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo); medians of" \
     "interleaved runs; the machine was shared with nothing else only if you made it so)"
[ "$failed" = 0 ] || { echo "ledger.sh: a book's footers or 目录 page numbers are wrong (see CHECK FAILED above)" >&2; exit 1; }
