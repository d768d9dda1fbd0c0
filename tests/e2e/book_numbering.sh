#!/usr/bin/env bash
# A 会议记录本 numbered through the book in one `dangan render` (issue #16): 120 generated records, a 目录
# of several pages printing each record's 起止页 (item.first_page / item.last_page), footers "第 N 页 共 M 页"
# counted through the book (scope="book"), and a record template that prints its own 起止页 at its top.
# Read back with pdftotext: every 目录 row points at the page whose footer carries that number and whose
# text begins the record; each record's printed 起止页 is where it really is; footers equal the physical
# page and M the book's length; the same input gives the same bytes.
source "$(dirname "$0")/common.bash" "$@"

# BOOK_RECORDS: the check build's suite (scripts/sanitize.sh) uses fewer records; the 目录 still takes pages.
records=${BOOK_RECORDS:-120}
min_toc_pages=$(( records >= 120 ? 3 : 2 ))
python3 "$src/bench/generate_minutes.py" "$records" "$tmp/data" >/dev/null || fail "generate_minutes.py failed"
mkdir -p "$tmp/templates"
book_footer='<footer><p style="footer">第 <page-number scope="book"/> 页  共 <page-count scope="book"/> 页</p></footer>'
sed -e "s|<footer><p style=\"footer\">第 <page-number/> 页  共 <page-count/> 页</p></footer>|$book_footer|" \
    -e 's|<p style="code">档号：{{ item.code }}</p>|<p style="code">档号：{{ item.code }}　起止页：{{ item.first_page }}-{{ item.last_page }}</p>|' \
    "$src/templates/meeting.tpl" >"$tmp/templates/meeting.tpl"
grep -q 'scope="book"' "$tmp/templates/meeting.tpl" || fail "meeting.tpl: footer not replaced"
grep -q 'item.first_page' "$tmp/templates/meeting.tpl" || fail "meeting.tpl: 档号 line not replaced"
cat >"$tmp/templates/catalogue.tpl" <<'TPL'
<document title="{{ book.title }} 目录">
  <page preset="record"/>
  <style name="toc" font="宋体" size="五号" align="left" indent="0pt" line-pitch="16pt"/>
  <footer><p style="footer">第 <page-number scope="book"/> 页  共 <page-count scope="book"/> 页</p></footer>
  <section>
  <h1>目　录</h1>
  <table widths="8% * 16% 12%" padding="3pt" style="toc">
    <row header="yes"><cell>序号</cell><cell>题名</cell><cell>日期</cell><cell>起止页</cell></row>
    {% for it in items %}
    <row><cell>{{ it.sequence }}</cell><cell>{{ it.title }}</cell><cell>{{ it.date_iso }}</cell><cell>{{ it.page_range }}</cell></row>
    {% endfor %}
  </table>
  </section>
</document>
TPL

render() {
  "$dangan" render "$tmp/data" --as-of 2025-12-31 --out "$1" --templates "$tmp/templates" --allow-date-errors \
    --deterministic 2>"$tmp/err" || { cat "$tmp/err" >&2; fail "render exited $?"; }
}
render "$tmp/book.pdf"
render "$tmp/again.pdf"
cmp -s "$tmp/book.pdf" "$tmp/again.pdf" || fail "the same input gave different bytes"

pdftotext -layout "$tmp/book.pdf" "$tmp/book.txt" || fail "pdftotext failed"
cat >"$tmp/check.py" <<'PY'
import re, sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")[:-1]
total = int(sys.argv[2])
expected_rows, min_toc_pages = int(sys.argv[3]), int(sys.argv[4])
assert len(pages) == total, f"pdftotext read {len(pages)} pages, pdfinfo says {total}"
squash = [p.replace(" ", "") for p in pages]
errors = []
# Footers: 第 N 页 共 M 页 with N the physical page, M the book's pages; the cover carries none.
footers = 0
for i, page in enumerate(pages, 1):
    m = re.findall(r"第\s*(\d+)\s*页\s+共\s*(\d+)\s*页", page)
    if not m:
        if i != 1: errors.append(f"page {i}: no footer")
        continue
    footers += 1
    n, count = map(int, m[-1])
    if (n, count) != (i, total): errors.append(f"page {i}: footer says {n}/{count}")
# 目录 rows: 序号 题名 日期 起止页, on the pages before the first record.
rows = []
for i, page in enumerate(pages[:20], 1):
    for m in re.finditer(r"^\s*(\d+)\s+(\S.*?记录.*?)\s+(\d{4}-\d\d-\d\d)\s+(\d+)(?:-(\d+))?\s*$", page, re.M):
        first = int(m.group(4)); last = int(m.group(5) or m.group(4))
        rows.append((int(m.group(1)), m.group(2).replace(" ", ""), first, last, i))
