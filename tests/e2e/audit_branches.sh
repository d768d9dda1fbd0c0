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
