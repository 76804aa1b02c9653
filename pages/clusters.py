"""Innovation clusters: where the GBA stands among WIPO GII's top 100 clusters, 2017–2025."""

import functools

import streamlit as st

from gba_dash.charts import clusters as charts
from gba_dash.i18n import t
from gba_dash.ui import components, data, filters
from gba_dash.ui.filters import Filter
from gba_dash.ui.frame import current
from gba_dash.ui.params import choice_param, int_param, multi_param, range_param
from gba_dash.views import clusters as views

frame = current()
lang = frame.lang

# 1. Title
components.page_title(frame, "clusters")

# 2. Data: each chart block is computed once per the filters it depends on and the language,
# then shared by every reader (`data.memo`): a room opening one shared link costs one
# computation, and changing one filter recomputes only the blocks that use it.


def page_options(lang: str) -> dict:
    """Editions, clusters and economies to choose from, with their names in `lang`."""
    ranks = data.query("get_cluster_ranks")
    return {
        "editions": views.editions_held(data.query("get_coverage")),
        "cluster_ids": views.cluster_options(ranks),
        "economy_codes": views.economy_options(ranks),
        "economy_name": views.economy_names(data.query("get_geo"), lang),
        "cluster_name": views.cluster_names(data.query("get_clusters"), lang),
    }


def page_tables() -> dict:
    """The query results every block starts from (shared: never modified)."""
    ranks = data.query("get_cluster_ranks")
    return {
        "ranks": ranks,
        "changes": views.rank_changes(ranks),
        "coverage": data.query("get_coverage"),
        "breaks": data.query("get_breaks", "clusters"),
        "count_obs": data.query("get_observations", (views.COUNT_INDICATOR,), None, None),
        "publisher_of": views.publisher_map(data.query("get_sources")),
    }


def _in_span(span: tuple[int, int], lang: str) -> list[int]:
    return [e for e in data.memo(page_options, lang)["editions"] if span[0] <= e <= span[1]]


def ranking_block(edition: int, top: int, economies: tuple[str, ...], lang: str) -> dict:
    """Chart 1: one edition's ranking."""
    tables = data.memo(page_tables)
    publisher_of = tables["publisher_of"]
    ranking = views.edition_ranking(
        tables["ranks"],
        edition,
        top,
        economies,
        economy_name=data.memo(page_options, lang)["economy_name"],
        publisher_of=publisher_of,
        lang=lang,
        changes=tables["changes"],
    )
    missing = views.missing_ranks_text(views.missing_ranks(tables["ranks"], edition, top), lang)
    return {
        "chart": data.chart(charts.ranking_chart, ranking, edition, top, lang, missing)
        if not ranking.empty
        else None,
        "table": views.ranking_table(ranking, edition, lang),
        "alt_text": views.ranking_summary(ranking, edition, top, lang),
        "source_text": views.coverage_line(tables["coverage"], edition, len(ranking), top, lang)
        + "\n\n"
        + views.source_caption(ranking["source_ids"], publisher_of, lang),
    }


def history_block(
    chosen: tuple[str, ...], span: tuple[int, int], lang: str, panels: bool = False
) -> dict:
    """Ranks over editions: chart 2 (one bump chart), or chart 4 with `panels` (one per cluster)."""
    tables = data.memo(page_tables)
    publisher_of = tables["publisher_of"]
    history = views.rank_history(
        tables["ranks"],
        chosen,
        span,
        publisher_of=publisher_of,
        lang=lang,
        changes=tables["changes"],
    )
    rules = views.break_rules(tables["breaks"], span, lang)
    in_span = _in_span(span, lang)
    chart, gap_note = None, ""
    if panels and not history.empty:
        chart = data.chart(charts.centres_chart, history, rules, in_span, lang)
    elif not history.empty:
        gaps = views.rank_gaps(tables["ranks"], tables["coverage"], chosen, in_span, lang)
        chart = data.chart(charts.rank_history_chart, history, rules, in_span, lang, gaps)
        gap_note = "\n\n" + t("clusters.gap_note", lang) if not gaps.empty else ""
    summary = views.centres_summary if panels else views.history_summary
    return {
        "chart": chart,
        "table": views.history_table(history, lang),
        "alt_text": summary(history, lang),
        "source_text": t("clusters.published_note", lang)
        + gap_note
        + "\n\n"
        + views.source_caption(history["source_ids"], publisher_of, lang),
    }


