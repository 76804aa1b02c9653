"""The high-tech page as plain values: its filters, and its chart blocks for one selection.

Every value of the page's indicators is read once (all sources: the views pick and flag);
the blocks are computed once per selection and language and shared by every reader
(`ui.data.block`). The places to choose depend on the metric, and the index's base years on
the selection, so the filters come in three steps: the metric, then the selection, then the base.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from gba_dash.charts import hightech as charts
from gba_dash.charts.request import request
from gba_dash.i18n import t, t_md
from gba_dash.pagemodels.contract import Block, Section
from gba_dash.params import Filter, Param, choice_param, multi_param, range_param
from gba_dash.safe_text import md_escape, md_join
from gba_dash.shaping import hightech as shaping
from gba_dash.shaping.common import localized, source_ids_of

#: What a presented view of this page may show, one at a time (`?part=`; the first is the
#: default): each is a section of `page_views`, named by its "part".
PARTS = ("trend", "share", "rd", "exports", "cities")


def load(query: Callable[..., pd.DataFrame]) -> dict:
    """The page's queries (shared: never modified)."""
    return {
        "obs": query("get_observations", shaping.PAGE_INDICATORS, None, None),
        "geo": query("get_geo"),
        "headlines": query("get_headlines"),
        "indicators": query("get_indicators"),
    }


def options(tables: Mapping, lang: str) -> dict:
    """Metrics, their places and the years to choose from, with names and units in `lang`."""
    obs, geo, indicators = tables["obs"], tables["geo"], tables["indicators"]
    metrics = shaping.metric_options(obs)
    choices = {m: shaping.geo_options(obs, m, geo) for m in metrics}
    first_year, last_year = shaping.year_bounds(obs) if metrics else (None, None)
    return {
        "metrics": metrics,
        "metric_names": dict(
            zip(indicators["indicator_id"], localized(indicators, "name", lang), strict=True)
        ),
        "units": dict(zip(indicators["indicator_id"], indicators["unit"], strict=True)),
        "place_names": dict(zip(geo["geo_id"], localized(geo, "name", lang), strict=True)),
        "geo_choices": choices,
        "default_geos": {m: shaping.default_geos(m, choices[m]) for m in metrics},
        "first_year": first_year,
        "last_year": last_year,
    }


def index_bases(
    tables: Mapping, metric: str, geos: tuple[str, ...], years: tuple[int, int], lang: str
) -> dict:
    """The index measure's base years (as URL codes) and its default, for one selection."""
    obs, geo = tables["obs"], tables["geo"]
    held = shaping.points(obs, metric, geos, geo, lang, years)
    bases = tuple(str(y) for y in shaping.base_years(held))
    return {"bases": bases, "default": str(shaping.default_base(held)) if bases else None}


def sections(
    tables: Mapping,
    metric: str,
    geos: tuple[str, ...],
    years: tuple[int, int],
    measure: str,
    base: int | None,
    lang: str,
) -> tuple[Section, ...]:
    """The page's sections for one filter state, in order: the trend of the chosen metric in the
    chosen measure; Guangdong's share of China's high-tech enterprises; R&D intensity across the
    Bay Area (not drawn twice when the trend shows it); high-tech exports (the article's claim
    quoted, not computed); high-tech enterprises by Guangdong GBA city."""
    obs, geo, headlines = tables["obs"], tables["geo"], tables["headlines"]
    indicators = tables["indicators"]
    metric_names = dict(
        zip(indicators["indicator_id"], localized(indicators, "name", lang), strict=True)
    )
    units = dict(zip(indicators["indicator_id"], indicators["unit"], strict=True))
    sep = t("hightech.sep.places", lang)
    return (
        _trend(obs, geo, metric, geos, years, measure, base, metric_names, units, sep, lang),
        _share(obs, headlines, geo, years, lang),
        _rd(obs, geo, metric, years, metric_names, lang),
        _exports(obs, headlines, years, lang),
        _cities(obs, geo, years, sep, lang),
    )


