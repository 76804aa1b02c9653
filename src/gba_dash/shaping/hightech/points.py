"""Preferred values of one indicator with their qualifiers, sources and unbridged segments."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from gba_dash.i18n import format_date, format_qualified, t
from gba_dash.schema import FILLED_QUALIFIERS
from gba_dash.shaping.common import localized, qualified_text, qualifier_mark, qualifier_name
from gba_dash.shaping.hightech.options import POINT_COLUMNS

# Preferred values with their qualifiers, sources, conflicts and gap-free segments


def source_cell(publisher: object, published: object, locator: object, lang: str) -> str:
    parts = [str(publisher)] if isinstance(publisher, str) and publisher else []
    if isinstance(published, str) and published:
        try:
            parts.append(format_date(published, lang))
        except ValueError:
            parts.append(published)
    text = t("hightech.sep.comma", lang).join(parts)
    if isinstance(locator, str) and locator:
        text = f"{text} {locator}".strip()
    return text


def text_or_empty(value: object) -> str:
    return value if isinstance(value, str) else ""


def segments(frame: pd.DataFrame, group: str = "geo_id", year: str = "year") -> pd.Series:
    """A segment id per row that changes at every missing year within `group` (lines break there).

    "guangdong#0" for 2015–2018, "guangdong#1" from 2020 if 2019 is missing, and so on.
    """
    if frame.empty:
        return pd.Series([], dtype="object", index=frame.index)
    ordered = frame.sort_values([group, year])
    gap = ordered.groupby(group)[year].diff().fillna(1).ne(1)
    run = gap.astype(int).groupby(ordered[group]).cumsum()
    ids = ordered[group].astype(str) + "#" + run.astype(str)
    return ids.reindex(frame.index)


def points(
    obs: pd.DataFrame,
    indicator: str,
    geos: Sequence[str] | None,
    geo: pd.DataFrame,
    lang: str,
    years: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """One row per geo × year: the preferred value of `indicator`, ready to plot and tabulate.

    Columns (POINT_COLUMNS): place (in the reader's script), value, unit, qualifier and its
    label, mark (≥ ≈ ~ →), filled (exact/approx), value_text (qualified words: 约/超过/预计),
    source_text (publisher, date, [ref]), source_url, source_id, locator, note, n_sources,
    has_conflict,
    conflict_text, others_text (the other sources' values: "3.39% (est.) — HKCD; 2.8% — …"),
    segment (changes at every missing year: use it as the line's `detail`). Places keep the
    order of `geos`; years ascend. `geos=None` keeps every place.
    """
    rows = obs[obs["indicator_id"] == indicator]
    if geos is not None:
        rows = rows[rows["geo_id"].isin(list(geos))]
    if years is not None:
        rows = rows[rows["year"].between(years[0], years[1])]
    if rows.empty:
        return pd.DataFrame(columns=POINT_COLUMNS)
    names = dict(zip(geo["geo_id"], localized(geo, "name", lang), strict=True))
    out = []
    for (geo_id, year), group in rows.groupby(["geo_id", "year"], sort=False):
        preferred = group[group["is_preferred"].astype(bool)]
        best = preferred.iloc[0] if not preferred.empty else group.iloc[0]
        others = group.drop(index=best.name)
        unit = str(best["unit"])
        other_parts = [
            t(
                "hightech.other_value",
                lang,
                value=qualified_text(o.value, o.qualifier, unit, lang),
                source=source_cell(o.publisher, o.published, o.locator, lang),
            )
            for o in others.itertuples(index=False)
        ]
        conflict = bool(group["has_conflict"].astype(bool).any())
        out.append(
            {
                "indicator_id": indicator,
                "geo_id": geo_id,
                "place": names.get(geo_id, geo_id),
                "year": int(year),
                "value": float(best["value"]),
                "unit": unit,
                "qualifier": best["qualifier"],
                "qualifier_label": qualifier_label(best["qualifier"], lang),
                "mark": qualifier_mark(best["qualifier"]),
                "filled": best["qualifier"] in FILLED_QUALIFIERS,
                "value_text": qualified_text(best["value"], best["qualifier"], unit, lang),
                "short_text": format_qualified(best["value"], best["qualifier"], lang, unit),
                "source_text": source_cell(
                    best["publisher"], best["published"], best["locator"], lang
                ),
                "publishers": (text_or_empty(best["publisher"]),),
                "source_id": text_or_empty(best["source_id"]),
                "source_url": text_or_empty(best["source_url"]),
                "locator": text_or_empty(best["locator"]),
                "note": text_or_empty(best["note"]),
                "n_sources": len(group),
                "has_conflict": conflict,
                "conflict_text": t("hightech.conflict.yes", lang) if conflict else "",
                "others_text": t("hightech.sep.list", lang).join(other_parts),
            }
        )
    frame = pd.DataFrame(out)
    order = {g: i for i, g in enumerate(geos)} if geos is not None else {}
    frame["_order"] = frame["geo_id"].map(order).fillna(len(order))
    frame = frame.sort_values(["_order", "geo_id", "year"]).drop(columns="_order")
    frame = frame.reset_index(drop=True)
    frame["segment"] = segments(frame)
    return frame[POINT_COLUMNS]


def qualifier_label(qualifier: str, lang: str) -> str:
    """The qualifier as a legend/table label: its sign and name, e.g. "≥ 超过", "约", "exact"."""
    mark = qualifier_mark(qualifier)
    name = qualifier_name(qualifier, lang)
    return f"{mark} {name}" if mark and mark not in name else name
