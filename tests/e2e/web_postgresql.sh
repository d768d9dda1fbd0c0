#!/usr/bin/env bash
# The multi-branch server on a real PostgreSQL: a private server started here (initdb into a temporary folder,
# unix socket only, as the unprivileged user postgres when run as root), accounts made with `dangan account`,
# then over HTTP with curl: a secretary logs in, saves a meeting of her branch, is refused the other branch;
# the inspector sees the dashboard; the change log is read back from PostgreSQL with psql. Stopped at the end.
source "$(dirname "$0")/common.bash" "$@"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bin/initdb" ]] || fail "PostgreSQL is not installed (Debian postgresql): run scripts/install-deps.sh"

pg=$(mktemp -d /tmp/dangan-pg-XXXXXX)
as_pg=()
if [[ $(id -u) -eq 0 ]]; then chown postgres "$pg"; as_pg=(runuser -u postgres --); fi
port=$((20000 + RANDOM % 20000))
cleanup() {
  [[ -n "${server:-}" ]] && kill "$server" 2>/dev/null
  "${as_pg[@]}" "$bin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$pg" "$tmp"
}
trap cleanup EXIT
"${as_pg[@]}" "$bin/initdb" -D "$pg/data" -U postgres --auth=trust -E UTF8 >"$pg/initdb.log" 2>&1 ||
  { cat "$pg/initdb.log"; fail "initdb"; }
"${as_pg[@]}" "$bin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w \
  -o "-c listen_addresses='' -k $pg -p $port" start >/dev/null || { cat "$pg/server.log"; fail "PostgreSQL did not start"; }
psql=(psql -h "$pg" -p "$port" -U postgres -d postgres -tA)

mkdir -p "$tmp/site"
cp -r "$src/samples/branch-2025" "$tmp/site/b1"
cp -r "$src/samples/branch-2025" "$tmp/site/b2"
cat >"$tmp/site/server.json" <<JSON
{"branches": [{"id": "b1", "name": "第一支部", "data": "b1"}, {"id": "b2", "name": "第二支部", "data": "b2"}],
 "database": "postgresql:host=$pg port=$port user=postgres dbname=postgres"}
JSON
echo "password-1" | "$dangan" account sec1 --role secretary --branch b1 --config "$tmp/site/server.json" >/dev/null ||
  fail "dangan account sec1"
echo "password-2" | "$dangan" account insp --role inspector --config "$tmp/site/server.json" >/dev/null ||
  fail "dangan account insp"
[[ $("${psql[@]}" -c "SELECT count(*) FROM accounts") == 2 ]] || fail "the accounts are not in PostgreSQL"
"${psql[@]}" -c "SELECT hash FROM accounts WHERE name = 'sec1'" | grep -q '^\$argon2id\$' ||
  fail "the password is not stored as an Argon2id hash"
echo "short" | "$dangan" account x --role inspector --config "$tmp/site/server.json" 2>"$tmp/err" && fail "a short password was accepted"
grep -q "密码太短" "$tmp/err" || fail "short password message: $(cat "$tmp/err")"

"$dangan" serve --config "$tmp/site/server.json" --port 0 --as-of 2025-12-31 >"$tmp/out" 2>"$tmp/serr" &
server=$!
for _ in $(seq 100); do grep -q "网页版已启动" "$tmp/out" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out") || { cat "$tmp/out" "$tmp/serr"; fail "the server did not start"; }

