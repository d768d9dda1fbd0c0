#!/usr/bin/env python3
"""Builds hand-made branch archives the way branches keep them, with planted defects and the truth.

    python3 tests/corpus/make_branches.py OUT [--seed N]

writes OUT/<branch>/… for four kinds of branch (机关, 村, 学校 by 学年/学期, 企业), each mixing the naming
habits found in real trees (3.6支委会, 0205, 23年3月5日, IMG_20230315_…, 微信图片_2023…, 扫描全能王 2023-03-15 …,
2024年第3次支委会（3月12日）, 党员固定活动日, 党员发展/, 学年/学期 folders, 2021级/ cohorts, the year in the top
folder's name, 年度 组织生活会/民主评议 held in January–March of the next year, registers dated by month, 党课
plans), real files (.docx/.xlsx as minimal OOXML zips, .pdf, .jpg headers), planted defects and traps that
must stay silent (〔2023〕5号, next year's plan, 2023.1-2023.12, 模板.docx, 资料汇编).

OUT/truth.tsv lists every planted defect: branch, key, rule, layer. The key is the finding's path (relative
to the branch folder), or for cadence gaps "cadence:<who>:<period>" (who = the finding's record). layer is
"name" (visible in names) or "content" (only inside a file). Traps have no row: any finding on them is a
false alarm. The branches are audited as of AS_OF (OUT/as-of.txt).
"""
import argparse
import io
import os
import random
import sys
import zipfile

AS_OF = "2025-06-30"


def docx(lines):
    """A minimal but valid WordprocessingML document with one paragraph per line."""
    body = "".join(
        '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>'
        % l.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        for l in lines)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                   + body + '</w:body></w:document>')
    return buf.getvalue()


def xlsx(rows):
    """A minimal SpreadsheetML workbook, cells as inline strings."""
    def cell(v):
        v = str(v).replace("&", "&amp;").replace("<", "&lt;")
        return '<c t="inlineStr"><is><t>%s</t></is></c>' % v
    data = "".join("<row>%s</row>" % "".join(cell(v) for v in r) for r in rows)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                   '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   '<sheetData>' + data + '</sheetData></worksheet>')
    return buf.getvalue()


def pdf(text_ascii="scan"):
    """A one-page PDF (a scan stands in as an empty page with a line of ASCII text), xref offsets exact."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            None,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    stream = ("BT /F1 12 Tf 72 770 Td (%s) Tj ET" % text_ascii).encode()
    objs[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def jpg(rng):
    """JPEG markers (SOI, APP0 JFIF, SOF0 with a size, EOI) around some bytes: enough for a header check."""
    body = bytes(rng.randrange(256) for _ in range(200))
    sof = b"\xff\xc0\x00\x11\x08\x04\x38\x07\x80\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + sof + body + b"\xff\xd9"


CN_DIGITS = "〇一二三四五六七八九"


def cn_year(y):
    """2023 → 二〇二三"""
    return "".join(CN_DIGITS[int(c)] for c in str(y))


def cn_number(n):
    """1..31 → 一 … 三十一"""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def wide(text):
    """ASCII digits as full-width ones (２０２３), as some input methods type them."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


def secretary_name(rng, y, m, d, word):
    """A full date written the ways secretaries write it, with the revision marks they leave on."""
    habit = rng.choice(["cn", "wide", "dash", "paren", "hao", "short", "rev", "copy", "plain"])
    if habit == "cn":        # 二〇二三年三月五日支委会
        return "%s年%s月%s日%s.docx" % (cn_year(y), cn_number(m), cn_number(d), word)
    if habit == "wide":      # ２０２３年３月５日支委会
        return wide("%d年%d月%d日" % (y, m, d)) + word + ".docx"
    if habit == "dash":      # 2023.03.05-支委会会议记录
        return "%d.%02d.%02d-%s会议记录.docx" % (y, m, d, word)
    if habit == "paren":     # （2023-3-5）支委会
        return "（%d-%d-%d）%s.docx" % (y, m, d, word)
    if habit == "hao":       # 2023年3月5号支委会
        return "%d年%d月%d号%s.docx" % (y, m, d, word)
    if habit == "short":     # 23.3.5支委会
        return "%d.%d.%d%s.docx" % (y % 100, m, d, word)
    if habit == "rev":       # …定稿 / 终稿 / 修改版 / （修改稿）
        return "%d年%d月%d日%s%s.docx" % (y, m, d, word, rng.choice(["定稿", "终稿", "修改版", "（修改稿）"]))
    if habit == "copy":      # a second download of the same file: …(1)
        return "%d年%d月%d日%s(1).docx" % (y, m, d, word)
    return "%d年%d月%d日%s.docx" % (y % 100 if rng.random() < 0.5 else y, m, d, word)


