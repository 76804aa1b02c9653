"""The overview page as plain values: the headline figures as cards, and the date line."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from gba_dash.i18n import t
from gba_dash.views import overview


def load(query: Callable[..., pd.DataFrame]) -> dict:
    """The sources (for the date line) and the article's headline figures."""
    return {"sources": query("get_sources"), "headlines": query("get_headlines")}


def cards(tables: Mapping, lang: str) -> dict:
    """The latest publication date among the sources, and one (label, value, caption lines,
    page) per headline figure, in the article's order with the figures of one page together."""
    rows = [
        (
            card.label,
            card.value_text,
            (
                t("overview.card_year", lang, place=card.place, year=card.year),
                t("overview.card_cite", lang, publisher=card.publisher, ref=card.locator),
            ),
            card.page,
        )
        for card in overview.headline_cards(tables["headlines"], lang).itertuples(index=False)
    ]
    first_seen: dict = {}
    for row in rows:
        first_seen.setdefault(row[3], len(first_seen))
    return {
        "vintage": overview.data_vintage(tables["sources"]),
        "cards": sorted(rows, key=lambda row: first_seen[row[3]]),  # stable: article order kept
    }
