"""The trend in the chosen measure: levels, change on the previous year, or an index."""

from __future__ import annotations

import pandas as pd

from gba_dash.charts.hightech.trend import trend_chart
from gba_dash.charts.template import ChartParts, templated
from gba_dash.i18n import t


@templated
def trend_measure_chart(
    frame: pd.DataFrame,
    lang: str,
    *,
    measure: str,
    metric_name: str,
    unit: str,
    y_title: str,
    base: int | None = None,
) -> ChartParts | None:
    """`trend_chart` set up for a measure of `shaping.hightech.trend`.

    level: separate panels per place for counts and money (their sizes differ too much for one
    axis), one axis for percentages. yoy: growth in % (a difference in percentage points for
    percent units) around a zero line. index: base year = 100 around a 100 line.
    """
    percent_unit = unit in ("percent", "percent_of_gdp")
    if measure == "yoy":
        return trend_chart.parts(
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
    if measure == "index":
        if base is None:
            return None
        return trend_chart.parts(
            frame,
            lang,
            y_field="index",
            y_text_field="index_text",
            unit="count",
            title=t("hightech.trend.title.index", lang, metric=metric_name, base=base),
            y_title=t("hightech.axis.index", lang, base=base),
            rule_at=100,
        )
    return trend_chart.parts(
        frame,
        lang,
        y_field="value",
        y_text_field="value_text",
        unit=unit,
        title=t("hightech.trend.title.level", lang, metric=metric_name),
        y_title=y_title,
        panels=not percent_unit and frame["geo_id"].nunique() > 1,
    )
