#!/usr/bin/env bash
# A workbook and a GBK CSV with planted mistakes (tests/e2e/data/make_planted.py writes them by hand,
# the way other programs do): every mistake gets its Chinese message naming the sheet and cell, exactly
# as in data/planted-*.expected; exit 2; and render writes nothing.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

python3 "$src/tests/e2e/data/make_planted.py" "$tmp"
cd "$tmp"
for set in workbook csv; do
  folder=$([ "$set" = workbook ] && echo wb || echo csv)
  set +e
  "$dangan" check "$folder" --as-of 2025-12-31 >"$tmp/out" 2>"$tmp/err"; code=$?
  set -e
  [ "$code" = 2 ] || fail "$set: exit $code, expected 2: $(cat "$tmp/err")"
  diff "$src/tests/e2e/data/planted-$set.expected" "$tmp/err" >"$tmp/diff" || fail "$set messages differ: $(cat "$tmp/diff")"
  # Every line names the file and a cell or sheet, in Chinese.
  grep -v "请改正后再运行" "$tmp/err" | grep -v -q "^dangan: $folder/" && fail "$set: a message without its file"
  set +e
  "$dangan" render "$folder" --as-of 2025-12-31 --out-dir "$tmp/out-$set" >/dev/null 2>&1; code=$?
  set -e
  [ "$code" = 2 ] || fail "$set: render exited $code"
  [ -e "$tmp/out-$set" ] && [ -n "$(ls -A "$tmp/out-$set")" ] && fail "$set: render wrote files"
done
# The planted mistakes of the workbook, counted: 21 messages (errors and warnings), one per mistake.
n=$(grep -c "台账.xlsx" "$src/tests/e2e/data/planted-workbook.expected")
[ "$n" -ge 20 ] || fail "only $n workbook messages"
echo ok
