"""Presentation decks: `?present=1&deck=<id>` steps through saved views with previous/next.

A deck is a TOML file `decks/<id>.toml` (`gba_dash.decks`: a title and a list of views, each a
deep link with a title in the three languages). In presentation
mode the shell calls `start` (reads `?deck=` and `?slide=`; a bad value warns and falls back) and
`finish` calls `controls`, which draws "◀ 3 / 7 · title ▶" at the top of the slide (arrow keys
work too) and moves to another view with `st.switch_page(page, query_params=…)`. Opening a deck
without `?slide=` starts at its first view.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from gba_dash import deck_files, slides
from gba_dash.decks import Deck, load_decks, view_params
from gba_dash.i18n import t
from gba_dash.params import Param, choice_param, flag_param, int_param
from gba_dash.safe_text import md_escape
from gba_dash.ui import chart_specs, data, urlstate

if TYPE_CHECKING:
    from gba_dash.ui.run import Run

#: `?notes=1`: the slide's speaker notes below it (read in a deck only).
NOTES = flag_param("notes")
_SLOT = "_gba_deck_slot"
_GOTO = "_gba_deck_goto"
_ALIGNED = "_gba_deck_aligned"
_WARN = "_gba_deck_warn"


def deck_param(decks: Mapping[str, Deck]) -> Param:
    """`?deck=<id>`: one of the decks' ids; absent or bad → no deck."""
    return choice_param("deck", sorted(decks), "")


def slide_param(deck: Deck) -> Param:
    """`?slide=<n>`: the position in the deck, 1 … number of views."""
    return int_param("slide", 1, len(deck.views), 1)


def go(deck: Deck, n: int, lang: str, *, present: bool = True) -> None:
    """Open view `n` of `deck` (stops this run; Streamlit reruns on that page)."""
    view = deck.views[n - 1]
    params = view_params(deck, n, lang, present=present)
    if present and st.session_state.get(NOTES.key):
        params["notes"] = "1"  # the notes stay open from slide to slide
    st.switch_page(f"pages/{view.page}.py", query_params=params)


def _ask(n: int, present: bool = True) -> None:
    """A button's callback: remember where to go (the move happens in the next run)."""
    st.session_state[_GOTO] = (n, present)


def _move(deck: Deck, lang: str) -> None:
    """Carry out a move a button asked for, if any (stops this run when there is one)."""
    move = st.session_state.pop(_GOTO, None)
    if move is None:
        return
    n, present = move
    if not 1 <= n <= len(deck.views):
        return
    try:
        go(deck, n, lang, present=present)
    except StreamlitPageNotFoundError:
        # Before st.navigation a fresh page registry may not know the pages yet (AppTest
        # builds one per run): try again in `controls`, after the navigation.
        st.session_state[_GOTO] = move


def start(run: Run) -> None:
    """Read `?deck=` and `?slide=` (bad values warn and fall back) and reserve the deck bar.

    Called by `ui.shell.setup` in presentation mode, before the page draws anything; a move
    asked for by a deck button is carried out here, before the old slide is drawn again.
    """
    st.session_state.pop(_SLOT, None)
    if not run.present:
        st.session_state.pop(_GOTO, None)
        return
    decks = load_decks()
    param = deck_param(decks)
    urlstate.seed(param, run.lang)
    deck = decks.get(st.session_state.get("deck") or "")
    if deck is None:
        st.session_state.pop(_GOTO, None)
        urlstate.write(param, "")  # drops a bad id from the URL (the warning is shown)
        return
    _move(deck, run.lang)
    bad: list[str] = []
    urlstate.seed(slide_param(deck), run.lang, warn=lambda: bad.append("slide"))
    urlstate.seed(NOTES, run.lang)
    if bad or st.session_state.get(_WARN):
        # said here, and again after a move to the slide's page (`align`): a move is a new run
        urlstate.warn_invalid("slide", run.lang)
        st.session_state[_WARN] = bool(bad)
    st.session_state[_SLOT] = st.container()


def align(run: Run, page: str) -> None:
    """Show the slide the link names: a deck link opened on another page (`/?…&slide=2` when
    slide 2 is on `/clusters`), or on its page without the view's keys, goes to the slide's
    view. Checked when the link's slide is new to the session, so a presenter's own change of
    a control on a slide stays. Called by the shell once the page is known, before it runs."""
    if not run.present:
        return
    deck = load_decks().get(st.session_state.get("deck") or "")
    if deck is None or "slide" not in st.query_params:
        st.session_state[_WARN] = False
        return
    n = min(max(int(st.session_state.get("slide", 1)), 1), len(deck.views))
    view = deck.views[n - 1]
    # the link as opened (before the page runs and drops values equal to its defaults)
    shown = {(key, value) for key in st.query_params for value in st.query_params.get_all(key)}
    opened = st.session_state.get(_ALIGNED)
    st.session_state[_ALIGNED] = (deck.id, n)
    wrong_page = page != view.page
    wrong_view = opened != (deck.id, n) and not set(view.query) <= set(shown)
    if wrong_page or wrong_view:
        go(deck, n, run.lang)  # a bad `slide` warned this run: `start` says it again there
    st.session_state[_WARN] = False


