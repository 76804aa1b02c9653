"""Targets and progress where both are numbers in one unit; targets without a number."""

from __future__ import annotations

import math

import pandas as pd

from gba_dash.i18n import t
from gba_dash.shaping.common import localized, qualified_text
from gba_dash.shaping.pilots.basics import (
    GENERIC_UNITS,
    date_key,
    date_text,
    items_of,
    number_of,
    text_of,
)


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
        target_value = number_of(pilot.target_value)
        if target_value is None or target_value <= 0:
            continue
        target_unit = text_of(pilot.target_unit) or "count"
        # "target" as a qualifier would say "target" twice beside the word Target
        target_qualifier = text_of(pilot.target_qualifier) or "exact"
        if target_qualifier == "target":
            target_qualifier = "exact"
        elif target_qualifier == "target_lower_bound":
            target_qualifier = "at_least"
        target_text = qualified_text(target_value, target_qualifier, target_unit, lang)
        if text_of(pilot.target_date):
            target_text = t(
                "pilots.by_date", lang, value=target_text, date=date_text(pilot.target_date, lang)
            )
        progress_value = number_of(pilot.progress_value)
        progress_unit = text_of(pilot.progress_unit) or "count"
        comparable = progress_value is not None and _comparable(target_unit, progress_unit)
        progress_text = ""
        if progress_value is not None:
            progress_text = qualified_text(
                progress_value, text_of(pilot.progress_qualifier) or "exact", progress_unit, lang
            )
            if text_of(pilot.progress_date):
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
                "pilot": text_of(name),
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
    texts = localized(pilots, "target", lang).map(text_of)
    values = pd.to_numeric(pilots["target_value"], errors="coerce")
    keep = (texts != "") & ~(values > 0)
    return pd.DataFrame(
        {
            t("pilots.field.pilot", lang): localized(pilots, "name", lang)[keep].to_numpy(),
            t("pilots.field.target", lang): texts[keep].to_numpy(),
        }
    )


def pilot_names(pilots: pd.DataFrame, lang: str) -> dict[str, str]:
    """pilot_id → name in the reader's language, in the frame's order."""
    return dict(zip(pilots["pilot_id"], localized(pilots, "name", lang).map(text_of), strict=True))


def n_sources(pilots: pd.DataFrame, events: pd.DataFrame) -> int:
    """How many distinct documents the given pilots and their milestones cite."""
    shown = set(pilots["pilot_id"])
    ids: set[str] = set()
    for value in pilots["source_ids"]:
        ids.update(items_of(value))
    for value in events.loc[events["pilot_id"].isin(shown), "source_ids"]:
        ids.update(items_of(value))
    return len(ids)


def undated_count(events: pd.DataFrame, pilots: pd.DataFrame) -> int:
    """How many milestones of the given pilots have no usable date (not drawn on the timeline)."""
    mine = events[events["pilot_id"].isin(set(pilots["pilot_id"]))]
    return int(mine["date"].map(date_key).isna().sum())
