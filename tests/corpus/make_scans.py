#!/usr/bin/env python3
"""Scanned minutes with ground truth, for measuring `dangan audit --ocr`.

    python3 tests/corpus/make_scans.py OUT [--count N] [--seed S] [--levels 0,1,2,3]

Renders the first lines of a meeting's minutes (title, 会议时间, 地点, 主持人 …) to an A4-proportioned page
image with a Chinese font, as a phone photo or a scanner would give it, at degradation levels:

    0  clean 150 dpi greyscale PNG
    1  slight rotation (±1.5°), light noise, JPEG quality 75
    2  rotation ±2.5°, a slight blur, more noise, a little uneven light, JPEG quality 60 (a phone photo)
    3  rotation ±3°, a blur, heavy noise, greyed text, strongly uneven light, JPEG quality 60 (a bad one)

Every image is filed under OUT/L<level>/2023年/支委会/ with a name carrying the meeting's true date, so
the audit knows the date the name says. A third of the pages write that date inside ("truth": same), a
third a different date (the audit should say date.inconsistent), a third leave it blank ("2023年 月 日";
the audit should say date.missing). OUT/truth.tsv: level, path (relative to OUT/L<level>), written
(same|other|blank), the date in the name, the date written inside (or "").

Needs python3-pil (Debian) and a Chinese font (fonts-wqy-zenhei, fonts-arphic-uming).
"""
import argparse
import datetime
import io
import os
import random
import sys

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/arphic/uming.ttc",
         "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf"]
PLACES = ["党员活动室", "三楼会议室", "村委会议室", "党建活动中心"]
CHAIRS = ["王建华", "李秀英", "张伟", "刘洋", "陈静"]
TOPICS = ["传达学习上级文件精神", "研究发展党员工作", "讨论党费收缴情况", "部署主题党日活动"]


def font(path, size):
    return ImageFont.truetype(path, size)


def page(lines, dpi, font_path):
    """A white page (A4 at dpi, cropped to the upper third where minutes keep their header) with the lines."""
    w = int(8.27 * dpi)
    h = int(11.69 * dpi / 2.5)
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    big = font(font_path, int(dpi * 0.22))
    body = font(font_path, int(dpi * 0.16))
    y = int(dpi * 0.4)
    title, rest = lines[0], lines[1:]
    tw = d.textlength(title, font=big)
    d.text(((w - tw) / 2, y), title, font=big, fill=0)
    y += int(dpi * 0.45)
    for line in rest:
        d.text((int(dpi * 0.9), y), line, font=body, fill=0)
        y += int(dpi * 0.3)
    return img


def degrade(img, level, rng):
    if level == 0:
        return img
    angle = rng.uniform(-1, 1) * {1: 1.5, 2: 2.5, 3: 3}[level]
    img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if level >= 2:
        img = img.filter(ImageFilter.GaussianBlur({2: 0.5, 3: 0.8}[level]))
    # noise, uneven lighting (a horizontal gradient) and low contrast (text lifted towards grey)
    w, h = img.size
    px = img.load()
    sigma = {1: 8, 2: 12, 3: 16}[level]
    lift = {1: 0, 2: 10, 3: 25}[level]
    shade = {1: 0, 2: 15, 3: 30}[level]
    for yy in range(h):
        for xx in range(0, w):
            v = px[xx, yy]
            v = lift + v * (255 - lift) // 255 - shade * xx // w + int(rng.gauss(0, sigma))
            px[xx, yy] = 0 if v < 0 else 255 if v > 255 else v
    return img


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=12, help="pages per level")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--levels", default="0,1,2,3")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    fonts = [f for f in FONTS if os.path.exists(f)]
    if not fonts:
        print("make_scans: no Chinese font found (fonts-wqy-zenhei or fonts-arphic-uming)", file=sys.stderr)
        return 2
    rows = []
    for level in [int(x) for x in a.levels.split(",")]:
        for i in range(a.count):
            day = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(360))
            kind = ["same", "other", "blank"][i % 3]
            if kind == "same":
                written = day
            elif kind == "other":
                written = day + datetime.timedelta(days=rng.choice([-1, 1]) * rng.randint(3, 40))
                if written.year != 2023:
                    written = day - datetime.timedelta(days=rng.randint(3, 40)) if written.year > 2023 else \
                        day + datetime.timedelta(days=rng.randint(3, 40))
            else:
                written = None
            when = ("%d年%d月%d日" % (written.year, written.month, written.day)) if written else "2023年  月  日"
            lines = ["支部委员会会议记录",
                     "会议时间：%s 下午%d:%02d" % (when, rng.randint(2, 4), rng.choice([0, 30])),
                     "会议地点：%s" % rng.choice(PLACES),
                     "主持人：%s    记录人：%s" % (rng.choice(CHAIRS), rng.choice(CHAIRS)),
                     "应到%d人，实到%d人" % (7, rng.randint(5, 7)),
                     "会议议题：%s" % rng.choice(TOPICS)]
            img = degrade(page(lines, 150, fonts[i % len(fonts)]), level, rng)
            ext = "png" if level == 0 else "jpg"
            rel = "2023年/支委会/%d.%d支委会记录扫描%02d.%s" % (day.month, day.day, i + 1, ext)
            path = os.path.join(a.out, "L%d" % level, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if ext == "png":
                img.save(path, "PNG")
            else:
                img.save(path, "JPEG", quality={1: 75, 2: 60, 3: 60}[level])
            rows.append((str(level), rel, kind, day.isoformat(), written.isoformat() if written else ""))
    with open(os.path.join(a.out, "truth.tsv"), "w", encoding="utf-8") as f:
        f.write("level\tpath\twritten\tname_date\tinside_date\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print("%d scans in %s" % (len(rows), a.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
