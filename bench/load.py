"""Load over Streamlit's own websocket protocol: burst, steady and soak, side by side.

Each scenario runs against every flavour in one command — the floor app (bench/floor_app.py),
the dashboard as configured (.streamlit/config.toml) and the dashboard with Streamlit's default
`runner.postScriptGC=true` — each on a fresh server pinned to core 0, the generator on core 1.

    python bench/load.py burst            # 300 sessions over 5 s; first render p50/p95/max
    python bench/load.py steady           # 50 sessions, a filter change every 2 s, for 60 s
    python bench/load.py soak             # 20 sessions for 10 min; RSS at start and end
    python bench/load.py idle             # 100 sessions opened one by one: kB per idle session
    python bench/load.py soak --short     # the same with shorter durations (a smoke run)

Every loop is bounded in count and time; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    TARGETS,
    fmt_s,
    loadavg,
    pin_generator,
    save,
    serve,
    summary,
    verdict,
)
from stclient import RunError, Session

#: Page a flavour serves for "the clusters page" (the floor app has one page).
FLOOR_PAGE = ""


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    bytes: int = 0


async def close_all(sessions: list[Session]) -> None:
    """Close every session at once, not waiting long for a busy server's close handshake."""

    async def close(s: Session) -> None:
        with contextlib.suppress(Exception):  # a tab closed hard is still closed
            await asyncio.wait_for(s.close(), 5)

    await asyncio.gather(*(close(s) for s in sessions))


def page_for(flavour: str, page: str) -> str:
    return FLOOR_PAGE if flavour == "floor" else page


async def warm_up(base: str, page: str, query: str) -> float:
    """One session's first render on a fresh server (caches filled, pages compiled)."""
    session = Session(base, page=page, query=query)
    await session.open()
    try:
        result = await session.rerun()
        if result.error:
            raise RunError(result.error)
        return result.seconds
    finally:
        await session.close()


# ------------------------------------------------------------------------------------- burst


async def burst_once(
    base: str, page: str, query: str, n: int, ramp: float, hold: float, server, budget: float
) -> dict:
    tally = Tally()
    sessions: list[Session] = []
    t0 = time.perf_counter()

    async def one(i: int) -> None:
        await asyncio.sleep(i * ramp / n)
        session = Session(base, page=page, query=query, timeout=budget)
        started = time.perf_counter()
        try:
            await session.open()
            sessions.append(session)
            result = await session.rerun()
        except (RunError, OSError, TimeoutError) as exc:
            tally.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            return
        except Exception as exc:  # a websocket closed by the server counts as an error
            tally.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            return
        tally.bytes += result.nbytes
        if result.error:
            tally.errors.append(result.error)
        else:
            tally.latencies.append(time.perf_counter() - started)

    rss0, cpu0 = server.rss_kb(), server.cpu_s()
    tasks = [asyncio.create_task(one(i)) for i in range(n)]
    _, pending = await asyncio.wait(tasks, timeout=budget + ramp + 30)
    for task in pending:  # past the budget: a reader who gave up is an error
        task.cancel()
        tally.errors.append(f"no first render within {budget:.0f} s")
    if pending:
        await asyncio.wait(pending, timeout=30)
    wall = time.perf_counter() - t0
    cpu1 = server.cpu_s()
    await asyncio.sleep(hold)  # idle: every tab open, nothing running
    rss1 = server.rss_kb()
    open_ok = len(tally.latencies)
    await close_all(sessions)
    return {
        "first_render": summary(tally.latencies),
        "errors": len(tally.errors),
        "error_samples": sorted(set(tally.errors))[:5],
        "wall_s": wall,
        "server_cpu_s": cpu1 - cpu0,
        "cpu_ms_per_render": 1000 * (cpu1 - cpu0) / n,
        "rss_before_kb": rss0,
        "rss_idle_kb": rss1,
        "kb_per_idle_session": (rss1 - rss0) / open_ok if open_ok else float("nan"),
        "mb_sent_to_clients": tally.bytes / 1e6,
    }


