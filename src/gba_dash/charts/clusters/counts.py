"""Chart 3: clusters per economy and edition, stated counts preferred."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from gba_dash.charts.clusters.marks import ECONOMY_COLOURS, HOLLOW
from gba_dash.charts.template import ChartParts, templated
from gba_dash.charts.theme import OTHER_COLOUR, finish
from gba_dash.i18n import t, vega_number_label_expr
from gba_dash.shaping.clusters import OTHERS


@templated
def economy_counts_chart(counts: pd.DataFrame, lang: str) -> ChartParts:
    """Grouped bars: clusters per economy in the top 100 by edition.

    Stated or derived counts are filled; counts among the ranks held are hollow (a lower bound,
    "≥" in the label and tooltip).
    """
    is_other = counts["economy"] == OTHERS
    named = list(dict.fromkeys(counts.loc[~is_other, "economy_name"]))
    others = list(dict.fromkeys(counts.loc[is_other, "economy_name"]))
    colours = [ECONOMY_COLOURS[i % len(ECONOMY_COLOURS)] for i in range(len(named))]
    colours += [OTHER_COLOUR] * len(others)
    data = counts.assign(
        fill_opacity=[HOLLOW if q == "lower_bound" else 1.0 for q in counts["qualifier"]]
    )
    values = {"domain": named + others, "colours": colours}
    return ChartParts(_counts_layout, (lang,), values, {"data": data})


def _counts_layout(lang: str, v: Mapping, tables: Mapping) -> alt.LayerChart:
    domain, colours = v["domain"], v["colours"]
    # Fill and stroke share one legend: the same definition on both, or Vega warns of a
    # conflict in the browser's console.
    legend = alt.Legend(title=t("clusters.legend.economy", lang), orient="top")
    colour = alt.Color(
        "economy_name:N", scale=alt.Scale(domain=domain, range=colours), sort=domain, legend=legend
    )
    x = alt.X("edition:O", axis=alt.Axis(title=t("field.edition", lang), labelAngle=0))
    offset = alt.XOffset("economy_name:N", sort=domain, scale=alt.Scale(domain=domain))
    y = alt.Y(
        "count:Q",
        axis=alt.Axis(
            title=t("clusters.axis.count", lang), labelExpr=vega_number_label_expr(lang, "count")
        ),
    )
    tooltip = [
        alt.Tooltip("edition:O", title=t("field.edition", lang)),
        alt.Tooltip("economy_name:N", title=t("clusters.field.economy", lang)),
        alt.Tooltip("count_text:N", title=t("clusters.field.count", lang)),
        alt.Tooltip("basis_text:N", title=t("clusters.field.basis", lang)),
        alt.Tooltip("ranks_held:Q", title=t("field.ranks_held", lang)),
        alt.Tooltip("source:N", title=t("field.source", lang)),
    ]
    base = alt.Chart().encode(x=x, xOffset=offset, y=y, tooltip=tooltip)
    bars = base.mark_bar(strokeWidth=1.5).encode(
        color=colour,
        stroke=alt.Stroke(
            "economy_name:N", scale=alt.Scale(domain=domain, range=colours), legend=legend
        ),
        fillOpacity=alt.FillOpacity("fill_opacity:Q", scale=None, legend=None),
    )
    labels = base.mark_text(dy=-6, fontSize=10).encode(text=alt.Text("count_text:N"))
    chart = alt.layer(
        bars, labels, data=tables["data"], title=t("clusters.chart.counts", lang), height=320
    )
    return finish(chart, lang)