def _trend(obs, geo, metric, geos, years, measure, base, metric_names, units, sep, lang):
    unit, name = units[metric], metric_names[metric]
    plotted, table = shaping.trend(obs, metric, geos, geo, years, measure, base, lang)
    drawn = bool(geos) and not (measure == "index" and base is None)
    notes: list[str] = []
    if measure == "yoy":
        rule = "hightech.yoy.rule_pp" if unit in shaping.PERCENT_UNITS else "hightech.yoy.rule"
        notes.append(t(rule, lang))
    if measure == "index" and base is not None:
        notes.append(t("hightech.index.rule", lang, base=base))
        left_out = shaping.index_left_out(plotted)
        if left_out:
            places = md_join(sep, left_out)
            notes.append(t_md("hightech.index.left_out", lang, places=places, base=base))
    notice = None
    if not geos:
        notice = t("hightech.trend.pick_place", lang)
    elif measure == "index" and base is None:
        notice = t("hightech.index.no_base", lang)
    return Section(
        heading=md_escape(name),
        part="trend",
        notice=notice,
        block=Block(
            id=f"hightech-trend-{metric}-{measure}",
            chart=request(
                charts.trend_measure_chart,
                plotted,
                lang,
                measure=measure,
                metric_name=name,
                unit=unit,
                base=base,
                y_title=shaping.axis_title(name, unit, lang),
            )
            if drawn
            else None,
            table=table,
            key_point=shaping.trend_alt(plotted, measure, name, lang, base=base),
            source_text=shaping.publishers_caption([plotted], lang),
            source_ids=source_ids_of(plotted),
            title=name,
            unit_text=shaping.axis_title(name, unit, lang) if measure == "level" else None,
        ),
        captions=tuple(notes),
    )


def _share(obs, headlines, geo, years, lang) -> Section:
    share = shaping.share_of_china(obs, headlines, geo, lang, years)
    return Section(
        heading=t("hightech.share.heading", lang),
        part="share",
        block=Block(
            id="hightech-share",
            chart=request(charts.share_chart, share, lang, title=t("hightech.share.title", lang)),
            table=shaping.share_table(share, lang),
            key_point=shaping.share_alt(share, lang),
            source_text=shaping.publishers_caption([share], lang),
            source_ids=source_ids_of(share),
            unit_text=t("unit.percent", lang),
        ),
        captions=(t("hightech.share.rule", lang),),
    )


def _rd(obs, geo, metric, years, metric_names, lang) -> Section:
    if metric == "rd_intensity":  # the trend above already shows it
        return Section(
            heading=t("hightech.rd.heading", lang),
            part="rd",
            captions=(t("hightech.rd.above", lang),),
        )
    rd_choices = shaping.geo_options(obs, "rd_intensity", geo)
    rd_geos = [g for g in shaping.RD_GEOS if g in rd_choices]
    rd = shaping.points(obs, "rd_intensity", rd_geos, geo, lang, years)
    rd_name = metric_names.get("rd_intensity", "")
    return Section(
        heading=t("hightech.rd.heading", lang),
        part="rd",
        block=Block(
            id="hightech-rd-intensity",
            chart=request(
                charts.trend_measure_chart,
                rd,
                lang,
                measure="level",
                metric_name=rd_name,
                unit="percent_of_gdp",
                y_title=shaping.axis_title(rd_name, "percent_of_gdp", lang),
            ),
            table=shaping.level_table(rd, lang),
            key_point=shaping.trend_alt(rd, "level", rd_name, lang),
            source_text=shaping.publishers_caption([rd], lang),
            source_ids=source_ids_of(rd),
            title=rd_name,
            unit_text=t("unit.percent_of_gdp", lang),
        ),
    )


def _exports(obs, headlines, years, lang) -> Section:
    exported = shaping.exports(obs, lang, years)
    claims = (shaping.exports_claim(obs, headlines, lang), shaping.exports_context(obs, lang))
    return Section(
        heading=t("hightech.exports.heading", lang),
        part="exports",
        block=Block(
            id="hightech-exports",
            chart=request(
                charts.exports_chart, exported, lang, title=t("hightech.exports.title", lang)
            ),
            table=shaping.exports_table(exported, lang),
            key_point=shaping.exports_alt(exported, lang),
            source_text=shaping.publishers_caption([exported], lang),
            source_ids=source_ids_of(exported),
        ),
        captions=tuple(line for line in claims if line),
    )


