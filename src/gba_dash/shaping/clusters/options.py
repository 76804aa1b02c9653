"""Choices a reader has on the clusters page (editions, clusters, economies) and their names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from gba_dash.shaping.common import localized

#: The rank history's clusters when the URL names none, in this order.
DEFAULT_CLUSTERS = (
    "szhkgz",
    "tokyo_yokohama",
    "sanjose_sf",
    "beijing",
    "seoul",
    "shanghai_suzhou",
    "macao_zhuhai",
)
#: The three national science and technology innovation centres (chart 4).
NATIONAL_CENTRES = ("beijing", "shanghai_suzhou", "szhkgz")
#: Economies broken out in the counts chart when the URL names none.
DEFAULT_COUNT_ECONOMIES = ("CN", "US")
COUNT_INDICATOR = "gii_clusters_in_top100"
OTHERS = "_others"
TOP_MIN, TOP_MAX, TOP_DEFAULT = 10, 100, 20
#: `?chart=` codes of the page's five chart tabs, in tab order (the first is the default).
CHART_TABS = ("ranking", "history", "counts", "centres", "profile")
MISSING = "—"

RANK_COLUMNS = [
    "edition",
    "cluster_id",
    "rank",
    "prev_edition",
    "prev_rank",
    "rank_change",
]


def editions_held(coverage: pd.DataFrame) -> list[int]:
    """The GII editions with at least one rank held, ascending."""
    held = coverage[coverage["ranks_held"] > 0]["edition"].astype(int)
    return sorted(held.unique().tolist())


def cluster_options(ranks: pd.DataFrame) -> list[str]:
    """Every ranked cluster id, best published rank first (then latest rank, then id)."""
    if ranks.empty:
        return []
    latest = ranks.sort_values("edition").groupby("cluster_id")["rank"].last()
    best = ranks.groupby("cluster_id")["rank"].min()
    order = pd.DataFrame({"best": best, "latest": latest}).reset_index()
    order = order.sort_values(["best", "latest", "cluster_id"])
    return order["cluster_id"].tolist()


def default_clusters(options: Sequence[str]) -> tuple[str, ...]:
    """DEFAULT_CLUSTERS that the data holds, in their order."""
    return tuple(c for c in DEFAULT_CLUSTERS if c in set(options))


def economy_options(ranks: pd.DataFrame) -> list[str]:
    """Every economy code a ranked cluster spans, most clusters first (then code)."""
    if ranks.empty:
        return []
    per_cluster = ranks.drop_duplicates("cluster_id")[["cluster_id", "economies"]]
    codes = per_cluster.explode("economies")["economies"].dropna()
    counts = codes.value_counts()
    return sorted(counts.index.tolist(), key=lambda c: (-int(counts[c]), c))


def economy_names(geo: pd.DataFrame, lang: str) -> dict[str, str]:
    """Economy code → its name in the reader's script (e.g. CN → 中国 / 中國 / China)."""
    economies = geo[geo["kind"] == "economy"].reset_index(drop=True)
    return dict(zip(economies["geo_id"], localized(economies, "name", lang), strict=True))


def cluster_names(clusters: pd.DataFrame, lang: str) -> dict[str, str]:
    """Cluster id → its current name in the reader's script."""
    frame = clusters.reset_index(drop=True)
    return dict(zip(frame["cluster_id"], localized(frame, "name", lang), strict=True))


def add_clusters(
    current: Iterable[str], picked: Iterable[str], allowed: Iterable[str]
) -> list[str]:
    """`current` with the `picked` ids appended (known ids only, no duplicates, order kept)."""
    allowed_set = set(allowed)
    out = [c for c in current if c in allowed_set]
    for cid in picked:
        if cid in allowed_set and cid not in out:
            out.append(cid)
    return out


def picked_ids(selection: object) -> list[str]:
    """Cluster ids out of a Vega-Lite point selection's value (a list of {"cluster_id": …})."""
    if not isinstance(selection, list | tuple):
        return []
    return [
        str(item["cluster_id"])
        for item in selection
        if isinstance(item, Mapping) and item.get("cluster_id") is not None
    ]
