"""Chart specs of the high-tech page, asserted on `to_dict()`: qualifiers, gaps, conflicts, axes."""

from __future__ import annotations

import pandas as pd
import pytest

from gba_dash.charts import hightech as charts
from gba_dash.i18n import t, vega_number_label_expr
from gba_dash.shaping import hightech as shaping
from tests.unit.test_shaping_hightech import (
    ENTERPRISES,
    EXPORTS,
    GEO,
    HEADLINES,
    HTE,
    make_obs,
    obs_row,
)


def level_chart(lang: str = "en", geos=("guangdong", "china"), panels: bool = True):
    pts = shaping.points(ENTERPRISES, HTE, list(geos), GEO, lang)
    chart = charts.trend_measure_chart(
        pts,
        lang,
        measure="level",
        metric_name="HTE",
        unit="enterprises",
        y_title="Y",
    )
    assert panels == ("facet" in chart.to_dict())
    return pts, chart.to_dict()


def layers(spec: dict) -> list[dict]:
    inner = spec.get("spec", spec)
    return inner["layer"]


def dataset(spec: dict) -> list[dict]:
    (rows,) = spec["datasets"].values()
    return rows


def layer_with(spec: dict, predicate) -> dict:
    found = [layer for layer in layers(spec) if predicate(layer)]
    assert len(found) == 1, found
    return found[0]


def test_lines_break_at_gaps_via_segment_detail() -> None:
    _, spec = level_chart()
    line = layer_with(spec, lambda layer: layer["mark"]["type"] == "line")
    assert line["encoding"]["detail"] == {"field": "segment", "type": "nominal"}
    rows = dataset(spec)
    # within every segment the years are consecutive: no line spans a missing year
    by_segment: dict[str, list[int]] = {}
    for row in rows:
        by_segment.setdefault(row["segment"], []).append(row["year"])
    for years in by_segment.values():
        assert sorted(years) == list(range(min(years), max(years) + 1))
    # Guangdong misses 2018 and China 2017–2018: each has two segments
    assert {r["segment"] for r in rows if r["geo_id"] == "guangdong"} == {
        "guangdong#0",
        "guangdong#1",
    }
    assert {r["segment"] for r in rows if r["geo_id"] == "china"} == {"china#0", "china#1"}


def described(spec: dict, key: str, lang: str = "en"):
    """The predicate of the layer whose mark carries the description `t(key)`."""
    return lambda layer: layer["mark"].get("description") == t(key, lang)


def shown_where(layer: dict) -> str:
    """The test that draws a layer's rows (size or opacity 0 elsewhere: no filter, which would
    leave empty layers and make Vega warn of an infinite extent)."""
    assert "transform" not in layer
    channel = (
        layer["encoding"].get("opacity")
        if "size" in layer["encoding"] and "field" in layer["encoding"]["size"]
        else layer["encoding"]["size"]
    )
    return channel["condition"]["test"]


def test_qualifiers_drive_fill_shape_and_sign() -> None:
    _, spec = level_chart()
    filled = layer_with(spec, described(spec, "hightech.aria.filled"))
    hollow = layer_with(spec, described(spec, "hightech.aria.hollow"))
    assert shown_where(filled) == "datum.filled"
    assert shown_where(hollow) == "!datum.filled"
    assert filled["mark"]["type"] == hollow["mark"]["type"] == "point"
    assert filled["mark"]["filled"] is True
    assert hollow["mark"]["filled"] is False
    shape = filled["encoding"]["shape"]
    mapping = dict(zip(shape["scale"]["domain"], shape["scale"]["range"], strict=True))
    assert mapping == {"exact": "circle", "≥ over": "triangle-up", "~ estimate": "circle"}
    assert shape["legend"]["title"] == t("field.qualifier", "en")
    # exact rows filled, lower bounds and estimates hollow
    rows = dataset(spec)
    assert {r["qualifier"] for r in rows if r["filled"]} == {"exact"}
    assert {r["qualifier"] for r in rows if not r["filled"]} == {"lower_bound", "estimate"}
    signs = layer_with(
        spec,
        lambda layer: (
            layer["mark"]["type"] == "text" and layer["encoding"]["text"].get("field") == "mark"
        ),
    )
    assert "transform" not in signs  # rows without a sign draw an empty text
    assert {r["mark"] for r in rows if r["qualifier"] == "lower_bound"} == {"≥"}
    # the legend-only layer shows ● for exact and ○ for the hollow qualifiers
    key = layer_with(spec, lambda layer: layer["mark"].get("size") == 0)
    assert key["mark"]["aria"] is False  # invisible: nothing for a screen reader
    fill = key["encoding"]["fill"]["scale"]
    assert dict(zip(fill["domain"], fill["range"], strict=True)) == {
        "exact": charts.OTHER_COLOUR,
        "≥ over": "transparent",
        "~ estimate": "transparent",
    }


