"""Views for the overview page: the source article's headline figures as cards."""

from __future__ import annotations

import pandas as pd

from gba_dash.i18n import format_date
from gba_dash.shaping.common import localized, qualified_text


def headline_cards(headlines: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per headline figure, ready to draw as a card.

    Columns: headline_id, label (the indicator's name), place, value_text (with its qualifier),
    year, locator (the article's reference number, e.g. "[14]"), page, publisher, published,
    note, source_id.
    """
    if headlines.empty:
        return pd.DataFrame(
            columns=[
                "headline_id",
                "label",
                "place",
                "value_text",
                "year",
                "locator",
                "page",
                "publisher",
                "published",
                "note",
                "source_id",
            ]
        )
    names = localized(headlines, "name", lang)
    geos = localized(headlines, "geo", lang)
    values = [
        qualified_text(v, q, u, lang)
        for v, q, u in zip(
            headlines["value"], headlines["qualifier"], headlines["unit"], strict=True
        )
    ]
    return pd.DataFrame(
        {
            "headline_id": headlines["headline_id"],
            "label": names,
            "place": geos,
            "value_text": values,
            "year": headlines["year"].astype(int),
            "locator": headlines["locator"].fillna(""),
            "page": headlines["page"],
            "publisher": headlines["publisher"],
            "published": [format_date(p, lang) if p else "" for p in headlines["published"]],
            "note": headlines["note"].fillna(""),
            "source_id": headlines["source_id"],
        }
    ).reset_index(drop=True)


def data_vintage(sources: pd.DataFrame) -> str | None:
    """The latest publication date among the sources held (ISO, possibly partial).

    Shown as "latest source published …", not "as of": access dates were mostly not recorded,
    and a publication date is what a reader can check. The team's own notes (kind
    `reference`) are not a publication.
    """
    held = sources[sources["kind"] != "reference"] if "kind" in sources else sources
    published = held["published"].dropna().astype(str)
    published = published[published != ""]
    if published.empty:
        return None
    # A partial date is known only to its first day: "2026" is not after "2026-01-27".
    return max(published, key=lambda d: (d + "-00-00")[:10])
