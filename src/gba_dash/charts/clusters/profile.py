"""A cluster's profile: its shares of the three size metrics beside its peers, its rank by
size against its rank by intensity, and its published leaders."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from gba_dash.charts.clusters.marks import ECONOMY_COLOURS, RULE_COLOUR, rank_axis
from gba_dash.charts.template import ChartParts, templated
from gba_dash.charts.theme import GBA_COLOUR, OTHER_COLOUR, finish
from gba_dash.i18n import t
from gba_dash.shaping.clusters.options import MISSING

#: A metric's name at most as wide as its column (a third of the plot: three metrics at most).
COLUMN_LIMIT = "max(40, width / 3 - 8)"
#: One colour per kind of leader.
KIND_COLOURS = ECONOMY_COLOURS[:4]


@templated
def shares_chart(shares: pd.DataFrame, title: str, lang: str) -> ChartParts | None:
    """A grid of clusters (rows, the profiled one first) by metric (columns): in each cell the
    share written on a pale disc whose area is the share, the profiled cluster's in the GBA
    colour; a gap is "—" in the cell, never a dot. One row per cluster, however many
    metrics, so a room reads every cell."""
    if shares["share"].notna().sum() == 0:
        return None
    order = list(dict.fromkeys(shares["name"].tolist()))
    data = shares.assign(
        colour=[GBA_COLOUR if f else OTHER_COLOUR for f in shares["is_focus"].tolist()],
        held=shares["share"].notna(),
        # a gap is a dash in its cell ("not held" in the tooltip and table): short enough for
        # a phone's column
        cell_text=[
            text if held else MISSING
            for text, held in zip(shares["share_text"], shares["share"].notna(), strict=True)
        ],
    )
    values = {
        "order": order,
        "metrics": list(dict.fromkeys(shares["metric_name"].tolist())),
        "size_max": float(shares["share"].max()),
        "title": title,
        "height": max(160, 60 * len(order)),
    }
    return ChartParts(_shares_layout, (lang,), values, {"data": data})


def _shares_layout(lang: str, v: Mapping, tables: Mapping) -> alt.LayerChart:
    # No axis titles: the rows are clusters' names, the columns the metrics' names.
    y = alt.Y("name:N", sort=v["order"], axis=alt.Axis(title=None, labelLimit=0))
    x = alt.X(
        "metric_name:N",
        sort=v["metrics"],
        scale=alt.Scale(domain=v["metrics"]),
        # every metric's name shown, cut to its column on a phone rather than hidden
        axis=alt.Axis(
            title=None,
            orient="top",
            labelAngle=0,
            labelOverlap=False,
            labelLimit=alt.ExprRef(COLUMN_LIMIT),
        ),
    )
    tooltip = [
        alt.Tooltip("name:N", title=t("clusters.field.cluster", lang)),
        alt.Tooltip("metric_name:N", title=t("clusters.field.metric", lang)),
        alt.Tooltip("share_text:N", title=t("clusters.field.share", lang)),
        alt.Tooltip("source:N", title=t("field.source", lang)),
        alt.Tooltip("also:N", title=t("clusters.field.also", lang)),
    ]
    base = alt.Chart().encode(y=y, x=x, tooltip=tooltip)
    dots = (
        base.transform_filter("datum.held")
        .mark_circle(opacity=0.3)
        .encode(
            size=alt.Size(
                "share:Q", scale=alt.Scale(domain=[0, v["size_max"]], range=[60, 2000]), legend=None
            ),
            color=alt.Color("colour:N", scale=None),
        )
    )
    # the share written on its dot, no offset: a cell is as wide as its text (three columns fit
    # a phone) and the text stays in its row at any size (a room's text is twice as large)
    labels = base.mark_text(align="center", baseline="middle", fontSize=12).encode(
        text=alt.Text("cell_text:N"), color=alt.Color("colour:N", scale=None)
    )
    chart = alt.layer(dots, labels, data=tables["data"], title=v["title"], height=v["height"])
    return finish(chart, lang)


@templated
def intensity_chart(frame: pd.DataFrame, title: str, lang: str) -> ChartParts | None:
    """Each cluster with both ranks as a point: rank by size across, rank by intensity up
    (No. 1 at the top and left), the profiled cluster in the GBA colour; a dashed diagonal marks
    equal ranks, so a point below it ranks lower per resident than by size."""
    if frame.empty:
        return None
    data = frame.assign(
        colour=[GBA_COLOUR if f else OTHER_COLOUR for f in frame["is_focus"].tolist()]
    )
    diagonal = pd.DataFrame({"size_rank": [1, 100], "intensity_rank": [1, 100]})
    values = {"title": title, "height": 360}
    return ChartParts(_intensity_layout, (lang,), values, {"data": data, "diagonal": diagonal})


def _intensity_layout(lang: str, v: Mapping, tables: Mapping) -> alt.LayerChart:
    ticks = [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    scale = alt.Scale(domain=[1, 100], nice=False, padding=16)
    x = alt.X(
        "size_rank:Q",
        scale=scale,
        axis=rank_axis(lang, t("clusters.axis.size_rank", lang), ticks),
    )
    y = alt.Y(
        "intensity_rank:Q",
        scale=alt.Scale(domain=[1, 100], nice=False, padding=16, reverse=True),
        axis=rank_axis(lang, t("clusters.axis.intensity_rank", lang), ticks),
    )
    tooltip = [
        alt.Tooltip("name:N", title=t("clusters.field.cluster", lang)),
        alt.Tooltip("size_rank:Q", title=t("clusters.field.size_rank", lang)),
        alt.Tooltip("intensity_rank:Q", title=t("clusters.field.intensity_rank", lang)),
        alt.Tooltip("source:N", title=t("field.source", lang)),
    ]
    rule = (
        alt.Chart(tables["diagonal"])
        .mark_line(color=RULE_COLOUR, strokeDash=[4, 4], strokeWidth=1)
        .encode(x=alt.X("size_rank:Q", scale=scale), y=alt.Y("intensity_rank:Q"))
    )
    base = alt.Chart(tables["data"]).encode(x=x, y=y, tooltip=tooltip)
    points = base.mark_point(size=120, filled=True, opacity=1).encode(
        color=alt.Color("colour:N", scale=None)
    )
    # A name beside its point, on the side with room: right of the points in the left part of
    # the plot, left of those near its right edge.
    text = {"text": alt.Text("name:N"), "color": alt.Color("colour:N", scale=None)}
    left = base.transform_filter("datum.size_rank <= 60").mark_text(align="left", dx=8, fontSize=11)
    right = base.transform_filter("datum.size_rank > 60").mark_text(
        align="right", dx=-8, fontSize=11
    )
    chart = alt.layer(
        rule,
        points,
        left.encode(**text),
        right.encode(**text),
        title=v["title"],
        height=v["height"],
    )
    return finish(chart, lang)


@templated
def leaders_chart(frame: pd.DataFrame, title: str, lang: str) -> ChartParts | None:
    """One row per published leader, grouped by kind: a bar where a share is printed, and the
    share (or "no share published") as text; every name is drawn whole."""
    if frame.empty:
        return None
    kinds = list(dict.fromkeys(frame["kind_name"].tolist()))
    data = frame.assign(
        share_or_zero=frame["share"].fillna(0.0),
        # one row per leader: its position and name; the kind is its colour and legend
        row=frame["label"],
    )
    values = {
        "order": data["row"].tolist(),
        "kinds": kinds,
        "colours": list(KIND_COLOURS[: len(kinds)]),
        "title": title,
        "height": max(140, 30 * len(data)),
    }
    return ChartParts(_leaders_layout, (lang,), values, {"data": data})


def _leaders_layout(lang: str, v: Mapping, tables: Mapping) -> alt.LayerChart:
    colour = alt.Color(
        "kind_name:N",
        scale=alt.Scale(domain=v["kinds"], range=v["colours"]),
        sort=v["kinds"],
        legend=alt.Legend(title=t("clusters.legend.leader_kind", lang), orient="top"),
    )
    y = alt.Y("row:N", sort=v["order"], axis=alt.Axis(title=None, labelLimit=0))
    x = alt.X(
        "share_or_zero:Q",
        scale=alt.Scale(domain=[0, 100]),
        axis=alt.Axis(title=t("clusters.axis.share", lang)),
    )
    tooltip = [
        alt.Tooltip("kind_name:N", title=t("clusters.field.leader_kind", lang)),
        alt.Tooltip("name:N", title=t("clusters.field.leader", lang)),
        alt.Tooltip("share_text:N", title=t("clusters.field.share", lang)),
        alt.Tooltip("source:N", title=t("field.source", lang)),
    ]
    base = alt.Chart().encode(y=y, x=x, tooltip=tooltip)
    bars = base.mark_bar().encode(color=colour)
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(text=alt.Text("share_text:N"))
    chart = alt.layer(bars, labels, data=tables["data"], title=v["title"], height=v["height"])
    return finish(chart, lang)
