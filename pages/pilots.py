"""Cross-border data pilots: which exist, how far each has got, what they aim for, and where."""

from datetime import date

from gba_dash.charts import pilots as charts
from gba_dash.i18n import t
from gba_dash.pagemodels import pilots as model
from gba_dash.ui import components, data, filters, present
from gba_dash.ui.shell import current

run = current()
lang = run.lang
MAP_KEY = "pilots_map"

# 1. Title
components.page_title(run, "pilots")

# 2. Selection, declared by the page model: URL ↔ sidebar, by stable codes
options = data.block(model.options, lang)
state = filters.bind(model.filters(options, lang), lang, heading=t("pilots.filters", lang))

# 3. The sections for this selection (today bounds the timeline's end): the counts at a glance,
# the map of the 11 cities (a click on a city filters the board), the status board, the
# milestone timeline (one lane per pilot), then targets and progress
sections = data.block(
    model.sections,
    state["status"],
    state["domain"],
    state["cities"],
    state["pilot"],
    date.today().isoformat(),
    lang,
)

# Presenting, one part per view (`?part=`): a projected slide cannot scroll
part = present.part(run, model.PART)
pick_city = components.callback(
    components.pick_cities, MAP_KEY, charts.CITY_SELECTION, "cities", options["city_ids"]
)
for section in sections:
    if part is None or part == section.part:
        on_map = section.block is not None and section.block.id == model.MAP_ID
        hooks = {"on_select": pick_city, "selection_key": MAP_KEY} if on_map else {}
        components.section(run, section, **hooks)
