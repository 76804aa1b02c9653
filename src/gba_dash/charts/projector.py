"""Charts drawn for a room: the same spec, its text sized for the back of the room.

A chart on the page is set for a reader at arm's length (11-13 px labels); projected, the
smallest of them was under 1% of the screen's height. `for_room` turns any served spec into
the one a presented slide draws and a deck file's image shows:

- every text of the chart at least `TEXT_PX` (2% of a 1080-line screen, 3% of a 720-line
  one), titles at `TITLE_PX`; a text mark's offsets grow with its text;
- no category label hidden or cut: Vega's label overlap removal is off on category axes, no
  length limit anywhere, and a long name (a cluster's, a pilot's) is broken into lines (the
  highlighted Bay Area item included: every name is drawn whole);
- the chart fills its container (`height: "container"`) or an image's `width` × `height`.

Applied to the spec as served (undoing `titles.for_phones`): the templates stay plain Altair,
the data is shared, never copied. Core module: no Streamlit.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

from gba_dash.charts import titles

#: The smallest chart text in a room (px): 2% of a 1080-line screen's height.
TEXT_PX = 22
#: A chart's title in a room (px).
TITLE_PX = 30
#: A category label's line, in width units (a CJK character counts two): under half of a
#: 1280 px chart at `TEXT_PX` (a cluster's name and economy on one line); a text mark's line
#: (a bar's label) about as long.
LABEL_UNITS, TEXT_UNITS = 56, 60
#: A label beside a mark (left-aligned, moved right of it: a line's end label) and a label
#: drawn along a rule (turned a quarter) break shorter: they must not leave the plot.
BESIDE_UNITS, TURNED_UNITS = 16, 22
#: Category labels beside bars that carry their own text lines break shorter.
LABEL_UNITS_BESIDE_TEXT = 40
#: The field a long text mark's lines are computed into.
TEXT_LINES = "room_lines"
#: Height (px) a category label's line takes; what a chart's title, legend and x axis take.
LINE_PX, FRAME_PX, BAND_GAP_PX = 26, 170, 6
#: A bar's centre below the top of its band, and half its thickness, when its label is drawn
#: under it (px).
BAR_CENTRE_PX, BAR_HALF_PX = 18, 11
_UNDER = "gba_room_under"
#: Where a room spec says the height its category labels need (`min_height`).
MIN_HEIGHT = "gba_room_min_height"
TITLE_UNITS, SUBTITLE_UNITS = 64, 90  # a title's and a subtitle's line at 1280 px
POINT_SIZE = 360  # px², points grow with the text beside them

_TEXT_KEYS = ("labelFontSize", "titleFontSize", "subtitleFontSize", "fontSize")
_CATEGORY = ("nominal", "ordinal")
_COMPOSED = ("layer", "concat", "hconcat", "vconcat")


def for_room(spec: Mapping, *, width: int | None = None, height: int | None = None) -> dict:
    """A copy of the served `spec` as a room sees it (module docstring): filling its container,
    or `width` × `height` px when both are given (an image)."""
    datasets = spec.get("datasets", {})
    out = copy.deepcopy({k: v for k, v in titles.without_breaks(spec).items() if k != "datasets"})
    text_lines: list[int] = []
    # labels under bars share the plot's width with the category labels: those break shorter
    labelled_bars = _has_labels_above_bars(out)
    units = LABEL_UNITS_BESIDE_TEXT if labelled_bars else LABEL_UNITS
    _walk(out, datasets, out.get("data"), text_lines, units)
    if isinstance(spec.get("height"), int | float):
        _pin_to_foot(out, spec["height"])
    _room_titles(out)
    # a legend beside long category labels would leave a bullet's text lines no room
    beside = bool(_category_bands(out, datasets)[0]) and not labelled_bars
    out["config"] = _config(out.get("config", {}), beside=beside)
    if width and height:
        out["width"], out["height"] = width, height
        out["autosize"] = {"type": "fit", "contains": "padding"}
    elif not any(key in out for key in (*_COMPOSED[1:], "facet", "repeat")):
        out["height"] = "container"
        out["autosize"] = {"type": "fit", "contains": "padding"}
    bands, tallest = _category_bands(out, datasets, units)
    under = _labels_under_bars(out)
    _drop(out, _UNDER)
    text = max(text_lines, default=0)
    band_px = max(tallest * LINE_PX, under + text * LINE_PX if under else 0) + BAND_GAP_PX
    if bands:
        # what the category axis needs drawn whole (the slide grows to it when the room is less)
        out["usermeta"] = {**out.get("usermeta", {}), MIN_HEIGHT: bands * band_px + FRAME_PX}
    if datasets:
        out["datasets"] = datasets
    return out


def _drop(node: Any, key: str) -> None:
    """`key` removed from every mapping in `node` (a mark flag Vega-Lite must not see)."""
    if isinstance(node, dict):
        node.pop(key, None)
        for value in node.values():
            _drop(value, key)
    elif isinstance(node, list):
        for value in node:
            _drop(value, key)


def _pin_to_foot(node: Any, height: float) -> None:
    """A mark placed at a fixed pixel height near the foot of a chart of `height` (a gap's
    "?" under the axis line) stays at the foot of the room's taller or shorter chart."""
    if isinstance(node, list):
        for item in node:
            _pin_to_foot(item, height)
        return
    if not isinstance(node, dict):
        return
    y = node.get("encoding", {}).get("y") if isinstance(node.get("encoding"), dict) else None
    value = y.get("value") if isinstance(y, dict) else None
    if isinstance(value, int | float) and height - 12 <= value <= height:
        y["value"] = {"expr": f"height - {height - value:g}"}
    for key in _COMPOSED:
        _pin_to_foot(node.get(key), height)


