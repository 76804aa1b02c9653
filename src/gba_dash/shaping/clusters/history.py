"""Rank histories: one row per cluster and held edition, unbroken runs, methodology breaks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from gba_dash.i18n import t
from gba_dash.shaping.clusters.ranking import (
    ClusterRows,
    RankLookup,
    change_text,
    list_items,
    publisher_names,
    rank_lookup,
)
from gba_dash.shaping.common import lang_col, localized, localized_values


def rank_history(
    ranks: pd.DataFrame,
    cluster_ids: Sequence[str],
    editions: tuple[int, int],
    *,
    publisher_of: Mapping[str, str],
    lang: str,
    changes: pd.DataFrame | RankLookup | None = None,
    rows: ClusterRows | None = None,
) -> pd.DataFrame:
    """One row per chosen cluster × held edition within `editions` (inclusive).

    Columns: cluster_id, edition, rank, name, name_published, is_gba, group, segment (a line id:
    a new segment starts after every missing edition, so no line bridges a gap), rank_change,
    change_text, is_last (the cluster's last held edition in range, where its label goes),
    source (publishers), source_ids. Clusters keep the order of `cluster_ids`. `changes` is
    `rank_changes(ranks)` (or its `RankLookup`) and `rows` is `ClusterRows.of(ranks)` when the
    caller already has them.
    """
    lo, hi = editions
    index = rows or ClusterRows.of(ranks)
    picked = [
        (cid, edition, row)
        for cid in dict.fromkeys(cluster_ids)
        for edition, row in index.of_cluster.get(cid, ())
        if lo <= edition <= hi
    ]
    if not picked:
        return pd.DataFrame(columns=_HISTORY_COLUMNS)
    ids = [cid for cid, _, _ in picked]
    years = [edition for _, edition, _ in picked]
    at = [row for _, _, row in picked]
    change_of = rank_lookup(ranks, changes).change_of
    rank_change = pd.array(
        [change_of.get(k, pd.NA) for k in zip(years, ids, strict=True)], dtype="Int64"
    )
    # Rows are in cluster order, editions ascending: a run breaks where an edition is missing,
    # and a cluster's last row is its last edition in range (a loop: a few dozen rows).
    segment, is_last = [], []
    for i, (cid, year) in enumerate(zip(ids, years, strict=True)):
        if i == 0 or ids[i - 1] != cid:
            run = 1
        elif years[i - 1] != year - 1:
            run += 1
        segment.append(f"{cid}#{run}")
        is_last.append(i + 1 == len(ids) or ids[i + 1] != cid)
    is_gba = [bool(g) for g in index.column("is_gba", at)]
    source_ids = index.column("source_ids", at)
    return pd.DataFrame(
        {
            "cluster_id": pd.Series(ids, dtype=ranks["cluster_id"].dtype),
            "edition": np.array(years, dtype="int64"),
            "rank": np.array(index.column("rank", at), dtype="int64"),
            "name": pd.Series(
                localized_values(
                    index.column(lang_col("name", lang), at), index.column("name_en", at)
                ),
                dtype=ranks[lang_col("name", lang)].dtype,
            ),
            "name_published": pd.Series(
                index.column("name_published", at), dtype=ranks["name_published"].dtype
            ),
            "is_gba": is_gba,
            "group": ["gba" if g else "other" for g in is_gba],
            "segment": segment,
            "rank_change": rank_change,
            "change_text": [change_text(c) for c in rank_change],
            "is_last": is_last,
            "source": [publisher_names(x, publisher_of, lang) for x in source_ids],
            "source_ids": [tuple(list_items(x)) for x in source_ids],
        },
        columns=_HISTORY_COLUMNS,
    )


_HISTORY_COLUMNS = [
    "cluster_id",
    "edition",
    "rank",
    "name",
    "name_published",
    "is_gba",
    "group",
    "segment",
    "rank_change",
    "change_text",
    "is_last",
    "source",
    "source_ids",
]


def break_rules(breaks: pd.DataFrame, editions: tuple[int, int], lang: str) -> pd.DataFrame:
    """One row per methodology break that falls inside `editions` (after its first edition).

    Columns: break_id, year, x (year − 0.5: the rule sits between the last edition before the
    change and the first after it), label ("2018 · …" in the reader's script).
    """
    cols = ["break_id", "year", "x", "label"]
    lo, hi = editions
    years = [int(y) for y in breaks["year"].tolist()]
    keep = [i for i, y in enumerate(years) if lo < y <= hi]
    if not keep:
        return pd.DataFrame(columns=cols)
    labels = localized(breaks, "label", lang).tolist()
    ids = breaks["break_id"].tolist()
    # Lists, not pandas filters: a few rows, where each pandas step costs more than the view.
    return pd.DataFrame(
        {
            "break_id": [ids[i] for i in keep],
            "year": [years[i] for i in keep],
            "x": [years[i] - 0.5 for i in keep],
            "label": [
                t("clusters.break_label", lang, year=years[i], label=labels[i]) for i in keep
            ],
        },
        columns=cols,
    )
