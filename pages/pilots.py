"""Cross-border data pilots: which exist, how far each has got, what they aim for, and where."""

from datetime import date

import streamlit as st

from gba_dash.charts import pilots as charts
from gba_dash.i18n import format_number, t
from gba_dash.ui import components, data, urlstate
from gba_dash.ui.frame import current
from gba_dash.ui.params import choice_param, multi_param
from gba_dash.views import pilots as views

frame = current()
lang = frame.lang
MAP_KEY = "pilots_map"
TIMELINE_START = "2021-01-01"

# 1. Title
components.page_title(frame, "pilots")

# 2. Data and the codes it holds
pilots = data.query("get_pilots")
events = data.query("get_pilot_events")
terms = data.query("get_terms")
geo = data.query("get_geo")
sources = data.query("get_sources")
statuses, domains = views.status_order(terms), views.domain_order(terms)
status_names = views.term_names(terms, "status", lang)
domain_names = views.term_names(terms, "domain", lang)
cities = views.gba_cities(geo, lang)
city_ids = list(cities["geo_id"])
city_name = dict(zip(cities["geo_id"], cities["name"], strict=True))
pilot_name = views.pilot_names(pilots, lang)

# 3. Selection: URL ↔ sidebar, by stable codes
STATUS = multi_param("status", statuses, ())
DOMAIN = multi_param("domain", domains, ())
CITIES = multi_param("cities", city_ids, ())
PILOT = choice_param("pilot", list(pilot_name), "")
for param in (STATUS, DOMAIN, CITIES):
    urlstate.seed(param, lang, widget_value=list)
urlstate.seed(PILOT, lang)


def pick_cities() -> None:
    """Map click → city filter (an empty click keeps the filter: clear it in the sidebar)."""
    picked = views.cities_from_selection(
        st.session_state.get(MAP_KEY), charts.CITY_SELECTION, city_ids
    )
    if picked:
        st.session_state["cities"] = picked


with st.sidebar:
    st.subheader(t("pilots.filters", lang))
    all_label = t("pilots.filter.all", lang)
    st.multiselect(
        t("pilots.filter.status", lang),
        options=statuses,
        key="status",
        format_func=lambda c: status_names.get(c, c),
        placeholder=all_label,
    )
    st.multiselect(
        t("pilots.filter.domain", lang),
        options=domains,
        key="domain",
        format_func=lambda c: domain_names.get(c, c),
        placeholder=all_label,
    )
    st.multiselect(
        t("pilots.filter.cities", lang),
        options=city_ids,
        key="cities",
        format_func=lambda c: city_name.get(c, c),
        placeholder=all_label,
        help=t("pilots.filter.cities_help", lang),
    )
    st.selectbox(
        t("pilots.filter.pilot", lang),
        options=["", *pilot_name],
        key="pilot",
        format_func=lambda p: pilot_name.get(p) or t("pilots.filter.no_focus", lang),
    )
for param in (STATUS, DOMAIN, CITIES, PILOT):
    urlstate.write(param, st.session_state[param.key])
status_pick, domain_pick = st.session_state["status"], st.session_state["domain"]
city_pick, focus = st.session_state["cities"], st.session_state["pilot"]

# 4. The pilots shown (the map ignores the city filter it sets, so every city stays clickable)
shown = views.filter_pilots(pilots, status_pick, domain_pick, city_pick)
on_map = views.filter_pilots(pilots, status_pick, domain_pick)
board = views.pilot_board(shown, events, terms, geo, sources, lang, focus)
source_text = t("pilots.source_text", lang, n=views.n_sources(shown, events))

# 5. At a glance: counts per status and per domain
st.subheader(t("pilots.overview", lang))
st.caption(t("pilots.shown", lang, shown=len(shown), total=len(pilots)))
st.caption(t("pilots.scale", lang, scale=" → ".join(status_names.get(s, s) for s in statuses)))
st.markdown(f"**{t('pilots.by_status', lang)}**")
for column, row in zip(
    st.columns(len(statuses)), views.status_counts(shown, terms, lang).itertuples(), strict=True
):
    column.metric(row.name, format_number(row.n, lang, "count"))
st.markdown(f"**{t('pilots.by_domain', lang)}**")
for column, row in zip(
    st.columns(len(domains)), views.domain_counts(shown, terms, lang).itertuples(), strict=True
):
    column.metric(row.name, format_number(row.n, lang, "count"))

