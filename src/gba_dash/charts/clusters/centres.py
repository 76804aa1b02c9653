"""Chart 4: the three national innovation centres' clusters, a panel each."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from gba_dash.charts.clusters.marks import (
    break_rules,
    edition_axis,
    group_colour,
    group_labels,
    rank_max,
)
from gba_dash.charts.template import ChartParts, templated
from gba_dash.charts.theme import finish
from gba_dash.i18n import t, vega_number_label_expr


@templated
def centres_chart(
    history: pd.DataFrame, rules: pd.DataFrame, editions: list[int], lang: str
) -> ChartParts:
    """Three panels side by side (one per centre): rank by edition, labelled, shared rank axis."""
    data = group_labels(history, lang, rank_text=[str(int(r)) for r in history["rank"]])
    top = rank_max(data["rank"])
    lo, hi = min(editions), max(editions)
    values = {
        "x_domain": [lo - 0.5, hi + 0.5],
        "editions": list(editions),
        "top": top,
        "rank_ticks": [1, *range(5, top + 1, 5)],
    }
    tables = {"rules": rules}
    # Each centre's rows by position (a boolean filter per panel costs more than the panel).
    rows_of: dict[str, list[int]] = {}
    for at, cluster_id in enumerate(data["cluster_id"].tolist()):
        rows_of.setdefault(cluster_id, []).append(at)
    names = data["name"].tolist()
    for i, rows in enumerate(rows_of.values()):
        tables[f"panel{i}"] = data.iloc[rows]
        values[f"panel{i}_title"] = str(names[rows[0]])
    key = (lang, not rules.empty, len(tables) - 1)
    return ChartParts(_centres_layout, key, values, tables)


def _centres_layout(
    lang: str, ruled: bool, panels: int, v: Mapping, tables: Mapping
) -> alt.HConcatChart:
    x = alt.X(
        "edition:Q",
        scale=alt.Scale(domain=v["x_domain"], nice=False, zero=False),
        axis=edition_axis(lang, v["editions"]),
    )
    y = alt.Y(
        "rank:Q",
        scale=alt.Scale(reverse=True, domain=[1, v["top"]], nice=False, padding=14),
        axis=alt.Axis(
            title=t("clusters.axis.rank", lang),
            values=v["rank_ticks"],
            labelExpr=vega_number_label_expr(lang, "rank"),
        ),
    )
    tooltip = [
        alt.Tooltip("name:N", title=t("clusters.field.cluster", lang)),
        alt.Tooltip("edition:Q", title=t("field.edition", lang), format="d"),
        alt.Tooltip("rank:Q", title=t("field.rank", lang)),
        alt.Tooltip("change_text:N", title=t("clusters.field.change_prev", lang)),
        alt.Tooltip("name_published:N", title=t("clusters.field.name_published", lang)),
    ]
    rules = tables["rules"] if ruled else None
    drawn = []
    for i in range(panels):
        base = alt.Chart(tables[f"panel{i}"]).encode(x=x, y=y, color=group_colour(lang))
        panel = alt.layer(
            *break_rules(rules, x, lang),
            base.mark_line(strokeWidth=2.5).encode(detail=alt.Detail("segment:N")),
            base.mark_point(filled=True, size=60, opacity=1).encode(tooltip=tooltip),
            base.mark_text(dy=-10, fontSize=11).encode(
                text=alt.Text("rank_text:N"), color=group_colour(lang)
            ),
            title=v[f"panel{i}_title"],
            width=220,
            height=260,
        )
        drawn.append(panel)
    chart = alt.hconcat(
        *drawn,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="shared", x="shared", color="shared")),
        title=t("clusters.chart.centres", lang),
    )
    return finish(chart, lang)