def min_height(spec: Mapping) -> int:
    """The height (px) a room spec needs to draw its category labels apart; 0 when any will do."""
    return int(spec.get("usermeta", {}).get(MIN_HEIGHT, 0))


def _category_bands(spec: Mapping, datasets: Mapping, units: int = LABEL_UNITS) -> tuple[int, int]:
    """(categories, lines of the longest label) of the category axis on y, found in the first
    view or layer that has one; (0, 0) when there is none."""
    views = [spec, *spec.get("layer", [])]
    for view in views:
        channel = view.get("encoding", {}).get("y")
        if isinstance(channel, dict) and channel.get("type") in _CATEGORY:
            data = view.get("data", spec.get("data"))
            order = channel.get("sort")
            values = (
                order if isinstance(order, list) else _column(datasets, data, channel.get("field"))
            )
            values = list(values)
            tallest = max((len(label_lines(str(v), units)) for v in values), default=0)
            return len(values), tallest
    return 0, 0


def _labels_under_bars(spec: dict) -> int:
    """A bar chart whose text marks stood above their bars (now under them, `_room_text`):
    bars and ticks at the top of their band, the text under them, so a band holds both. The
    px the bar takes above its text; 0 when the spec has no such marks."""
    layers = spec.get("layer")
    if not isinstance(layers, list):
        return 0
    under = [v for v in layers if isinstance(v.get("mark"), dict) and v["mark"].get(_UNDER)]
    if not under:
        return 0
    for layer in layers:
        mark = layer.get("mark") if isinstance(layer.get("mark"), dict) else {}
        encoding = layer.get("encoding", {})
        if mark.get("type") in ("bar", "tick", "rect") and "y" in encoding:
            encoding["yOffset"] = {"value": BAR_CENTRE_PX}
    for layer in under:
        layer["mark"].pop(_UNDER)
        layer["mark"]["dy"] = 0
        layer["encoding"]["yOffset"] = {"value": BAR_CENTRE_PX + BAR_HALF_PX + 4}
    return BAR_CENTRE_PX + BAR_HALF_PX + 4


def _config(config: Mapping, *, beside: bool = False) -> dict:
    """The theme's config with room sizes (each marks' own sizes are raised by `_walk`). A
    legend goes above the plot, in a row, unless long category labels already take the left
    of it (`beside`): then it stands on the right, where a row of it would run off."""
    text = {"labelFontSize": TEXT_PX, "titleFontSize": TEXT_PX}
    return {
        **config,
        "axis": {**config.get("axis", {}), **text, "labelLimit": 0, "titleLimit": 0},
        "legend": {
            **config.get("legend", {}),
            **text,
            "orient": "right" if beside else "top",
            "direction": "vertical" if beside else "horizontal",
            "labelLimit": 0,
            "titleLimit": 0,
            "symbolSize": POINT_SIZE,
        },
        "header": {**config.get("header", {}), **text, "labelLimit": 0},
        "title": {
            **config.get("title", {}),
            "fontSize": TITLE_PX,
            "subtitleFontSize": TEXT_PX,
            "limit": 0,
        },
        "text": {**config.get("text", {}), "fontSize": TEXT_PX, "limit": 0, "lineHeight": LINE_PX},
    }


