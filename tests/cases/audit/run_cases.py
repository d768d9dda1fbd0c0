#!/usr/bin/env python3
"""Runs tests/cases/audit/*.case (see README.md): builds each tree, runs `DANGAN audit --names-only
--format json`, and compares the findings with the expected ones exactly. Prints each difference;
exits 1 when any case differs."""
import collections
import json
import os
import subprocess
import sys
import tempfile


def key(f):
    if f["rule"] == "cadence.gap":
        return (f["rule"], "@%s:%s" % (f.get("record", ""), f.get("period", "")))
    if not f.get("path"):
        return (f["rule"], "@%s:%s" % (f.get("record", ""), f.get("period", "")))
    return (f["rule"], f["path"])


def run(dangan, case, scratch):
    root, as_of, args, cadence, files, expect = "tree", None, [], set(), [], collections.Counter()
    for line in open(case, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        name, _, value = line.partition(": ")
        if name == "root":
            root = value
        elif name == "as-of":
            as_of = value
        elif name == "args":
            args = value.split()
        elif name == "cadence":
            cadence = set(value.split())
        elif name == "file":
            files.append(value)
        elif name == "expect":
            rule, _, path = value.partition(" ")
            expect[(rule, path)] += 1
        else:
            raise SystemExit("%s: unknown line %r" % (case, line))
    top = os.path.join(scratch, os.path.basename(case)[:-5], root)
    for spec in files:
        path, _, text = spec.partition(" = ")
        full = os.path.join(top, path)
        if path.endswith("/"):
            os.makedirs(full, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text or "内容")
    cmd = [dangan, "audit", top, "--names-only", "--format", "json", "--as-of", as_of] + args
    out = subprocess.run(cmd, capture_output=True)
    if out.returncode not in (0, 1):
        return ["exit %d: %s" % (out.returncode, out.stderr.decode(errors="replace"))]
    got = collections.Counter()
    for f in json.loads(out.stdout.decode("utf-8"))["findings"]:
        if f["rule"] == "cadence.gap" and f.get("record") not in cadence:
            continue
        got[key(f)] += 1
    problems = []
    for k in sorted(set(got) | set(expect)):
        if got[k] > expect[k]:
            problems.append("unexpected: %s %s" % k)
        elif got[k] < expect[k]:
            problems.append("missing:    %s %s" % k)
    return problems


def main():
    dangan, folder = sys.argv[1], sys.argv[2]
    failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        cases = sorted(c for c in os.listdir(folder) if c.endswith(".case"))
        for c in cases:
            problems = run(dangan, os.path.join(folder, c), scratch)
            print("%-20s %s" % (c, "ok" if not problems else "FAILED"))
            for p in problems:
                print("    " + p)
            failed += bool(problems)
    print("%d cases, %d failed" % (len(cases), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
