"""charts.projector: every chart of every page, drawn for a room, on the fixture world.

Checked on the spec a slide serves and on the SVG Vega draws from it (vl-convert, the same
Vega the browser runs): every text at least `TEXT_PX`, no length limit, no category label
hidden by overlap removal or cut with "…", long names broken into whole lines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import vl_convert as vlc

from gba_dash import db, view_links
from gba_dash.charts import projector
from gba_dash.ui import chart_block, style
from gba_dash.ui.chart_specs import PreparedChart, chart_spec_of, draw_spec_of

#: A view per chart of the pages (the overview has figures, not charts).
VIEWS = [
    ("clusters", {"chart": "ranking", "top": "20"}),
    ("clusters", {"chart": "history", "clusters": "szhkgz,tokyo_yokohama"}),
    ("clusters", {"chart": "counts"}),
    ("clusters", {"chart": "centres"}),
    ("clusters", {"chart": "profile"}),
    ("hightech", {"view": "level"}),
    ("hightech", {"view": "yoy"}),
    ("pilots", {"part": "map"}),
    ("pilots", {"part": "timeline"}),
    ("pilots", {"part": "targets", "pilot": "szhk_dvp"}),
]


@pytest.fixture(scope="module")
def database(world_db: Path):
    return db.ReadOnlyDatabase(world_db)


def _served_specs(database, lang: str) -> list[tuple[str, dict]]:
    """(block id, the spec the page serves) of every chart block of the views above."""
    out = []
    for page, query in VIEWS:
        view = view_links.open_view(database, page, query, lang)
        for block in view.blocks(presented=False):
            built = block.chart.build() if block.chart is not None else None
            if built is not None:
                out.append((block.id, draw_spec_of(built)))
    return out


def _walk(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "datasets":
                yield path, key, value
                yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}/{i}")


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_every_chart_text_is_set_for_the_room(database, lang: str) -> None:
    specs = _served_specs(database, lang)
    assert len(specs) >= len(VIEWS)
    for chart_id, served in specs:
        room = projector.for_room(served)
        for path, key, value in _walk(room):
            sized = key in ("fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize")
            if sized and isinstance(value, int | float):
                assert value >= projector.TEXT_PX, f"{chart_id}{path}: {key}={value}"
            if key in ("labelLimit", "titleLimit") and isinstance(value, int | float):
                assert value == 0, f"{chart_id}{path}: {key}={value}"
        assert room["config"]["title"]["fontSize"] >= projector.TITLE_PX
        compound = any(key in room for key in ("facet", "hconcat", "vconcat", "concat"))
        assert compound or room["height"] == "container", chart_id  # fills the slide's room
        # what Vega draws from it: no text smaller, none cut
        inline = PreparedChart(served).export_spec()  # vl-convert reads rows, not Arrow
        svg = vlc.vegalite_to_svg(projector.for_room(inline, width=1280, height=900))
        sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)px"', svg)]
        assert sizes
        assert min(sizes) >= projector.TEXT_PX, chart_id
        assert "…" not in re.sub(r"<title>.*?</title>|<desc>.*?</desc>", "", svg), chart_id


def test_the_served_spec_is_left_as_it_was(database) -> None:
    _, served = _served_specs(database, "en")[0]
    before = json.dumps(served, sort_keys=True, default=repr)
    room = projector.for_room(served)
    assert json.dumps(served, sort_keys=True, default=repr) == before
    assert room["datasets"] is served["datasets"]  # the data are shared, not copied


def test_category_labels_are_all_drawn_whole_and_broken_into_lines() -> None:
    import altair as alt
    import pandas as pd

    names = [
        "Shenzhen–Hong Kong–Guangzhou (China, Hong Kong, China)",
        "Standard Contract for the Cross-boundary Flow of Personal Information within the "
        "GBA (Mainland, Hong Kong)",
        *(f"Cluster {i}" for i in range(18)),
    ]
    frame = pd.DataFrame({"name": names, "rank": range(1, len(names) + 1)})
    chart = (
        alt.Chart(frame)
        .mark_point()
        .encode(y=alt.Y("name:N", sort=names, axis=alt.Axis(labelLimit=120)), x="rank:Q")
        .properties(height=240)
    )
    room = projector.for_room(chart_spec_of(chart))
    axis = room["encoding"]["y"]["axis"]
    assert axis["labelOverlap"] is False
    assert axis["labelLimit"] == 0
    svg = vlc.vegalite_to_svg(projector.for_room(chart_spec_of(chart), width=1280, height=2000))
    texts = re.findall(r"<text[^>]*?(?:opacity=\"(\d+(?:\.\d+)?)\")?[^>]*>(.*?)</text>", svg)
    shown = " ".join(re.sub(r"<[^>]+>", " ", body) for opacity, body in texts if opacity != "0")
    for name in names:
        for word in name.split():
            assert word in shown, word  # every word of every name is drawn
    assert all(opacity != "0" for opacity, _ in texts)  # nothing hidden by overlap removal
    assert len(projector.label_lines(names[1])) > 1
    assert all(len(line) <= projector.LABEL_UNITS for line in projector.label_lines(names[1]))
    # a room needs the height of every band's lines
    assert projector.min_height(room) >= len(names) * projector.LINE_PX


def test_chinese_names_break_before_a_bracket_not_inside_a_word() -> None:
    lines = projector.label_lines("深圳-香港-广州（中国、中国香港）" * 2, units=20)
    assert len(lines) > 1
    assert all(not line.startswith(("、", "）")) for line in lines)


def test_every_tall_chart_height_has_its_rule_in_the_slide_css() -> None:
    step = chart_block.TALL_STEP_PX
    first = -(-(chart_block.ROOM_FITS_PX + 1) // step) * step
    for height in range(first, chart_block.TALL_MAX_PX + 1, step):
        rule = f'[class*="st-key-{chart_block.TALL_KEY}{height}_"] {{ min-height: {height}px'
        assert rule in style.PRESENT, height


def test_room_specs_are_made_once_per_prepared_chart(database) -> None:
    _, served = _served_specs(database, "en")[0]
    chart = PreparedChart(served)
    assert chart.room_spec is chart.room_spec