def test_estimates_are_labelled_not_smoothed() -> None:
    _, spec = level_chart()
    line = layer_with(spec, lambda layer: layer["mark"]["type"] == "line")
    assert "interpolate" not in line["mark"]
    label = layer_with(
        spec,
        lambda layer: layer["mark"]["type"] == "text" and "condition" in layer["encoding"]["text"],
    )
    text = label["encoding"]["text"]
    assert text["condition"] == {
        "test": "datum.qualifier == 'estimate'",
        "field": "y_text",
        "type": "nominal",
    }
    assert text["value"] == ""


def test_count_panels_have_independent_axes_with_units_and_locale() -> None:
    _, spec = level_chart("zh-Hans")
    assert spec["facet"]["row"]["field"] == "place"
    assert spec["resolve"]["scale"]["y"] == "independent"
    line = layer_with(spec, lambda layer: layer["mark"]["type"] == "line")
    y = line["encoding"]["y"]
    assert y["axis"]["labelExpr"] == vega_number_label_expr("zh-Hans", "enterprises")
    assert y["title"] == "Y"
    assert line["encoding"]["x"]["title"] == "年份"
    assert spec["config"]["locale"]["number"]["decimal"] == "."
    assert spec["title"]["text"] == t("hightech.trend.title.level", "zh-Hans", metric="HTE")


def test_tooltips_are_all_titled_in_the_readers_language() -> None:
    _, spec = level_chart("zh-Hant")
    filled = layer_with(spec, described(spec, "hightech.aria.filled", "zh-Hant"))
    titles = [tip["title"] for tip in filled["encoding"]["tooltip"]]
    assert titles == [
        t(k, "zh-Hant")
        for k in (
            "hightech.field.place",
            "field.year",
            "field.value",
            "field.qualifier",
            "field.source",
            "hightech.field.others",
            "hightech.field.conflict",
        )
    ]


def test_conflicts_get_a_distinct_marker_and_the_other_values_in_the_tooltip() -> None:
    obs = make_obs(
        obs_row("rd_intensity", "shenzhen", 2022, 5.49, publisher="Shenzhen gov"),
        obs_row(
            "rd_intensity", "shenzhen", 2022, 5.81, source="cs", preferred=False, publisher="CSJ"
        ),
        obs_row("rd_intensity", "shenzhen", 2023, 6.46),
    )
    pts = shaping.points(obs, "rd_intensity", ["shenzhen"], GEO, "en")
    spec = charts.trend_measure_chart(
        pts, "en", measure="level", metric_name="R&D", unit="percent_of_gdp", y_title="Y"
    ).to_dict()
    assert "facet" not in spec  # percentages share one axis
    ring = layer_with(spec, described(spec, "hightech.aria.conflicts"))
    assert shown_where(ring) == "datum.has_conflict"
    assert ring["mark"]["shape"] == "diamond"
    assert ring["mark"]["color"] == charts.CONFLICT_COLOUR
    assert ring["mark"]["filled"] is False
    rows = {r["year"]: r for r in dataset(spec)}
    assert rows[2022]["has_conflict"] is True
    assert rows[2022]["y"] == 5.49
    assert rows[2022]["others_text"] == "5.81% (CSJ, 2 Jan 2024)"
    assert rows[2023]["has_conflict"] is False
    assert t("hightech.chart.conflict_note", "en") in spec["title"]["subtitle"]
    line = layer_with(spec, lambda layer: layer["mark"]["type"] == "line")
    assert line["encoding"]["y"]["axis"]["labelExpr"] == vega_number_label_expr(
        "en", "percent_of_gdp"
    )


def test_yoy_and_index_views() -> None:
    pts = shaping.points(ENTERPRISES, HTE, ["guangdong"], GEO, "en")
    spec = charts.trend_measure_chart(
        shaping.yoy(pts, "en"),
        "en",
        measure="yoy",
        metric_name="HTE",
        unit="enterprises",
        y_title="unused",
    ).to_dict()
    assert [r["year"] for r in dataset(spec)] == [2016, 2020]  # only computed changes drawn
    assert len({r["segment"] for r in dataset(spec)}) == 2
    rule = layer_with(spec, lambda layer: layer["mark"]["type"] == "rule")
    assert rule["encoding"]["y"]["datum"] == 0
    line = layer_with(spec, lambda layer: layer["mark"]["type"] == "line")
    assert line["encoding"]["y"]["title"] == t("hightech.axis.yoy", "en")
    assert line["encoding"]["y"]["axis"]["labelExpr"] == vega_number_label_expr("en", "percent")

    spec = charts.trend_measure_chart(
        shaping.index_to_base(pts, 2016, "en"),
        "en",
        measure="index",
        metric_name="HTE",
        unit="enterprises",
        y_title="unused",
        base=2016,
    ).to_dict()
    rule = layer_with(spec, lambda layer: layer["mark"]["type"] == "rule")
    assert rule["encoding"]["y"]["datum"] == 100
    assert {r["year"]: r["y"] for r in dataset(spec)}[2016] == pytest.approx(100)
    assert "2016" in spec["title"]["text"]
    assert (
        charts.trend_measure_chart(
            pts, "en", measure="index", metric_name="HTE", unit="enterprises", y_title="", base=None
        )
        is None
    )


