#!/usr/bin/env python3
"""Sets the first 支委会 record of samples/branch-2025 with dangan and with XeLaTeX + ctex, with the same
fonts, page and sizes, and compares them (issue #13: "look at the pages beside a XeLaTeX setting").

Prints, for both settings: pages of the record, and for each 发言 paragraph its lines and the length of
its last line (1 = a one-character last line), read with mutool's stext. Writes page images (pdftoppm
-r 90) of both into --keep DIR, to be looked at side by side (punctuation placement, spacing, breaks).

XeLaTeX is not a dependency of dangan (texlive-xetex and texlive-lang-chinese are large): without
xelatex or ctex this script says so and exits 0.

Usage: bench/xelatex_compare.py [--dangan build/src/cli/dangan] [--keep DIR]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FONTS = {
    "song": ("/usr/share/fonts/truetype/arphic/", "uming.ttc", 0),
    "hei": ("/usr/share/fonts/truetype/wqy/", "wqy-zenhei.ttc", 0),
    "kai": ("/usr/share/fonts/truetype/lxgw-wenkai/", "LXGWWenKai-Regular.ttf", 0),
}
CN = "零一二三四五六七八九十"


def cn(n):
    return CN[n] if n <= 10 else "十" + CN[n - 10]


def tex_escape(text):
    for a, b in (("\\", r"\textbackslash{}"), ("%", r"\%"), ("&", r"\&"), ("#", r"\#"), ("_", r"\_"),
                 ("$", r"\$"), ("{", r"\{"), ("}", r"\}")):
        text = text.replace(a, b)
    return text


def font_option(key):
    path, name, index = FONTS[key]
    return f"[Path={path},FontIndex={index}]{{{name}}}" if name.endswith(".ttc") else f"[Path={path}]{{{name}}}"


def record_tex(org, record, code):
    """The record as meeting.tpl sets it: record page, 仿宋 (LXGW WenKai) 小四 on 22 pt, 黑体 labels."""
    e = tex_escape
    date = record["date"]
    y, m, d = (int(x) for x in date.split("-"))
    present = "、".join(record["attendance"]["present"])
    absent = "、".join(record["attendance"].get("absent", [])) or "无"
    lines = [r"\documentclass[UTF8,zihao=-4,fontset=none]{ctexart}",
             r"\usepackage[a4paper,top=30mm,bottom=25mm,left=28mm,right=26mm,footskip=12mm]{geometry}",
             r"\usepackage{array}",
             r"\setCJKmainfont" + font_option("kai"),
             r"\setCJKsansfont" + font_option("hei"),
             r"\setCJKfamilyfont{song}" + font_option("song"),
             r"\setCJKfamilyfont{hei}" + font_option("hei"),
             r"\setCJKfamilyfont{kai}" + font_option("kai"),
             r"\setmainfont" + font_option("kai"),
             r"\pagestyle{plain}",
             r"\renewcommand{\thepage}{第 \arabic{page} 页}",
             r"\setlength{\parindent}{2em}",
             r"\linespread{1}\renewcommand{\baselinestretch}{1}",
             r"\begin{document}",
             r"\fontsize{12pt}{22pt}\selectfont",
             r"\begin{flushright}{\CJKfamily{song}\zihao{5}档号：" + e(code) + r"}\end{flushright}",
             r"\begin{center}{\CJKfamily{song}\bfseries\zihao{2}" + e(org) + r"}\\[6pt]",
             r"{\CJKfamily{kai}\zihao{3}" + f"{y}年支部委员会会议记录（第{record['number']}次）" + r"}\end{center}",
             r"\noindent\begin{tabular}{|>{\centering\arraybackslash\CJKfamily{hei}\zihao{5}}p{20mm}|p{52mm}|"
             r">{\centering\arraybackslash\CJKfamily{hei}\zihao{5}}p{20mm}|p{52mm}|}\hline",
             f"会议时间 & \\multicolumn{{3}}{{l|}}{{{y}年{m}月{d}日 {record['start']}—{record['end']}}}\\\\\\hline",
             f"会议地点 & \\multicolumn{{3}}{{l|}}{{{e(record['place'])}}}\\\\\\hline",
             f"主持人 & {e(record['host'])} & 记录人 & {e(record['recorder'])}\\\\\\hline",
             f"应到人数 & {record['attendance']['expected']} 人 & 实到人数 & "
             f"{len(record['attendance']['present'])} 人\\\\\\hline",
             f"出席人员 & \\multicolumn{{3}}{{l|}}{{{e(present)}}}\\\\\\hline",
             f"缺席人员 & \\multicolumn{{3}}{{l|}}{{{e(absent)}}}\\\\\\hline",
             r"\end{tabular}", ""]
    section = 0

    def heading(title):
        nonlocal section
        section += 1
        lines.append(r"\par\vspace{0.8em}\noindent{\CJKfamily{hei}\zihao{4}" + f"{cn(section)}、{title}" +
                     r"}\par\vspace{0.3em}")

    if record.get("agenda"):
        heading("会议议题")
        for i, topic in enumerate(record["agenda"], 1):
            lines.append(f"{cn(i)}是{e(topic)}\\par")
    if record.get("content"):
        heading("会议内容")
        for piece in record["content"]:
            lines.append(r"{\CJKfamily{hei}\bfseries " + e(piece["speaker"]) + "：}" + e(piece["text"]) + r"\par")
    if record.get("votes"):
        heading("表决情况")
        lines.append(r"\noindent{\zihao{5}\begin{tabular}{|p{52mm}|c|c|c|c|c|c|}\hline")
        lines.append(r"\CJKfamily{hei}表决事项 & \CJKfamily{hei}表决方式 & \CJKfamily{hei}应到 & \CJKfamily{hei}实到 & "
                     r"\CJKfamily{hei}赞成 & \CJKfamily{hei}反对 & \CJKfamily{hei}弃权\\\hline")
        for v in record["votes"]:
            lines.append(f"{e(v['subject'])} & {e(v['method'])} & {v['expected']} & {v['present']} & {v['yes']} & "
                         f"{v['no']} & {v['abstain']}\\\\\\hline")
        lines.append(r"\end{tabular}}\par")
    if record.get("resolutions"):
        heading("会议决定")
        for i, text in enumerate(record["resolutions"], 1):
            lines.append(f"{i}．{e(text)}\\par")
    lines += [r"\vspace{2em}\begin{flushright}主持人（签字）：\underline{\hspace{40mm}}\\[1em]",
              r"记录人（签字）：\underline{\hspace{40mm}}\end{flushright}", r"\end{document}", ""]
    return "\n".join(lines)


def stext_lines(pdf, first, last):
    """Lines of text (reading order) with each character's box, pages first…last, via mutool stext."""
    out = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf, f"{first}-{last}"],
                         capture_output=True, check=True).stdout
    root = ET.fromstring(out)
    lines = []
    for line in root.iter("line"):
        chars = []
        for font in line.iter("font"):
            size = float(font.get("size", "12"))
            for ch in font.iter("char"):
                quad = [float(v) for v in ch.get("quad").split()]
                chars.append((ch.get("c"), quad[0], quad[2], size))
        if chars:
            lines.append(chars)
    return lines


