#!/usr/bin/env python3
"""Typesetting and archival report over every sample output (issue #13).

Renders the sample outputs (会议记录本, 纪实簿, 换届选举材料, 党费台账, 工作提醒表, 检查情况反馈单) with the
given dangan, reads the glyph positions of every page with `mutool draw -F stext`, and prints per file
and in total:

  sig-only   pages whose body holds nothing but signature lines (主持人（签字）…)
  names      person names split across two lines (names from the sample data: roster, hosts, speakers…)
  dates      dates split across lines (2025年/12月31日), also 档号, （第N次） and short 《…》 titles
  1-char     paragraphs whose last line holds one character (trailing punctuation not counted)
  ls-max     the largest letter-spacing of a line (its median extra space between characters), in em
  ls-digit   pairs of digits or Latin letters set apart by extra space (must be 0)
  punct      adjacent full-width punctuation pairs set at full width each (uncompressed)
  kinsoku    lines that start with closing punctuation or end with opening punctuation (禁则)
  edge-mm    the smallest distance of any glyph to the paper edge, in mm (footers must keep >= 10)
  PDF/A      the verdict of PDFBox Preflight (PDF/A-1b), one JVM run over all files

Usage: bench/typeset_report.py [--dangan build/src/cli/dangan] [--keep DIR] [--no-validate] [PDF…]
With PDF files given, only those are measured (nothing is rendered); names then come from the samples.
Exit code 0 always (figures, not a test); tests/e2e/typeset_samples.sh asserts on the same figures.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CLOSING = set("，。、；：？！）】》」』〕〉”’…—%·")
OPENING = set("（【《「『〔〈“‘")
PUNCT = CLOSING | OPENING
# Only the bracket-and-stop punctuation that clreq compresses: not the dash or ellipsis.
COMPRESSIBLE = set("，。、；：？！）】》」』〕〉”’（【《「『〔〈“‘")
MM = 72 / 25.4

PRESERVE_PATTERNS = {
    "dates": [
        r"\d{4}年\d{1,2}月\d{1,2}日",
        r"[〇一二三四五六七八九零]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日",
        r"\d{1,2}月\d{1,2}日",
        r"\d{4}年\d{1,2}月",
    ],
    "codes": [r"[A-Z]\d{3}-[A-Z0-9·\-]*\d{3,4}", r"（第[\d一二三四五六七八九十百]+次）", r"《[^》]{1,12}》"],
}


def sample_names():
    """Every person name in the sample data: values of name-like keys and of attendance lists."""
    names = set()
    keys = {"name", "host", "recorder", "speaker", "person", "applicant", "introducer", "introducers",
            "present", "attending", "candidates", "elected", "members", "contact", "talker", "with"}

    def add(value):
        if isinstance(value, str):
            v = re.sub(r"[（(].*", "", value).strip()
            if 2 <= len(v) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in v):
                names.add(v)

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif key in keys:
            add(node)

    for base in ("samples/branch-2025", "samples/defective"):
        for folder, _, files in os.walk(os.path.join(ROOT, base)):
            for f in files:
                if f.endswith(".json"):
                    try:
                        with open(os.path.join(folder, f), encoding="utf-8") as fh:
                            walk(json.load(fh))
                    except (ValueError, OSError):
                        pass
    # Words that look like names to the filter above but are not.
    return {n for n in names if n not in {"正式", "预备", "书记", "委员", "全体", "党员"}}


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def render_samples(dangan, out):
    """The sample outputs of scripts/demo.sh and tests/e2e, deterministic."""
    s = os.path.join(ROOT, "samples")
    det = ["--deterministic"]
    jobs = [
        [dangan, "render", f"{s}/branch-2025", "--as-of", "2025-12-31", "--out-dir", f"{out}/books"] + det,
        [dangan, "dossier", f"{s}/branch-2025", "--as-of", "2025-12-31", "--out-dir", f"{out}/dossiers"] + det,
        [dangan, "dossier", f"{s}/defective", "--as-of", "2025-12-31", "--person", "冯小明", "--out",
         f"{out}/dossiers/纪实簿-冯小明-defective.pdf"] + det,
        [dangan, "remind", f"{s}/branch-2025", "--as-of", "2025-11-20", "--within", "30d", "--out",
         f"{out}/提醒表-branch-2025.pdf"] + det,
        [dangan, "remind", f"{s}/defective", "--as-of", "2025-12-15", "--within", "2w", "--out",
         f"{out}/提醒表-defective.pdf"] + det,
    ]
    # A hand-made folder tree, as in tests/e2e/audit_feedback_sheet.sh, for the 检查情况反馈单.
    tree = os.path.join(out, "tree", "支部档案", "2025", "支委会")
    os.makedirs(tree, exist_ok=True)
    for name in ("01_2025-01-10_支委会.docx", "03_2025-02-10_支委会.docx", "Thumbs.db"):
        with open(os.path.join(tree, name), "w") as fh:
            fh.write("x\n")
    jobs.append([dangan, "audit", os.path.join(out, "tree", "支部档案"), "--as-of", "2025-02-28", "--out",
                 f"{out}/反馈单.pdf"] + det)
    for cmd in jobs:
        r = run(cmd)
        if r.returncode not in (0, 1):
            print(f"typeset_report: {' '.join(cmd[1:3])} failed (exit {r.returncode}):\n{r.stderr}", file=sys.stderr)
    pdfs = []
    for folder, _, files in os.walk(out):
        pdfs += [os.path.join(folder, f) for f in files if f.endswith(".pdf")]
    return sorted(pdfs)


class Char:
    __slots__ = ("c", "x", "y", "x1", "top", "bottom", "size")

    def __init__(self, c, x, y, x1, top, bottom, size):
        self.c, self.x, self.y, self.x1, self.top, self.bottom, self.size = c, x, y, x1, top, bottom, size


def pages_of(pdf):
    """[(width, height, [Char])] from mutool's structured text (y grows downwards)."""
    r = run(["mutool", "draw", "-F", "stext", "-o", "-", pdf])
    root = ET.fromstring(r.stdout)
    pages = []
    for page in root.iter("page"):
        chars = []
        for font in page.iter("font"):
            size = float(font.get("size"))
            for ch in font.iter("char"):
                q = [float(v) for v in ch.get("quad").split()]
                chars.append(Char(ch.get("c"), float(ch.get("x")), float(ch.get("y")), max(q[2], q[6]),
                                  min(q[1], q[3]), max(q[5], q[7]), size))
        pages.append((float(page.get("width")), float(page.get("height")), chars))
    return pages


