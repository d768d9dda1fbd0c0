#!/usr/bin/env bash
# One 档号 per matter everywhere (issue #11, docs/numbering.md): for the sample year and for a second
# year generated from it (generate_branch.py: dates shifted, records shuffled and moved between files,
# same-day meetings without ids, DA/T 13-2022 settings), the 档号 printed in the 归档文件目录, on each record
# page, on each filed PDF and on each dossier equal the archive's manifest.json — before archiving
# (render/dossier alone), after it (--archive DIR), after the index is deleted, emptied or corrupted,
# after the records are reordered, and after a record is added late or removed.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"
here=$(dirname "$(realpath "$0")")

snapshot() {  # record_id, year, item, code of every filed matter, from the manifests
  python3 - "$1" <<'PY'
import json, os, sys
rows = []
for folder, _, files in os.walk(sys.argv[1]):
    if "manifest.json" in files:
        m = json.load(open(os.path.join(folder, "manifest.json"), encoding="utf-8"))
        rows.append(f"{m['record_id']}\t{m['year']}\t{m['item']}\t{m['code']}\t{os.path.relpath(folder, sys.argv[1])}")
print("\n".join(sorted(rows)))
PY
}
index_rows() { python3 -c "import sqlite3,sys; print('\n'.join(sorted('\t'.join(map(str,r)) for r in sqlite3.connect(sys.argv[1]).execute('SELECT record_id, year, item, code, folder FROM items'))))" "$1"; }

