#!/usr/bin/env python3
"""Writes a workbook and a GBK CSV with planted mistakes, the way branches' files really look: a
title row over the header, inline strings (as WPS and many exporters write them, no shared-string
table), a cell formatted as a date, a serial number left unformatted, merged cells, an error value
#REF!, a full-width header. The OOXML is written by hand with zipfile, so the reader is tested on
files dangan did not write.

usage: make_planted.py OUT_DIR   → OUT_DIR/wb/台账.xlsx and OUT_DIR/csv/会议.csv (GBK)
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "scripts"))
from xlsx_by_hand import write_xlsx  # noqa: E402


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "wb"), exist_ok=True)
    os.makedirs(os.path.join(out, "csv"), exist_ok=True)
    roster = [
        ["中共某村支部委员会党员花名册", None, None, None, None],
        ["姓名", "性别", "出生年份", "党员类别", "入党日期"],
        ["张三", "男", "1960", "正式", ("d", 60)],          # 1900-02-29: Excel's leap-year bug
        ["李四", "女", "1970", "正式", ("e", "#REF!")],      # a formula that lost its reference
        ["王五", "男", "1975", "正式", ("d", 38000)],
    ]
    meetings = [
        ["ＩＤ", "会议类型", "日期", "开始时间", "应到人数", "出席人员", "主持人", "主持", "地典"],
        ["M1", "支委会", ("d", 45722), "14:30", "5人", "张三、李四", "张三", "张三", "村委会"],
        ["M2", None, ("d", 45723), "9:00", ("n", 3), "张三", "张三", None, None],
        ["M3", "党课", ("n", 45736), "9:00", ("n", 3), "张三", "张三", None, None],
        ["M4", "党课", ("d", 45740), "9:00", ("n", 3), "张三", "张三", None, None],
        ["M5", "党课", None, "14:00", ("n", 3), "张三", "张三", None, None],
        ["M6", "党课", ("d", 45750), "9:00", ("n", 3.5), "张三", "张三", None, None],
    ]
    content = [
        ["会议", "发言人", "内容"],
        ["M9", "张三", "传达上级精神。"],
        [None, "李四", "讨论。"],
    ]
    votes = [
        ["会议", "表决事项", "同意"],
        ["M1", "通过计划", "全票"],
    ]
    dues = [
        ["年度", "姓名", "1月", "2月", "3月"],
        [None, "张三", ("n", 0.2), ("n", 0.2), ("n", 0.2)],
        [("n", 2025), "李四", ("n", 0.2), ("n", 0.2), "一百"],
    ]
    development = [
        ["姓名", "转入", "其他"],
        ["赵六", "也许", "{note: 1}"],
    ]
    extra = [["姓名"], ["张三"]]
    write_xlsx(os.path.join(out, "wb", "台账.xlsx"), [
        ("花名册", roster, ["A1:E1"]),
        ("会议", meetings, ["C5:C6"]),
        ("会议内容", content, []),
        ("表决", votes, []),
        ("党费", dues, []),
        ("发展", development, []),
        ("党员名单", extra, []),
    ])
    # Excel on a Chinese Windows saves "CSV" in GBK.
    with open(os.path.join(out, "csv", "会议.csv"), "wb") as f:
        f.write("会议类型,日期,应到人数\r\n党课,2025-03-20,六\r\n".encode("gbk"))
    # Excel's "CSV UTF-8" starts with a BOM; an amount written with its unit.
    with open(os.path.join(out, "csv", "台账-党费.csv"), "wb") as f:
        f.write("\ufeff年度,姓名,１月,2月\r\n2025,张三,0.2元,0.2\r\n".encode("utf-8"))


if __name__ == "__main__":
    main()
