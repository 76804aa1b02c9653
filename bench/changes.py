"""Server CPU per filter change, one reader at a time: the floor app, this checkout, another.

    python bench/changes.py                              # floor and this checkout, 3 rounds
    python bench/changes.py --against ../old             # and another checkout, e.g. a worktree
    python bench/changes.py --page clusters --changes 300 --rounds 5
    python bench/changes.py --against ../old --own-data  # the old checkout on its own data/

All servers run at once (pinned to one core) with one reader each. The readers take turns, one
filter change at a time (a seeded random widget and value, as the steady scenario's clicks, the
same sequence on both dashboards), so only one server works at any moment and all of them see
the same seconds of a shared machine, whose speed drifts by a third between minutes here. Each
round is `--changes` turns; the ratio to the floor within a round and its median over rounds
are printed. `bench/load.py steady` is the figure under load (50 sessions contending for a
core); this one is steadier, for telling a change of 1 ms from the noise.
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

WARM_CHANGES = 30


class Reader:
    """One reader on one server, making seeded random filter changes."""

    def __init__(self, base: str, page: str, seed: int) -> None:
        self.session = Session(base, page=page, query="lang=en")
        self.rng = random.Random(seed)

    async def open(self) -> None:
        await self.session.open()
        await self.session.rerun()

    async def change(self) -> None:
        widget = self.rng.choice(self.session.filters())
        result = await self.session.rerun(self.session.change(widget, self.rng))
        if result.error:
            raise RuntimeError(result.error)


async def _lockstep(servers: dict, pages: dict[str, str], n: int, rounds: int) -> dict:
    """`rounds` × `n` changes, one server after the other, change by change; CPU ms per change
    of each server in each round."""
    readers = {name: Reader(servers[name].base, pages[name], seed=17) for name in servers}
    for reader in readers.values():
        await reader.open()
    for _ in range(WARM_CHANGES):
        for reader in readers.values():
            await reader.change()
    figures: dict[str, list[float]] = {name: [] for name in servers}
    for _ in range(rounds):
        cpu0 = {name: server.cpu_s() for name, server in servers.items()}
        for _ in range(n):
            for reader in readers.values():
                await reader.change()
        for name, server in servers.items():
            figures[name].append(1000 * (server.cpu_s() - cpu0[name]) / n)
    for reader in readers.values():
        await reader.session.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--page", default="clusters")
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout (app.py, pages/, src/)")
    parser.add_argument(
        "--own-data",
        action="store_true",
        help="the other checkout serves its own data/ (this data has tables it does not know)",
    )
    args = parser.parse_args(argv)
    pin_generator()
    runs = {"floor": (None, ""), "this": (None, args.page)}
    if args.against:
        runs["against"] = (args.against, args.page)
    print(f"load average before: {loadavg()}")
    with contextlib.ExitStack() as stack:
        servers = {
            name: stack.enter_context(
                serve(
                    "floor" if name == "floor" else "dashboard",
                    checkout=checkout,
                    own_data=args.own_data,
                )
            )
            for name, (checkout, _) in runs.items()
        }
        pages = {name: page for name, (_, page) in runs.items()}
        figures = asyncio.run(_lockstep(servers, pages, args.changes, args.rounds))
    for round_no in range(args.rounds):
        print(
            f"round {round_no + 1}: "
            + "  ".join(
                f"{name} {ms[round_no]:.1f} ms ({ms[round_no] / figures['floor'][round_no]:.2f}×)"
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
