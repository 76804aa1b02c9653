"""Views for the pilots page: filters, the status board, milestones, targets, pilots per city.

Inputs are the frames of `queries.get_pilots` (v_pilots), `get_pilot_events` (v_pilot_events),
`get_terms`, `get_geo` and `get_sources`. Codes (status, domain, geo_id) stay codes; every
display column is in the reader's language. No Streamlit, no SQL, no file I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import pandas as pd

from gba_dash.i18n import format_date, format_number, t
from gba_dash.i18n.dates import parse_partial_date
from gba_dash.schema import DOMAINS, STATUSES
from gba_dash.views.common import lang_col, localized, qualified_text

#: Units too generic to tell whether a progress figure counts the same thing as its target.
GENERIC_UNITS = ("count",)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~:$])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))", re.MULTILINE)


# --- small helpers -------------------------------------------------------------------------


def _text(value: object) -> str:
    """A cell as text: missing values (None, NaN, pd.NA) become ""."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # arrays and lists are not missing
        pass
    return str(value)


def _items(value: object) -> list[str]:
    """A list cell (DuckDB VARCHAR[] → array/list) as a list of strings; missing → []."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    try:
        return [str(v) for v in value]  # type: ignore[union-attr]
    except TypeError:
        return []


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def md_escape(text: str) -> str:
    """`text` with Markdown syntax escaped, so data shows as typed in st.markdown and labels."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match) -> str:
    lead, mark = match.group(1), match.group(2)
    return lead + (mark + "\\" if mark[0].isdigit() else "\\" + mark)


def date_key(value: object) -> date | None:
    """The first day of an ISO date, month or year ("2024-05" → 2024-05-01); None if absent."""
    text = _text(value).strip()
    if not text:
        return None
    try:
        return parse_partial_date(text)[0]
    except ValueError:
        return None


def date_text(value: object, lang: str) -> str:
    """A partial ISO date in the reader's language, no finer than it is ("2024-05" → May 2024)."""
    text = _text(value).strip()
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


# --- filters --------------------------------------------------------------------------------


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
        keep &= pilots["cities"].map(lambda v: bool(wanted & set(_items(v))))
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


# --- milestones -----------------------------------------------------------------------------


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


# --- the board ------------------------------------------------------------------------------

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
    for source_id in _items(source_ids):
        if source_id not in by_id.index:
            links.append((source_id, ""))
            continue
        row = by_id.loc[source_id]
        url = _text(row.get("url")) or _text(row.get("retrieved_from"))
        if not url.lower().startswith(("https://", "http://")):
            url = ""
        links.append((_text(row.get("publisher")) or source_id, url))
    return links


