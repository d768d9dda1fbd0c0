#!/usr/bin/env bash
# workbook/export (issue 14): a data set exported as a workbook and read back gives the same findings,
# and byte-identical deterministic PDFs, as the JSON it came from; the blank workbook reads as empty.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

# The blank workbook: its sheets, and a folder holding only it loads without a data error.
"$dangan" workbook --out "$tmp/blank.xlsx" >"$tmp/out" 2>"$tmp/err" || fail "workbook exited $?: $(cat "$tmp/err")"
python3 - "$tmp/blank.xlsx" <<'PY' || fail "blank workbook sheets"
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]+)"', wb)
want = ["说明", "组织", "花名册", "会议", "会议内容", "表决", "党费", "发展", "换届", "候选人", "选项"]
assert names == want, names
sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
xml = "".join(z.read(n).decode() for n in sheets)
assert "dataValidation" in xml and "选项!$A$2" in xml and "花名册!$A$2" in xml, "no drop-down lists"
assert any(n.startswith("xl/comments") for n in z.namelist()), "no header notes"
PY
"$dangan" workbook samples --out "$tmp/x.xlsx" >/dev/null 2>"$tmp/err" && fail "workbook with data should be refused"
"$dangan" export "$src/samples/branch-2025" --out "$tmp/x.pdf" >/dev/null 2>"$tmp/err" && fail "export to .pdf should be refused"

# The sample branch: export, then a folder with only the workbook.
mkdir -p "$tmp/wb"
"$dangan" export "$src/samples/branch-2025" --out "$tmp/wb/台账.xlsx" >"$tmp/out" 2>"$tmp/err" \
  || fail "export exited $?: $(cat "$tmp/err")"
grep -q "65 次会议" "$tmp/out" || fail "export summary: $(cat "$tmp/out")"
ls -A "$tmp/wb" | grep -qv '^台账.xlsx$' && fail "export left other files: $(ls -A "$tmp/wb")"

"$dangan" check "$src/samples/branch-2025" --as-of 2025-12-31 >"$tmp/json.txt" 2>&1 || fail "check json: $(cat "$tmp/json.txt")"
"$dangan" check "$tmp/wb" --as-of 2025-12-31 >"$tmp/wb.txt" 2>&1 || fail "check workbook exited $?: $(head -20 "$tmp/wb.txt")"
diff "$tmp/json.txt" "$tmp/wb.txt" >/dev/null || fail "check output differs: $(diff "$tmp/json.txt" "$tmp/wb.txt" | head)"

for cmd in render dossier; do
  "$dangan" $cmd "$src/samples/branch-2025" --as-of 2025-12-31 --deterministic --out-dir "$tmp/$cmd-json" >/dev/null 2>&1 \
    || fail "$cmd json"
  "$dangan" $cmd "$tmp/wb" --as-of 2025-12-31 --deterministic --out-dir "$tmp/$cmd-wb" >/dev/null 2>"$tmp/err" \
    || fail "$cmd workbook exited $?: $(head -5 "$tmp/err")"
  n=$(find "$tmp/$cmd-json" -name '*.pdf' | wc -l)
  [ "$n" -ge 3 ] || fail "$cmd wrote only $n PDFs"
  (cd "$tmp/$cmd-json" && find . -name '*.pdf' | sort) >"$tmp/$cmd-list-json"
  (cd "$tmp/$cmd-wb" && find . -name '*.pdf' | sort) >"$tmp/$cmd-list-wb"
  diff "$tmp/$cmd-list-json" "$tmp/$cmd-list-wb" >/dev/null || fail "$cmd wrote other files: $(diff "$tmp/$cmd-list-json" "$tmp/$cmd-list-wb" | head)"
  while read -r f; do
    cmp -s "$tmp/$cmd-json/$f" "$tmp/$cmd-wb/$f" || fail "$cmd: $f differs between JSON and workbook"
  done <"$tmp/$cmd-list-json"
done

