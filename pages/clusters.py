"""Innovation clusters: where the GBA stands among WIPO GII's top 100, in every edition held."""

import streamlit as st

from gba_dash.charts import clusters as charts
from gba_dash.i18n import t
from gba_dash.pagemodels import clusters as model
from gba_dash.params import choice_param
from gba_dash.shaping import clusters as shaping
from gba_dash.ui import components, data, filters
from gba_dash.ui.shell import current

run = current()
lang = run.lang

# 1. Title, and the editions held
components.page_title(run, "clusters", lead=data.block(model.lead, lang))

# 2. Filters, declared by the page model: URL → widgets (bad values warn and fall back) → URL
options = data.block(model.options, lang)
editions, cluster_ids = options["editions"], options["cluster_ids"]
if not editions:
    st.info(t("ui.no_data", lang))
    st.stop()
state = filters.bind(model.filters(options, lang), lang)
edition, top = int(state["edition"]), int(state["top"])
economies, chosen, span = state["economies"], state["clusters"], state["editions"]


# 3. One chart at a time, in tabs bound to the URL (`?chart=`): only the open tab's section is
# computed and sent, so the browser compiles one chart before the first paint and a filter
# change recomputes at most the chart in view (bench/RESULTS.md).
CHART = choice_param("chart", shaping.CHART_TABS, shaping.CHART_TABS[0])
chart, tabs = components.chart_tabs(CHART, shaping.CHART_TABS, "clusters.section", lang)

with tabs[chart]:
    if chart == "ranking":
        # Click a cluster to add it to the rank history (and so the URL)
        components.section(
            run,
            data.block(model.ranking_section, edition, top, economies, lang),
            on_select=components.callback(
                components.add_picked_clusters,
                "sel_ranking",
                charts.PICK,
                "clusters",
                cluster_ids,
                t("clusters.picked", lang),
            ),
            selection_key="sel_ranking",
        )
    elif chart == "history":
        # Rank history of the chosen clusters, methodology breaks as labelled rules
        components.section(run, data.block(model.history_section, chosen, span, lang))
    elif chart == "counts":
        # Clusters per economy in the top 100 (stated counts preferred to counting held ranks)
        components.section(run, data.block(model.counts_section, economies, span, lang))
    elif chart == "profile":
        # One cluster's profile, a part at a time in tabs of its own (`?part=`): the three
        # metrics beside its peers, size against intensity, its leaders, its rank history
        focus = filters.bind_here([model.profile_filter(options, lang)], lang)["cluster"]
        part, parts = components.chart_tabs(
            model.PART, model.PARTS, "clusters.profile.heading", lang
        )
        with parts[part]:
            profile = data.block(model.profile_section, focus, chosen, edition, span, part, lang)
            components.section(run, profile)
    else:
        # The three national innovation centres side by side
        centres = data.block(model.history_section, shaping.NATIONAL_CENTRES, span, lang, True)
        components.section(run, centres)
