"""What a cluster's profile says: its key point, the sentence under each of its charts, the
captions beside them and its tables, in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from gba_dash.i18n import t, t_md
from gba_dash.i18n.numbers import format_number, format_qualified
from gba_dash.shaping.clusters.profile import (
    METRIC_FROM,
    PER_MILLION,
    MetricValues,
    metrics_shown,
    preferred,
)
from gba_dash.shaping.clusters.ranking import publisher_names
from gba_dash.shaping.clusters.texts import top_publishers
from gba_dash.shaping.common import headed


def _in_text(name: str, lang: str) -> str:
    """A label inside an English sentence: "Scientific articles" → "scientific articles"
    (an acronym such as "PCT" or "VC" stays)."""
    if lang == "en" and len(name) > 1 and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _rank_text(rank: int, lang: str) -> str:
    return format_number(rank, lang, "rank")


def profile_summary(
    shares: pd.DataFrame,
    ranks: pd.DataFrame,
    metrics: pd.DataFrame | MetricValues,
    edition: int,
    focus: str,
    name: str,
    lang: str,
) -> str:
    """The profile's key point, from its data: the size rank, the three shares, the metrics
    the cluster leads or trails among those shown, and its intensity rank against its size."""
    held = ranks[(ranks["edition"] == edition) & (ranks["cluster_id"] == focus)]
    size = int(held["rank"].iloc[0]) if len(held) else None
    parts = [
        t(
            "clusters.profile.alt_rank",
            lang,
            edition=edition,
            name=name,
            rank=_rank_text(size, lang),
        )
        if size is not None
        else t("clusters.profile.alt_no_rank", lang, edition=edition, name=name)
    ]
    own = shares[shares["is_focus"]]
    items = [
        t("clusters.profile.alt_item", lang, metric=_in_text(m, lang), value=v)
        for m, v in zip(own["metric_name"].tolist(), own["share_text"].tolist(), strict=True)
    ]
    if items:
        parts.append(
            t("clusters.profile.alt_shares", lang, items=t("clusters.list_sep", lang).join(items))
        )
    parts.append(_lead_trail(shares, lang))
    found = preferred(metrics, edition).get((focus, "intensity_rank"))
    if found is None:
        parts.append(t("clusters.profile.alt_no_intensity", lang))
    else:
        rank = int(found["value"])
        key = "below" if size is not None and rank > size else "above"
        if size is None or rank == size:
            key = "same" if size is not None else "only"
        parts.append(
            t(
                f"clusters.profile.alt_intensity_{key}",
                lang,
                rank=_rank_text(rank, lang),
                n=abs(rank - size) if size is not None else 0,
            )
        )
    return "".join(p for p in parts if p) if lang != "en" else " ".join(p for p in parts if p)


def _lead_trail(shares: pd.DataFrame, lang: str) -> str:
    """Which shown metrics the profiled cluster leads, and who leads the others (only among
    the clusters with a value: a gap neither leads nor trails). Lists, not pandas filters: a
    few dozen rows, on a filter change."""
    rows = [
        r
        for r in zip(
            shares["metric"].tolist(),
            shares["metric_name"].tolist(),
            shares["name"].tolist(),
            shares["is_focus"].tolist(),
            shares["share"].tolist(),
            shares["share_text"].tolist(),
            strict=True,
        )
        if r[4] == r[4]  # not NaN
    ]
    if len({r[2] for r in rows}) < 2:
        return ""
    leads, trails = [], []
    for metric in dict.fromkeys(m for m, *_ in rows):
        held = [r for r in rows if r[0] == metric]
        own = [r for r in held if r[3]]
        if not own or len(held) < 2:
            continue
        best = max(held, key=lambda r: r[4])  # the first of equals: the profiled cluster
        if own[0][4] >= best[4]:
            leads.append(_in_text(own[0][1], lang))
        else:
            trails.append(
                t(
                    "clusters.profile.alt_trail_item",
                    lang,
                    metric=_in_text(best[1], lang),
                    name=best[2],
                    value=best[5],
                )
            )
    sep = t("clusters.list_sep", lang)
    if leads and trails:
        return t(
            "clusters.profile.alt_leads_trails",
            lang,
            metrics=sep.join(leads),
            items=sep.join(trails),
        )
    if leads:
        return t("clusters.profile.alt_leads", lang, metrics=sep.join(leads))
    if trails:
        return t("clusters.profile.alt_trails", lang, items=sep.join(trails))
    return ""


def shares_table(shares: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The shares chart's rows with headers in the reader's language."""
    return headed(
        shares,
        {
            t("clusters.field.cluster", lang): "name",
            t("clusters.field.metric", lang): "metric_name",
            t("clusters.field.share", lang): "share_text",
            t("field.source", lang): "source",
            t("clusters.field.also", lang): "also",
        },
    )


