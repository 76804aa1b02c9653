"""Rank histories: one row per cluster and held edition, unbroken runs, methodology breaks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from gba_dash.i18n import t
from gba_dash.views.clusters.ranking import (
    RankLookup,
    _codes,
    _publishers,
    change_text,
    rank_lookup,
)
from gba_dash.views.common import localized


def rank_history(
    ranks: pd.DataFrame,
    cluster_ids: Sequence[str],
    editions: tuple[int, int],
    *,
    publisher_of: Mapping[str, str],
    lang: str,
    changes: pd.DataFrame | RankLookup | None = None,
) -> pd.DataFrame:
    """One row per chosen cluster × held edition within `editions` (inclusive).

    Columns: cluster_id, edition, rank, name, name_published, is_gba, group, segment (a line id:
    a new segment starts after every missing edition, so no line bridges a gap), rank_change,
    change_text, is_last (the cluster's last held edition in range, where its label goes),
    source (publishers), source_ids. Clusters keep the order of `cluster_ids`. `changes` is
    `rank_changes(ranks)` (or its `RankLookup`) when the caller already has it.
    """
    cols = [
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
    lo, hi = editions
    order = {cid: i for i, cid in enumerate(dict.fromkeys(cluster_ids))}
    rows = ranks[ranks["cluster_id"].isin(list(order)) & ranks["edition"].between(lo, hi)].copy()
    if rows.empty:
        return pd.DataFrame(columns=cols)
    rows["edition"] = rows["edition"].astype(int)
    rows["_order"] = rows["cluster_id"].map(order)
    rows = rows.sort_values(["_order", "edition"]).reset_index(drop=True)
    ids, years = rows["cluster_id"].tolist(), rows["edition"].tolist()
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
    out = pd.DataFrame(
        {
            "cluster_id": rows["cluster_id"],
            "edition": rows["edition"],
            "rank": rows["rank"].astype(int),
            "name": localized(rows, "name", lang),
            "name_published": rows["name_published"],
            "is_gba": rows["is_gba"].astype(bool),
            "group": ["gba" if g else "other" for g in rows["is_gba"]],
            "segment": segment,
            "rank_change": rank_change,
            "change_text": [change_text(c) for c in rank_change],
            "is_last": is_last,
            "source": [_publishers(x, publisher_of, lang) for x in rows["source_ids"]],
            "source_ids": [tuple(_codes(x)) for x in rows["source_ids"]],
        }
    )
    return out[cols]


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
