#!/usr/bin/env python3
"""Checks the 归档章 (DA/T 22-2015 附录A) of dangan's PDFs from the words pdftotext -bbox finds.

A 件 starts on every page with a "档号：…" line in its upper part; its real page count is the number of
pages up to the next such page (or the end of the file). On each start page the stamp — the words in
the 45 × 16 mm box 26 mm from the right edge and 10 mm from the top — must read 全宗号 年度 件号 /
机构 保管期限 页数, with the 件号 equal to the 档号's last four digits and the 页数 equal to the counted
pages; no other page may carry a stamp. Usage: check_archive_stamp.py [--whole] FILE.pdf…
(--whole: each file is one 件, the cover included, so its 页数 is the file's page count).
Prints one line per 件 and exits 1 on the first kind of mismatch with every mismatch listed.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72 / 25.4


def pages_of(path):
    html = subprocess.run(["pdftotext", "-bbox", path, "-"], check=True, capture_output=True, text=True).stdout
    html = re.sub(r"<!DOCTYPE[^>]*>", "", html).replace(' xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(html)
    out = []
    for page in root.iter("page"):
        width = float(page.get("width"))
        words = [(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), w.text or "") for w in page.iter("word")]
        out.append((width, words))
    return out


def stamp_words(width, words):
    left, right = width - 26 * MM - 45 * MM, width - 26 * MM
    inside = [w for w in words if w[0] >= left - 1 and w[2] <= right + 1 and 10 * MM - 1 <= w[1] <= 26 * MM]
    rows = {}
    for w in sorted(inside, key=lambda w: (round(w[1]), w[0])):
        rows.setdefault(round(w[1]), []).append(w[3])
    return [r for _, r in sorted(rows.items())]


def code_on(words):
    for w in words:
        if w[3].startswith("档号：") and w[1] < 60 * MM:
            return w[3][len("档号："):]
    return None


def main():
    args = sys.argv[1:]
    whole = "--whole" in args
    files = [a for a in args if a != "--whole"]
    problems, items = [], 0
    for path in files:
        pages = pages_of(path)
        starts = [i for i, (_, words) in enumerate(pages) if code_on(words)]
        if whole:
            starts = [0] if pages else []
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(pages)
            real = end - start
            width, words = pages[start]
            code = code_on(words) if not whole else next((code_on(p[1]) for p in pages if code_on(p[1])), None)
            rows = stamp_words(width, words)
            items += 1
            where = f"{path} page {start + 1}"
            if len(rows) != 2 or len(rows[0]) != 3 or len(rows[1]) != 3:
                problems.append(f"{where}: no 2 × 3 归档章 (found {rows})")
                continue
            fonds, year, item = rows[0]
            _, _, pages_text = rows[1]
            print(f"{where}: 档号 {code} 归档章 {' '.join(rows[0])} / {' '.join(rows[1])}, real pages {real}")
            if code is None or not code.endswith("-" + item):
                problems.append(f"{where}: 件号 {item} is not the last part of the 档号 {code}")
            if code is not None and not (code.startswith(fonds + "-") and year in code):
                problems.append(f"{where}: 全宗号 {fonds} / 年度 {year} do not match the 档号 {code}")
            if pages_text != str(real):
                problems.append(f"{where}: 页数 {pages_text} but the 件 has {real} pages")
        stamped = {i for i, (w, words) in enumerate(pages) if stamp_words(w, words)}
        extra = stamped - set(starts)
        if extra:
            problems.append(f"{path}: a 归档章 on pages {sorted(p + 1 for p in extra)} that start no 件")
    print(f"{items} 件 checked")
    if items == 0:
        problems.append("no 件 found")
    if problems:
        print("FAIL:\n  " + "\n  ".join(problems))
        sys.exit(1)


main()
