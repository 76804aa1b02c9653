"""Overview: the source article's headline figures, each with its year and citation."""

import dataclasses

import streamlit as st

from gba_dash.i18n import format_date, t
from gba_dash.pagemodels import overview as model
from gba_dash.ui import cite, components, data, present
from gba_dash.ui.shell import current

run = current()
lang = run.lang

# 1. Title and introduction (naming the editions held) — unless a presented view names figures
components.page_title(run, "overview")
(headlines,) = data.block(model.sections, lang)
picked = present.figures(run, model.figures_param(tuple(card.id for card in headlines.cards)))
if picked is None:
    intro, vintage = data.block(model.intro, lang)
    st.markdown(intro)
    if vintage:
        st.caption(t("ui.latest_published", lang, date=format_date(vintage, lang)))
else:  # the figures the view names, in its order: a slide that fits
    by_id = {card.id: card for card in headlines.cards}
    headlines = dataclasses.replace(headlines, cards=tuple(by_id[i] for i in picked))

# 2. The headline figures, grouped by the page that shows each in context
components.section(run, headlines)

# 3. Cite a figure or add it to the memo: one menu for every card (a menu per card cost
# 8 ms of server time per render)
cite.cite_cards(run, headlines.cards)
