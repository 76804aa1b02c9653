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
from gba_dash.safe_text import md_escape, md_join
from gba_dash.ui.params import Filter, choice_param, multi_param, range_param
from gba_dash.views import hightech as views
from gba_dash.views.common import localized, source_ids_of

#: What a presented view of this page may show, one at a time (`?part=`; the first is the
#: default): each is a section of `page_views`, named by its "part".
PARTS = ("trend", "share", "rd", "exports", "cities")


def load(query: Callable[..., pd.DataFrame]) -> dict:
    """The page's queries (shared: never modified)."""
    return {
        "obs": query("get_observations", views.PAGE_INDICATORS, None, None),
        "geo": query("get_geo"),
        "headlines": query("get_headlines"),
        "indicators": query("get_indicators"),
    }


def options(tables: Mapping, lang: str) -> dict:
    """Metrics, their places and the years to choose from, with names and units in `lang`."""
    obs, geo, indicators = tables["obs"], tables["geo"], tables["indicators"]
    metrics = views.metric_options(obs)
    choices = {m: views.geo_options(obs, m, geo) for m in metrics}
    first_year, last_year = views.year_bounds(obs) if metrics else (None, None)
    return {
        "metrics": metrics,
        "metric_names": dict(
            zip(indicators["indicator_id"], localized(indicators, "name", lang), strict=True)
        ),
        "units": dict(zip(indicators["indicator_id"], indicators["unit"], strict=True)),
        "place_names": dict(zip(geo["geo_id"], localized(geo, "name", lang), strict=True)),
        "geo_choices": choices,
        "default_geos": {m: views.default_geos(m, choices[m]) for m in metrics},
        "first_year": first_year,
        "last_year": last_year,
    }


def index_bases(
    tables: Mapping, metric: str, geos: tuple[str, ...], years: tuple[int, int], lang: str
) -> dict:
    """The index view's base years (as URL codes) and its default, for one selection."""
    obs, geo = tables["obs"], tables["geo"]
    held = views.points(obs, metric, geos, geo, lang, years)
    bases = tuple(str(y) for y in views.base_years(held))
    return {"bases": bases, "default": str(views.default_base(held)) if bases else None}


