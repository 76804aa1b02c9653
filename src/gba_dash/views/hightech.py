"""Views for the high-tech page: preferred values with their qualifiers, gaps, YoY and index.

Every function takes the rows of `queries.get_observations` (one row per value per source, all
sources, `preferred_only=False`) and returns a new frame whose grain its docstring states. Nothing
is interpolated, averaged or chained: a value is shown with its qualifier, a conflict between
sources is flagged with the other values listed, and a derived figure (YoY, index, share of
China) is computed only where the rule in its docstring allows and says why elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from gba_dash.i18n import format_date, format_number, format_qualified, t
from gba_dash.views.common import localized, qualified_text, qualifier_mark, qualifier_name

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
#: `?view=` codes: levels, change on the previous year, index to a base year.
VIEWS: tuple[str, ...] = ("level", "yoy", "index")
#: Qualifiers drawn as filled marks (the others hollow), as in `charts.theme.FILLED_QUALIFIERS`.
FILLED = ("exact", "approx")
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
    "locator",
    "note",
    "n_sources",
    "has_conflict",
    "conflict_text",
    "others_text",
    "segment",
]


# --------------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------------
# Preferred values with their qualifiers, sources, conflicts and gap-free segments


def _source_text(publisher: object, published: object, locator: object, lang: str) -> str:
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


def _text_or_empty(value: object) -> str:
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
    source_text (publisher, date, [ref]), source_url, locator, note, n_sources, has_conflict,
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
                source=_source_text(o.publisher, o.published, o.locator, lang),
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
                "filled": best["qualifier"] in FILLED,
                "value_text": qualified_text(best["value"], best["qualifier"], unit, lang),
                "short_text": format_qualified(best["value"], best["qualifier"], lang, unit),
                "source_text": _source_text(
                    best["publisher"], best["published"], best["locator"], lang
                ),
                "publishers": (_text_or_empty(best["publisher"]),),
                "source_url": _text_or_empty(best["source_url"]),
                "locator": _text_or_empty(best["locator"]),
                "note": _text_or_empty(best["note"]),
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


# --------------------------------------------------------------------------------------------
# Change on the previous year, and index to a base year


def yoy(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per geo × year of `frame` (from `points`), with the change on the previous year.

    The change is computed only when the previous calendar year is held and both preferred
    values are exact: growth in percent for counts and money, a difference in percentage points
    for percent units (R&D intensity). Elsewhere `change` is NaN and `reason` says why
    (`first`, `gap`, `previous_not_exact`, `not_exact`); `reason_text` is that reason in words.
    Adds change, change_text, reason, reason_text, change_unit and a new `segment` (lines join
    consecutive computed years only); `has_conflict` becomes true when either value is disputed.
    """
    out = frame.copy()
    if out.empty:
        for col in ("change", "change_text", "reason", "reason_text", "change_unit"):
            out[col] = pd.Series(dtype="object")
        return out
    out = out.sort_values(["geo_id", "year"])
    prev_year = out.groupby("geo_id")["year"].shift()
    prev_value = out.groupby("geo_id")["value"].shift()
    prev_qual = out.groupby("geo_id")["qualifier"].shift()
    changes, reasons = [], []
    for row, py, pv, pq in zip(
        out.itertuples(index=False), prev_year, prev_value, prev_qual, strict=True
    ):
        if pd.isna(py):
            reason = "first"
        elif int(py) != row.year - 1:
            reason = "gap"
        elif pq != "exact":
            reason = "previous_not_exact"
        elif row.qualifier != "exact":
            reason = "not_exact"
        else:
            reason = "ok"
        if reason == "ok" and row.unit in PERCENT_UNITS:
            change = row.value - pv
        elif reason == "ok" and pv != 0:
            change = (row.value / pv - 1) * 100
        else:
            change = math.nan
            reason = reason if reason != "ok" else "previous_zero"
        changes.append(change)
        reasons.append(reason)
    out["change"] = changes
    out["reason"] = reasons
    out["change_unit"] = ["pp" if u in PERCENT_UNITS else "percent" for u in out["unit"]]
    out["change_text"] = [
        _change_text(c, u, lang) for c, u in zip(out["change"], out["change_unit"], strict=True)
    ]
    out["reason_text"] = [
        "" if r == "ok" else t(f"hightech.reason.{r}", lang) for r in out["reason"]
    ]
    # a change is disputed when either of its two values is
    prev_conflict = out.groupby("geo_id")["has_conflict"].shift().fillna(False).astype(bool)
    out["has_conflict"] = out["has_conflict"].astype(bool) | (prev_conflict & out["change"].notna())
    out["conflict_text"] = [
        t("hightech.conflict.yes", lang) if c else "" for c in out["has_conflict"]
    ]
    computed = out[out["change"].notna()]
    seg = segments(computed)
    out["segment"] = seg.reindex(out.index)
    return out.sort_index().reset_index(drop=True)


