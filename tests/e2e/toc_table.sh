#!/usr/bin/env bash
# <toc form="table"> (issue #16): a record whose 议题 are its headings, with a ruled table of contents that
# takes several pages. The 议题 are generated (40 of them, some long enough to wrap in the table's title
# column, no digits in their text). Read back with pdftotext: the table's heading row is at the top of every
# page it spans, it lists every 议题 once in order, and each row's 页码 is the page whose footer carries it and
# where that 议题's heading really is. A bad form= value is refused in Chinese at the template's file and
# line, exit 2. The dot-leader TOC of the same record still renders (its own rows checked the same way).
source "$(dirname "$0")/common.bash" "$@"

python3 "$src/bench/generate_minutes.py" 1 "$tmp/data" >/dev/null || fail "generate_minutes.py failed"
python3 - "$tmp/data" <<'PY' || fail "could not write the test record"
import glob, json, random, sys
rng = random.Random(16)
words = ["学习贯彻党的二十大精神", "推进支部标准化规范化建设", "做好党员教育管理", "落实三会一课制度",
         "开展主题党日活动", "加强意识形态工作", "整改巡察反馈问题", "做好党费收缴工作", "发展党员工作",
         "关心帮扶困难党员", "档案整理归档", "廉政风险防控"]
topics = []
for i in range(40):
    n = rng.choice([1, 1, 2, 4, 6])
    topics.append("关于" + "、".join(rng.choice(words) for _ in range(n)) + "的讨论")
path = [p for p in glob.glob(sys.argv[1] + "/meetings-*.json")][0]
doc = json.load(open(path, encoding="utf-8"))
doc["records"] = doc["records"][:1]
doc["records"][0]["agenda"] = topics
json.dump(doc, open(path, "w", encoding="utf-8"), ensure_ascii=False)
json.dump(topics, open(sys.argv[1] + "/../topics.json", "w", encoding="utf-8"), ensure_ascii=False)
PY

mkdir -p "$tmp/templates"
cat >"$tmp/templates/topics.tpl" <<'TPL'
<document title="{{ item.title }}">
  <style name="toc" size="小四" line-pitch="18pt"/>
  <footer><p style="footer">第 <page-number/> 页</p></footer>
  <section>
    <toc title="议题目录" form="table" columns="number title page" heads="序号|议题|页码" widths="15mm * 20mm"/>
    <page-break/>
    {% for topic in record.agenda %}
    <h2>议题{{ loop.index }}：{{ topic }}</h2>
    <p>{{ topic }}。{% if loop.index is odd %}{{ topic }}，{{ topic }}。{% endif %}</p>
    {% endfor %}
  </section>
</document>
TPL
sed 's|form="table" columns="number title page" heads="序号[|]议题[|]页码" widths="15mm \* 20mm"||' \
  "$tmp/templates/topics.tpl" >"$tmp/templates/leaders.tpl"
grep -q 'form=' "$tmp/templates/leaders.tpl" && fail "leaders.tpl: form= not removed"

render() {
  "$dangan" render "$tmp/data" --as-of 2025-12-31 --templates "$tmp/templates" --template "$1" --out "$2" \
    --allow-date-errors --deterministic 2>"$tmp/err" || { cat "$tmp/err" >&2; fail "render $1 exited $?"; }
}
render topics.tpl "$tmp/table.pdf"
render leaders.tpl "$tmp/leaders.pdf"

cat >"$tmp/check.py" <<'PY'
import json, re, sys
text_file, topics_file, form = sys.argv[1], sys.argv[2], sys.argv[3]
pages = open(text_file, encoding="utf-8").read().split("\f")[:-1]
topics = json.load(open(topics_file, encoding="utf-8"))
problems = []
# The record's pages: from the TOC's title on; each carries its own number in the footer "第 N 页".
start = next((i for i, p in enumerate(pages) if "议题目录" in p), None)
if start is None:
    sys.exit("the TOC title 议题目录 is on no page")
