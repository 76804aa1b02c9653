"""A deck's views as slides: what each shows, and what its presenter reads aloud.

One slide per view of a deck (`decks`), resolved without Streamlit (`view_links`): its title
in the reader's language, the view's link pinned to the release shown, the sections it
presents, its key point (each chart's one-sentence summary, or the figures shown), a one-line
source, and its citation (GB/T 7714, as a memo cites the view). The deck files
(`deck_files`) and the presenter's notes on a slide (`ui.deck`) say the same from here.
Core module: no Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from gba_dash import citations, db, decks, view_links
from gba_dash.export.text import plain_text
from gba_dash.i18n import t
from gba_dash.pagemodels.contract import Section


@dataclass(frozen=True)
class Slide:
    """One view of a deck as a slide (texts plain, not Markdown)."""

    n: int
    total: int
    title: str
    deck_title: str
    link: str
    view: view_links.OpenedView
    points: tuple[str, ...]
    source: str
    citation: str


def key_points(sections: Sequence[Section], lang: str) -> tuple[str, ...]:
    """What a presented view says, one plain sentence each: a chart's summary, or a headline
    figure as "label: value (where · when)"."""
    points: list[str] = []
    for section in sections:
        if section.block is not None and section.block.key_point:
            points.append(plain_text(section.block.key_point))
        for card in section.cards:
            where = plain_text(card.lines[0]) if card.lines else ""
            text = t("deck.figure_point", lang, label=card.label, value=card.value)
            points.append(plain_text(f"{text} ({where})" if where else text))
    return tuple(points)


_CLAUSE_END = re.compile(r"[；;]")


def source_line(sections: Sequence[Section]) -> str:
    """The slide's source in one line: the first clause of its chart's source paragraph, or
    the publishers of its figures."""
    for section in sections:
        if section.block is not None and section.block.source_text:
            last = plain_text(section.block.source_text).strip().split("\n\n")[-1]
            return _CLAUSE_END.split(last, maxsplit=1)[0].strip().rstrip("。.")
    lines = [plain_text(card.lines[-1]) for s in sections for card in s.cards if card.lines]
    sources = list(dict.fromkeys(re.sub(r"\s*\[\d+\]$", "", line) for line in lines))
    return "; ".join(sources)


def citation(title: str, view: view_links.OpenedView, link: str, today: str | None = None) -> str:
    """The view cited in GB/T 7714 (as `citations.view_citation` cites it on the page)."""
    cited = citations.ViewCitation(
        title=title,
        release_id=view.release,
        released=view.released,
        accessed=today or date.today().isoformat(),
        url=link,
    )
    return citations.view_citation(cited, "gbt", view.lang)


def notes_text(points: Sequence[str], cite: str, lang: str) -> str:
    """A slide's speaker notes: its key points, then the citation to read aloud."""
    lines = [t("deck.notes.points", lang), *(f"• {p}" for p in points), ""]
    lines += [t("deck.notes.cite", lang), cite]
    return "\n".join(lines).strip()


def deck_slides(
    database: db.ReadOnlyDatabase,
    deck: decks.Deck,
    lang: str,
    *,
    base: str = "",
    release: str = "",
    today: str | None = None,
) -> list[Slide]:
    """Every view of `deck` as a slide in `lang`, reading `release` (default the latest);
    links start with `base` (the dashboard's address) when given. Each page's tables are read
    once for the whole deck."""
    tables: dict[str, dict] = {}
    return [
        one_slide(database, deck, n, lang, base=base, release=release, today=today, tables=tables)
        for n in range(1, len(deck.views) + 1)
    ]


def one_slide(
    database: db.ReadOnlyDatabase,
    deck: decks.Deck,
    n: int,
    lang: str,
    *,
    base: str = "",
    release: str = "",
    link: str | None = None,
    today: str | None = None,
    tables: dict[str, dict] | None = None,
) -> Slide:
    """View `n` (1-based) of `deck` as a slide (see `deck_slides`); `link` cites the view at
    that address instead of its own link; `tables` keeps each page's tables between calls."""
    saved = deck.views[n - 1]
    model = view_links.PAGE_MODELS.get(saved.page)
    if model is None:
        raise view_links.ViewError(f"{saved.path} has no view to put on a slide")
    query = {**dict(saved.query), "lang": lang}
    if release:
        query["release"] = release
    tables = {} if tables is None else tables
    if saved.page not in tables:
        ordinal, _release_id, _released = view_links.release_ordinal(database, release)
        tables[saved.page] = model.load(view_links.query_function(database, ordinal))
    view = view_links.open_view(database, saved.page, query, lang, tables=tables[saved.page])
    title = saved.title.get(lang, "")
    link = link or view.link(base)
    return Slide(
        n=n,
        total=len(deck.views),
        title=title,
        deck_title=deck.title.get(lang, ""),
        link=link,
        view=view,
        points=key_points(view.presented, lang),
        source=source_line(view.presented),
        citation=citation(title, view, link, today),
    )
