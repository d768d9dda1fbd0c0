#!/usr/bin/env bash
# `audit --ocr`: scanned minutes (PNG pages rendered by tests/corpus/make_scans.py with a Chinese font)
# are read through Tesseract: the page whose 会议时间 differs from its name is date.inconsistent, the
# blank one (2023年 月 日) date.missing, the one that agrees is silent; each such finding says it came
# from OCR. Without --ocr the scans give nothing. Off by default. Skips only when Tesseract (or Pillow for
# the generator) is not installed; scripts/install-deps.sh installs both.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"
command -v tesseract >/dev/null || { echo "SKIP: tesseract not installed (scripts/install-deps.sh installs tesseract-ocr)"; exit 0; }
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || { echo "SKIP: tesseract-ocr-chi-sim not installed"; exit 0; }
py=""
for p in python3 /usr/bin/python3; do "$p" -c "import PIL" 2>/dev/null && { py=$p; break; }; done
[[ -n "$py" ]] || { echo "SKIP: python3-pil not installed (the scan generator needs it)"; exit 0; }

"$py" "$src/tests/corpus/make_scans.py" "$tmp/scans" --count 3 --levels 0 --seed 7 >/dev/null
tree="$tmp/scans/L0"
status=0
"$dangan" audit "$tree" --ocr --format json --as-of 2024-06-30 >"$tmp/ocr.json" 2>"$tmp/err.txt" || status=$?
[[ $status -eq 1 ]] || { cat "$tmp/err.txt"; fail "--ocr exited $status, expected 1"; }
"$dangan" audit "$tree" --format json --as-of 2024-06-30 >"$tmp/plain.json" 2>/dev/null || true
python3 - "$tmp/scans/truth.tsv" "$tmp/ocr.json" "$tmp/plain.json" <<'PY' || fail "OCR findings"
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")][1:]
ocr = json.load(open(sys.argv[2], encoding="utf-8"))["findings"]
plain = json.load(open(sys.argv[3], encoding="utf-8"))["findings"]
content = {"date.missing", "date.inconsistent"}
def on(findings, path):
    return [f for f in findings if f.get("path") == path and f["rule"] in content and f["severity"] != "info"]
for level, path, written, name_date, inside in rows:
    got = on(ocr, path)
    want = {"same": [], "other": ["date.inconsistent"], "blank": ["date.missing"]}[written]
    assert [f["rule"] for f in got] == want, (path, written, got)
    for f in got:
        assert "文字识别" in f["message"], f["message"]
    if written == "other":
        assert got[0]["dates"] == [name_date, inside], (got[0]["dates"], name_date, inside)
    assert on(plain, path) == [], ("without --ocr", path, on(plain, path))
print("ocr: %d scans judged right" % len(rows))
PY
# Asked for without Tesseract on PATH: exit 2 before the walk, with the packages to install.
status=0
PATH=/nonexistent "$dangan" audit "$tree" --ocr --as-of 2024-06-30 >"$tmp/out.txt" 2>&1 || status=$?
[[ $status -eq 2 ]] || { cat "$tmp/out.txt"; fail "--ocr without tesseract exited $status, expected 2"; }
grep -qF "tesseract-ocr-chi-sim" "$tmp/out.txt" || { cat "$tmp/out.txt"; fail "no install hint"; }
echo "PASS"
