#!/usr/bin/env bash
# `dangan archive` files the sample year, audits clean, and a late record added afterwards gets the
# next free 件号 with a date.order warning while every issued number stays as it was. Then one
# flipped byte, one deleted file and one added file are all caught by `dangan audit`.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

cp -r "$src/samples/branch-2025" "$tmp/data"
status=0
"$dangan" archive "$tmp/data" --to "$tmp/档案" --as-of 2025-12-31 --deterministic >"$tmp/out1.txt" 2>"$tmp/err1.txt" || status=$?
if [[ $status -ne 0 ]]; then echo "FAIL: first archive exited $status"; cat "$tmp/out1.txt" "$tmp/err1.txt"; exit 1; fi
grep -q "件，更新 0 件，未变 0 件" "$tmp/err1.txt" || { echo "FAIL: summary line missing"; cat "$tmp/err1.txt"; exit 1; }

python3 - "$tmp/档案" >"$tmp/numbers1.txt" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/index.sqlite")
for row in db.execute("SELECT record_id, year, item, code, folder, status FROM items ORDER BY year, item"):
    print("\t".join(map(str, row)))
PY
count=$(wc -l <"$tmp/numbers1.txt")
[[ $count -gt 10 ]] || { echo "FAIL: only $count items in the index"; exit 1; }

status=0
"$dangan" audit "$tmp/档案" --as-of 2025-12-31 >"$tmp/audit1.txt" 2>&1 || status=$?
if [[ $status -ne 0 ]]; then echo "FAIL: audit of a fresh archive exited $status"; cat "$tmp/audit1.txt"; exit 1; fi
grep -q "未发现问题" "$tmp/audit1.txt" || { echo "FAIL: fresh archive not clean"; cat "$tmp/audit1.txt"; exit 1; }

# Running again changes nothing.
"$dangan" archive "$tmp/data" --to "$tmp/档案" --as-of 2025-12-31 >"$tmp/out2.txt" 2>"$tmp/err2.txt"
grep -q "新归档 0 件，更新 0 件，未变 $count 件" "$tmp/err2.txt" || { echo "FAIL: second run was not a no-op"; cat "$tmp/err2.txt"; exit 1; }

# A late 支委会 record dated in February.
cat >"$tmp/data/meetings/late.json" <<'JSON'
{
  "kind": "meeting",
  "type": "支部委员会",
  "id": "补录-2025-02-20",
  "date": "2025-02-20",
  "start": "14:30", "end": "15:30",
  "place": "党员活动室", "host": "王建华", "recorder": "陈静",
  "attendance": {"expected": 5, "present": ["王建华", "张志强", "刘海涛", "赵明", "陈静"]},
  "agenda": ["补充研究春季党员教育培训安排"],
  "content": [{"speaker": "王建华", "text": "补充研究春季党员教育培训安排。"}],
  "resolutions": ["同意春季培训安排"],
  "attachments": ["签到表.txt", "会议通知"]
}
JSON
echo "签到：王建华 张志强 刘海涛 赵明 陈静" >"$tmp/data/meetings/签到表.txt"
status=0
"$dangan" archive "$tmp/data" --to "$tmp/档案" --as-of 2025-12-31 --format json >"$tmp/out3.json" 2>"$tmp/err3.txt" || status=$?
if [[ $status -ne 0 ]]; then echo "FAIL: archive with a late record exited $status"; cat "$tmp/out3.json" "$tmp/err3.txt"; exit 1; fi
python3 - "$tmp/档案" "$tmp/numbers1.txt" "$tmp/out3.json" "$count" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/index.sqlite")
now = {r[0]: r for r in db.execute("SELECT record_id, year, item, code, folder, status FROM items")}
before = [line.rstrip("\n").split("\t") for line in open(sys.argv[2], encoding="utf-8")]
for rid, year, item, code, folder, status in before:
    r = now[rid]
    if (str(r[1]), str(r[2]), r[3], r[4]) != (year, item, code, folder):
        sys.exit(f"FAIL: {rid} was renumbered: {item} {code} -> {r[2]} {r[3]}")
late = now.get("补录-2025-02-20")
if not late or late[2] != int(sys.argv[4]) + 1 or late[5] != "done":
    sys.exit(f"FAIL: the late record should get 件号 {int(sys.argv[4]) + 1}: {late}")
text = open(sys.argv[3], encoding="utf-8").read()
start = text.index("{")
findings = json.loads(text[start:])["findings"]
if not any(f["rule"] == "date.order" and f["severity"] == "warning" and "补归档" in f["message"] for f in findings):
    sys.exit(f"FAIL: no date.order warning for the late record: {findings}")
