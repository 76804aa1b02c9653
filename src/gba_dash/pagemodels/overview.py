"""The overview page as plain values: its introduction, and the article's headline figures as
one section of cards."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from gba_dash.i18n import t, t_md
from gba_dash.pagemodels.contract import Card, Section
from gba_dash.params import multi_param
from gba_dash.safe_text import md_escape
from gba_dash.shaping import overview


def load(query: Callable[..., pd.DataFrame]) -> dict:
    """The sources (for the date line), the article's headline figures, the GII editions held
    (for the introduction)."""
    return {
        "sources": query("get_sources"),
        "headlines": query("get_headlines"),
        "editions": tuple(int(e) for e in query("get_coverage")["edition"]),
    }


def intro(tables: Mapping, lang: str) -> tuple[str, str | None]:
    """The introduction, naming the GII editions held (first–latest), and the latest publication
    date among the sources (ISO), if any."""
    editions = tables["editions"] or ("—",)
    text = t("overview.intro", lang, first=editions[0], last=editions[-1])
    return text, overview.data_vintage(tables["sources"])


def sections(tables: Mapping, lang: str) -> tuple[Section, ...]:
    """The headline figures, one card each, in the article's order with the figures of one page
    together; each card names its year, its citation and what "Cite a figure" names."""
    shown = list(overview.headline_cards(tables["headlines"], lang).itertuples(index=False))
    first_seen: dict = {}
    for card in shown:
        first_seen.setdefault(card.page, len(first_seen))
    shown.sort(key=lambda card: first_seen[card.page])  # stable: article order kept
    cards = tuple(
        Card(
            id=card.headline_id,
            label=md_escape(card.label),
            value=card.value_text,
            lines=(
                t_md("overview.card_year", lang, place=card.place, year=card.year),
                t_md("overview.card_cite", lang, publisher=card.publisher, ref=card.locator),
            ),
            page=card.page,
            cite_title=t(
                "overview.cite_title", lang, label=card.label, place=card.place, year=card.year
            ),
            source_ids=(card.source_id,),
        )
        for card in shown
    )
    return (
        Section(
            heading=t("overview.headlines", lang),
            lead=t("overview.headlines_source", lang),
            cards=cards,
        ),
    )


#: Headline figures a presented overview shows when the view names none.
DEFAULT_FIGURES = 6


def figures_param(ids: tuple[str, ...]):
    """`?figures=`: the headline figures (ids, in the link's order) a presented overview shows;
    default the first `DEFAULT_FIGURES`."""
    return multi_param("figures", ids, ids[:DEFAULT_FIGURES])


#: Every URL key a view of this page may read (docs/urls.md).
URL_KEYS = ("figures",)


def view_params(tables: Mapping, query: Mapping[str, str], lang: str) -> list:
    """The URL keys a view reads: the figures a presented view shows."""
    del query, lang
    return [figures_param(tuple(tables["headlines"]["headline_id"]))]


def view_state(tables: Mapping, query: Mapping[str, str], lang: str) -> dict:
    """A view's state from its URL keys: the figures a presented view shows."""
    return {p.key: p.read(query.get(p.key))[0] for p in view_params(tables, query, lang)}


def view_sections(tables: Mapping, state: Mapping, lang: str) -> tuple[Section, ...]:
    """The headline figures; a presented view shows `state["figures"]`, in that order."""
    return sections(tables, lang)
