#!/usr/bin/env bash
# Data-driven audit cases: each tests/cases/audit/*.case describes a hand-made tree (naming habits, traps,
# 学年/学期, 年度 meetings, 换届) and the exact findings `audit --names-only` must give (README.md there).
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

python3 "$src/tests/cases/audit/run_cases.py" "$dangan" "$src/tests/cases/audit" >"$tmp/cases.txt" ||
    { cat "$tmp/cases.txt"; fail "audit cases differ"; }
tail -1 "$tmp/cases.txt"
