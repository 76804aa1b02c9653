"""Page models without Streamlit, on the fixture world: their filters, and the page-model
contract (`pagemodels.contract`) every one of them returns — sections holding blocks whose chart
is a request, never a dict read by key across packages."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import altair as alt
import pytest

from gba_dash import db, queries
from gba_dash.charts.request import ChartRequest
from gba_dash.pagemodels import clusters, contract, hightech, overview, pilots


@pytest.fixture
def query(world_db: Path):
    con = db.open_readonly(world_db)
    yield lambda name, *args: getattr(queries, name)(con, *args)
    con.close()


def _contract_values(value) -> list:
    """Every value of the contract inside `value` (sections, blocks, cards …)."""
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if dataclasses.is_dataclass(item):
            found.append(item)
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
        elif isinstance(item, tuple | list):
            stack.extend(item)
    return found


def _assert_contract(sections) -> None:
    assert isinstance(sections, tuple)
    assert sections
    assert all(isinstance(s, contract.Section) for s in sections)
    for value in _contract_values(sections):
        if isinstance(value, contract.Block):
            assert value.chart is None or isinstance(value.chart, ChartRequest)
            assert value.id
            assert value.key_point


def test_clusters_model_declares_its_filters_by_url_key(query) -> None:
    tables = clusters.load(query)
    opts = clusters.options(tables, "en")
    declared = clusters.filters(opts, "en")
    assert [f.key for f in declared] == [
        "edition",
        "top",
        "economies",
        "clusters",
        "editions",
    ]
    assert clusters.profile_filter(opts, "en").key == "cluster"
    edition = declared[0]
    first, latest = opts["editions"][0], opts["editions"][-1]
    assert edition.param.default == str(latest)  # the latest edition held, whatever it is
    assert edition.param.read(str(first)) == (str(first), True)
    assert edition.param.read("1999") == (edition.param.default, False)  # bad: default + warning
    assert declared[1].param.read("21") == (21, True)
    assert clusters.lead(tables, "en").endswith(f"{first}–{latest}.")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_clusters_sections_hold_a_block_with_a_chart_request(query, lang: str) -> None:
    tables = clusters.load(query)
    latest = tables["editions"][-1]
    ranking = clusters.ranking_section(tables, latest, 20, (), lang)
    _assert_contract((ranking,))
    block = ranking.block
    held = tables["ranks"].query(f"edition == {latest}")
    assert set(held["source_ids"].explode()) <= set(block.source_ids)  # what "Cite this" lists
    chart = block.chart.build()
    assert isinstance(chart, alt.TopLevelMixin)
    assert str(latest) in block.key_point
    assert len(block.table) == len(held)
    history = clusters.history_section(tables, ("szhkgz",), (tables["editions"][0], latest), lang)
    assert history.block.chart.builder.__name__ == "rank_history_chart"
    counts = clusters.counts_section(tables, (), (latest, latest), lang)
    _assert_contract((history, counts))
    nothing = clusters.history_section(tables, (), (latest, latest), lang)
    assert nothing.block.chart is None  # nothing to draw: no chart, never an empty one


def test_pilots_sections_in_order_and_presentable_parts(query) -> None:
    tables = pilots.load(query)
    opts = pilots.options(tables, "zh-Hant")
    assert [f.key for f in pilots.filters(opts, "zh-Hant")] == [
        "status",
        "domain",
        "cities",
        "pilot",
    ]
    shown = pilots.sections(tables, (), (), (), "", "2026-12-03", "en")
    _assert_contract(shown)
    assert [s.part for s in shown] == ["glance", "map", "", "timeline", "targets"]
    assert {s.part for s in shown} - {""} == set(pilots.PARTS)  # each part can be presented
    glance, map_, board, timeline, targets = shown
    assert all(row.figures for row in glance.metrics)
    assert map_.block.id == pilots.MAP_ID
    assert timeline.block.chart.build().to_dict()["datasets"]
    assert targets.block.chart.builder.__name__ == "targets_chart"
    names = set(tables["pilots"]["name_en"])
    assert len(board.board.cards) == len(names)
    none = pilots.sections(tables, ("announced",), (), (), "", "2026-12-03", "en")[2].board
    assert none.cards == ()
    assert none.empty_text


def test_hightech_model_has_three_filter_steps_and_ordered_sections(query) -> None:
    tables = hightech.load(query)
    opts = hightech.options(tables, "en")
    metric = hightech.metric_filter(opts, "en", None)
    assert metric.param.default == opts["metrics"][0]
    keys = [f.key for f in hightech.selection_filters(opts, "rd_intensity", "en")]
    assert keys == ["geos", "years", "view"]
    years = (opts["first_year"], opts["last_year"])
    shown = hightech.sections(
        tables, "hightech_enterprises", ("guangdong",), years, "yoy", None, "en"
    )
    _assert_contract(shown)
    assert [s.part for s in shown] == list(hightech.PARTS)
    trend = shown[0]
    assert trend.block.id == "hightech-trend-hightech_enterprises-yoy"
    assert trend.captions  # the yoy rule is said under the chart
    assert trend.block.chart.builder.__name__ == "trend_measure_chart"
    # with R&D intensity as the metric, its comparison chart is not drawn twice
    rd = hightech.sections(tables, "rd_intensity", ("guangdong",), years, "level", None, "en")
    assert rd[2].block is None


def test_overview_model_cards_cite_their_source(query) -> None:
    tables = overview.load(query)
    (headlines,) = overview.sections(tables, "en")
    _assert_contract((headlines,))
    assert len(headlines.cards) == len(tables["headlines"])
    for card in headlines.cards:
        assert card.source_ids
        assert card.lines
    intro, vintage = overview.intro(tables, "en")
    editions = tables["editions"]
    assert f"({editions[0]}–{editions[-1]})" in intro
    assert vintage == max(tables["sources"]["published"].dropna())
