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

expect 0 "命令：" help
expect 0 "命令：" --help
expect 2 "命令：" 
expect 0 "commands:" help --lang en
# Every option has its Chinese description in the Chinese help (src/cli/help_text.cpp).
"$dangan" help >"$tmp/help"
grep -qF -- "--as-of DATE" "$tmp/help" || fail "help lists no --as-of"
grep -qF -- "按哪一天检查" "$tmp/help" || fail "help: --as-of has no Chinese description"
if grep -F "（无中文说明）" "$tmp/help"; then fail "help: options above have no Chinese description (src/cli/help_text.cpp)"; fi
expect 2 "不认识的命令“frob”；可用的命令是 check、render、dossier、remind、archive、audit、workbook、export、import、serve、account、help" frob
expect 2 "不认识的命令“chek”，是不是 check？" chek
expect 2 "（运行 dangan help 查看用法）" chek
expect 2 "check 要给数据文件夹或 .json/.xlsx/.csv 文件" check
expect 2 "--as-of: “2025-02-30”不是真实存在的日期：2025年2月只有28天" check "$src/samples/branch-2025" --as-of 2025-02-30
expect 2 "--as-of 要写完整的日期" check "$src/samples/branch-2025" --as-of 2025-03
expect 2 "--format 只能是 text 或 json，不能是“pdf”" check "$src/samples/branch-2025" --format pdf
expect 2 "--format pdf 写检查情况反馈单：请用 --out 文件.pdf 给出文件名" audit "$src/samples" --format pdf
expect 2 "--out 和 --out-dir 只能给一个" render "$src/samples/branch-2025" --out a.pdf --out-dir b
expect 2 "--year 要写年份，如 2025" render "$src/samples/branch-2025" --year twenty
expect 2 "不认识的选项 frobnicate" check "$src/samples/branch-2025" --frobnicate
# --lang en gives the English texts (issue 14); an unknown language is a usage error.
expect 2 "unknown command 'frob'; expected check, render, dossier, remind, archive, audit, workbook, export, import, serve, account or help" --lang en frob
expect 2 "(run 'dangan help' for usage)" --lang en frob
expect 2 "--as-of: '2025-02-30' is not a real date: February 2025 has 28 days" check "$src/samples/branch-2025" --as-of 2025-02-30 --lang en
expect 2 "--format must be text or json, not 'pdf'" check "$src/samples/branch-2025" --format pdf --lang en
expect 2 "--lang: zh（中文）或 en（English），不认识“fr”" check "$src/samples/branch-2025" --lang fr
expect 2 "没有这个规则集" check "$src/samples/branch-2025" --profile nowhere
expect 2 "no such rule-set profile" check "$src/samples/branch-2025" --profile nowhere --lang en
expect 0 "未发现问题" check "$src/samples/branch-2025" --as-of 2025-12-31 --profile national-2014
set +e
"$dangan" audit "$src/samples/branch-2025" --format pdf --out "$tmp/sheet.pdf" --as-of 2025-12-31 >/dev/null 2>&1
code=$?
set -e
[ $code -le 1 ] || fail "audit --format pdf: exit $code"
[ -s "$tmp/sheet.pdf" ] || fail "audit --format pdf --out wrote no feedback sheet"
# Options a command does not use are refused, listing the ones it has (issue 14).
expect 2 "audit 命令不用 --year 选项；它的选项是 --as-of, --branches, --deterministic, --fast, --follow-links, --force, --format, --lang, --names-only, --ocr, --out, --profile, --scoring, --since, --templates, --timing, --vocabulary" audit "$src/samples/branch-2025" --year 2025
expect 2 "check 命令不用 --out 选项；它的选项是 --as-of, --format, --lang, --profile" check "$src/samples/branch-2025" --out x.pdf
expect 2 "check does not use --out; its options are --as-of, --format, --lang, --profile" check "$src/samples/branch-2025" --out x.pdf --lang en
echo "cli_usage: ok"
