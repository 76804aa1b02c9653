"""What every high-tech chart shares: colours per place, shapes per qualifier, axes and tooltips."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from gba_dash.charts.theme import COMPARE_COLOUR, GBA_COLOUR, OTHER_COLOUR, typed
from gba_dash.i18n import QUALIFIERS, t
from gba_dash.schema import FILLED_QUALIFIERS

#: Colour per place, fixed across the page's charts (Guangdong is the highlight).
PLACE_COLOURS = {
    "guangdong": GBA_COLOUR,
    "china": COMPARE_COLOUR,
    "shenzhen": "#2A9D8F",
    "guangzhou": "#6A4C93",
    "hong_kong": "#F2A541",
    "macao": "#3A86FF",
    "dongguan": "#8C564B",
    "foshan": "#BCBD22",
    "zhuhai": "#17BECF",
    "huizhou": "#7F7F7F",
    "zhongshan": "#9467BD",
    "zhaoqing": "#2CA02C",
    "jiangmen": "#FF9896",
}
_SPARE_COLOURS = ("#1F77B4", "#AEC7E8", "#98DF8A", "#C49C94", "#DBDB8D")
#: Shape per qualifier: △ for lower bounds, ◆ for targets, ● otherwise (fill tells the rest).
QUALIFIER_SHAPES = {
    "exact": "circle",
    "approx": "circle",
    "lower_bound": "triangle-up",
    "estimate": "circle",
    "target": "diamond",
    "target_lower_bound": "diamond",
}
#: The ring drawn around a value whose sources disagree.
CONFLICT_COLOUR = "#D81B60"
SERIES_COLOURS = {"derived": GBA_COLOUR, "article": OTHER_COLOUR}
HOLLOW = "transparent"

_POINT_SIZE = 60


def place_values(frame: pd.DataFrame) -> dict:
    """The place colour scale's domain (places in the frame's order) and fixed colours."""
    pairs = list(dict.fromkeys(zip(frame["place"], frame["geo_id"], strict=True)))
    spare = iter(_SPARE_COLOURS * 4)
    colours = [PLACE_COLOURS.get(g) or next(spare) for _, g in pairs]
    return {"places": [p for p, _ in pairs], "place_colours": colours}


def place_scale(v: Mapping) -> alt.Scale:
    return alt.Scale(domain=v["places"], range=v["place_colours"])


def qualifier_values(frame: pd.DataFrame) -> dict:
    """The qualifier scales' domain (labels of the qualifiers in `frame`, canonical order) and
    their ranges: shape, legend fill (grey or none) and legend stroke."""
    present = [q for q in QUALIFIERS if q in set(frame["qualifier"])]
    labels = frame.drop_duplicates("qualifier").set_index("qualifier")["qualifier_label"]
    return {
        "qualifiers": [labels[q] for q in present],
        "qualifier_shapes": [QUALIFIER_SHAPES[q] for q in present],
        "qualifier_fills": [OTHER_COLOUR if q in FILLED_QUALIFIERS else HOLLOW for q in present],
        "qualifier_strokes": [OTHER_COLOUR] * len(present),
    }


def _qualifier_legend_spec(lang: str) -> alt.Legend:
    return alt.Legend(title=t("field.qualifier", lang))


def _qualifier_shape(v: Mapping, lang: str) -> alt.Shape:
    """Shape by qualifier (△ for a lower bound, ◆ for a target, ● otherwise)."""
    return alt.Shape(
        "qualifier_label:N",
        scale=alt.Scale(domain=v["qualifiers"], range=v["qualifier_shapes"]),
        legend=_qualifier_legend_spec(lang),
    )


def only_where(test: str, size: float) -> alt.SizeValue:
    """A point's size: `size` where `test` holds, else 0 (not drawn, not hovered). A layer of
    some rows is drawn this way, not filtered: a filter that leaves a layer (or a panel of it)
    empty makes Vega warn "Infinite extent" in the browser's console."""
    return typed(alt.SizeValue, alt.condition(test, alt.value(size), alt.value(0)))


def _where(test: str, size: float, encoding: dict) -> dict:
    """`encoding` drawing only the rows where `test` holds: by size, or where the size encodes
    a value (the cities chart) by opacity."""
    if "size" in encoding:
        shown = typed(alt.OpacityValue, alt.condition(test, alt.value(1), alt.value(0)))
        return {**encoding, "opacity": shown}
    return {**encoding, "size": only_where(test, size)}


def qualifier_points(base: alt.Chart, v: Mapping, lang: str, **encoding) -> list:
    """Two point layers: filled marks for exact/approximate values (`datum.filled`), hollow
    marks for estimates, lower bounds and targets; plus a legend-only layer (size 0) whose
    fill (grey or none) and stroke make the qualifier legend show ● and ○ as the marks do.
    `v` holds `qualifier_values(frame)`."""
    shape = _qualifier_shape(v, lang)
    # A description names each layer for screen readers (an unnamed mark group fails WCAG's
    # "graphics have a text alternative").
    filled = base.mark_point(filled=True, description=t("hightech.aria.filled", lang)).encode(
        shape=shape, **_where("datum.filled", _POINT_SIZE * 1.5, encoding)
    )
    hollow = base.mark_point(
        filled=False, strokeWidth=2, description=t("hightech.aria.hollow", lang)
    ).encode(shape=shape, **_where("!datum.filled", _POINT_SIZE, encoding))
    legend = _qualifier_legend_spec(lang)
    key = base.mark_point(size=0, strokeWidth=1.5, aria=False).encode(
        x=encoding["x"],
        y=encoding["y"],
        shape=shape,
        fill=alt.Fill(
            "qualifier_label:N",
            scale=alt.Scale(domain=v["qualifiers"], range=v["qualifier_fills"]),
            legend=legend,
        ),
        stroke=alt.Stroke(
            "qualifier_label:N",
            scale=alt.Scale(domain=v["qualifiers"], range=v["qualifier_strokes"]),
            legend=legend,
        ),
    )
    return [filled, hollow, key]


def year_axis(lang: str) -> alt.X:
    return alt.X(
        "year:Q",
        title=t("field.year", lang),
        axis=alt.Axis(format="d", tickMinStep=1, labelOverlap=True),
        scale=alt.Scale(zero=False, nice=False, padding=16),
    )


def tooltip_of(lang: str, value_field: str, extra: Sequence[alt.Tooltip] = ()) -> list:
    return [
        alt.Tooltip("place:N", title=t("hightech.field.place", lang)),
        alt.Tooltip("year:O", title=t("field.year", lang)),
        alt.Tooltip(f"{value_field}:N", title=t("field.value", lang)),
        *extra,
        alt.Tooltip("qualifier_label:N", title=t("field.qualifier", lang)),
        alt.Tooltip("source_text:N", title=t("field.source", lang)),
        alt.Tooltip("others_text:N", title=t("hightech.field.others", lang)),
        alt.Tooltip("conflict_text:N", title=t("hightech.field.conflict", lang)),
    ]


def legend_subtitle(frame: pd.DataFrame, lang: str) -> list[str]:
    lines = [t("hightech.chart.encoding", lang)]
    if frame["has_conflict"].astype(bool).any():
        lines.append(t("hightech.chart.conflict_note", lang))
    return lines


TREND_COLUMNS = [
    "geo_id",
    "place",
    "year",
    "qualifier",
    "qualifier_label",
    "mark",
    "filled",
    "value_text",
    "source_text",
    "others_text",
    "conflict_text",
    "has_conflict",
    "segment",
]
