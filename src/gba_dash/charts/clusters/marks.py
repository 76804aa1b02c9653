"""What the cluster charts share: the GBA group's colour and shape, the rank and edition
axes, methodology-break rules and the marks for editions without a rank."""

from __future__ import annotations

import altair as alt
import pandas as pd

from gba_dash.charts.theme import COMPARE_COLOUR, GBA_COLOUR, OTHER_COLOUR, typed
from gba_dash.i18n import t, vega_number_label_expr

#: Rank axis ticks to choose from (log scale: the top of the list gets the room).
RANK_TICKS = (1, 2, 3, 5, 10, 20, 30, 50, 100)
#: Economies broken out in chart 3, in order; "others" is always OTHER_COLOUR.
ECONOMY_COLOURS = (COMPARE_COLOUR, "#F2A541", "#2A9D8F", "#9D4EDD", "#6C8EAD", "#B5838D")
RULE_COLOUR = "#5F6470"
#: Fill opacity of a lower bound's bar (counted among the ranks held): hollow, outline only.
HOLLOW = 0.12


def group_labels(frame: pd.DataFrame, lang: str, **more) -> pd.DataFrame:
    """`frame` with `group_label` (the group's name in `lang`) and the columns `more`, in one
    step (each `assign` copies the frame's column index; a few dozen rows cost less)."""
    labels = {"gba": t("clusters.group.gba", lang), "other": t("clusters.group.other", lang)}
    named = [labels.get(g) for g in frame["group"].tolist()]
    return frame.assign(group_label=pd.Series(named, index=frame.index, dtype="str"), **more)


def group_shape(lang: str) -> alt.Shape:
    """◆ for a GBA cluster, ● for the others: the group is never told by colour alone (WCAG
    1.4.1). The same field and legend as `group_colour`, so Vega draws one legend of both."""
    domain = [t("clusters.group.gba", lang), t("clusters.group.other", lang)]
    return alt.Shape(
        "group_label:N",
        scale=alt.Scale(domain=domain, range=["diamond", "circle"]),
        legend=alt.Legend(title=t("clusters.legend.group", lang), orient="top"),
    )


def group_colour(lang: str, *, legend: bool = True) -> alt.Color:
    domain = [t("clusters.group.gba", lang), t("clusters.group.other", lang)]
    return alt.Color(
        "group_label:N",
        scale=alt.Scale(domain=domain, range=[GBA_COLOUR, OTHER_COLOUR]),
        legend=alt.Legend(title=t("clusters.legend.group", lang), orient="top") if legend else None,
    )


def rank_max(ranks: pd.Series) -> int:
    worst = int(ranks.max()) if len(ranks) else 10
    return next((v for v in (10, 20, 30, 50, 100) if v >= worst), 100)


def rank_axis(lang: str, title: str, ticks) -> alt.Axis:
    return alt.Axis(
        title=title,
        values=ticks,
        labelExpr=vega_number_label_expr(lang, "rank"),
        grid=True,
    )


def edition_axis(lang: str, editions) -> alt.Axis:
    return alt.Axis(
        title=t("field.edition", lang), values=editions, format="d", labelAngle=0, grid=False
    )


def break_rules(rules, x: alt.X, lang: str) -> list[alt.Chart]:
    """Methodology breaks as dashed rules at `x` (the chart's edition encoding, on field "x");
    none when `rules` is None (the layout's key says there are none)."""
    if rules is None:
        return []
    return [
        alt.Chart(rules)
        .mark_rule(strokeDash=[4, 3], color=RULE_COLOUR, strokeWidth=1.2)
        .encode(x=_rule_x(x), tooltip=_rule_tip(lang))
    ]


def break_labels(rules, x: alt.X, lang: str) -> list[alt.Chart]:
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
        base.mark_text(**text, color=RULE_COLOUR).encode(**enc),
    ]


def _rule_x(x: alt.X) -> alt.X:
    rule_x = x.copy()
    rule_x.shorthand = "x:Q"
    return rule_x


def _rule_tip(lang: str) -> list[alt.Tooltip]:
    return [alt.Tooltip("label:N", title=t("clusters.field.methodology", lang))]


def title_of(text: str, subtitle: str = "") -> str | alt.TitleParams:
    if not subtitle:
        return text
    return alt.TitleParams(text=text, subtitle=subtitle, subtitleColor=RULE_COLOUR)


def gap_marks(gaps, x: alt.X, height: int, lang: str) -> list[alt.Chart]:
    """Editions without a rank, at the foot of the rank axis: "?" where the rank is unknown
    (the list held is partial), "×" where the whole list is held and the cluster is not in it."""
    if gaps is None:
        return []
    return [
        alt.Chart(gaps)
        .mark_text(baseline="bottom", fontSize=15, fontWeight="bold", color=RULE_COLOUR)
        .encode(
            x=x,
            y=typed(alt.YValue, alt.value(height - 2)),
            text=alt.Text("mark:N"),
            tooltip=[alt.Tooltip("label:N", title=t("clusters.field.gap", lang))],
        )
    ]
