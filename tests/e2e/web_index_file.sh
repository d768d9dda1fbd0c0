#!/usr/bin/env bash
# `dangan serve DATA --index FILE`: the shared index (档号, findings, scores) kept in the SQLite file the user
# names instead of in memory — made at the first start, found up to date at a restart, made again after the
# folder changed; nothing is written into the data folder nor anywhere else but FILE (and its WAL files
# beside it); a folder that does not exist, or a folder given as the file, is refused in Chinese (exit 2).
source "$(dirname "$0")/common.bash" "$@"
cp -r "$src/samples/branch-2025" "$tmp/data"
mkdir -p "$tmp/idx"
(cd "$tmp/data" && find . -type f | sort | xargs sha256sum) >"$tmp/before"

start() {  # serve until the address is printed; sets $server and $url
    "$dangan" serve "$tmp/data" --index "$tmp/idx/索引.sqlite" --port 0 --as-of 2025-12-31 >"$tmp/out" 2>"$tmp/err" &
    server=$!
    for _ in $(seq 300); do grep -q "网页版已启动" "$tmp/out" && break; sleep 0.1; done
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out") || { cat "$tmp/out" "$tmp/err" >&2; fail "the server did not start"; }
}
stop() { kill "$server"; wait "$server" 2>/dev/null; }
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
rows() {  # the index's row of the branch: fingerprint and number of matters
    python3 - "$tmp/idx/索引.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("select fingerprint, matters from index_branches").fetchall())
PY
}

start
curl -sf "$url/" | grep -q "已编号 70 件" || fail "the overview does not show the 70 matters from the index"
stop
[[ -s "$tmp/idx/索引.sqlite" ]] || fail "no index file was written"
first=$(rows)
[[ "$first" == *", 70)]" ]] || fail "the index file's branch row: $first"
(cd "$tmp/data" && find . -type f | sort | xargs sha256sum) >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" || fail "the data folder changed: $(diff "$tmp/before" "$tmp/after")"
others=$(find "$tmp" -newer "$tmp/before" -type f ! -path "$tmp/idx/*" ! -name out ! -name err ! -name after)
[[ -z "$others" ]] || fail "files written outside the index file's folder: $others"

# A restart finds the row up to date (same fingerprint); a meeting file changed outside makes it again.
start
curl -sf "$url/" >/dev/null || fail "the overview after a restart"
stop
[[ "$(rows)" == "$first" ]] || fail "the row changed at a restart without any change: $(rows)"
sed -i 's/"number": 1,/"number": 1, "title": "改过",/' "$tmp/data/meetings/2025-03-06-election-meeting.json"
start
curl -sf "$url/" >/dev/null || fail "the overview after a change"
stop
[[ "$(rows)" != "$first" ]] || fail "the row was not made again after the folder changed"

# Refusals, in Chinese, exit 2.
"$dangan" serve "$tmp/data" --index "$tmp/没有的文件夹/索引.sqlite" --port 0 >"$tmp/out" 2>"$tmp/err"
[[ $? -eq 2 ]] || fail "an index in a folder that does not exist: expected exit 2"
grep -q "索引文件所在的文件夹不存在" "$tmp/err" || fail "message was: $(cat "$tmp/err")"
"$dangan" serve "$tmp/data" --index "$tmp/idx" --port 0 >"$tmp/out" 2>"$tmp/err"
[[ $? -eq 2 ]] || fail "a folder as the index file: expected exit 2"
grep -q "这是一个文件夹" "$tmp/err" || fail "message was: $(cat "$tmp/err")"
"$dangan" serve --config "$tmp/none.json" --index "$tmp/idx/x.sqlite" >"$tmp/out" 2>"$tmp/err"
[[ $? -eq 2 ]] || fail "--index with --config: expected exit 2"
grep -q "不用 --index" "$tmp/err" || fail "message was: $(cat "$tmp/err")"
echo "ok"
