#!/usr/bin/env bash
# Ground truth for `dangan audit` on hand-made trees: tests/corpus/make_branches.py builds four branches
# (机关, 村, 学校 by 学年/学期, 企业) with every naming habit mixed in, planted defects and silent traps, and
# writes the truth; tests/corpus/score_audit.py matches the findings by (path, rule) and fails below 0.9
# precision or recall. Traps that raise a finding count as false alarms.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

python3 "$src/tests/corpus/make_branches.py" "$tmp/corpus" >/dev/null
python3 "$src/tests/corpus/score_audit.py" "$dangan" "$tmp/corpus" --layer name --args=--names-only --min 0.9 --show >"$tmp/score.txt" ||
    { cat "$tmp/score.txt"; fail "names: precision or recall below 0.9"; }
python3 "$src/tests/corpus/score_audit.py" "$dangan" "$tmp/corpus" --min 0.9 --show >"$tmp/score-all.txt" ||
    { cat "$tmp/score-all.txt"; fail "names and contents: precision or recall below 0.9"; }
tail -1 "$tmp/score.txt"
tail -1 "$tmp/score-all.txt"
