#!/usr/bin/env bash
# `dangan audit FOLDER --out FILE.pdf` writes the 检查情况反馈单: one page for a small tree, with the
# score under the shipped scoring profile, every finding listed; a broken scoring file is exit 2.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

mkdir -p "$tmp/支部档案/2025/支委会"
echo x >"$tmp/支部档案/2025/支委会/01_2025-01-10_支委会.docx"
echo x >"$tmp/支部档案/2025/支委会/03_2025-02-10_支委会.docx"
echo x >"$tmp/支部档案/2025/支委会/Thumbs.db"
status=0
"$dangan" audit "$tmp/支部档案" --names-only --as-of 2025-02-28 --out "$tmp/反馈单.pdf" --deterministic >"$tmp/out.txt" 2>"$tmp/err.txt" || status=$?
[[ $status -eq 0 ]] || { echo "FAIL: exit $status (only warnings expected)"; cat "$tmp/out.txt" "$tmp/err.txt"; exit 1; }
grep -q "已写出 $tmp/反馈单.pdf（1 页" "$tmp/err.txt" || { echo "FAIL: no PDF written"; cat "$tmp/err.txt"; exit 1; }
pdftotext -layout "$tmp/反馈单.pdf" "$tmp/sheet.txt" 2>/dev/null
# Deductions (warnings weigh half): 主题党日 gaps Jan and Feb (2 × 2 × 0.5), number.gap (0.5), lint.junk (0.25) → 97.25.
for want in "党支部档案检查情况反馈单" "被检查单位：支部档案" "97.25" "优秀" "缺少编号2" "Thumbs.db" "检查人（签名）"; do
    grep -qF "$want" "$tmp/sheet.txt" || { echo "FAIL: the sheet lacks '$want'"; cat "$tmp/sheet.txt"; exit 1; }
done
echo '{"items": []}' >"$tmp/bad.json"
status=0
"$dangan" audit "$tmp/支部档案" --out "$tmp/x.pdf" --scoring "$tmp/bad.json" >"$tmp/out.txt" 2>&1 || status=$?
[[ $status -eq 2 ]] || { echo "FAIL: broken scoring file exited $status"; exit 1; }
grep -qF "“/items”应为非空的" "$tmp/out.txt" || { echo "FAIL: message"; cat "$tmp/out.txt"; exit 1; }
[[ ! -e "$tmp/x.pdf" ]] || { echo "FAIL: a PDF was written despite the broken scoring file"; exit 1; }
echo "PASS"
