"""Overview: the source article's headline figures, each with its year and citation."""

import itertools

import streamlit as st

from gba_dash.i18n import format_date, t
from gba_dash.ui import components, data
from gba_dash.ui.frame import PAGE_ICONS, current
from gba_dash.views import overview

frame = current()
lang = frame.lang


def page_cards(lang: str) -> tuple[str | None, list[tuple]]:
    """The data's as-of date and one (label, value, caption lines, page) per headline figure,
    in the article's order with the figures of one page together.

    Computed once per language and build of the database, shared by every reader (`data.memo`).
    """
    vintage = overview.data_vintage(data.query("get_sources"))
    cards = overview.headline_cards(data.query("get_headlines"), lang)
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
        for card in cards.itertuples(index=False)
    ]
    first_seen: dict = {}
    for row in rows:
        first_seen.setdefault(row[3], len(first_seen))
    return vintage, sorted(rows, key=lambda row: first_seen[row[3]])  # stable: article order kept


# 1. Title and lead
components.page_title(frame, "overview")
vintage, cards = data.memo(page_cards, lang)
st.markdown(t("overview.intro", lang))
if vintage:
    st.caption(t("ui.latest_published", lang, date=format_date(vintage, lang)))

# 2. Headline figures, grouped by the page that shows each in context (one link per group:
# every element costs server time on every render, and 22 links to 3 pages said little more)
st.subheader(t("overview.headlines", lang))
st.caption(t("overview.headlines_source", lang))
for page, group in itertools.groupby(cards, key=lambda card: card[3]):
    if page:
        st.page_link(
            f"pages/{page}.py",
            label=t("overview.see_page", lang, page=t(f"page.{page}", lang)),
            icon=PAGE_ICONS[page],
        )
    else:
        st.markdown(f"**{t('overview.other_figures', lang)}**")
    columns = st.columns(3)
    for i, (label, value, lines, _page) in enumerate(group):
        with columns[i % 3]:
            components.kpi_card(label, value, lines)
