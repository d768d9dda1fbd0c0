#!/usr/bin/env python3
"""Writes a synthetic branch with N meeting records for the benchmarks (our own invented text).

Usage: generate_minutes.py N OUTDIR [--seed S]
Records have realistic lengths (about 3.8 pages each): 3-9 content paragraphs of 80-600 characters, 6-15 attendees, and
some rare name characters (喆 堃 昇 犇 淼 焱 鑫), spread over one year in date order.
"""
import datetime
import json
import pathlib
import random
import sys

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞宇浩然晨阳欣怡子轩雨涵思远志国建新海波立春晓东喆堃昇犇淼焱鑫"
KINDS = ["支部委员会", "党小组会", "主题党日", "支部党员大会", "党课", "理论学习", "谈心谈话"]
PHRASES = [
    "会议传达学习了上级党委关于加强基层党组织建设的部署要求，",
    "与会同志结合本职工作谈了学习体会，",
    "大家一致认为要把学习成果转化为推动工作的实际成效，",
    "支部书记就下一阶段重点任务作了安排，明确了责任人和完成时限，",
    "会议对照年度工作计划逐项检查了落实情况，",
    "针对存在的问题，会议提出了具体整改措施，",
    "组织委员通报了党员发展和党费收缴情况，",
    "宣传委员介绍了主题党日活动的筹备方案，",
    "有的同志提出，档案整理要做到一事一档、按时归档，",
    "会议强调，要严格落实“三会一课”制度，做到记录完整、日期准确，",
    "与会党员围绕如何发挥先锋模范作用展开了讨论，",
    "会议还研究了帮扶困难党员的具体办法（含慰问名单、走访时间），",
    "大家表示将以更高标准、更严要求做好本职工作……",
    "纪检委员提醒全体党员严守纪律规矩——特别是节假日期间，",
    "2025年第3季度的学习计划已经印发，共安排12次集中学习，",
]


def name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def paragraph(rng):
    target = rng.randint(80, 600)
    text = ""
    while len(text) < target:
        text += rng.choice(PHRASES)
    return text[:target].rstrip("，、") + "。"


def main():
    n = int(sys.argv[1])
    out = pathlib.Path(sys.argv[2])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--seed" else 2025
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    members = [name(rng) for _ in range(40)]
    (out / "organisation.json").write_text(json.dumps({
        "kind": "organisation", "name": "中共基准测试单位机关第一支部委员会", "short_name": "基准测试支部",
        "type": "机关", "archive": {"fonds": "J900", "retention": "D30", "class": "SH"},
        "committee": {"elected": "2024-06-01", "members": [{"name": m, "role": "委员"} for m in members[:5]]},
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    start = datetime.date(2025, 1, 1)
    records = []
    counters = {}
    for i in range(n):
        day = start + datetime.timedelta(days=int(i * 365 / max(n, 1)))
        kind = KINDS[i % len(KINDS)]
        counters[kind] = counters.get(kind, 0) + 1
        # More than one meeting of a kind on a day (N > 365 × 7) starts a minute later each: dangan refuses two
        # records it cannot tell apart (same kind, day, start and title).
        slot = counters.setdefault((day, kind), 0)
        counters[(day, kind)] = slot + 1
        minutes = 14 * 60 + 30 + slot
        # 支委会 are attended by the committee (a quorum); other meetings by 6-15 members.
        people = members[:5] if kind == "支部委员会" else rng.sample(members, rng.randint(6, 15))
        absent = people[-1:] if len(people) > 8 and kind != "支部委员会" else []
        present = people[: len(people) - len(absent)]
        records.append({
            "type": kind, "date": day.isoformat(), "number": counters[kind],
            "start": f"{minutes // 60}:{minutes % 60:02d}", "end": "16:00", "place": "机关三楼党员活动室",
            "host": present[0], "recorder": present[1],
            "attendance": {"expected": len(people), "present": present,
                           "absent": [{"name": a, "reason": "因公出差"} for a in absent]},
            "agenda": [paragraph(rng)[:40] + "。" for _ in range(rng.randint(1, 3))],
            "content": [{"speaker": rng.choice(present), "text": paragraph(rng)} for _ in range(rng.randint(3, 9))],
            "resolutions": ["会议同意上述安排，由支部书记督促落实。"],
        })
    # One file per month, as a branch keeps its minutes (and as a city's archive arrives: many files).
    by_month = {}
    for record in records:
        by_month.setdefault(record["date"][:7], []).append(record)
    for month, month_records in by_month.items():
        (out / f"meetings-{month}.json").write_text(
            json.dumps({"kind": "meetings", "records": month_records}, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
