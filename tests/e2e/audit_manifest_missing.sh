#!/usr/bin/env bash
# Damage in a dangan archive is judged per folder (issue #11): a deleted or unreadable manifest.json is
# one manifest.missing on its folder, whose files are then checked against the index's checksums (a
# changed record.pdf is still caught); the folder is never "missing" and the archive is never judged
# by the hand-made rules (no cadence.gap).
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

"$dangan" archive "$src/samples/branch-2025" --to "$tmp/档案" --as-of 2025-12-31 --deterministic >/dev/null 2>&1
one=$(ls -d "$tmp"/档案/2025/组织生活/0007_*); two=$(ls -d "$tmp"/档案/2025/组织生活/0009_*)
rm "$one/manifest.json"; printf 'x' >>"$one/record.pdf"
echo "{broken" >"$two/manifest.json"; printf 'y' >>"$two/record.pdf"
status=0
"$dangan" audit "$tmp/档案" --as-of 2025-12-31 --format json >"$tmp/audit.json" 2>"$tmp/audit.err" || status=$?
[[ $status -eq 1 ]] || fail "audit exited $status, expected 1: $(cat "$tmp/audit.err")"
python3 - "$tmp/audit.json" "$(basename "$one")" "$(basename "$two")" <<'PY'
import json, sys
findings = json.load(open(sys.argv[1], encoding="utf-8"))["findings"]
one, two = sys.argv[2], sys.argv[3]
rules = sorted((f["rule"], f["path"].split("/")[-1] if f["rule"] == "manifest.missing" else f["path"].split("/")[-2])
               for f in findings if f["rule"].startswith("manifest."))
others = [f for f in findings if not f["rule"].startswith("manifest.") and f["severity"] == "error"]
if others:
    sys.exit(f"FAIL: findings beyond the two folders: {others[:3]}")
want = sorted([("manifest.missing", one), ("manifest.missing", two), ("manifest.checksum", one), ("manifest.checksum", two)])
if rules != want:
    sys.exit(f"FAIL: expected {want}, got {rules}")
PY
echo "audit: 2 damaged folders, 4 findings (one manifest.missing each, the changed files caught by the index)"