# The remind table is the same too.
"$dangan" remind "$src/samples/branch-2025" --as-of 2025-11-20 >"$tmp/r1" 2>&1 || true
"$dangan" remind "$tmp/wb" --as-of 2025-11-20 >"$tmp/r2" 2>&1 || true
diff "$tmp/r1" "$tmp/r2" >/dev/null || fail "remind differs: $(diff "$tmp/r1" "$tmp/r2" | head)"

# The defective branch: the same findings (rule, severity, record, message, period, dates), now
# located by cell.
mkdir -p "$tmp/def"
"$dangan" export "$src/samples/defective" --out "$tmp/def/台账.xlsx" >/dev/null 2>"$tmp/err" || fail "export defective: $(cat "$tmp/err")"
set +e
"$dangan" check "$src/samples/defective" --as-of 2025-12-31 --format json >"$tmp/d1.json" 2>/dev/null; e1=$?
"$dangan" check "$tmp/def" --as-of 2025-12-31 --format json >"$tmp/d2.json" 2>"$tmp/err"; e2=$?
set -e
[ "$e1" = "$e2" ] || fail "exit codes differ: $e1 vs $e2 ($(head -5 "$tmp/err"))"
python3 - "$tmp/d1.json" "$tmp/d2.json" <<'PY' || fail "defective findings differ"
import json, sys
def key(f):
    return (f["rule"], f["severity"], f.get("record", ""), f["message"], f.get("period", ""), tuple(f.get("dates", [])))
a = sorted(key(f) for f in json.load(open(sys.argv[1]))["findings"])
b = sorted(key(f) for f in json.load(open(sys.argv[2]))["findings"])
if a != b:
    sa, sb = set(a), set(b)
    print("only json:", sorted(sa - sb)[:5], "\nonly workbook:", sorted(sb - sa)[:5], file=sys.stderr)
    sys.exit(1)
# Every finding the JSON run places on a field (with its line) names a cell in the workbook run; the
# others (a month without a meeting, a dossier as a whole) name the workbook and its sheet.
fields = sum(1 for f in json.load(open(sys.argv[1]))["findings"] if f.get("field"))
wb = json.load(open(sys.argv[2]))["findings"]
cells = [f for f in wb if "!" in f["path"]]
assert all("台账.xlsx " in f["path"] for f in wb), [f["path"] for f in wb if "台账.xlsx " not in f["path"]][:3]
assert len(cells) >= fields, f"only {len(cells)} findings name a cell; the JSON run has {fields} on a field"
print(f"{len(a)} findings identical", file=sys.stderr)
PY
# The committed samples: the workbook version of the sample branch checks as the JSON does; the village
# branch, a workbook dangan did not write, is clean and renders.
"$dangan" check "$src/samples/branch-2025-xlsx" --as-of 2025-12-31 >"$tmp/x.txt" 2>&1 || fail "branch-2025-xlsx: $(head "$tmp/x.txt")"
diff "$tmp/json.txt" "$tmp/x.txt" >/dev/null || fail "branch-2025-xlsx differs from the JSON: $(diff "$tmp/json.txt" "$tmp/x.txt" | head)"
"$dangan" check "$src/samples/village-2025" --as-of 2025-12-31 >"$tmp/v.txt" 2>&1 || fail "village: $(head "$tmp/v.txt")"
grep -qx "未发现问题。" "$tmp/v.txt" || fail "village not clean: $(head "$tmp/v.txt")"
"$dangan" render "$src/samples/village-2025" --as-of 2025-12-31 --kind 主题党日 --out "$tmp/v.pdf" 2>/dev/null || fail "village render"
pdftotext "$tmp/v.pdf" "$tmp/v.txt"
grep -q "中共柳溪镇青石村支部委员会" "$tmp/v.txt" || fail "village book lacks the branch name"
[ "$(pdfinfo "$tmp/v.pdf" | awk '/^Pages:/ {print $2}')" -ge 14 ] || fail "village book: expected a cover, a catalogue and 12 records"
echo "ok"