def segments(chars):
    """Visual lines: characters on one baseline, cut where a gap wider than 0.6 em separates table columns."""
    rows = {}
    for c in chars:
        rows.setdefault(round(c.y * 2) / 2, []).append(c)
    out = []
    for y in sorted(rows):
        row = sorted(rows[y], key=lambda c: c.x)
        seg = [row[0]]
        for a, b in zip(row, row[1:]):
            if b.x - a.x1 > 0.6 * max(a.size, b.size):
                out.append(seg)
                seg = []
            seg.append(b)
        out.append(seg)
    return [[c for c in s] for s in out if "".join(c.c for c in s).strip()]


def text_of(seg):
    return "".join(c.c for c in seg).strip()


def continuation(segs):
    """Pairs (a, b): b is the next line of the paragraph that a does not end (a runs to the measure's
    right edge, b starts at the paragraph's left edge just below)."""
    pairs = []
    for i, a in enumerate(segs):
        size = a[-1].size
        if len(text_of(a)) < 6:
            continue  # a broken line fills the measure; short pieces are table cells ("—", "2")
        for b in segs[i + 1:]:
            dy = b[0].y - a[0].y
            if dy <= 0.5:
                continue
            if dy > 2.2 * size:
                break
            if abs(b[-1].size - size) > 0.1:
                continue
            left_ok = -0.3 * size <= a[0].x - b[0].x <= 2.6 * size  # same edge, or a indented (first line)
            overlap = b[0].x < a[-1].x1 and a[0].x < b[-1].x1
            if left_ok and overlap and a[-1].x1 >= b[-1].x1 - 0.3 * size:
                pairs.append((a, b))
                break
    return pairs


