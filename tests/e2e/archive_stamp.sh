#!/usr/bin/env bash
# The 归档章 (DA/T 22-2015 附录A) top right of the first page of every filed 件: in a 会议记录本, on each
# dossier and on each PDF the archive files, its 件号 is the 档号's and its 页数 is the 件's real page
# count (counted from the PDF, not taken from dangan), and no other page carries one
# (tests/e2e/check_archive_stamp.py reads the words with pdftotext -bbox). Also on generated records of
# 1–5 pages, and the 归档文件目录's 页数 column agrees.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"
check="$src/tests/e2e/check_archive_stamp.py"

# The sample branch's book of every meeting of 2025 (65 件), its dossiers and dues ledger.
"$dangan" render "$src/samples/branch-2025" --as-of 2025-12-31 --out "$tmp/book.pdf" 2>"$tmp/err" || { cat "$tmp/err"; fail "render failed"; }
python3 "$check" "$tmp/book.pdf" >"$tmp/book.txt" || { tail -20 "$tmp/book.txt"; fail "归档章 of the sample book"; }
grep -q "^65 件 checked" "$tmp/book.txt" || fail "expected 65 件 in the sample book: $(tail -1 "$tmp/book.txt")"
"$dangan" dossier "$src/samples/branch-2025" --as-of 2025-12-31 --out-dir "$tmp/dossiers" 2>"$tmp/err" || { cat "$tmp/err"; fail "dossier failed"; }
python3 "$check" --whole "$tmp/dossiers/"*.pdf >"$tmp/dossiers.txt" || { cat "$tmp/dossiers.txt"; fail "归档章 of the dossiers"; }
grep -q "^5 件 checked" "$tmp/dossiers.txt" || fail "expected 5 dossiers: $(tail -1 "$tmp/dossiers.txt")"

# Generated records (3–9 paragraphs of 80–600 characters: 1 to 5 pages each), as a branch's year would be.
python3 "$src/bench/generate_minutes.py" 40 "$tmp/generated" >/dev/null
"$dangan" render "$tmp/generated" --as-of 2025-12-31 --allow-date-errors --out "$tmp/generated.pdf" 2>"$tmp/err" || true
[[ -s "$tmp/generated.pdf" ]] || { cat "$tmp/err"; fail "render of generated records wrote nothing"; }
python3 "$check" "$tmp/generated.pdf" >"$tmp/generated.txt" || { tail -20 "$tmp/generated.txt"; fail "归档章 of generated records"; }
sizes=$(grep -o "real pages [0-9]*" "$tmp/generated.txt" | sort -u | wc -l)
(( sizes >= 2 )) || fail "the generated records all have the same page count: the test would not see a wrong 页数"
# The 归档文件目录 prints the same 页数 as the stamps: its page-count column sums to the records' pages.
stamped=$(grep -o "real pages [0-9]*" "$tmp/generated.txt" | awk '{s += $3} END {print s}')
total=$(pdfinfo "$tmp/generated.pdf" | awk '/^Pages:/ {print $2}')
first=$(python3 - "$tmp/generated.pdf" <<'PY'
import subprocess, sys
for n in range(1, 200):
    t = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), sys.argv[1], "-"], capture_output=True, text=True).stdout
    if "档号：" in t:
        print(n); break
PY
)
(( total - first + 1 == stamped )) || fail "the stamps' 页数 add up to $stamped, the records take $((total - first + 1)) pages"

# Every PDF the archive files carries its own stamp.
"$dangan" archive "$src/samples/branch-2025" --as-of 2025-12-31 --to "$tmp/archive" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; fail "archive failed"; }
mapfile -t filed < <(find "$tmp/archive" -name '*.pdf' | sort)
(( ${#filed[@]} >= 65 )) || fail "the archive filed only ${#filed[@]} PDFs"
python3 "$check" --whole "${filed[@]}" >"$tmp/filed.txt" || { grep -A30 FAIL "$tmp/filed.txt"; fail "归档章 of the filed PDFs"; }
echo "PASS: $(tail -1 "$tmp/book.txt") (book), $(tail -1 "$tmp/generated.txt") (generated, $sizes page counts), $(tail -1 "$tmp/filed.txt") (archive)"
