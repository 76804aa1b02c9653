"""The data API's answers per second beside a page's first render, on one `gba-dash serve`.

    python bench/api.py                      # 3 rounds of 100 requests per route, 10 renders
    python bench/api.py --rounds 5 --requests 200

One server (pinned to core 0), one client at a time: each round asks every route `--requests`
times in turn (a view's JSON and CSV, a whole table, the releases: after the first, answers
the server keeps), the view's JSON with its entity tag (a 304), a quarter as many views never
asked before (each made), and opens `--renders` fresh sessions of the same view's page, timing
each to its first finished run. Medians per round and over rounds are printed, with requests
per second (1 / median latency) and the ratio of a page's first render to a view's JSON
answer.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PROJECT, copy_data, free_port, loadavg, save
from stclient import RunError, Session

ROUTES = {
    "view json": "/api/v1/views/clusters.json?edition=2025&top=20&lang=zh-Hans",
    "view csv": "/api/v1/views/clusters.csv?edition=2025&top=20&lang=zh-Hans",
    "table csv": "/api/v1/tables/observations.csv",
    "releases": "/api/v1/releases",
}
PAGE, PAGE_QUERY = "clusters", "edition=2025&top=20&lang=zh-Hans"


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[float, int]:
    request = urllib.request.Request(url, headers=headers or {})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            resp.read()
            status = resp.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return time.perf_counter() - start, status


def _etag(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as resp:
        resp.read()
        return resp.headers["ETag"]


async def _first_render(base: str) -> float:
    session = Session(base, page=PAGE, query=PAGE_QUERY, locale="zh-CN")
    start = time.perf_counter()
    await session.open()
    try:
        result = await session.rerun()  # the first run: the page drawn to its end
        if result.error:
            raise RunError(result.error)
    finally:
        await session.close()
    return time.perf_counter() - start


def _start(work: Path) -> tuple[subprocess.Popen, str]:
    data = copy_data(work)
    port = free_port()
    cmd = [
        "taskset", "-c", "0", sys.executable, "-m", "gba_dash.cli", "serve",
        "--port", str(port), "--address", "127.0.0.1",
        "--data", str(data), "--db", str(work / "gba.duckdb"),
    ]  # fmt: skip
    log = (work / "serve.log").open("w")
    proc = subprocess.Popen(cmd, cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT, env=os.environ)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if _get(f"{base}/_stcore/health")[1] == 200:
                return proc, base
        except OSError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError((work / "serve.log").read_text()[-2000:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--renders", type=int, default=10)
    args = parser.parse_args()
    print(f"load average before: {loadavg()}")
    work = Path(tempfile.mkdtemp(prefix="gba-bench-api-"))
    proc, base = _start(work)
    names = [*ROUTES, "view 304", "new view json", "first render"]
    results: dict[str, list[float]] = {name: [] for name in names}
    # views never asked before in the run (kept answers do not serve them): edition × top
    unseen = iter(
        f"edition={e}&top={t}&lang=en" for t in range(100, 9, -1) for e in range(2017, 2026)
    )
    try:
        for url in ROUTES.values():  # warm: caches filled, routes compiled
            _get(base + url)
        asyncio.run(_first_render(base))
        tag = _etag(base + ROUTES["view json"])
        for n in range(1, args.rounds + 1):
            line = []
            for name, url in ROUTES.items():
                times = [_get(base + url)[0] for _ in range(args.requests)]
                results[name].append(statistics.median(times))
            times = [
                _get(base + ROUTES["view json"], {"If-None-Match": tag})[0]
                for _ in range(args.requests)
            ]
            results["view 304"].append(statistics.median(times))
            fresh = [next(unseen) for _ in range(args.requests // 4)]
            times = [_get(f"{base}/api/v1/views/clusters.json?{q}")[0] for q in fresh]
            results["new view json"].append(statistics.median(times))
            renders = [asyncio.run(_first_render(base)) for _ in range(args.renders)]
            results["first render"].append(statistics.median(renders))
            for name, values in results.items():
                line.append(f"{name} {values[-1] * 1000:.1f} ms")
            print(f"round {n}: " + "  ".join(line))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    print(f"load average after: {loadavg()}")
    medians = {name: statistics.median(values) for name, values in results.items()}
    for name, value in medians.items():
        print(f"{name:13s} median {value * 1000:7.1f} ms  ({1 / value:6.1f} per second)")
    ratio = medians["first render"] / medians["view json"]
    print(f"a page's first render takes {ratio:.1f}× a view's JSON answer")
    save("api", {"medians_s": medians, "rounds": results, "ratio_render_to_json": ratio})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
