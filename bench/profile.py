"""Where a page's server time goes: py-spy samples the server during N first renders.

    .venv/bin/pip install py-spy
    python bench/profile.py clusters          # 20 first renders of /clusters, breakdown by layer
    python bench/profile.py overview --renders 40
    python bench/profile.py "" --flavour floor

Prints the server CPU per first render and the share of script-thread samples per layer (Altair
chart building in charts/, st.altair_chart's to_dict and schema validation, pandas views, cached
queries, Streamlit's own element handling). The raw folded stacks are kept in bench/out/.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, pin_generator, serve
from stclient import Session


def layer_of(stack: str) -> str:
    """The layer a script-thread sample belongs to (innermost project or library code wins)."""
    marker = "run_page (gba_dash/ui/shell.py:"
    in_page = marker in stack
    if in_page:  # inside the page: classify by what the page calls, not by the frame
        stack = stack.split(marker, 1)[1].split(";", 1)[-1]
    if "_altair_chart" in stack:
        return "st.altair_chart: to_dict + schema validation"
    if "altair/" in stack:
        return "Altair chart building (charts/*.py, floor_app.py)"
    if "gba_dash/shaping/" in stack:
        return "pandas views (views/*.py)"
    if "gba_dash/ui/data.py" in stack:
        return "cached queries (ui/data.py)"
    if "pandas/" in stack or "numpy/" in stack:
        return "pandas in page/app code"
    if "gba_dash/ui/shell.py" in stack and not in_page:
        return "frame (ui/shell.py: setup, sidebar, share link)"
    if "streamlit/elements/" in stack or "delta_generator" in stack:
        return "Streamlit elements (st.* calls, enqueue)"
    return "other (script runner, i18n, page module)"


def classify(raw: Path) -> collections.Counter:
    """Script-thread samples of a py-spy raw file, counted per layer."""
    shares: collections.Counter[str] = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if "script_runner" in stack:
            shares[layer_of(stack)] += int(count)
    return shares


def report(shares: collections.Counter) -> None:
    total = sum(shares.values()) or 1
    for name, count in shares.most_common():
        print(f"  {100 * count / total:5.1f}%  {name}")


async def changes(base: str, page: str, n: int, seed: int = 17) -> None:
    """`n` filter changes by one reader, one after another (as the steady scenario's clicks)."""
    rng = random.Random(seed)
    session = Session(base, page=page, query="lang=en")
    await session.open()
    try:
        await session.rerun()
        for _ in range(n):
            widget = rng.choice(session.filters())
            result = await session.rerun(session.change(widget, rng))
            if result.error:
                raise RuntimeError(result.error)
    finally:
        await session.close()


async def renders(base: str, page: str, n: int) -> None:
    # One reader stays connected throughout, as in a burst: when the last session closes,
    # Streamlit drops its compiled-script cache, and every sequential render would then pay
    # for parsing and compiling the page again (~20% of an overview render, not seen in a burst).
    keeper = Session(base, page=page, query="lang=en")
    await keeper.open()
    try:
        for _ in range(n):
            session = Session(base, page=page, query="lang=en")
            await session.open()
            result = await session.rerun()
            await session.close()
            if result.error:
                raise RuntimeError(result.error)
    finally:
        await keeper.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("page", help="page path, e.g. clusters ('' for the floor app)")
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument(
        "--changes", type=int, help="profile this many filter changes instead of first renders"
    )
    parser.add_argument("--flavour", default="dashboard")
    parser.add_argument("--raw", type=Path, help="classify an earlier raw file instead")
    args = parser.parse_args(argv)
    if args.raw:
        report(classify(args.raw))
        return 0
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        print("py-spy not found: .venv/bin/pip install py-spy")
        return 2
    pin_generator()
    OUT.mkdir(exist_ok=True)
    raw = OUT / f"profile-{args.flavour}-{args.page or 'floor'}-{int(time.time())}.txt"
    with serve(args.flavour) as server:
        asyncio.run(renders(server.base, args.page, 3))  # warm caches first
        proc = subprocess.Popen(
            [
                spy,
                "record",
                "-p",
                str(server.pid),
                "-r",
                "200",
                "-f",
                "raw",
                "-o",
                str(raw),
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
        cpu0 = server.cpu_s()
        if args.changes:
            asyncio.run(changes(server.base, args.page, args.changes))
        else:
            asyncio.run(renders(server.base, args.page, args.renders))
        cpu = server.cpu_s() - cpu0
        proc.send_signal(2)  # SIGINT: py-spy writes its output and exits
        proc.wait(timeout=30)
    what = "filter change" if args.changes else "first render"
    count = args.changes or args.renders
    print(
        f"{args.flavour} /{args.page}: {1000 * cpu / count:.1f} ms server CPU per {what} "
        f"({count}, one at a time)"
    )
    report(classify(raw))
    print(f"raw stacks: {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
