#!/usr/bin/env bash
# Benchmark of `dangan audit`: builds a large synthetic hand-made tree (default 100,000 files) and a
# synthetic dangan-made archive (default 200 MB in manifests), then prints files/s for the walk and
# the name rules, and MB/s for SHA-256 hashing. Asserts nothing.
#   usage: [BEFORE=path/to/earlier/dangan] bench/audit.sh path/to/dangan [FILES] [MEGABYTES]
set -euo pipefail
dangan=${1:?usage: bench/audit.sh path/to/dangan [FILES] [MEGABYTES]}
files=${2:-100000}
megabytes=${3:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp/tree" "$files" <<'PY'
import os, sys
root, total = sys.argv[1], int(sys.argv[2])
series = ["支委会", "党员大会", "党小组会", "党课", "主题党日", "理论学习"]
n = 0
year = 2000
while n < total:
    for s in series:
        for month in range(1, 13):
            d = os.path.join(root, str(year), s, f"{month}月")
            os.makedirs(d, exist_ok=True)
            for i in range(1, 21):
                if n >= total: break
                day = min(i, 28)
                name = f"{i:02d}_{year}-{month:02d}-{day:02d}_{s}会议记录.docx"
                with open(os.path.join(d, name), "w") as f: f.write("x")
                n += 1
    year += 1
PY
sync
# Warm the cache once (the benchmark measures the program, not the disk). The files hold one byte, not
# documents: names only here (the cost of opening documents is measured below on real ones).
"$dangan" audit "$tmp/tree" --names-only --as-of 2100-01-01 --format json >/dev/null 2>&1 || true
start=$(date +%s.%N)
find "$tmp/tree" -printf '%p %s\n' >/dev/null
found=$(date +%s.%N)
"$dangan" audit "$tmp/tree" --names-only --as-of 2100-01-01 --format json --timing >"$tmp/out.json" 2>"$tmp/timing.txt" || true
end=$(date +%s.%N)
python3 -c "import sys; f, w = float(sys.argv[2]) - float(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2]); print(f'bare find -printf of the same tree: {f:.2f} s; audit --names-only (walk + name rules + report): {w:.2f} s = {w / f:.1f}x find')" "$start" "$found" "$end"
python3 - "$found" "$end" "$files" "$tmp/timing.txt" "$tmp/out.json" "$start" <<'PY'
import json, sys
start, end, files = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
find_seconds = start - float(sys.argv[6])
seconds = end - start
timing = open(sys.argv[4]).read().strip()
print(timing)
import re
walk = re.search(r"walk (\d+) ms", timing)
if walk and find_seconds > 0:
    print(f"the walk alone (listing and sizes, no hashing): {int(walk.group(1)) / 1000:.2f} s = "
          f"{int(walk.group(1)) / 1000 / find_seconds:.1f}x find (target: within 2x)")
report = json.load(open(sys.argv[5], encoding="utf-8"))
print(f"hand-made tree: {files} files in {seconds:.2f} s wall = {files / seconds:,.0f} files/s "
      f"({report['summary']['total']} findings)")
PY

# BEFORE=path/to/an/earlier/dangan: the same tree audited by both programs, alternately, 5 rounds each
# (the machine may be shared: alternating spreads the noise evenly), the medians, and whether their
# findings are identical.
if [[ -n "${BEFORE:-}" ]]; then
  python3 - "$BEFORE" "$dangan" "$tmp/tree" <<'PY'
import json, statistics, subprocess, sys, time
before, after, tree = sys.argv[1:4]
args = ["audit", tree, "--names-only", "--as-of", "2100-01-01", "--format", "json"]
times = {before: [], after: []}
findings = {}
for _ in range(5):
    for prog in (before, after):
        t = time.time()
        run = subprocess.run([prog] + args, capture_output=True)
        times[prog].append(time.time() - t)
        findings[prog] = json.dumps(json.loads(run.stdout)["findings"], sort_keys=True)
b, a = statistics.median(times[before]), statistics.median(times[after])
print(f"before/after (5 rounds alternated, medians): before {b:.2f} s, after {a:.2f} s ({a / b:.2f}x); "
      f"findings {'identical' if findings[before] == findings[after] else 'DIFFERENT'} "
      f"({len(json.loads(findings[after]))} findings)")
PY
fi

# Opening documents: 1,000 real .docx minutes (Poco::Zip + Poco::XML), audited with and without --names-only.
python3 - "$tmp/docs" <<'PY'
import io, os, sys, zipfile
root = sys.argv[1]
for n in range(1000):
    y, m, d = 2001 + n // 336, 1 + (n // 28) % 12, 1 + n % 28
    folder = os.path.join(root, str(y), "支委会")
    os.makedirs(folder, exist_ok=True)
    body = "".join('<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % t for t in
                   ["支委会会议记录", "会议时间：%d年%d月%d日 14:30" % (y, m, d), "会议地点：党员活动室"] + ["讨论事项。" * 40] * 20)
    with zipfile.ZipFile(os.path.join(folder, "%d-%02d-%02d支委会.docx" % (y, m, d)), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body + '</w:body></w:document>')
PY
"$dangan" audit "$tmp/docs" --as-of 2100-01-01 --format json >/dev/null 2>&1 || true
t0=$(date +%s.%N)
"$dangan" audit "$tmp/docs" --names-only --as-of 2100-01-01 --format json >/dev/null 2>&1 || true
t1=$(date +%s.%N)
"$dangan" audit "$tmp/docs" --as-of 2100-01-01 --format json >"$tmp/docs.json" 2>&1 || true
t2=$(date +%s.%N)
python3 -c "import sys; a, b, c = map(float, sys.argv[1:4]); print(f'contents: 1,000 .docx opened and read in {(c - b) - (b - a):.2f} s more than names only ({b - a:.2f} s) on $(nproc) cores')" "$t0" "$t1" "$t2"

python3 - "$tmp/archive" "$megabytes" <<'PY'
import hashlib, json, os, sys
root, megabytes = sys.argv[1], int(sys.argv[2])
os.makedirs(root)
open(os.path.join(root, "archive.json"), "w").write('{"dangan_archive": 1}\n')
block = os.urandom(1024 * 1024)
for item in range(1, megabytes // 2 + 1):
    d = os.path.join(root, "2025", "组织生活", f"{item:04d}_20250101_支部委员会会议记录")
    os.makedirs(d)
    files = []
    for name in ("record.pdf", "scan.pdf"):
        data = block[item % 1000:] + block[:item % 1000]
        open(os.path.join(d, name), "wb").write(data)
        files.append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    manifest = {"dangan_manifest": 1, "record_id": str(item), "code": f"J031-WS·2025-D30-SH-{item:04d}",
                "style": "DA/T 22-2015", "year": 2025, "item": item, "date": "2025-01-01", "files": files}
    json.dump(manifest, open(os.path.join(d, "manifest.json"), "w"), ensure_ascii=False)
PY
sync
"$dangan" audit "$tmp/archive" --as-of 2025-12-31 --format json >/dev/null 2>&1 || true
start=$(date +%s.%N)
"$dangan" audit "$tmp/archive" --as-of 2025-12-31 --format json --timing >/dev/null 2>"$tmp/timing.txt" || true
end=$(date +%s.%N)
python3 - "$start" "$end" "$megabytes" "$tmp/timing.txt" <<'PY'
import sys
start, end, mb = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(open(sys.argv[4]).read().strip())
print(f"dangan archive: {mb} MB hashed in {end - start:.2f} s wall = {mb / (end - start):,.0f} MB/s (2 threads)")
PY
