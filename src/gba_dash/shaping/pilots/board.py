"""The status board of the pilots, their latest milestones, sources, and pilots per city."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from gba_dash.i18n import t
from gba_dash.safe_text import web_address
from gba_dash.shaping.common import lang_col, localized
from gba_dash.shaping.pilots.basics import (
    city_names,
    date_key,
    date_text,
    domain_order,
    gba_cities,
    items_of,
    status_order,
    term_names,
    text_of,
)


def dated_events(events: pd.DataFrame) -> pd.DataFrame:
    """One row per milestone with a usable date, with `day` (first day of it), in date order.

    Rows with an empty or unreadable date are left out (they cannot be placed in time).
    """
    out = events.copy()
    out["day"] = out["date"].map(date_key)
    out = out[out["day"].notna()].copy()
    out["_row"] = range(len(out))
    return out.sort_values(["pilot_id", "day", "_row"]).drop(columns="_row").reset_index(drop=True)


def latest_milestones(events: pd.DataFrame) -> pd.DataFrame:
    """One row per pilot with a dated milestone: its latest one (all v_pilot_events columns + day).

    "2025-11" counts as 1 Nov 2025; on a tie the row listed last wins.
    """
    dated = dated_events(events)
    if dated.empty:
        return dated
    return dated.groupby("pilot_id", sort=True).tail(1).reset_index(drop=True)


BOARD_COLUMNS = [
    "pilot_id",
    "name",
    "status",
    "status_name",
    "domain",
    "domain_name",
    "cities",
    "city_names",
    "lead_bodies",
    "latest_date",
    "latest_day",
    "latest_text",
    "target",
    "progress",
    "sources",
    "confidence",
    "focus",
]


def source_links(source_ids: object, sources: pd.DataFrame) -> list[tuple[str, str]]:
    """(publisher, url) per cited source, in citation order; url is "" unless http(s)."""
    by_id = sources.set_index("source_id") if not sources.empty else sources
    links = []
    for source_id in items_of(source_ids):
        if source_id not in by_id.index:
            links.append((source_id, ""))
            continue
        row = by_id.loc[source_id]
        url = web_address(text_of(row.get("url")))
        url = url or web_address(text_of(row.get("retrieved_from")))
        links.append((text_of(row.get("publisher")) or source_id, url))
    return links


def _event_text(event: pd.Series | None, lang: str) -> str:
    if event is None:
        return ""
    return text_of(event[lang_col("text", lang)]) or text_of(event["text_en"])


def publishers(links: Iterable[tuple[str, str]], lang: str) -> str:
    """The publishers of (publisher, url) links, each once, joined for the reader."""
    return t("pilots.list_sep", lang).join(dict.fromkeys(p for p, _ in links))


def pilot_board(
    pilots: pd.DataFrame,
    events: pd.DataFrame,
    terms: pd.DataFrame,
    geo: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    focus: str = "",
) -> pd.DataFrame:
    """One row per pilot (as given, e.g. already filtered), ready for a card.

    Columns: BOARD_COLUMNS. `sources` holds (publisher, url) pairs; `cities` the geo_ids;
    `city_names` and other texts are in the reader's language. The focused pilot comes first,
    then by status (furthest along the scale first), latest milestone (newest first), name.
    """
    if pilots.empty:
        return pd.DataFrame(columns=BOARD_COLUMNS)
    statuses = term_names(terms, "status", lang)
    domains = term_names(terms, "domain", lang)
    order = {s: i for i, s in enumerate(status_order(terms))}
    names = city_names(geo, lang)
    latest = latest_milestones(events).set_index("pilot_id")
    sep = t("pilots.list_sep", lang)
    rows = []
    for pilot, name, target, progress, lead in zip(
        pilots.itertuples(index=False),
        localized(pilots, "name", lang),
        localized(pilots, "target", lang),
        localized(pilots, "progress", lang),
        localized(pilots, "lead_bodies", lang),
        strict=True,
    ):
        last = latest.loc[pilot.pilot_id] if pilot.pilot_id in latest.index else None
        ids = items_of(pilot.cities)
        rows.append(
            {
                "pilot_id": pilot.pilot_id,
                "name": text_of(name),
                "status": pilot.status,
                "status_name": statuses.get(pilot.status, pilot.status),
                "domain": pilot.domain,
                "domain_name": domains.get(pilot.domain, pilot.domain),
                "cities": ids,
                "city_names": sep.join(names.get(c, c) for c in ids),
                "lead_bodies": text_of(lead),
                "latest_date": date_text(last["date"], lang) if last is not None else "",
                "latest_day": last["day"] if last is not None else None,
                "latest_text": _event_text(last, lang),
                "target": text_of(target),
                "progress": text_of(progress),
                "sources": source_links(pilot.source_ids, sources),
                "confidence": text_of(pilot.confidence),
                "focus": pilot.pilot_id == focus,
                "_order": -order.get(pilot.status, -1),
                "_day": last["day"].toordinal() if last is not None else 0,
            }
        )
    board = pd.DataFrame(rows)
    board = board.sort_values(
        ["focus", "_order", "_day", "name"], ascending=[False, True, False, True], kind="stable"
    )
    return board.drop(columns=["_order", "_day"]).reset_index(drop=True)


def board_table(board: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The board as a sortable table with translated headers (one row per pilot)."""
    return pd.DataFrame(
        {
            t("pilots.field.pilot", lang): board["name"],
            t("pilots.field.status", lang): board["status_name"],
            t("pilots.field.domain", lang): board["domain_name"],
            t("pilots.field.cities", lang): board["city_names"],
            t("pilots.field.latest_date", lang): board["latest_date"],
            t("pilots.field.latest", lang): board["latest_text"],
            t("pilots.field.target", lang): board["target"],
            t("pilots.field.progress", lang): board["progress"],
            t("pilots.field.sources", lang): board["sources"].map(lambda x: publishers(x, lang)),
        }
    )


