"""Every chart's key point under it, with its copy button; none on a slide (its notes have it)."""

from __future__ import annotations

import pytest

from gba_dash.safe_text import md_unescape
from gba_dash.ui.chart_block import COPY_KEY
from tests.app.conftest import no_exceptions


def _copy_buttons(at) -> list:
    return [b for b in at.button if str(b.key or "").startswith(COPY_KEY)]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("page", ["clusters", "hightech", "pilots"])
def test_every_chart_drawn_has_its_key_point_and_a_copy_button(make_app, page, lang) -> None:
    at = make_app(lang, page=page)
    no_exceptions(at)
    charts = at.get("vega_lite_chart")
    buttons = _copy_buttons(at)
    assert charts
    assert len(buttons) == len(charts)
    shown = [md_unescape(str(m.value)) for m in at.markdown]
    for chart in charts:
        assert chart.proto.alt in shown  # the sentence screen readers hear, for every reader
    # a click in a browser is the page script's (no run); here it reruns, harmlessly
    buttons[0].click().run()
    no_exceptions(at)
    assert len(at.get("vega_lite_chart")) == len(charts)


def test_a_slide_shows_no_key_point_box(make_app) -> None:
    at = make_app("en", {"present": "1", "part": "ranking"}, page="clusters")
    no_exceptions(at)
    assert at.get("vega_lite_chart")
    assert not _copy_buttons(at)
