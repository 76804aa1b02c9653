"""The trend chart's rows and table for the chosen measure (level, yoy or index)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from gba_dash.i18n import t
from gba_dash.shaping.hightech.changes import index_to_base, yoy
from gba_dash.shaping.hightech.options import PERCENT_UNITS
from gba_dash.shaping.hightech.points import points
from gba_dash.shaping.hightech.texts import index_table, level_table, yoy_table

# The trend chart's data for one measure


def axis_title(name: str, unit: str, lang: str) -> str:
    """A level axis title: the indicator's name and its unit word (money names carry theirs).

    Axis labels already carry the scale (万/亿, K/M/B) and "%", so the title names only what is
    counted: "高新技术企业数量（家）", "R&D intensity (% of GDP)", "R&D expenditure (CNY)".
    """
    if unit in ("cny_100m", "usd_100m", "hkd_million", "cny_10k"):
        return name
    key = f"hightech.unitword.{unit}" if unit in PERCENT_UNITS else f"unit.{unit}"
    word = t(key, lang)
    return t("hightech.axis.level", lang, name=name, unit=word)


def trend(
    obs: pd.DataFrame,
    metric: str,
    geos: Sequence[str],
    geo: pd.DataFrame,
    years: tuple[int, int],
    measure: str,
    base: int | None,
    lang: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(plotted, table) for the trend chart: one row per geo × year held in `years`.

    level: `points`; yoy: `yoy` computed on the whole series (so the first year shown keeps
    its previous year), then cut to `years`; index: `index_to_base` at `base` (level rows
    when `base` is None). The table is the matching `*_table`.
    """
    shown = points(obs, metric, geos, geo, lang, years)
    if measure == "yoy":
        full = yoy(points(obs, metric, geos, geo, lang), lang)
        plotted = full[full["year"].between(years[0], years[1])].reset_index(drop=True)
        return plotted, yoy_table(plotted, lang)
    if measure == "index" and base is not None:
        plotted = index_to_base(shown, base, lang)
        return plotted, index_table(plotted, lang)
    return shown, level_table(shown, lang)


def index_left_out(frame: pd.DataFrame) -> list[str]:
    """Places of an `index_to_base` frame that could not be indexed (no exact base value)."""
    if frame.empty or "index" not in frame:
        return []
    indexed = set(frame.loc[frame["index"].notna(), "geo_id"])
    left = frame[~frame["geo_id"].isin(indexed)]
    return list(dict.fromkeys(left["place"]))