def run_burst(args) -> dict:
    results: dict[str, dict] = {}
    pages = args.pages.split(",")
    for flavour in args.flavours.split(","):
        for page in pages if flavour != "floor" else [FLOOR_PAGE]:
            name = f"{flavour}:{page or 'floor'}"
            with serve(flavour) as server:
                warm = asyncio.run(warm_up(server.base, page_for(flavour, page), args.query))
                time.sleep(1.0)
                res = asyncio.run(
                    burst_once(
                        server.base,
                        page_for(flavour, page),
                        args.query,
                        args.sessions,
                        args.ramp,
                        args.hold,
                        server,
                        args.budget,
                    )
                )
            res["warm_up_s"] = warm
            results[name] = res
            fr = res["first_render"]
            print(
                f"{name:22s} first render p50 {fmt_s(fr['p50'])}  p95 {fmt_s(fr['p95'])}  "
                f"max {fmt_s(fr['max'])}  errors {res['errors']}  server CPU "
                f"{res['server_cpu_s']:.1f} s ({res['cpu_ms_per_render']:.1f} ms/render)  "
                f"idle {res['kb_per_idle_session']:.0f} kB/session",
                flush=True,
            )
    print()
    lines = []
    for name, res in results.items():
        fr = res["first_render"]
        if name.startswith("dashboard:"):
            lines.append(
                verdict(
                    f"burst {name} first-render p95 ≤ {TARGETS['burst_p95_s']} s, 0 errors",
                    fr["p95"] <= TARGETS["burst_p95_s"] and res["errors"] == 0,
                    f"p95 {fmt_s(fr['p95'])}, errors {res['errors']}",
                )
            )
    for page in pages:
        d, f, g = (
            results.get(f"dashboard:{page}"),
            results.get("floor:floor"),
            results.get(f"defaults:{page}"),
        )
        if d and f:
            print(
                f"ratio dashboard:{page} / floor  first-render p95 "
                f"{d['first_render']['p95'] / f['first_render']['p95']:.1f}×  "
                f"server CPU {d['server_cpu_s'] / max(f['server_cpu_s'], 1e-9):.1f}×"
            )
        if d and g:
            print(
                f"ratio defaults:{page} / dashboard:{page}  first-render p95 "
                f"{g['first_render']['p95'] / d['first_render']['p95']:.1f}×"
            )
    return {"scenario": "burst", "params": vars(args), "results": results, "verdicts": lines}


# -------------------------------------------------------------------------------------- idle


async def idle_once(base: str, page: str, query: str, n: int, settle: float, server) -> dict:
    """Open `n` sessions one after another (no overlap), keep them open, read RSS per session."""
    rss0 = server.rss_kb()
    sessions = []
    errors = 0
    for _ in range(n):
        session = Session(base, page=page, query=query)
        await session.open()
        result = await session.rerun()
        errors += bool(result.error)
        sessions.append(session)
    await asyncio.sleep(settle)
    rss1 = server.rss_kb()
    await close_all(sessions)
    await asyncio.sleep(settle)
    rss2 = server.rss_kb()
    return {
        "sessions": n,
        "errors": errors,
        "rss_before_kb": rss0,
        "rss_open_kb": rss1,
        "rss_closed_kb": rss2,
        "kb_per_idle_session": (rss1 - rss0) / n,
    }