labels, heading_at, toc_pages = {}, {}, []
for i in range(start, len(pages)):
    lines = [l for l in pages[i].split("\n") if l.strip()]
    footer = re.fullmatch(r"\s*第 (\d+) 页\s*", lines[-1]) if lines else None
    if not footer:
        problems.append(f"page {i + 1}: no footer 第 N 页")
        continue
    labels[i] = footer.group(1)
    # TOC pages: those with the table's heading row, or with dot leaders; the rest are the body.
    if any(l.split() == ["序号", "议题", "页码"] or "....." in l for l in lines):
        toc_pages.append(i)
        continue
    for l in lines:
        m = re.match(r"\s*议题(\d+)：", l)
        if m:
            heading_at.setdefault(int(m.group(1)), labels[i])
if toc_pages != list(range(start, start + len(toc_pages))):
    problems.append(f"the TOC's pages {[i + 1 for i in toc_pages]} do not follow each other from its title's page")
# Rows of the TOC: the 序号 at the start of a line and the 页码 at its end (both on the row's middle line,
# between the lines of a wrapped title when it has two).
rows = []
for i in toc_pages:
    lines = [l for l in pages[i].split("\n") if l.strip()][:-1]
    if form == "table":
        head = next((l for l in lines if l.strip() and "议题目录" not in l), "")
        if head.split() != ["序号", "议题", "页码"]:
            problems.append(f"page {i + 1}: the TOC page does not start with the heading row 序号 议题 页码: {head!r}")
    for l in lines:
        m = re.fullmatch(r"\s*(\d+)(?:\s+\S.*?)?\s+(\d+)\s*", l) if form == "table" else re.fullmatch(r"\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*", l)
        if m:
            rows.append((m.group(1), m.group(2), i))
if len(toc_pages) < 2:
    problems.append(f"the TOC takes {len(toc_pages)} page(s); the test needs it to span at least 2")
if len(heading_at) != len(topics):
    problems.append(f"{len(heading_at)} of {len(topics)} 议题 headings found in the text")
if form == "table":
    if [r[0] for r in rows] != [str(k) for k in range(1, len(topics) + 1)]:
        problems.append(f"the TOC's 序号 are {[r[0] for r in rows]}, expected 1 … {len(topics)}")
    for number, page, _ in rows:
        if heading_at.get(int(number)) != page:
            problems.append(f"TOC row {number}: 页码 {page}, but 议题{number} is on the page printed {heading_at.get(int(number))}")
else:
    if len(rows) != len(topics):
        problems.append(f"{len(rows)} dot-leader rows found, expected {len(topics)}")
    for k, (_, page, _) in enumerate(rows, 1):
        if heading_at.get(k) != page:
            problems.append(f"dot-leader row {k}: page {page}, but 议题{k} is on the page printed {heading_at.get(k)}")
if problems:
    print("FAIL (" + form + "):\n  " + "\n  ".join(problems[:20]))
    sys.exit(1)
print(f"{form}: {len(rows)} rows over {len(toc_pages)} TOC pages, each pointing at its heading")
PY
for form in table leaders; do
  pdftotext -layout "$tmp/$form.pdf" "$tmp/$form.txt" || fail "pdftotext failed"
  python3 "$tmp/check.py" "$tmp/$form.txt" "$tmp/topics.json" "$form" || fail "$form TOC: page numbers wrong"
done

# A bad value: refused in Chinese at the template's file and line, exit 2, no PDF.
sed 's|form="table"|form="grid"|' "$tmp/templates/topics.tpl" >"$tmp/templates/bad.tpl"
set +e
"$dangan" render "$tmp/data" --as-of 2025-12-31 --templates "$tmp/templates" --template bad.tpl --out "$tmp/bad.pdf" \
  --allow-date-errors 2>"$tmp/bad.err"
code=$?
set -e
[[ $code == 2 ]] || { cat "$tmp/bad.err"; fail "bad form= value: exit $code, expected 2"; }
grep -q 'bad.tpl:5:.*<toc> 的属性 form="grid" 不对：应为 leaders、table' "$tmp/bad.err" \
  || { cat "$tmp/bad.err"; fail "bad form= value: no Chinese message at bad.tpl:5"; }
[[ ! -e "$tmp/bad.pdf" ]] || fail "bad form= value: a PDF was written"
echo "ok"
