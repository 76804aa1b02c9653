"""Cross-border data pilots: which exist, how far each has got, what they aim for, and where."""

import functools
from datetime import date

import streamlit as st

from gba_dash.charts import pilots as charts
from gba_dash.i18n import format_number, t
from gba_dash.ui import components, data, filters
from gba_dash.ui.frame import current
from gba_dash.ui.params import Filter, choice_param, multi_param
from gba_dash.views import pilots as views

frame = current()
lang = frame.lang
MAP_KEY = "pilots_map"
TIMELINE_START = "2021-01-01"

# 1. Title
components.page_title(frame, "pilots")

# 2. Data: what the page derives is computed once per filter state and language, then shared
# by every reader (`data.memo`); a shared link opened by a room costs one computation.


def page_options(lang: str) -> dict:
    """Statuses, domains, cities and pilots to choose from, with their names in `lang`."""
    terms = data.query("get_terms")
    statuses = views.status_order(terms)
    status_names = views.term_names(terms, "status", lang)
    cities = views.gba_cities(data.query("get_geo"), lang)
    return {
        "statuses": statuses,
        "domains": views.domain_order(terms),
        "status_names": status_names,
        "domain_names": views.term_names(terms, "domain", lang),
        "city_ids": list(cities["geo_id"]),
        "city_name": dict(zip(cities["geo_id"], cities["name"], strict=True)),
        "pilot_name": views.pilot_names(data.query("get_pilots"), lang),
        "scale": t(
            "pilots.scale", lang, scale=" → ".join(status_names.get(s, s) for s in statuses)
        ),
    }


def _field_line(label_key: str, value: str, lang: str) -> str:
    return t("pilots.field_line", lang, label=t(label_key, lang), value=views.md_escape(value))


def _card(card, lang: str) -> dict:
    """One board row as what its expander draws: label, badge, field lines, source links."""
    latest = (
        t("pilots.latest_line", lang, date=card.latest_date, text=card.latest_text)
        if card.latest_date
        else t("pilots.no_milestone", lang)
    )
    fields = (
        ("pilots.field.domain", card.domain_name),
        ("pilots.field.cities", card.city_names),
        ("pilots.field.lead_bodies", card.lead_bodies),
        ("pilots.field.latest", latest),
        ("pilots.field.target", card.target),
        ("pilots.field.progress", card.progress),
    )
    unlinked = views.publishers([(p, url) for p, url in card.sources if not url], lang)
    lines = tuple(_field_line(key, value, lang) for key, value in fields if value)
    return {
        "label": t(
            "pilots.card_label",
            lang,
            name=views.md_escape(card.name),
            status=views.md_escape(card.status_name),
        ),
        "expanded": bool(card.focus),
        "badge": views.md_escape(card.status_name),
        "chip": charts.STATUS_BADGE_COLOURS.get(card.status, "gray"),
        "lines": (*lines, _field_line("pilots.field.sources", unlinked, lang)),
        "links": tuple(
            (views.md_escape(publisher), url, f"src_{card.pilot_id}_{i}")
            for i, (publisher, url) in enumerate(card.sources)
            if url
        ),
    }


def page_views(
    status_pick: tuple[str, ...],
    domain_pick: tuple[str, ...],
    city_pick: tuple[str, ...],
    focus: str,
    today: str,
    lang: str,
) -> dict[str, dict]:
    """Each section's chart, table, texts and cards for one filter state (see section 5 on)."""
    pilots = data.query("get_pilots")
    events = data.query("get_pilot_events")
    terms = data.query("get_terms")
    geo = data.query("get_geo")
    sources = data.query("get_sources")
    status_names = data.memo(page_options, lang)["status_names"]

    # The pilots shown (the map ignores the city filter it sets, so every city stays clickable)
    shown = views.filter_pilots(pilots, status_pick, domain_pick, city_pick)
    on_map = views.filter_pilots(pilots, status_pick, domain_pick)
    board = views.pilot_board(shown, events, terms, geo, sources, lang, focus)
    source_text = t("pilots.source_text", lang, n=views.n_sources(shown, events))
    counts = views.city_counts(on_map, geo, lang, selected=city_pick)
    milestones = views.timeline(events, shown, terms, sources, lang, focus)
    end = max([today, *milestones["date"]])
    goals = views.targets(shown, lang)
    return {
        "overview": {
            "shown": t("pilots.shown", lang, shown=len(shown), total=len(pilots)),
            "by_status": tuple(
                (row.name, format_number(row.n, lang, "count"))
                for row in views.status_counts(shown, terms, lang).itertuples()
            ),
            "by_domain": tuple(
                (row.name, format_number(row.n, lang, "count"))
                for row in views.domain_counts(shown, terms, lang).itertuples()
            ),
        },
        "map": {
            "chart": data.chart(charts.city_map, counts, lang),
            "table": views.city_table(counts, lang),
            "alt_text": views.map_summary(counts, lang),
            "source_text": t("pilots.map_source", lang) + " " + t("pilots.map_note", lang),
        },
        "board": {
            "focus_hidden": bool(focus) and focus not in set(shown["pilot_id"]),
            "empty": board.empty,
            "cards": tuple(_card(card, lang) for card in board.itertuples(index=False)),
            "table": views.board_table(board, lang),
        },
        "timeline": {
            "chart": data.chart(
                charts.milestone_timeline,
                milestones,
                status_names,
                views.lane_order(board),
                TIMELINE_START,
                end,
                lang,
            ),
            "table": views.timeline_table(milestones, lang),
            "alt_text": views.timeline_summary(milestones, lang),
            "source_text": source_text,
        },
        "undated": views.undated_count(events, shown),
        "targets": {
            "chart": data.chart(charts.targets_chart, goals, status_names, lang),
            "table": views.targets_table(goals, lang),
            "alt_text": views.targets_summary(goals, lang),
            "source_text": source_text,
        },
        "unquantified": views.unquantified_targets(shown, lang),
    }