def run_idle(args) -> dict:
    results: dict[str, dict] = {}
    lines = []
    for flavour in args.flavours.split(","):
        for page in args.pages.split(",") if flavour != "floor" else [FLOOR_PAGE]:
            name = f"{flavour}:{page or 'floor'}"
            with serve(flavour) as server:
                asyncio.run(warm_up(server.base, page_for(flavour, page), args.query))
                # a second round first: the first sessions fill caches that are not per session
                asyncio.run(
                    idle_once(server.base, page_for(flavour, page), args.query, 10, 1.0, server)
                )
                res = asyncio.run(
                    idle_once(
                        server.base,
                        page_for(flavour, page),
                        args.query,
                        args.sessions,
                        args.hold,
                        server,
                    )
                )
            results[name] = res
            print(
                f"{name:22s} {res['kb_per_idle_session']:.0f} kB per idle session "
                f"(RSS {res['rss_before_kb'] / 1024:.0f} → {res['rss_open_kb'] / 1024:.0f} MB "
                f"with {res['sessions']} open, {res['rss_closed_kb'] / 1024:.0f} MB after "
                f"closing)  errors {res['errors']}",
                flush=True,
            )
            if flavour == "dashboard":
                lines.append(
                    verdict(
                        f"memory {name} ≤ {TARGETS['idle_session_kb']:.0f} kB per idle session",
                        res["kb_per_idle_session"] <= TARGETS["idle_session_kb"]
                        and res["errors"] == 0,
                        f"{res['kb_per_idle_session']:.0f} kB",
                    )
                )
    return {"scenario": "idle", "params": vars(args), "results": results, "verdicts": lines}


# ------------------------------------------------------------------------------- steady / soak


async def clicker(
    session: Session,
    rng: random.Random,
    think: float,
    stop_at: float,
    tally: Tally,
    max_changes: int,
) -> None:
    """Change one filter, wait for the rerun, think, repeat — until `stop_at` (bounded)."""
    await asyncio.sleep(rng.uniform(0, think))
    for _ in range(max_changes):
        if time.perf_counter() >= stop_at:
            return
        filters = session.filters()
        if not filters:
            tally.errors.append("no filter widget on the page")
            return
        widget = rng.choice(filters)
        try:
            result = await session.rerun(session.change(widget, rng))
        except Exception as exc:
            tally.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            return
        tally.bytes += result.nbytes
        if result.error:
            tally.errors.append(result.error)
        else:
            tally.latencies.append(result.seconds)
        await asyncio.sleep(think)


async def steady_once(
    base: str,
    page: str,
    query: str,
    n: int,
    think: float,
    duration: float,
    server,
    seed: int,
    rss_every: float,
) -> dict:
    rng = random.Random(seed)
    sessions = [Session(base, page=page, query=query) for _ in range(n)]
    for i, s in enumerate(sessions):  # open over ~2 s, first render not measured here
        await asyncio.sleep(2.0 / n)
        await s.open()
        result = await s.rerun()
        if result.error:
            raise RunError(f"session {i}: {result.error}")
    await asyncio.sleep(1.0)
    tally = Tally()
    rss_series: list[tuple[float, int]] = []
    cpu0, t0 = server.cpu_s(), time.perf_counter()
    rss_series.append((0.0, server.rss_kb()))
    stop_at = t0 + duration
    max_changes = int(duration / think) + 2

    async def sample_rss() -> None:
        while time.perf_counter() < stop_at:
            await asyncio.sleep(min(rss_every, max(0.0, stop_at - time.perf_counter())))
            rss_series.append((time.perf_counter() - t0, server.rss_kb()))

    await asyncio.wait_for(
        asyncio.gather(
            sample_rss(),
            *(
                clicker(s, random.Random(rng.random()), think, stop_at, tally, max_changes)
                for s in sessions
            ),
        ),
        duration + 180,
    )
    wall = time.perf_counter() - t0
    cpu = server.cpu_s() - cpu0
    rss_series.append((wall, server.rss_kb()))
    await close_all(sessions)
    done = len(tally.latencies)
    return {
        "rerun": summary(tally.latencies),
        "errors": len(tally.errors),
        "error_samples": sorted(set(tally.errors))[:5],
        "reruns": done,
        "reruns_per_s": done / wall,
        "wall_s": wall,
        "server_cpu_s": cpu,
        "cpu_ms_per_change": 1000 * cpu / done if done else float("nan"),
        "server_cpu_util": cpu / wall,
        "rss_start_kb": rss_series[0][1],
        "rss_end_kb": rss_series[-1][1],
        "rss_min_kb": min(r for _, r in rss_series),
        "rss_max_kb": max(r for _, r in rss_series),
        "rss_series": rss_series,
    }


