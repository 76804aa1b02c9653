"""The milestone timeline: one row per dated milestone, in lanes by pilot."""

from __future__ import annotations

from datetime import date

import pandas as pd

from gba_dash.i18n import t
from gba_dash.shaping.common import localized
from gba_dash.shaping.pilots.basics import date_text, term_names, text_of
from gba_dash.shaping.pilots.board import dated_events, publishers, source_links


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
            "text": localized(dated, "text", lang).map(text_of),
            "note": localized(dated, "note", lang).map(text_of),
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
