"""Choices a reader has on the high-tech page: indicators, places, years and their defaults."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

#: Every indicator the page reads (one query fetches them all).
PAGE_INDICATORS: tuple[str, ...] = (
    "hightech_enterprises",
    "hightech_enterprises_share_of_china",
    "hightech_enterprise_revenue",
    "rd_intensity",
    "rd_expenditure",
    "hightech_exports",
    "hightech_exports_usd",
    "hightech_exports_yoy",
    "exports_total_yoy",
)
#: Indicators the trend chart can show (`?metric=`), in menu order; the first is the default.
TREND_METRICS: tuple[str, ...] = ("hightech_enterprises", "rd_intensity", "rd_expenditure")
#: Places shown by default for each trend metric (`?geos=`), when the data hold them.
DEFAULT_GEOS: dict[str, tuple[str, ...]] = {
    "hightech_enterprises": ("guangdong", "china"),
    "rd_intensity": ("guangdong", "shenzhen", "guangzhou", "hong_kong", "macao", "china"),
    "rd_expenditure": ("guangdong", "shenzhen", "guangzhou", "china"),
}
#: Places of the R&D-intensity comparison chart, in legend order.
RD_GEOS: tuple[str, ...] = DEFAULT_GEOS["rd_intensity"]
#: The trend's measures (`?view=` codes): levels, change on the previous year, index to a base
#: year.
MEASURES: tuple[str, ...] = ("level", "yoy", "index")
#: Percent-type units: their YoY is a change in percentage points, not a growth rate.
PERCENT_UNITS = ("percent", "percent_of_gdp")

ENTERPRISES = "hightech_enterprises"
SHARE = "hightech_enterprises_share_of_china"
EXPORTS_CNY = "hightech_exports"
EXPORTS_USD = "hightech_exports_usd"
EXPORTS_YOY = "hightech_exports_yoy"
TOTAL_EXPORTS_YOY = "exports_total_yoy"

POINT_COLUMNS = [
    "indicator_id",
    "geo_id",
    "place",
    "year",
    "value",
    "unit",
    "qualifier",
    "qualifier_label",
    "mark",
    "filled",
    "value_text",
    "short_text",
    "source_text",
    "publishers",
    "source_url",
    "source_id",
    "locator",
    "note",
    "n_sources",
    "has_conflict",
    "conflict_text",
    "others_text",
    "segment",
]


# Choices for the filters


def metric_options(obs: pd.DataFrame) -> list[str]:
    """The trend metrics the data hold (at least one value), in menu order."""
    held = set(obs["indicator_id"])
    return [m for m in TREND_METRICS if m in held]


def geo_options(obs: pd.DataFrame, metric: str, geo: pd.DataFrame) -> list[str]:
    """Places holding `metric`: the metric's default places first, then the rest by kind, id."""
    held = set(obs.loc[obs["indicator_id"] == metric, "geo_id"])
    first = [g for g in DEFAULT_GEOS.get(metric, ()) if g in held]
    kinds = geo.set_index("geo_id")["kind"].to_dict()
    kind_order = {"country": 0, "province": 1, "region": 2, "city": 3}
    rest = sorted(held - set(first), key=lambda g: (kind_order.get(kinds.get(g, ""), 9), g))
    return first + rest


def default_geos(metric: str, options: Sequence[str]) -> tuple[str, ...]:
    """The metric's default places that are among `options` (or the first option)."""
    chosen = tuple(g for g in DEFAULT_GEOS.get(metric, ()) if g in options)
    return chosen or tuple(options[:1])


def year_bounds(obs: pd.DataFrame) -> tuple[int, int]:
    """The first and last year any of the page's values is held for."""
    years = obs["year"].astype(int)
    return int(years.min()), int(years.max())