def rss_after(series: list, seconds: float) -> int | None:
    """The first RSS sample taken at least `seconds` into the run (None if the run was shorter)."""
    later = [rss for t, rss in series if t >= seconds]
    return later[0] if later and seconds > 0 else None


def run_steady(args, scenario: str) -> dict:
    results: dict[str, dict] = {}
    for flavour in args.flavours.split(","):
        page = page_for(flavour, args.page)
        name = f"{flavour}:{page or 'floor'}"
        with serve(flavour) as server:
            asyncio.run(warm_up(server.base, page, args.query))
            res = asyncio.run(
                steady_once(
                    server.base,
                    page,
                    args.query,
                    args.sessions,
                    args.think,
                    args.duration,
                    server,
                    args.seed,
                    args.rss_every,
                )
            )
        results[name] = res
        r = res["rerun"]
        drift = (res["rss_end_kb"] - res["rss_start_kb"]) / res["rss_start_kb"]
        print(
            f"{name:22s} rerun p50 {fmt_s(r['p50'])}  p95 {fmt_s(r['p95'])}  "
            f"p99 {fmt_s(r['p99'])}  max {fmt_s(r['max'])}  {res['reruns_per_s']:.1f} reruns/s  "
            f"CPU {res['cpu_ms_per_change']:.1f} ms/change ({100 * res['server_cpu_util']:.0f}% "
            f"of a core)  errors {res['errors']}  RSS {res['rss_start_kb'] / 1024:.0f}→"
            f"{res['rss_end_kb'] / 1024:.0f} MB ({100 * drift:+.1f}%)",
            flush=True,
        )
    print()
    lines = []
    floor = results.get("floor:floor")
    for name, res in results.items():
        if not name.startswith("dashboard:"):
            continue
        r = res["rerun"]
        if scenario == "steady":
            lines.append(
                verdict(
                    f"steady {name} rerun p95 ≤ {TARGETS['steady_p95_s'] * 1000:.0f} ms at "
                    f"{args.sessions} sessions, 0 errors",
                    r["p95"] <= TARGETS["steady_p95_s"] and res["errors"] == 0,
                    f"p95 {fmt_s(r['p95'])}, errors {res['errors']}",
                )
            )
            if floor:
                ratio = res["cpu_ms_per_change"] / floor["cpu_ms_per_change"]
                lines.append(
                    verdict(
                        f"steady {name} server CPU per filter change ≤ "
                        f"{TARGETS['cpu_per_change_ratio']:.0f}× floor",
                        ratio <= TARGETS["cpu_per_change_ratio"],
                        f"{res['cpu_ms_per_change']:.1f} ms vs floor "
                        f"{floor['cpu_ms_per_change']:.1f} ms = {ratio:.1f}×",
                    )
                )
        else:
            drift = (res["rss_end_kb"] - res["rss_start_kb"]) / res["rss_start_kb"]
            lines.append(
                verdict(
                    f"soak {name} RSS within ±{100 * TARGETS['soak_rss_drift']:.0f}% over "
                    f"{args.duration:.0f} s from the first render, 0 errors",
                    abs(drift) <= TARGETS["soak_rss_drift"] and res["errors"] == 0,
                    f"{res['rss_start_kb'] / 1024:.1f} → {res['rss_end_kb'] / 1024:.1f} MB "
                    f"({100 * drift:+.1f}%), errors {res['errors']}",
                )
            )
            warm = rss_after(res["rss_series"], args.warmup)
            if warm is not None:
                drift = (res["rss_end_kb"] - warm) / warm
                res["rss_after_warmup_kb"] = warm
                lines.append(
                    verdict(
                        f"soak {name} RSS within ±{100 * TARGETS['soak_rss_drift']:.0f}% after "
                        f"{args.warmup:.0f} s of warm-up",
                        abs(drift) <= TARGETS["soak_rss_drift"] and res["errors"] == 0,
                        f"{warm / 1024:.1f} → {res['rss_end_kb'] / 1024:.1f} MB "
                        f"({100 * drift:+.1f}%)",
                    )
                )
    d = results.get(f"dashboard:{args.page}")
    g = results.get(f"defaults:{args.page}")
    if d and floor:
        print(
            f"ratio dashboard / floor  rerun p95 {d['rerun']['p95'] / floor['rerun']['p95']:.1f}×"
            f"  CPU per change {d['cpu_ms_per_change'] / floor['cpu_ms_per_change']:.1f}×"
        )
    if d and g:
        print(
            f"ratio defaults / dashboard  rerun p95 {g['rerun']['p95'] / d['rerun']['p95']:.1f}×"
            f"  reruns/s {g['reruns_per_s'] / d['reruns_per_s']:.2f}×"
        )
    return {"scenario": scenario, "params": vars(args), "results": results, "verdicts": lines}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("scenario", choices=["burst", "steady", "soak", "idle"])
    parser.add_argument(
        "--flavours",
        default="floor,dashboard,defaults",
        help="comma list of floor, dashboard, defaults, fifo (an experiment)",
    )
    parser.add_argument(
        "--short",
        action="store_true",
        help="shorter durations and fewer sessions (a smoke run, not a result)",
    )
    parser.add_argument("--sessions", type=int)
    parser.add_argument("--duration", type=float, help="seconds (steady, soak)")
    parser.add_argument("--think", type=float, default=2.0, help="seconds between changes")
    parser.add_argument("--ramp", type=float, default=5.0, help="burst: seconds to connect all")
    parser.add_argument(
        "--hold", type=float, default=5.0, help="burst: seconds idle before reading RSS"
    )
    parser.add_argument("--budget", type=float, default=300.0, help="per-run timeout, seconds")
    parser.add_argument("--pages", default="overview,clusters", help="burst: dashboard pages")
    parser.add_argument("--page", default="clusters", help="steady/soak: dashboard page")
    parser.add_argument("--query", default="lang=en", help="query string of the shared link")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--rss-every", type=float, default=10.0, dest="rss_every")
    parser.add_argument(
        "--warmup",
        type=float,
        default=120.0,
        help="soak: also judge RSS drift from this many seconds in",
    )
    args = parser.parse_args(argv)
    defaults = {"burst": (300, 0.0), "steady": (50, 60.0), "soak": (20, 600.0), "idle": (100, 0.0)}
    short = {"burst": (60, 0.0), "steady": (20, 15.0), "soak": (10, 60.0), "idle": (30, 0.0)}
    n, dur = (short if args.short else defaults)[args.scenario]
    args.sessions = args.sessions or n
    args.duration = args.duration or dur
    if args.short:
        args.warmup = min(args.warmup, args.duration / 4)
    if args.short and args.scenario == "burst":
        args.ramp = min(args.ramp, 1.0)
    if args.scenario == "idle" and args.flavours == "floor,dashboard,defaults":
        args.flavours = "floor,dashboard"
    pin_generator()
    print(f"load average before: {loadavg()}", flush=True)
    if args.scenario == "burst":
        payload = run_burst(args)
    elif args.scenario == "idle":
        payload = run_idle(args)
    else:
        payload = run_steady(args, args.scenario)
    print(f"load average after: {loadavg()}", flush=True)
    save(args.scenario + ("-short" if args.short else ""), payload)
    return 0 if all(line.startswith("PASS") for line in payload["verdicts"]) else 1


if __name__ == "__main__":
    sys.exit(main())
