#!/usr/bin/env bash
# Every unusable input in samples/bad-input must be refused with exit 2 (never a crash: no exit code
# of 128 or more) and a message naming the file, line and problem (samples/bad-input/EXPECTED.tsv).
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

# Work on a copy so the cases made at run time do not land in the source tree.
cp -R "$src/samples/bad-input" "$tmp/cases"
mkdir "$tmp/cases/non-utf8" "$tmp/cases/empty-folder"
# A meeting file saved in GBK, as Windows editors set to Chinese do: {"kind": "meeting", "type": "支部委员会",
# "date": "2025年3月12日", … } — nine lines, enough Chinese text for the encoding to be recognised.
printf '{\n  "kind": "meeting",\n  "type": "\xd6\xa7\xb2\xbf\xce\xaf\xd4\xb1\xbb\xe1",\n  "date": "2025\xc4\xea3\xd4\xc212\xc8\xd5",\n  "host": "\xcd\xf5\xbd\xa8\xbb\xaa",\n  "place": "\xbe\xd6\xbb\xfa\xb9\xd8\xc8\xfd\xc2\xa5\xb5\xb3\xd4\xb1\xbb\xee\xb6\xaf\xca\xd2",\n  "agenda": ["\xd1\xd0\xbe\xbf\xb6\xfe\xbc\xbe\xb6\xc8\xb5\xb3\xbd\xa8\xb9\xa4\xd7\xf7\xb0\xb2\xc5\xc5", "\xc9\xf3\xb2\xe9\xb7\xa2\xd5\xb9\xb6\xd4\xcf\xf3\xc8\xeb\xb5\xb3\xb2\xc4\xc1\xcf"],\n  "resolutions": ["\xcd\xac\xd2\xe2\xb7\xa2\xd5\xb9\xb6\xd4\xcf\xf3\xb2\xc4\xc1\xcf\xb1\xa8\xbb\xfa\xb9\xd8\xb5\xb3\xce\xaf\xd4\xa4\xc9\xf3\xa1\xa3"]\n}\n' \
    >"$tmp/cases/non-utf8/meeting.json"

failures=0
cases=$(cut -f1 "$tmp/cases/EXPECTED.tsv" | sort -u)
for dir in "$tmp/cases"/*/; do
    name=$(basename "$dir")
    if ! grep -qx "$name" <<<"$cases"; then
        echo "FAIL: case $name has no line in EXPECTED.tsv"; failures=$((failures + 1))
    fi
done
for name in $cases; do
    if [[ ! -d "$tmp/cases/$name" ]]; then
        echo "FAIL: EXPECTED.tsv names $name but there is no such folder"; failures=$((failures + 1)); continue
    fi
    status=0
    (cd "$tmp/cases" && "$dangan" check "$name" --as-of 2025-12-31 >"$tmp/$name.out" 2>"$tmp/$name.err") || status=$?
    if [[ $status -ge 128 ]]; then
        echo "FAIL: $name crashed (exit $status)"; cat "$tmp/$name.err"; failures=$((failures + 1)); continue
    fi
    if [[ $status -ne 2 ]]; then
        echo "FAIL: $name exited $status, expected 2"; cat "$tmp/$name.err"; failures=$((failures + 1))
    fi
    while IFS=$'\t' read -r case_name substring; do
        [[ "$case_name" == "$name" ]] || continue
        if ! grep -qF -- "$substring" "$tmp/$name.err"; then
            echo "FAIL: $name: stderr lacks: $substring"
            echo "  stderr was:"; sed 's/^/    /' "$tmp/$name.err"
            failures=$((failures + 1))
        fi
    done <"$tmp/cases/EXPECTED.tsv"
    if [[ -s "$tmp/$name.out" ]]; then
        echo "FAIL: $name printed a report on stdout although the input is unusable"; failures=$((failures + 1))
    fi
done
if [[ $failures -ne 0 ]]; then
    echo "FAIL: $failures problem(s)"; exit 1
fi
echo "PASS: every bad input refused with exit 2 and a located message"
