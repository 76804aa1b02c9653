"""Guangdong's share of China's high-tech enterprises: computed beside the article's figure."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from gba_dash.charts.hightech.marks import HOLLOW, SERIES_COLOURS
from gba_dash.charts.template import ChartParts, templated
from gba_dash.charts.theme import finish, typed
from gba_dash.i18n import t, vega_number_label_expr


@templated
def share_chart(frame: pd.DataFrame, lang: str, *, title: str) -> ChartParts | None:
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
    by_series = data.sort_values("series", ascending=False)
    values = {
        "title": title,
        "years": list(range(int(data["year"].min()), int(data["year"].max()) + 1)),
        "series": list(dict.fromkeys(by_series["series_label"])),
        "series_colours": [SERIES_COLOURS[s] for s in dict.fromkeys(by_series["series"])],
        "y_domain": [0, float(data["value"].max()) * 1.45],  # room for labels
    }
    return ChartParts(_share_layout, (lang,), values, {"data": data})


def _share_layout(lang: str, v: Mapping, tables: Mapping) -> alt.LayerChart:
    colours = alt.Scale(domain=v["series"], range=v["series_colours"])
    x = alt.X(
        "year:O",
        title=t("field.year", lang),
        scale=alt.Scale(domain=v["years"]),
        axis=alt.Axis(labelAngle=0),
    )
    y = alt.Y(
        "value:Q",
        title=t("hightech.share.axis", lang),
        axis=alt.Axis(labelExpr=vega_number_label_expr(lang, "percent")),
        scale=alt.Scale(domain=v["y_domain"]),
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
    offset = alt.XOffset("series_label:N", sort=v["series"])
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
            # As a dict: `then()` would check a channel object against the schema on the spot,
            # before the template's values are in (the whole spec is checked in the tests).
            .then(alt.Fill("series_label:N", scale=colours, legend=legend).to_dict(validate=False))
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
        color=alt.Color("series_label:N", scale=colours, legend=legend),
    )
    chart = alt.layer(
        bars,
        labels_layer,
        data=tables["data"],
        height=320,
        title=alt.TitleParams(
            v["title"], subtitle=[t("hightech.share.subtitle", lang)], anchor="start"
        ),
    )
    return finish(chart, lang)