def _room_titles(spec: dict) -> None:
    """Titles broken into lines at room widths (Vega cuts a title at the chart's width)."""
    title = spec.get("title")
    if title:
        node = dict(title) if isinstance(title, Mapping) else {"text": title}
        for key, units in (("text", TITLE_UNITS), ("subtitle", SUBTITLE_UNITS)):
            value = node.get(key)
            given = [value] if isinstance(value, str) else value
            if isinstance(given, list) and all(isinstance(v, str) for v in given):
                lines = [
                    line
                    for text in given
                    for line in titles.breakable(text, units).split(titles.BREAK)
                ]
                node[key] = lines if len(lines) > 1 else value
        node["fontSize"] = max(TITLE_PX, node.get("fontSize", 0) or 0)
        spec["title"] = node
    for key in _COMPOSED:
        for child in spec.get(key, []) if isinstance(spec.get(key), list) else []:
            if isinstance(child, dict):
                _room_titles(child)


def _has_labels_above_bars(spec: Mapping) -> bool:
    """Whether a layer draws text above its band's bar (a bullet chart's labels)."""
    return any(
        isinstance(layer.get("mark"), dict)
        and layer["mark"].get("type") == "text"
        and layer["mark"].get("baseline") == "bottom"
        and layer["mark"].get("angle") not in (90, 270)
        for layer in spec.get("layer", [])
        if isinstance(layer, dict)
    )


def _walk(
    node: Any, datasets: Mapping, data: Any, text_lines: list[int], units: int = LABEL_UNITS
) -> None:
    """Raise every text size, lift every limit, keep every category label, in place."""
    if isinstance(node, list):
        for item in node:
            _walk(item, datasets, data, text_lines, units)
        return
    if not isinstance(node, dict):
        return
    data = node.get("data", data)
    mark = node.get("mark")
    if mark == "text" or (isinstance(mark, dict) and mark.get("type") == "text"):
        text_lines.append(_room_text(node, datasets, data))
    if isinstance(mark, dict):
        _room_mark(mark)
    elif mark == "text":
        node["mark"] = {"type": "text", "fontSize": TEXT_PX}
    elif mark in ("point", "circle", "square"):
        node["mark"] = {"type": mark, "size": POINT_SIZE}
    encoding = node.get("encoding")
    if isinstance(encoding, dict):
        for channel in ("x", "y"):
            _room_axis(encoding.get(channel), datasets, data, channel, units)
    for key, value in node.items():
        if key in ("data", "datasets", "config"):
            continue
        if key in _TEXT_KEYS and isinstance(value, int | float):
            node[key] = max(value, TEXT_PX)
        elif key in ("labelLimit", "titleLimit") or (key == "limit" and "text" in node):
            node[key] = 0
        else:
            _walk(value, datasets, data, text_lines, units)


def _room_mark(mark: dict) -> None:
    """A mark's own sizes for the room: text at least `TEXT_PX`, its offsets in step; points
    as large as the room's legend symbols."""
    kind = mark.get("type")
    if kind == "text":
        before = mark.get("fontSize") or 11
        after = max(before, TEXT_PX)
        for offset in ("dx", "dy"):
            if isinstance(mark.get(offset), int | float):
                mark[offset] = round(mark[offset] * after / before, 1)
        mark["fontSize"] = after
        mark["limit"] = 0
    elif kind in ("point", "circle", "square") and isinstance(mark.get("size"), int | float):
        mark["size"] = max(mark["size"], POINT_SIZE)


#: Room between two labels of a number or date axis (px): no label is then hidden by
#: Vega's overlap removal at the room's text size.
TICK_SPACING = {"x": 150, "y": 70}


