#!/usr/bin/env python3
"""How well `dangan audit --ocr` reads the dates of scanned minutes, by degradation level.

    python3 bench/ocr_accuracy.py DANGAN [--count N] [--seed S] [--levels 0,1,2,3] [--keep DIR]

Generates scans with ground truth (tests/corpus/make_scans.py: a third write the name's date inside, a
third another date, a third leave it blank), then measures two things per level:

- reading: a copy of each level's tree with every page renamed to 12月31日 (a day no page writes), so
  every date the OCR reads shows as date.inconsistent with the date read, and a blank one as
  date.missing: right (the written date, or blank seen as blank), wrong (another date), missed (nothing);
- the audit on the real names: date.inconsistent and date.missing expected on the 'other' and 'blank'
  pages, silence on the 'same' ones: planted, found, hits, precision, recall;

and the seconds per page (wall, on all cores). Needs tesseract-ocr + tesseract-ocr-chi-sim and python3-pil
(run it with /usr/bin/python3 if another python3 lacks Pillow).
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def audit(dangan, tree):
    t = time.time()
    run = subprocess.run([dangan, "audit", tree, "--ocr", "--format", "json", "--as-of", "2024-06-30"],
                         capture_output=True)
    if run.returncode not in (0, 1):
        sys.exit("audit exited %d: %s" % (run.returncode, run.stderr.decode(errors="replace")))
    return json.loads(run.stdout.decode("utf-8"))["findings"], time.time() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dangan")
    ap.add_argument("--count", type=int, default=12)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--levels", default="0,1,2,3")
    ap.add_argument("--keep")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="ocr-bench-")
    subprocess.run([sys.executable, os.path.join(HERE, "..", "tests", "corpus", "make_scans.py"), work,
                    "--count", str(a.count), "--seed", str(a.seed), "--levels", a.levels], check=True,
                   stdout=subprocess.DEVNULL)
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(work, "truth.tsv"), encoding="utf-8")][1:]
    by_level = collections.defaultdict(list)
    for r in rows:
        by_level[r[0]].append(r)
    print("level  pages  read right  wrong  missed   audit: planted found hits precision recall   s/page")
    total = collections.Counter()
    for level in sorted(by_level):
        tree = os.path.join(work, "L" + level)
        # reading: every page renamed to a date no page writes
        probe = os.path.join(work, "probe" + level)
        shutil.rmtree(probe, ignore_errors=True)
        renamed = {}
        for i, (_, path, written, name_date, inside) in enumerate(by_level[level]):
            new = "2023年/支委会/12.31支委会记录扫描%02d%s" % (i + 1, os.path.splitext(path)[1])
            os.makedirs(os.path.dirname(os.path.join(probe, new)), exist_ok=True)
            shutil.copy(os.path.join(tree, path), os.path.join(probe, new))
            renamed[new] = (written, inside)
        findings, seconds = audit(a.dangan, probe)
        read = {}
        for f in findings:
            if f["severity"] == "info" or f.get("path") not in renamed:
                continue
            if f["rule"] == "date.inconsistent":
                read[f["path"]] = f["dates"][1]
            elif f["rule"] == "date.missing":
                read[f["path"]] = "blank"
        right = wrong = missed = 0
        for path, (written, inside) in renamed.items():
            got = read.get(path)
            if got is None:
                missed += 1
            elif got == (inside or "blank"):
                right += 1
            else:
                wrong += 1
        # the audit on the real names
        findings, _ = audit(a.dangan, tree)
        want = {(p, {"other": "date.inconsistent", "blank": "date.missing"}[w])
                for _, p, w, _, _ in by_level[level] if w != "same"}
        got = {(f["path"], f["rule"]) for f in findings
               if f["severity"] != "info" and f["rule"] in ("date.inconsistent", "date.missing")}
        hits = len(want & got)
        p = hits / len(got) if got else 1.0
        r = hits / len(want) if want else 1.0
        n = len(by_level[level])
        print("%5s  %5d  %10d  %5d  %6d   %14d %5d %4d %9.2f %6.2f   %6.2f"
              % (level, n, right, wrong, missed, len(want), len(got), hits, p, r, seconds / n))
        total.update(pages=n, right=right, wrong=wrong, missed=missed, planted=len(want), found=len(got), hits=hits)
    print("all    %5d  %10d  %5d  %6d   %14d %5d %4d %9.2f %6.2f"
          % (total["pages"], total["right"], total["wrong"], total["missed"], total["planted"], total["found"],
             total["hits"], total["hits"] / total["found"] if total["found"] else 1.0,
             total["hits"] / total["planted"] if total["planted"] else 1.0))
    if not a.keep:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
