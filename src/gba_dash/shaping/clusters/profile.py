"""A cluster's profile: what its size rank is made of, its rank by intensity, and its leaders.

WIPO ranks clusters by size: their shares of the world's PCT filings, scientific articles and,
from GII 2025, venture-capital deals. Per resident (intensity) the same clusters rank otherwise.
Every value is read from `v_cluster_metrics` (one row per source, the preferred one marked) and
`v_cluster_leaders`; a value no source gives stays a gap, shown as one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from gba_dash.i18n import t
from gba_dash.i18n.numbers import format_number, format_qualified
from gba_dash.schema import LEADER_KINDS
from gba_dash.shaping.clusters.options import MISSING
from gba_dash.shaping.clusters.ranking import publisher_names
from gba_dash.shaping.common import localized, qualifier_mark

#: The three size metrics as shares of the world's totals, and the first GII edition of each:
#: PCT filings alone in 2017, scientific articles from 2018, VC deals from 2025
#: (data/breaks.csv).
SHARE_METRICS = ("pct_share", "publications_share", "vc_share")
METRIC_FROM = {"pct_share": 2017, "publications_share": 2018, "vc_share": 2025}
#: Counts per million residents, one per size metric.
PER_MILLION = {
    "pct_share": "pct_per_million",
    "publications_share": "publications_per_million",
    "vc_share": "vc_per_million",
}
#: The profile opened when the URL names no cluster.
DEFAULT_PROFILE = "szhkgz"
#: At most this many peers beside the profiled cluster (a room must read every bar).
PEERS_MAX = 6

_SHARE_COLUMNS = [
    "cluster_id",
    "name",
    "is_focus",
    "metric",
    "metric_name",
    "share",
    "share_text",
    "qualifier",
    "source",
    "source_ids",
    "also",
]
_INTENSITY_COLUMNS = [
    "cluster_id",
    "name",
    "is_focus",
    "size_rank",
    "intensity_rank",
    "label",
    "source",
    "source_ids",
]
_LEADER_COLUMNS = [
    "kind",
    "kind_name",
    "position",
    "name",
    "label",
    "share",
    "share_text",
    "source",
    "source_ids",
]


def profile_options(ranks: pd.DataFrame, metrics: pd.DataFrame, ranked: Sequence[str]) -> list:
    """Every cluster a profile can open: the ranked ones in their order, then those held only
    by a metric (an intensity rank of a cluster whose size rank is not held)."""
    extra = sorted(set(metrics["cluster_id"].tolist()) - set(ranked)) if len(metrics) else []
    return [*ranked, *extra]


def metrics_shown(edition: int) -> tuple[str, ...]:
    """The share metrics an edition ranks by."""
    return tuple(m for m in SHARE_METRICS if METRIC_FROM[m] <= edition)


def preferred(metrics: pd.DataFrame | MetricValues, edition: int) -> dict[tuple[str, str], dict]:
    """(cluster_id, metric) → the preferred row of one edition, with `also`: the other values
    sources give for it (a conflict kept visible), as (value, qualifier, publisher, source_id)
    tuples. From a `MetricValues`, the rows it holds (made once per build)."""
    if isinstance(metrics, MetricValues):
        return metrics.of_edition(edition)
    rows = metrics[metrics["edition"] == edition]
    found: dict[tuple[str, str], dict] = {}
    for row in rows.to_dict("records"):
        key = (row["cluster_id"], row["metric"])
        if row["is_preferred"]:
            found[key] = {**row, "also": found.get(key, {}).get("also", [])}
    for row in rows.to_dict("records"):
        key = (row["cluster_id"], row["metric"])
        held = found.get(key)
        if held is not None and not row["is_preferred"] and row["value"] != held["value"]:
            held["also"].append(
                (row["value"], row["qualifier"], row["publisher"], row["source_id"])
            )
    return found


class MetricValues:
    """Every edition's `preferred` rows, made once per database build and shared by every
    reader (never modified): a profile's filter change reads dictionaries, not the frame."""

    def __init__(self, by_edition: dict[int, dict[tuple[str, str], dict]]) -> None:
        self.by_edition = by_edition

    @classmethod
    def of(cls, metrics: pd.DataFrame) -> MetricValues:
        editions = sorted({int(e) for e in metrics["edition"].tolist()})
        return cls({e: preferred(metrics, e) for e in editions})

    def of_edition(self, edition: int) -> dict[tuple[str, str], dict]:
        return self.by_edition.get(int(edition), {})


def _share_text(row: Mapping | None, lang: str) -> str:
    if row is None:
        return t("clusters.profile.not_held", lang)
    return qualifier_mark(row["qualifier"]) + format_number(float(row["value"]), lang, "percent")


def _also_text(row: Mapping | None, unit: str, lang: str) -> str:
    if not row or not row["also"]:
        return ""
    items = [
        t("clusters.profile.also_item", lang, value=format_qualified(v, q, lang, unit), by=p)
        for v, q, p, _id in row["also"]
    ]
    return t("clusters.list_sep", lang).join(items)


def peers_of(focus: str, chosen: Sequence[str]) -> tuple[str, ...]:
    """The clusters beside the profiled one: the chosen clusters but it, at most PEERS_MAX."""
    return tuple(c for c in dict.fromkeys(chosen) if c != focus)[:PEERS_MAX]


