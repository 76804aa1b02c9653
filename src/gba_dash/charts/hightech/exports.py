"""High-tech exports (each currency on its own axis) and enterprises by Guangdong GBA city."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from gba_dash.charts.hightech.marks import HOLLOW, qualifier_points, qualifier_values, tooltip_of
from gba_dash.charts.template import ChartParts, templated
from gba_dash.charts.theme import COMPARE_COLOUR, GBA_COLOUR, finish, typed
from gba_dash.i18n import t, vega_number_label_expr

_EXPORT_COLUMNS = [
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


@templated
def exports_chart(frame: pd.DataFrame, lang: str, *, title: str) -> ChartParts | None:
    """One panel per currency held, side by side, each with its own scale and unit.

    The 2018 dollar figure and the 2024 yuan figure never share an axis and no line joins
    them: a growth rate cannot be read across the two.
    """
    if frame.empty:
        return None
    values, tables, units = {"title": title}, {}, []
    for i, (panel, rows) in enumerate(frame.groupby("panel", sort=False)):
        units.append(str(rows["unit"].iloc[0]))
        tables[f"panel{i}"] = rows[_EXPORT_COLUMNS].copy()
        values[f"panel{i}_title"] = str(rows["panel_title"].iloc[0])
        values[f"panel{i}_name"] = str(panel)
    return ChartParts(_exports_layout, (lang, tuple(units)), values, tables)


def _exports_layout(
    lang: str, units: tuple[str, ...], v: Mapping, tables: Mapping
) -> alt.HConcatChart:
    panels = []
    for i, unit in enumerate(units):
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
            tooltip=tooltip_of(lang, "value_text"),
        )
        label = base.mark_text(dy=-8, fontSize=12).encode(x=x, y=y, text="value_text:N")
        panels.append(
            alt.layer(
                bar,
                label,
                data=tables[f"panel{i}"],
                width=200,
                height=280,
                title=v[f"panel{i}_title"],
                name=v[f"panel{i}_name"],
            )
        )
    chart = alt.hconcat(
        *panels,
        spacing=48,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="independent")),
        title=alt.TitleParams(
            v["title"], subtitle=[t("hightech.exports.subtitle", lang)], anchor="start"
        ),
    )
    return finish(chart, lang)


@templated
def cities_chart(frame: pd.DataFrame, lang: str, *, title: str) -> ChartParts | None:
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
    values = {
        **qualifier_values(data),
        "title": title,
        "years": list(range(int(data["year"].min()), int(data["year"].max()) + 1)),
        "order": list(dict.fromkeys(data["place"])),
    }
    return ChartParts(_cities_layout, (lang,), values, {"data": data})


def _cities_layout(lang: str, v: Mapping, tables: Mapping) -> alt.LayerChart:
    x = alt.X(
        "year:O",
        title=t("field.year", lang),
        scale=alt.Scale(domain=v["years"]),
        axis=alt.Axis(labelAngle=0),
    )
    y = alt.Y("place:N", title=t("hightech.field.place", lang), sort=v["order"])
    base = alt.Chart()
    dots = qualifier_points(
        base,
        v,
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
        tooltip=tooltip_of(lang, "value_text"),
    )
    labels = base.mark_text(dy=20, fontSize=11).encode(x=x, y=y, text="short_text:N")
    chart = alt.layer(
        *dots,
        labels,
        data=tables["data"],
        width=alt.Step(78),
        height=alt.Step(56),
        title=alt.TitleParams(
            v["title"], subtitle=[t("hightech.chart.encoding", lang)], anchor="start"
        ),
    )
    return finish(chart, lang)