def controls(run: Run) -> None:
    """Previous/next buttons (← → keys), the position "3 / 7" and the view's title.

    Called by `ui.shell.finish`; does nothing outside a deck.
    """
    slot = st.session_state.pop(_SLOT, None)
    if slot is None or not run.present:
        return
    decks = load_decks()
    deck = decks.get(st.session_state.get("deck") or "")
    if deck is None:
        return
    lang = run.lang
    _move(deck, lang)
    urlstate.write(deck_param(decks), deck.id, always=True)
    if "slide" not in st.query_params:
        go(deck, 1, lang)  # a deck link without a position starts at the first view
    total = len(deck.views)
    n = min(max(int(st.session_state.get("slide", 1)), 1), total)
    urlstate.write(slide_param(deck), n, always=True)
    title = md_escape(deck.views[n - 1].title.get(lang, ""))
    with slot.container(horizontal=True, vertical_alignment="center"):
        with st.container(key="deck_title", width="stretch"):
            st.markdown(f"**{t('deck.position', lang, n=n, total=total)}** · {title}")
        st.button(
            t("deck.prev", lang),
            key="deck_prev",
            icon=":material/arrow_back:",
            shortcut="ArrowLeft",
            disabled=n <= 1,
            help=t("deck.keys_help", lang),
            on_click=_ask,
            args=(n - 1,),
        )
        st.button(
            t("deck.next", lang),
            key="deck_next",
            icon=":material/arrow_forward:",
            shortcut="ArrowRight",
            disabled=n >= total,
            help=t("deck.keys_help", lang),
            on_click=_ask,
            args=(n + 1,),
        )
        notes = bool(st.session_state.get(NOTES.key))
        # N (the page's script clicks it) or ?notes=1: the bar has no room for a button
        st.button(
            t("deck.notes.show", lang),
            key="deck_notes_toggle",
            help=t("deck.notes.help", lang),
            on_click=_toggle_notes,
        )
        files = st.popover(
            t("deck.download", lang),
            icon=":material/download:",
            type="tertiary",
            help=t("deck.download_help", lang),
            key="deck_files",
            on_change="rerun",
        )
        st.button(
            t("deck.exit", lang),
            key="deck_exit",
            type="tertiary",
            icon=":material/close:",
            on_click=_ask,
            args=(n, False),
        )
    if files.open:
        with files:
            _downloads(run, deck)
    urlstate.write(NOTES, notes)
    if notes:
        _notes(run, deck, n)


def _toggle_notes() -> None:
    st.session_state[NOTES.key] = not st.session_state.get(NOTES.key)


def _notes(run: Run, deck: Deck, n: int) -> None:
    """The slide's speaker notes, under the slide (the slide's CSS puts them below the fold):
    its key points and its citation, as the deck files' notes say them."""
    lang = run.lang
    release = "" if run.unreleased else run.release
    slide = data.memo(_slide, deck.id, n, lang, release, urlstate.site_root())
    with st.container(key="deck_notes"):
        st.subheader(t("deck.notes.heading", lang))
        points = "\n".join(f"- {md_escape(point)}" for point in slide.points)
        st.markdown(f"**{t('deck.notes.points', lang)}**\n\n{points}")
        st.markdown(f"**{t('deck.notes.cite', lang)}**\n\n{md_escape(slide.citation)}")


def _slide(deck_id: str, n: int, lang: str, release: str, base: str) -> slides.Slide:
    """Slide `n` as the deck files have it: its citation names the view's own link."""
    deck = load_decks()[deck_id]
    return slides.one_slide(data.database(), deck, n, lang, base=base, release=release)


def _downloads(run: Run, deck: Deck) -> None:
    """The deck's files, each built when its button is clicked (in the download's thread)."""
    lang, release = run.lang, "" if run.unreleased else run.release
    base = urlstate.site_root()
    for fmt in deck_files.FORMATS:
        st.download_button(
            t(f"deck.format.{fmt}", lang),
            data=functools.partial(_deck_file, deck.id, lang, fmt, release, base),
            file_name=deck_files.file_name(deck.id, lang, fmt, release),
            mime=deck_files.MIME[fmt],
            key=f"deck_file_{fmt}",
            icon=":material/slideshow:" if fmt == "pptx" else ":material/picture_as_pdf:",
            on_click="ignore",
        )


def _deck_file(deck_id: str, lang: str, fmt: str, release: str, base: str) -> bytes:
    shown = slides.deck_slides(
        data.database(), load_decks()[deck_id], lang, base=base, release=release
    )
    return deck_files.deck_file(shown, lang, fmt, spec_of=chart_specs.request_spec)
