"""A view's link resolved without Streamlit: a page and its URL keys → the page model's sections.

What a link opens in the browser, made from the same page models, for what runs outside it: a
deck exported to PowerPoint or PDF (`gba-dash export deck`), a view's files (`gba-dash export
view`), the data API. The URL keys are read as the page reads them (`docs/urls.md`: a bad value
is the default); `release=` pins the data release, as it does on the page.

Core module: no Streamlit. The database is read through `db.ReadOnlyDatabase`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from urllib.parse import parse_qsl, urlencode, urlsplit

import pandas as pd

from gba_dash import db, queries
from gba_dash.i18n import DEFAULT_LANG, parse_lang
from gba_dash.pagemodels import clusters, contract, hightech, overview, pilots

#: The page models of the pages that show charts or figures (the sources page has none).
PAGE_MODELS: Mapping[str, ModuleType] = {
    "overview": overview,
    "clusters": clusters,
    "hightech": hightech,
    "pilots": pilots,
}


#: URL keys that say how a view is shown, not which view: left out of the link an export, a
#: citation or a memo keeps.
SHOWN_KEYS = ("lang", "present", "deck", "slide", "notes", "embed", "embed_options", "only")


class ViewError(ValueError):
    """The link names no page with a model, or a release the database does not hold."""


@dataclass(frozen=True)
class OpenedView:
    """One view resolved: its page, URL keys and language; the release it shows (its id, ""
    when none is recorded); its filter state; every section of the page for that state, and
    the ones a presented view shows (one part, or the figures named)."""

    page: str
    query: tuple[tuple[str, str], ...]
    lang: str
    release: str
    #: When the release shown was made (ISO), "" when none is recorded.
    released: str
    state: Mapping
    sections: tuple[contract.Section, ...]
    presented: tuple[contract.Section, ...]

    def link(self, base: str = "") -> str:
        """The view's link (`base` + path + query), naming its language and release."""
        path = "/" if self.page == "overview" else f"/{self.page}"
        pairs = [(k, v) for k, v in self.query if k not in ("lang", "release", "present")]
        pairs = [*pairs, ("lang", self.lang)]
        if self.release:
            pairs.append(("release", self.release))
        return f"{base.rstrip('/')}{path}?{urlencode(pairs, safe=',.')}"

    def blocks(self, presented: bool = True) -> list[contract.Block]:
        """The chart blocks of the view (of what a presented view shows, by default)."""
        shown = self.presented if presented else self.sections
        return [s.block for s in shown if s.block is not None]


def split_link(link: str) -> tuple[str, dict[str, str]]:
    """A view's link ("/clusters?edition=2025&top=20", with or without a host) as its page and
    its keys (the last value of a repeated key)."""
    parts = urlsplit(link)
    page = parts.path.strip("/") or "overview"
    return page, dict(parse_qsl(parts.query, keep_blank_values=True))


def release_ordinal(database: db.ReadOnlyDatabase, release: str) -> tuple[int | None, str, str]:
    """(ordinal to pin, id shown, when it was made) for a `release=` value: "" or "latest" is
    the latest (no pin); an id the database does not hold raises `ViewError`."""
    cur = database.cursor()
    try:
        known = queries.get_releases(cur)
    finally:
        cur.close()
    if not len(known):
        return None, "", ""
    ids = [str(r) for r in known["release_id"]]
    release = ids[-1] if release in ("", "latest") else release
    if release not in ids:
        raise ViewError(f"release {release!r} is not held (see `gba-dash info`)")
    row = known[known["release_id"] == release].iloc[0]
    pin = None if release == ids[-1] else int(row["ordinal"])
    return pin, release, str(row["released_at"])


def query_function(database: db.ReadOnlyDatabase, release: int | None) -> Callable:
    """A page model's `query(name, *args)`, reading `release` (None: the latest)."""

    def query(name: str, *args) -> pd.DataFrame:
        cur = database.cursor(release=release)
        try:
            return getattr(queries, name)(cur, *args)
        finally:
            cur.close()

    return query


def open_view(
    database: db.ReadOnlyDatabase,
    page: str,
    query: Mapping[str, str],
    lang: str | None = None,
    *,
    tables: Mapping | None = None,
) -> OpenedView:
    """The view a link opens: the page model's sections for its keys, in `lang` (else the
    link's `lang`, else English), reading the release the link names. `tables`: the page
    model's `load` already made for that release (a deck reads each page once)."""
    model = PAGE_MODELS.get(page)
    if model is None:
        known = ", ".join(f"/{p}" if p != "overview" else "/" for p in PAGE_MODELS)
        raise ViewError(f"no view of {page!r}: the pages with views are {known}")
    lang = lang or parse_lang(query.get("lang")) or DEFAULT_LANG
    ordinal, release, released = release_ordinal(database, str(query.get("release", "")))
    if tables is None:
        tables = model.load(query_function(database, ordinal))
    state = model.view_state(tables, query, lang)
    sections = model.view_sections(tables, state, lang)
    return OpenedView(
        page=page,
        query=tuple((k, str(v)) for k, v in query.items()),
        lang=lang,
        release=release,
        released=released,
        state=state,
        sections=sections,
        presented=_presented(sections, state),
    )


def _presented(
    sections: tuple[contract.Section, ...], state: Mapping
) -> tuple[contract.Section, ...]:
    """What a presented view shows: the part named (where the sections have parts: a clusters
    view's one-chart tabs have none), or the headline figures named, in order."""
    if "part" in state and any(s.part for s in sections):
        return tuple(s for s in sections if s.part == state["part"])
    if "figures" in state:
        out = []
        for section in sections:
            by_id = {card.id: card for card in section.cards}
            cards = tuple(by_id[i] for i in state["figures"] if i in by_id)
            out.append(dataclasses.replace(section, cards=cards))
        return tuple(out)
    return sections
