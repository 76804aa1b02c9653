"""Data releases as a reader sees them: what changed, in words, and how a release is named.

Inputs are `queries.get_releases` (one row per release) and `queries.get_release_changes` (one
row per changed row). Values are shown as the log holds them (a rank, a value with its
qualifier, a source id): the change list is a record of edits, not a chart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from gba_dash.i18n import t
from gba_dash.i18n.dates import format_date
from gba_dash.shaping.common import qualifier_name


def release_date(released_at: str, lang: str) -> str:
    """The day a release was made, in the reader's language ("" for unreleased changes)."""
    return format_date(str(released_at)[:10], lang) if released_at else ""


def _row(text: object) -> dict:
    return json.loads(text) if isinstance(text, str) and text else {}


def _value_text(row: Mapping, lang: str) -> str:
    value = row.get("value")
    if value is None:
        return "—"
    qualifier = row.get("qualifier") or ""
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    if not qualifier or qualifier == "exact":
        return shown
    return t("releases.qualified", lang, value=shown, qualifier=qualifier_name(qualifier, lang))


def change_line(change: Mapping, lang: str, names: Mapping[str, str] | None = None) -> str:
    """One changed row in words: what it is, what happened to it, and its source.

    "GII 2025 rank of Shenzhen–Hong Kong–Guangzhou: 2 → 1 (source wipo_gii_2025)";
    "Observation rd_intensity · guangdong 2023: added, 3.6 (source …)".
    `names` maps ids (clusters, indicators, places) to names in the reader's language.
    """
    names = names or {}
    table, kind = change["table_name"], change["change"]
    before, after = _row(change.get("before_json")), _row(change.get("after_json"))
    row = after or before
    source = str(change.get("source_ids") or "").replace(";", ", ")
    if table == "cluster_ranks":
        subject = t(
            "releases.subject.rank",
            lang,
            edition=row.get("edition"),
            cluster=names.get(str(row.get("cluster_id")), row.get("name_published")),
        )
        old, new = before.get("rank"), after.get("rank")
    elif table == "observations":
        subject = t(
            "releases.subject.observation",
            lang,
            indicator=names.get(str(row.get("indicator_id")), row.get("indicator_id")),
            place=names.get(str(row.get("geo_id")), row.get("geo_id")),
            year=row.get("year"),
        )
        old, new = _value_text(before, lang), _value_text(after, lang)
    else:
        subject = t(
            "releases.subject.row",
            lang,
            table=t(f"releases.table.{table}", lang),
            key=change["key_text"],
        )
        old = new = None
    if kind == "revised" and old is not None and old != new:
        what = t("releases.change.revised_value", lang, old=old, new=new)
    elif kind == "revised":
        fields = str(change.get("fields") or "").replace(",", ", ")
        what = t("releases.change.revised_fields", lang, fields=fields)
    elif kind == "added" and new is not None:
        what = t("releases.change.added_value", lang, new=new)
    else:
        what = t(f"releases.change.{kind}", lang)
    line = t("releases.line", lang, subject=subject, change=what)
    return t("releases.line_source", lang, line=line, source=source) if source else line


def change_table(changes: pd.DataFrame, lang: str, names: Mapping[str, str]) -> pd.DataFrame:
    """One row per changed row, newest release first: release, date, table, key, change,
    fields, description (the change in words), before, after — as the Sources page lists and
    downloads them."""
    return pd.DataFrame(
        {
            t("releases.col.release", lang): [
                r or t("releases.unreleased_release", lang) for r in changes["release_id"]
            ],
            t("releases.col.date", lang): [release_date(d, lang) for d in changes["released_at"]],
            t("releases.col.table", lang): changes["table_name"],
            t("releases.col.key", lang): changes["key_text"],
            t("releases.col.change", lang): [
                t(f"releases.change.{c}", lang) for c in changes["change"]
            ],
            t("releases.col.fields", lang): changes["fields"],
            t("releases.col.description", lang): [
                change_line(c, lang, names) for c in changes.to_dict("records")
            ],
            t("releases.col.before", lang): changes["before_json"],
            t("releases.col.after", lang): changes["after_json"],
        }
    )


def release_summary(release: Mapping, lang: str) -> str:
    """ "Release 2026-12-03-87460e · 3 Dec 2026 · 1 added, 0 removed, 2 revised"."""
    return t(
        "releases.summary",
        lang,
        release=release["release_id"],
        date=release_date(release["released_at"], lang),
        added=int(release["added"]),
        removed=int(release["removed"]),
        revised=int(release["revised"]),
    )
