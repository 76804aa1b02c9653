"""High-tech growth: enterprises, R&D and exports, drawn with their qualifiers, gaps and conflicts.

URL keys: metric (trend indicator), geos (its places), years (every chart), view (level | yoy |
index) and base (the index's base year, only with view=index).
"""

import streamlit as st

from gba_dash.charts import hightech as charts
from gba_dash.i18n import t
from gba_dash.ui import components, data, filters, urlstate
from gba_dash.ui.frame import current
from gba_dash.ui.params import Filter, choice_param, multi_param, range_param
from gba_dash.views import hightech as views
from gba_dash.views.common import localized

frame = current()
lang = frame.lang

# 1. Title and lead
components.page_title(frame, "hightech")

# 2. Data: every value of the page's indicators, all sources (the views pick and flag). What the
# page derives is computed once per filter state and language, then shared by every reader
# (`data.memo`); a shared link opened by a room costs one computation.


def _page_data() -> tuple:
    """(obs, geo, headlines): the page's queries, cached per database build by `data.query`."""
    return (
        data.query("get_observations", views.PAGE_INDICATORS, None, None),
        data.query("get_geo"),
        data.query("get_headlines"),
    )


def page_options(lang: str) -> dict:
    """Metrics, their places and the years to choose from, with names and units in `lang`."""
    obs, geo, _ = _page_data()
    indicators = data.query("get_indicators")
    metrics = views.metric_options(obs)
    first_year, last_year = views.year_bounds(obs) if metrics else (None, None)
    return {
        "metrics": metrics,
        "metric_names": dict(
            zip(indicators["indicator_id"], localized(indicators, "name", lang), strict=True)
        ),
        "units": dict(zip(indicators["indicator_id"], indicators["unit"], strict=True)),
        "place_names": dict(zip(geo["geo_id"], localized(geo, "name", lang), strict=True)),
        "geo_choices": {m: views.geo_options(obs, m, geo) for m in metrics},
        "first_year": first_year,
        "last_year": last_year,
    }


def index_bases(metric: str, geos: tuple[str, ...], years: tuple[int, int], lang: str) -> dict:
    """The index view's base years (as URL codes) and its default, for one selection."""
    obs, geo, _ = _page_data()
    held = views.points(obs, metric, geos, geo, lang, years)
    bases = tuple(str(y) for y in views.base_years(held))
    return {"bases": bases, "default": str(views.default_base(held)) if bases else None}


