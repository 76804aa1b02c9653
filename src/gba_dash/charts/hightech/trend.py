"""The trend chart: one line per place over consecutive years, each value with its qualifier."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from gba_dash.charts.hightech.marks import (
    CONFLICT_COLOUR,
    TREND_COLUMNS,
    legend_subtitle,
    only_where,
    place_scale,
    place_values,
    qualifier_points,
    qualifier_values,
    tooltip_of,
    year_axis,
)
from gba_dash.charts.template import ChartParts, templated
from gba_dash.charts.theme import OTHER_COLOUR, finish, typed
from gba_dash.i18n import t, vega_number_label_expr


@templated
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
) -> ChartParts | None:
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
    columns = list(dict.fromkeys([*TREND_COLUMNS, y_field, y_text_field]))
    data = data[columns].rename(columns={y_field: "y", y_text_field: "y_text"})
    data["y_text"] = data["y_text"].astype(str)
    values = {
        **place_values(data),
        **qualifier_values(data),
        "title": title,
        "subtitle": legend_subtitle(data, lang),
        "y_title": y_title,
        "order": list(dict.fromkeys(data["place"])),
    }
    ruled = rule_at is not None
    if ruled:
        values["rule_at"] = rule_at
    key = (lang, unit, panels, ruled, label_estimates)
    return ChartParts(_trend_layout, key, values, {"data": data})


def _trend_layout(
    lang: str,
    unit: str,
    panels: bool,
    ruled: bool,
    label_estimates: bool,
    v: Mapping,
    tables: Mapping,
) -> alt.TopLevelMixin:
    places = place_scale(v)
    x = year_axis(lang)
    y = alt.Y(
        "y:Q",
        title=v["y_title"],
        axis=alt.Axis(labelExpr=vega_number_label_expr(lang, unit)),
        # Levels start at zero so growth is not exaggerated; changes and indices centre on
        # their reference line instead.
        scale=alt.Scale(zero=not ruled),
    )
    legend = None if panels else alt.Legend(title=t("hightech.field.place", lang))
    tooltip = tooltip_of(lang, "y_text")
    base = alt.Chart()
    line = base.mark_line(strokeWidth=2).encode(
        x=x, y=y, color=alt.Color("place:N", scale=places, legend=legend), detail="segment:N"
    )
    dots = qualifier_points(
        base,
        v,
        lang,
        x=x,
        y=y,
        color=alt.Color("place:N", scale=places, legend=legend),
        tooltip=tooltip,
    )
    # Every row, not a filtered few (see `only_where`): an empty mark is drawn as nothing.
    signs = base.mark_text(dy=-13, fontSize=13, fontWeight="bold").encode(
        x=x, y=y, text="mark:N", color=alt.Color("place:N", scale=places, legend=legend)
    )
    conflicts = base.mark_point(
        shape="diamond",
        filled=False,
        strokeWidth=2,
        color=CONFLICT_COLOUR,
        description=t("hightech.aria.conflicts", lang),
    ).encode(x=x, y=y, size=only_where("datum.has_conflict", 360), tooltip=tooltip)
    layers = [line, *dots, signs, conflicts]
    if label_estimates:
        layers.append(
            base.mark_text(dy=18, fontSize=11).encode(
                x=x,
                y=y,
                text=typed(
                    alt.TextValue,
                    alt.condition(
                        "datum.qualifier == 'estimate'", alt.Text("y_text:N"), alt.value("")
                    ),
                ),
                color=alt.Color("place:N", scale=places, legend=legend),
            )
        )
    if ruled:
        layers.insert(
            0,
            base.mark_rule(color=OTHER_COLOUR, strokeDash=[4, 4]).encode(
                y=alt.YDatum(v["rule_at"])
            ),
        )
    chart_title = alt.TitleParams(v["title"], subtitle=v["subtitle"], anchor="start")
    if panels:
        layered = alt.layer(*layers, height=180)
        chart = alt.FacetChart(
            data=tables["data"],
            spec=layered,
            facet=alt.FacetMapping(
                row=alt.Row(
                    "place:N",
                    sort=v["order"],
                    title=None,
                    header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold"),
                )
            ),
            resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="independent")),
            title=chart_title,
        )
    else:
        chart = alt.layer(*layers, data=tables["data"], height=380, title=chart_title)
    return finish(chart, lang)
