"""Server CPU per filter change, one reader at a time: the floor app, this checkout, another.

    python bench/changes.py                              # floor and this checkout, 3 rounds
    python bench/changes.py --against /tmp/wt_old        # and a worktree of the previous main
    python bench/changes.py --page clusters --changes 300 --rounds 5

One reader makes `--changes` filter changes (a seeded random widget and value each time, as the
steady scenario's clicks, the same sequence for every server), one after another, so the
figure is the server's CPU per change without 50 sessions contending for one core. Each round
starts every server afresh, in turn (floor, this, against), so all of them share the same
minutes of a shared machine; the medians over rounds and the ratios to the floor of the same
round are printed. `bench/load.py steady` is the figure under load; this one is steadier, for
telling a change of 1 ms from the noise.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import loadavg, pin_generator, save, serve
from stclient import Session

WARM_CHANGES = 30


async def _changes(base: str, page: str, n: int, seed: int) -> int:
    """`n` filter changes by one reader; returns how many ran without an error."""
    rng = random.Random(seed)
    session = Session(base, page=page, query="lang=en")
    await session.open()
    ok = 0
    try:
        await session.rerun()
        for _ in range(n):
            widget = rng.choice(session.filters())
            result = await session.rerun(session.change(widget, rng))
            if result.error:
                raise RuntimeError(result.error)
            ok += 1
    finally:
        await session.close()
    return ok


def cpu_per_change(flavour: str, page: str, n: int, checkout: Path | None) -> float:
    """Milliseconds of server CPU per change, after a warm-up with another seed."""
    with serve(flavour, checkout=checkout) as server:
        asyncio.run(_changes(server.base, page, WARM_CHANGES, seed=1))
        cpu0 = server.cpu_s()
        done = asyncio.run(_changes(server.base, page, n, seed=17))
        return 1000 * (server.cpu_s() - cpu0) / done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--page", default="clusters")
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout (app.py, pages/, src/)")
    args = parser.parse_args(argv)
    pin_generator()
    runs = {"floor": (None, ""), "this": (None, args.page)}
    if args.against:
        runs["against"] = (args.against, args.page)
    print(f"load average before: {loadavg()}")
    figures: dict[str, list[float]] = {name: [] for name in runs}
    for round_no in range(1, args.rounds + 1):
        for name, (checkout, page) in runs.items():
            flavour = "floor" if name == "floor" else "dashboard"
            figures[name].append(cpu_per_change(flavour, page, args.changes, checkout))
        print(
            f"round {round_no}: "
            + "  ".join(
                f"{name} {ms[-1]:.1f} ms ({ms[-1] / figures['floor'][-1]:.2f}×)"
                for name, ms in figures.items()
            )
        )
    print(f"load average after: {loadavg()}")
    medians = {name: statistics.median(ms) for name, ms in figures.items()}
    ratios = {
        name: statistics.median(m / f for m, f in zip(ms, figures["floor"], strict=True))
        for name, ms in figures.items()
    }
    for name in runs:
        print(
            f"{name:8s} median {medians[name]:.1f} ms CPU per change, "
            f"{ratios[name]:.2f}× the floor of its round (median over {args.rounds})"
        )
    save(
        "changes",
        {
            "page": args.page,
            "changes": args.changes,
            "rounds": args.rounds,
            "against": str(args.against) if args.against else None,
            "cpu_ms_per_change": figures,
            "median_ms": medians,
            "median_ratio_to_floor": ratios,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
