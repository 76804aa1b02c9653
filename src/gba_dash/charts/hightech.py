"""Chart builders for the high-tech page: trends that show their qualifiers, gaps and conflicts.

Encoding shared by every builder: filled marks for exact (and approximate) values, hollow for
estimates and lower bounds; the shape follows the qualifier (△ for a lower bound) and its sign
(≥ ≈ ~) is written above the point; a magenta diamond rings a value that sources disagree on;
lines join consecutive years only (`detail` = the view's `segment`, which changes at every gap).
Every title, axis, legend and tooltip title comes from i18n; axis numbers use 万/亿 (萬/億) or
K/M/B through `vega_number_label_expr`.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from gba_dash.charts.theme import COMPARE_COLOUR, GBA_COLOUR, OTHER_COLOUR, finish, typed
from gba_dash.i18n import QUALIFIERS, t, vega_number_label_expr
from gba_dash.views.hightech import FILLED

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
}
#: The ring drawn around a value whose sources disagree.
CONFLICT_COLOUR = "#D81B60"
SERIES_COLOURS = {"derived": GBA_COLOUR, "article": OTHER_COLOUR}
HOLLOW = "transparent"

_POINT_SIZE = 60


def _place_scale(frame: pd.DataFrame) -> alt.Scale:
    """Places in the frame's order with their fixed colours."""
    pairs = list(dict.fromkeys(zip(frame["place"], frame["geo_id"], strict=True)))
    spare = iter(_SPARE_COLOURS * 4)
    colours = [PLACE_COLOURS.get(g) or next(spare) for _, g in pairs]
    return alt.Scale(domain=[p for p, _ in pairs], range=colours)