def counts_block(economies: tuple[str, ...], span: tuple[int, int], lang: str) -> dict:
    """Chart 3: clusters per economy in the top 100."""
    tables = data.memo(page_tables)
    options = data.memo(page_options, lang)
    count_economies = economies or tuple(
        c for c in views.DEFAULT_COUNT_ECONOMIES if c in options["economy_codes"]
    )
    counts = views.economy_counts(
        tables["count_obs"],
        tables["ranks"],
        tables["coverage"],
        count_economies,
        span,
        economy_name=options["economy_name"],
        lang=lang,
    )
    return {
        "chart": data.chart(charts.economy_counts_chart, counts, lang)
        if not counts.empty
        else None,
        "table": views.counts_table(counts, lang),
        "alt_text": views.counts_summary(counts, lang),
        "source_text": views.counts_caption(counts, lang),
    }


options = data.memo(page_options, lang)
editions = options["editions"]
if not editions:
    st.info(t("ui.no_data", lang))
    st.stop()
cluster_ids, economy_codes = options["cluster_ids"], options["economy_codes"]
economy_name, cluster_name = options["economy_name"], options["cluster_name"]

# 3. Filters: URL → widgets (bad values warn and fall back) → URL
state = filters.bind(
    [
        Filter(
            choice_param("edition", [str(e) for e in editions], str(editions[-1])),
            "selectbox",
            t("clusters.filter.edition", lang),
            options=editions[::-1],
            to_widget=int,
            to_param=str,
        ),
        Filter(
            int_param("top", views.TOP_MIN, views.TOP_MAX, views.TOP_DEFAULT),
            "slider",
            t("clusters.filter.top", lang),
            bounds=(views.TOP_MIN, views.TOP_MAX),
        ),
        Filter(
            multi_param("economies", economy_codes, (), allow_empty=True),
            "multiselect",
            t("clusters.filter.economies", lang),
            options=economy_codes,
            format_func=lambda code: economy_name.get(code, code),
            placeholder=t("ui.choose", lang),
        ),
        Filter(
            multi_param(
                "clusters", cluster_ids, views.default_clusters(cluster_ids), allow_empty=True
            ),
            "multiselect",
            t("clusters.filter.clusters", lang),
            options=cluster_ids,
            format_func=lambda cid: cluster_name.get(cid, cid),
            placeholder=t("ui.choose", lang),
        ),
        Filter(
            range_param("editions", editions[0], editions[-1], (editions[0], editions[-1])),
            "slider",
            t("clusters.filter.editions", lang),
            bounds=(editions[0], editions[-1]),
            shown=len(editions) > 1,
        ),
    ],
    lang,
)
edition, top = int(state["edition"]), int(state["top"])
economies, chosen, span = state["economies"], state["clusters"], state["editions"]


# 4. One chart at a time, in tabs bound to the URL (`?chart=`): only the open tab's views and
# chart are computed and sent, so the browser compiles one chart before the first paint and a
# filter change recomputes at most the chart in view (bench/RESULTS.md).
CHART = choice_param("chart", views.CHART_VIEWS, views.CHART_VIEWS[0])
view, tabs = components.view_tabs(CHART, views.CHART_VIEWS, "clusters.section", lang)

with tabs[view]:
    if view == "ranking":
        # Click a cluster to add it to the rank history (and so the URL). The callback lives in
        # ui/, not here: a page-level function would keep this run's namespace alive per session.
        if not frame.present:
            st.caption(t("clusters.pick_hint", lang))
        components.chart_block(
            frame,
            "cluster-ranking",
            **data.memo(ranking_block, edition, top, economies, lang),
            on_select=functools.partial(
                components.add_picked_clusters,
                "sel_ranking",
                charts.PICK,
                "clusters",
                tuple(cluster_ids),
                t("clusters.picked", lang),
            ),
            selection_key="sel_ranking",
            unit_text=t("field.rank", lang),
        )
    elif view == "history":
        # Rank history of the chosen clusters, methodology breaks as labelled rules
        components.chart_block(
            frame,
            "cluster-history",
            **data.memo(history_block, chosen, span, lang),
            unit_text=t("field.rank", lang),
        )
    elif view == "counts":
        # Clusters per economy in the top 100 (stated counts preferred to counting held ranks)
        if not frame.present:
            st.caption(t("clusters.counts_note", lang))
        components.chart_block(
            frame,
            "cluster-counts",
            **data.memo(counts_block, economies, span, lang),
            unit_text=t("unit.count", lang),
        )
    else:
        # The three national innovation centres side by side
        components.chart_block(
            frame,
            "cluster-centres",
            **data.memo(history_block, views.NATIONAL_CENTRES, span, lang, True),
            unit_text=t("field.rank", lang),
        )