def _cities(obs, geo, years, sep, lang) -> Section:
    cities = shaping.city_points(obs, geo, lang, years)
    missing = shaping.cities_without_data(cities, geo, lang)
    return Section(
        heading=t("hightech.cities.heading", lang),
        part="cities",
        block=Block(
            id="hightech-cities",
            chart=request(
                charts.cities_chart, cities, lang, title=t("hightech.cities.title", lang)
            ),
            table=shaping.level_table(cities, lang),
            key_point=shaping.cities_alt(cities, lang),
            source_text=shaping.publishers_caption([cities], lang),
            source_ids=source_ids_of(cities),
            unit_text=t("unit.enterprises", lang),
        ),
        captions=(t_md("hightech.cities.missing", lang, places=md_join(sep, missing)),)
        if missing
        else (),
    )


def metric_filter(opts: Mapping, lang: str, on_change: Callable[[], None] | None) -> Filter:
    """The trend's indicator (`?metric=`); the first is the default."""
    metrics = opts["metrics"]
    return Filter(
        choice_param("metric", metrics, metrics[0]),
        "selectbox",
        t("hightech.filter.metric", lang),
        options=metrics,
        format_func=opts["metric_names"].get,
        on_change=on_change,
    )


def selection_filters(opts: Mapping, metric: str, lang: str) -> list[Filter]:
    """The metric's places (`?geos=`), the years (`?years=`, every chart) and the measure
    (`?view=`)."""
    choices, first, last = opts["geo_choices"][metric], opts["first_year"], opts["last_year"]
    return [
        Filter(
            multi_param("geos", choices, shaping.default_geos(metric, choices), allow_empty=True),
            "multiselect",
            t("hightech.filter.geos", lang),
            options=choices,
            format_func=opts["place_names"].get,
            placeholder=t("ui.choose", lang),
        ),
        Filter(
            range_param("years", first, last, (first, last)),
            "slider",
            t("hightech.filter.years", lang),
            bounds=(first, last),
            shown=first < last,
        ),
        Filter(
            choice_param("view", shaping.MEASURES, "level"),
            "radio",
            t("hightech.filter.view", lang),
            options=shaping.MEASURES,
            format_func=lambda v: t(f"hightech.view.{v}", lang),
            horizontal=True,
        ),
    ]


def base_filter(index: Mapping, lang: str) -> Filter:
    """The index measure's base year (`?base=`), among the years every chosen place holds."""
    return Filter(
        choice_param("base", index["bases"], index["default"]),
        "selectbox",
        t("hightech.filter.base", lang),
        options=index["bases"],
    )


#: The part a presented view shows (`?part=`).
PART = choice_param("part", PARTS, PARTS[0])


#: Every URL key a view of this page may read (docs/urls.md).
URL_KEYS = ("metric", "geos", "years", "view", "base", "part")


def view_params(tables: Mapping, query: Mapping[str, str], lang: str) -> list[Param]:
    """The URL keys a view reads for `query`, in the page's three steps: the metric; its
    places, the years and the measure; the base year (only for an index with bases); then the
    part presented."""
    opts = options(tables, lang)
    metric = metric_filter(opts, lang, None).param
    chosen = metric.read(query.get("metric"))[0]
    params = [metric, *(flt.param for flt in selection_filters(opts, chosen, lang))]
    read = {p.key: p.read(query.get(p.key))[0] for p in params}
    if read["view"] == "index":
        index = index_bases(tables, chosen, read["geos"], read["years"], lang)
        if index["bases"]:
            params.append(base_filter(index, lang).param)
    return [*params, PART]


def view_state(tables: Mapping, query: Mapping[str, str], lang: str) -> dict:
    """A view's filter state from its URL keys, in the page's three steps (a bad value is the
    default): metric, geos, years, view (the measure), base, part."""
    state = {p.key: p.read(query.get(p.key))[0] for p in view_params(tables, query, lang)}
    state["base"] = int(state["base"]) if "base" in state else None
    return state


def view_sections(tables: Mapping, state: Mapping, lang: str) -> tuple[Section, ...]:
    """Every section of a view (a presented one shows `state["part"]`'s)."""
    return sections(
        tables,
        state["metric"],
        state["geos"],
        state["years"],
        state["view"],
        state["base"],
        lang,
    )
