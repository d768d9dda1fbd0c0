#!/usr/bin/env python3
"""Writes Word minutes (.docx, OOXML by hand with zipfile) in the layouts branches use, with the ground
truth of each as JSON: a form table (标签 | 内容 | 标签 | 内容, spaced-out labels), "标签：内容" paragraphs with
numbered 议题 and 决议 and free 内容 paragraphs, and a letter with an unknown line.

usage: make_minutes.py OUT_DIR → OUT_DIR/<name>.docx and OUT_DIR/truth.json
"""
import json
import os
import sys
import zipfile
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def para(text):
    runs = "".join(f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>' + ('<w:r><w:br/></w:r>' if i < len(text.split("\n")) - 1 else "")
                   for i, part in enumerate(text.split("\n")))
    return f"<w:p>{runs}</w:p>"


def table(rows):
    out = "<w:tbl>"
    for row in rows:
        out += "<w:tr>" + "".join(f"<w:tc>{''.join(para(p) for p in cell.split('|'))}</w:tc>" for cell in row) + "</w:tr>"
    return out + "</w:tbl>"


def write_docx(path, body):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>')


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    truth = {}
    # 1. The form table of a 会议记录本 page.
    write_docx(os.path.join(out, "支委会-表格.docx"), para("支部委员会会议记录") + table([
        ["会议类型", "支部委员会", "会议时间", "2025年3月6日 14:30—16:00"],
        ["地    点", "机关三楼党员活动室", "主 持 人", "王建华"],
        ["记 录 人", "陈静", "应到人数", "5人"],
        ["出席人员", "王建华、李秀梅、张志强、陈静", "缺席人员", "周文斌（外出学习）"],
        ["议    题", "1.研究确定入党积极分子人选|2.讨论三月主题党日安排"],
        ["会议内容", "王建华传达上级通知。|李秀梅介绍积极分子培养情况。"],
        ["会议决定", "一、同意确定刘洋为入党积极分子。|二、三月主题党日到烈士陵园开展。"],
    ]))
    truth["支委会-表格"] = {"type": "支部委员会", "date": "2025-03-06", "start": "14:30", "end": "16:00", "place": "机关三楼党员活动室",
                         "host": "王建华", "recorder": "陈静", "expected": 5, "present": ["王建华", "李秀梅", "张志强", "陈静"],
                         "absent": [{"name": "周文斌", "reason": "外出学习"}],
                         "agenda": ["研究确定入党积极分子人选", "讨论三月主题党日安排"], "content": 2,
                         "resolutions": ["同意确定刘洋为入党积极分子。", "三月主题党日到烈士陵园开展。"], "not_understood": 1}
    # 2. "标签：内容" paragraphs, sections continued by free paragraphs.
    write_docx(os.path.join(out, "党课-段落.docx"), "".join(para(p) for p in [
        "党课记录", "会议类型：党课", "时间：2025年4月15日下午2:30至4:00", "地点：村党群服务中心", "主持人：周德明", "记录人：孙丽华",
        "应到：6人　实到：6人", "出席人员：周德明、吴秀兰、郑国强、孙丽华、钱永福、冯晓燕", "缺席人员：无", "列席人员：王建设（村委会主任）",
        "议题：", "（一）书记讲党课", "（二）交流学习体会", "会议内容：", "周德明同志以“发挥党员先锋模范作用”为题讲党课。",
        "党员结合实际交流体会。", "决议：", "1. 每名党员撰写学习心得。"]))
    truth["党课-段落"] = {"type": "党课", "date": "2025-04-15", "start": "14:30", "end": "16:00", "place": "村党群服务中心",
                        "host": "周德明", "recorder": "孙丽华", "expected": 6,
                        "present": ["周德明", "吴秀兰", "郑国强", "孙丽华", "钱永福", "冯晓燕"], "attending": ["王建设（村委会主任）"],
                        "agenda": ["书记讲党课", "交流学习体会"], "content": 2, "resolutions": ["每名党员撰写学习心得。"], "not_understood": 1}
    # 3. No 会议类型, a line nobody understands before the first label.
    write_docx(os.path.join(out, "无类型.docx"), "".join(para(p) for p in [
        "第一党小组学习记录", "日期：2025.5.20", "地点：三楼会议室", "主持人：张志强"]))
    truth["无类型"] = {"date": "2025-05-20", "place": "三楼会议室", "host": "张志强", "not_understood": 1}
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