def page_views(
    metric: str,
    geos: tuple[str, ...],
    years: tuple[int, int],
    view: str,
    base: int | None,
    lang: str,
) -> dict[str, dict]:
    """Each chart block's chart, table and texts for one filter state (see section 4 on)."""
    obs, geo, headlines = _page_data()
    options = data.memo(page_options, lang)
    metric_names, units = options["metric_names"], options["units"]

    # 4. Trend of the selected metric, in the selected view
    unit, name = units[metric], metric_names[metric]
    plotted, table = views.trend(obs, metric, geos, geo, years, view, base, lang)
    drawn = bool(geos) and not (view == "index" and base is None)
    blocks: dict[str, dict] = {
        "trend": {
            "chart": data.chart(
                charts.trend_view_chart,
                plotted,
                lang,
                view=view,
                metric_name=name,
                unit=unit,
                base=base,
                y_title=views.axis_title(name, unit, lang),
            )
            if drawn
            else None,
            "table": table,
            "alt_text": views.trend_alt(plotted, view, name, lang, base=base),
            "source_text": views.source_caption([plotted], lang),
            "title": name,
            "unit_text": views.axis_title(name, unit, lang) if view == "level" else None,
        },
    }
    notes: dict = {
        "index_left_out": tuple(views.index_left_out(plotted))
        if view == "index" and base is not None
        else ()
    }

    # 5. Guangdong's share of China's high-tech enterprises
    share = views.share_of_china(obs, headlines, geo, lang, years)
    blocks["share"] = {
        "chart": data.chart(charts.share_chart, share, lang, title=t("hightech.share.title", lang)),
        "table": views.share_table(share, lang),
        "alt_text": views.share_alt(share, lang),
        "source_text": views.source_caption([share], lang),
    }

    # 6. R&D intensity across the Bay Area (not drawn twice when the trend shows it)
    if metric != "rd_intensity":
        rd_geos = [g for g in views.RD_GEOS if g in options["geo_choices"].get("rd_intensity", [])]
        rd = views.points(obs, "rd_intensity", rd_geos, geo, lang, years)
        rd_name = metric_names.get("rd_intensity", "")
        blocks["rd"] = {
            "chart": data.chart(
                charts.trend_view_chart,
                rd,
                lang,
                view="level",
                metric_name=rd_name,
                unit="percent_of_gdp",
                y_title=views.axis_title(rd_name, "percent_of_gdp", lang),
            ),
            "table": views.level_table(rd, lang),
            "alt_text": views.trend_alt(rd, "level", rd_name, lang),
            "source_text": views.source_caption([rd], lang),
            "title": rd_name,
        }

    # 7. High-tech exports
    exported = views.exports(obs, lang, years)
    blocks["exports"] = {
        "chart": data.chart(
            charts.exports_chart, exported, lang, title=t("hightech.exports.title", lang)
        ),
        "table": views.exports_table(exported, lang),
        "alt_text": views.exports_alt(exported, lang),
        "source_text": views.source_caption([exported], lang),
    }
    notes["exports"] = tuple(
        line
        for line in (views.exports_claim(obs, headlines, lang), views.exports_context(obs, lang))
        if line
    )

    # 8. High-tech enterprises by Guangdong GBA city
    cities = views.city_points(obs, geo, lang, years)
    blocks["cities"] = {
        "chart": data.chart(
            charts.cities_chart, cities, lang, title=t("hightech.cities.title", lang)
        ),
        "table": views.level_table(cities, lang),
        "alt_text": views.cities_alt(cities, lang),
        "source_text": views.source_caption([cities], lang),
    }
    notes["missing_cities"] = tuple(views.cities_without_data(cities, geo, lang))
    blocks["notes"] = notes
    return blocks


options = data.memo(page_options, lang)
metrics = options["metrics"]
if not metrics:
    st.info(t("ui.no_data", lang))
    st.stop()
metric_names, units, place_names = options["metric_names"], options["units"], options["place_names"]
geo_choices = options["geo_choices"]
first_year, last_year = options["first_year"], options["last_year"]


# 3. Selection, bound to the URL by stable codes. The places depend on the metric, so the
# metric is bound first; a link that changes the metric brings its own places or the default.
def _metric_changed() -> None:
    """The reader picked another metric: show that metric's default places."""
    new = st.session_state["metric"]
    st.session_state["geos"] = list(views.default_geos(new, geo_choices[new]))


METRIC = Filter(
    choice_param("metric", metrics, metrics[0]),
    "selectbox",
    t("hightech.filter.metric", lang),
    options=metrics,
    format_func=metric_names.get,
    on_change=_metric_changed,
)
metric_before = st.session_state.get("metric")
filters.seed([METRIC], lang)
if metric_before is not None and metric_before != st.session_state["metric"]:
    st.session_state.pop("geos", None)


with st.sidebar:
    filters.draw([METRIC])
metric = filters.read([METRIC])["metric"]