KIND_WORDS = {"支部委员会": "支委会", "支部党员大会": "党员大会", "党课": "党课", "主题党日": "主题党日",
              "组织生活会": "组织生活会", "民主评议党员": "民主评议党员", "谈心谈话": "谈心谈话", "党小组会": "党小组会"}


def minutes(kind, y, m, d, blank=False, wrong=None, placeholder=False):
    date = "%d年 月 日" % y if blank else "%d年%d月%d日" % (wrong or (y, m, d))
    lines = ["%s会议记录" % KIND_WORDS.get(kind, kind),
             "会议时间：%s 14:30" % date,
             "会议地点：%s" % ("XXX" if placeholder else "党员活动室"),
             "主持人：王建华    记录人：陈静",
             "应到5人，实到5人。",
             "会议议题：传达学习上级文件精神，研究近期工作。",
             "会议决定：按计划推进各项工作。"]
    return docx(lines)


class Branch:
    def __init__(self, out, folder, rng):
        self.root = os.path.join(out, folder)
        self.folder = folder
        self.rng = rng
        self.truth = []

    def write(self, rel, data):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        return rel

    def defect(self, key, rule, layer="name"):
        self.truth.append((self.folder, key, rule, layer))

    def doc(self, rel, kind, y, m, d, content_defect=None):
        """A minutes file: .docx written with its date inside, .pdf a scan, .jpg a photo."""
        if rel.endswith(".docx"):
            if content_defect == "blank":
                data = minutes(kind, y, m, d, blank=True)
                self.defect(rel, "date.missing", "content")
            elif content_defect == "wrong":
                data = minutes(kind, y, m, d, wrong=(y, m, min(28, d + 9) if d < 19 else d - 9))
                self.defect(rel, "date.inconsistent", "content")
            elif content_defect == "placeholder":
                data = minutes(kind, y, m, d, placeholder=True)
                self.defect(rel, "content.placeholder", "content")
            elif content_defect == "truncated":
                data = minutes(kind, y, m, d)[:300]
                self.defect(rel, "lint.corrupt", "content")
            else:
                data = minutes(kind, y, m, d)
        elif rel.endswith(".pdf"):
            data = pdf()
        elif rel.endswith(".xlsx"):
            data = xlsx([["序号", "姓名", "金额"], [1, "王建华", "50.00"]])
        else:
            data = jpg(self.rng)
        return self.write(rel, data)


def schedule(rng, years, months_of=None):
    """The meetings a branch holds: (kind, y, m, d, n) with n the number within the year and kind."""
    out = []
    for y in years:
        months = months_of(y) if months_of else range(1, 13)
        counts = {}
        for m in months:
            def add(kind, d):
                counts[kind] = counts.get(kind, 0) + 1
                out.append((kind, y, m, d, counts[kind]))
            add("支部委员会", rng.randint(3, 9))
            add("主题党日", rng.randint(15, 26))
            if m in (3, 6, 9, 12):
                add("支部党员大会", rng.randint(10, 14))
            if m in (3, 5, 9, 11):
                add("党课", rng.randint(10, 14))
            if m == 7:
                add("谈心谈话", rng.randint(1, 28))
    return out


def annual(years):
    """年度 组织生活会 and 民主评议 of year Y, held in January–March of Y+1."""
    out = []
    for y in years:
        out.append(("组织生活会", y, y + 1, 1, 20 + (y % 5)))
        out.append(("民主评议党员", y, y + 1, 2, 10 + (y % 7)))
    return out


