#!/usr/bin/env bash
# A 会议记录本 numbered through the book in one `dangan render` (issue #16): 120 generated records, a 目录
# of several pages printing each record's 起止页 (item.first_page / item.last_page), footers "第 N 页 共 M 页"
# counted through the book (scope="book"), and a record template that prints its own 起止页 at its top.
# Read back with pdftotext: every 目录 row points at the page whose footer carries that number and whose
# text begins the record; each record's printed 起止页 is where it really is; footers equal the physical
# page and M the book's length; the same input gives the same bytes.
source "$(dirname "$0")/common.bash" "$@"

python3 "$src/bench/generate_minutes.py" 120 "$tmp/data" >/dev/null || fail "generate_minutes.py failed"
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
python3 - "$tmp/book.txt" "$(pdfinfo "$tmp/book.pdf" | awk '/^Pages:/ {print $2}')" <<'PY' || fail "book numbering is wrong (above)"
import re, sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")[:-1]
total = int(sys.argv[2])
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
if len(rows) != 120: errors.append(f"{len(rows)} 目录 rows read, expected 120")
if len(toc_pages) < 3: errors.append(f"the 目录 took {len(toc_pages)} pages; the test needs one of several")
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
echo "ok: book numbered in one run"
