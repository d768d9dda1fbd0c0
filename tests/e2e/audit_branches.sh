#!/usr/bin/env bash
# `audit PARENT --branches` on five branches (two dangan archives, three hand-made from the corpus
# generator): one summary row each, every score and grade in the JSON, the 四性 summary, the branch
# named from audit.json/organisation.json; a list file works the same; a GBK name never fails the sheet.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

python3 "$src/tests/corpus/make_branches.py" "$tmp/corpus" >/dev/null
mkdir "$tmp/p"
for b in 李家村党支部 外国语学院学生第一党支部 江川机械有限公司第三党支部; do mv "$tmp/corpus/$b" "$tmp/p/"; done
"$dangan" archive "$src/samples/branch-2025" --to "$tmp/p/档案局第二支部" --as-of 2025-12-31 >/dev/null 2>&1
"$dangan" archive "$src/samples/defective" --to "$tmp/p/林业局支部" --as-of 2025-12-31 >/dev/null 2>&1 || true
status=0
"$dangan" audit "$tmp/p" --branches --as-of 2025-12-31 --format json >"$tmp/out.json" 2>"$tmp/err.txt" || status=$?
[[ $status -eq 1 ]] || { cat "$tmp/err.txt"; fail "--branches exited $status, expected 1 (errors in some branches)"; }
python3 - "$tmp/out.json" <<'PY' || fail "--branches JSON"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
b = d["branches"]
assert len(b) == 5 and len(d["reports"]) == 5, len(b)
names = [x["name"] for x in b]
assert "中共某大学外国语学院学生第一党支部委员会" in names and "中共江川市档案局机关第二支部委员会" in names, names
for x in b:
    assert isinstance(x["score"], (int, float)) and x["grade"], x
clean = [x for x in b if x["name"] == "中共江川市档案局机关第二支部委员会"][0]
assert clean["score"] == 100 and clean["errors"] == 0 and clean["dangan_items"] > 60, clean
assert set(d["summary"]["four_properties"]) == {"真实性", "完整性", "可用性", "安全性"}
PY
# The 工委's files. The workbook: sheet 汇总 has one row per branch with the JSON's scores (numbers stored as
# numbers), sheet 问题明细 one row per finding; --deterministic gives the same bytes twice.
for n in 1 2; do
  status=0
  "$dangan" audit "$tmp/p" --branches --as-of 2025-12-31 --deterministic --format xlsx --out "$tmp/汇总$n.xlsx" \
    >/dev/null 2>"$tmp/err.txt" || status=$?
  [[ $status -eq 1 ]] || { cat "$tmp/err.txt"; fail "--branches --format xlsx exited $status"; }
