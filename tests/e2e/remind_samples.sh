#!/usr/bin/env bash
# remind: the 工作提醒表 of the samples in text, JSON and PDF; exit 1 when something is overdue;
# bad --within values exit 2 with the accepted forms.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

# The clean branch at the end of 2025: nothing overdue, 何雨欣's 转正 ahead, 林晨阳 may become 发展对象.
status=0
"$dangan" remind "$src/samples/branch-2025" --as-of 2025-12-31 >"$tmp/out.txt" 2>"$tmp/err" || status=$?
[ $status -eq 0 ] || fail "remind exited $status: $(cat "$tmp/out.txt" "$tmp/err")"
[ ! -s "$tmp/err" ] || fail "unexpected messages: $(cat "$tmp/err")"
head -1 "$tmp/out.txt" | grep -q "^工作提醒表  2025年12月31日（提前30天）$" || fail "header: $(head -1 "$tmp/out.txt")"
grep -q "何雨欣：第23步“支部大会讨论转正”：不早于2026年6月12日，不晚于2026年9月12日。" "$tmp/out.txt" || fail "何雨欣's 转正: $(cat "$tmp/out.txt")"
grep -q "林晨阳：第7步“确定发展对象”：自2025年9月10日起可以进行" "$tmp/out.txt" || fail "林晨阳's next step: $(cat "$tmp/out.txt")"
grep -q "已逾期 0 项" "$tmp/out.txt" || fail "summary: $(tail -1 "$tmp/out.txt")"

# JSON.
"$dangan" remind "$src/samples/branch-2025" --as-of 2025-12-31 --format json >"$tmp/out.json"
python3 - "$tmp/out.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert r["as_of"] == "2025-12-31" and r["within_days"] == 30, r
assert r["summary"]["overdue"] == 0 and r["summary"]["total"] == len(r["reminders"]), r["summary"]
for item in r["reminders"]:
    for key in ("category", "subject", "status", "message"):
        assert key in item, item
    assert item["status"] in ("overdue", "due", "open", "upcoming"), item
PY

# The defective branch: overdue term, dues, approval → exit 1; a PDF is written.
status=0
"$dangan" remind "$src/samples/defective" --as-of 2025-12-15 --within 2w --out "$tmp/remind.pdf" >"$tmp/bad.txt" 2>"$tmp/err" || status=$?
[ $status -eq 1 ] || fail "defective remind exited $status, expected 1"
grep -q "（提前14天）" "$tmp/bad.txt" || fail "--within 2w is not 14 days"
grep -q "孙立：欠交6个月党费" "$tmp/bad.txt" || fail "孙立's dues: $(cat "$tmp/bad.txt")"
grep -q "已于\|已逾期，应立即换届" "$tmp/bad.txt" || fail "the expired term is not reminded"
qpdf --check "$tmp/remind.pdf" >/dev/null 2>&1 || fail "the reminder PDF is not valid"
pdf_text=$(pdftotext -layout "$tmp/remind.pdf" - 2>/dev/null)
grep -q "工作提醒表" <<<"$pdf_text" || fail "the PDF lacks its title"

# --within errors.
for bad in "abc" "30x" "-3"; do
  status=0
  "$dangan" remind "$src/samples/branch-2025" --within "$bad" >/dev/null 2>"$tmp/err" || status=$?
  [ $status -eq 2 ] || fail "--within $bad exited $status, expected 2"
  grep -q "应写天数如 30d，或周数（2w）、月数（1m 即 30 天）" "$tmp/err" || fail "--within $bad said: $(cat "$tmp/err")"
done
grep -q "“30x”里的单位“x”不认识" <("$dangan" remind "$src/samples/branch-2025" --within 30x 2>&1) || fail "--within 30x: unit not named"
grep -q "expected a number of days such as 30d" <("$dangan" remind "$src/samples/branch-2025" --within abc --lang en 2>&1) ||
  fail "--within abc --lang en: not in English"
echo "PASS: remind"
