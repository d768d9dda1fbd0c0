#!/usr/bin/env bash
# The defective sample set must exit 1, and every planted defect listed in
# samples/defective/expected-findings.tsv (rule<TAB>record<TAB>message substring) must be reported.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

status=0
"$dangan" check "$src/samples/defective" --as-of 2025-12-31 --format json >"$tmp/out.json" 2>"$tmp/err.txt" || status=$?
if [[ $status -ne 1 ]]; then
    echo "FAIL: exit code $status, expected 1"; cat "$tmp/err.txt"; exit 1
fi
if [[ -s "$tmp/err.txt" ]]; then
    echo "FAIL: unexpected messages on stderr:"; cat "$tmp/err.txt"; exit 1
fi
python3 - "$tmp/out.json" "$src/samples/defective/expected-findings.tsv" "$src/src/rules/finding.hpp" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
findings = report["findings"]
known = set(re.findall(r'=\s*"([a-z]+\.[a-z_]+)"', open(sys.argv[3], encoding="utf-8").read()))
if len(known) < 20:
    sys.exit(f"FAIL: could read only {len(known)} rule ids from finding.hpp")
failed = False
for f in findings:
    if f["rule"] not in known:
        print(f"unknown rule id in finding: {f['rule']} [{f['record']}] {f['message']}")
        failed = True
    for key in ("rule", "severity", "path", "record", "message", "dates"):
        if key not in f:
            print(f"finding without \"{key}\": {f}")
            failed = True
expected = []
for number, line in enumerate(open(sys.argv[2], encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    parts = line.split("\t")
    if len(parts) != 3:
        sys.exit(f"FAIL: expected-findings.tsv line {number} does not have 3 tab-separated fields: {line!r}")
    expected.append(parts)
missing = [e for e in expected
           if not any(f["rule"] == e[0] and f["record"] == e[1] and e[2] in f["message"] for f in findings)]
for rule, record, text in missing:
    print(f"missing finding: {rule} [{record}] …{text}…")
planted_rules = {e[0] for e in expected}
# Ids only `audit` can emit (file-system lints, manifests, 档号 format, an empty archive) have no place in
# record data.
audit_only = {r for r in known if r.startswith(("lint.", "manifest.", "archive.")) or r == "number.format"}
unplanted = sorted(known - planted_rules - audit_only)
if unplanted:
    print("rule ids with no planted defect: " + ", ".join(unplanted))
if missing or unplanted or failed:
    sys.exit(f"FAIL: {len(missing)} of {len(expected)} planted defects not reported")
print(f"PASS: all {len(expected)} planted defects reported ({len(findings)} findings in all)")
PY
