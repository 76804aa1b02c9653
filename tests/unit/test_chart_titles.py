"""Chart titles that wrap on a phone (charts.titles): where lines end, what is served, and
that export files get the titles back exactly as Altair wrote them."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest

from gba_dash.charts import titles
from gba_dash.ui import chart_specs

LONG_EN = "Filled = exact or about; hollow = estimate or lower bound; ◇ sources disagree"
LONG_ZH = "实心＝准确值或约数；空心＝预计值或下限；△/≥＝下限（超过）；≈＝约；~＝预计"


def _width(text: str) -> int:
    return sum(2 if "\u2e80" <= c <= "\uffef" and c not in "△≥◇" else 1 for c in text)


@pytest.mark.parametrize(
    "text", [LONG_EN, LONG_ZH, "Cluster ranking 2025: ranks held in the top 20"]
)
@pytest.mark.parametrize("units", [titles.TITLE_UNITS, titles.SUBTITLE_UNITS])
def test_lines_keep_every_character_and_fit_a_phone(text: str, units: int) -> None:
    lines = titles.breakable(text, units).split(titles.BREAK)
    assert "".join(lines) == text  # nothing dropped, nothing added
    assert len(lines) >= 2
    assert all(_width(line.rstrip()) <= units for line in lines), lines
    # never a line that starts with closing punctuation
    assert not any(line[:1] in "，。；：）,.;:)" for line in lines[1:]), lines


def test_a_line_ends_after_punctuation_when_one_is_near() -> None:
    lines = titles.breakable("2025年科技集群排名：前20名中已收录的名次", 30).split(titles.BREAK)
    assert lines == ["2025年科技集群排名：", "前20名中已收录的名次"]
    lines = titles.breakable("Cluster ranking 2025: ranks held in the top 20", 30)
    assert lines.split(titles.BREAK) == ["Cluster ranking 2025: ", "ranks held in the top 20"]


def test_a_short_title_is_left_alone() -> None:
    spec = {"title": {"text": "Short", "subtitle": ["Also short"]}, "mark": "point"}
    assert titles.for_phones(spec) == spec


def _chart(title) -> alt.Chart:
    frame = pd.DataFrame({"x": [1, 2], "y": ["a", "b"]})
    return alt.Chart(frame, title=title).mark_point().encode(x="x:Q", y="y:N")


@pytest.mark.parametrize(
    "title",
    [
        LONG_EN,
        alt.TitleParams(LONG_ZH, subtitle=[LONG_EN, "short"], anchor="start"),
        alt.TitleParams("short", subtitle=LONG_ZH),
    ],
)
def test_served_titles_are_phone_lines_or_the_whole_text(title) -> None:
    plain = _chart(title).to_dict()
    served = chart_specs.draw_spec_of(_chart(title))
    served_title = served["title"]
    expressions = (
        [v["expr"] for v in served_title.values() if isinstance(v, dict)]
        if isinstance(served_title, dict)
        else []
    )
    assert expressions, served_title
    for expr in expressions:
        # a phone gets the lines, any wider container (or none: an image) the text as written
        assert expr.startswith(f"containerSize()[0] < {titles.PHONE_WIDTH} ? [")
    # export files: the titles exactly as Altair wrote them
    assert titles.without_breaks(served)["title"] == plain["title"]


def test_phone_lines_are_a_vega_expression_that_parses() -> None:
    import vl_convert as vlc

    spec = chart_specs.draw_spec_of(
        _chart(alt.TitleParams(LONG_ZH + ' "quoted" \\ ', subtitle=LONG_EN))
    )
    spec = chart_specs.PreparedChart(spec).export_spec()
    vega = vlc.vegalite_to_vega(titles.for_phones(spec))
    text = vega["title"]["text"]
    assert "signal" in text
    assert json.dumps(LONG_ZH, ensure_ascii=False)[1:-1] in text["signal"]
    assert vlc.vegalite_to_svg(titles.for_phones(spec)).lstrip().startswith("<svg")  # renders
