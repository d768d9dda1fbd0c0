#!/usr/bin/env bash
# The command line: help, usage errors (exit 2 with a message that says what to do), option checks.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

expect() {  # expect CODE SUBSTRING ARGS…
  local code=$1 text=$2; shift 2
  set +e
  "$dangan" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  set -e
  [ $got -eq "$code" ] || fail "dangan $*: expected exit $code, got $got: $(cat "$tmp/err")"
  grep -qF -- "$text" "$tmp/out" "$tmp/err" || fail "dangan $*: expected '$text' in: $(cat "$tmp/out" "$tmp/err")"
}

expect 0 "commands:" help
expect 0 "commands:" --help
expect 2 "commands:" 
expect 2 "unknown command 'frob'; expected check, render, dossier, remind, archive, audit, workbook, export, import, serve, account or help" frob
expect 2 "check needs a data folder or .json files" check
expect 2 "--as-of: '2025-02-30' is not a real date" check "$src/samples/branch-2025" --as-of 2025-02-30
expect 2 "--as-of needs a full date" check "$src/samples/branch-2025" --as-of 2025-03
expect 2 "--format must be text or json, not 'pdf'" check "$src/samples/branch-2025" --format pdf
expect 2 "--format pdf 写检查情况反馈单，请用 --out 反馈单.pdf 给出文件名" audit "$src/samples" --format pdf
expect 2 "give --out or --out-dir, not both" render "$src/samples/branch-2025" --out a.pdf --out-dir b
expect 2 "--year needs a year such as 2025" render "$src/samples/branch-2025" --year twenty
expect 2 "Unknown option" check "$src/samples/branch-2025" --frobnicate
expect 2 "no such rule-set profile" check "$src/samples/branch-2025" --profile nowhere
expect 0 "未发现问题" check "$src/samples/branch-2025" --as-of 2025-12-31 --profile national-2014
set +e
"$dangan" audit "$src/samples/branch-2025" --format pdf --out "$tmp/sheet.pdf" --as-of 2025-12-31 >/dev/null 2>&1
code=$?
set -e
[ $code -le 1 ] || fail "audit --format pdf: exit $code"
[ -s "$tmp/sheet.pdf" ] || fail "audit --format pdf --out wrote no feedback sheet"
# Options a command does not use are refused, listing the ones it has (issue 14).
expect 2 "audit 不使用 --year；可用的选项是 --as-of, --branches, --deterministic, --fast, --follow-links, --force, --format, --names-only, --out, --profile, --scoring, --since, --templates, --timing, --vocabulary" audit "$src/samples/branch-2025" --year 2025
expect 2 "check does not use --out; its options are --as-of, --format, --profile" check "$src/samples/branch-2025" --out x.pdf
echo "cli_usage: ok"
