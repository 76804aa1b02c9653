"""Filter states of the real data for the chart pages, drawn at random (seeded): what the
template tests and `bench/experiments/spec_dump.py` build charts for. Imports only the page
models, so an older checkout's code can be driven through the same states."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator

from gba_dash.charts.request import ChartRequest
from gba_dash.pagemodels import clusters, hightech, pilots

LANGS = ("en", "zh-Hans", "zh-Hant")


def requests(value) -> Iterator[ChartRequest]:
    if isinstance(value, ChartRequest):
        yield value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from requests(getattr(value, field.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from requests(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from requests(item)


def cluster_states(tables, lang: str, rng: random.Random, n: int) -> list:
    opts = clusters.options(tables, lang)
    editions, ids, codes = opts["editions"], opts["cluster_ids"], opts["economy_codes"]
    # profiles where something is held: a cluster × edition with shares and counts, with an
    # intensity rank, or with leaders
    metrics = tables["metrics"]
    frames = (metrics, metrics[metrics["metric"] == "intensity_rank"], tables["leaders"])
    pairs = [
        sorted({(c, int(e)) for c, e in zip(f["cluster_id"], f["edition"], strict=True)})
        for f in frames
    ]
    blocks = []
    for i in range(n):
        lo = rng.choice(editions)
        span = (lo, rng.choice([e for e in editions if e >= lo]))
        economies = tuple(rng.sample(codes, rng.choice([0, 1, 3])))
        chosen = tuple(rng.sample(ids, rng.randint(1, 5)))
        top = rng.choice([10, 13, 20, 37, 50, 100])
        profiles = [rng.choice(pairs[i % 3]), rng.choice(rng.choice(pairs))]
        blocks += [
            clusters.ranking_section(tables, rng.choice(editions), top, economies, lang),
            clusters.history_section(tables, chosen, span, lang),
            clusters.history_section(tables, chosen[:3], span, lang, panels=True),
            clusters.counts_section(tables, economies, span, lang),
            *(
                section
                for focus, edition in profiles
                for section in clusters.profile_sections(tables, focus, chosen, edition, span, lang)
            ),
        ]
    return blocks


def hightech_states(tables, lang: str, rng: random.Random, n: int) -> list:
    opts = hightech.options(tables, lang)
    first, last = opts["first_year"], opts["last_year"]
    blocks = []
    for _ in range(n):
        metric = rng.choice(opts["metrics"])
        choices = opts["geo_choices"][metric]
        geos = tuple(rng.sample(choices, min(len(choices), rng.randint(1, 4))))
        lo = rng.randint(first, last)
        years = (lo, rng.randint(lo, last))
        measure = rng.choice(["level", "yoy", "index"])
        bases = hightech.index_bases(tables, metric, geos, years, lang)
        base = bases["default"] if measure == "index" else None
        blocks.append(hightech.sections(tables, metric, geos, years, measure, base, lang))
    return blocks


def pilot_states(tables, lang: str, rng: random.Random, n: int) -> list:
    opts = pilots.options(tables, lang)
    names = list(opts["pilot_name"])
    blocks = []
    for _ in range(n):
        statuses = tuple(rng.sample(opts["statuses"], rng.choice([0, 1, 2])))
        domains = tuple(rng.sample(opts["domains"], rng.choice([0, 1])))
        cities = tuple(rng.sample(opts["city_ids"], rng.choice([0, 1, 3])))
        focus = rng.choice(["", *names])
        blocks.append(pilots.sections(tables, statuses, domains, cities, focus, "2026-12-03", lang))
    return blocks
