#!/usr/bin/env bash
# The web app end to end: `dangan serve` on a copy of the sample branch, a real browser (Debian's chromium,
# headless, driven by puppeteer-core from tests/browser) adds a meeting through the form, sees a finding
# appear and go, saves, and downloads the ledger; downloads the branch as 台账.xlsx, has its upload refused
# (every meeting twice) and a workbook of a new meeting confirmed and added; archives and audits in the
# background and opens the 反馈单 (tests/browser/web_app.test.js). Also: the server answers
# only on 127.0.0.1, a second server on the same port is refused with a Chinese message, and Ctrl+C stops it.
# SCREENSHOTS=DIR keeps the browser's screenshots (docs/web.md uses them).
source "$(dirname "$0")/common.bash" "$@"
command -v chromium >/dev/null || fail "chromium is not installed: run scripts/install-deps.sh"
[[ -d "$src/tests/browser/node_modules/puppeteer-core" ]] || fail "puppeteer-core is not installed in tests/browser: run scripts/install-deps.sh"

cp -r "$src/samples/branch-2025" "$tmp/data"
shots=${SCREENSHOTS:-$tmp/shots}
mkdir -p "$shots"

"$dangan" serve "$tmp/data" --archive "$tmp/archive" --port 0 --as-of 2025-12-31 --deterministic >"$tmp/out" 2>"$tmp/err" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do grep -q "网页版已启动" "$tmp/out" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out") || { cat "$tmp/out" "$tmp/err" >&2; fail "the server did not start"; }
port=${url##*:}

# Only this computer: the server listens on the loopback address alone.
ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port " || fail "the server is not listening on 127.0.0.1:$port"
ss -ltn 2>/dev/null | grep -q "0.0.0.0:$port " && fail "the server listens on every address"

# The same port again: refused, exit 2, in Chinese.
timeout 10 "$dangan" serve "$tmp/data" --port "$port" >"$tmp/out2" 2>"$tmp/err2"
code=$?
[[ $code -eq 2 ]] || fail "a second server on port $port: expected exit 2, got $code"
grep -q "端口可能已被占用" "$tmp/err2" || fail "a second server on port $port: message was: $(cat "$tmp/err2")"

# A workbook of one new meeting, written by the command line, for the browser to upload.
mkdir -p "$tmp/new"
cat >"$tmp/new/m.json" <<'JSON'
{"kind": "meeting", "type": "党小组会", "title": "网页导入的会议", "date": "2025-11-27", "start": "15:00", "end": "16:00",
 "place": "活动室", "host": "王建华", "recorder": "陈静"}
JSON
"$dangan" export "$tmp/new" --out "$tmp/新会议.xlsx" >/dev/null || fail "export of the new meeting"

node "$src/tests/browser/web_app.test.js" "$url" "$tmp/data" "$shots" "$tmp/新会议.xlsx" || fail "the browser test failed (see above)"

# The command line reads what the browser saved, and finds nothing wrong with it.
# The command line reads what the browser saved; its only error is the new member's missing 党费 (dues.missing).
"$dangan" check "$tmp/data" --as-of 2025-12-31 >"$tmp/check"
[[ $? -le 1 ]] || { cat "$tmp/check"; fail "check after the browser's saves: the data no longer loads"; }
[[ $(grep -c "^ *错误 " "$tmp/check") == $(grep -c "错误 dues.missing.*周新" "$tmp/check") ]] || { cat "$tmp/check"; fail "check after the browser's saves"; }

kill -INT $server
for _ in $(seq 50); do kill -0 $server 2>/dev/null || break; sleep 0.1; done
kill -0 $server 2>/dev/null && fail "the server did not stop on Ctrl+C"
grep -q "网页版已停止" "$tmp/out" || fail "the server did not say it stopped"
echo "web_browser: passed"
