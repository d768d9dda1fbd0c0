#!/usr/bin/env bash
# import (issue 14): Word minutes in three layouts (tests/e2e/data/make_minutes.py writes them with their
# ground truth) become meeting records; every field of the truth is read; what was not understood is
# reported with its text; exit 1 when something was not understood, 2 for a file that is not a .docx.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

python3 "$src/tests/e2e/data/make_minutes.py" "$tmp/m"
cd "$tmp/m"
set +e
"$dangan" import 支委会-表格.docx 党课-段落.docx 无类型.docx --out-dir "$tmp/out" >"$tmp/report" 2>"$tmp/err"; code=$?
set -e
[ "$code" = 1 ] || fail "import exited $code: $(cat "$tmp/err")"
grep -q "未读懂：支部委员会会议记录" "$tmp/report" || fail "report lacks the unread heading: $(cat "$tmp/report")"
grep -q "缺少：会议类型" "$tmp/report" || fail "report lacks the missing type"
python3 - "$tmp/m/truth.json" "$tmp/out" "$tmp/report" <<'PY' || fail "imported records differ from the truth"
import json, sys, pathlib
truth = json.load(open(sys.argv[1]))
report = open(sys.argv[3]).read()
fields = right = 0
for name, want in truth.items():
    got = json.load(open(pathlib.Path(sys.argv[2]) / f"{name}.json"))
    att = got.get("attendance", {})
    have = dict(got, expected=att.get("expected"), present=att.get("present"), absent=att.get("absent"), attending=att.get("attending"))
    for key, value in want.items():
        if key == "not_understood":
            block = report.split(f"{name}.docx")[1].split(".docx")[0]
            n = block.count("未读懂：")
            fields += 1; right += n == value
            if n != value: print(f"{name}: {n} not understood, expected {value}", file=sys.stderr)
            continue
        fields += 1
        if key == "content":
            ok = len(got.get("content", [])) == value
        else:
            ok = have.get(key) == value
        right += ok
        if not ok: print(f"{name}.{key}: got {have.get(key)!r}, expected {value!r}", file=sys.stderr)
print(f"import: {right}/{fields} fields right", file=sys.stderr)
sys.exit(0 if right == fields else 1)
PY
# The records load: check reads the folder (findings are expected, data errors only for the missing type).
set +e
"$dangan" check "$tmp/out/支委会-表格.json" "$tmp/out/党课-段落.json" --as-of 2025-12-31 >/dev/null 2>"$tmp/err"; code=$?
set -e
[ "$code" -le 1 ] || fail "imported records do not load: $(cat "$tmp/err")"
echo "not a docx" >"$tmp/m/bad.docx"
set +e
"$dangan" import "$tmp/m/bad.docx" --out "$tmp/out2" >/dev/null 2>"$tmp/err"; code=$?
set -e
[ "$code" = 2 ] || fail "a broken .docx: exit $code"
grep -q "bad.docx: 错误：这个文件不是 .docx 文档" "$tmp/err" || fail "broken .docx message: $(cat "$tmp/err")"
echo ok