SELECTION = [
    Filter(
        multi_param(
            "geos",
            geo_choices[metric],
            views.default_geos(metric, geo_choices[metric]),
            allow_empty=True,
        ),
        "multiselect",
        t("hightech.filter.geos", lang),
        options=geo_choices[metric],
        format_func=place_names.get,
        placeholder=t("ui.choose", lang),
    ),
    Filter(
        range_param("years", first_year, last_year, (first_year, last_year)),
        "slider",
        t("hightech.filter.years", lang),
        bounds=(first_year, last_year),
        shown=first_year < last_year,
    ),
    Filter(
        choice_param("view", views.VIEWS, "level"),
        "radio",
        t("hightech.filter.view", lang),
        options=views.VIEWS,
        format_func=lambda v: t(f"hightech.view.{v}", lang),
        horizontal=True,
    ),
]
filters.seed(SELECTION, lang)
GEOS, YEARS = SELECTION[0].param, SELECTION[1].param
if any(g not in geo_choices[metric] for g in st.session_state["geos"]):
    st.session_state["geos"] = list(GEOS.default)
if not first_year <= min(st.session_state["years"]) <= max(st.session_state["years"]) <= last_year:
    st.session_state["years"] = YEARS.default  # the data's span changed since this session began
with st.sidebar:
    filters.draw(SELECTION)
state = filters.read(SELECTION)
geos, years, view = state["geos"], state["years"], state["view"]

# 4. Trend of the selected metric, in the selected view (index: base year, also in the URL)
unit, name = units[metric], metric_names[metric]
base = None
if view == "index":
    index = data.memo(index_bases, metric, geos, years, lang)
    if index["bases"]:
        BASE = Filter(
            choice_param("base", index["bases"], index["default"]),
            "selectbox",
            t("hightech.filter.base", lang),
            options=index["bases"],
        )
        filters.seed([BASE], lang)
        if st.session_state["base"] not in index["bases"]:
            st.session_state["base"] = BASE.param.default
        with st.sidebar:
            filters.draw([BASE])
        base = int(filters.read([BASE])["base"])
if base is None:
    urlstate.write(choice_param("base", (), ""), "")  # no base outside the index view

blocks = data.memo(page_views, metric, geos, years, view, base, lang)
notes = blocks["notes"]

st.subheader(name)
if not geos:
    st.info(t("hightech.trend.pick_place", lang))
elif view == "index" and base is None:
    st.info(t("hightech.index.no_base", lang))
components.chart_block(frame, f"hightech-trend-{metric}-{view}", **blocks["trend"])
if view == "yoy":
    percent_unit = unit in views.PERCENT_UNITS
    st.caption(t("hightech.yoy.rule_pp" if percent_unit else "hightech.yoy.rule", lang))
if view == "index" and base is not None:
    st.caption(t("hightech.index.rule", lang, base=base))
    left_out = notes["index_left_out"]
    if left_out:
        sep = t("hightech.sep.places", lang)
        st.caption(t("hightech.index.left_out", lang, places=sep.join(left_out), base=base))

# 5. Guangdong's share of China's high-tech enterprises: computed beside the article's figure
st.subheader(t("hightech.share.heading", lang))
components.chart_block(
    frame, "hightech-share", **blocks["share"], unit_text=t("unit.percent", lang)
)
st.caption(t("hightech.share.rule", lang))

# 6. R&D intensity across the Bay Area (the trend above already shows it when chosen there)
st.subheader(t("hightech.rd.heading", lang))
if metric == "rd_intensity":
    st.caption(t("hightech.rd.above", lang))
else:
    components.chart_block(
        frame,
        "hightech-rd-intensity",
        **blocks["rd"],
        unit_text=t("unit.percent_of_gdp", lang),
    )

# 7. High-tech exports: each figure in its own currency; the article's claim quoted, not computed
st.subheader(t("hightech.exports.heading", lang))
components.chart_block(frame, "hightech-exports", **blocks["exports"])
for line in notes["exports"]:
    st.caption(line)

# 8. High-tech enterprises by Guangdong GBA city, for the years held
st.subheader(t("hightech.cities.heading", lang))
components.chart_block(
    frame, "hightech-cities", **blocks["cities"], unit_text=t("unit.enterprises", lang)
)
missing_cities = notes["missing_cities"]
if missing_cities:
    st.caption(
        t(
            "hightech.cities.missing",
            lang,
            places=t("hightech.sep.places", lang).join(missing_cities),
        )
    )