options = data.memo(page_options, lang)
statuses, domains = options["statuses"], options["domains"]
status_names, domain_names = options["status_names"], options["domain_names"]
city_ids, city_name = options["city_ids"], options["city_name"]
pilot_name = options["pilot_name"]

# 3. Selection: URL ↔ sidebar, by stable codes
everything = t("pilots.filter.all", lang)
state = filters.bind(
    [
        Filter(
            multi_param("status", statuses, ()),
            "multiselect",
            t("pilots.filter.status", lang),
            options=statuses,
            format_func=lambda c: status_names.get(c, c),
            placeholder=everything,
        ),
        Filter(
            multi_param("domain", domains, ()),
            "multiselect",
            t("pilots.filter.domain", lang),
            options=domains,
            format_func=lambda c: domain_names.get(c, c),
            placeholder=everything,
        ),
        Filter(
            multi_param("cities", city_ids, ()),
            "multiselect",
            t("pilots.filter.cities", lang),
            options=city_ids,
            format_func=lambda c: city_name.get(c, c),
            placeholder=everything,
            help=t("pilots.filter.cities_help", lang),
        ),
        Filter(
            choice_param("pilot", list(pilot_name), ""),
            "selectbox",
            t("pilots.filter.pilot", lang),
            options=["", *pilot_name],
            format_func=lambda p: pilot_name.get(p) or t("pilots.filter.no_focus", lang),
        ),
    ],
    lang,
    heading=t("pilots.filters", lang),
)
status_pick, domain_pick = state["status"], state["domain"]
city_pick, focus = state["cities"], state["pilot"]

# 4. The views of the pilots shown, for this selection (today bounds the timeline's end)
blocks = data.memo(
    page_views,
    tuple(status_pick),
    tuple(domain_pick),
    tuple(city_pick),
    focus,
    date.today().isoformat(),
    lang,
)

# 5. At a glance: counts per status and per domain
overview = blocks["overview"]
st.subheader(t("pilots.overview", lang))
st.caption(overview["shown"])
st.caption(options["scale"])
st.markdown(f"**{t('pilots.by_status', lang)}**")
for column, (name, n) in zip(st.columns(len(statuses)), overview["by_status"], strict=True):
    column.metric(name, n)
st.markdown(f"**{t('pilots.by_domain', lang)}**")
for column, (name, n) in zip(st.columns(len(domains)), overview["by_domain"], strict=True):
    column.metric(name, n)

# 6. Map of the 11 cities (click a city to filter the board)
st.subheader(t("pilots.map", lang))
if not frame.present:
    st.caption(t("pilots.map_hint", lang))
components.chart_block(
    frame,
    "pilots-map",
    **blocks["map"],
    unit_text=t("pilots.legend.n_pilots", lang),
    # Map click → city filter. The callback lives in ui/, not here: a page-level function would
    # keep this run's whole namespace alive per session.
    on_select=functools.partial(
        components.pick_cities, MAP_KEY, charts.CITY_SELECTION, "cities", tuple(city_ids)
    ),
    selection_key=MAP_KEY,
)

# 7. Status board: one card per pilot
board = blocks["board"]
st.subheader(t("pilots.board", lang))
if board["focus_hidden"]:
    st.info(t("pilots.focus_hidden", lang))
if board["empty"]:
    st.info(t("pilots.none_match", lang))
for card in board["cards"]:
    with st.expander(card["label"], expanded=card["expanded"]):
        st.badge(card["badge"], color=card["chip"])
        st.markdown("\n\n".join(card["lines"]))  # one element: each costs time per render
        with st.container(horizontal=True):
            for publisher, url, key in card["links"]:
                st.link_button(
                    publisher, url, type="tertiary", icon=":material/open_in_new:", key=key
                )
if not frame.present and not board["empty"]:
    # Lazy like a chart's data table: the table runs only while the expander is open.
    table_box = st.expander(t("pilots.table", lang), key="tbl_pilots-board", on_change="rerun")
    if table_box.open:
        with table_box:
            st.dataframe(board["table"], hide_index=True, width="stretch")

# 8. Milestone timeline: one lane per pilot
st.subheader(t("pilots.timeline", lang))
st.caption(t("pilots.timeline_note", lang))
components.chart_block(frame, "pilots-timeline", **blocks["timeline"])
if blocks["undated"]:
    st.caption(t("pilots.undated", lang, n=blocks["undated"]))

# 9. Targets and progress; targets without a number are listed
st.subheader(t("pilots.targets", lang))
st.caption(t("pilots.targets_note", lang))
components.chart_block(
    frame, "pilots-targets", **blocks["targets"], unit_text=t("pilots.axis.share", lang)
)
wordy = blocks["unquantified"]
if not wordy.empty:
    st.markdown(f"**{t('pilots.unquantified', lang)}**")
    st.dataframe(wordy, hide_index=True, width="stretch")
