#!/usr/bin/env python3
"""Scores `dangan audit` against the truth of make_branches.py: precision and recall of planted defects.

    python3 tests/corpus/score_audit.py DANGAN CORPUS [--layer name|content|all] [--min P] [--show]

Runs `DANGAN audit CORPUS/<branch> --format json --as-of <CORPUS/as-of.txt>` for every branch of
CORPUS/truth.tsv and matches findings to planted defects by (key, rule family): the key is the finding's
path, or "cadence:<record>:<period>" for a cadence gap; the family is the rule id. Info-level findings are
reminders, not defects, and are not scored. With --layer name, content-only defects are left out of the
truth (run it with --args --names-only to measure the name rules alone). Prints per-branch and
overall figures; with --min, exits 1 when precision or recall is below it. --show lists misses and false
alarms.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

CONTENT_ONLY = {"lint.corrupt"}


def key_of(f):
    if f["rule"] == "cadence.gap":
        return "cadence:%s:%s" % (f.get("record", ""), f.get("period", ""))
    return f.get("path", "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dangan")
    ap.add_argument("corpus")
    ap.add_argument("--layer", default="all", choices=["name", "content", "all"])
    ap.add_argument("--min", type=float)
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--args", default="", help="extra audit options, space separated (e.g. --names-only)")
    a = ap.parse_args()
    as_of = open(os.path.join(a.corpus, "as-of.txt")).read().strip()
    truth = collections.defaultdict(set)
    branches = []
    with open(os.path.join(a.corpus, "truth.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            branch, key, rule, layer = line.rstrip("\n").split("\t")
            if branch not in branches:
                branches.append(branch)
            if a.layer != "all" and layer != a.layer:
                continue
            truth[branch].add((key, rule))
    for d in sorted(os.listdir(a.corpus)):
        if os.path.isdir(os.path.join(a.corpus, d)) and d not in branches:
            branches.append(d)
    tp_all = fp_all = fn_all = 0
    for branch in branches:
        cmd = [a.dangan, "audit", os.path.join(a.corpus, branch), "--format", "json", "--as-of", as_of] + a.args.split()
        run = subprocess.run(cmd, capture_output=True)
        if run.returncode not in (0, 1):
            print("audit of %s exited %d: %s" % (branch, run.returncode, run.stderr.decode(errors="replace")))
            return 2
        report = json.loads(run.stdout.decode("utf-8"))
        found = set()
        for f in report["findings"]:
            if f["severity"] == "info":
                continue
            found.add((key_of(f), f["rule"]))
        if a.layer == "name":
            found = {k for k in found if k[1] not in CONTENT_ONLY}
        tp = found & truth[branch]
        fp = found - truth[branch]
        fn = truth[branch] - found
        tp_all += len(tp)
        fp_all += len(fp)
        fn_all += len(fn)
        p = len(tp) / len(found) if found else 1.0
        r = len(tp) / len(truth[branch]) if truth[branch] else 1.0
        print("%-32s planted %3d  found %3d  hits %3d  precision %.2f  recall %.2f"
              % (branch, len(truth[branch]), len(found), len(tp), p, r))
        if a.show:
            for k in sorted(fn):
                print("    missed       %s  %s" % (k[1], k[0]))
            for k in sorted(fp):
                print("    false alarm  %s  %s" % (k[1], k[0]))
    precision = tp_all / (tp_all + fp_all) if tp_all + fp_all else 1.0
    recall = tp_all / (tp_all + fn_all) if tp_all + fn_all else 1.0
    print("overall (%s): planted %d, findings %d, hits %d: precision %.3f, recall %.3f"
          % (a.layer, tp_all + fn_all, tp_all + fp_all, tp_all, precision, recall))
    if a.min is not None and (precision < a.min or recall < a.min):
        print("below the threshold %.2f" % a.min)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