import os
manifest = json.load(open(os.path.join(sys.argv[1], late[4], "manifest.json"), encoding="utf-8"))
paths = sorted(f["path"] for f in manifest["files"])
if paths != ["attachments/签到表.txt", "record.json", "record.pdf"]:
    sys.exit(f"FAIL: the late record's folder holds {paths}")
print(f"late record got {late[3]}; {len(before)} numbers unchanged")
PY

# An interrupted run: a folder half-built in .tmp and an item whose folder was never written
# (status pending). The next run rebuilds it under the same number and clears .tmp.
third=$(python3 -c "import sys; print(open(sys.argv[1], encoding='utf-8').readlines()[2].split('\t')[4])" "$tmp/numbers1.txt")
rm -r "$tmp/档案/$third"
mkdir -p "$tmp/档案/.tmp/2025-3-99999" && echo partial >"$tmp/档案/.tmp/2025-3-99999/record.pdf"
python3 - "$tmp/档案" "$third" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/index.sqlite")
db.execute("UPDATE items SET status = 'pending' WHERE folder = ?", (sys.argv[2],))
db.commit()
PY
status=0
"$dangan" audit "$tmp/档案" --as-of 2025-12-31 --format json >"$tmp/audit_pending.json" 2>&1 || status=$?
[[ $status -eq 1 ]] && grep -qF "归档中断" "$tmp/audit_pending.json" || { echo "FAIL: pending item not reported"; cat "$tmp/audit_pending.json"; exit 1; }
"$dangan" archive "$tmp/data" --to "$tmp/档案" --as-of 2025-12-31 >"$tmp/out4.txt" 2>"$tmp/err5.txt"
grep -q "新归档 0 件，更新 1 件" "$tmp/err5.txt" || { echo "FAIL: the interrupted item was not rebuilt"; cat "$tmp/err5.txt"; exit 1; }
[[ -f "$tmp/档案/$third/manifest.json" && ! -e "$tmp/档案/.tmp" ]] || { echo "FAIL: folder not rebuilt or .tmp left"; exit 1; }
grep -qF "$third" "$tmp/out4.txt" || { echo "FAIL: rebuilt under another folder"; cat "$tmp/out4.txt"; exit 1; }

# Damage: flip one byte, delete one file, add one file.
first=$(python3 -c "import sys; print(open(sys.argv[1], encoding='utf-8').readline().split('\t')[4])" "$tmp/numbers1.txt")
second=$(python3 -c "import sys; print(open(sys.argv[1], encoding='utf-8').readlines()[1].split('\t')[4])" "$tmp/numbers1.txt")
python3 - "$tmp/档案/$first/record.pdf" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(200); b = f.read(1); f.seek(200); f.write(bytes([b[0] ^ 0x01]))
PY
rm "$tmp/档案/$second/record.pdf"
echo "later" >"$tmp/档案/$second/说明.txt"
status=0
"$dangan" audit "$tmp/档案" --as-of 2025-12-31 --format json >"$tmp/audit2.json" 2>"$tmp/err4.txt" || status=$?
if [[ $status -ne 1 ]]; then echo "FAIL: audit of a damaged archive exited $status, expected 1"; cat "$tmp/audit2.json" "$tmp/err4.txt"; exit 1; fi
python3 - "$tmp/audit2.json" "$first" "$second" <<'PY'
import json, sys
findings = json.load(open(sys.argv[1], encoding="utf-8"))["findings"]
first, second = sys.argv[2], sys.argv[3]
want = {("manifest.checksum", first + "/record.pdf"), ("manifest.missing", second + "/record.pdf"),
        ("manifest.extra", second + "/说明.txt")}
got = {(f["rule"], f["path"]) for f in findings if f["rule"].startswith("manifest.")}
if got != want:
    sys.exit(f"FAIL: manifest findings {sorted(got)}, expected {sorted(want)}")
others = [f for f in findings if not f["rule"].startswith("manifest.") and f["rule"] != "date.order"]
if others:
    sys.exit(f"FAIL: unexpected findings: {others}")
print("PASS: flipped byte, deleted file and added file all caught")
PY
# --fast sees the deleted and the added file but not the flipped byte (same size).
status=0
"$dangan" audit "$tmp/档案" --as-of 2025-12-31 --fast --format json >"$tmp/audit3.json" 2>&1 || status=$?
[[ $status -eq 1 ]] || { echo "FAIL: --fast audit exited $status"; exit 1; }
python3 - "$tmp/audit3.json" <<'PY'
import json, sys
rules = sorted(f["rule"] for f in json.load(open(sys.argv[1], encoding="utf-8"))["findings"] if f["rule"].startswith("manifest."))
if rules != ["manifest.extra", "manifest.missing"]:
    sys.exit(f"FAIL: --fast found {rules}")
PY
echo "PASS"