def page_views(
    tables: Mapping,
    metric: str,
    geos: tuple[str, ...],
    years: tuple[int, int],
    view: str,
    base: int | None,
    lang: str,
) -> dict[str, dict]:
    """Each chart block's chart, table and texts for one filter state (see section 4 on)."""
    obs, geo, headlines = tables["obs"], tables["geo"], tables["headlines"]
    indicators = tables["indicators"]
    metric_names = dict(
        zip(indicators["indicator_id"], localized(indicators, "name", lang), strict=True)
    )
    units = dict(zip(indicators["indicator_id"], indicators["unit"], strict=True))
    rd_choices = views.geo_options(obs, "rd_intensity", geo)

    # 4. Trend of the selected metric, in the selected view
    unit, name = units[metric], metric_names[metric]
    plotted, table = views.trend(obs, metric, geos, geo, years, view, base, lang)
    drawn = bool(geos) and not (view == "index" and base is None)
    blocks: dict[str, dict] = {
        "trend": {
            "chart": request(
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
            "source_ids": source_ids_of(plotted),
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
        "chart": request(charts.share_chart, share, lang, title=t("hightech.share.title", lang)),
        "table": views.share_table(share, lang),
        "alt_text": views.share_alt(share, lang),
        "source_text": views.source_caption([share], lang),
        "source_ids": source_ids_of(share),
    }

    # 6. R&D intensity across the Bay Area (not drawn twice when the trend shows it)
    if metric != "rd_intensity":
        rd_geos = [g for g in views.RD_GEOS if g in rd_choices]
        rd = views.points(obs, "rd_intensity", rd_geos, geo, lang, years)
        rd_name = metric_names.get("rd_intensity", "")
        blocks["rd"] = {
            "chart": request(
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
            "source_ids": source_ids_of(rd),
            "title": rd_name,
        }

    # 7. High-tech exports
    exported = views.exports(obs, lang, years)
    blocks["exports"] = {
        "chart": request(
            charts.exports_chart, exported, lang, title=t("hightech.exports.title", lang)
        ),
        "table": views.exports_table(exported, lang),
        "alt_text": views.exports_alt(exported, lang),
        "source_text": views.source_caption([exported], lang),
        "source_ids": source_ids_of(exported),
    }
    notes["exports"] = tuple(
        line
        for line in (views.exports_claim(obs, headlines, lang), views.exports_context(obs, lang))
        if line
    )

    # 8. High-tech enterprises by Guangdong GBA city
    cities = views.city_points(obs, geo, lang, years)
    blocks["cities"] = {
        "chart": request(charts.cities_chart, cities, lang, title=t("hightech.cities.title", lang)),
        "table": views.level_table(cities, lang),
        "alt_text": views.cities_alt(cities, lang),
        "source_text": views.source_caption([cities], lang),
        "source_ids": source_ids_of(cities),
    }
    notes["missing_cities"] = tuple(views.cities_without_data(cities, geo, lang))
    blocks["notes"] = notes
    return {"sections": _sections(blocks, metric, geos, view, base, unit, lang)}


def _sections(
    blocks: Mapping, metric: str, geos: tuple, view: str, base: int | None, unit: str, lang: str
) -> tuple[dict, ...]:
    """The page's sections in order: heading, a notice above the chart, the chart block, and
    the captions under it (rules of the view, what was left out, the article's claim)."""
    notes, sep = blocks["notes"], t("hightech.sep.places", lang)
    trend_notes: list[str] = []
    if view == "yoy":
        rule = "hightech.yoy.rule_pp" if unit in views.PERCENT_UNITS else "hightech.yoy.rule"
        trend_notes.append(t(rule, lang))
    if view == "index" and base is not None:
        trend_notes.append(t("hightech.index.rule", lang, base=base))
        if notes["index_left_out"]:
            places = md_join(sep, notes["index_left_out"])
            trend_notes.append(t_md("hightech.index.left_out", lang, places=places, base=base))
    notice = None
    if not geos:
        notice = t("hightech.trend.pick_place", lang)
    elif view == "index" and base is None:
        notice = t("hightech.index.no_base", lang)
    missing = notes["missing_cities"]
    return (
        {
            "id": f"hightech-trend-{metric}-{view}",
            "part": "trend",
            "heading": md_escape(blocks["trend"]["title"]),
            "notice": notice,
            "block": blocks["trend"],
            "captions": tuple(trend_notes),
        },
        {
            "id": "hightech-share",
            "part": "share",
            "heading": t("hightech.share.heading", lang),
            "block": {**blocks["share"], "unit_text": t("unit.percent", lang)},
            "captions": (t("hightech.share.rule", lang),),
        },
        {
            "id": "hightech-rd-intensity",
            "part": "rd",
            "heading": t("hightech.rd.heading", lang),
            # the trend above already shows it when chosen there
            "block": {**blocks["rd"], "unit_text": t("unit.percent_of_gdp", lang)}
            if "rd" in blocks
            else None,
            "captions": () if "rd" in blocks else (t("hightech.rd.above", lang),),
        },
        {
            "id": "hightech-exports",
            "part": "exports",
            "heading": t("hightech.exports.heading", lang),
            "block": blocks["exports"],
            "captions": notes["exports"],
        },
        {
            "id": "hightech-cities",
            "part": "cities",
            "heading": t("hightech.cities.heading", lang),
            "block": {**blocks["cities"], "unit_text": t("unit.enterprises", lang)},
            "captions": (t_md("hightech.cities.missing", lang, places=md_join(sep, missing)),)
            if missing
            else (),
        },
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
    """The metric's places (`?geos=`), the years (`?years=`, every chart) and the view."""
    choices, first, last = opts["geo_choices"][metric], opts["first_year"], opts["last_year"]
    return [
        Filter(
            multi_param("geos", choices, views.default_geos(metric, choices), allow_empty=True),
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
            choice_param("view", views.VIEWS, "level"),
            "radio",
            t("hightech.filter.view", lang),
            options=views.VIEWS,
            format_func=lambda v: t(f"hightech.view.{v}", lang),
            horizontal=True,
        ),
    ]


def base_filter(index: Mapping, lang: str) -> Filter:
    """The index view's base year (`?base=`), among the years every chosen place holds."""
    return Filter(
        choice_param("base", index["bases"], index["default"]),
        "selectbox",
        t("hightech.filter.base", lang),
        options=index["bases"],
    )
