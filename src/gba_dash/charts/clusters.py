"""Chart builders for the cluster rankings page (WIPO GII ranks, as first published).

Each builder takes a frame from `views.clusters` and returns a finished Altair chart with every
title, axis, legend and tooltip in the reader's language. Ranks read top-down (1 at the top);
lines are drawn per `segment`, so a missing edition is a gap, never bridged.

Layers that draw one table get it once, from `alt.layer(..., data=)`: given to each layer,
Altair prints the table (`str(DataFrame)`, about a millisecond) to name each layer it lifts it
from, on every build.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from gba_dash.charts.template import ChartParts, templated
from gba_dash.charts.theme import COMPARE_COLOUR, GBA_COLOUR, OTHER_COLOUR, finish, typed
from gba_dash.i18n import t, vega_number_label_expr
from gba_dash.views.clusters import OTHERS

#: Name of the point selection on chart 1 (its value lists {"cluster_id": …}).
PICK = "pick"
#: Rank axis ticks to choose from (log scale: the top of the list gets the room).
_RANK_TICKS = (1, 2, 3, 5, 10, 20, 30, 50, 100)
#: Economies broken out in chart 3, in order; "others" is always OTHER_COLOUR.
_ECONOMY_COLOURS = (COMPARE_COLOUR, "#F2A541", "#2A9D8F", "#9D4EDD", "#6C8EAD", "#B5838D")
_RULE_COLOUR = "#5F6470"
#: Fill opacity of a lower bound's bar (counted among the ranks held): hollow, outline only.
HOLLOW = 0.12


def _group_labels(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    labels = {"gba": t("clusters.group.gba", lang), "other": t("clusters.group.other", lang)}
    return frame.assign(group_label=frame["group"].map(labels))


#: Pixels for a ranking label: a third of the chart's container on a phone, else 260.
LABEL_LIMIT = "min(260, max(110, containerSize()[0] * 0.36))"
#: On a phone (a chart container narrower than this, in px) the ranking shows its first
#: `PHONE_ROWS` clusters and a "show all" box; anything wider, or a chart with no container
#: (an exported image), shows every row. `ui/style.py` hides the box at the same width.
PHONE_WIDTH, PHONE_ROWS = 520, 10
#: The ranking's "show all" switch (a Vega parameter bound to a checkbox under the chart).
SHOW_ALL = "show_all"


def _group_shape(lang: str) -> alt.Shape:
    """◆ for a GBA cluster, ● for the others: the group is never told by colour alone (WCAG
    1.4.1). The same field and legend as `_group_colour`, so Vega draws one legend of both."""
    domain = [t("clusters.group.gba", lang), t("clusters.group.other", lang)]
    return alt.Shape(
        "group_label:N",
        scale=alt.Scale(domain=domain, range=["diamond", "circle"]),
        legend=alt.Legend(title=t("clusters.legend.group", lang), orient="top"),
    )


def _group_colour(lang: str, *, legend: bool = True) -> alt.Color:
    domain = [t("clusters.group.gba", lang), t("clusters.group.other", lang)]
    return alt.Color(
        "group_label:N",
        scale=alt.Scale(domain=domain, range=[GBA_COLOUR, OTHER_COLOUR]),
        legend=alt.Legend(title=t("clusters.legend.group", lang), orient="top") if legend else None,
    )


def _rank_max(ranks: pd.Series) -> int:
    worst = int(ranks.max()) if len(ranks) else 10
    return next((v for v in (10, 20, 30, 50, 100) if v >= worst), 100)


def _rank_axis(lang: str, title: str, ticks) -> alt.Axis:
    return alt.Axis(
        title=title,
        values=ticks,
        labelExpr=vega_number_label_expr(lang, "rank"),
        grid=True,
    )


def _edition_axis(lang: str, editions) -> alt.Axis:
    return alt.Axis(
        title=t("field.edition", lang), values=editions, format="d", labelAngle=0, grid=False
    )


def _break_rules(rules, x: alt.X, lang: str) -> list[alt.Chart]:
    """Methodology breaks as dashed rules at `x` (the chart's edition encoding, on field "x");
    none when `rules` is None (the layout's key says there are none)."""
    if rules is None:
        return []
    return [
        alt.Chart(rules)
        .mark_rule(strokeDash=[4, 3], color=_RULE_COLOUR, strokeWidth=1.2)
        .encode(x=_rule_x(x), tooltip=_rule_tip(lang))
    ]


def _break_labels(rules, x: alt.X, lang: str) -> list[alt.Chart]:
    """The breaks' labels along their rules, with a white halo so they read across lines."""
    if rules is None:
        return []
    text = {
        "angle": 270,
        "align": "right",
        "baseline": "bottom",
        "dx": -4,
        "dy": -3,
        "fontSize": 11,
    }
    enc = {
        "x": _rule_x(x),
        "y": typed(alt.YValue, alt.value(0)),
        "text": alt.Text("label:N"),
        "tooltip": _rule_tip(lang),
    }
    base = alt.Chart(rules)
    return [
        base.mark_text(
            **text, stroke="white", strokeWidth=4, strokeOpacity=0.85, color="white"
        ).encode(**enc),
        base.mark_text(**text, color=_RULE_COLOUR).encode(**enc),
    ]


def _rule_x(x: alt.X) -> alt.X:
    rule_x = x.copy()
    rule_x.shorthand = "x:Q"
    return rule_x


def _rule_tip(lang: str) -> list[alt.Tooltip]:
    return [alt.Tooltip("label:N", title=t("clusters.field.methodology", lang))]


def _title(text: str, subtitle: str = "") -> str | alt.TitleParams:
    if not subtitle:
        return text
    return alt.TitleParams(text=text, subtitle=subtitle, subtitleColor=_RULE_COLOUR)


def _gap_marks(gaps, x: alt.X, height: int, lang: str) -> list[alt.Chart]:
    """Editions without a rank, at the foot of the rank axis: "?" where the rank is unknown
    (the list held is partial), "×" where the whole list is held and the cluster is not in it."""
    if gaps is None:
        return []
    return [
        alt.Chart(gaps)
        .mark_text(baseline="bottom", fontSize=15, fontWeight="bold", color=_RULE_COLOUR)
        .encode(
            x=x,
            y=typed(alt.YValue, alt.value(height - 2)),
            text=alt.Text("mark:N"),
            tooltip=[alt.Tooltip("label:N", title=t("clusters.field.gap", lang))],
        )
    ]


# --- 1. ranking of one edition ----------------------------------------------------------------


@templated
def ranking_chart(
    ranking: pd.DataFrame, edition: int, top: int, lang: str, missing_text: str = ""
) -> ChartParts:
    """Dots on a rank axis (1 … top), one row per cluster in rank order, GBA highlighted.

    `missing_text` (the ranks of 1 … top not held, `views.missing_ranks_text`) is the chart's
    subtitle, so a reader sees on the chart itself that the list is incomplete. Has a point
    selection `PICK` on cluster_id (click a cluster to add it to the history).
    """
    data = _group_labels(ranking, lang).assign(
        rank_text=[t("fmt.rank", lang, value=int(r)) for r in ranking["rank"]]
    )
    data = data.sort_values("rank", kind="stable")
    data["position"] = range(1, len(data) + 1)  # the phone shows the first PHONE_ROWS
    title = t("clusters.chart.ranking", lang, edition=edition, top=top)
    values = {
        "order": data["label"].tolist(),
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
        # No axis title: beside labels cut at a limit, Vega placed it over them (issue 18); each
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
            color=_group_colour(lang),
            shape=_group_shape(lang),
            opacity=typed(alt.OpacityValue, alt.condition(pick, alt.value(1.0), alt.value(0.35))),
        )
        .add_params(pick)
        .properties(name="ranking_dots")
    )
    labels = base.mark_text(align="left", dx=10, fontSize=11).encode(
        text=alt.Text("rank_text:N"), color=_group_colour(lang)
    )
    chart = alt.layer(
        dots,
        labels,
        data=tables["data"],
        title=_title(v["title"], v["subtitle"]) if subtitled else v["title"],
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


# --- 2. rank history (bump chart) -------------------------------------------------------------


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
    data = _group_labels(history, lang).assign(
        rank_text=[t("fmt.rank", lang, value=int(r)) for r in history["rank"]]
    )
    top = _rank_max(data["rank"])
    lo, hi = min(editions), max(editions)
    values = {
        "x_domain": [lo - 0.5, hi + 0.9],
        "editions": list(editions),
        "top": top,
        "rank_ticks": [v for v in _RANK_TICKS if v <= top],
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
        axis=_edition_axis(lang, v["editions"]),
    )
    y = alt.Y(
        "rank:Q",
        scale=alt.Scale(type="log", reverse=True, domain=[1, v["top"]], nice=False),
        axis=_rank_axis(lang, t("clusters.axis.rank_log", lang), v["rank_ticks"]),
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
    base = alt.Chart().encode(x=x, y=y, color=_group_colour(lang))
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
        .encode(text=alt.Text("name:N"), color=_group_colour(lang))
    )
    rules = tables["rules"] if ruled else None
    chart = alt.layer(
        *_break_rules(rules, x, lang),
        lines,
        *_break_labels(rules, x, lang),
        points,
        names,
        *_gap_marks(tables["gaps"] if gapped else None, x, 420, lang),
        data=tables["data"],
        title=t("clusters.chart.history", lang),
        height=420,
    )
    return finish(chart, lang)


# --- 3. clusters per economy ------------------------------------------------------------------


@templated
def economy_counts_chart(counts: pd.DataFrame, lang: str) -> ChartParts:
    """Grouped bars: clusters per economy in the top 100 by edition.

    Stated or derived counts are filled; counts among the ranks held are hollow (a lower bound,
    "≥" in the label and tooltip).
    """
    is_other = counts["economy"] == OTHERS
    named = list(dict.fromkeys(counts.loc[~is_other, "economy_name"]))
    others = list(dict.fromkeys(counts.loc[is_other, "economy_name"]))
    colours = [_ECONOMY_COLOURS[i % len(_ECONOMY_COLOURS)] for i in range(len(named))]
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


# --- 4. the three national innovation centres -------------------------------------------------


@templated
def centres_chart(
    history: pd.DataFrame, rules: pd.DataFrame, editions: list[int], lang: str
) -> ChartParts:
    """Three panels side by side (one per centre): rank by edition, labelled, shared rank axis."""
    data = _group_labels(history, lang).assign(rank_text=[str(int(r)) for r in history["rank"]])
    top = _rank_max(data["rank"])
    lo, hi = min(editions), max(editions)
    values = {
        "x_domain": [lo - 0.5, hi + 0.5],
        "editions": list(editions),
        "top": top,
        "rank_ticks": [1, *range(5, top + 1, 5)],
    }
    tables = {"rules": rules}
    for i, cluster_id in enumerate(dict.fromkeys(data["cluster_id"])):
        own = data[data["cluster_id"] == cluster_id]
        tables[f"panel{i}"] = own
        values[f"panel{i}_title"] = str(own["name"].iloc[0])
    key = (lang, not rules.empty, len(tables) - 1)
    return ChartParts(_centres_layout, key, values, tables)


def _centres_layout(
    lang: str, ruled: bool, panels: int, v: Mapping, tables: Mapping
) -> alt.HConcatChart:
    x = alt.X(
        "edition:Q",
        scale=alt.Scale(domain=v["x_domain"], nice=False, zero=False),
        axis=_edition_axis(lang, v["editions"]),
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
        base = alt.Chart(tables[f"panel{i}"]).encode(x=x, y=y, color=_group_colour(lang))
        panel = alt.layer(
            *_break_rules(rules, x, lang),
            base.mark_line(strokeWidth=2.5).encode(detail=alt.Detail("segment:N")),
            base.mark_point(filled=True, size=60, opacity=1).encode(tooltip=tooltip),
            base.mark_text(dy=-10, fontSize=11).encode(
                text=alt.Text("rank_text:N"), color=_group_colour(lang)
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
