#!/usr/bin/env bash
# What `dangan archive` reads and writes stays inside the folders the user named (issue #11):
#  - attachments ../x, /etc/passwd, /proc/self/environ, a symlink to outside, a FIFO: refused, named, exit 1;
#    the same file under --attachments-root: copied;
#  - a/scan.jpg and b/scan.jpg, x:y.txt and x_y.txt: all kept, none overwritten, no SQLite error;
#  - an index row whose folder is ../victim or absolute: exit 2 with a Chinese message, victim untouched;
#  - two archive runs at once: one waits for the other (flock), no duplicate 件号, the index intact.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

make_data() {  # DIR: organisation + three committee meetings of the sample year
  mkdir -p "$1/meetings"
  cp "$src/samples/branch-2025/organisation.json" "$1/"
  python3 - "$src/samples/branch-2025/meetings/committee-2025.json" "$1/meetings/committee.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
data["records"] = data["records"][:3]
json.dump(data, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
}
set_attachments() {  # FILE JSON-LIST: the first record's attachments
  python3 - "$1" "$2" <<'PY'
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
data["records"][0]["attachments"] = json.loads(sys.argv[2])
json.dump(data, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
}

# 1. Escapes.
make_data "$tmp/d1"
echo "secret" >"$tmp/secret.txt"
ln -s "$tmp/secret.txt" "$tmp/d1/meetings/link.txt"
mkfifo "$tmp/d1/meetings/pipe.txt"
set_attachments "$tmp/d1/meetings/committee.json" '["../../secret.txt", "/etc/passwd", "/proc/self/environ", "link.txt", "pipe.txt"]'
status=0
timeout 60 "$dangan" archive "$tmp/d1" --to "$tmp/a1" --as-of 2025-12-31 >/dev/null 2>"$tmp/e1" || status=$?
[[ $status -eq 1 ]] || fail "escaping attachments: exit $status, expected 1: $(cat "$tmp/e1")"
[[ $(grep -c "指向数据文件夹之外" "$tmp/e1") -eq 4 ]] || fail "four escapes should be named: $(cat "$tmp/e1")"
grep -q "pipe.txt”不是普通文件" "$tmp/e1" || fail "the FIFO attachment was not refused: $(cat "$tmp/e1")"
grep -q "committee.json" "$tmp/e1" || fail "the record file is not named: $(cat "$tmp/e1")"
[[ -z $(find "$tmp/a1" -path "*/attachments/*") ]] || fail "an outside file was copied into the archive: $(find "$tmp/a1" -path "*/attachments/*")"
# With --attachments-root naming the outside folder, that file is copied (and only it).
make_data "$tmp/d2"
set_attachments "$tmp/d2/meetings/committee.json" "[\"$tmp/secret.txt\"]"
"$dangan" archive "$tmp/d2" --to "$tmp/a2" --as-of 2025-12-31 --attachments-root "$tmp" >/dev/null 2>"$tmp/e2" ||
  fail "--attachments-root: exit $?: $(cat "$tmp/e2")"
[[ $(find "$tmp/a2" -name secret.txt | wc -l) -eq 1 ]] || fail "--attachments-root: the attachment was not copied"

# 2. Same-named attachments kept apart.
make_data "$tmp/d3"
mkdir -p "$tmp/d3/meetings/a" "$tmp/d3/meetings/b"
echo A >"$tmp/d3/meetings/a/scan.jpg"; echo B >"$tmp/d3/meetings/b/scan.jpg"
echo C >"$tmp/d3/meetings/x:y.txt"; echo D >"$tmp/d3/meetings/x_y.txt"
set_attachments "$tmp/d3/meetings/committee.json" '["a/scan.jpg", "b/scan.jpg", "x:y.txt", "x_y.txt"]'
"$dangan" archive "$tmp/d3" --to "$tmp/a3" --as-of 2025-12-31 >/dev/null 2>"$tmp/e3" || fail "same-named attachments: exit $?: $(cat "$tmp/e3")"
grep -q "UNIQUE\|SQLite" "$tmp/e3" && fail "a raw SQLite error: $(cat "$tmp/e3")"
folder=$(dirname "$(find "$tmp/a3" -path "*attachments/a/scan.jpg")")/..
[[ $(cat "$folder"/a/scan.jpg)$(cat "$folder"/b/scan.jpg) == AB ]] || fail "a/scan.jpg and b/scan.jpg were not kept apart"
[[ $(cat "$folder"/x_y.txt "$folder"/x_y-2.txt | sort | tr -d '\n') == CD ]] || fail "x:y.txt and x_y.txt were not kept apart: $(ls "$folder")"
"$dangan" audit "$tmp/a3" --as-of 2025-12-31 >/dev/null 2>&1 || fail "the archive with kept-apart attachments does not audit clean"

# 3. An index row pointing outside: refused before anything is deleted or written.
mkdir -p "$tmp/victim"; echo keep >"$tmp/victim/file.txt"
for bad in "../victim" "$tmp/victim"; do
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('UPDATE items SET folder=?, record_sha256=? WHERE item=1', (sys.argv[2], 'changed')); c.commit()" "$tmp/a3/index.sqlite" "$bad"
  status=0
  "$dangan" archive "$tmp/d3" --to "$tmp/a3" --as-of 2025-12-31 >/dev/null 2>"$tmp/e4" || status=$?
  [[ $status -eq 2 ]] || fail "index folder $bad: exit $status, expected 2"
  grep -q "不在档案之内" "$tmp/e4" || fail "index folder $bad: no message: $(cat "$tmp/e4")"
  [[ $(cat "$tmp/victim/file.txt") == keep && $(ls "$tmp/victim") == file.txt ]] || fail "index folder $bad: the folder outside was touched"
done
"$dangan" archive --rebuild-index --to "$tmp/a3" 2>/dev/null || fail "--rebuild-index after a tampered index"
"$dangan" archive "$tmp/d3" --to "$tmp/a3" --as-of 2025-12-31 >/dev/null 2>"$tmp/e5" || fail "archive after --rebuild-index: $(cat "$tmp/e5")"

# 4. Concurrent runs: never a duplicate 件号. Runs of the sample year (70 matters) on one new archive.
make_data "$tmp/d4" && rm -rf "$tmp/d4" && cp -r "$src/samples/branch-2025" "$tmp/d4"
for try in 1 2; do
  rm -rf "$tmp/a4"
  pids=()
  for run in 1 2; do
    "$dangan" archive "$tmp/d4" --to "$tmp/a4" --as-of 2025-12-31 >"$tmp/c$run.out" 2>"$tmp/c$run.err" & pids+=($!)
  done
  codes=""; for p in "${pids[@]}"; do s=0; wait "$p" || s=$?; codes+="$s "; done
  [[ $codes == "0 0 " ]] || fail "concurrent runs exited $codes: $(cat "$tmp"/c1.err "$tmp"/c2.err | tail -5)"
  python3 - "$tmp/a4" <<'PY'
import json, os, sqlite3, sys
root = sys.argv[1]
rows = list(sqlite3.connect(os.path.join(root, "index.sqlite")).execute("SELECT year, item, record_id, folder FROM items"))
folders = [f for f, _, files in os.walk(root) if "manifest.json" in files]
codes = [json.load(open(os.path.join(f, "manifest.json"), encoding="utf-8"))["code"] for f in folders]
if len(rows) != 70 or len(folders) != 70 or len(set(codes)) != 70:
    sys.exit(f"FAIL: concurrent runs: {len(rows)} index rows, {len(folders)} folders, {len(set(codes))} distinct codes (70 expected)")
PY
done
grep -qh "正被另一个 dangan archive 写入" "$tmp"/c1.err "$tmp"/c2.err || echo "note: the runs did not overlap in the last try"
echo "containment: 5 escapes refused, 4 same-named attachments kept, 2 outside index folders refused, 2×2 concurrent runs without a duplicate"