# --- 机关: one year, month folders, the year only in the top folder's name ---------------------------------
def jiguan(out, rng):
    b = Branch(out, "市档案局机关第二支部2024年台账", rng)
    cut_month = 5  # the May 支委会 is missing: a cadence gap
    for kind, y, m, d, n in schedule(rng, [2024]):
        folder = "%02d月" % m
        if kind == "支部委员会" and m == cut_month:
            b.defect("cadence:支部委员会:2024-%02d" % m, "cadence.gap")
            continue
        if kind == "支部党员大会":
            # numbering that follows a year, and two dates in one name: the fuller wins
            b.doc("党员大会/2024年第%d次党员大会（%d月%d日）.docx" % (n, m, d), kind, y, m, d)
            continue
        if kind == "党课":
            style = rng.choice(["%d.%d%s讲稿.docx", "%d.%d%s.docx"])
            b.doc("%s/%s" % (folder, style % (m, d, "党课")), kind, y, m, d)
            continue
        habit = rng.choice(["%d.%d{k}.docx", "%02d%02d{k}.docx", "%d月%d日{k}会议记录.docx"])
        name = (habit % (m, d)).replace("{k}", KIND_WORDS[kind])
        defect = None
        if kind == "支部委员会" and m == 3:
            defect = "blank"
        if kind == "主题党日" and m == 8:
            defect = "wrong"
        if kind == "支部委员会" and m == 10:
            defect = "truncated"
        b.doc("%s/%s" % (folder, name), kind, y, m, d, defect)
    for kind, year, y, m, d in annual([2024]):
        b.doc("组织生活会及民主评议/%d年度%s（%d.%d.%d）.docx" % (year, KIND_WORDS[kind], y, m, d), kind, y, m, d)
    # 换届: two 请示, each with its 批复, the 选举 and its report with its 批复
    e = "换届选举（2024年）"
    b.doc(e + "/01关于召开党员大会进行换届选举的请示（2024.4.2）.docx", "", 2024, 4, 2)
    b.doc(e + "/02关于同意召开党员大会进行换届选举的批复（2024.4.9）.pdf", "", 2024, 4, 9)
    b.doc(e + "/03关于支部委员会候选人预备人选的请示（2024.4.15）.docx", "", 2024, 4, 15)
    b.doc(e + "/04关于支部委员会候选人预备人选的批复（2024.4.22）.pdf", "", 2024, 4, 22)
    b.doc(e + "/05换届选举大会会议记录（2024.4.28）.docx", "支部党员大会", 2024, 4, 28)
    b.doc(e + "/06关于选举结果的报告（2024.4.29）.docx", "", 2024, 4, 29)
    b.doc(e + "/07关于选举结果的批复（2024.5.8）.pdf", "", 2024, 5, 8)
    # defects
    b.doc("06月/6.31支委会.docx", "支部委员会", 2024, 6, 30)
    b.defect("06月/6.31支委会.docx", "date.invalid")
    b.doc("09月/10.12支委会签到表.jpg", "支部委员会", 2024, 10, 12)  # filed in the wrong month folder
    b.defect("09月/10.12支委会签到表.jpg", "date.inconsistent")
    b.write("07月/Thumbs.db", b"\0" * 64)
    b.defect("07月/Thumbs.db", "lint.junk")
    b.write("11月/~$11.5支委会.docx", b"\0" * 162)
    b.defect("11月/~$11.5支委会.docx", "lint.junk")
    # traps: a 文号, next year's plan, a template, a compilation
    b.write("上级文件/市直机关工委〔2023〕5号关于做好2024年度组织生活会的通知.pdf", pdf())
    b.write("2025年党建工作计划.docx", docx(["2025年党建工作计划", "一、加强政治建设"]))
    b.write("支委会会议记录模板.docx", docx(["会议时间：    年  月  日", "主持人：", "记录人："]))
    b.write("2024年党建资料汇编.pdf", pdf())
    # 党费: one yearly ledger covers every month (a trap: no month is missing)
    b.doc("党费/2024年党费收缴台账.xlsx", "", 2024, 12, 31)
    return b


