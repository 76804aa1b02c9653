"""Innovation clusters: where the GBA stands among WIPO GII's top 100 clusters, 2017–2025."""

import streamlit as st

from gba_dash.charts import clusters as charts
from gba_dash.i18n import t
from gba_dash.pagemodels import clusters as model
from gba_dash.ui import components, data, filters
from gba_dash.ui.frame import current
from gba_dash.ui.params import choice_param
from gba_dash.views import clusters as views

frame = current()
lang = frame.lang

# 1. Title
components.page_title(frame, "clusters")

# 2. Filters, declared by the page model: URL → widgets (bad values warn and fall back) → URL
options = data.block(model.options, lang)
editions, cluster_ids = options["editions"], options["cluster_ids"]
if not editions:
    st.info(t("ui.no_data", lang))
    st.stop()
state = filters.bind(model.filters(options, lang), lang)
edition, top = int(state["edition"]), int(state["top"])
economies, chosen, span = state["economies"], state["clusters"], state["editions"]


# 3. One chart at a time, in tabs bound to the URL (`?chart=`): only the open tab's views and
# chart are computed and sent, so the browser compiles one chart before the first paint and a
# filter change recomputes at most the chart in view (bench/RESULTS.md).
CHART = choice_param("chart", views.CHART_VIEWS, views.CHART_VIEWS[0])
view, tabs = components.view_tabs(CHART, views.CHART_VIEWS, "clusters.section", lang)

with tabs[view]:
    if view == "ranking":
        # Click a cluster to add it to the rank history (and so the URL)
        if not frame.present:
            st.caption(t("clusters.pick_hint", lang))
        components.chart_block(
            frame,
            "cluster-ranking",
            **data.block(model.ranking_block, edition, top, economies, lang),
            on_select=components.callback(
                components.add_picked_clusters,
                "sel_ranking",
                charts.PICK,
                "clusters",
                cluster_ids,
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
            **data.block(model.history_block, chosen, span, lang),
            unit_text=t("field.rank", lang),
        )
    elif view == "counts":
        # Clusters per economy in the top 100 (stated counts preferred to counting held ranks)
        if not frame.present:
            st.caption(t("clusters.counts_note", lang))
        components.chart_block(
            frame,
            "cluster-counts",
            **data.block(model.counts_block, economies, span, lang),
            unit_text=t("unit.count", lang),
        )
    else:
        # The three national innovation centres side by side
        components.chart_block(
            frame,
            "cluster-centres",
            **data.block(model.history_block, views.NATIONAL_CENTRES, span, lang, True),
            unit_text=t("field.rank", lang),
        )
