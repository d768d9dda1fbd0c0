#!/usr/bin/env bash
# dossier: the sample branch's 纪实簿 (one per person), election dossier and dues ledger are valid PDFs
# with the right content: steps not reached marked 尚未进行, missing steps 【缺】 (defective set),
# candidates in 姓氏笔画 order, the ledger's totals; identical bytes in deterministic mode; selection
# and usage errors exit 2 with a clear message.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"
text() { pdftotext -layout "$1" - 2>/dev/null; }

"$dangan" dossier "$src/samples/branch-2025" --as-of 2025-12-31 --deterministic --out-dir "$tmp/out" 2>"$tmp/err" \
  || fail "dossier exited $?: $(cat "$tmp/err")"
if grep -v "^dangan: 已写出" "$tmp/err" | grep -q .; then fail "unexpected messages: $(cat "$tmp/err")"; fi
for f in 发展党员纪实簿-何雨欣 发展党员纪实簿-冯浩然 发展党员纪实簿-林晨阳 换届选举-2025年支部委员会换届选举 党费收缴台账-2025; do
  [ -s "$tmp/out/$f.pdf" ] || fail "$f.pdf not written"
  qpdf --check "$tmp/out/$f.pdf" >/dev/null 2>&1 || fail "qpdf --check failed for $f.pdf"
done

he=$(text "$tmp/out/发展党员纪实簿-何雨欣.pdf")
grep -q "发展党员全程纪实簿" <<<"$he" || fail "纪实簿 title missing"
grep -q "何雨欣同志发展党员全程纪实" <<<"$he" || fail "纪实簿 heading missing"
grep -q "尚未进行" <<<"$he" || fail "steps 22–25 of 何雨欣 should say 尚未进行"
# The table cell may wrap inside a date: look for the part before the wrap.
grep -q "不早于2026年6月" <<<"$he" || fail "the 转正 discussion's earliest date (预备期满) is missing"
grep -q "不晚于2026年9月" <<<"$he" || fail "the 转正 discussion's due date (R16) is missing"
grep -q "不晚于2023年4月" <<<"$he" || fail "the interview's due date (R02) is missing"
if grep "【缺】" <<<"$he" | grep -vq "表示"; then fail "the complete sample dossier shows 【缺】 (besides the legend)"; fi

# Candidates in 姓氏笔画 order: 王 刘 李 张 陈 赵 (ICU's stroke collation would put 张 before 李).
el=$(text "$tmp/out/换届选举-2025年支部委员会换届选举.pdf")
order=$(grep -oE "^ *[1-6] +(王建华|刘海涛|李秀梅|张志强|陈静|赵明)" <<<"$el" | awk '{print $2}' | tr '\n' ' ')
[ "$order" = "王建华 刘海涛 李秀梅 张志强 陈静 赵明 " ] || fail "candidate order is '$order'"
grep -q "符合，选举有效" <<<"$el" || fail "quorum verdict missing"

dues=$(text "$tmp/out/党费收缴台账-2025.pdf")
grep -q "15297.00" <<<"$dues" || fail "the year's total 15297.00 is missing"
if grep -q "未交" <<<"$(grep -v '说明' <<<"$dues")"; then fail "the clean ledger shows 未交"; fi

# Deterministic: the same bytes twice.
"$dangan" dossier "$src/samples/branch-2025" --as-of 2025-12-31 --deterministic --only dues --out "$tmp/again.pdf" 2>/dev/null
cmp -s "$tmp/again.pdf" "$tmp/out/党费收缴台账-2025.pdf" || fail "deterministic output differs between runs"

# The defective set: a missing step is shown, visibly.
"$dangan" dossier "$src/samples/defective" --as-of 2025-12-31 --person 冯小明 --out "$tmp/feng.pdf" 2>/dev/null \
  || fail "defective dossier exited $?"
feng=$(text "$tmp/feng.pdf")
grep "【缺】" <<<"$feng" | grep -vq "表示" || fail "the missing step 4 of 冯小明 is not shown as 【缺】"
grep -q "本簿缺1个步骤" <<<"$feng" || fail "the count of missing steps is not printed"
"$dangan" dossier "$src/samples/defective" --as-of 2025-12-31 --only dues --out "$tmp/dues-bad.pdf" 2>/dev/null
grep -q "未交" <<<"$(text "$tmp/dues-bad.pdf")" || fail "the defective ledger does not show 未交"

# The merged book: a contents page, then the three 纪实簿 (6 + 6 + 4 pages) in 姓氏笔画 order.
"$dangan" dossier "$src/samples/branch-2025" --as-of 2025-12-31 --merge --only development --out "$tmp/merged.pdf" 2>/dev/null \
  || fail "--merge exited $?"
pages=$(pdfinfo "$tmp/merged.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ "$pages" -eq 17 ] || fail "the merged book has $pages pages, expected 17"
merged=$(text "$tmp/merged.pdf")
contents=$(grep -E "^ *[123] +(冯浩然|何雨欣|林晨阳)" <<<"$merged" | awk '{print $2, $NF}' | tr '\n' ' ')
[ "$contents" = "冯浩然 2 何雨欣 8 林晨阳 14 " ] || fail "contents rows are '$contents'"

# Usage and selection errors.
expect_error() {  # expected message, then the arguments
  local message=$1; shift
  local status=0
  "$dangan" "$@" >"$tmp/o" 2>"$tmp/e" || status=$?
  [ $status -eq 2 ] || fail "'$*' exited $status, expected 2"
  grep -qF -- "$message" "$tmp/e" || fail "'$*' said: $(cat "$tmp/e") — expected: $message"
}
expect_error "--out 只写一份档案，但选中了 5 份；请改用 --out-dir，或用 --only、--person 缩小范围" dossier "$src/samples/branch-2025" --out "$tmp/x.pdf"
expect_error "--out writes one dossier, but 5 were selected" dossier "$src/samples/branch-2025" --out "$tmp/x.pdf" --lang en
expect_error "--only 只能是 development（发展）、election（换届）或 dues（党费），不能是“minutes”" dossier "$src/samples/branch-2025" --only minutes
expect_error "--only must be development, election or dues, not 'minutes'" dossier "$src/samples/branch-2025" --only minutes --lang en
expect_error "数据里没有“张三”的发展党员材料" dossier "$src/samples/branch-2025" --person 张三
expect_error "no development dossier for '张三'" dossier "$src/samples/branch-2025" --person 张三 --lang en
expect_error "dossier 要给数据文件夹或 .json/.xlsx/.csv 文件" dossier
expect_error "--merge 合订的是发展党员纪实簿，但没有选中任何发展党员材料" dossier "$src/samples/branch-2025" --merge --only dues
[ ! -e "$tmp/x.pdf" ] || fail "a file was written despite the error"
echo "PASS: dossiers render"
