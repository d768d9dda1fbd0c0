#!/usr/bin/env python3
"""Makes samples/village-2025/台账.xlsx: an invented village branch (中共柳溪镇青石村支部委员会) kept the way a
village secretary keeps it in Excel or WPS — a title row over each table, dates typed as Excel dates in one
column and as 2025年3月6日 text in another, names separated by 、, a 党费 ledger with one column per month,
no 党小组 ("无"), six members (no 支委会: a branch of fewer than seven full members has a secretary only).
The workbook is written by hand (scripts/xlsx_by_hand.py), not by dangan, so reading it tests the reader
on a file dangan did not make. Names, places and events are invented.

usage: python3 samples/village-2025/make_workbook.py   (rewrites 台账.xlsx beside this script)
"""
import datetime
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "scripts"))
from xlsx_by_hand import write_xlsx  # noqa: E402

MEMBERS = [  # name, gender, birth, joined, full member, 党内职务, category, dues base
    ("周德明", "男", "1968-03-12", "1994-07-01", "1995-07-01", "书记", "农民"),
    ("吴秀兰", "女", "1975-10-05", "2003-06-20", "2004-06-20", "", "农民"),
    ("郑国强", "男", "1950-01-18", "1976-05-04", "1977-05-04", "", "离退休"),
    ("孙丽华", "女", "1982-08-30", "2008-12-15", "2009-12-15", "", "农民"),
    ("钱永福", "男", "1962-11-02", "1990-07-01", "1991-07-01", "", "农民"),
    ("冯晓燕", "女", "2003-04-21", "2023-05-26", "2024-05-26", "", "学生"),
]
NAMES = [m[0] for m in MEMBERS]


def serial(iso):
    d = datetime.date.fromisoformat(iso)
    return ("d", (d - datetime.date(1899, 12, 30)).days)


def chinese(iso):
    d = datetime.date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def meetings():
    rows = []
    n = {"主题党日": 0, "支部党员大会": 0, "党课": 0}
    topics = ["学习贯彻中央一号文件精神", "人居环境整治义务劳动", "学习党章第一章", "清明祭扫革命烈士墓",
              "防汛备汛动员", "助力夏收", "七一重温入党誓词", "学习防范电信诈骗", "秋收志愿服务",
              "国庆升旗", "冬季防火宣传", "年终工作总结"]
    for month in range(1, 13):
        date = f"2025-{month:02d}-05"
        n["主题党日"] += 1
        absent = ["钱永福（外出务工）"] if month in (3, 4, 5) else []
        present = [x for x in NAMES if not (absent and x == "钱永福")]
        rows.append(["主题党日", f"{topics[month - 1]}主题党日", n["主题党日"], date, "9:00", "11:00", "村党群服务中心",
                     "周德明", "孙丽华", 6, "、".join(present), "、".join(absent), "", topics[month - 1],
                     "全体党员按要求参加，活动记录存档。"])
        if month in (1, 4, 7, 10):
            day = f"2025-{month:02d}-15"
            n["支部党员大会"] += 1
            rows.append(["支部党员大会", "", n["支部党员大会"], day, "14:00", "16:00", "村党群服务中心", "周德明", "孙丽华", 6,
                         "、".join(NAMES), "", "村委会主任 王建设", f"通报第{n['支部党员大会']}季度村务\n研究下季度工作",
                         "同意村务公开方案。\n下季度重点做好产业帮扶。"])
            n["党课"] += 1
            rows.append(["党课", f"第{n['党课']}季度党课", n["党课"], day, "16:10", "17:00", "村党群服务中心", "周德明", "孙丽华", 6,
                         "、".join(NAMES), "", "", "书记讲党课：发挥党员先锋模范作用", "党员结合岗位写心得。"])
    rows.append(["谈心谈话", "", 1, "2025-12-10", "9:00", "11:30", "书记办公室", "周德明", "孙丽华", 6, "、".join(NAMES), "", "",
                 "书记与每名党员谈心谈话", "谈话记录逐人存档。"])
    rows.append(["组织生活会", "2025年度组织生活会", 1, "2025-12-18", "9:00", "11:30", "村党群服务中心", "周德明", "孙丽华", 6,
                 "、".join(NAMES), "", "镇党委联系领导 刘光明", "对照检查，开展批评和自我批评", "形成整改清单，限期整改。"])
    rows.append(["民主评议党员", "2025年度民主评议党员", 1, "2025-12-18", "14:00", "16:30", "村党群服务中心", "周德明", "孙丽华", 6,
                 "、".join(NAMES), "", "", "党员自评、互评和民主测评", "评定优秀2名、合格4名。"])
    # The 日期 column: Excel dates in most rows, typed text in others (both are common).
    out = [["青石村党支部2025年会议台账"] + [None] * 14,
           ["会议类型", "标题", "次序", "日期", "开始时间", "结束时间", "地点", "主持人", "记录人", "应到人数", "出席人员",
            "缺席人员", "列席人员", "议题", "决议"]]
    for i, r in enumerate(rows):
        r = list(r)
        r[3] = chinese(r[3]) if i % 3 == 0 else serial(r[3])
        r[2] = ("n", r[2])
        r[9] = ("n", r[9])
        out.append([c if c != "" else None for c in r])
    return out


def dues():
    header = ["年度", "姓名", "类别", "计费基数", "比例"]
    for m in range(1, 13):
        header += [f"{m}月", f"{m}月交纳日期"]
    rows = [["青石村党支部2025年党费收缴台账"] + [None] * (len(header) - 1), header]
    amounts = {"农民": 0.5, "学生": 0.2}
    for name, *_rest, category in MEMBERS:
        row = [("n", 2025), name, category, None, None]
        if category == "离退休":
            row[3], row[4] = ("n", 2800), ("n", 0.005)
            amount = 14.0
        else:
            amount = amounts[category]
        for m in range(1, 13):
            row += [("n", amount), serial(f"2025-{m:02d}-05")]
        rows.append(row)
    return rows


def main():
    organisation = [
        ["项目", "内容"],
        ["支部名称", "中共柳溪镇青石村支部委员会"],
        ["简称", "青石村党支部"],
        ["单位类型", "村"],
        ["上级党委", "中共柳溪镇委员会"],
        ["党小组", "无"],
        ["全宗号", "C118"],
        ["全宗名称", "中共柳溪镇青石村支部委员会"],
        ["保管期限", "D30"],
    ]
    roster = [["青石村党支部党员花名册", None, None, None, None, None, None],
              ["姓名", "性别", "出生日期", "党员类别", "入党日期", "转正日期", "党内职务"]]
    for name, gender, birth, joined, full, role, _category in MEMBERS:
        roster.append([name, gender, serial(birth), "正式", serial(joined), chinese(full), role or None])
    write_xlsx(os.path.join(here, "台账.xlsx"), [
        ("组织", organisation, []),
        ("花名册", roster, ["A1:G1"]),
        ("会议", meetings(), ["A1:O1"]),
        ("党费", dues(), ["A1:AC1"]),
    ])


if __name__ == "__main__":
    main()
