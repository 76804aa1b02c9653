"""The shell around every page: language, presentation mode, navigation, share link.

`app.py` calls `setup()` first, registers the pages, calls `sidebar()`, runs the page, then
`finish()`. Pages call `current()` to learn the language and mode of this run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import threading
import time
from collections.abc import Iterator

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from gba_dash import db, embeds, schema
from gba_dash.i18n import DEFAULT_LANG, LANGS, parse_lang, resolve_lang, t
from gba_dash.params import Param, flag_param
from gba_dash.ui import data, deck, memo, release, style, urlstate
from gba_dash.ui.run import Run

#: The share link's text field (its value is the current view's link, set every run).
SHARE_KEY = "share_link"

PAGE_ICONS = {
    "overview": ":material/dashboard:",
    "clusters": ":material/leaderboard:",
    "hightech": ":material/trending_up:",
    "pilots": ":material/swap_horiz:",
    "sources": ":material/menu_book:",
}
PRESENT = flag_param("present")
#: `?only=<chart id>`: the chart-only view an embed frames (`gba_dash.embeds`).
ONLY = Param("only", embeds.parse_chart_id, str, "")
# What the script run in progress knows (each run has its own thread): set by `setup`.
_active = threading.local()

#: How many script runs may compute at once in this process (GBA_DASH_MAX_RUNS, default 2).
MAX_RUNS = max(1, int(os.environ.get("GBA_DASH_MAX_RUNS", "2") or 2))
#: How long a run waits for a slot before the reader is told the dashboard is busy.
RUN_SLOT_TIMEOUT = 10.0
#: How soon a busy reader's page tries again.
BUSY_RETRY_SECONDS = 3.0
_run_slots = threading.BoundedSemaphore(MAX_RUNS)


@contextlib.contextmanager
def run_slot() -> Iterator[bool]:
    """Admit a bounded number of script runs at a time; yields whether this run was admitted.

    Streamlit starts every session's run at once; when 300 people open a shared link, 300 runs
    share the CPU and nearly all finish at the end (bench/RESULTS.md: overview burst p95 12.8 s
    with all runs at once, 1.9 s when they were admitted one at a time on the same CPU). A run
    not admitted within `RUN_SLOT_TIMEOUT` does not compute at all: it says so (`busy`) and
    tries again, so a stuck or flooded server never runs an unbounded number of pages at once.
    """
    acquired = _run_slots.acquire(timeout=RUN_SLOT_TIMEOUT)
    try:
        yield acquired
    finally:
        if acquired:
            _run_slots.release()


def busy() -> None:
    """What a reader sees when no run slot freed up in time: a message in their language, and
    the page trying again in a few seconds (nothing else is computed)."""
    held = st.session_state.get("lang")
    lang = held if held in LANGS else parse_lang(st.query_params.get("lang")) or browser_lang()
    st.info(t("ui.busy", lang), icon="⏳")
    st.session_state[_BUSY_SINCE] = time.monotonic()
    _retry_when_free()


_BUSY_SINCE = "_gba_busy_since"


@st.fragment(run_every=BUSY_RETRY_SECONDS)
def _retry_when_free() -> None:
    # Drawn with the message; each later tick (a fragment run, no page work) reruns the app,
    # which waits for a slot again.
    if time.monotonic() - st.session_state.get(_BUSY_SINCE, 0.0) >= BUSY_RETRY_SECONDS / 2:
        st.rerun(scope="app")


def browser_lang() -> str:
    """The language the reader's browser asks for (zh-HK/TW/MO → zh-Hant, zh → zh-Hans)."""
    try:
        locale = st.context.locale
    except (AttributeError, RuntimeError):  # outside a browser session (bare script run)
        locale = None
    return resolve_lang(locale)


def _lang_param(default: str) -> Param:
    return Param("lang", parse_lang, str, default)