# --- 村: year folders, kind folders, 23年3月5日, chat-app photos, 党员固定活动日, 党费 by month, a 换届 -------------
def village(out, rng):
    b = Branch(out, "李家村党支部", rng)
    for kind, y, m, d, n in schedule(rng, [2023, 2024]):
        yf = "%d年" % y
        if kind == "主题党日":
            if y == 2023 and m == 4:  # only a photo
                b.doc("%s/党员固定活动日/微信图片_%d%02d%02d%02d%02d%02d.jpg" % (yf, y, m, d, 9, 30, rng.randint(10, 59)),
                      kind, y, m, d)
                continue
            b.doc("%s/党员固定活动日/%d月%d日党员固定活动日.docx" % (yf, m, d), kind, y, m, d)
            if rng.random() < 0.5:
                b.doc("%s/党员固定活动日/微信图片_%d%02d%02d%02d%02d%02d.jpg" % (yf, y, m, d, 10, 12, rng.randint(10, 59)),
                      kind, y, m, d)
            continue
        if kind == "支部党员大会" and y == 2024 and m == 9:
            b.defect("cadence:支部党员大会:2024-Q3", "cadence.gap")
            continue
        if kind == "党课" and y == 2023 and m == 9:
            # only the plan of a 党课: it is not a 党课 held, so 2023 has 3
            b.doc("%s/党课/2023年第三季度党课计划.docx" % yf, kind, y, m, d)
            b.defect("cadence:党课:2023", "cadence.gap")
            continue
        word = KIND_WORDS[kind]
        name = secretary_name(rng, y, m, d, word)
        defect = "placeholder" if (kind == "支部委员会" and y == 2024 and m == 2) else None
        b.doc("%s/%s/%s" % (yf, word, name), kind, y, m, d, defect)
    for kind, year, y, m, d in annual([2023, 2024]):
        if kind == "民主评议党员" and year == 2023:
            b.defect("cadence:民主评议党员:2023", "cadence.gap")
            continue
        b.doc("%d年/%s/%d年度%s会议记录%d.%d.%d.docx" % (year, KIND_WORDS[kind], year, KIND_WORDS[kind], y, m, d),
              kind, y, m, d)
    for y in (2023, 2024):
        for m in range(1, 13):
            if (y, m) == (2024, 7):  # July 2024 has no 党费 record
                b.defect("cadence:党费:2024-07", "cadence.gap")
                continue
            b.doc("%d年/党费/党费收缴明细%d年%d月.xlsx" % (y, y, m), "", y, m, 1)
        b.doc("%d年/党员花名册（%d年1月）.xlsx" % (y, y), "", y, 1, 1)
    # a 党课 dated only by its quarter (an extra one: the year's count stands)
    b.doc("2024年/党课/2024年第二季度党课.docx", "党课", 2024, 6, 1)
    b.defect("2024年/党课/2024年第二季度党课.docx", "date.partial")
    # traps: a range, a 文号, next year's plan, a quarter's summary by months
    b.doc("2023年/党费/2023.1-2023.12党费收缴情况汇总.xlsx", "", 2023, 12, 31)
    b.doc("2024年/党费/2024年1-3月党费收缴情况汇总.xlsx", "", 2024, 3, 31)
    b.write("2024年/镇党委〔2024〕12号关于开展党员冬训的通知.pdf", pdf())
    b.write("2024年/2025年党支部工作计划.docx", docx(["2025年工作计划"]))
    # 换届 (村: 5 years): the 候选人 请示 has no 批复
    e = "2023年/换届选举"
    b.doc(e + "/关于召开党员大会进行换届选举的请示2023.3.1.docx", "", 2023, 3, 1)
    b.doc(e + "/关于同意换届选举的批复2023.3.8.pdf", "", 2023, 3, 8)
    q = b.doc(e + "/关于支部委员会候选人预备人选的请示2023.3.10.docx", "", 2023, 3, 10)
    b.defect(q, "workflow.missing")
    b.doc(e + "/换届选举大会记录2023.3.25.docx", "支部党员大会", 2023, 3, 25)
    b.doc(e + "/关于选举结果的报告2023.3.26.docx", "", 2023, 3, 26)
    b.doc(e + "/关于选举结果的批复2023.4.3.pdf", "", 2023, 4, 3)
    # defects
    b.doc("2023年/支委会/支委会记录（2023年6月）.docx", "支部委员会", 2023, 6, 1)
    b.defect("2023年/支委会/支委会记录（2023年6月）.docx", "date.partial")
    b.write("2024年/支委会/新建 Microsoft Word 文档.docx", docx(["支委会"]))
    b.defect("2024年/支委会/新建 Microsoft Word 文档.docx", "content.placeholder")
    b.write("2024年/党员固定活动日/签到表.jpg", b"")
    b.defect("2024年/党员固定活动日/签到表.jpg", "lint.empty")
    b.write("2023年/.DS_Store", b"\0" * 32)
    b.defect("2023年/.DS_Store", "lint.junk")
    return b


