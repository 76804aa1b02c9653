"""Small helpers of the pilots views: text and list cells, dates, terms, cities, filters."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import pandas as pd

from gba_dash.i18n import format_date
from gba_dash.i18n.dates import parse_partial_date
from gba_dash.schema import DOMAINS, STATUSES
from gba_dash.shaping.common import localized

#: Units too generic to tell whether a progress figure counts the same thing as its target.
GENERIC_UNITS = ("count",)


def text_of(value: object) -> str:
    """A cell as text: missing values (None, NaN, pd.NA) become ""."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # arrays and lists are not missing
        pass
    return str(value)


def items_of(value: object) -> list[str]:
    """A list cell (DuckDB VARCHAR[] → array/list) as a list of strings; missing → []."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    try:
        return [str(v) for v in value]  # type: ignore[union-attr]
    except TypeError:
        return []


def number_of(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def date_key(value: object) -> date | None:
    """The first day of an ISO date, month or year ("2024-05" → 2024-05-01); None if absent."""
    text = text_of(value).strip()
    if not text:
        return None
    try:
        return parse_partial_date(text)[0]
    except ValueError:
        return None


def date_text(value: object, lang: str) -> str:
    """A partial ISO date in the reader's language, no finer than it is ("2024-05" → May 2024)."""
    text = text_of(value).strip()
    if not text:
        return ""
    try:
        return format_date(text, lang)
    except ValueError:
        return text


def term_names(terms: pd.DataFrame, kind: str, lang: str) -> pd.Series:
    """Names of one kind of code in the reader's language, indexed by code, in sort order."""
    rows = terms[terms["term_kind"] == kind].sort_values(["sort_order", "code"])
    return pd.Series(localized(rows, "name", lang).to_numpy(), index=rows["code"].to_numpy())


def status_order(terms: pd.DataFrame) -> list[str]:
    """Status codes on the scale announced → piloting → operational → scaling."""
    listed = list(term_names(terms, "status", "en").index)
    return [s for s in listed if s in STATUSES] + [s for s in STATUSES if s not in listed]


def domain_order(terms: pd.DataFrame) -> list[str]:
    """Domain codes in their terms sort order (then any the terms table lacks)."""
    listed = list(term_names(terms, "domain", "en").index)
    return [d for d in listed if d in DOMAINS] + [d for d in DOMAINS if d not in listed]


def gba_cities(geo: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per GBA city (geo kind "city"), ordered by adcode: geo_id, name, lat, lon."""
    cities = geo[geo["kind"] == "city"].copy()
    cities["_order"] = pd.to_numeric(cities["adcode"], errors="coerce").fillna(10**7)
    cities = cities.sort_values(["_order", "geo_id"])
    return pd.DataFrame(
        {
            "geo_id": cities["geo_id"].astype(str).to_numpy(),
            "name": localized(cities, "name", lang).to_numpy(),
            "lat": cities["lat"].to_numpy(),
            "lon": cities["lon"].to_numpy(),
        }
    )


def city_names(geo: pd.DataFrame, lang: str) -> dict[str, str]:
    """geo_id → name in the reader's script, for every place."""
    return dict(zip(geo["geo_id"], localized(geo, "name", lang), strict=True))


def filter_pilots(
    pilots: pd.DataFrame,
    statuses: Sequence[str] = (),
    domains: Sequence[str] = (),
    cities: Sequence[str] = (),
) -> pd.DataFrame:
    """The pilots passing the filters (one row per pilot); an empty filter lets everything pass.

    A pilot passes `cities` if it involves at least one of them.
    """
    keep = pd.Series(True, index=pilots.index)
    if statuses:
        keep &= pilots["status"].isin(list(statuses))
    if domains:
        keep &= pilots["domain"].isin(list(domains))
    if cities:
        wanted = set(cities)
        keep &= pilots["cities"].map(lambda v: bool(wanted & set(items_of(v))))
    return pilots[keep].reset_index(drop=True)


def cities_from_selection(selection: Mapping | None, param: str, allowed: Iterable[str]) -> list:
    """The geo_ids picked in a map's point selection `param` (Streamlit's on_select state).

    Unknown ids are dropped; order of first appearance kept.
    """
    allowed = set(allowed)
    if not selection:
        return []
    points = selection.get("selection", {}).get(param) if hasattr(selection, "get") else None
    picked: list[str] = []
    for point in points or []:
        geo_id = point.get("geo_id") if hasattr(point, "get") else None
        if isinstance(geo_id, str) and geo_id in allowed and geo_id not in picked:
            picked.append(geo_id)
    return picked
