"""Presentation decks as files: `decks/<id>.toml`, a title and a list of views.

Each view is a page path, a query string of that page's URL keys (a deep link) and a title, in
the three languages. `parse_deck` checks a file and lists every problem at once; `load_decks`
reads the folder (a broken file is skipped and logged); `view_params`/`view_link` make the
link that opens a view as a slide. Shown in the browser by `ui.deck`, written to PowerPoint and
PDF by `deck_files`. Core module: no Streamlit.
"""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from gba_dash import schema, settings
from gba_dash.i18n import LANGS

log = logging.getLogger(__name__)

DECKS_DIR = settings.PROJECT_ROOT / "decks"
DEFAULT_DECK = "story"
#: Keys a view's query may not set: the deck sets them (or the presenter chooses them).
RESERVED_KEYS = ("lang", "present", "deck", "slide", "notes", "embed", "embed_options")
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


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
    query = urlencode(view_params(deck, n, lang, present=present), safe=",.")
    return f"{deck.views[n - 1].path}?{query}"
