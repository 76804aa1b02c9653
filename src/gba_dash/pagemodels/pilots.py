"""The pilots page as plain values: its filters, and each section for one filter state.

The sections (overview counts, map, status board, timeline, targets) are computed once per
filter state and language and shared by every reader (`ui.data.block`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from gba_dash.charts import pilots as charts
from gba_dash.charts.request import request
from gba_dash.i18n import format_number, t, t_md
from gba_dash.pagemodels.contract import Block, Board, Listed, MetricRow, PilotCard, Section
from gba_dash.params import Filter, Param, choice_param, pick_filter
from gba_dash.safe_text import md_escape, md_join
from gba_dash.shaping import pilots as shaping
from gba_dash.shaping.common import source_ids_of

TIMELINE_START = "2021-01-01"
#: The map's chart id: a click on a city filters the board (the page binds it).
MAP_ID = "pilots-map"
#: What a presented view of this page may show, one at a time (`?part=`; the first is the
#: default): the counts at a glance, the map, the milestone timeline, targets and progress. The
#: status board is left out: its cards are expanders, which presentation mode hides.
PARTS = ("glance", "map", "timeline", "targets")


def load(query: Callable[..., pd.DataFrame]) -> dict:
    """The query results every section starts from (shared: never modified)."""
    return {
        "pilots": query("get_pilots"),
        "events": query("get_pilot_events"),
        "terms": query("get_terms"),
        "geo": query("get_geo"),
        "sources": query("get_sources"),
    }


def options(tables: Mapping, lang: str) -> dict:
    """Statuses, domains, cities and pilots to choose from, with their names in `lang`."""
    terms = tables["terms"]
    statuses = shaping.status_order(terms)
    status_names = shaping.term_names(terms, "status", lang)
    cities = shaping.gba_cities(tables["geo"], lang)
    return {
        "statuses": statuses,
        "domains": shaping.domain_order(terms),
        "status_names": status_names,
        "domain_names": shaping.term_names(terms, "domain", lang),
        "city_ids": list(cities["geo_id"]),
        "city_name": dict(zip(cities["geo_id"], cities["name"], strict=True)),
        "pilot_name": shaping.pilot_names(tables["pilots"], lang),
    }


def _status_scale(terms: pd.DataFrame, lang: str) -> list[str]:
    names = shaping.term_names(terms, "status", lang)
    return [names.get(code, code) for code in shaping.status_order(terms)]


def _field_line(label_key: str, value: str, lang: str) -> str:
    return t("pilots.field_line", lang, label=t(label_key, lang), value=md_escape(value))


def _card(card, lang: str) -> PilotCard:
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
    unlinked = shaping.publishers([(p, url) for p, url in card.sources if not url], lang)
    lines = tuple(_field_line(key, value, lang) for key, value in fields if value)
    return PilotCard(
        label=t_md("pilots.card_label", lang, name=card.name, status=card.status_name),
        expanded=bool(card.focus),
        # plain: st.badge escapes its brackets itself (`components.board` escapes the rest)
        badge=card.status_name,
        chip=charts.STATUS_BADGE_COLOURS.get(card.status, "gray"),
        lines=(*lines, _field_line("pilots.field.sources", unlinked, lang)),
        links=tuple(
            (md_escape(publisher), url, f"src_{card.pilot_id}_{i}")
            for i, (publisher, url) in enumerate(card.sources)
            if url
        ),
    )


def sections(
    tables: Mapping,
    status_pick: tuple[str, ...],
    domain_pick: tuple[str, ...],
    city_pick: tuple[str, ...],
    focus: str,
    today: str,
    lang: str,
) -> tuple[Section, ...]:
    """The page's sections for one filter state, in order: the counts at a glance, the map, the
    status board, the milestone timeline, targets and progress."""
    pilots, events, terms = tables["pilots"], tables["events"], tables["terms"]
    geo, sources = tables["geo"], tables["sources"]
    status_names = shaping.term_names(terms, "status", lang)

    # The pilots shown (the map ignores the city filter it sets, so every city stays clickable)
    shown = shaping.filter_pilots(pilots, status_pick, domain_pick, city_pick)
    on_map = shaping.filter_pilots(pilots, status_pick, domain_pick)
    board = shaping.pilot_board(shown, events, terms, geo, sources, lang, focus)
    source_text = t("pilots.source_text", lang, n=shaping.n_sources(shown, events))
    counts = shaping.city_counts(on_map, geo, lang, selected=city_pick)
    milestones = shaping.timeline(events, shown, terms, sources, lang, focus)
    end = max([today, *milestones["date"]])
    goals = shaping.targets(shown, lang)
    undated = shaping.undated_count(events, shown)
    wordy = shaping.unquantified_targets(shown, lang)

    def figures(counted: pd.DataFrame) -> tuple[tuple[str, str], ...]:
        return tuple(
            (md_escape(row.name), format_number(row.n, lang, "count"))
            for row in counted.itertuples()
        )

    return (
        Section(
            heading=t("pilots.overview", lang),
            part="glance",
            lead=t("pilots.shown", lang, shown=len(shown), total=len(pilots))
            + "\n\n"
            + t_md("pilots.scale", lang, scale=md_join(" → ", _status_scale(terms, lang))),
            metrics=(
                MetricRow(
                    t("pilots.by_status", lang), figures(shaping.status_counts(shown, terms, lang))
                ),
                MetricRow(
                    t("pilots.by_domain", lang), figures(shaping.domain_counts(shown, terms, lang))
                ),
            ),
        ),
        Section(
            heading=t("pilots.map", lang),
            part="map",
            hint=t("pilots.map_hint", lang),
            block=Block(
                id=MAP_ID,
                chart=request(charts.city_map, counts, lang),
                table=shaping.city_table(counts, lang),
                key_point=shaping.map_summary(counts, lang),
                source_text=t("pilots.map_source", lang) + " " + t("pilots.map_note", lang),
                source_ids=source_ids_of(shown),
                unit_text=t("pilots.legend.n_pilots", lang),
            ),
        ),
        # The status board is not presented: its cards are expanders, which presentation hides
        Section(
            heading=t("pilots.board", lang),
            board=Board(
                cards=tuple(_card(card, lang) for card in board.itertuples(index=False)),
                table=shaping.board_table(board, lang),
                table_key="tbl_pilots-board",
                table_label=t("pilots.table", lang),
                empty_text=t("pilots.none_match", lang) if board.empty else None,
                hidden_text=t("pilots.focus_hidden", lang)
                if focus and focus not in set(shown["pilot_id"])
                else None,
            ),
        ),
        Section(
            heading=t("pilots.timeline", lang),
            part="timeline",
            lead=t("pilots.timeline_note", lang),
            block=Block(
                id="pilots-timeline",
                chart=request(
                    charts.milestone_timeline,
                    milestones,
                    status_names,
                    shaping.lane_order(board),
                    TIMELINE_START,
                    end,
                    lang,
                ),
                table=shaping.timeline_table(milestones, lang),
                source_ids=source_ids_of(events[events["pilot_id"].isin(shown["pilot_id"])]),
                key_point=shaping.timeline_summary(milestones, lang),
                source_text=source_text,
            ),
            captions=(t("pilots.undated", lang, n=undated),) if undated else (),
        ),
        Section(
            heading=t("pilots.targets", lang),
            part="targets",
            lead=t("pilots.targets_note", lang),
            block=Block(
                id="pilots-targets",
                chart=request(charts.targets_chart, goals, status_names, lang),
                table=shaping.targets_table(goals, lang),
                source_ids=source_ids_of(shown),
                key_point=shaping.targets_summary(goals, lang),
                source_text=source_text,
                unit_text=t("pilots.axis.share", lang),
            ),
            # targets without a number, listed under the chart
            listed=Listed(t("pilots.unquantified", lang), wordy) if not wordy.empty else None,
        ),
    )


def filters(opts: Mapping, lang: str) -> list[Filter]:
    """Status, domain and city (each any number, empty = all) and one pilot in focus."""
    everything = t("pilots.filter.all", lang)
    status_names, domain_names = opts["status_names"], opts["domain_names"]
    city_name, pilot_name = opts["city_name"], opts["pilot_name"]
    return [
        pick_filter(
            "status", opts["statuses"], t("pilots.filter.status", lang), status_names, everything
        ),
        pick_filter(
            "domain", opts["domains"], t("pilots.filter.domain", lang), domain_names, everything
        ),
        pick_filter(
            "cities",
            opts["city_ids"],
            t("pilots.filter.cities", lang),
            city_name,
            everything,
            help=t("pilots.filter.cities_help", lang),
        ),
        Filter(
            choice_param("pilot", list(pilot_name), ""),
            "selectbox",
            t("pilots.filter.pilot", lang),
            options=["", *pilot_name],
            format_func=lambda p: pilot_name.get(p) or t("pilots.filter.no_focus", lang),
        ),
    ]


#: The part a presented view shows (`?part=`).
PART = choice_param("part", PARTS, PARTS[0])


#: Every URL key a view of this page may read (docs/urls.md).
URL_KEYS = ("status", "domain", "cities", "pilot", "part")


def view_params(tables: Mapping, query: Mapping[str, str], lang: str) -> list[Param]:
    """The URL keys a view reads for `query`: the filters, then the part presented."""
    del query  # every key is read whatever the others say
    return [flt.param for flt in filters(options(tables, lang), lang)] + [PART]


def view_state(tables: Mapping, query: Mapping[str, str], lang: str) -> dict:
    """A view's filter state from its URL keys (a bad value is the default): status, domain,
    cities, pilot, part."""
    return {p.key: p.read(query.get(p.key))[0] for p in view_params(tables, query, lang)}


def view_sections(
    tables: Mapping, state: Mapping, lang: str, today: str | None = None
) -> tuple[Section, ...]:
    """Every section of a view (a presented one shows `state["part"]`'s); `today` bounds the
    timeline (default: the date today)."""
    from datetime import date

    return sections(
        tables,
        state["status"],
        state["domain"],
        state["cities"],
        state["pilot"],
        today or date.today().isoformat(),
        lang,
    )