# --- 学校: 学年/学期 folders, 3.6 names read by the 学期's range, 2021级 cohorts, founded in September ----------
def school(out, rng):
    b = Branch(out, "外国语学院学生第一党支部", rng)
    b.write("audit.json", ('{"name": "中共某大学外国语学院学生第一党支部委员会", "kind": "学校", "since": "2023-09-01"}\n').encode())

    def months_of(y):
        return range(9, 13) if y == 2023 else range(1, 13)
    for kind, y, m, d, n in schedule(rng, [2023, 2024], months_of):
        if 9 <= m or m == 1:
            sy = y if m >= 9 else y - 1
            term = "%d-%d学年/第一学期（%d.9-%d.1）" % (sy, sy + 1, sy, sy + 1)
        elif m <= 7:
            term = "%d-%d学年/第二学期（%d.2-%d.7）" % (y - 1, y, y, y)
        else:
            term = "%d-%d学年/暑期" % (y - 1, y)
        if kind == "支部委员会" and (y, m) == (2024, 11):
            b.defect("cadence:支部委员会:2024-11", "cadence.gap")
            continue
        word = KIND_WORDS[kind]
        habit = rng.choice(["%d.%d{k}.docx", "{k}%d.%d.docx", "%d月%d日{k}.docx", "%d月%d号{k}定稿.docx", "wide"])
        if habit == "wide":   # ３月５日支委会: full-width digits, the year from the 学期
            name = wide("%d月%d日" % (m, d)) + word + ".docx"
        else:
            name = (habit % (m, d)).replace("{k}", word)
        defect = "wrong" if (kind == "支部党员大会" and (y, m) == (2024, 6)) else None
        b.doc("%s/%s/%s" % (term, word, name), kind, y, m, d, defect)
    for kind, year, y, m, d in annual([2023, 2024]):
        term = "%d-%d学年/第一学期（%d.9-%d.1）" % (year, year + 1, year, year + 1)
        b.doc("%s/%s/%d年度%s（%d.%d）.docx" % (term, KIND_WORDS[kind], year, KIND_WORDS[kind], m, d), kind, y, m, d)
    # 党员发展 by cohort: 2021级 is the students' year of entry, not a document year
    steps = [("入党申请书", 0), ("谈话记录", 20), ("确定入党积极分子的支委会记录", 200), ("指定培养联系人", 205),
             ("培养教育考察登记", 380), ("确定发展对象的支委会记录", 600)]
    people = [("2021级", "张雨涵", 2021, 10, 8, None), ("2021级", "刘子轩", 2021, 10, 12, "谈话记录"),
              ("2022级", "陈思远", 2022, 10, 9, None)]
    import datetime
    for cohort, name, y, m, d, skip in people:
        start = datetime.date(y, m, d)
        for step, days in steps:
            when = start + datetime.timedelta(days=days)
            if when > datetime.date(2025, 6, 1):
                break
            if step == skip:
                b.defect("党员发展/%s/%s" % (cohort, name), "workflow.missing")
                continue
            b.doc("党员发展/%s/%s/%s%d.%d.%d.docx" % (cohort, name, step, when.year, when.month, when.day), "", when.year,
                  when.month, when.day)
    # defects and traps
    b.doc("2023-2024学年/第二学期（2024.2-2024.7）/支委会/支委会2.30.docx", "支部委员会", 2024, 2, 28)
    b.defect("2023-2024学年/第二学期（2024.2-2024.7）/支委会/支委会2.30.docx", "date.invalid")
    b.doc("2023-2024学年/第二学期（2024.2-2024.7）/党课/3.20党课.docx", "党课", 2024, 3, 20, "truncated")
    b.write("2024-2025学年/第一学期（2024.9-2025.1）/党课/2025年党课计划.docx", docx(["2025年党课安排"]))
    b.write("2024-2025学年/第一学期（2024.9-2025.1）/党课/党课讲稿模板.docx", docx(["题目："]))
    # 党费 台账 by month since the founding (September 2023): the months before it owe nothing; one is missing
    for y, m in [(y, m) for y in (2023, 2024, 2025) for m in range(1, 13)]:
        if (y, m) < (2023, 9) or (y, m) > (2025, 6):
            continue
        if (y, m) == (2024, 12):
            b.defect("cadence:党费:2024-12", "cadence.gap")
            continue
        name = rng.choice(["%d年%d月党费收缴台账.xlsx", "党费台账（%d年%d月）.xlsx"]) % (y, m)
        b.doc("党费台账/%s" % name, "", y, m, 1)
    b.write("2023-2024学年/desktop.ini", b"[.ShellClassInfo]\r\n")
    b.defect("2023-2024学年/desktop.ini", "lint.junk")
    return b