def measure(pdf, first, last, record):
    lines = stext_lines(pdf, first, last)
    texts = ["".join(c for c, *_ in line) for line in lines]
    paragraphs = []
    for piece in record["content"]:
        target = piece["speaker"] + "：" + piece["text"]
        start = next((i for i, t in enumerate(texts) if t.replace(" ", "").startswith(piece["speaker"] + "：")), None)
        if start is None:
            paragraphs.append(("?", "?"))
            continue
        got, i = "", start
        while i < len(texts) and len(got) < len(target):
            got += texts[i].replace(" ", "")
            i += 1
        paragraphs.append((i - start, len(texts[i - 1].replace(" ", ""))))
    return paragraphs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dangan", default=os.path.join(ROOT, "build", "src", "cli", "dangan"))
    parser.add_argument("--keep")
    args = parser.parse_args()
    if not shutil.which("xelatex") or subprocess.run(["kpsewhich", "ctexart.cls"], capture_output=True,
                                                     text=True).stdout.strip() == "":
        print("xelatex_compare: skipped: xelatex with ctex is not installed "
              "(apt-get install texlive-xetex texlive-lang-chinese)")
        return 0
    work = args.keep or tempfile.mkdtemp()
    os.makedirs(work, exist_ok=True)
    data = os.path.join(ROOT, "samples", "branch-2025")
    record = json.load(open(os.path.join(data, "meetings", "committee-2025.json"), encoding="utf-8"))["records"][0]
    org = json.load(open(os.path.join(data, "organisation.json"), encoding="utf-8"))["name"]
    subprocess.run([args.dangan, "render", data, "--as-of", "2025-12-31", "--out-dir", os.path.join(work, "books"),
                    "--deterministic"], capture_output=True, check=False)
    book = os.path.join(work, "books", "2025-支部委员会-会议记录本.pdf")
    # The first record follows the cover and the one-page catalogue: pages 3 and 4.
    text = subprocess.run(["pdftotext", "-f", "3", "-l", "3", book, "-"], capture_output=True, text=True).stdout
    code = next((line.split("档号：", 1)[1].strip() for line in text.splitlines() if "档号：" in line), "")
    tex = os.path.join(work, "record.tex")
    with open(tex, "w", encoding="utf-8") as fh:
        fh.write(record_tex(org, record, code))
    run = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", "record.tex"], cwd=work,
                         capture_output=True, text=True)
    xpdf = os.path.join(work, "record.pdf")
    if run.returncode != 0 or not os.path.exists(xpdf):
        print("xelatex_compare: xelatex failed:\n" + run.stdout[-2000:], file=sys.stderr)
        return 1
    xpages = int(next(l.split()[1] for l in subprocess.run(["pdfinfo", xpdf], capture_output=True, text=True)
                      .stdout.splitlines() if l.startswith("Pages:")))
    d_par = measure(book, 3, 4, record)
    x_par = measure(xpdf, 1, xpages, record)
    print(f"{'':24}{'dangan':>16}{'XeLaTeX+ctex':>16}")
    print(f"{'pages of the record':24}{2:>16}{xpages:>16}")
    for piece, d, x in zip(record["content"], d_par, x_par):
        print(f"{piece['speaker'] + ' lines/last':24}{f'{d[0]} / {d[1]}':>16}{f'{x[0]} / {x[1]}':>16}")
    subprocess.run(["pdftoppm", "-r", "90", "-png", "-f", "3", "-l", "4", book, os.path.join(work, "dangan")])
    subprocess.run(["pdftoppm", "-r", "90", "-png", xpdf, os.path.join(work, "xelatex")])
    print(f"page images: {work}/dangan-*.png beside {work}/xelatex-*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
