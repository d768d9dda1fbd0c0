#!/usr/bin/env python3
"""Load on the web app (issue #15): USERS secretaries save a new meeting each at the same moment into one
branch, then USERS readers load the overview and the meeting list at once, ROUNDS times. Loopback only,
bounded in count and time. Prints p50/p95/max latency and errors per kind of request, and checks that no save
was lost or written twice. Asserts nothing; not part of `make test`.

Usage: bench/web_load.py [dangan] [--users 50] [--rounds 3]
"""
import argparse, json, os, re, shutil, socket, statistics, subprocess, sys, tempfile, threading, time
import urllib.parse, urllib.request

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def request(url, data=None, timeout=30):
    started = time.perf_counter()
    try:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(url, data=body)
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    except Exception as e:  # refused, reset, timed out
        status = repr(e)
    return status, (time.perf_counter() - started) * 1000


def burst(n, job):
    """Runs job(i) on n threads released together; returns [(status, ms)]."""
    results = [None] * n
    gate = threading.Barrier(n)

    def run(i):
        gate.wait()
        results[i] = job(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads: t.start()
    for t in threads: t.join(timeout=120)
    return [r for r in results if r is not None]


def report(kind, results):
    ms = [t for s, t in results]
    errors = sum(1 for s, t in results if s not in (200, 303))
    print(f"{kind:<28} n={len(results):4d}  p50 {percentile(ms, 50):7.1f} ms  p95 {percentile(ms, 95):7.1f} ms"
          f"  max {max(ms):7.1f} ms  errors {errors}")
    return errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dangan", nargs="?", default=os.path.join(root, "build/src/cli/dangan"))
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="dangan-webload-")
    data = os.path.join(tmp, "branch")
    shutil.copytree(os.path.join(root, "samples/branch-2025"), data)
    server = subprocess.Popen([args.dangan, "serve", data, "--port", "0", "--as-of", "2025-12-31"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        base = re.search(r"http://127\.0\.0\.1:\d+", line).group(0)
        page = urllib.request.urlopen(base + "/meetings/new", timeout=10).read().decode()
        token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
        errors = 0
        saved_titles = []
        for rnd in range(args.rounds):
            def save(i):
                title = f"负载测试第{rnd}轮第{i}号"
                saved_titles.append(title)
                return request(base + "/meetings/save", {
                    "token": token, "type": "党小组会", "title": title, "date": "2025-12-30", "start": "09:00",
                    "end": "10:00", "place": "活动室", "host": "王建华", "recorder": "陈静", "expected": "3",
                    "present": ["王建华", "陈静", "张志强"], "agenda": "学习", "content": "王建华：讲话。",
                    "resolutions": "同意。"})
            errors += report(f"save (round {rnd + 1})", burst(args.users, save))
            errors += report(f"overview / (round {rnd + 1})", burst(args.users, lambda i: request(base + "/")))
            errors += report(f"meeting list (round {rnd + 1})", burst(args.users, lambda i: request(base + "/meetings")))
        with open(os.path.join(data, "meetings", "web-2025.json"), encoding="utf-8") as f:
            stored = [r.get("title") for r in json.load(f)["records"]]
        lost = sorted(set(saved_titles) - set(stored))
        twice = sorted(t for t in set(stored) if stored.count(t) > 1)
        print(f"saves: {len(saved_titles)} sent, {len(stored)} stored, {len(lost)} lost, {len(twice)} written twice;"
              f" {errors} request errors")
        check = subprocess.run([args.dangan, "check", data, "--as-of", "2025-12-31", "--format", "json"],
                               capture_output=True, text=True)
        print(f"dangan check after the load: exit {check.returncode} (2 would mean the files no longer load)")
        print(f"({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores; server and clients on this machine)")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
