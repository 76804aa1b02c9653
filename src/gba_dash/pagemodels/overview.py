"""The overview page as plain values: the headline figures as cards, and the date line."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from gba_dash.i18n import t, t_md
from gba_dash.safe_text import md_escape
from gba_dash.views import overview


def load(query: Callable[..., pd.DataFrame]) -> dict:
    """The sources (for the date line) and the article's headline figures."""
    return {"sources": query("get_sources"), "headlines": query("get_headlines")}


def cards(tables: Mapping, lang: str) -> dict:
    """The latest publication date among the sources, one (label, value, caption lines, page)
    per headline figure, in the article's order with the figures of one page together, and per
    card (same order) its headline id and what "Cite this" names: the figure and its source
    ids. A card's label and lines are Markdown (their data escaped); the citation is text."""
    shown = list(overview.headline_cards(tables["headlines"], lang).itertuples(index=False))
    first_seen: dict = {}
    for card in shown:
        first_seen.setdefault(card.page, len(first_seen))
    shown.sort(key=lambda card: first_seen[card.page])  # stable: article order kept
    return {
        "vintage": overview.data_vintage(tables["sources"]),
        "cards": [
            (
                md_escape(card.label),
                card.value_text,
                (
                    t_md("overview.card_year", lang, place=card.place, year=card.year),
                    t_md("overview.card_cite", lang, publisher=card.publisher, ref=card.locator),
                ),
                card.page,
            )
            for card in shown
        ],
        "ids": tuple(card.headline_id for card in shown),
        "cite": tuple(
            (
                t("overview.cite_title", lang, label=card.label, place=card.place, year=card.year),
                (card.source_id,),
            )
            for card in shown
        ),
    }
