"""Chart 1: one edition's ranking, a dot per cluster on the rank axis, GBA highlighted."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from gba_dash.charts.clusters.marks import group_colour, group_labels, group_shape, title_of
from gba_dash.charts.template import ChartParts, templated
from gba_dash.charts.theme import finish, typed
from gba_dash.charts.titles import PHONE_WIDTH
from gba_dash.i18n import t, vega_number_label_expr

#: Name of the point selection on chart 1 (its value lists {"cluster_id": …}).
PICK = "pick"
#: Pixels for a ranking label: a third of the chart's container on a phone, else 260.
LABEL_LIMIT = "min(260, max(110, containerSize()[0] * 0.36))"
#: On a phone (a chart container narrower than `PHONE_WIDTH`, where titles wrap too) the
#: ranking shows its first `PHONE_ROWS` clusters and a "show all" box; anything wider, or a
#: chart with no container (an exported image), shows every row. `ui/style.py` hides the box
#: at the same width.
PHONE_ROWS = 10
#: The ranking's "show all" switch (a Vega parameter bound to a checkbox under the chart).
SHOW_ALL = "show_all"


@templated
def ranking_chart(
    ranking: pd.DataFrame, edition: int, top: int, lang: str, missing_text: str = ""
) -> ChartParts:
    """Dots on a rank axis (1 … top), one row per cluster in rank order, GBA highlighted.

    `missing_text` (the ranks of 1 … top not held, `views.missing_ranks_text`) is the chart's
    subtitle, so a reader sees on the chart itself that the list is incomplete. Has a point
    selection `PICK` on cluster_id (click a cluster to add it to the history).
    """
    in_order = np.argsort(ranking["rank"].to_numpy(), kind="stable")
    position = np.empty(len(ranking), dtype="int64")
    position[in_order] = np.arange(1, len(ranking) + 1)  # the phone shows the first PHONE_ROWS
    data = group_labels(
        ranking,
        lang,
        rank_text=[t("fmt.rank", lang, value=int(r)) for r in ranking["rank"]],
        position=position,
    )
    title = t("clusters.chart.ranking", lang, edition=edition, top=top)
    values = {
        "order": data["label"].to_numpy()[in_order].tolist(),
        "top": int(top),
        "title": title,
        "subtitle": missing_text,
        "change_title": t("clusters.field.change", lang, prev=edition - 1),
        "show_all": t("clusters.chart.show_all", lang, n=len(data)),
        # Fixed for every row: a height per row (`alt.Step`) cannot be fitted to the page's
        # width without a Vega-Lite warning, so a phone's ten rows are drawn further apart.
        "height": max(140, 24 * len(data)),
    }
    shape = (lang, bool(missing_text), len(data) > PHONE_ROWS)
    return ChartParts(_ranking_layout, shape, values, {"data": data})


def _ranking_layout(
    lang: str, subtitled: bool, folds: bool, v: Mapping, tables: Mapping
) -> alt.LayerChart:
    pick = alt.selection_point(name=PICK, fields=["cluster_id"], on="click")
    y = alt.Y(
        "label:N",
        sort=v["order"],
        # No axis title: beside labels cut at a limit, Vega placed it over them; each
        # label says "name (economy)" itself. Long names are cut to fit a phone's width and are
        # whole in the tooltip.
        axis=alt.Axis(title=None, labelLimit=alt.ExprRef(LABEL_LIMIT)),
    )
    x = alt.X(
        "rank:Q",
        scale=alt.Scale(domain=[1, v["top"]], nice=False, padding=12),
        axis=alt.Axis(
            title=t("clusters.axis.rank", lang),
            tickMinStep=1,
            labelExpr=vega_number_label_expr(lang, "rank"),
        ),
    )
    tooltip = [
        alt.Tooltip("name:N", title=t("clusters.field.cluster", lang)),
        alt.Tooltip("name_published:N", title=t("clusters.field.name_published", lang)),
        alt.Tooltip("rank:Q", title=t("field.rank", lang)),
        alt.Tooltip("change_text:N", title=v["change_title"]),
        alt.Tooltip("economy:N", title=t("clusters.field.economy", lang)),
        alt.Tooltip("pct_text:N", title=t("clusters.field.pct", lang)),
        alt.Tooltip("publications_text:N", title=t("clusters.field.publications", lang)),
        alt.Tooltip("vc_text:N", title=t("clusters.field.vc", lang)),
        alt.Tooltip("source:N", title=t("field.source", lang)),
        alt.Tooltip("conflict_text:N", title=t("clusters.field.conflict", lang)),
    ]
    base = alt.Chart().encode(y=y, x=x, tooltip=tooltip)
    dots = (
        base.mark_point(size=140, opacity=1, filled=True)
        .encode(
            color=group_colour(lang),
            shape=group_shape(lang),
            opacity=typed(alt.OpacityValue, alt.condition(pick, alt.value(1.0), alt.value(0.35))),
        )
        .add_params(pick)
        .properties(name="ranking_dots")
    )
    labels = base.mark_text(align="left", dx=10, fontSize=11).encode(
        text=alt.Text("rank_text:N"), color=group_colour(lang)
    )
    chart = alt.layer(
        dots,
        labels,
        data=tables["data"],
        title=title_of(v["title"], v["subtitle"]) if subtitled else v["title"],
        height=v["height"],
    )
    if folds:
        show_all = alt.param(
            name=SHOW_ALL, value=False, bind=alt.binding_checkbox(name=v["show_all"])
        )
        chart = chart.add_params(show_all).transform_filter(
            f"{SHOW_ALL} || datum.position <= {PHONE_ROWS} || !(containerSize()[0] < {PHONE_WIDTH})"
        )
    return finish(chart, lang)