def _counts(codes: pd.Series, order: list[str], names: pd.Series) -> pd.DataFrame:
    counts = codes.value_counts()
    return pd.DataFrame(
        {
            "code": order,
            "name": [names.get(c, c) for c in order],
            "n": [int(counts.get(c, 0)) for c in order],
        }
    )


def status_counts(pilots: pd.DataFrame, terms: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per status on the scale (zeros included): code, name, n pilots."""
    return _counts(pilots["status"], status_order(terms), term_names(terms, "status", lang))


def domain_counts(pilots: pd.DataFrame, terms: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per domain (zeros included): code, name, n pilots."""
    return _counts(pilots["domain"], domain_order(terms), term_names(terms, "domain", lang))


def city_counts(
    pilots: pd.DataFrame, geo: pd.DataFrame, lang: str, selected: Sequence[str] = ()
) -> pd.DataFrame:
    """One row per GBA city (kind "city", adcode order): how many of `pilots` involve it.

    Columns: geo_id, name, n_pilots, pilots (their names, joined), selected (in the city filter).
    Pass the pilots filtered by status and domain but not by city, so that the map that sets
    the city filter still shows every city.
    """
    cities = gba_cities(geo, lang)
    names = localized(pilots, "name", lang) if not pilots.empty else pd.Series(dtype=str)
    involved: dict[str, list[str]] = {c: [] for c in cities["geo_id"]}
    for ids, name in zip(pilots.get("cities", pd.Series(dtype=object)), names, strict=True):
        for geo_id in dict.fromkeys(items_of(ids)):
            if geo_id in involved:
                involved[geo_id].append(text_of(name))
    sep = t("pilots.list_sep", lang)
    return pd.DataFrame(
        {
            "geo_id": cities["geo_id"],
            "name": cities["name"],
            "n_pilots": [len(involved[c]) for c in cities["geo_id"]],
            "pilots": [sep.join(involved[c]) for c in cities["geo_id"]],
            "selected": cities["geo_id"].isin(list(selected)),
            "lat": cities["lat"],
            "lon": cities["lon"],
        }
    )


def city_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The map's data as a table (one row per city) with translated headers."""
    return pd.DataFrame(
        {
            t("pilots.field.city", lang): counts["name"],
            t("pilots.field.n_pilots", lang): counts["n_pilots"].astype(int),
            t("pilots.field.pilots", lang): counts["pilots"],
        }
    )
