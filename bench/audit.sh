#!/usr/bin/env bash
# Benchmark of `dangan audit`: builds a large synthetic hand-made tree (default 100,000 files) and a
# synthetic dangan-made archive (default 200 MB in manifests), then prints files/s for the walk and
# the name rules, and MB/s for SHA-256 hashing. Asserts nothing.
#   usage: bench/audit.sh path/to/dangan [FILES] [MEGABYTES]
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
# Warm the cache once (the benchmark measures the program, not the disk).
"$dangan" audit "$tmp/tree" --as-of 2100-01-01 --format json >/dev/null 2>&1 || true
start=$(date +%s.%N)
"$dangan" audit "$tmp/tree" --as-of 2100-01-01 --format json --timing >"$tmp/out.json" 2>"$tmp/timing.txt" || true
end=$(date +%s.%N)
python3 - "$start" "$end" "$files" "$tmp/timing.txt" "$tmp/out.json" <<'PY'
import json, sys
start, end, files = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
seconds = end - start
print(open(sys.argv[4]).read().strip())
report = json.load(open(sys.argv[5], encoding="utf-8"))
print(f"hand-made tree: {files} files in {seconds:.2f} s wall = {files / seconds:,.0f} files/s "
      f"({report['summary']['total']} findings)")
PY

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