def _event_text(event: pd.Series | None, lang: str) -> str:
    if event is None:
        return ""
    return _text(event[lang_col("text", lang)]) or _text(event["text_en"])


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
        ids = _items(pilot.cities)
        rows.append(
            {
                "pilot_id": pilot.pilot_id,
                "name": _text(name),
                "status": pilot.status,
                "status_name": statuses.get(pilot.status, pilot.status),
                "domain": pilot.domain,
                "domain_name": domains.get(pilot.domain, pilot.domain),
                "cities": ids,
                "city_names": sep.join(names.get(c, c) for c in ids),
                "lead_bodies": _text(lead),
                "latest_date": date_text(last["date"], lang) if last is not None else "",
                "latest_day": last["day"] if last is not None else None,
                "latest_text": _event_text(last, lang),
                "target": _text(target),
                "progress": _text(progress),
                "sources": source_links(pilot.source_ids, sources),
                "confidence": _text(pilot.confidence),
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


# --- the map --------------------------------------------------------------------------------


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
        for geo_id in dict.fromkeys(_items(ids)):
            if geo_id in involved:
                involved[geo_id].append(_text(name))
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


# --- the timeline ---------------------------------------------------------------------------


def timeline(
    events: pd.DataFrame,
    pilots: pd.DataFrame,
    terms: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    focus: str = "",
) -> pd.DataFrame:
    """One row per dated milestone of the given pilots, for the timeline chart.

    Columns: pilot_id, pilot (name), date (ISO day, the first day of a month or year given
    alone), date_text (as precise as the source), status (the status the pilot is in after the
    milestone: its own status_after, else the last one before it, else "announced"),
    status_name, changed (the milestone set a status), text, note, source (publishers), focus.
    """
    columns = [
        "pilot_id",
        "pilot",
        "date",
        "date_text",
        "status",
        "status_name",
        "changed",
        "text",
        "note",
        "source",
        "focus",
    ]
    shown = set(pilots["pilot_id"])
    dated = dated_events(events[events["pilot_id"].isin(shown)])
    if dated.empty:
        return pd.DataFrame(columns=columns)
    names = dict(zip(pilots["pilot_id"], localized(pilots, "name", lang), strict=True))
    statuses = term_names(terms, "status", lang)
    after = dated["status_after"].where(dated["status_after"].notna(), None)
    status = after.groupby(dated["pilot_id"]).ffill().fillna("announced")
    out = pd.DataFrame(
        {
            "pilot_id": dated["pilot_id"],
            "pilot": dated["pilot_id"].map(names),
            "date": dated["day"].map(date.isoformat),
            "date_text": dated["date"].map(lambda d: date_text(d, lang)),
            "status": status,
            "status_name": status.map(lambda s: statuses.get(s, s)),
            "changed": after.notna(),
            "text": localized(dated, "text", lang).map(_text),
            "note": localized(dated, "note", lang).map(_text),
            "source": dated["source_ids"].map(
                lambda ids: publishers(source_links(ids, sources), lang)
            ),
            "focus": dated["pilot_id"] == focus,
        }
    )
    return out.reset_index(drop=True)


def lane_order(board: pd.DataFrame) -> list[str]:
    """Lane labels (pilot names) top to bottom: the board's order."""
    return list(dict.fromkeys(board["name"]))


def timeline_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The timeline's data (one row per milestone) with translated headers."""
    return pd.DataFrame(
        {
            t("pilots.field.pilot", lang): frame["pilot"],
            t("pilots.field.date", lang): frame["date_text"],
            t("pilots.field.status_after", lang): frame["status_name"],
            t("pilots.field.milestone", lang): frame["text"],
            t("pilots.field.note", lang): frame["note"],
            t("pilots.field.sources", lang): frame["source"],
        }
    )


# --- targets --------------------------------------------------------------------------------


def _comparable(target_unit: str, progress_unit: str) -> bool:
    return bool(target_unit) and target_unit == progress_unit and target_unit not in GENERIC_UNITS


def targets(pilots: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per pilot with a numeric target: the target and, if comparable, its progress.

    Progress is compared with the target only when both are in the same specific unit (not the
    generic "count", which cannot tell hospitals from patient visits). Columns: pilot_id, pilot,
    status, target_value, target_text (with qualifier, unit and date), progress_value (NaN when
    not comparable), progress_text, share (progress as % of target, NaN when not comparable),
    comparable, label (what the chart writes beside the bar).
    """
    columns = [
        "pilot_id",
        "pilot",
        "status",
        "target_value",
        "target_text",
        "progress_value",
        "progress_text",
        "share",
        "comparable",
        "label",
    ]
    if pilots.empty:
        return pd.DataFrame(columns=columns)
    names = localized(pilots, "name", lang)
    rows = []
    for pilot, name in zip(pilots.itertuples(index=False), names, strict=True):
        target_value = _number(pilot.target_value)
        if target_value is None or target_value <= 0:
            continue
        target_unit = _text(pilot.target_unit) or "count"
        # "target" as a qualifier would say "target" twice beside the word Target
        target_qualifier = _text(pilot.target_qualifier) or "exact"
        if target_qualifier == "target":
            target_qualifier = "exact"
        target_text = qualified_text(target_value, target_qualifier, target_unit, lang)
        if _text(pilot.target_date):
            target_text = t(
                "pilots.by_date", lang, value=target_text, date=date_text(pilot.target_date, lang)
            )
        progress_value = _number(pilot.progress_value)
        progress_unit = _text(pilot.progress_unit) or "count"
        comparable = progress_value is not None and _comparable(target_unit, progress_unit)
        progress_text = ""
        if progress_value is not None:
            progress_text = qualified_text(
                progress_value, _text(pilot.progress_qualifier) or "exact", progress_unit, lang
            )
            if _text(pilot.progress_date):
                progress_text = t(
                    "pilots.as_of_date",
                    lang,
                    value=progress_text,
                    date=date_text(pilot.progress_date, lang),
                )
        share = progress_value / target_value * 100 if comparable else math.nan
        if comparable:
            label = t("pilots.progress_of_target", lang, progress=progress_text, target=target_text)
        elif progress_value is not None:
            label = t(
                "pilots.progress_other_unit", lang, target=target_text, progress=progress_text
            )
        else:
            label = t("pilots.progress_none", lang, target=target_text)
        rows.append(
            {
                "pilot_id": pilot.pilot_id,
                "pilot": _text(name),
                "status": pilot.status,
                "target_value": target_value,
                "target_text": target_text,
                "progress_value": progress_value if comparable else math.nan,
                "progress_text": progress_text,
                "share": share,
                "comparable": comparable,
                "label": label,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def targets_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The targets chart's data (one row per pilot with a numeric target), translated headers."""
    return pd.DataFrame(
        {
            t("pilots.field.pilot", lang): frame["pilot"],
            t("pilots.field.target", lang): frame["target_text"],
            t("pilots.field.progress", lang): frame["progress_text"],
            t("pilots.field.share", lang): frame["share"].round(1),
        }
    )


def unquantified_targets(pilots: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per pilot whose target has words but no number: pilot and target texts."""
    if pilots.empty:
        return pd.DataFrame(columns=[t("pilots.field.pilot", lang), t("pilots.field.target", lang)])
    texts = localized(pilots, "target", lang).map(_text)
    values = pd.to_numeric(pilots["target_value"], errors="coerce")
    keep = (texts != "") & ~(values > 0)
    return pd.DataFrame(
        {
            t("pilots.field.pilot", lang): localized(pilots, "name", lang)[keep].to_numpy(),
            t("pilots.field.target", lang): texts[keep].to_numpy(),
        }
    )


# --- page helpers ---------------------------------------------------------------------------


def pilot_names(pilots: pd.DataFrame, lang: str) -> dict[str, str]:
    """pilot_id → name in the reader's language, in the frame's order."""
    return dict(zip(pilots["pilot_id"], localized(pilots, "name", lang).map(_text), strict=True))


def n_sources(pilots: pd.DataFrame, events: pd.DataFrame) -> int:
    """How many distinct documents the given pilots and their milestones cite."""
    shown = set(pilots["pilot_id"])
    ids: set[str] = set()
    for value in pilots["source_ids"]:
        ids.update(_items(value))
    for value in events.loc[events["pilot_id"].isin(shown), "source_ids"]:
        ids.update(_items(value))
    return len(ids)


def undated_count(events: pd.DataFrame, pilots: pd.DataFrame) -> int:
    """How many milestones of the given pilots have no usable date (not drawn on the timeline)."""
    mine = events[events["pilot_id"].isin(set(pilots["pilot_id"]))]
    return int(mine["date"].map(date_key).isna().sum())


# --- one-sentence summaries (chart alt text) ------------------------------------------------


def timeline_summary(frame: pd.DataFrame, lang: str) -> str:
    """The timeline in one sentence: how many milestones and pilots, the span, the latest one."""
    if frame.empty:
        return t("ui.no_data", lang)
    latest = frame.sort_values("date", kind="stable").iloc[-1]
    return t(
        "pilots.timeline_alt",
        lang,
        n=len(frame),
        p=frame["pilot_id"].nunique(),
        start=format_date(frame["date"].min(), lang, "month"),
        end=format_date(frame["date"].max(), lang, "month"),
        pilot=latest["pilot"],
        date=latest["date_text"],
    )


def targets_summary(frame: pd.DataFrame, lang: str) -> str:
    """The targets chart in one sentence: how many targets, how many with comparable progress."""
    if frame.empty:
        return t("ui.no_data", lang)
    comparable = frame[frame["comparable"]]
    if comparable.empty:
        return t("pilots.targets_alt_none", lang, n=len(frame))
    best = comparable.sort_values("share", ascending=False, kind="stable").iloc[0]
    return t(
        "pilots.targets_alt",
        lang,
        n=len(frame),
        m=len(comparable),
        pilot=best["pilot"],
        share=format_number(best["share"], lang, "percent", decimals=0),
    )


def map_summary(counts: pd.DataFrame, lang: str) -> str:
    """The map in one sentence: the city in most pilots, how many cities are in none."""
    if counts.empty or counts["n_pilots"].max() == 0:
        return t("ui.no_data", lang)
    top = counts.sort_values("n_pilots", ascending=False, kind="stable").iloc[0]
    return t(
        "pilots.map_alt",
        lang,
        top=top["name"],
        n=int(top["n_pilots"]),
        zero=int((counts["n_pilots"] == 0).sum()),
        total=len(counts),
    )
