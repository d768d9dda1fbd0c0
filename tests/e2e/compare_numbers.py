#!/usr/bin/env python3
"""Checks that every matter has one 档号 everywhere: the archive's manifests, the printed 归档文件目录 and
record pages of a 会议记录本, each filed record.pdf, and the dossiers `dangan dossier` wrote.

usage: compare_numbers.py ARCHIVE BOOK.pdf DOSSIER_DIR LABEL
Prints what it compared; exits 1 naming the first disagreement."""
import json
import os
import re
import subprocess
import sys

archive, book, dossiers, label = sys.argv[1:5]
CODE = re.compile(r"[A-Z0-9]+-[A-Z]{2}·[0-9]{4}[-·](?:Y|D30|D10)[-·][A-Z0-9]+-[0-9]{4}")
DOSSIER_KINDS = {"换届选举", "发展党员", "党费"}


def fail(message):
    print(f"FAIL [{label}]: {message}", file=sys.stderr)
    sys.exit(1)


def text(pdf, first=None, last=None, layout=False):
    args = ["pdftotext"] + (["-layout"] if layout else [])
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(args + [pdf, "-"], check=True, capture_output=True, text=True).stdout


# 1. The manifests: one matter per 档号 and one 档号 per matter.
manifests = {}
for folder, _, files in os.walk(archive):
    if "manifest.json" in files and "/.tmp" not in folder:
        m = json.load(open(os.path.join(folder, "manifest.json"), encoding="utf-8"))
        if m["code"] in manifests:
            fail(f"{m['code']} names two matters: {manifests[m['code']]['folder']} and {folder}")
        m["folder"] = folder
        manifests[m["code"]] = m
keys = [m["record_id"] for m in manifests.values()]
if len(set(keys)) != len(keys):
    fail("one record filed under two numbers")
meetings = {c: m for c, m in manifests.items() if m["kind"] not in DOSSIER_KINDS}

# 2. The printed catalogue: each row's 档号 and date are the manifest's.
pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", book], capture_output=True, text=True).stdout).group(1))
rows = []
for page in range(1, pages + 1):
    sheet = text(book, page, layout=True)
    if "序号" not in sheet or "档号：" in sheet:
        continue
    for line in sheet.splitlines():
        codes = CODE.findall(line)
        if codes:
            dates = re.findall(r"(?<![0-9])(20[0-9]{6})(?![0-9])", line)
            rows.append((codes[0], dates[0] if dates else None))
if not rows:
    fail("no 档号 found in the printed 归档文件目录")
for code, date in rows:
    if code not in meetings:
        fail(f"catalogue row {code} is not the 档号 of any filed meeting record")
    if date and date != meetings[code]["date"].replace("-", ""):
        fail(f"catalogue row {code} dated {date}, filed as {meetings[code]['date']}")
if sorted(c for c, _ in rows) != sorted(meetings):
    missing = sorted(set(meetings) - {c for c, _ in rows})
    fail(f"catalogue lists {len(rows)} records, the archive {len(meetings)} meetings; not printed: {missing[:5]}")

# 3. The record pages of the book, in catalogue order.
printed = re.findall("档号：(" + CODE.pattern + ")", text(book))
if printed != [c for c, _ in rows]:
    fail(f"record pages {printed[:6]}… differ from the catalogue {[c for c, _ in rows][:6]}…")

# 4. Every filed PDF prints its own 档号 (SKIP_FILED=1: already compared for this archive).
for code, m in ([] if os.environ.get("SKIP_FILED") else manifests.items()):
    first = text(os.path.join(m["folder"], "record.pdf"), 1, 1)
    found = re.findall("档号：(" + CODE.pattern + ")", first)
    if found != [code]:
        fail(f"{m['folder']}/record.pdf prints {found or '没有档号'}, its manifest says {code}")

# 5. The dossiers printed by `dangan dossier`.
compared = 0
for name in sorted(os.listdir(dossiers)):
    if not name.endswith(".pdf") or "合订本" in name:
        continue
    found = re.findall("档号：(" + CODE.pattern + ")", text(os.path.join(dossiers, name), 1, 1))
    if len(found) != 1:
        fail(f"{name} prints {found or '没有档号'} on its first page")
    m = manifests.get(found[0])
    if m is None:
        fail(f"{name} prints {found[0]}, which no filed matter has")
    ok = (name.startswith("发展党员纪实簿-") and m["kind"] == "发展党员" and m["title"].startswith(name[8:-4])) or \
         (name.startswith("换届选举-") and m["kind"] == "换届选举") or \
         (name.startswith("党费收缴台账-") and m["kind"] == "党费")
    if not ok:
        fail(f"{name} prints {found[0]}, the 档号 of {m['kind']} {m['title']}")
    compared += 1
if compared != len(manifests) - len(meetings):
    fail(f"{compared} dossiers printed, {len(manifests) - len(meetings)} filed")
filed = 0 if os.environ.get("SKIP_FILED") else len(manifests)
print(f"{label}: {len(manifests)} matters filed, {len(rows)} catalogue rows, {len(printed)} record pages, "
      f"{filed} filed PDFs and {compared} dossiers agree")
