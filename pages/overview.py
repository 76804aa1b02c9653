"""Overview: the source article's headline figures, each with its year and citation."""

import streamlit as st

from gba_dash.i18n import format_date, t
from gba_dash.ui import components, data
from gba_dash.ui.frame import current
from gba_dash.views import overview

frame = current()
lang = frame.lang

# 1. Title and lead
components.page_title(frame, "overview")
sources = data.query("get_sources")
vintage = overview.data_vintage(sources)
st.markdown(t("overview.intro", lang))
if vintage:
    st.caption(t("ui.as_of", lang, date=format_date(vintage, lang)))

# 2. Headline figures of the source article
cards = overview.headline_cards(data.query("get_headlines"), lang)
st.subheader(t("overview.headlines", lang))
st.caption(t("overview.headlines_source", lang))
columns = st.columns(3)
for i, card in enumerate(cards.itertuples(index=False)):
    with columns[i % 3]:
        lines = [
            t("overview.card_year", lang, place=card.place, year=card.year),
            t("overview.card_cite", lang, publisher=card.publisher, ref=card.locator),
        ]
        components.kpi_card(card.label, card.value_text, lines, card.page, lang)
