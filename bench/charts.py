"""What one filter change costs in chart work: build + served spec of each cluster chart.

    python bench/charts.py                          # this checkout, medians per chart
    python bench/charts.py --against ../old/src     # and another checkout's src/, alternating

Builds the ranking, rank-history and counts charts (`ui.chart_specs.chart`: the builder, then
its spec with Arrow tables, as a filter change that misses the shared views does) for 40 filter
states drawn from the real database, in English, pinned to core 1. With `--against`, each round runs
both code versions in fresh interpreters, one after the other, so the two medians come from the
same minutes of a shared machine.
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

STATES = 40
REPEATS = 3


def measure() -> dict[str, float]:
    """Median milliseconds per chart over the states (run inside one interpreter)."""
    from gba_dash import db, queries, settings
    from gba_dash.charts import clusters as charts

    try:
        from gba_dash.ui import chart_specs
    except ImportError:  # a checkout from before chart serving left ui.data (--against)
        from gba_dash.ui import data as chart_specs
    from gba_dash.shaping import clusters as shaping

    lang = "en"
    db.ensure_database(settings.data_dir(), settings.db_path())
    con = db.open_readonly(settings.db_path())
    ranks = queries.get_cluster_ranks(con)
    changes = shaping.rank_changes(ranks)
    names = shaping.economy_names(queries.get_geo(con), lang)
    publisher_of = shaping.publisher_map(queries.get_sources(con))
    coverage = queries.get_coverage(con)
    breaks = queries.get_breaks(con, "clusters")
    counts_obs = queries.get_observations(con, (shaping.COUNT_INDICATOR,), None, None)
    editions = shaping.editions_held(coverage)
    clusters = shaping.cluster_options(ranks)
    economies = shaping.economy_options(ranks)
    rng = random.Random(9)
    calls = []
    for _ in range(STATES):
        edition, top = rng.choice(editions), rng.randint(10, 100)
        lo = rng.choice(editions)
        span = (lo, rng.choice([e for e in editions if e >= lo]))
        common = {"publisher_of": publisher_of, "lang": lang, "changes": changes}
        ranking = shaping.edition_ranking(ranks, edition, top, (), economy_name=names, **common)
        history = shaping.rank_history(ranks, tuple(rng.sample(clusters, 4)), span, **common)
        rules = shaping.break_rules(breaks, span, lang)
        chosen = tuple(rng.sample(economies, 3))
        counts = shaping.economy_counts(
            counts_obs, ranks, coverage, chosen, span, economy_name=names, lang=lang
        )
        in_span = [e for e in editions if span[0] <= e <= span[1]]
        calls.append(
            {
                "ranking": (charts.ranking_chart, ranking, edition, top, lang),
                "history": (charts.rank_history_chart, history, rules, in_span, lang),
                "counts": (charts.economy_counts_chart, counts, lang),
            }
        )
    times: dict[str, list[float]] = {"ranking": [], "history": [], "counts": []}
    for _ in range(REPEATS):
        for call in calls:
            for name, (builder, *args) in call.items():
                start = time.perf_counter()
                chart_specs.chart(builder, *args)
                times[name].append(1000 * (time.perf_counter() - start))
    return {name: statistics.median(values[STATES:]) for name, values in times.items()}


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
