#!/usr/bin/env bash
# Every sample output (books, dossiers, dues ledger, 提醒表, 反馈单) measured by bench/typeset_report.py:
# each file passes PDFBox Preflight as PDF/A-1b (one JVM run over all of them), subset tags differ
# between files, and the typesetting figures of issue #13 stay at zero: no signature-only page, no split
# name/date/档号, no one-character last line, no letter-spaced digits, no uncompressed punctuation pair,
# no 禁则 violation, letter-spacing within 0.25 em, every glyph at least 10 mm from the paper edge.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

command -v java >/dev/null || fail "java is missing: run scripts/install-deps.sh (PDFBox Preflight needs it)"
[[ -f /usr/share/java/preflight.jar ]] || fail "PDFBox Preflight is missing: run scripts/install-deps.sh (libpdfbox2-java)"

python3 "$src/bench/typeset_report.py" --dangan "$dangan" --keep "$tmp/out" --json "$tmp/report.json" >"$tmp/report.txt" 2>&1 \
  || { cat "$tmp/report.txt"; fail "bench/typeset_report.py failed"; }
python3 - "$tmp/report.json" <<'PY' || { cat "$tmp/report.txt"; exit 1; }
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
files, total = report["files"], report["total"]
problems = []
if len(files) < 20:
    problems.append(f"only {len(files)} sample outputs were rendered (20 expected)")
for name, m in files.items():
    if m["pdfa"] != "pass":
        problems.append(f"{name}: PDF/A-1b: {m['pdfa']}")
    for key, what in [("sig_only", "signature-only pages"), ("names", "names split across lines"),
                      ("dates", "dates split across lines"), ("codes", "档号/（第N次）/《》 split across lines"),
                      ("one_char", "one-character last lines"), ("ls_digit", "letter-spaced digits or Latin"),
                      ("punct", "uncompressed adjacent punctuation"), ("kinsoku", "禁则 violations")]:
        if m[key]:
            problems.append(f"{name}: {m[key]} {what}")
    if m["ls_max"] > 0.25 + 1e-6:
        problems.append(f"{name}: letter-spacing {m['ls_max']:.3f} em beyond the 0.25 em limit")
    if m["edge_mm"] < 10:
        problems.append(f"{name}: text {m['edge_mm']:.1f} mm from the paper edge (10 mm at least)")
if problems:
    print("FAIL:\n  " + "\n  ".join(problems))
    sys.exit(1)
PY

# Official sheets carry no internal material: no rule ids, data file names or caveats about sources.
for f in "$tmp/out/提醒表-branch-2025.pdf" "$tmp/out/提醒表-defective.pdf" "$tmp/out/dossiers/"*.pdf; do
    text=$(pdftotext -layout "$f" - 2>/dev/null)
    for bad in 'R[0-9][0-9]* ' '\.json' '未见' 'meetings/'; do
        if grep -qE "$bad" <<<"$text"; then fail "$(basename "$f") shows internal material matching '$bad'"; fi
    done
done
# A step that may be taken since a past day is 可办理, not 近期到期 beside a date that reads as missed.
pdftotext -layout "$tmp/out/提醒表-branch-2025.pdf" - | grep -q "可办理   自2025年9月10日起" \
  || fail "提醒表: the 发展对象 step open since 2025-09-10 is not listed as 可办理"

# Subset tags come from each file's content: two books share none.
tags() { pdffonts "$1" 2>/dev/null | awk 'NR > 2 {print substr($1, 1, 7)}' | sort -u; }
a=$(tags "$tmp/out/books/2025-支部委员会-会议记录本.pdf")
b=$(tags "$tmp/out/books/2025-党小组会-会议记录本.pdf")
[[ -n "$a" && -n "$b" ]] || fail "pdffonts lists no fonts"
shared=$(comm -12 <(echo "$a") <(echo "$b"))
[[ -z "$shared" ]] || fail "two books share the subset tags: $shared"
grep -q "HPDFAA" <(echo "$a$b") && fail "libharu's fixed tag HPDFAA+ is still used"

# A second, independent reader agrees: pdf.js (pdfjs-dist, the viewer of Firefox and many web apps) opens
# every sample output, finds poppler's page count and, page by page, the same characters as pdftotext
# (compared as multisets without white space: the two readers order table cells and turned page numbers
# differently). dangan writes its PDFs itself (docs/pdf-writer.md), so this guards the writer.
pdfjs_dir="$src/tests/browser"
[[ -d "$pdfjs_dir/node_modules/pdfjs-dist" ]] || fail "pdfjs-dist is missing: run scripts/install-deps.sh (npm packages of tests/browser)"
mapfile -t pdfs < <(find "$tmp/out" -name '*.pdf' | LC_ALL=C sort)
(( ${#pdfs[@]} >= 20 )) || fail "only ${#pdfs[@]} sample PDFs to open with pdf.js"
node "$pdfjs_dir/pdfjs_text.mjs" "${pdfs[@]}" >"$tmp/pdfjs.jsonl" || fail "pdfjs_text.mjs failed"
python3 - "$tmp/pdfjs.jsonl" <<'PY' || exit 1
import collections, json, subprocess, sys
problems, pages_seen = [], 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    name = r["file"].split("/out/", 1)[-1]
    if "error" in r:
        problems.append(f"{name}: pdf.js cannot open it: {r['error']}"); continue
    for w in r["warnings"]:
        problems.append(f"{name}: pdf.js warns: {w}")
    info = subprocess.run(["pdfinfo", r["file"]], capture_output=True, text=True).stdout
    pages = int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))
    if r["pages"] != pages:
        problems.append(f"{name}: pdf.js finds {r['pages']} pages, poppler {pages}"); continue
    for n, text in enumerate(r["text"], 1):
        pages_seen += 1
        poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), r["file"], "-"],
                                 capture_output=True, text=True).stdout
        a = collections.Counter(c for c in text if not c.isspace())
        b = collections.Counter(c for c in poppler if not c.isspace())
        if a != b:
            only_js, only_poppler = "".join((a - b).elements())[:40], "".join((b - a).elements())[:40]
            problems.append(f"{name} page {n}: pdf.js has «{only_js}» that pdftotext lacks, pdftotext «{only_poppler}»")
if problems:
    print("FAIL: pdf.js and poppler disagree:\n  " + "\n  ".join(problems[:30]))
    sys.exit(1)
print(f"pdf.js: {pages_seen} pages read, the same text as poppler on each")
PY

# --deterministic stays byte-identical with content-derived tags.
"$dangan" render "$src/samples/branch-2025" --as-of 2025-12-31 --kind 党课 --deterministic --out "$tmp/a.pdf" 2>/dev/null
"$dangan" render "$src/samples/branch-2025" --as-of 2025-12-31 --kind 党课 --deterministic --out "$tmp/b.pdf" 2>/dev/null
cmp -s "$tmp/a.pdf" "$tmp/b.pdf" || fail "--deterministic gave different bytes"
echo "PASS"