def _change_text(change: float, change_unit: str, lang: str) -> str:
    if change is None or not math.isfinite(change):
        return ""
    sign = "+" if change > 0 else ""
    if change_unit == "pp":
        number = format_number(change, lang, "count", compact=False, decimals=2)
        return t("hightech.fmt.pp", lang, value=sign + number)
    return sign + format_number(change, lang, "percent", decimals=1)


def base_years(frame: pd.DataFrame) -> list[int]:
    """Years at which at least one place of `frame` has an exact preferred value (index bases)."""
    exact = frame[frame["qualifier"] == "exact"]
    return sorted({int(y) for y in exact["year"]})


def default_base(frame: pd.DataFrame) -> int | None:
    """The base year covering the most places with an exact value; the earliest on a tie."""
    exact = frame[frame["qualifier"] == "exact"]
    if exact.empty:
        return None
    counts = exact.groupby("year")["geo_id"].nunique()
    best = counts.max()
    return int(min(y for y, n in counts.items() if n == best))


def index_to_base(frame: pd.DataFrame, base: int, lang: str) -> pd.DataFrame:
    """One row per geo × year of `frame`, with the value indexed to `base` = 100.

    A place is indexed only if its preferred value at `base` is exact; its other values keep
    their own qualifier (an index of a lower bound is a lower bound). Places without an exact
    base value keep their rows with `index` NaN and `reason` `base_missing` or
    `base_not_exact` (`reason_text` in words). Adds index, index_text, reason, reason_text and
    a `segment` for the indexed rows.
    """
    out = frame.copy()
    if out.empty:
        for col in ("index", "index_text", "reason", "reason_text"):
            out[col] = pd.Series(dtype="object")
        return out
    at_base = out[out["year"] == base].set_index("geo_id")
    base_value = at_base["value"].where(at_base["qualifier"] == "exact")
    reasons = []
    for geo_id in out["geo_id"]:
        if geo_id not in at_base.index:
            reasons.append("base_missing")
        elif pd.isna(base_value.get(geo_id)) or base_value.get(geo_id) == 0:
            reasons.append("base_not_exact")
        else:
            reasons.append("ok")
    out["reason"] = reasons
    bases = out["geo_id"].map(base_value)
    out["index"] = (out["value"] / bases * 100).where(out["reason"] == "ok")
    out["index_text"] = [
        "" if pd.isna(v) else _qualified_index(v, q, lang)
        for v, q in zip(out["index"], out["qualifier"], strict=True)
    ]
    out["reason_text"] = [
        "" if r == "ok" else t(f"hightech.reason.{r}", lang, base=base) for r in out["reason"]
    ]
    indexed = out[out["index"].notna()]
    out["segment"] = segments(indexed).reindex(out.index)
    return out


def _qualified_index(value: float, qualifier: str, lang: str) -> str:
    text = format_number(value, lang, "count", compact=False, decimals=1)
    if qualifier in ("exact", None, ""):
        return text
    return t(f"fmt.qualified.{qualifier}", lang, value=text)