def setup() -> Run:
    """Page config, language and mode from the URL, database freshness. Call first."""
    urlstate.start_run()
    default = browser_lang()
    lang_param = _lang_param(default)
    urlstate.seed(lang_param, default, sticky=True)
    if st.session_state.get("lang") not in LANGS:
        st.session_state["lang"] = default
    lang = st.session_state["lang"]
    urlstate.seed(PRESENT, lang, sticky=True)
    present = bool(st.session_state.get("present"))
    # One call, once the language is known: each call is a message to the browser on every run.
    st.set_page_config(page_title=t("app.title", lang), layout="wide", page_icon="📊")
    state = data.ensure_fresh()
    shown = release.resolve(lang) if state.state != "missing" else release.Shown()
    only = "" if present else urlstate.read(ONLY, lang)
    run = Run(
        lang,
        present,
        state.state,
        release=shown.release_id,
        pinned=shown.pinned,
        unreleased=shown.unreleased,
        only=only,
    )
    _active.run = run
    if present:
        deck.start(run)
    release.notice(shown, lang)
    return run


def current() -> Run:
    """What this run knows; reruns through app.py when a page was started without it."""
    run = getattr(_active, "run", None)
    if isinstance(run, Run):
        return run
    # Streamlit runs a file of a `pages/` folder on its own (its older multipage mode) until the
    # first st.navigation call of the process — e.g. a deep link that is the first visit after a
    # restart, or an AppTest rerun. The shell never ran: switch that mode off and rerun app.py.
    PagesManager.uses_pages_directory = False
    st.rerun()
    return Run(DEFAULT_LANG, False, "fresh")  # not reached: st.rerun() raises


def pages(run: Run) -> list:
    """The registered pages with translated titles; overview is the default."""
    return [
        st.Page(
            f"pages/{name}.py",
            title=t(f"page.{name}", run.lang),
            icon=PAGE_ICONS[name],
            url_path=name,
            default=name == "overview",
        )
        for name in schema.PAGES
    ]


def sidebar(run: Run) -> None:
    """Language switch and the share-link slot (filled by `finish`)."""
    with st.sidebar:
        # One label in all three scripts: it stays findable whatever the page's language, and a
        # label that changed with the language would give the widget a new identity (and reset it).
        st.segmented_control(
            " · ".join(dict.fromkeys(t("ui.language", code) for code in LANGS)),
            options=list(LANGS),
            format_func=lambda code: t(f"lang.{code}", code),
            key="lang",
            selection_mode="single",
            required=True,
        )
        # A container filled by `finish` (one message a run; `st.empty()` filled later is two).
        st.session_state["_gba_share_slot"] = st.container()
        memo.panel(run)
        # Last in the sidebar, where its element's room is not seen (the rules apply to the
        # whole page, presentation mode's hidden sidebar included).
        style.draw(run.lang, run.present, embedded=bool(run.only))


def finish(run: Run) -> None:
    """Write global codes to the URL and show the full link of the current view."""
    lang = st.session_state.get("lang", run.lang)
    urlstate.write(_lang_param(run.lang), lang, always=True)
    urlstate.write(PRESENT, run.present)
    release.write_url(release.Shown(run.release, pinned=run.pinned))
    deck.controls(run)
    slot = st.session_state.pop("_gba_share_slot", None)
    if slot is None or run.present or run.only:
        return
    shown = release.Shown(run.release, unreleased=run.unreleased)
    link = urlstate.link(release.link_pairs(shown, urlstate.query_pairs()))
    with slot:
        # A text field, not `st.code`: a code block makes every page load Streamlit's 1.5 MB
        # syntax highlighter, ~200 ms of a pinned browser core before the first chart is drawn
        # (bench/RESULTS.md). Its value is set on every run, so whatever a reader typed into it
        # is replaced by the link of the view shown.
        st.session_state[SHARE_KEY] = link
        st.text_input(t("ui.share_link", lang), key=SHARE_KEY)
        if run.unreleased:
            st.caption(t("releases.unreleased_note", lang, n=run.unreleased))
        else:
            st.caption(t("ui.share_link_help", lang))


def show_database_problem(run: Run, exc: Exception | None = None) -> None:
    """A translated message with what to do, instead of a traceback."""
    del exc  # details go to the server log, not the browser
    st.error(t("error.db_unavailable", run.lang), icon="🛑")


def run_page(run: Run, page) -> None:
    """Run the selected page (in a deck, the slide's page: `deck.align`); a database failure
    becomes a message, not a traceback."""
    try:
        name = page.url_path or "overview"
        deck.align(run, name)
        _active.run = dataclasses.replace(run, page=name)
        if run.db_state == "missing":
            show_database_problem(run)
            return
        page.run()
    except db.DatabaseUnavailable as exc:
        show_database_problem(run, exc)
    finally:
        _active.run = None
