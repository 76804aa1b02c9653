"""Guangdong's share of China's high-tech enterprises, computed where both counts are held."""

from __future__ import annotations

import pandas as pd

from gba_dash.i18n import t
from gba_dash.schema import FILLED_QUALIFIERS
from gba_dash.shaping.common import qualified_text, qualifier_mark
from gba_dash.shaping.hightech.options import ENTERPRISES, SHARE
from gba_dash.shaping.hightech.points import (
    points,
    qualifier_label,
    segments,
    source_cell,
    text_or_empty,
)

# Guangdong's share of China's high-tech enterprises


def combined_qualifier(numerator: str, denominator: str) -> str:
    """The qualifier of numerator ÷ denominator.

    exact ÷ exact → exact; anything with an estimate (or target) → estimate; a lower bound over
    an exact value → lower_bound; every other mix (an approximation, or a lower-bound
    denominator, whose error could go either way) → approx.
    """
    pair = {numerator, denominator}
    if pair == {"exact"}:
        return "exact"
    if pair & {"estimate", "target", "target_lower_bound"}:
        return "estimate"
    if numerator == "lower_bound" and denominator == "exact":
        return "lower_bound"
    return "approx"


def share_of_china(
    obs: pd.DataFrame,
    headlines: pd.DataFrame,
    geo: pd.DataFrame,
    lang: str,
    years: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """One row per series × year: Guangdong's share of China's high-tech enterprises.

    Two series, never merged: `derived` (computed here as Guangdong ÷ China × 100, only for
    years where both preferred values are held, with the qualifier from `combined_qualifier`)
    and `article` (the figure the source article reports, from its headline row, with its
    reference number). Columns: series, series_label, year, value, qualifier, qualifier_label,
    mark, filled, value_text, numerator_text, denominator_text, source_text, source_url,
    segment.
    """
    del geo  # names are not needed: the series is about Guangdong and China by definition
    gd = points(obs, ENTERPRISES, ["guangdong"], no_geo(), lang).set_index("year")
    cn = points(obs, ENTERPRISES, ["china"], no_geo(), lang).set_index("year")
    rows = []
    for year in sorted(set(gd.index) & set(cn.index)):
        num, den = gd.loc[year], cn.loc[year]
        qual = combined_qualifier(num["qualifier"], den["qualifier"])
        value = num["value"] / den["value"] * 100
        rows.append(
            {
                "series": "derived",
                "year": int(year),
                "value": round(value, 2),
                "qualifier": qual,
                "numerator_text": num["value_text"],
                "denominator_text": den["value_text"],
                "source_text": t(
                    "hightech.share.derived_source",
                    lang,
                    gd=num["source_text"],
                    cn=den["source_text"],
                ),
                "publishers": (*num["publishers"], *den["publishers"]),
                "source_url": "",
            }
        )
    for h in article_rows(obs, headlines, SHARE, "guangdong").itertuples(index=False):
        rows.append(
            {
                "series": "article",
                "year": int(h.year),
                "value": float(h.value),
                "qualifier": h.qualifier,
                "numerator_text": "",
                "denominator_text": "",
                "source_text": source_cell(h.publisher, h.published, h.locator, lang),
                "publishers": (text_or_empty(h.publisher),),
                "source_url": text_or_empty(getattr(h, "source_url", "")),
            }
        )
    columns = [
        "series",
        "series_label",
        "year",
        "value",
        "qualifier",
        "qualifier_label",
        "mark",
        "filled",
        "value_text",
        "numerator_text",
        "denominator_text",
        "source_text",
        "publishers",
        "source_url",
        "segment",
    ]
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame(rows)
    if years is not None:
        out = out[out["year"].between(years[0], years[1])]
    if out.empty:
        return pd.DataFrame(columns=columns)
    out["series_label"] = [t(f"hightech.share.series.{s}", lang) for s in out["series"]]
    out["qualifier_label"] = [qualifier_label(q, lang) for q in out["qualifier"]]
    out["mark"] = out["qualifier"].map(qualifier_mark)
    out["filled"] = out["qualifier"].isin(FILLED_QUALIFIERS)
    out["value_text"] = [
        qualified_text(v, q, "percent", lang)
        for v, q in zip(out["value"], out["qualifier"], strict=True)
    ]
    out = out.sort_values(["series", "year"]).reset_index(drop=True)
    out["segment"] = segments(out, group="series")
    return out[columns]


def no_geo() -> pd.DataFrame:
    return pd.DataFrame(columns=["geo_id", "name_en", "name_zh_hans", "name_zh_hant"])


def article_rows(
    obs: pd.DataFrame, headlines: pd.DataFrame, indicator: str, geo_id: str
) -> pd.DataFrame:
    """The source article's figure(s) for indicator × geo: its headline rows if any, else the
    observation rows whose source is an article (each with publisher, published, locator)."""
    cols = ["year", "value", "qualifier", "publisher", "published", "locator", "source_url"]
    if not headlines.empty:
        picked = headlines[
            (headlines["indicator_id"] == indicator) & (headlines["geo_id"] == geo_id)
        ].copy()
        if not picked.empty:
            urls = obs.drop_duplicates("source_id").set_index("source_id")["source_url"]
            picked["source_url"] = picked["source_id"].map(urls)
            return picked[cols]
    rows = obs[
        (obs["indicator_id"] == indicator)
        & (obs["geo_id"] == geo_id)
        & (obs["source_kind"] == "article")
    ]
    return rows.sort_values(["year", "published"]).drop_duplicates("year")[cols]
