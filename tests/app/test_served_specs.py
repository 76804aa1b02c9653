"""Every chart a page serves, and exports, is the spec plain Altair gives for the same call.

Served charts are filled into cached templates (`charts.template`) or, for builders without
one, built with `charts.copies.attribute_copies()` (Altair's defensive copies of charts skipped,
bench/RESULTS.md), and exported from their served spec (the Arrow tables turned back into rows);
here each builder call a page made is built again with plain Altair (schema checks on) and the
specs compared, for every chart tab and view in the three languages.
"""

from __future__ import annotations

import contextlib
import json

import pytest

from gba_dash.charts import copies
from gba_dash.ui import chart_specs, data
from tests.app.conftest import no_exceptions


def _resolved(spec: dict) -> str:
    """`spec` as JSON with each named dataset written in where it is used (names differ)."""
    datasets = spec.get("datasets", {})

    def walk(node):
        if isinstance(node, dict):
            if set(node) == {"name"} and node["name"] in datasets:
                return {"values": datasets[node["name"]]}
            return {k: walk(v) for k, v in node.items() if k != "datasets"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    # As vl-convert and the zip read it, and as text: 1 and 1.0 differ there, not as numbers.
    return json.dumps(walk(spec), sort_keys=True, ensure_ascii=False)


RUNS = [
    ("clusters", "en", {"chart": "ranking"}),
    ("clusters", "zh-Hans", {"chart": "history"}),
    ("clusters", "zh-Hant", {"chart": "counts"}),
    ("clusters", "en", {"chart": "centres"}),
    ("clusters", "zh-Hant", {"chart": "profile"}),
    ("clusters", "en", {"chart": "profile", "edition": "2023", "cluster": "tokyo_yokohama"}),
    ("clusters", "zh-Hans", {"chart": "ranking", "edition": "2019", "top": "50"}),
    ("hightech", "zh-Hans", {}),
    ("hightech", "en", {"view": "yoy"}),
    ("hightech", "zh-Hant", {"view": "index"}),
    ("pilots", "en", {}),
    ("pilots", "zh-Hant", {}),
]


@pytest.mark.parametrize(("page", "lang", "params"), RUNS)
def test_served_chart_specs_equal_plain_altairs(
    make_app, monkeypatch: pytest.MonkeyPatch, page: str, lang: str, params: dict
) -> None:
    data._memo.clear()  # build every chart of this run afresh
    calls = []
    serve = chart_specs.chart

    def recording(builder, *args, **kwargs):
        served = serve(builder, *args, **kwargs)
        calls.append((builder, args, kwargs, served))
        return served

    monkeypatch.setattr(chart_specs, "chart", recording)
    no_exceptions(make_app(lang, params=params, page=page))
    built = [(b, a, k, s) for b, a, k, s in calls if s is not None]
    assert built, "the page served no chart"

    monkeypatch.setattr(copies, "attribute_copies", contextlib.nullcontext)
    for builder, args, kwargs, served in built:
        # A templated builder's chart is filled in, not built: compare it with the chart plain
        # Altair builds from the same call.
        plain = chart_specs.draw_spec_of(builder(*args, **kwargs), validate=True)
        assert plain == served.draw_spec, builder.__name__
        exported = _resolved(served.export_spec())
        assert exported == _resolved(chart_specs.chart_spec_of(builder(*args, **kwargs)))
        assert '"values"' in exported  # the tables were compared, not left out
