"""Which data release a run shows: `?release=<id>` pins a link to one, and the shell says so.

A link without `release` shows the latest data; the share link names the release it shows, so
a memo's link opens the same values later. Data a serving process built ahead of the release
log (no steward has recorded them) are *unreleased*: shown as the latest, labelled so, and never
pinned (a link cannot name what no release holds). A pinned run reads that release's values
everywhere (`ui.data.pin`) and starts with a notice: the release, its date, how many values
changed since, the changes one click away, and a link to the latest. An unknown or malformed
release falls back to the latest with a warning. Like `lang`, the choice stays with the reader
across pages; `?release=latest` returns to the latest.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from gba_dash import db
from gba_dash.i18n import t
from gba_dash.params import Param
from gba_dash.safe_text import md_escape
from gba_dash.shaping import releases as shaping
from gba_dash.shaping.common import localized, to_csv_bytes
from gba_dash.ui import data, urlstate

KEY = "release"
LATEST = "latest"
#: Changes listed in the notice and per release on the Sources page (all are in the CSV).
SHOWN_CHANGES = 50


@dataclass(frozen=True)
class Shown:
    """The release a run shows: its id and date ("" when none is recorded), whether it is
    pinned (older than the latest), its ordinal, and how many unreleased changes the latest
    data hold beyond it (never when pinned)."""

    release_id: str = ""
    released_at: str = ""
    ordinal: int | None = None
    pinned: bool = False
    unreleased: int = 0


def _param(ids: list[str]) -> Param:
    def parse(raw: str) -> str | None:
        value = raw.strip()
        if value in ("", LATEST):
            return ""
        return value if value in ids else None

    return Param(KEY, parse, str, "")


def releases() -> pd.DataFrame:
    """Every release, oldest first (empty when the database is unavailable)."""
    try:
        return data.latest_query("get_releases")
    except db.DatabaseUnavailable:
        return pd.DataFrame(columns=["ordinal", "release_id", "released_at"])


def _known() -> tuple[tuple[Shown, ...], int]:
    """Every release as values, oldest first, and the unreleased changes the latest data hold:
    shared per database build (`data.memo`), since every run of every page reads them (a
    query's copy and a row lookup cost ~1 ms a run)."""
    known = tuple(
        Shown(str(r["release_id"]), str(r["released_at"]), int(r["ordinal"]))
        for r in releases().to_dict("records")
    )
    manifest = data.latest_query("get_manifest")
    values = dict(zip(manifest["key"], manifest["value"], strict=True))
    return known, int(values.get("unreleased") or 0)


def resolve(lang: str) -> Shown:
    """Read `release` from the URL (or the session), pin this run to it, and say what it is."""
    data.pin(None)
    try:
        known, unreleased = data.memo(_known)
    except db.DatabaseUnavailable:
        known, unreleased = (), 0
    if not known:
        return Shown(unreleased=unreleased)
    latest = known[-1]
    by_id = {r.release_id: r for r in known}

    def warn() -> None:
        st.warning(t("releases.unknown", lang, release=latest.release_id), icon="⚠️")

    urlstate.seed(_param(list(by_id)), lang, sticky=True, warn=warn)
    chosen = st.session_state.get(KEY) or ""
    if chosen not in by_id:
        st.session_state[KEY] = chosen = ""
    row = by_id.get(chosen, latest)
    if not chosen or (row.release_id == latest.release_id and not unreleased):
        return dataclasses.replace(latest, unreleased=unreleased)
    # The latest release, when the data hold changes after it, is pinned like an older one.
    data.pin(row.ordinal)
    return Shown(row.release_id, row.released_at, row.ordinal, pinned=True)


def label(release_id: str, unreleased: int, lang: str) -> str:
    """The release a view shows, as a citation or an export names it: its id, and the
    unreleased changes beyond it when there are any."""
    if unreleased and release_id:
        return t("releases.unreleased_label", lang, release=release_id, n=unreleased)
    return release_id


def released_at(release_id: str) -> str:
    """When release `release_id` was made (ISO), or "" when it is not held."""
    known = releases()
    match = known[known["release_id"] == release_id]
    return str(match["released_at"].iloc[0]) if len(match) else ""


def write_url(shown: Shown) -> None:
    """Keep `release` in the URL while a release is pinned (dropped for the latest)."""
    urlstate.write(_param([shown.release_id]), shown.release_id if shown.pinned else "")


def link_pairs(shown: Shown, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A view's query pairs with `release` naming the release shown (for share links); none
    when the data shown are unreleased (no release holds them)."""
    rest = [(k, v) for k, v in pairs if k != KEY]
    return [*rest, (KEY, shown.release_id)] if shown.release_id and not shown.unreleased else rest


def change_names(lang: str) -> dict[str, str]:
    """Cluster, indicator and place ids → names in `lang`, for the change lines."""
    names: dict[str, str] = {}
    for query, id_col in (
        ("get_clusters", "cluster_id"),
        ("get_indicators", "indicator_id"),
        ("get_geo", "geo_id"),
    ):
        rows = data.latest_query(query)
        names.update(zip(rows[id_col], localized(rows, "name", lang), strict=True))
    return names


def notice(shown: Shown, lang: str) -> None:
    """For a pinned run: the release shown, what changed since, and a link to the latest."""
    if not shown.pinned:
        return
    count, listed = data.memo(_since, shown.ordinal, lang)
    date = shaping.release_date(shown.released_at, lang)
    latest_link = "?" + urlencode(
        [*((k, v) for k, v in urlstate.query_pairs() if k != KEY), (KEY, LATEST)], safe=",."
    )
    st.info(
        t("releases.notice", lang, release=shown.release_id, date=date, count=count)
        + f" [{t('releases.notice_latest', lang)}]({latest_link})",
        icon="🕰️",
    )
    if count:
        with st.expander(t("releases.notice_show", lang, release=shown.release_id)):
            st.markdown(listed)


def _since(ordinal: int, lang: str) -> tuple[int, str]:
    """How many rows changed after release `ordinal`, and their list in words: computed once
    per release and language, shared (every reader of a pinned link would redo the pandas)."""
    changes = data.latest_query("get_release_changes", ordinal)
    return len(changes), _change_list(changes, lang) if len(changes) else ""


def _change_list(changes: pd.DataFrame, lang: str) -> str:
    names = change_names(lang)
    records = changes.to_dict("records")
    # A change line names data (cluster names as published, ids): shown as text, never Markdown.
    lines = [f"- {md_escape(shaping.change_line(c, lang, names))}" for c in records[:SHOWN_CHANGES]]
    if len(records) > SHOWN_CHANGES:
        lines.append(t("releases.more", lang, n=len(records) - SHOWN_CHANGES))
    return "\n".join(lines)


def _release_lists(lang: str) -> tuple[tuple[str, str, bool], ...]:
    """Per release, newest first: its summary, its changes in words, whether it is the latest.
    Computed once per database build and language, shared by every reader of the page."""
    known = releases()
    changes = data.latest_query("get_release_changes", 0)
    latest = known["ordinal"].max()
    shown = []
    pending = changes[changes["ordinal"] > latest]
    if len(pending):
        last = str(known["release_id"].iloc[-1])
        heading = t("releases.unreleased_heading", lang, release=last, n=len(pending))
        shown.append((heading, _change_list(pending, lang), True))
    for release in reversed(known.to_dict("records")):
        if release["ordinal"] == 1:
            text = t("releases.first", lang, rows=int(release["added"]))
        else:
            text = _change_list(changes[changes["ordinal"] == release["ordinal"]], lang)
        expanded = release["ordinal"] == latest and not len(pending)
        shown.append((shaping.release_summary(release, lang), text, expanded))
    return tuple(shown)


def _changes_csv(changes: pd.DataFrame, lang: str) -> bytes:
    """Every change as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese; cells
    that would run as formulas made inert, like every other download)."""
    return to_csv_bytes(shaping.change_table(changes, lang, change_names(lang)))


def changes_section(lang: str) -> None:
    """The Sources page's "What changed": each release, newest first, with its changes."""
    st.subheader(t("releases.heading", lang))
    st.caption(t("releases.intro", lang))
    known = releases()
    if known.empty:
        st.caption(t("releases.none", lang))
        return
    for label, text, expanded in data.memo(_release_lists, lang):
        with st.expander(label, expanded=expanded):
            st.markdown(text)
    changes = data.latest_query("get_release_changes", 0)
    st.download_button(
        t("releases.download", lang),
        data=functools.partial(_changes_csv, changes, lang),
        file_name="gba-dash-release-changes.csv",
        mime="text/csv",
        on_click="ignore",
        key="dl_release_changes",
    )
