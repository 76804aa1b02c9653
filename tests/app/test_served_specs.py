"""Every chart a page serves is the spec plain Altair gives for the same builder call.

Served charts are built with `charts.copies.attribute_copies()` (Altair's defensive copies of
charts skipped, bench/RESULTS.md); here each builder call a page made is built again without it
and the two draw specs compared, for every chart tab and view in the three languages.
"""

from __future__ import annotations

import contextlib

import pytest

from gba_dash.charts import copies
from gba_dash.ui import data
from tests.app.conftest import no_exceptions

RUNS = [
    ("clusters", "en", {"chart": "ranking"}),
    ("clusters", "zh-Hans", {"chart": "history"}),
    ("clusters", "zh-Hant", {"chart": "counts"}),
    ("clusters", "en", {"chart": "centres"}),
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
    serve = data.chart

    def recording(builder, *args, **kwargs):
        served = serve(builder, *args, **kwargs)
        calls.append((builder, args, kwargs, served))
        return served

    monkeypatch.setattr(data, "chart", recording)
    no_exceptions(make_app(lang, params=params, page=page))
    built = [(b, a, k, s) for b, a, k, s in calls if s is not None]
    assert built, "the page served no chart"

    monkeypatch.setattr(copies, "attribute_copies", contextlib.nullcontext)
    for builder, args, kwargs, served in built:
        plain = serve(builder, *args, **kwargs)
        assert plain.draw_spec == served.draw_spec, builder.__name__
