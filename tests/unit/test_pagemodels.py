"""Page models without Streamlit: their filters and blocks on a database of the test's own."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pytest

from gba_dash import db, queries
from gba_dash.charts.request import ChartRequest
from gba_dash.pagemodels import clusters


@pytest.fixture
def query(real_db: Path):
    con = db.open_readonly(real_db)
    yield lambda name, *args: getattr(queries, name)(con, *args)
    con.close()


def test_clusters_model_declares_its_filters_by_url_key(query) -> None:
    tables = clusters.load(query)
    opts = clusters.options(tables, "en")
    declared = clusters.filters(opts, "en")
    assert [f.key for f in declared] == ["edition", "top", "economies", "clusters", "editions"]
    edition = declared[0]
    assert edition.param.default == str(opts["editions"][-1])
    assert edition.param.read("2017") == ("2017", True)
    assert edition.param.read("1999") == (edition.param.default, False)  # bad: default + warning
    assert declared[1].param.read("21") == (21, True)


def test_clusters_blocks_are_plain_values_with_a_chart_request(query) -> None:
    tables = clusters.load(query)
    block = clusters.ranking_block(tables, 2025, 20, (), "zh-Hans")
    assert set(block) == {"chart", "table", "alt_text", "source_text", "source_ids"}
    szhkgz = tables["ranks"].query("edition == 2025 and cluster_id == 'szhkgz'")
    assert set(szhkgz["source_ids"].iloc[0]) <= set(block["source_ids"])  # what "Cite this" lists
    assert isinstance(block["chart"], ChartRequest)
    chart = block["chart"].build()
    assert isinstance(chart, alt.TopLevelMixin)
    assert chart.to_dict()["title"]["subtitle"] == "未收录第17、18、20名"
    assert "2025" in block["alt_text"]
    history = clusters.history_block(tables, ("szhkgz", "macao_zhuhai"), (2017, 2025), "en")
    assert history["chart"].builder.__name__ == "rank_history_chart"
    assert "“?” marks an edition" in history["source_text"]
    counts = clusters.counts_block(tables, ("CN",), (2025, 2025), "en")
    assert counts["chart"].build().to_dict()["datasets"]  # the rows travel in the spec
    nothing = clusters.history_block(tables, (), (2017, 2025), "en")
    assert nothing["chart"] is None  # nothing to draw: no chart, never an empty one


def test_pilots_model_filters_and_sections(query) -> None:
    from gba_dash.pagemodels import pilots

    tables = pilots.load(query)
    opts = pilots.options(tables, "zh-Hant")
    assert [f.key for f in pilots.filters(opts, "zh-Hant")] == [
        "status",
        "domain",
        "cities",
        "pilot",
    ]
    views = pilots.page_views(tables, ("operational",), (), (), "", "2026-12-03", "en")
    assert views["map"]["chart"].builder.__name__ == "city_map"
    timeline, targets = views["sections"]
    assert (timeline["part"], targets["part"]) == ("timeline", "targets")
    assert {timeline["part"], targets["part"]} <= set(pilots.PARTS)  # each can be presented
    assert timeline["block"]["chart"].build().to_dict()["datasets"]
    assert targets["block"]["chart"].builder.__name__ == "targets_chart"
    statuses = {card["badge"] for card in views["board"]["cards"]}
    assert statuses == {"Operational"}


def test_hightech_model_has_three_filter_steps_and_ordered_sections(query) -> None:
    from gba_dash.pagemodels import hightech

    tables = hightech.load(query)
    opts = hightech.options(tables, "en")
    metric = hightech.metric_filter(opts, "en", None)
    assert metric.param.default == opts["metrics"][0]
    keys = [f.key for f in hightech.selection_filters(opts, "rd_intensity", "en")]
    assert keys == ["geos", "years", "view"]
    years = (opts["first_year"], opts["last_year"])
    index = hightech.index_bases(tables, "hightech_enterprises", ("guangdong",), years, "en")
    assert index["bases"]
    assert hightech.base_filter(index, "en").param.default == index["default"]
    shown = hightech.page_views(
        tables, "hightech_enterprises", ("guangdong",), years, "yoy", None, "en"
    )
    ids = [section["id"] for section in shown["sections"]]
    assert ids == [
        "hightech-trend-hightech_enterprises-yoy",
        "hightech-share",
        "hightech-rd-intensity",
        "hightech-exports",
        "hightech-cities",
    ]
    trend = shown["sections"][0]
    assert trend["captions"]  # the yoy rule is said under the chart
    assert trend["block"]["chart"].builder.__name__ == "trend_view_chart"
    # with R&D intensity as the metric, its comparison chart is not drawn twice
    rd = hightech.page_views(tables, "rd_intensity", ("guangdong",), years, "level", None, "en")
    assert rd["sections"][2]["block"] is None


def test_overview_model_cards_cite_the_article(query) -> None:
    from gba_dash.pagemodels import overview

    shown = overview.cards(overview.load(query), "en")
    assert len(shown["cards"]) >= 15
    assert all("[" in lines[1] for _label, _value, lines, _page in shown["cards"])
    assert shown["vintage"] >= "2026-01"
