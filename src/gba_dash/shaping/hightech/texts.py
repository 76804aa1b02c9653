"""Tables, source captions and one-sentence text alternatives of the high-tech charts."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from gba_dash.i18n import t, t_md
from gba_dash.safe_text import Markdown, md_join
from gba_dash.shaping.common import spans_text

# Tables (exactly the plotted data, translated headers) and words


def level_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per plotted geo × year: place, year, value (number and words), qualifier,
    source, link, other sources, conflict."""
    return pd.DataFrame(
        {
            t("hightech.field.place", lang): frame["place"],
            t("field.year", lang): frame["year"].astype(int),
            t("field.value", lang): frame["value_text"],
            t("hightech.field.number", lang): frame["value"],
            t("field.qualifier", lang): frame["qualifier_label"],
            t("field.source", lang): frame["source_text"],
            t("field.link", lang): frame["source_url"],
            t("hightech.field.others", lang): frame["others_text"],
            t("hightech.field.conflict", lang): frame["conflict_text"],
        }
    ).reset_index(drop=True)


def yoy_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per geo × year held: the value, the change on the previous year, or why not."""
    return pd.DataFrame(
        {
            t("hightech.field.place", lang): frame["place"],
            t("field.year", lang): frame["year"].astype(int),
            t("field.value", lang): frame["value_text"],
            t("field.qualifier", lang): frame["qualifier_label"],
            t("hightech.field.change", lang): frame["change_text"],
            t("hightech.field.change_number", lang): frame["change"],
            t("hightech.field.why_not", lang): frame["reason_text"],
            t("field.source", lang): frame["source_text"],
            t("field.link", lang): frame["source_url"],
        }
    ).reset_index(drop=True)


def index_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per geo × year held: the value, its index to the base year, or why not."""
    return pd.DataFrame(
        {
            t("hightech.field.place", lang): frame["place"],
            t("field.year", lang): frame["year"].astype(int),
            t("field.value", lang): frame["value_text"],
            t("field.qualifier", lang): frame["qualifier_label"],
            t("hightech.field.index", lang): frame["index_text"],
            t("hightech.field.index_number", lang): frame["index"],
            t("hightech.field.why_not", lang): frame["reason_text"],
            t("field.source", lang): frame["source_text"],
            t("field.link", lang): frame["source_url"],
        }
    ).reset_index(drop=True)


def share_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per series × year: the share, how it was obtained, and its source."""
    return pd.DataFrame(
        {
            t("hightech.field.series", lang): frame["series_label"],
            t("field.year", lang): frame["year"].astype(int),
            t("field.value", lang): frame["value_text"],
            t("hightech.field.number", lang): frame["value"],
            t("field.qualifier", lang): frame["qualifier_label"],
            t("hightech.field.guangdong", lang): frame["numerator_text"],
            t("hightech.field.china", lang): frame["denominator_text"],
            t("field.source", lang): frame["source_text"],
            t("field.link", lang): frame["source_url"],
        }
    ).reset_index(drop=True)


def exports_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per currency × year held: value in its own unit, qualifier, source."""
    return pd.DataFrame(
        {
            t("field.year", lang): frame["year"].astype(int),
            t("field.value", lang): frame["value_text"],
            t("hightech.field.number", lang): frame["value"],
            t("field.unit", lang): [t(f"unit.{u}", lang) for u in frame["unit"]],
            t("field.qualifier", lang): frame["qualifier_label"],
            t("field.source", lang): frame["source_text"],
            t("field.link", lang): frame["source_url"],
        }
    ).reset_index(drop=True)


def publishers_caption(frames: Sequence[pd.DataFrame], lang: str) -> Markdown:
    """The caption "Source: A; B; C" from the plotted rows' publishers, each once, in order
    (Markdown: the publishers' names escaped)."""
    names: list[str] = []
    for frame in frames:
        if frame.empty:
            continue
        for publishers in frame["publishers"]:
            for name in publishers:
                if name and name not in names:
                    names.append(name)
    if not names:
        return Markdown(t("hightech.source.none", lang))
    return t_md("ui.source_line", lang, source=md_join(t("hightech.sep.list", lang), names))


