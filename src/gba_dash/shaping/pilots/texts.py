"""One-sentence summaries (text alternatives) of the pilots charts."""

from __future__ import annotations

import pandas as pd

from gba_dash.i18n import format_date, format_number, t


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
