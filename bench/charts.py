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
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PROJECT, pin_generator

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
    from gba_dash.views import clusters as views

    lang = "en"
    db.ensure_database(settings.data_dir(), settings.db_path())
    con = db.open_readonly(settings.db_path())
    ranks = queries.get_cluster_ranks(con)
    changes = views.rank_changes(ranks)
    names = views.economy_names(queries.get_geo(con), lang)
    publisher_of = views.publisher_map(queries.get_sources(con))
    coverage = queries.get_coverage(con)
    breaks = queries.get_breaks(con, "clusters")
    counts_obs = queries.get_observations(con, (views.COUNT_INDICATOR,), None, None)
    editions = views.editions_held(coverage)
    clusters = views.cluster_options(ranks)
    economies = views.economy_options(ranks)
    rng = random.Random(9)
    calls = []
    for _ in range(STATES):
        edition, top = rng.choice(editions), rng.randint(10, 100)
        lo = rng.choice(editions)
        span = (lo, rng.choice([e for e in editions if e >= lo]))
        common = {"publisher_of": publisher_of, "lang": lang, "changes": changes}
        ranking = views.edition_ranking(ranks, edition, top, (), economy_name=names, **common)
        history = views.rank_history(ranks, tuple(rng.sample(clusters, 4)), span, **common)
        rules = views.break_rules(breaks, span, lang)
        chosen = tuple(rng.sample(economies, 3))
        counts = views.economy_counts(
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


def run_child(src: Path) -> dict[str, float]:
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        # Both versions read this checkout's data and database.
        "GBA_DASH_DATA_DIR": os.environ.get("GBA_DASH_DATA_DIR", str(PROJECT / "data")),
        "GBA_DASH_DB": os.environ.get("GBA_DASH_DB", str(PROJECT / "data" / "gba.duckdb")),
    }
    out = subprocess.run(
        [sys.executable, __file__, "--child"], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, help="another checkout's src/ directory")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure()))
        return 0
    pin_generator()
    versions = {"this": PROJECT / "src"}
    if args.against:
        versions["against"] = args.against.resolve()
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
    for _ in range(args.rounds):
        for name, src in versions.items():
            rounds[name].append(run_child(src))
    for name, results in rounds.items():
        medians = {chart: statistics.median(r[chart] for r in results) for chart in results[0]}
        print(
            f"{name:8s} ({versions[name]}): "
            + "  ".join(f"{chart} {ms:.2f} ms" for chart, ms in medians.items())
        )
        rounds[name] = [medians]
    if args.against:
        this, other = rounds["this"][0], rounds["against"][0]
        print("ratio this / against: " + "  ".join(f"{c} {this[c] / other[c]:.2f}×" for c in this))
    return 0


if __name__ == "__main__":
    sys.exit(main())