# --------------------------------------------------------------------------------------------
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
    if pair & {"estimate", "target"}:
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
    gd = points(obs, ENTERPRISES, ["guangdong"], _no_geo(), lang).set_index("year")
    cn = points(obs, ENTERPRISES, ["china"], _no_geo(), lang).set_index("year")
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
    for h in _article_rows(obs, headlines, SHARE, "guangdong").itertuples(index=False):
        rows.append(
            {
                "series": "article",
                "year": int(h.year),
                "value": float(h.value),
                "qualifier": h.qualifier,
                "numerator_text": "",
                "denominator_text": "",
                "source_text": _source_text(h.publisher, h.published, h.locator, lang),
                "publishers": (_text_or_empty(h.publisher),),
                "source_url": _text_or_empty(getattr(h, "source_url", "")),
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
    out["filled"] = out["qualifier"].isin(FILLED)
    out["value_text"] = [
        qualified_text(v, q, "percent", lang)
        for v, q in zip(out["value"], out["qualifier"], strict=True)
    ]
    out = out.sort_values(["series", "year"]).reset_index(drop=True)
    out["segment"] = segments(out, group="series")
    return out[columns]


def _no_geo() -> pd.DataFrame:
    return pd.DataFrame(columns=["geo_id", "name_en", "name_zh_hans", "name_zh_hant"])


def _article_rows(
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


# --------------------------------------------------------------------------------------------
# High-tech exports: what is held, in its own currency, and the article's claim


def exports(obs: pd.DataFrame, lang: str, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """One row per currency × year of Guangdong's high-tech product exports that is held.

    The yuan series (hightech_exports, cny_100m) and the dollar series (hightech_exports_usd,
    usd_100m) are separate rows with their own unit: they must never share an axis or be
    chained. Columns: as `points`, plus `panel` (the indicator id) and `panel_title`.
    """
    frames = []
    for indicator in (EXPORTS_USD, EXPORTS_CNY):
        rows = points(obs, indicator, ["guangdong"], _no_geo(), lang, years)
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
    reference (None if the article's YoY figure is not held)."""
    rows = _article_rows(obs, headlines, EXPORTS_YOY, "guangdong")
    if rows.empty:
        return None
    row = rows.iloc[-1]
    return t(
        "hightech.exports.claim",
        lang,
        year=int(row["year"]),
        change=format_number(row["value"], lang, "percent", decimals=1),
        source=_source_text(row["publisher"], row["published"], row["locator"], lang),
    )


def exports_context(obs: pd.DataFrame, lang: str) -> str | None:
    """Guangdong's total goods exports growth by year (context for the article's claim)."""
    rows = points(obs, TOTAL_EXPORTS_YOY, ["guangdong"], _no_geo(), lang)
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


# --------------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------------
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


def source_caption(frames: Sequence[pd.DataFrame], lang: str) -> str:
    """The caption "Source: A; B; C" from the plotted rows' publishers, each once, in order."""
    names: list[str] = []
    for frame in frames:
        if frame.empty:
            continue
        for publishers in frame["publishers"]:
            for name in publishers:
                if name and name not in names:
                    names.append(name)
    if not names:
        return t("hightech.source.none", lang)
    return t("ui.source_line", lang, source=t("hightech.sep.list", lang).join(names))


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
        parts.append(part)
    return t("hightech.sep.clause", lang).join(parts)


def trend_alt(frame: pd.DataFrame, view: str, metric_name: str, lang: str, base=None) -> str:
    """The trend chart's alt text: what it shows and each place's first → last value."""
    value_col, text_col = {
        "level": ("value", "value_text"),
        "yoy": ("change", "change_text"),
        "index": ("index", "index_text"),
    }[view]
    if frame.empty or value_col not in frame or frame[value_col].isna().all():
        return t("hightech.alt.empty", lang, metric=metric_name)
    summary = series_summary(frame, value_col, text_col, lang)
    return t(f"hightech.alt.trend.{view}", lang, metric=metric_name, summary=summary, base=base)


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


# --------------------------------------------------------------------------------------------
# The trend chart's data for one view


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
    view: str,
    base: int | None,
    lang: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(plotted, table) for the trend chart: one row per geo × year held in `years`.

    level: `points`; yoy: `yoy` computed on the whole series (so the first year shown keeps
    its previous year), then cut to `years`; index: `index_to_base` at `base` (level rows
    when `base` is None). The table is the matching `*_table`.
    """
    shown = points(obs, metric, geos, geo, lang, years)
    if view == "yoy":
        full = yoy(points(obs, metric, geos, geo, lang), lang)
        plotted = full[full["year"].between(years[0], years[1])].reset_index(drop=True)
        return plotted, yoy_table(plotted, lang)
    if view == "index" and base is not None:
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
