#!/usr/bin/env bash
# render: the sample branch's 支委会 book is a valid PDF with embedded subset fonts, every record's
# text in order, the right 档号 and page counts, and identical bytes in deterministic mode; the
# defective samples are refused (exit 1, no file written); the default run writes every book.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

book=$tmp/book.pdf
"$dangan" render "$src/samples/branch-2025" --as-of 2025-12-31 --kind 支委会 --deterministic --out "$book" 2>"$tmp/err" \
  || fail "render exited $? : $(cat "$tmp/err")"
grep -q "已写出 $book" "$tmp/err" || fail "no '已写出' line: $(cat "$tmp/err")"
if grep -v "^dangan: 已写出" "$tmp/err" | grep -q .; then fail "unexpected messages: $(cat "$tmp/err")"; fi

qpdf --check "$book" >/dev/null 2>&1 || fail "qpdf --check failed"
pages=$(pdfinfo "$book" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 14 ] || fail "expected at least 14 pages (cover, catalogue, 12 records), got $pages"
pdfinfo "$book" 2>/dev/null | grep -q "Title: *支部委员会会议记录本" || fail "title missing from document info"
fonts=$(pdffonts "$book" 2>/dev/null | tail -n +3)
[ -n "$fonts" ] || fail "no fonts"
if echo "$fonts" | awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes") bad=1 } END { exit !bad }'; then
  fail "a font is not embedded and subset: $fonts"
fi
echo "$fonts" | awk '{print $1}' | grep -qv '^[A-Z]\{6\}+' && fail "font names lack the subset tag: $fonts"

pdftotext -layout "$book" "$tmp/book.txt" 2>"$tmp/pdftotext.err"
# Each font's ToUnicode map is dangan's own (libharu's made poppler warn "Invalid 'begincidrange'
# operator in ToUnicode CMap" on every PDF): poppler and mupdf must read the book without a word.
[[ -s "$tmp/pdftotext.err" ]] && fail "pdftotext warned: $(head -3 "$tmp/pdftotext.err")"
mutool draw -q -F txt -o "$tmp/mupdf.txt" "$book" 2>"$tmp/mutool.err" || fail "mupdf cannot read the book"
grep -v 'ICC support is not available' "$tmp/mutool.err" | grep -q . && fail "mupdf warned: $(head -3 "$tmp/mutool.err")"
grep -q "归档文件目录" "$tmp/mupdf.txt" || fail "mupdf does not extract the catalogue title"
grep -q "归档文件目录" "$tmp/book.txt" || fail "catalogue title missing"
grep -q "J031-WS·2025-D30-SH-0001" "$tmp/book.txt" || fail "first 档号 missing"
# Every 支委会 record appears, in date order: the "第N次" titles come out 1..12.
python3 - "$tmp/book.txt" "$src/samples/branch-2025" <<'PY' || fail "record text check failed"
import json, pathlib, re, sys
text = pathlib.Path(sys.argv[1]).read_text()
flat = re.sub(r"\s+", "", text)
records = []
for f in sorted(pathlib.Path(sys.argv[2]).rglob("*.json")):
    data = json.loads(f.read_text())
    if data.get("kind") == "meetings":
        records += [r for r in data["records"] if r["type"] in ("支部委员会", "支委会")]
assert len(records) == 12, len(records)
position = 0
for number in range(1, 13):
    title = f"2025年支部委员会会议记录（第{number}次）"
    found = flat.find(title, position) if number > 1 else flat.find(title)
    if number == 3:  # the 3rd 支委会 has its own title
        continue
    assert found >= 0, f"{title} missing or out of order"
    position = found
# every content paragraph of every record is in the text
for r in records:
    for part in r.get("content", []):
        t = part["text"] if isinstance(part, dict) else part
        probe = re.sub(r"\s+", "", t)[:30]
        assert probe in flat, f"content of {r.get('date')} missing: {probe}"
print("ok")
PY

# Page counts in the catalogue equal the real page count of each record (sum = pages - cover - catalogue).
catalogue_pages=$(python3 - "$tmp/book.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rows = re.findall(r"J031-WS·2025-D30-SH-\d{4}.*?\b(2025\d{4})\s+(\d+)\s", text)
print(sum(int(p) for _, p in rows))
PY
)
catalogue_sheets=0
for ((page = 1; page <= pages; page++)); do
  if pdftotext -f $page -l $page "$book" - 2>/dev/null | grep -q "序号"; then catalogue_sheets=$((catalogue_sheets + 1)); fi
done
[ $catalogue_sheets -ge 1 ] || fail "no catalogue page found"
[ "$catalogue_pages" -eq $((pages - 1 - catalogue_sheets)) ] ||
  fail "catalogue 页数 add up to $catalogue_pages, but the records fill $((pages - 1 - catalogue_sheets)) pages"

# Deterministic: the same bytes twice.
"$dangan" render "$src/samples/branch-2025" --as-of 2025-12-31 --kind 支委会 --deterministic --out "$tmp/again.pdf" 2>/dev/null
cmp -s "$book" "$tmp/again.pdf" || fail "deterministic output differs between runs"

