"""Data scale: every page query against a synthetic 10-million-row `observations` table.

    python bench/scale.py                 # 10 M rows: generate, query p95, page reruns
    python bench/scale.py --rows 1000000  # a quicker run at 1 M rows

1. The real `data/` is built into a temp database with the project's own build; then
   `gen_observations.insert_synthetic` adds synthetic indicators and observations in DuckDB
   (nothing passes through pandas; nothing is written to the repository).
2. Every page is run once in-process (Streamlit's AppTest) with each `queries.get_*` wrapped, to
   record the calls the pages really make (name and arguments).
3. Each recorded call is timed again, uncached, on a fresh cursor (`--repeat` times): p50/p95 and
   the rows it brings into pandas. Target: p95 ≤ 100 ms; a call that brings a whole large table
   into pandas fails whatever its time.
4. A server pinned to core 0 serves the same database; each page's first render (cold cache) and
   a second session's render (warm cache) are timed over the websocket protocol.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    PROJECT,
    TARGETS,
    copy_data,
    fmt_s,
    loadavg,
    pin_generator,
    save,
    serve,
    summary,
    verdict,
)
from gen_observations import insert_synthetic
from stclient import Session

PAGES = ("overview", "clusters", "hightech", "pilots", "sources")
#: A result this large means a table went to pandas whole (the real tables are < 1,000 rows).
WHOLE_TABLE_ROWS = 100_000
#: A call slower than this is timed once.
SLOW_S = 2.0


def discover_calls(data_dir: Path, db_path: Path, pages: tuple[str, ...]) -> list[dict]:
    """Run each page once under AppTest and record every query call (cache misses)."""
    os.environ["GBA_DASH_DATA_DIR"] = str(data_dir)
    os.environ["GBA_DASH_DB"] = str(db_path)
    from streamlit.testing.v1 import AppTest

    from gba_dash import queries

    calls: list[dict] = []
    originals = {}
    for name in dir(queries):
        fn = getattr(queries, name)
        if name.startswith("get_") and callable(fn):
            originals[name] = fn

            def wrapped(con, *args, _fn=fn, _name=name, **kwargs):
                started = time.perf_counter()
                result = _fn(con, *args, **kwargs)
                calls.append(
                    {
                        "page": current[0],
                        "name": _name,
                        "args": args,
                        "first_s": time.perf_counter() - started,
                        "rows": len(result),
                    }
                )
                return result

            setattr(queries, name, wrapped)
    current = [""]
    try:
        for page in pages:
            current[0] = page
            at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=600)
            at.context = {"locale": "en-GB"}
            at.query_params["lang"] = "en"
            at.run()
            if page != "overview":
                at.switch_page(f"pages/{page}.py")
                at.run()
            if at.exception:
                print(f"  {page}: exception {[e.value for e in at.exception][:1]}")
    finally:
        for name, fn in originals.items():
            setattr(queries, name, fn)
    return calls


def time_calls(db_path: Path, calls: list[dict], repeat: int) -> list[dict]:
    """Time each distinct call `repeat` times on a fresh read-only cursor (no app cache)."""
    from gba_dash import db, queries

    con = db.open_readonly(db_path)
    seen: dict[tuple, dict] = {}
    for call in calls:
        key = (call["name"], repr(call["args"]))
        if key in seen:
            seen[key]["pages"].add(call["page"])
            continue
        fn = getattr(queries, call["name"])
        times = []
        rows = 0
        for _ in range(repeat):
            cur = con.cursor()
            started = time.perf_counter()
            rows = len(fn(cur, *call["args"]))
            times.append(time.perf_counter() - started)
            cur.close()
            if times[-1] > SLOW_S or rows >= WHOLE_TABLE_ROWS:
                break  # one run says enough (and repeating it would take minutes)
        seen[key] = {
            "name": call["name"],
            "args": repr(call["args"])[:80],
            "rows": rows,
            "pages": {call["page"]},
            **dict(summary(times).items()),
        }
    con.close()
    return list(seen.values())


async def page_renders(base: str, pages: tuple[str, ...], budget: float) -> dict[str, dict]:
    out = {}
    for page in pages:
        row = {}
        for label in ("cold", "warm"):
            session = Session(base, page=page, query="lang=en", timeout=budget)
            await session.open()
            result = await session.rerun()
            await session.close()
            row[label] = result.seconds
            row[f"{label}_error"] = result.error
        out[page] = row
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=20, help="timings per query")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--budget", type=float, default=600.0, help="per-render timeout, s")
    parser.add_argument("--keep", action="store_true", help="keep the temp database")
    parser.add_argument(
        "--reuse", type=Path, help="a folder written by gen_observations.py (skips generating)"
    )
    args = parser.parse_args(argv)
    pages = tuple(args.pages.split(","))
    pin_generator()
    print(f"load average before: {loadavg()}", flush=True)
    work = args.reuse or Path(tempfile.mkdtemp(prefix="gba-scale-"))
    try:
        if args.reuse:
            data_dir, db_path = work / "data", work / "gba.duckdb"
            real_build = gen_s = float("nan")
            import duckdb

            with duckdb.connect(str(db_path), read_only=True) as con:
                added = con.execute(
                    "SELECT count(*) FROM observations WHERE indicator_id LIKE 'syn_%'"
                ).fetchone()[0]
        else:
            data_dir = copy_data(work)
            db_path = work / "gba.duckdb"
            from gba_dash import db_build

            started = time.perf_counter()
            built = db_build.build_database(data_dir, db_path)
            assert built.ok, built.problems
            real_build = time.perf_counter() - started
            started = time.perf_counter()
            added = insert_synthetic(db_path, args.rows)
            gen_s = time.perf_counter() - started
        size_mb = db_path.stat().st_size / 1e6
        print(
            f"real build {real_build:.2f} s; synthetic rows {added:,} added in {gen_s:.1f} s; "
            f"database {size_mb:.0f} MB",
            flush=True,
        )

        calls = discover_calls(data_dir, db_path, pages)
        timed = time_calls(db_path, calls, args.repeat)
        print(f"\n{'query':24s} {'args':42s} {'rows':>9s} {'p50':>8s} {'p95':>8s}  pages")
        lines = []
        for row in sorted(timed, key=lambda r: -r["p95"]):
            print(
                f"{row['name']:24s} {row['args'][:42]:42s} {row['rows']:9,d} "
                f"{fmt_s(row['p50']):>8s} {fmt_s(row['p95']):>8s}  "
                f"{','.join(sorted(row['pages']))}"
            )
        for row in timed:
            whole = row["rows"] >= WHOLE_TABLE_ROWS
            ok = row["p95"] <= TARGETS["scale_query_p95_s"] and not whole
            detail = f"p95 {fmt_s(row['p95'])}, {row['rows']:,} rows to pandas"
            if whole:
                detail += " (a whole large table in pandas)"
            lines.append(verdict(f"10M {row['name']}{row['args'][:40]} p95 ≤ 100 ms", ok, detail))

        with serve(
            "dashboard", env={"GBA_DASH_DATA_DIR": str(data_dir), "GBA_DASH_DB": str(db_path)}
        ) as server:
            renders = asyncio.run(page_renders(server.base, pages, args.budget))
            rss_mb = server.rss_kb() / 1024
        print()
        for page, row in renders.items():
            print(
                f"page {page:10s} first render cold {fmt_s(row['cold'])}  warm "
                f"{fmt_s(row['warm'])}  {row['cold_error'] or row['warm_error'] or ''}"
            )
        print(f"server RSS after all pages: {rss_mb:.0f} MB")
        print(f"load average after: {loadavg()}")
        save(
            "scale",
            {
                "rows": args.rows,
                "synthetic_added": added,
                "generate_s": gen_s,
                "db_mb": size_mb,
                "real_build_s": real_build,
                "queries": timed,
                "renders": renders,
                "server_rss_mb": rss_mb,
                "verdicts": lines,
            },
        )
        return 0 if all(line.startswith("PASS") for line in lines) else 1
    finally:
        if args.keep or args.reuse:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
