"""Server CPU per rerun on one chart tab of the clusters page, this checkout beside another.

    python bench/tabs.py --against ../old --own-data
    python bench/tabs.py --tabs ranking,profile --rounds 5 --changes 100

One reader per server and tab opens `?chart=<tab>` and changes the edition or the top N at
random (seeded, the same sequence everywhere), after a warm-up; the median over rounds of CPU
ms per rerun is printed per tab and server. `bench/changes.py` is the figure for a reader who
wanders the whole page; this one tells which tab a difference comes from.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import loadavg, pin_generator, save, serve
from stclient import Session

WARM = 20
KEYS = ("edition", "top")


async def _cost(server, tab: str, changes: int) -> float:
    session = Session(server.base, page="clusters", query=f"lang=en&chart={tab}")
    await session.open()
    await session.rerun()
    if any(e.WhichOneof("type") == "alert" and "chart" in e.alert.body for e in session.elements):
        raise RuntimeError(f"no {tab} tab")  # the link warned: a checkout without the tab
    rng = random.Random(3)

    async def change() -> None:
        widgets = [w for w in session.filters() if w.key in KEYS]
        if not widgets:
            raise RuntimeError(f"no edition or top widget on the {tab} tab")
        await session.rerun(session.change(rng.choice(widgets), rng))

    for _ in range(WARM):
        await change()
    cpu0 = server.cpu_s()
    for _ in range(changes):
        await change()
    return 1000 * (server.cpu_s() - cpu0) / changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tabs", default="ranking,history,profile")
    parser.add_argument("--changes", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout (app.py, pages/, src/)")
    parser.add_argument("--own-data", action="store_true", help="the other serves its data/")
    args = parser.parse_args(argv)
    pin_generator()
    tabs = args.tabs.split(",")
    print(f"load average before: {loadavg()}")
    figures: dict[str, dict[str, list[float]]] = {}
    with contextlib.ExitStack() as stack:
        servers = {"this": stack.enter_context(serve("dashboard"))}
        if args.against:
            servers["against"] = stack.enter_context(
                serve("dashboard", checkout=args.against, own_data=args.own_data)
            )
        for _ in range(args.rounds):
            for tab in tabs:
                for name, server in servers.items():
                    try:
                        ms = asyncio.run(_cost(server, tab, args.changes))
                    except RuntimeError:
                        continue  # a tab the other checkout does not have
                    figures.setdefault(name, {}).setdefault(tab, []).append(ms)
    print(f"load average after: {loadavg()}")
    for name, per_tab in figures.items():
        for tab, values in per_tab.items():
            rounds = " ".join(f"{v:.1f}" for v in values)
            print(f"{name:8} {tab:10} median {statistics.median(values):.1f} ms ({rounds})")
    save("tabs", {"figures": figures, "against": str(args.against) if args.against else None})
    return 0


if __name__ == "__main__":
    sys.exit(main())
