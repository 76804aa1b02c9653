"""Presentation decks: `?present=1&deck=<id>` steps through saved views with previous/next.

A deck is a TOML file `decks/<id>.toml`: a title and a list of views, each a page path, a query
string of that page's URL keys (a deep link) and a title, in the three languages. In presentation
mode the shell calls `start` (reads `?deck=` and `?slide=`; a bad value warns and falls back) and
`finish` calls `controls`, which draws "◀ 3 / 7 · title ▶" at the top of the slide (arrow keys
work too) and moves to another view with `st.switch_page(page, query_params=…)`. Opening a deck
without `?slide=` starts at its first view.
"""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from gba_dash import schema, settings
from gba_dash.i18n import LANGS, t
from gba_dash.params import Param, choice_param, int_param
from gba_dash.safe_text import md_escape
from gba_dash.ui import urlstate

if TYPE_CHECKING:
    from gba_dash.ui.run import Run

log = logging.getLogger(__name__)

DECKS_DIR = settings.PROJECT_ROOT / "decks"
DEFAULT_DECK = "story"
#: Keys a view's query may not set: the deck sets them (or the presenter chooses them).
RESERVED_KEYS = ("lang", "present", "deck", "slide", "embed", "embed_options")
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_SLOT = "_gba_deck_slot"
_GOTO = "_gba_deck_goto"
_ALIGNED = "_gba_deck_aligned"
_WARN = "_gba_deck_warn"


@dataclass(frozen=True)
class View:
    """One slide: a page and the query of its URL keys (a deep link), with a title."""

    path: str
    query: tuple[tuple[str, str], ...]
    title: Mapping[str, str]

    @property
    def page(self) -> str:
        """The page's name, e.g. "clusters" for "/clusters"; "/" is the default page, overview."""
        return self.path.lstrip("/") or "overview"


@dataclass(frozen=True)
class Deck:
    """A titled sequence of views."""

    id: str
    title: Mapping[str, str]
    views: tuple[View, ...]


class DeckError(ValueError):
    """A deck file breaks the rules; `problems` lists every one (file: where: what)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _titles(value: object, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, Mapping):
        problems.append(f"{where}: title must be a table of {', '.join(LANGS)}")
        return {}
    titles = {lang: str(value.get(lang, "")).strip() for lang in LANGS}
    missing = [lang for lang, text in titles.items() if not text]
    if missing:
        problems.append(f"{where}: title missing in {', '.join(missing)}")
    unknown = sorted(set(value) - set(LANGS))
    if unknown:
        problems.append(f"{where}: title has unknown languages {unknown}")
    return titles


def _view(raw: object, where: str, pages: tuple[str, ...], problems: list[str]) -> View | None:
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: a view must be a table with path, query and title")
        return None
    path = str(raw.get("path", ""))
    if (path.lstrip("/") or "overview") not in pages or not path.startswith("/"):
        problems.append(f"{where}: path {path!r} is not one of {['/' + p for p in pages]}")
    query_text = str(raw.get("query", "")).lstrip("?")
    try:
        query = tuple(parse_qsl(query_text, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        problems.append(f"{where}: query {query_text!r} is not a query string (key=value&…)")
        query = ()
    keys = [k for k, _ in query]
    reserved = sorted(set(keys) & set(RESERVED_KEYS))
    if reserved:
        problems.append(f"{where}: query may not set {reserved} (the deck sets them)")
    if len(keys) != len(set(keys)):
        problems.append(f"{where}: query repeats a key")
    unknown = sorted(set(raw) - {"path", "query", "title", "note"})
    if unknown:
        problems.append(f"{where}: unknown fields {unknown}")
    return View(path, query, _titles(raw.get("title"), where, problems))


def parse_deck(deck_id: str, text: str, pages: tuple[str, ...] = schema.PAGES) -> Deck:
    """A deck from its TOML text; raises `DeckError` listing every problem at once."""
    where = f"decks/{deck_id}.toml"
    problems: list[str] = []
    if not _ID.fullmatch(deck_id):
        problems.append(f"{where}: the id (file name) must be lower-case letters, digits, - or _")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DeckError([f"{where}: not valid TOML: {exc}"]) from exc
    title = _titles(raw.get("title"), f"{where}: deck", problems)
    items = raw.get("views")
    if not isinstance(items, list) or not items:
        problems.append(f"{where}: no [[views]]")
        items = []
    views = [
        _view(item, f"{where}: view {i}", pages, problems) for i, item in enumerate(items, start=1)
    ]
    unknown = sorted(set(raw) - {"title", "views", "note"})
    if unknown:
        problems.append(f"{where}: unknown fields {unknown}")
    if problems:
        raise DeckError(problems)
    return Deck(deck_id, title, tuple(v for v in views if v is not None))


@functools.lru_cache(maxsize=8)
def _load(folder: str, stamp: tuple[tuple[str, int], ...]) -> dict[str, Deck]:
    del stamp  # part of the cache key only: an edited file is read again
    decks: dict[str, Deck] = {}
    for path in sorted(Path(folder).glob("*.toml")):
        try:
            decks[path.stem] = parse_deck(path.stem, path.read_text(encoding="utf-8"))
        except DeckError as exc:  # a broken deck is an unknown id for readers; the log says why
            log.warning("deck %s skipped:\n%s", path.name, exc)
    return decks


def load_decks(folder: Path | None = None) -> dict[str, Deck]:
    """Every valid deck in `folder` (default decks/), by id; re-read when a file changes."""
    folder = DECKS_DIR if folder is None else folder
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.toml")))
    return _load(str(folder), stamp)


def deck_param(decks: Mapping[str, Deck]) -> Param:
    """`?deck=<id>`: one of the decks' ids; absent or bad → no deck."""
    return choice_param("deck", sorted(decks), "")


def slide_param(deck: Deck) -> Param:
    """`?slide=<n>`: the position in the deck, 1 … number of views."""
    return int_param("slide", 1, len(deck.views), 1)


def view_params(deck: Deck, n: int, lang: str, *, present: bool = True) -> dict[str, str]:
    """The query parameters that open view `n` (1-based) of `deck`, as a slide or not."""
    params = dict(deck.views[n - 1].query)
    params["lang"] = lang
    if present:
        params.update(present="1", deck=deck.id, slide=str(n))
    else:
        params["present"] = "0"  # `present` is sticky in the session: say it is off
    return params


def view_link(deck: Deck, n: int, lang: str, *, present: bool = True) -> str:
    """The path and query of view `n`, e.g. /clusters?edition=2025&…&present=1&deck=story."""
    from urllib.parse import urlencode

    query = urlencode(view_params(deck, n, lang, present=present), safe=",.")
    return f"{deck.views[n - 1].path}?{query}"


def go(deck: Deck, n: int, lang: str, *, present: bool = True) -> None:
    """Open view `n` of `deck` (stops this run; Streamlit reruns on that page)."""
    view = deck.views[n - 1]
    st.switch_page(
        f"pages/{view.page}.py", query_params=view_params(deck, n, lang, present=present)
    )


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
        st.markdown(f"**{t('deck.position', lang, n=n, total=total)}** · {title}", width="content")
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
        st.button(
            t("deck.exit", lang),
            key="deck_exit",
            type="tertiary",
            icon=":material/close:",
            on_click=_ask,
            args=(n, False),
        )
