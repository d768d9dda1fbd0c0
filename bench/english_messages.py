#!/usr/bin/env python3
"""Counts user-facing messages that exist only in English (issue 14: messages in Chinese, English with --lang en).

A message is a string literal on a line that reports to the user (throw InputError/UsageError/DateError,
sink.error/warning, .error(/.warning(/error_at(, fail(, err <<, std::cerr <<) with at least three English words,
no Chinese character and no tr( on the line (tr("中文", "English") pairs count as translated).
Heuristic, the same before and after, so the difference is the measure.

  bench/english_messages.py [REV] [--list]   REV: a git revision (default: the working tree)
"""
import re, subprocess, sys

REPORTING = re.compile(r'throw\s+(?:\w+::)*\w*(InputError|UsageError|DateError)|sink\.(error|warning)|\.(error|warning)\(|error_at\(|'
                       r'\bfail(_at)?\(|\berr\s*<<|std::cerr\s*<<|return\s+"')
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
CJK = re.compile(r'[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]')
MODULES = ("records", "core", "cli", "jobs", "workbook", "rules", "archive", "catalog", "inspect")


def files(rev):
    cmd = ["git", "ls-files", "src"] if rev is None else ["git", "ls-tree", "-r", "--name-only", rev, "src"]
    return [f for f in subprocess.check_output(cmd, text=True).split() if f.endswith(".cpp")]


def text(rev, path):
    if rev is None:
        return open(path, encoding="utf-8").read()
    return subprocess.check_output(["git", "show", f"{rev}:{path}"], text=True)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rev = args[0] if args else None
    listing = "--list" in sys.argv
    counts = {}
    for path in files(rev):
        module = path.split("/")[1]
        if module not in MODULES:
            continue
        lines = text(rev, path).splitlines()
        for number, line in enumerate(lines, 1):
            if "tr(" in line or line.strip().startswith("//"):
                continue
            # A message continued from the previous line is judged with it.
            context = line if REPORTING.search(line) else (lines[number - 2] if number > 1 else "")
            if not REPORTING.search(context) or "tr(" in context:
                continue
            for literal in LITERAL.findall(line):
                if CJK.search(literal) or len(re.findall(r"[A-Za-z]{2,}", literal)) < 3:
                    continue
                counts[module] = counts.get(module, 0) + 1
                if listing:
                    print(f"{path}:{number}: {literal[:100]}")
                break
    total = sum(counts.values())
    print(" ".join(f"{m}={counts.get(m, 0)}" for m in MODULES), f"total={total}")


main()
