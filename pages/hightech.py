"""High-tech growth: enterprises, R&D and exports, drawn with their qualifiers, gaps and conflicts.

URL keys: metric (trend indicator), geos (its places), years (every chart), view (level | yoy |
index) and base (the index's base year, only with view=index).
"""

import streamlit as st

from gba_dash.i18n import t
from gba_dash.pagemodels import hightech as model
from gba_dash.params import choice_param
from gba_dash.ui import components, data, filters, present, urlstate
from gba_dash.ui.shell import current

run = current()
lang = run.lang

# 1. Title and lead
components.page_title(run, "hightech")

# 2. Selection, declared by the page model and bound to the URL by stable codes. The places
# depend on the metric: a link that changes the metric brings its own places or the default.
options = data.block(model.options, lang)
if not options["metrics"]:
    st.info(t("ui.no_data", lang))
    st.stop()
metric = filters.bind_leading(
    model.metric_filter(options, lang, filters.reset(options["default_geos"], "metric", "geos")),
    lang,
    resets="geos",
)
state = filters.bind(model.selection_filters(options, metric, lang), lang)
geos, years, measure = state["geos"], state["years"], state["view"]

# 3. The index measure's base year (also in the URL); no base outside the index measure
base = None
if measure == "index":
    index = data.block(model.index_bases, metric, geos, years, lang)
    if index["bases"]:
        base = int(filters.bind([model.base_filter(index, lang)], lang)["base"])
if base is None:
    urlstate.write(choice_param("base", (), ""), "")

# 4. The sections: the trend in the chosen measure; Guangdong's share of China's high-tech
# enterprises beside the article's figure; R&D intensity across the Bay Area; high-tech
# exports, each in its own currency (the article's claim quoted, not computed); enterprises by
# Guangdong GBA city, for the years held. Presenting, a view is one of them (`?part=`, default
# the trend): one chart that fits a projected screen.
sections = data.block(model.sections, metric, geos, years, measure, base, lang)
part = present.part(run, model.PART)
for section in sections:
    if part is None or part == section.part:
        components.section(run, section)
