#!/usr/bin/env bash
# Joint meetings (issue 14): "七一主题党日暨党员大会" is numbered in both series ("numbers"), check finds no gap,
# the same data without the second number leaves a gap in 支部党员大会's series, and `dangan export` writes the
# joint kinds and numbers to the workbook and reads them back with the same findings.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

write() {  # write FOLDER NUMBERS-OF-THE-JOINT-MEETING
  mkdir -p "$1"
  cat >"$1/meetings.json" <<JSON
{"kind": "meetings", "year": 2025, "records": [
 {"type": "支部党员大会", "date": "2025-03-10", "number": 1},
 {"type": ["主题党日", "支部党员大会"], "date": "2025-07-01", "number": 3, $2 "title": "七一主题党日暨党员大会"},
 {"type": "支部党员大会", "date": "2025-09-10", "number": 3},
 {"type": "主题党日", "date": "2025-03-20", "number": 1},
 {"type": "主题党日", "date": "2025-05-20", "number": 2}
]}
JSON
}
findings() {  # findings DATA: the number.* findings, one per line
  set +e; "$dangan" check "$1" --as-of 2025-09-30 --format json >"$tmp/f.json"; set -e
  python3 -c 'import json,sys; [print(f["rule"], f["message"]) for f in json.load(open(sys.argv[1]))["findings"] if f["rule"].startswith("number.")]' "$tmp/f.json"
}

write "$tmp/good" '"numbers": {"支部党员大会": 2},'
write "$tmp/bad" ''
[ -z "$(findings "$tmp/good")" ] || fail "joint meeting with both numbers: $(findings "$tmp/good")"
[ "$(findings "$tmp/bad")" = "number.gap 2025年支部党员大会缺少第2次的记录（编号不连续）" ] || fail "without its second number: $(findings "$tmp/bad")"

# Round trip through the workbook: the same findings (all of them), the joint kinds in the 会议类型 cell.
mkdir "$tmp/wb"
"$dangan" export "$tmp/good" --out "$tmp/wb/台账.xlsx" >/dev/null
set +e
"$dangan" check "$tmp/good" --as-of 2025-09-30 --format json >"$tmp/a.json"; a=$?
"$dangan" check "$tmp/wb" --as-of 2025-09-30 --format json >"$tmp/b.json"; b=$?
set -e
[ "$a" = "$b" ] || fail "exit $a from JSON, $b from the workbook"
python3 - "$tmp/a.json" "$tmp/b.json" <<'PY' || fail "the workbook's findings differ from the JSON's"
import json, sys
load = lambda p: sorted((f["rule"], f["message"], f.get("period", "")) for f in json.load(open(p))["findings"])
a, b = load(sys.argv[1]), load(sys.argv[2])
sys.exit(0 if a == b and a else 1)
PY
unzip -p "$tmp/wb/台账.xlsx" xl/sharedStrings.xml | grep -q "主题党日、支部党员大会" || fail "the workbook does not hold both kinds in 会议类型"
echo "joint_meetings: ok"