def measure(pdf, names):
    m = {k: 0 for k in ("pages", "sig_only", "names", "dates", "codes", "one_char", "ls_digit", "punct",
                        "kinsoku")}
    m["ls_max"] = 0.0
    m["edge_mm"] = 1e9
    examples = []
    name_re = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True))) if names else None
    for w, h, chars in pages_of(pdf):
        m["pages"] += 1
        if not chars:
            continue
        for c in chars:
            if c.c.strip():
                m["edge_mm"] = min(m["edge_mm"], (h - c.bottom) / MM, c.top / MM, c.x / MM, (w - c.x1) / MM)
        segs = segments(chars)
        # Signature-only page: every body line (page numbers and running heads left out) is a signature line.
        body = [text_of(s) for s in segs
                if not re.fullmatch(r"(第\s*\d+\s*页.*|—\s*\d+\s*—|\d+|- \d+ -)", text_of(s))]
        if body and all(re.search(r"签字|签名|盖章|^日期|^年\s*月\s*日$", t) for t in body):
            m["sig_only"] += 1
            examples.append(f"signature-only page {m['pages']}: {' / '.join(body)[:60]}")
        for s in segs:
            gaps = []
            for a, b in zip(s, s[1:]):
                if not a.c.strip() or not b.c.strip():
                    continue
                adv = a.x1 - a.x
                gap = b.x - a.x1
                size = a.size
                if gap > 0.9 * size:
                    continue  # a deliberate space (label and value), not letter-spacing
                ls = gap / size
                if a.c not in PUNCT and b.c not in PUNCT:
                    gaps.append(ls)
                if re.fullmatch(r"[0-9A-Za-z０-９]", a.c) and re.fullmatch(r"[0-9A-Za-z０-９]", b.c) and ls > 0.02:
                    m["ls_digit"] += 1
                if a.c in COMPRESSIBLE and b.c in COMPRESSIBLE and (b.x - a.x) > 0.75 * size and adv > 0.75 * size:
                    m["punct"] += 1
                    if m["punct"] <= 3:
                        examples.append(f"uncompressed pair '{a.c}{b.c}' page {m['pages']}: {text_of(s)[:30]}")
            # Justification spreads one amount over a line: the line's median gap is its letter-spacing
            # (a single wide gap is two table cells that happen to share a baseline).
            if gaps:
                m["ls_max"] = max(m["ls_max"], sorted(gaps)[len(gaps) // 2])
        for a, b in continuation(segs):
            ta, tb = text_of(a), text_of(b)
            if tb in ("—", "——", "－"):
                continue  # an empty table cell's dash under a full one, not a line start
            if tb and tb[0] in CLOSING or ta and ta[-1] in OPENING:
                m["kinsoku"] += 1
                examples.append(f"禁则 page {m['pages']}: …{ta[-6:]} / {tb[:6]}…")
            joined = ta[-8:] + tb[:8]
            cut = len(ta[-8:])
            if name_re:
                for mt in name_re.finditer(joined):
                    if mt.start() < cut < mt.end():
                        m["names"] += 1
                        examples.append(f"split name page {m['pages']}: {joined[:cut]}/{joined[cut:]}")
                        break
            for key, pats in PRESERVE_PATTERNS.items():
                hit = False
                for p in pats:
                    for mt in re.finditer(p, joined):
                        if mt.start() < cut < mt.end():
                            hit = True
                if hit:
                    m[key] += 1
                    examples.append(f"split {key[:-1]} page {m['pages']}: {joined[:cut]}/{joined[cut:]}")
        # One-character last lines: b continues a, and b is short and not continued itself.
        cont = continuation(segs)
        continued = {id(a) for a, _ in cont}
        for a, b in cont:
            if id(b) in continued:
                continue
            core = [c for c in text_of(b) if c not in PUNCT and c.strip()]
            if len(core) == 1:
                m["one_char"] += 1
                examples.append(f"one-character last line page {m['pages']}: …{text_of(a)[-8:]} / {text_of(b)}")
    if m["edge_mm"] == 1e9:
        m["edge_mm"] = 0
    return m, examples


def preflight(pdfs):
    """{file: (ok, [error codes])} from one PDFBox Preflight run over all files (XML group mode)."""
    cp = preflight_classpath()
    if not cp:
        return None
    folder = tempfile.mkdtemp(prefix="preflight-")
    listing = os.path.join(folder, "files.txt")
    try:
        with open(listing, "w", encoding="utf-8") as fh:
            fh.write("\n".join(os.path.abspath(p) for p in pdfs) + "\n")
        # "xml group LIST" validates every file of LIST in one JVM and writes LIST.preflight.xml.
        run(["java", "-cp", cp, "org.apache.pdfbox.preflight.Validator_A1b", "xml", "group", listing])
        with open(listing + ".preflight.xml", encoding="utf-8") as fh:
            by_name = parse_preflight(fh.read())
    except OSError:
        return None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {p: by_name.get(os.path.basename(p), (False, ["no verdict"])) for p in pdfs}


def preflight_classpath():
    """PDFBox Preflight from Debian (libpdfbox2-java) and what it needs on Java 17."""
    jars = ["preflight", "pdfbox2", "xmpbox", "fontbox2", "commons-logging", "javax.activation", "jaxb-api"]
    cp = [f"/usr/share/java/{j}.jar" for j in jars]
    if not shutil.which("java") or not all(os.path.exists(p) for p in cp):
        return None
    return ":".join(cp)


def parse_preflight(xml_text):
    start = xml_text.find("<")
    verdicts = {}
    if start < 0:
        return verdicts
    root = ET.fromstring(xml_text[start:])
    for pf in root.iter("preflight"):
        name = pf.get("name")
        errors = pf.find("errors")
        codes = []
        if errors is not None:
            for e in errors.iter("error"):
                code = e.findtext("code") or "?"
                codes.append(f"{code} {e.findtext('details') or ''}".strip())
        verdicts[name] = (errors is None or not codes, codes)
    return verdicts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dangan", default=os.path.join(ROOT, "build/src/cli/dangan"))
    ap.add_argument("--keep", help="render into this folder and keep it")
    ap.add_argument("--no-validate", action="store_true", help="skip PDFBox Preflight")
    ap.add_argument("--examples", type=int, default=0, help="print up to N examples per file")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    ap.add_argument("pdfs", nargs="*")
    args = ap.parse_args()
    names = sample_names()
    tmp = None
    if args.pdfs:
        pdfs = args.pdfs
    else:
        out = args.keep or tempfile.mkdtemp(prefix="typeset-report-")
        tmp = None if args.keep else out
        pdfs = render_samples(os.path.abspath(args.dangan), out)
    verdicts = None if args.no_validate else preflight(pdfs)
    cols = ["pages", "sig_only", "names", "dates", "codes", "one_char", "ls_max", "ls_digit", "punct", "kinsoku",
            "edge_mm"]
    heads = ["pages", "sig-only", "names", "dates", "档号等", "1-char", "ls-max", "ls-digit", "punct", "kinsoku",
             "edge-mm"]
    print(f"{'file':44} " + " ".join(f"{h:>8}" for h in heads) + "  PDF/A")
    total = {c: 0 for c in cols}
    total["ls_max"] = 0.0
    total["edge_mm"] = 1e9
    failed = 0
    report = {}
    for pdf in pdfs:
        m, ex = measure(pdf, names)
        rel = os.path.relpath(pdf, args.keep or (tmp or os.getcwd()))
        verdict = "-"
        if verdicts is not None:
            ok, codes = verdicts.get(pdf, (False, ["not validated"]))
            verdict = "pass" if ok else "FAIL " + ",".join(sorted({c.split()[0] for c in codes}))[:40]
            failed += 0 if ok else 1
        row = []
        for c in cols:
            v = m[c]
            row.append(f"{v:8.3f}" if c == "ls_max" else f"{v:8.1f}" if c == "edge_mm" else f"{v:8d}")
            if c == "ls_max":
                total[c] = max(total[c], v)
            elif c == "edge_mm":
                total[c] = min(total[c], v)
            else:
                total[c] += v
        print(f"{rel[:44]:44} " + " ".join(row) + f"  {verdict}")
        for e in ex[: args.examples]:
            print(f"    {e}")
        report[rel] = dict(m, pdfa=verdict)
    row = [f"{total[c]:8.3f}" if c == "ls_max" else f"{total[c]:8.1f}" if c == "edge_mm" else f"{total[c]:8d}"
           for c in cols]
    va = "-" if verdicts is None else f"{len(pdfs) - failed}/{len(pdfs)} pass"
    print(f"{'TOTAL (' + str(len(pdfs)) + ' files)':44} " + " ".join(row) + f"  {va}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"files": report, "total": dict(total, pdfa_failed=failed if verdicts is not None else None)},
                      fh, ensure_ascii=False, indent=1)
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