def profile_shares(
    metrics: pd.DataFrame | MetricValues,
    edition: int,
    focus: str,
    peers: Sequence[str],
    names: Mapping[str, str],
    publisher_of: Mapping[str, str],
    lang: str,
) -> pd.DataFrame:
    """One row per cluster × share metric of `edition` (the profiled cluster first, then its
    peers; metrics in WIPO's order): share (NaN where no source gives it: a gap), share_text
    ("9%", or "not held"), qualifier, source (publisher), source_ids, also (other sources'
    values for the same share)."""
    found = preferred(metrics, edition)
    records = []
    for cid in (focus, *peers):
        for metric in metrics_shown(edition):
            row = found.get((cid, metric))
            # the value shown and every other value named beside it are cited
            ids = (row["source_id"], *(a[3] for a in row["also"])) if row else ()
            records.append(
                {
                    "cluster_id": cid,
                    "name": names.get(cid, cid),
                    "is_focus": cid == focus,
                    "metric": metric,
                    "metric_name": t(f"clusters.metric.{metric}", lang),
                    "share": float(row["value"]) if row else float("nan"),
                    "share_text": _share_text(row, lang),
                    "qualifier": row["qualifier"] if row else "",
                    "source": publisher_names(ids[:1], publisher_of, lang) if row else MISSING,
                    "source_ids": ids,
                    "also": _also_text(row, "percent", lang),
                }
            )
    return pd.DataFrame.from_records(records, columns=_SHARE_COLUMNS)


def size_intensity(
    metrics: pd.DataFrame | MetricValues,
    ranks: pd.DataFrame,
    edition: int,
    focus: str,
    names: Mapping[str, str],
    publisher_of: Mapping[str, str],
    lang: str,
) -> pd.DataFrame:
    """One row per cluster of `edition` with both a size rank (held) and an intensity rank
    (published), the profiled cluster marked: size_rank, intensity_rank, label, source."""
    found = preferred(metrics, edition)
    held = ranks[ranks["edition"] == edition] if len(ranks) else ranks
    size_of = dict(zip(held["cluster_id"], held["rank"], strict=True))
    ids_of = dict(zip(held["cluster_id"], held["source_ids"], strict=True))
    records = []
    for (cid, metric), row in found.items():
        if metric != "intensity_rank" or cid not in size_of:
            continue
        ids = tuple(dict.fromkeys((*ids_of[cid], row["source_id"])))
        name = names.get(cid, cid)
        records.append(
            {
                "cluster_id": cid,
                "name": name,
                "is_focus": cid == focus,
                "size_rank": int(size_of[cid]),
                "intensity_rank": int(row["value"]),
                "label": t(
                    "clusters.profile.point",
                    lang,
                    name=name,
                    size=int(size_of[cid]),
                    intensity=int(row["value"]),
                ),
                "source": publisher_names(ids, publisher_of, lang),
                "source_ids": ids,
            }
        )
    frame = pd.DataFrame.from_records(records, columns=_INTENSITY_COLUMNS)
    return frame.sort_values(["size_rank", "cluster_id"], ignore_index=True)


def leaders(
    table: pd.DataFrame,
    edition: int,
    focus: str,
    publisher_of: Mapping[str, str],
    lang: str,
) -> pd.DataFrame:
    """One row per published leader of the profiled cluster in `edition` (kinds in the order of
    `schema.LEADER_KINDS`, then position; one row per name however many sources give it):
    kind_name, position, name, label ("1. Huawei"), share (NaN where none is printed),
    share_text, source (every publisher that names it), source_ids."""
    rows = table[(table["edition"] == edition) & (table["cluster_id"] == focus)]
    if rows.empty:
        return pd.DataFrame(columns=_LEADER_COLUMNS)
    names = localized(rows, "name", lang).tolist()
    merged: dict[tuple[str, int], dict] = {}
    for row, name in zip(rows.to_dict("records"), names, strict=True):
        key = (row["kind"], int(row["position"]))
        held = merged.setdefault(
            key,
            {
                "kind": row["kind"],
                "kind_name": t(f"clusters.leader.{row['kind']}", lang),
                "position": int(row["position"]),
                "name": name,
                "label": t("clusters.profile.leader", lang, n=int(row["position"]), name=name),
                "share": float("nan"),
                "share_text": t("clusters.profile.no_share", lang),
                "source_ids": (),
            },
        )
        share = row["share"]
        if share is not None and not pd.isna(share) and pd.isna(held["share"]):
            held["share"] = float(share)
            held["share_text"] = qualifier_mark(row["qualifier"] or "") + format_number(
                float(share), lang, "percent"
            )
        held["source_ids"] = tuple(dict.fromkeys((*held["source_ids"], row["source_id"])))
    order = {k: i for i, k in enumerate(LEADER_KINDS)}
    records = sorted(merged.values(), key=lambda r: (order[r["kind"]], r["position"]))
    for record in records:
        record["source"] = publisher_names(record["source_ids"], publisher_of, lang)
    return pd.DataFrame.from_records(records, columns=_LEADER_COLUMNS)