status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[[ $(status "$url/b/b1/") == 303 ]] || fail "without a session a branch page must send to the login page"
curl -s -c "$tmp/jar" -o /dev/null -d "name=sec1&password=wrong-password" "$url/login"
[[ $(status -c "$tmp/jar" -d "name=sec1&password=password-1" "$url/login") == 303 ]] || fail "sec1 cannot log in"
grep -q dangan_session "$tmp/jar" || fail "no session cookie"
[[ $(status -b "$tmp/jar" "$url/b/b1/") == 200 ]] || fail "sec1 cannot open b1"
[[ $(status -b "$tmp/jar" "$url/b/b2/") == 403 ]] || fail "sec1 opened b2"
token=$(curl -s -b "$tmp/jar" "$url/b/b1/meetings/new" | grep -o 'name="token" value="[0-9a-f]*"' | head -1 | grep -o '[0-9a-f]\{32\}')
[[ -n "$token" ]] || fail "no form token on the form page"
form="token=$token&type=%E6%94%AF%E9%83%A8%E5%A7%94%E5%91%98%E4%BC%9A&number=13&date=2025-12-30&start=09:00&end=10:00"
form+="&place=x&host=%E7%8E%8B%E5%BB%BA%E5%8D%8E&recorder=%E9%99%88%E9%9D%99&expected=5&agenda=a&resolutions=b"
[[ $(status -b "$tmp/jar" -d "$form" "$url/b/b1/meetings/save") == 303 ]] || fail "sec1 cannot save into b1"
[[ $(status -b "$tmp/jar" -d "$form" "$url/b/b2/meetings/save") == 403 ]] || fail "sec1 saved into b2"
[[ -f "$tmp/site/b1/meetings/web-2025.json" && ! -f "$tmp/site/b2/meetings/web-2025.json" ]] || fail "the save went to the wrong folder"
[[ $("${psql[@]}" -c "SELECT who || ' ' || branch FROM changes") == "sec1 b1" ]] || fail "the change log in PostgreSQL: $("${psql[@]}" -c "SELECT * FROM changes")"
[[ $("${psql[@]}" -c "SELECT failures FROM accounts WHERE name = 'sec1'") == 0 ]] || fail "failures not reset after a login"

curl -s -c "$tmp/jar2" -o /dev/null -d "name=insp&password=password-2" "$url/login"
curl -s -b "$tmp/jar2" "$url/" | grep -q "第一支部" || fail "the inspector's dashboard does not list the branches"
[[ $(status -b "$tmp/jar2" -d "$form" "$url/b/b1/meetings/save") == 403 ]] || fail "the inspector could save"
# The shared index lives in PostgreSQL too: every branch, made at start, updated by sec1's save.
[[ $("${psql[@]}" -c "SELECT count(*) FROM index_branches") == 2 ]] || fail "the index has not every branch: $("${psql[@]}" -c "SELECT branch FROM index_branches")"
# (The index thread updates it right after the save's answer: a moment's wait at most.)
for _ in $(seq 50); do
  [[ $("${psql[@]}" -c "SELECT (SELECT records FROM index_branches WHERE branch = 'b1') - (SELECT records FROM index_branches WHERE branch = 'b2')") == 1 ]] && break
  sleep 0.1
done
[[ $("${psql[@]}" -c "SELECT (SELECT records FROM index_branches WHERE branch = 'b1') - (SELECT records FROM index_branches WHERE branch = 'b2')") == 1 ]] ||
  fail "the index did not follow sec1's save: $("${psql[@]}" -c "SELECT branch, records FROM index_branches")"
[[ $("${psql[@]}" -c "SELECT count(*) FROM index_matters WHERE branch = 'b1' AND code <> ''") -gt 5 ]] || fail "no 档号 in the index"
curl -s -b "$tmp/jar2" "$url/" | grep -q 'class="score">100<' || fail "the dashboard does not show the score from the index"

# The index's unit test (made from the folders, updated by saves, rebuilt when stale or missing) on this
# PostgreSQL, in a database of its own.
unit=$(dirname "$dangan")/../../tests/test_server
[[ -x "$unit" ]] || fail "no unit test program at $unit"
"${psql[@]}" -c "CREATE DATABASE unit" >/dev/null
DANGAN_TEST_POSTGRESQL="host=$pg port=$port user=postgres dbname=unit" "$unit" "[postgresql]" >"$tmp/unit" 2>&1 ||
  { cat "$tmp/unit"; fail "the shared index test on PostgreSQL"; }
grep -Eq "All tests passed \([1-9][0-9]* assertions in 1 test case\)" "$tmp/unit" || { cat "$tmp/unit"; fail "the PostgreSQL index test did not run"; }
echo "web_postgresql: passed"
