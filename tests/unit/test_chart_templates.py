"""Templated charts: a filled template is the spec plain Altair writes, state after state.

Every chart a page model requests is built twice over many filter states of the real data, in
the three languages: once as served (its parts put into the cached template of its layout) and
once by plain Altair (the layout run with the real values, schema checks on, Altair's own
copies), and the two draw specs compared, Arrow tables included.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from gba_dash import db, queries
from gba_dash.charts import copies, template
from gba_dash.charts.request import ChartRequest
from gba_dash.pagemodels import clusters, hightech, pilots
from gba_dash.ui import chart_specs
from tests import chart_states

LANGS = chart_states.LANGS


@pytest.fixture(scope="module")
def query(real_db: Path) -> Iterator:
    con = db.open_readonly(real_db)
    yield lambda name, *args: getattr(queries, name)(con, *args)
    con.close()


def _plain_spec(request: ChartRequest) -> dict:
    with contextlib.ExitStack() as stack:
        stack.enter_context(pytest.MonkeyPatch.context()).setattr(
            copies, "attribute_copies", contextlib.nullcontext
        )
        return chart_specs.draw_spec_of(request.build(), validate=True)


def _assert_served_equals_plain(blocks: list) -> dict[str, int]:
    """Compares every chart the blocks request; returns how many per builder."""
    compared: dict[str, int] = {}
    for block in blocks:
        for req in chart_states.requests(block):
            assert hasattr(req.builder, "parts"), f"{req.builder.__name__} is not templated"
            served = chart_specs.chart(req.builder, *req.args, **req.kwargs)
            if served is None:  # nothing to draw: plain Altair draws nothing either
                assert req.build() is None, req.builder.__name__
                continue
            assert served.draw_spec == _plain_spec(req), req.builder.__name__
            compared[req.builder.__name__] = compared.get(req.builder.__name__, 0) + 1
    return compared


@pytest.mark.parametrize("lang", LANGS)
def test_cluster_charts_served_from_templates_equal_plain_altair(query, lang: str) -> None:
    tables = clusters.load(query)
    blocks = chart_states.cluster_states(tables, lang, random.Random(lang), 12)
    compared = _assert_served_equals_plain(blocks)
    assert set(compared) == {
        "ranking_chart",
        "rank_history_chart",
        "centres_chart",
        "economy_counts_chart",
        "shares_chart",
        "intensity_chart",
        "leaders_chart",
    }
    assert min(compared.values()) >= 6, compared


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.slow
def test_hightech_and_pilot_charts_served_from_templates_equal_plain_altair(
    query, lang: str
) -> None:
    rng = random.Random(lang)
    compared = _assert_served_equals_plain(
        chart_states.hightech_states(hightech.load(query), lang, rng, 14)
        + chart_states.pilot_states(pilots.load(query), lang, rng, 10)
    )
    assert set(compared) >= {
        "trend_measure_chart",
        "share_chart",
        "exports_chart",
        "cities_chart",
        "city_map",
        "milestone_timeline",
        "targets_chart",
    }, compared


# --- the template machinery itself ------------------------------------------------------------


def _spec(chart) -> dict:
    return chart_specs.draw_spec_of(chart, validate=False)


def _build(layout) -> template.Template:
    """As the server builds a template: schema checks off (a stand-in is not a number)."""
    with chart_specs._serving_altair():
        return template.build(layout, ("en",), _spec)


def test_a_layout_that_computes_with_a_value_is_refused() -> None:
    def layout(lang, v, tables):
        return alt.Chart(tables["data"]).mark_point().properties(height=v["n"] + 1)

    with pytest.raises(TypeError):  # a stand-in is a string: arithmetic on it fails loudly
        _build(layout)

    def hides(lang, v, tables):
        return alt.Chart(tables["data"]).mark_point().properties(title=f"Top {v['top']}")

    with pytest.raises(template.TemplateError, match="part of the string"):
        _build(hides)

    def reads_but_drops(lang, v, tables):
        v["unused"]
        return alt.Chart(tables["data"]).mark_point()

    with pytest.raises(template.TemplateError, match="unused"):
        _build(reads_but_drops)


def test_an_unnamed_layer_with_a_parameter_is_refused() -> None:
    def layout(lang, v, tables):
        pick = alt.selection_point(name="p", fields=["a"])
        base = alt.Chart().mark_point().encode(x=alt.X("a:Q", title=v["t"]))
        return alt.layer(base.add_params(pick), base, data=tables["data"])

    with pytest.raises(template.TemplateError, match="name the layer"):
        _build(layout)


def test_fill_copies_only_the_way_to_each_slot() -> None:
    def layout(lang, v, tables):
        # In the constructor: `.properties()` checks its values against the schema even with
        # checks off, and a stand-in is not a number.
        return (
            alt.Chart(tables["data"], title=v["title"], height=v["height"])
            .mark_bar()
            .encode(x=alt.X("a:Q", scale=alt.Scale(domain=[0, v["top"]])), y="b:N")
        )

    built = _build(layout)
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    values = {"top": 5, "title": "T", "height": 100}
    one = built.fill(values, {"data": frame}, chart_specs._arrow_table)
    two = built.fill({**values, "top": 9}, {"data": frame}, chart_specs._arrow_table)
    assert one == _spec(template.ChartParts(layout, ("en",), values, {"data": frame}).to_altair())
    assert one["encoding"]["x"]["scale"]["domain"] == [0, 5]
    assert two["encoding"]["x"]["scale"]["domain"] == [0, 9]
    assert one["encoding"]["y"] is two["encoding"]["y"]  # shared: no slot below it
    assert built.spec["encoding"]["x"]["scale"]["domain"][1].startswith("\x1e")  # untouched
