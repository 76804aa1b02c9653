"""charts.clusters on to_dict(): reversed rank scale, unbridged gaps, break rules, GBA colour."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from gba_dash.charts import clusters as charts
from gba_dash.charts.theme import GBA_COLOUR, OTHER_COLOUR
from gba_dash.i18n import LANGS, t
from gba_dash.shaping import clusters as shaping
from tests.unit.test_shaping_clusters import (
    ECONOMY_NAMES,
    PUBLISHERS,
    make_coverage,
    make_observations,
    make_ranks,
)

BREAKS = pd.DataFrame(
    {
        "break_id": ["b2018", "b2020"],
        "year": [2018, 2020],
        "label_en": ["Articles added", "Merged"],
        "label_zh_hans": ["加入论文", "合并"],
        "label_zh_hant": ["加入論文", "合併"],
    }
)
EDITIONS = [2017, 2018, 2019, 2020]
HAN = re.compile(r"[\u4e00-\u9fff]")


def ranking_spec(lang: str = "en", top: int = 10) -> dict:
    ranking = shaping.edition_ranking(
        make_ranks(), 2020, top, (), economy_name=ECONOMY_NAMES, publisher_of=PUBLISHERS, lang=lang
    )
    return charts.ranking_chart(ranking, 2020, top, lang).to_dict()


def history_spec(ids=("beijing", "szhkgz", "mz"), lang: str = "en") -> dict:
    history = shaping.rank_history(
        make_ranks(), ids, (2017, 2020), publisher_of=PUBLISHERS, lang=lang
    )
    rules = shaping.break_rules(BREAKS, (2017, 2020), lang)
    return charts.rank_history_chart(history, rules, EDITIONS, lang).to_dict()


def counts_spec(lang: str = "en") -> dict:
    counts = shaping.economy_counts(
        make_observations(),
        make_ranks(),
        make_coverage(),
        ("CN", "US"),
        (2017, 2020),
        economy_name=ECONOMY_NAMES,
        lang=lang,
    )
    return charts.economy_counts_chart(counts, lang).to_dict()


def centres_spec(lang: str = "en") -> dict:
    history = shaping.rank_history(
        make_ranks(),
        (*shaping.NATIONAL_CENTRES, "tokyo"),
        (2017, 2020),
        publisher_of=PUBLISHERS,
        lang=lang,
    )
    rules = shaping.break_rules(BREAKS, (2017, 2020), lang)
    return charts.centres_chart(history, rules, EDITIONS, lang).to_dict()


def rows(spec: dict, layer: dict) -> list[dict]:
    """The data rows a layer draws (its own data, else the chart's shared data)."""
    data = layer.get("data", spec.get("data"))
    return spec["datasets"][data["name"]]


def mark(layer: dict) -> str:
    m = layer["mark"]
    return m if isinstance(m, str) else m["type"]


def layers_of(spec: dict, kind: str) -> list[dict]:
    return [layer for layer in spec["layer"] if mark(layer) == kind]


def all_titles(node) -> list[str]:
    """Every axis, legend, tooltip and chart title anywhere in a spec."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "title" and isinstance(value, str):
                found.append(value)
            elif key == "title" and isinstance(value, dict) and "text" in value:
                found.append(value["text"])
            else:
                found.extend(all_titles(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(all_titles(item))
    return found


# --- 1. ranking -------------------------------------------------------------------------------


def test_ranking_highlights_gba_clusters_and_orders_by_rank() -> None:
    spec = ranking_spec()
    dots = layers_of(spec, "point")[0]
    # the group by shape as well as colour (never colour alone), in one legend
    shape = dots["encoding"]["shape"]
    assert shape["scale"]["range"] == ["diamond", "circle"]
    assert shape["legend"] == dots["encoding"]["color"]["legend"]
    colour = dots["encoding"]["color"]
    assert colour["scale"]["domain"] == [
        t("clusters.group.gba", "en"),
        t("clusters.group.other", "en"),
    ]
    assert colour["scale"]["range"] == [GBA_COLOUR, OTHER_COLOUR]
    data = {r["cluster_id"]: r["group_label"] for r in rows(spec, dots)}
    assert data == {"szhkgz": "GBA cluster", "tokyo": "Other cluster", "beijing": "Other cluster"}
    y = dots["encoding"]["y"]
    assert y["sort"][0].startswith("Shenzhen–Hong Kong–Guangzhou")
    assert y["sort"][-1].startswith("Beijing")
    assert dots["encoding"]["x"]["scale"]["domain"] == [1, 10]


def test_ranking_has_a_click_selection_on_cluster_id() -> None:
    spec = ranking_spec()
    params = spec["params"]
    assert len(params) == 1
    assert params[0]["name"] == charts.PICK
    assert params[0]["select"] == {"type": "point", "fields": ["cluster_id"], "on": "click"}
    dots = layers_of(spec, "point")[0]
    assert params[0]["views"] == [dots["name"]]  # the selection lives on the dots
    assert dots["encoding"]["opacity"]["condition"]["param"] == charts.PICK


def test_ranking_tooltip_titles_are_translated() -> None:
    spec = ranking_spec("zh-Hant")
    tooltip = layers_of(spec, "point")[0]["encoding"]["tooltip"]
    tips = {tip["field"]: tip["title"] for tip in tooltip}
    assert tips["name_published"] == "當年公佈名稱"
    assert tips["change_text"] == "較2019年變化"
    assert tips["pct_text"] == "PCT專利申請"
    assert spec["title"] == "2020年科技集群排名：前10名中已收錄的名次"


# --- 2. rank history --------------------------------------------------------------------------


def test_history_rank_scale_is_reversed_with_no_1_at_the_top() -> None:
    spec = history_spec()
    line = layers_of(spec, "line")[0]
    y = line["encoding"]["y"]
    assert y["scale"]["reverse"] is True
    assert y["scale"]["domain"] == [1, 100]  # Macao–Zhuhai at 100
    assert y["axis"]["values"][0] == 1


def test_history_never_bridges_a_missing_edition() -> None:
    spec = history_spec()
    line = layers_of(spec, "line")[0]
    assert line["encoding"]["detail"]["field"] == "segment"
    data = pd.DataFrame(rows(spec, line))
    beijing = data[data["cluster_id"] == "beijing"]
    assert beijing["edition"].tolist() == [2017, 2018, 2020]  # 2019 is not held
    for _, run in data.groupby("segment"):
        assert run["edition"].diff().dropna().eq(1).all(), "a line spans a missing edition"
    assert beijing["segment"].nunique() == 2


def test_history_draws_methodology_breaks_as_labelled_rules_from_data() -> None:
    spec = history_spec(lang="zh-Hans")
    rules = layers_of(spec, "rule")
    assert len(rules) == 1
    assert [r["x"] for r in rows(spec, rules[0])] == [2017.5, 2019.5]
    texts = [
        layer for layer in layers_of(spec, "text") if layer["encoding"]["text"]["field"] == "label"
    ]
    assert texts, "break rules carry labels"
    assert [r["label"] for r in rows(spec, texts[-1])] == ["2018年：加入论文", "2020年：合并"]


def test_history_highlights_gba_and_labels_each_line_end() -> None:
    spec = history_spec()
    line = layers_of(spec, "line")[0]
    assert line["encoding"]["color"]["scale"]["range"] == [GBA_COLOUR, OTHER_COLOUR]
    names = next(
        layer for layer in layers_of(spec, "text") if layer["encoding"]["text"]["field"] == "name"
    )
    assert names["transform"] == [{"filter": "datum.is_last"}]


def test_history_without_breaks_in_range_has_no_rules() -> None:
    history = shaping.rank_history(
        make_ranks(), ["tokyo"], (2020, 2020), publisher_of=PUBLISHERS, lang="en"
    )
    rules = shaping.break_rules(BREAKS, (2020, 2020), "en")
    spec = charts.rank_history_chart(history, rules, [2020], "en").to_dict()
    assert not layers_of(spec, "rule")


# --- 3. counts per economy --------------------------------------------------------------------


def test_counts_lower_bounds_are_hollow_and_others_grey() -> None:
    spec = counts_spec()
    bars = layers_of(spec, "bar")[0]
    data = pd.DataFrame(rows(spec, bars))
    held = data[data["qualifier"] == "lower_bound"]
    assert not held.empty
    assert (held["fill_opacity"] == charts.HOLLOW).all()
    assert (data.loc[data["qualifier"] == "exact", "fill_opacity"] == 1.0).all()
    colour = bars["encoding"]["color"]["scale"]
    assert colour["domain"][-1] == "Other economies"
    assert colour["range"][-1] == OTHER_COLOUR
    assert GBA_COLOUR not in colour["range"]  # the highlight colour is for GBA clusters only
    assert bars["encoding"]["stroke"]["scale"] == colour


# --- 4. national innovation centres -----------------------------------------------------------


def test_centres_are_side_by_side_with_a_shared_reversed_rank_axis() -> None:
    spec = centres_spec()
    panels = spec["hconcat"]
    assert [p["title"] for p in panels] == [
        "Beijing",
        "Shenzhen–Hong Kong–Guangzhou",
        "Tokyo–Yokohama",
    ]
    assert spec["resolve"]["scale"]["y"] == "shared"
    for panel in panels:
        line = next(layer for layer in panel["layer"] if mark(layer) == "line")
        assert line["encoding"]["y"]["scale"]["reverse"] is True
        assert line["encoding"]["detail"]["field"] == "segment"
        assert any(mark(layer) == "rule" for layer in panel["layer"])


# --- every language ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_title_is_set_in_the_readers_language(lang: str) -> None:
    for spec in (
        ranking_spec(lang),
        history_spec(lang=lang),
        counts_spec(lang),
        centres_spec(lang),
    ):
        titles = all_titles(spec)
        assert titles
        for axis in ("x", "y"):
            for layer in spec.get("layer", []):
                enc = layer["encoding"].get(axis)
                if enc and "axis" in enc and enc["axis"] is not None:
                    # set, or switched off on purpose (the ranking's y axis: its labels say
                    # what they are); never left to Vega-Lite's English field name
                    assert "title" in enc["axis"], f"{axis} axis without a title"
                    title = enc["axis"]["title"]
                    assert title is None or title, f"{axis} axis with an empty title"
        if lang != "en":
            assert HAN.search(spec["title"]), spec["title"]
        assert spec["config"]["locale"]["number"]


def test_building_a_chart_looks_nothing_up_in_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    # A dict encoding (alt.value, alt.condition) makes Altair search the Vega-Lite schema for its
    # class (`from_dict`, validating every candidate): half of a layered chart's build time,
    # paid on every filter change. The builders hand Altair typed channels (`theme.typed`).
    import altair as alt

    looked_up: list[str] = []
    original = alt.SchemaBase.from_dict.__func__

    def counted(cls, *args, **kwargs):
        looked_up.append(cls.__name__)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(alt.SchemaBase, "from_dict", classmethod(counted))
    alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(opacity=alt.value(0.5))
    assert looked_up  # the count sees a dict encoding (so the guard can fail)
    looked_up.clear()
    ranking_spec()
    history_spec()
    counts_spec()
    assert looked_up == []


def test_ranking_says_on_the_chart_which_ranks_are_not_held() -> None:
    ranking = shaping.edition_ranking(
        make_ranks(), 2020, 10, (), economy_name=ECONOMY_NAMES, publisher_of=PUBLISHERS, lang="en"
    )
    missing = shaping.missing_ranks_text(shaping.missing_ranks(make_ranks(), 2020, 10), "en")
    spec = charts.ranking_chart(ranking, 2020, 10, "en", missing).to_dict()
    assert spec["title"]["subtitle"] == "Ranks 4–10 not held"
    assert isinstance(charts.ranking_chart(ranking, 2020, 10, "en").to_dict()["title"], str)


def test_history_marks_editions_without_a_rank_apart_from_the_lines() -> None:
    history = shaping.rank_history(
        make_ranks(), ("beijing", "nyc"), (2017, 2020), publisher_of=PUBLISHERS, lang="en"
    )
    gaps = shaping.rank_gaps(make_ranks(), make_coverage(), ("beijing", "nyc"), EDITIONS, "en")
    rules = shaping.break_rules(BREAKS, (2017, 2020), "en")
    spec = charts.rank_history_chart(history, rules, EDITIONS, "en", gaps).to_dict()
    marks = [
        layer
        for layer in spec["layer"]
        if layer.get("encoding", {}).get("text", {}).get("field") == "mark"
    ]
    assert len(marks) == 1
    assert [r["mark"] for r in rows(spec, marks[0])] == ["?", "?", "?", "?"]
    assert marks[0]["encoding"]["tooltip"][0]["field"] == "label"
    plain = charts.rank_history_chart(history, rules, EDITIONS, "en").to_dict()
    assert len(plain["layer"]) == len(spec["layer"]) - 1


def _long_ranking(rows: int) -> pd.DataFrame:
    """A ranking of `rows` clusters (the fixture's first row repeated), ranks in reverse order."""
    first = shaping.edition_ranking(
        make_ranks(), 2020, 10, (), economy_name=ECONOMY_NAMES, publisher_of=PUBLISHERS, lang="en"
    ).iloc[[0] * rows]
    return first.assign(
        rank=list(range(rows, 0, -1)),
        label=[f"Cluster {n}" for n in range(rows, 0, -1)],
        cluster_id=[f"c{n}" for n in range(rows, 0, -1)],
    ).reset_index(drop=True)


@pytest.mark.parametrize("lang", LANGS)
def test_a_long_ranking_folds_to_ten_on_a_phone_with_a_show_all_box(lang: str) -> None:
    spec = charts.ranking_chart(_long_ranking(14), 2020, 20, lang).to_dict()
    (param,) = [p for p in spec["params"] if p["name"] == charts.SHOW_ALL]
    assert param["value"] is False
    assert param["bind"] == {"input": "checkbox", "name": t("clusters.chart.show_all", lang, n=14)}
    (fold,) = [f["filter"] for f in spec["transform"]]
    # a phone's container shows the first ten, anything wider (or none: an image) all of them
    assert fold == (
        f"{charts.SHOW_ALL} || datum.position <= {charts.PHONE_ROWS}"
        f" || !(containerSize()[0] < {charts.PHONE_WIDTH})"
    )
    rows = pd.DataFrame(next(iter(spec["datasets"].values())))
    assert rows.sort_values("position")["rank"].tolist() == list(range(1, 15))  # rank order


def test_a_ranking_of_ten_or_fewer_never_folds() -> None:
    spec = charts.ranking_chart(_long_ranking(10), 2020, 10, "en").to_dict()
    assert "transform" not in spec
    assert all(p["name"] != charts.SHOW_ALL for p in spec.get("params", []))