def test_nothing_to_draw_gives_none() -> None:
    empty = shaping.points(ENTERPRISES, HTE, ["guangdong"], GEO, "en", (2030, 2031))
    assert (
        charts.trend_measure_chart(
            empty, "en", measure="level", metric_name="x", unit="enterprises", y_title="y"
        )
        is None
    )
    assert charts.share_chart(empty.iloc[0:0], "en", title="x") is None
    assert charts.exports_chart(empty, "en", title="x") is None
    assert charts.cities_chart(empty, "en", title="x") is None


def test_share_chart_shows_computed_and_article_side_by_side() -> None:
    obs = make_obs(
        obs_row(HTE, "guangdong", 2022, 69_000),
        obs_row(HTE, "guangdong", 2024, 77_000, "lower_bound"),
        obs_row(HTE, "china", 2022, 400_000),
        obs_row(HTE, "china", 2024, 500_000, "lower_bound"),
    )
    share = shaping.share_of_china(obs, HEADLINES, GEO, "en")
    spec = charts.share_chart(share, "en", title="Share").to_dict()
    bars = layers(spec)[0]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["xOffset"]["field"] == "series_label"
    assert bars["encoding"]["x"]["scale"]["domain"] == [2022, 2023, 2024]  # the gap shows
    rows = dataset(spec)
    at_2024 = sorted((r["series"], r["value"]) for r in rows if r["year"] == 2024)
    assert at_2024 == [("article", 15.4), ("derived", 15.4)]  # two marks, not merged
    assert bars["encoding"]["fill"]["condition"]["test"] == "datum.filled"
    assert bars["encoding"]["y"]["axis"]["labelExpr"] == vega_number_label_expr("en", "percent")
    assert bars["encoding"]["stroke"]["legend"]["title"] == t("hightech.field.series", "en")


def test_exports_panels_never_share_an_axis() -> None:
    spec = charts.exports_chart(
        shaping.exports(EXPORTS, "zh-Hans"), "zh-Hans", title="出口"
    ).to_dict()
    assert len(spec["hconcat"]) == 2
    assert spec["resolve"]["scale"]["y"] == "independent"
    axes = []
    for panel in spec["hconcat"]:
        marks = [layer["mark"]["type"] for layer in panel["layer"]]
        assert "line" not in marks
        axes.append(panel["layer"][0]["encoding"]["y"])
    assert [a["title"] for a in axes] == [
        t("hightech.exports.axis.usd_100m", "zh-Hans"),
        t("hightech.exports.axis.cny_100m", "zh-Hans"),
    ]
    assert [a["axis"]["labelExpr"] for a in axes] == [
        vega_number_label_expr("zh-Hans", "usd_100m"),
        vega_number_label_expr("zh-Hans", "cny_100m"),
    ]
    assert [p["title"] for p in spec["hconcat"]] == ["2018年 · 美元", "2024年 · 人民币"]


def test_cities_chart_keeps_missing_years_as_columns() -> None:
    obs = make_obs(
        obs_row(HTE, "shenzhen", 2022, 23_000),
        obs_row(HTE, "zhuhai", 2019, 2_100, "lower_bound"),
    )
    frame = shaping.city_points(obs, GEO, "en")
    spec = charts.cities_chart(frame, "en", title="Cities").to_dict()
    filled = layer_with(spec, described(spec, "hightech.aria.filled"))
    assert shown_where(filled) == "datum.filled"  # by opacity: the size encodes the count
    assert filled["encoding"]["x"]["scale"]["domain"] == [2019, 2020, 2021, 2022]
    assert filled["encoding"]["y"]["sort"] == ["Shenzhen", "Zhuhai"]
    assert filled["encoding"]["size"]["legend"]["labelExpr"] == vega_number_label_expr(
        "en", "enterprises"
    )


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_every_axis_and_legend_title_is_set(lang: str) -> None:
    pts = shaping.points(ENTERPRISES, HTE, ["guangdong", "china"], GEO, lang)
    spec = charts.trend_chart(
        pts,
        lang,
        y_field="value",
        y_text_field="value_text",
        unit="enterprises",
        title="T",
        y_title="Y",
    ).to_dict()
    for layer in layers(spec):
        for channel in ("x", "y"):
            if channel in layer["encoding"] and "field" in layer["encoding"][channel]:
                assert layer["encoding"][channel].get("title"), (layer["mark"], channel)
        for channel in ("shape", "fill", "stroke", "color"):
            enc = layer["encoding"].get(channel)
            if isinstance(enc, dict) and enc.get("legend"):
                assert enc["legend"]["title"], (layer["mark"], channel)
    place = layer_with(spec, lambda layer: layer["mark"]["type"] == "line")
    assert place["encoding"]["color"]["legend"]["title"] == t("hightech.field.place", lang)
    assert (
        pd.Series([r["place"] for r in dataset(spec)]).iloc[0]
        == ({"zh-Hans": "广东省", "zh-Hant": "廣東省", "en": "Guangdong"}[lang])
    )