def intensity_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The size-against-intensity chart's rows with headers in the reader's language."""
    return headed(
        frame,
        {
            t("clusters.field.cluster", lang): "name",
            t("clusters.field.size_rank", lang): "size_rank",
            t("clusters.field.intensity_rank", lang): "intensity_rank",
            t("field.source", lang): "source",
        },
    )


def leaders_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The leaders chart's rows with headers in the reader's language."""
    return headed(
        frame,
        {
            t("clusters.field.leader_kind", lang): "kind_name",
            t("clusters.field.position", lang): "position",
            t("clusters.field.leader", lang): "name",
            t("clusters.field.share", lang): "share_text",
            t("field.source", lang): "source",
        },
    )


def per_million_line(metrics: pd.DataFrame, edition: int, focus: str, name: str, lang: str) -> str:
    """What the profiled cluster produces per million residents in `edition`, as published
    ("" when no figure is held)."""
    found = preferred(metrics, edition)
    items = []
    for metric in metrics_shown(edition):
        row = found.get((focus, PER_MILLION[metric]))
        if row is not None:
            value = format_qualified(
                float(row["value"]), row["qualifier"], lang, "count", compact=False
            )
            items.append(t(f"clusters.profile.per_million.{metric}", lang, value=value))
    if not items:
        return ""
    return t(
        "clusters.profile.per_million",
        lang,
        name=name,
        edition=edition,
        items=t("clusters.list_sep", lang).join(items),
    )


def intensity_summary(frame: pd.DataFrame, focus: str, name: str, edition: int, lang: str) -> str:
    """One sentence on the size-against-intensity chart: the profiled cluster's two ranks (or
    that its intensity rank is not held) and the cluster first by intensity among those drawn."""
    if frame.empty:
        return t("clusters.profile.alt_intensity_empty", lang, edition=edition)
    best = frame.sort_values(["intensity_rank", "size_rank"], kind="stable").iloc[0]
    own = frame[frame["cluster_id"] == focus]
    common = {"edition": edition, "n": len(frame), "best": best["name"]}
    common["best_rank"] = _rank_text(int(best["intensity_rank"]), lang)
    if own.empty:
        return t("clusters.profile.alt_intensity_chart_missing", lang, name=name, **common)
    return t(
        "clusters.profile.alt_intensity_chart",
        lang,
        name=name,
        size=_rank_text(int(own["size_rank"].iloc[0]), lang),
        intensity=_rank_text(int(own["intensity_rank"].iloc[0]), lang),
        **common,
    )


def leaders_summary(frame: pd.DataFrame, name: str, edition: int, lang: str) -> str:
    """One sentence on the leaders chart: each kind's leaders in order, with a share where one
    is printed (or that none is held)."""
    if frame.empty:
        return t("clusters.profile.leaders_empty", lang, name=name, edition=edition)
    sep = t("clusters.list_sep", lang)
    groups = []
    for kind_name in dict.fromkeys(frame["kind_name"].tolist()):
        rows = frame[frame["kind_name"] == kind_name]
        items = [
            n if pd.isna(s) else t("clusters.profile.alt_leader_share", lang, name=n, share=x)
            for n, s, x in zip(rows["name"], rows["share"], rows["share_text"], strict=True)
        ]
        groups.append(
            t(
                "clusters.profile.alt_leader_group",
                lang,
                kind=_in_text(kind_name, lang),
                items=sep.join(items),
            )
        )
    return t(
        "clusters.profile.alt_leaders",
        lang,
        name=name,
        edition=edition,
        groups=t("clusters.profile.group_sep", lang).join(groups),
    )


def previous_method_line(
    metrics: pd.DataFrame,
    edition: int,
    focus: str,
    name: str,
    publisher_of: Mapping[str, str],
    lang: str,
) -> str:
    """From GII 2025: the profiled cluster's rank under the previous two-metric method where a
    source gives it, else that it is not held ("" before 2025)."""
    if edition < METRIC_FROM["vc_share"]:
        return ""
    row = preferred(metrics, edition).get((focus, "rank_previous_method"))
    if row is None:
        return t("clusters.profile.previous_missing", lang, edition=edition)
    return t(
        "clusters.profile.previous_rank",
        lang,
        edition=edition,
        name=name,
        rank=_rank_text(int(row["value"]), lang),
        source=publisher_names((row["source_id"],), publisher_of, lang),
    )


def profile_source_caption(
    source_ids: Sequence[Sequence[str]], publisher_of: Mapping[str, str], lang: str
) -> str:
    """The source line of a profile chart: the publishers its values were read from."""
    return t_md(
        "clusters.profile.source", lang, publishers=top_publishers(source_ids, publisher_of, lang)
    )


def shares_coverage_line(metrics: pd.DataFrame | MetricValues, edition: int, lang: str) -> str:
    """How many clusters' shares of `edition` are held, per metric: the profile's data is a
    partial picture, and says so."""
    held = [metric for _cid, metric in preferred(metrics, edition)]
    items = [
        t(
            "clusters.profile.coverage_item",
            lang,
            metric=t(f"clusters.metric.{m}", lang),
            n=held.count(m),
        )
        for m in metrics_shown(edition)
    ]
    return t(
        "clusters.profile.coverage",
        lang,
        edition=edition,
        items=t("clusters.list_sep", lang).join(items),
    )
