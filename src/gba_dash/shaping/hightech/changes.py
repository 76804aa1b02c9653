"""Derived views of a series: change on the previous year and index to a base year."""

from __future__ import annotations

import math

import pandas as pd

from gba_dash.i18n import format_number, t
from gba_dash.shaping.hightech.options import PERCENT_UNITS
from gba_dash.shaping.hightech.points import segments

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