def _qualifier_domain(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(labels, codes) of the qualifiers in `frame`, in the canonical order."""
    present = [q for q in QUALIFIERS if q in set(frame["qualifier"])]
    labels = frame.drop_duplicates("qualifier").set_index("qualifier")["qualifier_label"]
    return [labels[q] for q in present], present


def _qualifier_legend_spec(lang: str) -> alt.Legend:
    return alt.Legend(title=t("field.qualifier", lang))


def _qualifier_shape(frame: pd.DataFrame, lang: str) -> alt.Shape:
    """Shape by qualifier (△ for a lower bound, ◆ for a target, ● otherwise)."""
    domain, present = _qualifier_domain(frame)
    return alt.Shape(
        "qualifier_label:N",
        scale=alt.Scale(domain=domain, range=[QUALIFIER_SHAPES[q] for q in present]),
        legend=_qualifier_legend_spec(lang),
    )


def _qualifier_points(base: alt.Chart, frame: pd.DataFrame, lang: str, **encoding) -> list:
    """Two point layers: filled marks for exact/approximate values (`datum.filled`), hollow
    marks for estimates, lower bounds and targets; plus a legend-only layer (size 0) whose
    fill (grey or none) and stroke make the qualifier legend show ● and ○ as the marks do."""
    domain, present = _qualifier_domain(frame)
    shape = _qualifier_shape(frame, lang)
    filled = (
        base.transform_filter("datum.filled")
        .mark_point(filled=True, size=_POINT_SIZE * 1.5, opacity=1)
        .encode(shape=shape, **encoding)
    )
    hollow = (
        base.transform_filter("!datum.filled")
        .mark_point(filled=False, size=_POINT_SIZE, strokeWidth=2, opacity=1)
        .encode(shape=shape, **encoding)
    )
    legend = _qualifier_legend_spec(lang)
    key = base.mark_point(size=0, strokeWidth=1.5).encode(
        x=encoding["x"],
        y=encoding["y"],
        shape=shape,
        fill=alt.Fill(
            "qualifier_label:N",
            scale=alt.Scale(
                domain=domain, range=[OTHER_COLOUR if q in FILLED else HOLLOW for q in present]
            ),
            legend=legend,
        ),
        stroke=alt.Stroke(
            "qualifier_label:N",
            scale=alt.Scale(domain=domain, range=[OTHER_COLOUR] * len(domain)),
            legend=legend,
        ),
    )
    return [filled, hollow, key]


def _year_axis(lang: str) -> alt.X:
    return alt.X(
        "year:Q",
        title=t("field.year", lang),
        axis=alt.Axis(format="d", tickMinStep=1, labelOverlap=True),
        scale=alt.Scale(zero=False, nice=False, padding=16),
    )


def _tooltip(lang: str, value_field: str, extra: Sequence[alt.Tooltip] = ()) -> list:
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


def _legend_subtitle(frame: pd.DataFrame, lang: str) -> list[str]:
    lines = [t("hightech.chart.encoding", lang)]
    if frame["has_conflict"].astype(bool).any():
        lines.append(t("hightech.chart.conflict_note", lang))
    return lines


_TREND_COLUMNS = [
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


def trend_chart(
    frame: pd.DataFrame,
    lang: str,
    *,
    y_field: str,
    y_text_field: str,
    unit: str,
    title: str,
    y_title: str,
    panels: bool = False,
    rule_at: float | None = None,
    label_estimates: bool = True,
) -> alt.TopLevelMixin | None:
    """Lines by place over years, broken at gaps, with qualifier-encoded points.

    `frame` comes from `views.hightech.points` (or `yoy` / `index_to_base`): `y_field` is the
    plotted number (value, change, index) and `y_text_field` its words for tooltips and labels.
    `panels=True` draws one panel per place, each with its own y scale (e.g. Guangdong and
    China, whose counts differ sevenfold); otherwise one axis with a colour per place.
    `rule_at` draws a reference line (0 for change, 100 for an index). Rows whose `y_field` is
    missing are not drawn. Returns None when nothing can be drawn.
    """
    data = frame[frame[y_field].notna()]
    if data.empty:
        return None
    columns = list(dict.fromkeys([*_TREND_COLUMNS, y_field, y_text_field]))
    data = data[columns].rename(columns={y_field: "y", y_text_field: "y_text"})
    data["y_text"] = data["y_text"].astype(str)
    places = _place_scale(data)
    x = _year_axis(lang)
    y = alt.Y(
        "y:Q",
        title=y_title,
        axis=alt.Axis(labelExpr=vega_number_label_expr(lang, unit)),
        # Levels start at zero so growth is not exaggerated; changes and indices centre on
        # their reference line instead.
        scale=alt.Scale(zero=rule_at is None),
    )
    legend = None if panels else alt.Legend(title=t("hightech.field.place", lang))
    tooltip = _tooltip(lang, "y_text")
    base = alt.Chart()
    line = base.mark_line(strokeWidth=2).encode(
        x=x, y=y, color=alt.Color("place:N", scale=places, legend=legend), detail="segment:N"
    )
    dots = _qualifier_points(
        base,
        data,
        lang,
        x=x,
        y=y,
        color=alt.Color("place:N", scale=places, legend=None),
        tooltip=tooltip,
    )
    signs = (
        base.transform_filter("datum.mark != ''")
        .mark_text(dy=-13, fontSize=13, fontWeight="bold")
        .encode(x=x, y=y, text="mark:N", color=alt.Color("place:N", scale=places, legend=None))
    )
    conflicts = (
        base.transform_filter("datum.has_conflict")
        .mark_point(shape="diamond", size=360, filled=False, strokeWidth=2, color=CONFLICT_COLOUR)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    layers = [line, *dots, signs, conflicts]
    if label_estimates:
        layers.append(
            base.transform_filter("datum.qualifier == 'estimate'")
            .mark_text(dy=18, fontSize=11)
            .encode(
                x=x, y=y, text="y_text:N", color=alt.Color("place:N", scale=places, legend=None)
            )
        )
    if rule_at is not None:
        layers.insert(
            0,
            base.mark_rule(color=OTHER_COLOUR, strokeDash=[4, 4]).encode(y=alt.datum(rule_at)),
        )
    chart_title = alt.TitleParams(title, subtitle=_legend_subtitle(data, lang), anchor="start")
    if panels:
        order = list(dict.fromkeys(data["place"]))
        layered = alt.layer(*layers, data=data).properties(height=180)
        chart = (
            layered.facet(
                row=alt.Row(
                    "place:N",
                    sort=order,
                    title=None,
                    header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold"),
                ),
            )
            .resolve_scale(y="independent")
            .properties(title=chart_title)
        )
    else:
        chart = alt.layer(*layers, data=data).properties(height=380, title=chart_title)
    return finish(chart, lang)


def share_chart(frame: pd.DataFrame, lang: str, *, title: str) -> alt.TopLevelMixin | None:
    """Guangdong's share of China: computed bars beside the article's reported figure.

    Grouped bars per year (`xOffset` by series) so two equal figures stay two visible marks;
    every year between the first and last is on the axis, so a missing year shows as a gap.
    """
    if frame.empty:
        return None
    data = frame[
        [
            "series",
            "series_label",
            "year",
            "value",
            "qualifier",
            "qualifier_label",
            "mark",
            "filled",
            "value_text",
            "numerator_text",
            "denominator_text",
            "source_text",
        ]
    ].copy()
    years = list(range(int(data["year"].min()), int(data["year"].max()) + 1))
    labels = list(dict.fromkeys(data.sort_values("series", ascending=False)["series_label"]))
    series_codes = list(dict.fromkeys(data.sort_values("series", ascending=False)["series"]))
    colours = alt.Scale(domain=labels, range=[SERIES_COLOURS[s] for s in series_codes])
    x = alt.X(
        "year:O",
        title=t("field.year", lang),
        scale=alt.Scale(domain=years),
        axis=alt.Axis(labelAngle=0),
    )
    y = alt.Y(
        "value:Q",
        title=t("hightech.share.axis", lang),
        axis=alt.Axis(labelExpr=vega_number_label_expr(lang, "percent")),
        scale=alt.Scale(domain=[0, float(data["value"].max()) * 1.45]),  # room for labels
    )
    tooltip = [
        alt.Tooltip("series_label:N", title=t("hightech.field.series", lang)),
        alt.Tooltip("year:O", title=t("field.year", lang)),
        alt.Tooltip("value_text:N", title=t("field.value", lang)),
        alt.Tooltip("qualifier_label:N", title=t("field.qualifier", lang)),
        alt.Tooltip("numerator_text:N", title=t("hightech.field.guangdong", lang)),
        alt.Tooltip("denominator_text:N", title=t("hightech.field.china", lang)),
        alt.Tooltip("source_text:N", title=t("field.source", lang)),
    ]
    offset = alt.XOffset("series_label:N", sort=labels)
    base = alt.Chart()
    legend = alt.Legend(title=t("hightech.field.series", lang), orient="bottom")
    bars = base.mark_bar(strokeWidth=2).encode(
        x=x,
        xOffset=offset,
        y=y,
        stroke=alt.Stroke("series_label:N", scale=colours, legend=legend),
        fill=typed(
            alt.FillValue,
            alt.when("datum.filled")
            .then(alt.Fill("series_label:N", scale=colours, legend=legend))
            .otherwise(alt.value(HOLLOW)),
        ),
        tooltip=tooltip,
    )
    labels_layer = base.mark_text(
        angle=270, align="left", baseline="middle", dx=6, fontSize=12
    ).encode(
        x=x,
        xOffset=offset,
        y=y,
        text="value_text:N",
        color=alt.Color("series_label:N", scale=colours, legend=None),
    )
    chart = alt.layer(bars, labels_layer, data=data).properties(
        height=320,
        title=alt.TitleParams(title, subtitle=[t("hightech.share.subtitle", lang)], anchor="start"),
    )
    return finish(chart, lang)


def exports_chart(frame: pd.DataFrame, lang: str, *, title: str) -> alt.TopLevelMixin | None:
    """One panel per currency held, side by side, each with its own scale and unit.

    The 2018 dollar figure and the 2024 yuan figure never share an axis and no line joins
    them: a growth rate cannot be read across the two.
    """
    if frame.empty:
        return None
    panels = []
    for panel, rows in frame.groupby("panel", sort=False):
        unit = str(rows["unit"].iloc[0])
        data = rows[
            [
                "place",
                "year",
                "value",
                "value_text",
                "qualifier",
                "qualifier_label",
                "filled",
                "source_text",
                "others_text",
                "conflict_text",
            ]
        ].copy()
        x = alt.X("year:O", title=t("field.year", lang), axis=alt.Axis(labelAngle=0))
        y = alt.Y(
            "value:Q",
            title=t(f"hightech.exports.axis.{unit}", lang),
            axis=alt.Axis(labelExpr=vega_number_label_expr(lang, unit)),
        )
        colour = COMPARE_COLOUR if unit == "usd_100m" else GBA_COLOUR
        base = alt.Chart()
        bar = base.mark_bar(size=48, stroke=colour, strokeWidth=2).encode(
            x=x,
            y=y,
            fill=typed(
                alt.FillValue,
                alt.when("datum.filled").then(alt.value(colour)).otherwise(alt.value(HOLLOW)),
            ),
            tooltip=_tooltip(lang, "value_text"),
        )
        label = base.mark_text(dy=-8, fontSize=12).encode(x=x, y=y, text="value_text:N")
        panels.append(
            alt.layer(bar, label, data=data).properties(
                width=200, height=280, title=str(rows["panel_title"].iloc[0]), name=str(panel)
            )
        )
    chart = (
        alt.hconcat(*panels, spacing=48)
        .resolve_scale(y="independent")
        .properties(
            title=alt.TitleParams(
                title, subtitle=[t("hightech.exports.subtitle", lang)], anchor="start"
            )
        )
    )
    return finish(chart, lang)


def cities_chart(frame: pd.DataFrame, lang: str, *, title: str) -> alt.TopLevelMixin | None:
    """Cities × years held: a dot per value (area ∝ count), qualifier-encoded, labelled.

    Every year between the first and last held is a column, so missing years show as blanks.
    """
    if frame.empty:
        return None
    data = frame[
        [
            "geo_id",
            "place",
            "year",
            "value",
            "value_text",
            "short_text",
            "qualifier",
            "qualifier_label",
            "mark",
            "filled",
            "source_text",
            "others_text",
            "conflict_text",
            "has_conflict",
        ]
    ].copy()
    years = list(range(int(data["year"].min()), int(data["year"].max()) + 1))
    order = list(dict.fromkeys(data["place"]))
    x = alt.X(
        "year:O",
        title=t("field.year", lang),
        scale=alt.Scale(domain=years),
        axis=alt.Axis(labelAngle=0),
    )
    y = alt.Y("place:N", title=t("hightech.field.place", lang), sort=order)
    base = alt.Chart()
    dots = _qualifier_points(
        base,
        data,
        lang,
        x=x,
        y=y,
        color=typed(alt.ColorValue, alt.value(GBA_COLOUR)),
        size=alt.Size(
            "value:Q",
            title=t("hightech.cities.size", lang),
            scale=alt.Scale(range=[20, 520]),
            legend=alt.Legend(labelExpr=vega_number_label_expr(lang, "enterprises")),
        ),
        tooltip=_tooltip(lang, "value_text"),
    )
    labels = base.mark_text(dy=20, fontSize=11).encode(x=x, y=y, text="short_text:N")
    chart = alt.layer(*dots, labels, data=data).properties(
        width=alt.Step(78),
        height=alt.Step(56),
        title=alt.TitleParams(title, subtitle=[t("hightech.chart.encoding", lang)], anchor="start"),
    )
    return finish(chart, lang)


def trend_view_chart(
    frame: pd.DataFrame,
    lang: str,
    *,
    view: str,
    metric_name: str,
    unit: str,
    y_title: str,
    base: int | None = None,
) -> alt.TopLevelMixin | None:
    """`trend_chart` set up for a view of `views.hightech.trend`.

    level: separate panels per place for counts and money (their sizes differ too much for one
    axis), one axis for percentages. yoy: growth in % (a difference in percentage points for
    percent units) around a zero line. index: base year = 100 around a 100 line.
    """
    percent_unit = unit in ("percent", "percent_of_gdp")
    if view == "yoy":
        return trend_chart(
            frame,
            lang,
            y_field="change",
            y_text_field="change_text",
            unit="count" if percent_unit else "percent",
            title=t("hightech.trend.title.yoy", lang, metric=metric_name),
            y_title=t("hightech.axis.yoy_pp" if percent_unit else "hightech.axis.yoy", lang),
            rule_at=0,
            label_estimates=False,
        )
    if view == "index":
        if base is None:
            return None
        return trend_chart(
            frame,
            lang,
            y_field="index",
            y_text_field="index_text",
            unit="count",
            title=t("hightech.trend.title.index", lang, metric=metric_name, base=base),
            y_title=t("hightech.axis.index", lang, base=base),
            rule_at=100,
        )
    return trend_chart(
        frame,
        lang,
        y_field="value",
        y_text_field="value_text",
        unit=unit,
        title=t("hightech.trend.title.level", lang, metric=metric_name),
        y_title=y_title,
        panels=not percent_unit and frame["geo_id"].nunique() > 1,
    )
