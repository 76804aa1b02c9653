"""High-tech exports (each in its own catalogue and currency) and enterprises by city."""

from __future__ import annotations

import pandas as pd

from gba_dash.i18n import format_number, t, t_md
from gba_dash.shaping.common import localized
from gba_dash.shaping.hightech.options import (
    ENTERPRISES,
    EXPORTS_CNY,
    EXPORTS_USD,
    EXPORTS_YOY,
    POINT_COLUMNS,
    TOTAL_EXPORTS_YOY,
)
from gba_dash.shaping.hightech.points import points, source_cell
from gba_dash.shaping.hightech.share import article_rows, no_geo

# High-tech exports: what is held, in its own currency, and the article's claim


def exports(obs: pd.DataFrame, lang: str, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """One row per currency × year of Guangdong's high-tech product exports that is held.

    The yuan series (hightech_exports, cny_100m) and the dollar series (hightech_exports_usd,
    usd_100m) are separate rows with their own unit: they must never share an axis or be
    chained. Columns: as `points`, plus `panel` (the indicator id) and `panel_title`.
    """
    frames = []
    for indicator in (EXPORTS_USD, EXPORTS_CNY):
        rows = points(obs, indicator, ["guangdong"], no_geo(), lang, years)
        if not rows.empty:
            rows = rows.assign(panel=indicator, segment=indicator + ":" + rows["segment"])
            frames.append(rows)
    if not frames:
        return pd.DataFrame(columns=[*POINT_COLUMNS, "panel", "panel_title"])
    out = pd.concat(frames, ignore_index=True)
    out["panel_title"] = [
        t("hightech.exports.panel", lang, year=y, unit=t(f"hightech.currency.{u}", lang))
        for y, u in zip(out["year"], out["unit"], strict=True)
    ]
    return out


def exports_claim(obs: pd.DataFrame, headlines: pd.DataFrame, lang: str) -> str | None:
    """The article's statement on 2024 high-tech exports, quoted as the article's, with its
    reference, as Markdown (None if the article's YoY figure is not held)."""
    rows = article_rows(obs, headlines, EXPORTS_YOY, "guangdong")
    if rows.empty:
        return None
    row = rows.iloc[-1]
    return t_md(
        "hightech.exports.claim",
        lang,
        year=int(row["year"]),
        change=format_number(row["value"], lang, "percent", decimals=1),
        source=source_cell(row["publisher"], row["published"], row["locator"], lang),
    )


def exports_context(obs: pd.DataFrame, lang: str) -> str | None:
    """Guangdong's total goods exports growth by year (context for the article's claim)."""
    rows = points(obs, TOTAL_EXPORTS_YOY, ["guangdong"], no_geo(), lang)
    if rows.empty:
        return None
    parts = [
        t(
            "hightech.exports.context_item",
            lang,
            year=int(r.year),
            change=("+" if r.value > 0 else "") + r.value_text,
        )
        for r in rows.itertuples(index=False)
    ]
    return t("hightech.exports.context", lang, items=t("hightech.sep.list", lang).join(parts))


# Cities


def city_points(
    obs: pd.DataFrame, geo: pd.DataFrame, lang: str, years: tuple[int, int] | None = None
) -> pd.DataFrame:
    """One row per Guangdong GBA city × year held: high-tech enterprises (as `points`).

    Cities are ordered by their latest value held, largest first.
    """
    cities = geo[(geo["kind"] == "city") & (geo["admin"] == "GD")]["geo_id"].tolist()
    frame = points(obs, ENTERPRISES, cities, geo, lang, years)
    if frame.empty:
        return frame
    latest = frame.sort_values("year").groupby("geo_id")["value"].last()
    order = latest.sort_values(ascending=False).index.tolist()
    frame["_order"] = frame["geo_id"].map({g: i for i, g in enumerate(order)})
    return frame.sort_values(["_order", "year"]).drop(columns="_order").reset_index(drop=True)


def cities_without_data(frame: pd.DataFrame, geo: pd.DataFrame, lang: str) -> list[str]:
    """Names of the Guangdong GBA cities with no value in `frame`, in the reader's script."""
    cities = geo[(geo["kind"] == "city") & (geo["admin"] == "GD")]
    missing = cities[~cities["geo_id"].isin(set(frame["geo_id"]))]
    return localized(missing, "name", lang).tolist()