# --- 企业: year folders, scanner and camera names, 2024年第N次, 党小组 folders, 党员发展 ---------------------------
def company(out, rng):
    b = Branch(out, "江川机械有限公司第三党支部", rng)
    for kind, y, m, d, n in schedule(rng, [2023, 2024]):
        base = "%d/三会一课" % y
        word = KIND_WORDS[kind]
        if kind == "支部委员会":
            if (y, m) == (2023, 8):
                b.defect("cadence:支部委员会:2023-08", "cadence.gap")
                continue
            habit = rng.choice(["scan", "img", "nth", "iso"])
            if habit == "scan":
                name = "扫描全能王 %d-%02d-%02d %02d.%02d.pdf" % (y, m, d, rng.randint(8, 18), rng.randint(0, 59))
            elif habit == "img":
                name = "IMG_%d%02d%02d_%02d%02d%02d.jpg" % (y, m, d, 15, rng.randint(0, 59), rng.randint(0, 59))
            elif habit == "nth":
                name = "%d年第%d次支委会（%d月%d日）.docx" % (y, n, m, d)
            else:
                name = "%d-%02d-%02d支委会会议记录.docx" % (y, m, d)
            b.doc("%s/支部委员会/%s" % (base, name), kind, y, m, d)
            continue
        if kind == "主题党日":
            if rng.random() < 0.5:
                b.doc("%d/主题党日/%d%02d%02d主题党日活动记录.docx" % (y, y, m, d), kind, y, m, d)
            else:
                b.doc("%d/主题党日/%s" % (y, secretary_name(rng, y, m, d, "主题党日")), kind, y, m, d)
            continue
        if kind == "党课" and (y, m) == (2024, 11):
            # 5 党课 in 2024 numbered 01..05 with 04 skipped: a gap in the numbering only
            b.doc("%s/党课/05_%d年%d月%d日党课.docx" % (base, y, m, d), kind, y, m, d)
            b.defect("%s/党课/05_%d年%d月%d日党课.docx" % (base, y, m, d), "number.gap")
            continue
        if kind == "党课":
            b.doc("%s/党课/%02d_%d年%d月%d日党课.docx" % (base, n, y, m, d), kind, y, m, d)
            continue
        b.doc("%s/%s/%d.%d.%d%s.docx" % (base, word, y, m, d, word), kind, y, m, d)
    # 党小组: two groups, monthly; the second group misses March 2024
    for g in ("第一党小组", "第二党小组"):
        for y in (2023, 2024):
            for m in range(1, 13):
                if g == "第二党小组" and (y, m) == (2024, 3):
                    b.defect("cadence:第二党小组党小组会:2024-03", "cadence.gap")
                    continue
                d = rng.randint(10, 25)
                b.doc("%d/党小组/%s/%d.%d%s学习.docx" % (y, g, m, d, g), "党小组会", y, m, d)
    for kind, year, y, m, d in annual([2023, 2024]):
        b.doc("%d/%s/%d年度%s%d%02d%02d.docx" % (year, KIND_WORDS[kind], year, KIND_WORDS[kind], y, m, d), kind, y, m, d)
    # 党员发展/: a dossier with its steps in order, one with 积极分子 before 申请书
    dev = "党员发展"
    b.doc(dev + "/赵明/入党申请书2022.3.1.docx", "", 2022, 3, 1)
    b.doc(dev + "/赵明/谈话记录2022.3.20.docx", "", 2022, 3, 20)
    b.doc(dev + "/赵明/确定入党积极分子2022.9.5.docx", "", 2022, 9, 5)
    b.doc(dev + "/赵明/指定培养联系人2022.9.8.docx", "", 2022, 9, 8)
    b.doc(dev + "/赵明/培养教育考察登记表2023.3.10.docx", "", 2023, 3, 10)
    b.doc(dev + "/赵明/确定发展对象2023.9.18.docx", "", 2023, 9, 18)
    b.doc(dev + "/孙磊/入党申请书2023.5.10.docx", "", 2023, 5, 10)
    b.doc(dev + "/孙磊/谈话记录2023.5.30.docx", "", 2023, 5, 30)
    b.doc(dev + "/孙磊/确定入党积极分子2023.2.6.docx", "", 2023, 2, 6)
    b.defect(dev + "/孙磊/确定入党积极分子2023.2.6.docx", "workflow.order")
    # defects
    b.doc("2024/三会一课/支部委员会/2024年第3次支委会（3月12日）会议记录.docx", "支部委员会", 2024, 3, 12, "blank")
    b.doc("2023/三会一课/党员大会/2023.11.31党员大会.docx", "支部党员大会", 2023, 12, 2)
    b.defect("2023/三会一课/党员大会/2023.11.31党员大会.docx", "date.invalid")
    b.doc("2024/主题党日/20240522主题党日照片.jpg", "主题党日", 2024, 5, 22)
    b.doc("2024/主题党日/2024052主题党日.docx", "主题党日", 2024, 5, 22)
    b.defect("2024/主题党日/2024052主题党日.docx", "date.partial")
    b.write("2024/三会一课/支部委员会/~$24-03-12支委会会议记录.docx", b"\0" * 162)
    b.defect("2024/三会一课/支部委员会/~$24-03-12支委会会议记录.docx", "lint.junk")
    # traps: 资料汇编, a range in a register
    b.write("2023/2023年党建工作资料汇编.pdf", pdf())
    b.doc("2024/党费/2024.1-2024.12党费收缴明细.xlsx", "", 2024, 12, 31)
    # 党费 in 2023 by month, as a bank slip scan or a 明细; October and November are missing
    for m in range(1, 13):
        if m in (10, 11):
            b.defect("cadence:党费:2023-%02d" % m, "cadence.gap")
            continue
        habit = rng.choice(["%d年%d月党费收缴明细.xlsx", "%d.%d党费缴纳凭证.jpg"])
        b.doc("2023/党费/" + habit % (2023, m), "", 2023, m, 1)
    # and an undated receipt in the year folder: it covers no month of its own (no false coverage, no alarm)
    b.doc("2023/党费/党费收据.jpg", "", 2023, 1, 1)
    return b


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    truth = []
    for make in (jiguan, village, school, company):
        b = make(args.out, rng)
        truth.extend(b.truth)
    with open(os.path.join(args.out, "truth.tsv"), "w", encoding="utf-8") as f:
        f.write("branch\tkey\trule\tlayer\n")
        for row in truth:
            f.write("\t".join(row) + "\n")
    with open(os.path.join(args.out, "as-of.txt"), "w") as f:
        f.write(AS_OF + "\n")
    print("%d branches, %d planted defects in %s" % (4, len(truth), args.out))


if __name__ == "__main__":
    sys.exit(main())