# The whole year (65 records, laid out on several threads): still the same bytes every time, and the
# records appear in 件号 order. Meetings share the year's sequence with the 换届 and 发展 dossiers and the
# 党费台账 (docs/numbering.md): 65 meeting numbers out of 0001…0070, ascending.
"$dangan" render "$src/samples/branch-2025" --as-of 2025-12-31 --deterministic --out "$tmp/year1.pdf" 2>/dev/null
"$dangan" render "$src/samples/branch-2025" --as-of 2025-12-31 --deterministic --out "$tmp/year2.pdf" 2>/dev/null
cmp -s "$tmp/year1.pdf" "$tmp/year2.pdf" || fail "the whole-year book differs between runs"
pdftotext "$tmp/year1.pdf" - 2>/dev/null | grep -o "档号：J031-WS·2025-D30-SH-[0-9]*" | sed 's/.*-//' > "$tmp/order"
sort -u "$tmp/order" | cmp -s - "$tmp/order" && [[ $(wc -l < "$tmp/order") -eq 65 && $(tail -1 "$tmp/order") == 0070 ]] ||
  fail "records are not in 件号 order: $(tr '\n' ' ' < "$tmp/order")"

# Defective data: refused, nothing written.
set +e
"$dangan" render "$src/samples/defective" --as-of 2025-12-31 --out "$tmp/bad.pdf" 2>"$tmp/bad.err"
code=$?
set -e
[ $code -eq 1 ] || fail "defective render: expected exit 1, got $code"
grep -q "没有排版" "$tmp/bad.err" || fail "no refusal message: $(cat "$tmp/bad.err")"
[ ! -e "$tmp/bad.pdf" ] || fail "a PDF was written despite the refusal"
ls "$tmp" | grep -q '\.tmp$' && fail "temporary file left behind"

# Only the meetings' dates stop the 会议记录本: a partial date elsewhere (a 预备党员's 入党日期 in the roster)
# is for check and dossier to report, and the book is made.
mkdir -p "$tmp/roster-partial"
cp "$src/samples/branch-2025/meetings/committee-2025.json" "$tmp/roster-partial/"
python3 - "$src/samples/branch-2025/organisation.json" "$tmp/roster-partial/organisation.json" <<'PY'
import json, sys
org = json.load(open(sys.argv[1], encoding="utf-8"))
org["members"][0].update({"status": "预备", "joined": "2025年6月"})
json.dump(org, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
set +e
"$dangan" check "$tmp/roster-partial" --as-of 2025-12-31 >"$tmp/rp.check" 2>&1
"$dangan" render "$tmp/roster-partial" --as-of 2025-12-31 --kind 支部委员会 --out "$tmp/rp.pdf" 2>"$tmp/rp.err"
code=$?
set -e
grep -q "预备党员.*的入党日期“2025年6月”不完整" "$tmp/rp.check" || fail "check does not report the roster's partial date: $(cat "$tmp/rp.check")"
[ $code -le 1 ] && [ -s "$tmp/rp.pdf" ] || fail "a roster date stopped the meeting book (exit $code): $(cat "$tmp/rp.err")"
grep -q "没有排版" "$tmp/rp.err" && fail "refusal for a date that is not printed: $(cat "$tmp/rp.err")"

# A character no font has is reported with its record and drawn as 〓 (exit 1); one beyond the BMP
# is drawn as an outline, reported, and still extracted by poppler through /ActualText.
set +e
"$dangan" render "$src/samples/rare-characters" --as-of 2025-12-31 --out "$tmp/rare.pdf" 2>"$tmp/rare.err"
code=$?
set -e
[ $code -eq 1 ] || fail "rare characters: expected exit 1, got $code: $(cat "$tmp/rare.err")"
grep -q "2025-03-10 党课.*没有字体有字符 U+0378" "$tmp/rare.err" || fail "U+0378 not reported: $(cat "$tmp/rare.err")"
grep -q "U+20BB7) 按轮廓画出" "$tmp/rare.err" || fail "U+20BB7 not reported: $(cat "$tmp/rare.err")"
pdftotext "$tmp/rare.pdf" - 2>/dev/null | grep -q "吉𠮷、王喆" || fail "the outline 𠮷 does not extract as text"
pdftotext "$tmp/rare.pdf" - 2>/dev/null | grep -q "〓" || fail "the missing character is not marked with 〓"

# Traditional input: the kind is recognised, and --simplified prints Simplified characters.
mkdir -p "$tmp/trad"
cat > "$tmp/trad/m.json" <<'JSON'
{"kind": "meeting", "type": "支委會", "date": "2025年3月1日", "start": "14:00", "end": "15:00", "place": "會議室",
 "host": "陳靜", "recorder": "劉洋", "attendance": {"expected": 2, "present": ["陳靜", "劉洋"]},
 "agenda": ["學習黨章"], "content": ["討論黨員發展工作。"], "resolutions": ["通過"]}
JSON
"$dangan" render "$tmp/trad" --as-of 2025-12-31 --simplified --out "$tmp/trad.pdf" 2>/dev/null || fail "Traditional input not rendered"
pdftotext "$tmp/trad.pdf" - 2>/dev/null | grep -q "讨论党员发展工作" || fail "--simplified did not convert the text"

# The default set: one book per kind plus the whole year.
"$dangan" render "$src/samples/branch-2025" --as-of 2025-12-31 --out-dir "$tmp/out" 2>/dev/null
count=$(ls "$tmp/out"/*.pdf | wc -l)
[ "$count" -ge 10 ] || fail "expected a book per meeting kind, got $count files"
[ -f "$tmp/out/2025-全部会议-会议记录本.pdf" ] || fail "the whole-year book is missing"
echo "render_samples: ok ($pages pages, catalogue total $catalogue_pages pages)"