check_year() {  # DATA AS_OF LABEL [faults]
  local data=$1 as_of=$2 label=$3 w="$tmp/$3"
  mkdir -p "$w"
  # Before any archive: render and dossier number exactly as archive will.
  mkdir -p "$w/r1" "$w/r2"
  "$dangan" render "$data" --as-of "$as_of" --deterministic --out "$w/r1/全部会议-会议记录本.pdf" 2>"$w/r1.err" || fail "$label: render exited $?: $(cat "$w/r1.err")"
  "$dangan" dossier "$data" --as-of "$as_of" --deterministic --out-dir "$w/d1" 2>"$w/d1.err" || fail "$label: dossier exited $?"
  "$dangan" archive "$data" --to "$w/档案" --as-of "$as_of" --deterministic >"$w/a1.out" 2>"$w/a1.err" ||
    fail "$label: archive exited $?: $(cat "$w/a1.err")"
  local book=("$w"/r1/*全部会议-会议记录本.pdf)
  python3 "$here/compare_numbers.py" "$w/档案" "${book[0]}" "$w/d1" "$label before archiving"
  # Pointed at the archive: the issued numbers.
  "$dangan" render "$data" --as-of "$as_of" --deterministic --archive "$w/档案" --out "$w/r2/全部会议-会议记录本.pdf" 2>/dev/null
  "$dangan" dossier "$data" --as-of "$as_of" --deterministic --archive "$w/档案" --out-dir "$w/d2" 2>/dev/null
  book=("$w"/r2/*全部会议-会议记录本.pdf)
  SKIP_FILED=1 python3 "$here/compare_numbers.py" "$w/档案" "${book[0]}" "$w/d2" "$label with --archive"
  snapshot "$w/档案" >"$w/numbers1"
  index_rows "$w/档案/index.sqlite" >"$w/index1"
  [[ ${4:-} == faults ]] || return 0

  # The index deleted, emptied, its table emptied, corrupted: the next run gives back every number.
  rm "$w/档案/index.sqlite"
  "$dangan" archive "$data" --to "$w/档案" --as-of "$as_of" --deterministic >/dev/null 2>"$w/a2.err"
  grep -q "重建索引" "$w/a2.err" || fail "$label: no warning when index.sqlite was deleted: $(cat "$w/a2.err")"
  : >"$w/档案/index.sqlite"
  "$dangan" archive "$data" --to "$w/档案" --as-of "$as_of" --deterministic >/dev/null 2>"$w/a3.err"
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM items'); c.execute('DELETE FROM files'); c.commit()" "$w/档案/index.sqlite"
  "$dangan" archive "$data" --to "$w/档案" --as-of "$as_of" --deterministic >/dev/null 2>"$w/a4.err"
  grep -q "补入" "$w/a4.err" || fail "$label: no warning when the index table was emptied: $(cat "$w/a4.err")"
  head -c 4096 /dev/urandom >"$w/档案/index.sqlite"
  "$dangan" archive "$data" --to "$w/档案" --as-of "$as_of" --deterministic >/dev/null 2>"$w/a5.err"
  grep -q "无法读取" "$w/a5.err" || fail "$label: no warning for a corrupt index: $(cat "$w/a5.err")"
  grep -q "新归档 0 件，更新 0 件" "$w/a5.err" || fail "$label: matters filed again after the index was lost: $(tail -1 "$w/a5.err")"
  "$dangan" archive --rebuild-index --to "$w/档案" 2>"$w/a6.err" || fail "$label: --rebuild-index exited $?"
  snapshot "$w/档案" | cmp -s - "$w/numbers1" || fail "$label: the folders changed after the index was lost"
  index_rows "$w/档案/index.sqlite" | cmp -s - "$w/index1" || fail "$label: the rebuilt index differs: $(index_rows "$w/档案/index.sqlite" | diff "$w/index1" - | head -5)"
  echo "$label: $(wc -l <"$w/numbers1") numbers given back after delete, empty file, empty table, corruption and --rebuild-index"
}

check_year "$src/samples/branch-2025" 2025-12-31 samples-2025
meetings=$(python3 "$here/generate_branch.py" "$src/samples/branch-2025" "$tmp/gen" 11)
[[ $meetings -gt 65 ]] || fail "generator wrote only $meetings meetings"
check_year "$tmp/gen" 2026-12-31 generated-2026 faults
w="$tmp/generated-2026"

# Same-day records reordered and moved between files: render (no archive) gives the same numbers.
python3 - "$tmp/gen/meetings" <<'PY'
import json, os, random, sys
rng = random.Random(5)
for name in sorted(os.listdir(sys.argv[1])):
    path = os.path.join(sys.argv[1], name)
    data = json.load(open(path, encoding="utf-8"))
    if "records" in data:
        data["records"].reverse()
        rng.shuffle(data["records"])
        json.dump(data, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
mkdir -p "$w/r3" "$w/r5"
"$dangan" render "$tmp/gen" --as-of 2026-12-31 --deterministic --out "$w/r3/全部会议-会议记录本.pdf" 2>/dev/null
pdftotext "$w"/r2/*全部会议-会议记录本.pdf - | grep -o "档号：.*" >"$w/codes2"
pdftotext "$w"/r3/*全部会议-会议记录本.pdf - | grep -o "档号：.*" >"$w/codes3"
cmp -s "$w/codes2" "$w/codes3" || fail "reordering the records changed their 档号: $(diff "$w/codes2" "$w/codes3" | head -4)"

# Two records that cannot be told apart: an error naming both, nothing numbered.
python3 - "$tmp/gen/meetings/moved-2026.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
data["records"].append(json.loads(json.dumps(data["records"][0])))
json.dump(data, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
status=0
"$dangan" render "$tmp/gen" --as-of 2026-12-31 --out-dir "$w/r4" 2>"$w/dup.err" || status=$?
[[ $status -eq 2 ]] || fail "indistinguishable records: exit $status, expected 2"
grep -q "两条记录无法区分" "$w/dup.err" && grep -q "moved-2026.json:[0-9]" "$w/dup.err" ||
  fail "indistinguishable records not named with file:line: $(cat "$w/dup.err")"
python3 - "$tmp/gen/meetings/moved-2026.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
data["records"].pop()
json.dump(data, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY

# A late record and a removed one: issued numbers stay, the late one gets the next free number, the
# removed one's folder stays as filed; render --archive agrees with the archive.
python3 - "$tmp/gen/meetings" <<'PY'
import json, os, sys
folder = sys.argv[1]
data = json.load(open(os.path.join(folder, "committee-2026.json"), encoding="utf-8"))
removed = data["records"].pop(0)
json.dump(data, open(os.path.join(folder, "committee-2026.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=1)
import re
y, mo, d = map(int, re.findall(r"[0-9]+", removed["date"])[:3])
open(os.path.join(folder, "..", "removed"), "w", encoding="utf-8").write(f"会议 支部委员会 {y:04d}-{mo:02d}-{d:02d} {removed['start']}")
late = dict(removed, start="08:00", end="08:40", agenda=["补录：研究春节前走访慰问安排"], id="补录-早会")
late.pop("number", None)
json.dump({"kind": "meeting", **late}, open(os.path.join(folder, "late.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
"$dangan" archive "$tmp/gen" --to "$w/档案" --as-of 2026-12-31 --deterministic >"$w/a7.out" 2>"$w/a7.err" ||
  fail "archive with a late record exited $?: $(cat "$w/a7.err")"
grep -q "新归档 1 件" "$w/a7.err" || fail "the late record was not filed: $(tail -1 "$w/a7.err")"
snapshot "$w/档案" >"$w/numbers2"
comm -23 "$w/numbers1" "$w/numbers2" | grep -q . && fail "a filed matter changed or vanished: $(comm -23 "$w/numbers1" "$w/numbers2" | head -3)"
highest=$(cut -f3 "$w/numbers1" | sort -n | tail -1)
grep -q "^补录-早会	2026	$((highest + 1))	" "$w/numbers2" || fail "the late record did not get 件号 $((highest + 1)): $(grep 补录 "$w/numbers2")"
"$dangan" render "$tmp/gen" --as-of 2026-12-31 --deterministic --archive "$w/档案" --out "$w/r5/全部会议-会议记录本.pdf" 2>/dev/null
"$dangan" dossier "$tmp/gen" --as-of 2026-12-31 --deterministic --archive "$w/档案" --out-dir "$w/d5" 2>/dev/null
# The removed record is still filed but no longer printed: compare against a copy without it.
cp -r "$w/档案" "$w/档案-printed"
python3 - "$w/档案-printed" "$(cat "$tmp/gen/removed")" <<'PY'
import json, os, shutil, sys
removed = 0
for folder, _, files in os.walk(sys.argv[1]):
    if "manifest.json" in files:
        m = json.load(open(os.path.join(folder, "manifest.json"), encoding="utf-8"))
        if m["record_id"].startswith(sys.argv[2]):
            shutil.rmtree(folder)
            removed += 1
if removed != 1:
    sys.exit(f"FAIL: the removed record ({sys.argv[2]}) should still be filed once, found {removed}")
PY
python3 "$here/compare_numbers.py" "$w/档案-printed" "$w"/r5/*全部会议-会议记录本.pdf "$w/d5" "generated-2026 after a late and a removed record"
