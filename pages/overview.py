"""Overview: the source article's headline figures, each with its year and citation."""

import itertools

import streamlit as st

from gba_dash.i18n import format_date, t
from gba_dash.pagemodels import overview as model
from gba_dash.ui import cite, components, data, present
from gba_dash.ui.frame import PAGE_ICONS, current

frame = current()
lang = frame.lang


# 1. Title and lead
components.page_title(frame, "overview")
shown = data.block(model.cards, lang)
vintage, cards, cites = shown["vintage"], shown["cards"], shown["cite"]
picked = present.figures(frame, shown["ids"])
if picked is None:
    st.markdown(t("overview.intro", lang))
    if vintage:
        st.caption(t("ui.latest_published", lang, date=format_date(vintage, lang)))

# 2. Headline figures, grouped by the page that shows each in context (one link per group:
# every element costs server time on every render, and 22 links to 3 pages said little more).
# Presenting, the figures the view names, in its order, as one group: a slide that fits.
st.subheader(t("overview.headlines", lang))
st.caption(t("overview.headlines_source", lang))
if picked is not None:
    by_id = dict(zip(shown["ids"], cards, strict=True))
    cards = [(*by_id[i][:3], "") for i in picked]
for page, group in itertools.groupby(cards, key=lambda card: card[3]):
    if page:
        st.page_link(
            f"pages/{page}.py",
            label=t("overview.see_page", lang, page=t(f"page.{page}", lang)),
            icon=PAGE_ICONS[page],
        )
    elif picked is None:
        st.markdown(f"**{t('overview.other_figures', lang)}**")
    columns = st.columns(3)
    for i, (label, value, lines, _page) in enumerate(group):
        with columns[i % 3]:
            components.kpi_card(label, value, lines)

# 3. Cite a figure: one menu for every card (a menu per card cost 8 ms of server time per render)
cite.cite_cards(frame, cites)
