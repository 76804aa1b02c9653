"""Chart specs of the pilots page, asserted on `to_dict()`."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from gba_dash import geometry
from gba_dash.charts import pilots as c
from gba_dash.charts.theme import STATUS_COLOURS
from gba_dash.i18n import LANGS, t
from gba_dash.schema import STATUSES
from gba_dash.shaping import pilots as v
from tests.unit.test_shaping_pilots import EVENTS, GEO, PILOTS, SOURCES, TERMS

START, END = "2021-01-01", "2026-11-27"


def _timeline(lang: str = "en", focus: str = "") -> dict:
    board = v.pilot_board(PILOTS, EVENTS, TERMS, GEO, SOURCES, lang, focus)
    frame = v.timeline(EVENTS, PILOTS, TERMS, SOURCES, lang, focus)
    names = v.term_names(TERMS, "status", lang)
    return c.milestone_timeline(frame, names, v.lane_order(board), START, END, lang).to_dict()


def _targets(lang: str = "en") -> dict:
    names = v.term_names(TERMS, "status", lang)
    return c.targets_chart(v.targets(PILOTS, lang), names, lang).to_dict()


def _map(lang: str = "en", selected=(), pilots=PILOTS) -> dict:
    return c.city_map(v.city_counts(pilots, GEO, lang, selected), lang).to_dict()


def _features(spec: dict) -> list[dict]:
    """The map's GeoJSON features (a named dataset, kept in the spec)."""
    return spec["datasets"][c.CITY_DATASET]


def _status_colours(encoding: dict) -> dict[str, str]:
    scale = encoding["scale"]
    return dict(zip(scale["domain"], scale["range"], strict=True))