def _room_scale_axis(name: str, channel: dict) -> None:
    """A number or date axis with as many ticks as fit the room's text apart."""
    axis = channel.get("axis", {})
    if axis is None:
        return
    axis = dict(axis)
    size = "width" if name == "x" else "height"
    values = axis.get("values")
    if isinstance(values, list) and all(isinstance(v, int | float) for v in values):
        if (channel.get("scale") or {}).get("type") == "log":
            # ranks on a log axis: 1, 3, 10, 30, 100 lie evenly apart
            axis["values"] = [v for v in values if str(v).lstrip("-")[:1] in "13"] or values
        elif len(values) > 6:
            step = -(-len(values) // 6)
            axis["values"] = values[::step]
    else:
        axis.pop("tickCount", None)
        axis["tickCount"] = {"expr": f"max(2, floor({size} / {TICK_SPACING[name]}))"}
    channel["axis"] = axis


def _room_axis(
    channel: Any, datasets: Mapping, data: Any, name: str = "y", units: int = LABEL_UNITS
) -> None:
    """A category axis that shows every label whole: overlap removal off, long names broken;
    a number or date axis with its ticks apart."""
    if not isinstance(channel, dict):
        return
    if channel.get("type") in ("quantitative", "temporal"):
        _room_scale_axis(name, channel)
        return
    if channel.get("type") not in _CATEGORY:
        return
    axis = channel.get("axis", {})
    if axis is None:
        return
    axis = dict(axis)
    axis["labelOverlap"] = False
    axis["labelLimit"] = 0
    field = channel.get("field")
    order = channel.get("sort")
    values = order if isinstance(order, list) else _column(datasets, data, field)
    # the room's label is the value whole (a page's short form, a lookup, is dropped)
    lines = {v: broken for v in values if len(broken := label_lines(str(v), units)) > 1}
    if lines:
        axis["labelExpr"] = f"{_json(lines)}[datum.label] || datum.label"
        # Vega sets a label's first line at the tick: centre the lines on it instead
        lift = {v: -(len(broken) - 1) * LINE_PX / 2 for v, broken in lines.items()}
        axis["labelOffset"] = {"expr": f"{_json(lift)}[datum.value] || 0"}
    else:
        axis.pop("labelExpr", None)
    axis["labelLineHeight"] = LINE_PX
    channel["axis"] = axis


def _room_text(node: dict, datasets: Mapping, data: Any) -> int:
    """A text mark's long values (a bar's label) drawn in lines, not run off the chart; the
    most lines a value takes (0 when none is long)."""
    text = node.get("encoding", {}).get("text")
    if not isinstance(text, dict) or not isinstance(text.get("field"), str):
        return 0
    mark = node.get("mark") if isinstance(node.get("mark"), dict) else {}
    if mark.get("angle") in (90, 270):
        units = TURNED_UNITS
    elif mark.get("align") == "left" and (mark.get("dx") or 0) > 2:
        units = BESIDE_UNITS
    else:
        units = TEXT_UNITS
    lines = {
        v: broken
        for v in _column(datasets, data, text["field"])
        if len(broken := label_lines(str(v), units)) > 1
    }
    if not lines:
        return 0
    expr = f"{_json(lines)}[datum[{_json(text['field'])}]] || datum[{_json(text['field'])}]"
    node["transform"] = [*node.get("transform", []), {"calculate": expr, "as": TEXT_LINES}]
    node["encoding"]["text"] = {"field": TEXT_LINES, "type": "nominal"}
    if mark.get("baseline") == "bottom" and mark.get("angle") not in (90, 270):
        # Vega sets a text's first line at its anchor and the rest below it: a label above
        # its mark goes under it instead, its lines clear of the mark
        mark["baseline"] = "top"
        mark["dy"] = abs(mark.get("dy", 0))
        mark[_UNDER] = True
    return max(len(v) for v in lines.values())


def label_lines(label: str, units: int = LABEL_UNITS) -> list[str]:
    """A category label as the lines a room sees: broken where a line may end (a space,
    between CJK characters, before an opening bracket), each at most `units` wide where it
    can be."""
    spaced = label.replace("（", " （")
    lines = titles.breakable(spaced, units).split(titles.BREAK)
    return [line.replace(" （", "（").strip() for line in lines if line.strip()]


def _column(datasets: Mapping, data: Any, field: Any) -> Iterable:
    """The distinct values of `field` in the view's data (a named Arrow or inline dataset)."""
    if not isinstance(field, str) or not isinstance(data, Mapping):
        return ()
    raw = datasets.get(data.get("name")) if "name" in data else data.get("values")
    if isinstance(raw, bytes):
        table = pa.ipc.open_stream(raw).read_all()
        if field not in table.column_names:
            return ()
        return dict.fromkeys(v for v in table.column(field).to_pylist() if v is not None)
    if isinstance(raw, list):
        return dict.fromkeys(r.get(field) for r in raw if isinstance(r, Mapping) and r.get(field))
    return ()


def _json(value: Any) -> str:
    # A JSON object or array is a Vega expression literal, too.
    return json.dumps(value, ensure_ascii=False)