done
cmp -s "$tmp/汇总1.xlsx" "$tmp/汇总2.xlsx" || fail "--deterministic xlsx differs between two runs"
python3 - "$tmp/汇总1.xlsx" "$tmp/out.json" <<'PY' || fail "summary workbook"
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
d = json.load(open(sys.argv[2], encoding="utf-8"))
wb = z.read("xl/workbook.xml").decode()
assert re.findall(r'<sheet name="([^"]+)"', wb) == ["汇总", "问题明细"], wb
strings = [re.sub(r"<[^>]+>", "", si) for si in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
def rows(sheet):
    out = []
    for row in re.findall(r"<row [^>]*>(.*?)</row>", z.read(sheet).decode(), re.S):
        cells = []
        for attrs, body in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", row, re.S):
            v = re.search(r"<v>(.*?)</v>", body or "")
            if v is None: cells.append(None)
            elif 't="s"' in attrs: cells.append(strings[int(v.group(1))])
            else: cells.append(float(v.group(1)))
        out.append(cells)
    return out
summary = rows("xl/worksheets/sheet1.xml")
assert summary[0] == ["支部", "错误", "警告", "提示", "得分", "等级", "主要问题"], summary[0]
assert len(summary) == 1 + len(d["branches"]) == 6, len(summary)
for row, b in zip(summary[1:], d["branches"]):
    assert row[0] == b["name"] and row[1:5] == [b["errors"], b["warnings"], b["infos"], b["score"]] and row[5] == b["grade"], (row, b)
sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
assert "<pane " in sheet1 and 'state="frozen"' in sheet1 and "<cols>" in sheet1, "header row not frozen / no widths"
detail = rows("xl/worksheets/sheet2.xml")
assert detail[0] == ["支部", "级别", "规则", "四性", "文件", "问题"], detail[0]
total = sum(b["errors"] + b["warnings"] + b["infos"] for b in d["branches"])
assert len(detail) - 1 == total and total > 0, (len(detail) - 1, total)
print(f"xlsx: {len(summary) - 1} branches, {total} findings", file=sys.stderr)
PY
# The PDF: 汇总表, then one 反馈单 per branch (every branch named), a valid PDF.
status=0
"$dangan" audit "$tmp/p" --branches --as-of 2025-12-31 --deterministic --format pdf --out "$tmp/汇总.pdf" \
  >/dev/null 2>"$tmp/err.txt" || status=$?
[[ $status -eq 1 ]] || { cat "$tmp/err.txt"; fail "--branches --format pdf exited $status"; }
qpdf --check "$tmp/汇总.pdf" >/dev/null || fail "qpdf --check fails on the summary PDF"
pdftotext "$tmp/汇总.pdf" - | tr -d ' \n\f' >"$tmp/sum.txt"
grep -q "党支部档案检查情况汇总表" "$tmp/sum.txt" || fail "no 汇总表 in the PDF"
[[ $(grep -o "被检查单位：" "$tmp/sum.txt" | wc -l) -eq 5 ]] || fail "expected 5 反馈单 in the PDF"
python3 - "$tmp/out.json" "$tmp/sum.txt" <<'PY' || fail "a branch missing from the PDF"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read()
for b in d["branches"]:
    assert text.count(b["name"]) >= 2, b["name"]  # in the table and on its 反馈单
PY
pages=$(pdfinfo "$tmp/汇总.pdf" | awk '/^Pages:/ {print $2}')
[[ $pages -ge 6 ]] || fail "the summary PDF has $pages pages, expected at least 1 + 5"
# Bad requests: exit 2 with a message naming what to do.
expect_usage() {  # expect_usage TEXT ARGS…: exit 2 and TEXT in the message
  local want=$1 status=0; shift
  "$dangan" audit "$@" >"$tmp/usage.txt" 2>&1 || status=$?
  [[ $status -eq 2 ]] && grep -qF -- "$want" "$tmp/usage.txt" || { cat "$tmp/usage.txt"; fail "audit $* : expected exit 2 with '$want', got $status"; }
}
expect_usage "--out 汇总.xlsx" "$tmp/p" --branches --format xlsx
expect_usage "--out 汇总.pdf" "$tmp/p" --branches --format pdf
expect_usage "--out 应为 .xlsx 文件" "$tmp/p" --branches --format xlsx --out "$tmp/x.pdf"
expect_usage "--out 应为 .pdf 文件" "$tmp/p" --branches --format pdf --out "$tmp/x.xlsx"
expect_usage "--out 应为 .pdf 文件" "$tmp/p" --branches --out "$tmp/x.txt"
expect_usage "请加上 --branches" "$tmp/p/李家村党支部" --format xlsx --out "$tmp/x.xlsx"
expect_usage "之内" "$tmp/p" --branches --format xlsx --out "$tmp/p/汇总.xlsx"
expect_usage "之内" "$tmp/p" --branches --format pdf --out "$tmp/p/李家村党支部/汇总.pdf"
printf 'not a summary' >"$tmp/台账.xlsx"
expect_usage "不覆盖" "$tmp/p" --branches --format xlsx --out "$tmp/台账.xlsx"
status=0  # an earlier summary is replaced
"$dangan" audit "$tmp/p" --branches --as-of 2025-12-31 --out "$tmp/汇总1.xlsx" >/dev/null 2>&1 || status=$?
[[ $status -eq 1 ]] || fail "rewriting an earlier summary workbook exited $status"
[[ ! -e "$tmp/p/汇总.xlsx" && ! -e "$tmp/x.pdf" ]] || fail "a refused request wrote a file"
"$dangan" audit "$tmp/p" --branches --as-of 2025-12-31 >"$tmp/out.txt" 2>&1 || true
grep -q "四性检测" "$tmp/out.txt" || { cat "$tmp/out.txt"; fail "no 四性检测 line"; }
printf '# 清单\n李家村党支部\n档案局第二支部\n' >"$tmp/p/清单.txt"
"$dangan" audit "$tmp/p/清单.txt" --branches --as-of 2025-12-31 >"$tmp/list.txt" 2>&1 || true
grep -q "共 2 个支部" "$tmp/list.txt" || { cat "$tmp/list.txt"; fail "list file"; }
printf '不存在的支部\n' >"$tmp/bad-list.txt"
status=0
"$dangan" audit "$tmp/bad-list.txt" --branches >"$tmp/bad.txt" 2>&1 || status=$?
[[ $status -eq 2 ]] && grep -q "不存在的支部" "$tmp/bad.txt" || { cat "$tmp/bad.txt"; fail "a list line that is no folder must be exit 2 naming it"; }

# The sheet of a tree with a GBK name: written, the branch named, no machine path, lint.encoding.
b="$tmp/p/李家村党支部"
printf x >"$b/2023年/$(printf '\xbb\xe1\xd2\xe9\xbc\xc7\xc2\xbc').pdf"
status=0
"$dangan" audit "$b" --as-of 2025-06-30 --format pdf --out "$tmp/sheet.pdf" >"$tmp/out.txt" 2>"$tmp/err.txt" || status=$?
[[ $status -eq 1 ]] || { cat "$tmp/err.txt"; fail "sheet with a GBK name exited $status"; }
pdftotext -layout "$tmp/sheet.pdf" "$tmp/sheet.txt"
grep -q "李家村党支部的档案" "$tmp/sheet.txt" || { cat "$tmp/sheet.txt"; fail "检查范围 must name the branch"; }
! grep -qF "$tmp" "$tmp/sheet.txt" || fail "the sheet shows a machine path"
grep -q "lint.encoding" "$tmp/out.txt" || fail "no lint.encoding"
"$dangan" audit "$b" --as-of 2025-06-30 --format json >"$tmp/gbk.json" 2>&1 || true
python3 -c "import json,sys; json.load(open(sys.argv[1], encoding='utf-8'))" "$tmp/gbk.json" || fail "JSON not valid with a GBK name"

# Item 5 of issue 12 on the sheet of a clean dangan archive: 检查范围 names the branch (never a path), the
# counts are those of the archive (its filed matters are records), 未发现问题 without any 整改要求, and not
# one Latin word; on a sheet with findings no English sentence either (the library's text stays in the JSON).
"$dangan" audit "$tmp/p/档案局第二支部" --as-of 2025-12-31 --deterministic --out "$tmp/clean.pdf" >/dev/null 2>&1 ||
  fail "the clean archive's sheet: audit exited non-zero"
pdftotext "$tmp/clean.pdf" - | tr -d ' \n\f' >"$tmp/clean.txt"
python3 - "$tmp/clean.txt" "$tmp/out.json" "$tmp" <<'PY' || fail "the clean archive's 反馈单 (issue 12 item 5)"
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
d = json.load(open(sys.argv[2], encoding="utf-8"))
b = [x for x in d["branches"] if x["name"] == "中共江川市档案局机关第二支部委员会"][0]
assert "检查范围" in text and "中共江川市档案局机关第二支部委员会的档案（文件夹“档案局第二支部”）" in text, text[:300]
m = re.search(r"识别记录(\d+)份", text)
assert m and int(m.group(1)) >= b["dangan_items"] > 60, (m and m.group(0), b["dangan_items"])
assert "未发现问题" in text and "整改要求" not in text, text
assert not re.search(r"[A-Za-z]", text), re.findall(r"[A-Za-z]+", text)
assert sys.argv[3] not in text
PY
pdftotext "$tmp/sheet.pdf" - | tr '\n' ' ' >"$tmp/sheet-words.txt"
! grep -qE "[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}" "$tmp/sheet-words.txt" ||
  { grep -oE "[A-Za-z]{2,}( [A-Za-z]{2,}){2,}" "$tmp/sheet-words.txt"; fail "an English sentence on the 反馈单"; }
grep -q "整改要求" "$tmp/sheet-words.txt" || fail "a sheet with findings lacks its 整改要求"
echo "PASS"
