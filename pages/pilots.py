"""Cross-border data pilots: which exist, how far each has got, what they aim for, and where."""

from datetime import date

import streamlit as st

from gba_dash.charts import pilots as charts
from gba_dash.i18n import t
from gba_dash.pagemodels import pilots as model
from gba_dash.ui import components, data, filters, present
from gba_dash.ui.frame import current

frame = current()
lang = frame.lang
MAP_KEY = "pilots_map"

# 1. Title
components.page_title(frame, "pilots")

# 2. Selection, declared by the page model: URL ↔ sidebar, by stable codes
options = data.block(model.options, lang)
state = filters.bind(model.filters(options, lang), lang, heading=t("pilots.filters", lang))

# 3. The sections for this selection (today bounds the timeline's end)
blocks = data.block(
    model.page_views,
    state["status"],
    state["domain"],
    state["cities"],
    state["pilot"],
    date.today().isoformat(),
    lang,
)

# Presenting, one part per view (`?part=`): a projected slide cannot scroll
part = present.part(frame, model.PARTS)

# 4. At a glance: counts per status and per domain
overview = blocks["overview"]
if part in (None, "glance"):
    st.subheader(t("pilots.overview", lang))
    st.caption(overview["shown"])
    st.caption(options["scale"])
    components.metric_row(t("pilots.by_status", lang), overview["by_status"])
    components.metric_row(t("pilots.by_domain", lang), overview["by_domain"])

# 5. Map of the 11 cities (click a city to filter the board)
if part in (None, "map"):
    st.subheader(t("pilots.map", lang))
    if part is None:
        st.caption(t("pilots.map_hint", lang))
    components.chart_block(
        frame,
        "pilots-map",
        **blocks["map"],
        unit_text=t("pilots.legend.n_pilots", lang),
        # a click on a city filters the board by it
        on_select=components.callback(
            components.pick_cities, MAP_KEY, charts.CITY_SELECTION, "cities", options["city_ids"]
        ),
        selection_key=MAP_KEY,
    )

# 6. Status board: one card per pilot
board = blocks["board"]
if part is None:
    st.subheader(t("pilots.board", lang))
    if board["focus_hidden"]:
        st.info(t("pilots.focus_hidden", lang))
    if board["empty"]:
        st.info(t("pilots.none_match", lang))
    components.cards(frame, board, "tbl_pilots-board", t("pilots.table", lang))

# 7. Milestone timeline (one lane per pilot), then targets and progress
for section in blocks["sections"]:
    if part in (None, section["part"]):
        components.section(frame, section)
