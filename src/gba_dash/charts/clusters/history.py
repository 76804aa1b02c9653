"""Chart 2: rank history, a bump chart per cluster, gaps never bridged."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from gba_dash.charts.clusters.marks import (
    RANK_TICKS,
    break_labels,
    break_rules,
    edition_axis,
    gap_marks,
    group_colour,
    group_labels,
    rank_axis,
    rank_max,
)
from gba_dash.charts.template import ChartParts, templated
from gba_dash.charts.theme import finish, typed
from gba_dash.i18n import t


@templated
def rank_history_chart(
    history: pd.DataFrame,
    rules: pd.DataFrame,
    editions: list[int],
    lang: str,
    gaps: pd.DataFrame | None = None,
) -> ChartParts:
    """Rank (1 at the top, log scale, reversed) by edition; one line per unbroken run.

    Methodology breaks are labelled dashed rules between editions; each cluster is named at its
    last held edition in range; `gaps` (`views.rank_gaps`) marks the editions without a rank.
    """
    data = group_labels(
        history, lang, rank_text=[t("fmt.rank", lang, value=int(r)) for r in history["rank"]]
    )
    top = rank_max(data["rank"])
    lo, hi = min(editions), max(editions)
    values = {
        "x_domain": [lo - 0.5, hi + 0.9],
        "editions": list(editions),
        "top": top,
        "rank_ticks": [v for v in RANK_TICKS if v <= top],
    }
    tables = {"data": data, "rules": rules}
    if gaps is not None and not gaps.empty:
        tables["gaps"] = gaps
    key = (lang, not rules.empty, "gaps" in tables)
    return ChartParts(_history_layout, key, values, tables)


def _history_layout(
    lang: str, ruled: bool, gapped: bool, v: Mapping, tables: Mapping
) -> alt.LayerChart:
    x = alt.X(
        "edition:Q",
        scale=alt.Scale(domain=v["x_domain"], nice=False, zero=False),
        axis=edition_axis(lang, v["editions"]),
    )
    y = alt.Y(
        "rank:Q",
        scale=alt.Scale(type="log", reverse=True, domain=[1, v["top"]], nice=False),
        axis=rank_axis(lang, t("clusters.axis.rank_log", lang), v["rank_ticks"]),
    )
    tooltip = [
        alt.Tooltip("name:N", title=t("clusters.field.cluster", lang)),
        alt.Tooltip("edition:Q", title=t("field.edition", lang), format="d"),
        alt.Tooltip("rank:Q", title=t("field.rank", lang)),
        alt.Tooltip("change_text:N", title=t("clusters.field.change_prev", lang)),
        alt.Tooltip("name_published:N", title=t("clusters.field.name_published", lang)),
    ]
    hover = alt.selection_point(
        name="hover", fields=["cluster_id"], on="pointerover", clear="pointerout"
    )
    faded = typed(alt.OpacityValue, alt.condition(hover, alt.value(1.0), alt.value(0.25)))
    base = alt.Chart().encode(x=x, y=y, color=group_colour(lang))
    lines = base.mark_line(strokeWidth=2.5).encode(detail=alt.Detail("segment:N"), opacity=faded)
    points = (
        base.mark_point(filled=True, size=70)
        .encode(tooltip=tooltip, opacity=faded)
        .add_params(hover)
        .properties(name="history_points")
    )
    names = (
        base.transform_filter(alt.datum.is_last)
        .mark_text(align="left", dx=8, fontSize=11)
        .encode(text=alt.Text("name:N"), color=group_colour(lang))
    )
    rules = tables["rules"] if ruled else None
    chart = alt.layer(
        *break_rules(rules, x, lang),
        lines,
        *break_labels(rules, x, lang),
        points,
        names,
        *gap_marks(tables["gaps"] if gapped else None, x, 420, lang),
        data=tables["data"],
        title=t("clusters.chart.history", lang),
        height=420,
    )
    return finish(chart, lang)