def series_summary(frame: pd.DataFrame, value_col: str, text_col: str, lang: str) -> str:
    """One clause per place: first → last value held, and an in-between peak above the last."""
    parts = []
    plotted = frame[frame[value_col].notna()]
    for _, group in plotted.groupby("geo_id", sort=False):
        group = group.sort_values("year")
        first, last = group.iloc[0], group.iloc[-1]
        if len(group) == 1:
            part = t(
                "hightech.alt.single",
                lang,
                place=first["place"],
                value=first[text_col],
                year=int(first["year"]),
            )
        else:
            part = t(
                "hightech.alt.series",
                lang,
                place=first["place"],
                first=first[text_col],
                first_year=int(first["year"]),
                last=last[text_col],
                last_year=int(last["year"]),
            )
            peak = group.loc[group[value_col].idxmax()]
            if peak[value_col] > last[value_col] and peak["year"] != first["year"]:
                part += t("hightech.alt.peak", lang, value=peak[text_col], year=int(peak["year"]))
            part += gap_clause(group["year"], lang)
        parts.append(part)
    return t("hightech.sep.clause", lang).join(parts)


def gap_clause(years: pd.Series, lang: str) -> str:
    """ " (no value held for 2020–2022)" for the years between the first and the last held that
    hold no value ("" when none): a from–to sentence never reads as a trend across a gap."""
    held = {int(y) for y in years}
    gaps = sorted(set(range(min(held), max(held) + 1)) - held) if held else []
    return t("hightech.alt.gap", lang, years=spans_text(gaps, lang)) if gaps else ""


def trend_alt(frame: pd.DataFrame, measure: str, metric_name: str, lang: str, base=None) -> str:
    """The trend chart's alt text: what it shows and each place's first → last value."""
    value_col, text_col = {
        "level": ("value", "value_text"),
        "yoy": ("change", "change_text"),
        "index": ("index", "index_text"),
    }[measure]
    if frame.empty or value_col not in frame or frame[value_col].isna().all():
        return t("hightech.alt.empty", lang, metric=metric_name)
    summary = series_summary(frame, value_col, text_col, lang)
    return t(f"hightech.alt.trend.{measure}", lang, metric=metric_name, summary=summary, base=base)


def share_alt(frame: pd.DataFrame, lang: str) -> str:
    """The share chart's alt text: the derived range and the article's figure."""
    derived = frame[frame["series"] == "derived"].sort_values("year")
    article = frame[frame["series"] == "article"]
    parts = []
    if not derived.empty:
        first, last = derived.iloc[0], derived.iloc[-1]
        parts.append(
            t(
                "hightech.alt.share.derived",
                lang,
                first=first["value_text"],
                first_year=int(first["year"]),
                last=last["value_text"],
                last_year=int(last["year"]),
            )
            + gap_clause(derived["year"], lang)
        )
    for row in article.itertuples(index=False):
        parts.append(
            t("hightech.alt.share.article", lang, value=row.value_text, year=int(row.year))
        )
    return t("hightech.sep.clause", lang).join(parts) if parts else t("ui.no_data", lang)


def exports_alt(frame: pd.DataFrame, lang: str) -> str:
    """The exports chart's alt text: each value held, in its own currency."""
    parts = [
        t("hightech.alt.exports_item", lang, year=int(r.year), value=r.value_text)
        for r in frame.itertuples(index=False)
    ]
    if not parts:
        return t("ui.no_data", lang)
    return t("hightech.alt.exports", lang, items=t("hightech.sep.list", lang).join(parts))


def cities_alt(frame: pd.DataFrame, lang: str) -> str:
    """The cities chart's alt text: each city's latest value held."""
    if frame.empty:
        return t("ui.no_data", lang)
    latest = frame.sort_values("year").groupby("geo_id", sort=False).last()
    order = dict.fromkeys(frame["geo_id"])
    parts = [
        t(
            "hightech.alt.city_item",
            lang,
            place=latest.loc[g, "place"],
            value=latest.loc[g, "value_text"],
            year=int(latest.loc[g, "year"]),
        )
        for g in order
    ]
    return t("hightech.alt.cities", lang, items=t("hightech.sep.list", lang).join(parts))