# 6. Map of the 11 cities (click a city to filter the board)
st.subheader(t("pilots.map", lang))
if not frame.present:
    st.caption(t("pilots.map_hint", lang))
counts = views.city_counts(on_map, geo, lang, selected=city_pick)
components.chart_block(
    frame,
    "pilots-map",
    data.chart(charts.city_map, counts, lang),
    views.city_table(counts, lang),
    alt_text=views.map_summary(counts, lang),
    source_text=t("pilots.map_source", lang) + " " + t("pilots.map_note", lang),
    unit_text=t("pilots.legend.n_pilots", lang),
    on_select=pick_cities,
    selection_key=MAP_KEY,
)

# 7. Status board: one card per pilot
st.subheader(t("pilots.board", lang))
if focus and focus not in set(shown["pilot_id"]):
    st.info(t("pilots.focus_hidden", lang))
if board.empty:
    st.info(t("pilots.none_match", lang))


def field(label_key: str, value: str) -> None:
    if value:
        st.markdown(
            t("pilots.field_line", lang, label=t(label_key, lang), value=views.md_escape(value))
        )


for card in board.itertuples(index=False):
    label = t(
        "pilots.card_label",
        lang,
        name=views.md_escape(card.name),
        status=views.md_escape(card.status_name),
    )
    with st.expander(label, expanded=bool(card.focus)):
        chip = charts.STATUS_BADGE_COLOURS.get(card.status, "gray")
        st.badge(views.md_escape(card.status_name), color=chip)
        field("pilots.field.domain", card.domain_name)
        field("pilots.field.cities", card.city_names)
        field("pilots.field.lead_bodies", card.lead_bodies)
        latest = (
            t("pilots.latest_line", lang, date=card.latest_date, text=card.latest_text)
            if card.latest_date
            else t("pilots.no_milestone", lang)
        )
        field("pilots.field.latest", latest)
        field("pilots.field.target", card.target)
        field("pilots.field.progress", card.progress)
        unlinked = views.publishers([(p, url) for p, url in card.sources if not url], lang)
        st.markdown(
            t(
                "pilots.field_line",
                lang,
                label=t("pilots.field.sources", lang),
                value=views.md_escape(unlinked),
            )
        )
        with st.container(horizontal=True):
            for i, (publisher, url) in enumerate(card.sources):
                if url:
                    st.link_button(
                        views.md_escape(publisher),
                        url,
                        type="tertiary",
                        icon=":material/open_in_new:",
                        key=f"src_{card.pilot_id}_{i}",
                    )
if not frame.present and not board.empty:
    with st.expander(t("pilots.table", lang)):
        st.dataframe(views.board_table(board, lang), hide_index=True, width="stretch")

# 8. Milestone timeline: one lane per pilot
st.subheader(t("pilots.timeline", lang))
st.caption(t("pilots.timeline_note", lang))
milestones = views.timeline(events, shown, terms, sources, lang, focus)
end = max([date.today().isoformat(), *milestones["date"]])
components.chart_block(
    frame,
    "pilots-timeline",
    data.chart(
        charts.milestone_timeline,
        milestones,
        status_names,
        views.lane_order(board),
        TIMELINE_START,
        end,
        lang,
    ),
    views.timeline_table(milestones, lang),
    alt_text=views.timeline_summary(milestones, lang),
    source_text=source_text,
)
undated = views.undated_count(events, shown)
if undated:
    st.caption(t("pilots.undated", lang, n=undated))

# 9. Targets and progress; targets without a number are listed
st.subheader(t("pilots.targets", lang))
st.caption(t("pilots.targets_note", lang))
goals = views.targets(shown, lang)
components.chart_block(
    frame,
    "pilots-targets",
    data.chart(charts.targets_chart, goals, status_names, lang),
    views.targets_table(goals, lang),
    alt_text=views.targets_summary(goals, lang),
    source_text=source_text,
    unit_text=t("pilots.axis.share", lang),
)
wordy = views.unquantified_targets(shown, lang)
if not wordy.empty:
    st.markdown(f"**{t('pilots.unquantified', lang)}**")
    st.dataframe(wordy, hide_index=True, width="stretch")
