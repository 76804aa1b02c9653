"""What a filter change that misses the shared views costs: each clusters block, served.

    python bench/blocks.py                          # this checkout, medians per block
    python bench/blocks.py --against ../old/src     # and another checkout's src/, alternating

A block is what `ui.data.block` computes once per filter state and language and shares: the
page model's views and texts, then its chart (`ui.chart_specs.chart`: parts put into the cached
template, tables as Arrow bytes). With 50 readers wandering (`load.py steady`) nearly every
change to the chart in view is a new state, so this is most of the page's own CPU per change.
Runs the four blocks of the clusters page (ranking, history, counts, centres) for 120 random
states in the three languages, drawn from the real database, the first 40 as warm-up (each
chart's template is built once per process), pinned to core 1. With `--against`, each round
runs both code versions in fresh interpreters, one after the other.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import side_by_side

STATES = 120
WARM_UP = 40


def measure() -> dict[str, float]:
    """Median milliseconds per block kind over the states (run inside one interpreter)."""
    from gba_dash import db, queries, settings
    from gba_dash.pagemodels import clusters as model
    from gba_dash.shaping import clusters as shaping
    from gba_dash.ui import data

    db.ensure_database(settings.data_dir(), settings.db_path())
    con = db.open_readonly(settings.db_path())
    tables = model.load(lambda name, *args: getattr(queries, name)(con, *args))
    opts = model.options(tables, "en")
    editions, ids, economies = opts["editions"], opts["cluster_ids"], opts["economy_codes"]
    blocks = {
        "ranking": model.ranking_section,
        "history": model.history_section,
        "counts": model.counts_section,
        "centres": model.history_section,
    }
    rng = random.Random(5)
    states = []
    for _ in range(STATES):
        lang = rng.choice(["en", "zh-Hans", "zh-Hant"])
        span = tuple(sorted(rng.sample(editions, 2)))
        chosen = tuple(rng.sample(economies, rng.randint(0, 3)))
        states += [
            ("ranking", (rng.choice(editions), rng.randint(5, 100), chosen, lang)),
            ("history", (tuple(rng.sample(ids, rng.randint(1, 6))), span, lang)),
            ("counts", (tuple(rng.sample(economies, rng.randint(0, 4))), span, lang)),
            ("centres", (shaping.NATIONAL_CENTRES, span, lang, True)),
        ]
    times: dict[str, list[float]] = {kind: [] for kind in blocks}
    for i, (kind, args) in enumerate(states):
        start = time.perf_counter()
        data._built(blocks[kind](tables, *args))  # the block as `ui.data.block` serves it
        if i >= 4 * WARM_UP:
            times[kind].append(1000 * (time.perf_counter() - start))
    return {kind: statistics.median(values) for kind, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, help="another checkout's src/ directory")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure()))
        return 0
    return side_by_side(Path(__file__), args.against, args.rounds)


if __name__ == "__main__":
    sys.exit(main())
