"""Overview: the source article's headline figures, each with its year and citation."""

import streamlit as st

from gba_dash.i18n import format_date, t
from gba_dash.ui import components, data
from gba_dash.ui.frame import current
from gba_dash.views import overview

frame = current()
lang = frame.lang


def page_cards(lang: str) -> tuple[str | None, list[tuple]]:
    """The data's as-of date and one (label, value, caption lines, page) per headline figure.

    Computed once per language and build of the database, shared by every reader (`data.memo`).
    """
    vintage = overview.data_vintage(data.query("get_sources"))
    cards = overview.headline_cards(data.query("get_headlines"), lang)
    return vintage, [
        (
            card.label,
            card.value_text,
            (
                t("overview.card_year", lang, place=card.place, year=card.year),
                t("overview.card_cite", lang, publisher=card.publisher, ref=card.locator),
            ),
            card.page,
        )
        for card in cards.itertuples(index=False)
    ]


# 1. Title and lead
components.page_title(frame, "overview")
vintage, cards = data.memo(page_cards, lang)
st.markdown(t("overview.intro", lang))
if vintage:
    st.caption(t("ui.as_of", lang, date=format_date(vintage, lang)))

# 2. Headline figures of the source article
st.subheader(t("overview.headlines", lang))
st.caption(t("overview.headlines_source", lang))
columns = st.columns(3)
for i, (label, value, lines, page) in enumerate(cards):
    with columns[i % 3]:
        components.kpi_card(label, value, lines, page, lang)