toc_pages = sorted({r[4] for r in rows})
if len(rows) != expected_rows: errors.append(f"{len(rows)} 目录 rows read, expected {expected_rows}")
if len(toc_pages) < min_toc_pages: errors.append(f"the 目录 took {len(toc_pages)} pages; the test needs one of several")
expected_first = max(toc_pages) + 1 if toc_pages else 0
for seq, title, first, last, _ in rows:
    if first != expected_first: errors.append(f"row {seq}: starts at {first}, expected {expected_first} (right after the previous)")
    expected_first = last + 1
    if not (0 < first <= last <= total):
        errors.append(f"row {seq}: 起止页 {first}-{last} outside the book"); continue
    # The record begins on its first page: 档号 line with its printed 起止页, then the title.
    if f"起止页：{first}-{last}" not in squash[first - 1]:
        errors.append(f"row {seq}: page {first} does not print 起止页：{first}-{last}")
    if title not in squash[first - 1]: errors.append(f"row {seq}: '{title}' is not on page {first}")
if rows and rows[-1][3] != total: errors.append(f"the last record ends at {rows[-1][3]}, the book has {total} pages")
for e in errors[:20]: print(e)
print(f"book_numbering: {total} pages, {footers} footers, {len(rows)} 目录 rows on {len(toc_pages)} pages, {len(errors)} errors")
sys.exit(1 if errors else 0)
PY
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
python3 "$tmp/check.py" "$tmp/book.txt" "$(pages "$tmp/book.pdf")" "$records" "$min_toc_pages" || fail "book numbering is wrong (above)"

# Several years in one book (--year 2024-2025 and --all): the same 30 records in 2024 and in 2025. Numbered
# through the book as above, and each year's records keep the 档号 of their own year's book.
python3 "$src/bench/generate_minutes.py" 30 "$tmp/one" >/dev/null || fail "generate_minutes.py failed"
mkdir -p "$tmp/two"
for f in "$tmp/one"/*.json; do
  cp "$f" "$tmp/two/"
  [ "$(basename "$f")" = organisation.json ] || sed 's/"2025-/"2024-/g' "$f" >"$tmp/two/y2024-$(basename "$f")"
done
render_years() {  # OUT ARGS…
  local out=$1; shift
  "$dangan" render "$tmp/two" --as-of 2025-12-31 --out "$out" --templates "$tmp/templates" --allow-date-errors \
    --deterministic "$@" 2>"$tmp/err" || { cat "$tmp/err" >&2; fail "render $* exited $?"; }
}
render_years "$tmp/range.pdf" --year 2024-2025
render_years "$tmp/all.pdf" --all
render_years "$tmp/y2024.pdf" --year 2024
render_years "$tmp/y2025.pdf" --year 2025
cmp -s "$tmp/range.pdf" "$tmp/all.pdf" || fail "--year 2024-2025 and --all differ on data of 2024 and 2025"
pdftotext -layout "$tmp/range.pdf" "$tmp/range.txt"
python3 "$tmp/check.py" "$tmp/range.txt" "$(pages "$tmp/range.pdf")" 60 2 || fail "two-year book numbering is wrong (above)"
# The 档号 each record page prints at its top (档号：…), in book order, once per record.
codes() { pdftotext -layout "$1" - | grep -o '档号：J900-[^ 　]*SH-[0-9]\{4\}' | awk '!seen[$0]++'; }
codes "$tmp/range.pdf" >"$tmp/range.codes"
cat <(codes "$tmp/y2024.pdf") <(codes "$tmp/y2025.pdf") >"$tmp/years.codes"
[ "$(wc -l <"$tmp/range.codes")" -eq 60 ] || fail "the two-year book shows $(wc -l <"$tmp/range.codes") 档号, expected 60"
diff "$tmp/years.codes" "$tmp/range.codes" >&2 || fail "the two-year book's 档号 differ from each year's own book"
grep -q '2024-D30-SH-0001' "$tmp/range.codes" && grep -q '2025-D30-SH-0001' "$tmp/range.codes" ||
  fail "each year's 件号 should start at 0001"
"$dangan" render "$tmp/two" --out "$tmp/x.pdf" --allow-date-errors 2>"$tmp/err" && fail "several years without --year/--all rendered"
grep -q -- "--all" "$tmp/err" || fail "the several-years refusal does not mention --all"
"$dangan" render "$tmp/two" --out "$tmp/x.pdf" --year 2025-2024 2>"$tmp/err"; [ $? -eq 2 ] || fail "--year 2025-2024: expected exit 2"
echo "ok: book numbered in one run, also over two years"
