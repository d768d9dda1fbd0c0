#!/usr/bin/env python3
"""A second branch year for the numbering tests, made from samples/branch-2025 the way real data drifts:
every date one year later (2026), records shuffled inside their files and some moved to another file,
extra same-day meetings (a 支委会 in the afternoon after one in the morning, without an id), the archive
settings of another organisation (DA/T 13-2022, 全宗 J107, 永久, class ZZ).

usage: generate_branch.py SAMPLES_DIR OUT_DIR SEED
Prints the number of meeting records written (the ground truth the test counts against)."""
import json
import os
import random
import re
import shutil
import sys

samples, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
YEAR = re.compile(r"(?<![0-9])(20[0-3][0-9])(?![0-9])")


def shift(text):
    """Every year 2000-2039 one later; 2月29日 does not exist in the next year, so it becomes the 28th."""
    text = YEAR.sub(lambda m: str(int(m.group(1)) + 1), text)
    return text.replace("-02-29", "-02-28").replace("2月29日", "2月28日")


shutil.rmtree(out, ignore_errors=True)
shutil.copytree(samples, out)
for folder, _, files in os.walk(out):
    for name in files:
        path = os.path.join(folder, name)
        if not name.endswith(".json"):
            continue
        text = shift(open(path, encoding="utf-8").read())
        data = json.loads(text)
        if data.get("kind") == "organisation":
            data["archive"] = {"fonds": "J107", "fonds_name": data["name"], "style": "DA/T 13-2022",
                               "category": "WS", "retention": "Y", "class": "ZZ"}
        new_name = shift(name)
        os.remove(path)
        with open(os.path.join(folder, new_name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)

meetings_dir = os.path.join(out, "meetings")
files = sorted(f for f in os.listdir(meetings_dir) if f.endswith(".json"))
lists = {}
for name in files:
    data = json.load(open(os.path.join(meetings_dir, name), encoding="utf-8"))
    if data.get("kind") == "meetings":
        lists[name] = data
count = 0
extra = []
for name, data in lists.items():
    records = data["records"]
    for r in records:
        r.pop("id", None)  # identity from content only
    # A second 支委会 on some committee days, in the afternoon, without an id.
    if any(r.get("type") == "支部委员会" for r in records):
        for r in rng.sample(records, min(3, len(records))):
            twin = json.loads(json.dumps(r))
            twin["start"], twin["end"] = "16:30", "17:20"
            twin.pop("number", None)
            twin["agenda"] = ["研究近期党员教育管理有关事项（第二次会议）"]
            extra.append(twin)
    rng.shuffle(records)
names = list(lists)
for twin in extra:
    lists[rng.choice(names)]["records"].append(twin)
# Move a few records to a file of their own kind ("meetings" holds any kind).
moved = {"kind": "meetings", "records": []}
for name in names:
    records = lists[name]["records"]
    if len(records) > 3 and rng.random() < 0.5:
        moved["records"].append(records.pop(rng.randrange(len(records))))
lists["moved-2026.json"] = moved
for name, data in lists.items():
    rng.shuffle(data["records"])
    count += len(data["records"])
    with open(os.path.join(meetings_dir, name), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
for name in files:
    if name not in lists:
        count += 1  # a single-meeting file
print(count)