def _data(spec: dict, layer: dict | None = None) -> list[dict]:
    data = (layer or spec).get("data") or spec["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


# --- colours ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_status_colours_are_fixed_per_status_across_charts(lang: str) -> None:
    names = v.term_names(TERMS, "status", lang)
    expected = {names[s]: STATUS_COLOURS[s] for s in STATUSES}
    timeline = _timeline(lang)
    targets = _targets(lang)
    colour_encodings = [layer["encoding"]["color"] for layer in timeline["layer"]]
    colour_encodings += [
        layer["encoding"]["color"] for layer in targets["layer"] if "color" in layer["encoding"]
    ]
    assert len(colour_encodings) == 3
    for encoding in colour_encodings:
        assert encoding["field"] == "status_name"
        assert _status_colours(encoding) == expected
        assert encoding["scale"]["domain"] == [names[s] for s in STATUSES]  # scale order


def test_badge_colours_cover_every_status() -> None:
    assert set(c.STATUS_BADGE_COLOURS) == set(STATUSES)


# --- timeline -----------------------------------------------------------------------------------


def test_timeline_lanes_axes_and_titles() -> None:
    spec = _timeline("zh-Hans")
    filled, hollow = spec["layer"]
    assert filled["mark"]["filled"] is True
    assert hollow["mark"]["filled"] is False
    assert filled["transform"] == [{"filter": "datum.changed"}]
    assert hollow["transform"] == [{"filter": "!datum.changed"}]
    enc = filled["encoding"]
    # one lane per pilot with a dated milestone, in the board's order (no lane for "space")
    assert enc["y"]["field"] == "lane"
    assert enc["y"]["sort"] == ["dvp 简", "sc_mo 简", "plan 简"]
    assert enc["x"]["field"] == "date"
    assert enc["x"]["type"] == "temporal"
    assert enc["x"]["scale"]["domain"] == [START, END]
    assert enc["x"]["title"] == "日期"
    assert enc["color"]["title"] == "里程碑后状态"
    assert [tip["title"] for tip in enc["tooltip"]] == [
        "试点",
        "日期",
        "里程碑后状态",
        "里程碑类型",
        "里程碑",
        "备注",
        "来源",
    ]
    assert spec["title"] == t("pilots.timeline_title", "zh-Hans")
    assert enc["opacity"] == {"value": 1.0}  # nothing focused: nothing faded


def test_timeline_highlights_the_focused_lane() -> None:
    spec = _timeline("en", focus="plan")
    enc = spec["layer"][0]["encoding"]
    assert enc["opacity"]["condition"] == {"test": "datum.focus", "value": 1.0}
    assert enc["opacity"]["value"] == 0.25
    assert enc["y"]["sort"] == ["plan EN", "dvp EN", "sc_mo EN"]  # the focused lane on top
    assert enc["y"]["axis"]["labelFontWeight"] == {
        "expr": "datum.value === \"plan EN\" ? 'bold' : 'normal'"
    }


def test_timeline_tooltip_carries_the_fintech_plan_date_conflict() -> None:
    spec = _timeline("en")
    rows = [r for r in _data(spec) if r["pilot_id"] == "plan"]
    assert rows[0]["note"] == "The source article dates it December 2025"
    assert rows[0]["date_text"] == "19 Nov 2025"
    assert any(tip["field"] == "note" for tip in spec["layer"][0]["encoding"]["tooltip"])


def test_timeline_label_expression_escapes_names() -> None:
    frame = pd.DataFrame(
        [
            {
                "pilot_id": "x",
                "pilot": 'a" + alert(1) + "',
                "date": "2024-01-01",
                "date_text": "2024",
                "status": "announced",
                "status_name": "Announced",
                "changed": True,
                "text": "",
                "note": "",
                "source": "",
                "focus": True,
            }
        ]
    )
    spec = c.milestone_timeline(frame, {}, list(frame["pilot"]), START, END, "en").to_dict()
    expr = spec["layer"][0]["encoding"]["y"]["axis"]["labelFontWeight"]["expr"]
    assert expr == "datum.value === " + json.dumps('a" + alert(1) + "') + " ? 'bold' : 'normal'"


@pytest.mark.parametrize(
    ("names", "lang", "expected"),
    [
        (["Short"], "en", ["Short"]),
        (
            [
                "Standard Contract for the Cross-boundary Flow of Personal Information "
                "within the GBA "
                "(Mainland, Hong Kong)",
                "Standard Contract for the Cross-boundary Flow of Personal Information "
                "within the GBA "
                "(Mainland, Macao)",
            ],
            "en",
            [
                "Standard Contract for the Cross-b…(Mainland, Hong Kong)",
                "Standard Contract for the Cross-b…GBA (Mainland, Macao)",
            ],
        ),
        (
            ["粤港澳大湾区（内地、香港）个人信息跨境流动标准合同"],
            "zh-Hans",
            ["粤港澳大湾区（内地、香港）个人信息跨境流动标准合同"],
        ),
        # two names that would be cut to the same label keep their full text
        (
            ["A" * 40 + "x" + "B" * 40, "A" * 40 + "y" + "B" * 40],
            "en",
            ["A" * 40 + "x" + "B" * 40, "A" * 40 + "y" + "B" * 40],
        ),
    ],
)
def test_lane_labels_are_cut_in_the_middle_and_stay_unique(names, lang, expected) -> None:
    labels = c.lane_labels(names, lang)
    assert [labels[n] for n in names] == expected
    assert all(len(label) <= c.LANE_CHARS_EN for label in labels.values()) or expected == names


def test_empty_frames_draw_nothing() -> None:
    empty = v.timeline(EVENTS.iloc[0:0], PILOTS, TERMS, SOURCES, "en")
    assert c.milestone_timeline(empty, {}, [], START, END, "en") is None
    assert c.targets_chart(v.targets(PILOTS.iloc[0:0], "en"), {}, "en") is None
    assert c.city_map(v.city_counts(PILOTS, GEO.iloc[0:0], "en"), "en") is None


# --- targets ------------------------------------------------------------------------------------


def test_targets_bullets() -> None:
    spec = _targets("en")
    band, progress, tick, labels = spec["layer"]
    assert band["encoding"]["x"]["field"] == "zero"
    assert band["encoding"]["x2"]["field"] == "full"
    assert progress["transform"] == [{"filter": "datum.comparable"}]
    assert progress["encoding"]["x2"]["field"] == "share"
    assert tick["mark"]["type"] == "tick"
    assert tick["encoding"]["x"]["field"] == "full"
    assert labels["encoding"]["text"]["field"] == "label"
    x = band["encoding"]["x"]
    assert x["title"] == "Progress as % of target"
    assert "'%'" in x["axis"]["labelExpr"]
    rows = {r["pilot_id"]: r for r in _data(spec)}
    assert rows["dc"]["share"] == pytest.approx(20.0)
    assert rows["dc"]["full"] == 100.0
    assert set(rows) == {"dvp", "dc", "channel", "plan"}
    assert band["encoding"]["y"]["field"] == "lane"
    assert band["encoding"]["y"]["sort"] == ["dvp EN", "dc EN", "channel EN", "plan EN"]


# --- map ----------------------------------------------------------------------------------------


def test_map_has_the_eleven_cities_shaded_by_pilot_count() -> None:
    spec = _map("en")
    shapes, labels = spec["layer"]
    assert shapes["data"] == {"name": c.CITY_DATASET}
    features = _features(spec)
    assert len(features) == 11
    assert {f["geo_id"] for f in features} == set(geometry.city_ids())
    by_id = {f["geo_id"]: f for f in features}
    assert by_id["shenzhen"]["n_pilots"] == 4
    assert by_id["guangzhou"]["n_pilots"] == 0
    assert by_id["guangzhou"]["pilots"] == t("pilots.none", "en")
    assert all(f["type"] == "Feature" and f["geometry"]["type"] == "MultiPolygon" for f in features)
    assert shapes["mark"]["type"] == "geoshape"
    enc = shapes["encoding"]
    assert enc["color"]["field"] == "n_pilots"
    assert enc["color"]["scale"]["domain"] == [0, 4]
    assert enc["color"]["title"] == "Pilots"
    assert [tip["title"] for tip in enc["tooltip"]] == ["City", "Pilots", "Pilots involved"]
    assert spec["projection"]["type"] == "mercator"
    fit = spec["projection"]["fit"]
    assert fit["geometry"]["type"] == "Polygon"  # the bounding box, not the polygons again
    assert labels["mark"]["type"] == "text"
    assert labels["encoding"]["longitude"]["field"] == "lon"


def test_map_click_selects_a_city_by_geo_id() -> None:
    spec = _map("en")
    params = spec.get("params") or spec["layer"][0].get("params")
    assert params[0]["name"] == c.CITY_SELECTION
    assert params[0]["select"] == {"type": "point", "fields": ["geo_id"], "on": "click"}


def test_map_outlines_the_cities_in_the_filter() -> None:
    spec = _map("en", selected=["macao"])
    features = _features(spec)
    assert [f["geo_id"] for f in features if f["selected"]] == ["macao"]
    stroke = spec["layer"][0]["encoding"]["strokeWidth"]
    assert stroke["condition"] == {"test": "datum.selected", "value": 3}


@pytest.mark.parametrize(
    ("lang", "macao", "guangzhou"),
    [("zh-Hans", "澳门", "广州"), ("zh-Hant", "澳門", "廣州"), ("en", "Macao", "Guangzhou")],
)
def test_map_names_in_the_readers_script(lang: str, macao: str, guangzhou: str) -> None:
    spec = _map(lang)
    names = {f["geo_id"]: f["name"] for f in _features(spec)}
    assert (names["macao"], names["guangzhou"]) == (macao, guangzhou)
    labels = _data(spec, spec["layer"][1])
    assert any(row["label"].startswith(macao + "\n") for row in labels)
    assert spec["title"] == t("pilots.map_title", lang)


def test_map_follows_the_filtered_pilots() -> None:
    shown = v.filter_pilots(PILOTS, statuses=["operational"])
    features = _features(_map("en", pilots=shown))
    assert {f["geo_id"]: f["n_pilots"] for f in features}["shenzhen"] == 2
