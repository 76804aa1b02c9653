"""One edition's ranking: ranks held, changes between consecutive editions held, sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gba_dash.i18n import format_number, t
from gba_dash.shaping.clusters.options import MISSING, RANK_COLUMNS
from gba_dash.shaping.common import localized


def rank_changes(ranks: pd.DataFrame) -> pd.DataFrame:
    """One row per edition × cluster with the change from the edition before, where both held.

    Columns: edition, cluster_id, rank, prev_edition (edition − 1), prev_rank (nullable),
    rank_change (nullable Int64; positive = moved up, e.g. 2 → 1 is +1). No change is computed
    across a missing edition: prev_rank is the rank of edition − 1 only.
    """
    if ranks.empty:
        return pd.DataFrame(columns=RANK_COLUMNS)
    base = ranks[["edition", "cluster_id", "rank"]].copy()
    base["edition"] = base["edition"].astype(int)
    base["rank"] = base["rank"].astype(int)
    prev = base.rename(columns={"edition": "prev_edition", "rank": "prev_rank"})
    base["prev_edition"] = base["edition"] - 1
    out = base.merge(prev, on=["cluster_id", "prev_edition"], how="left")
    out["prev_rank"] = out["prev_rank"].astype("Int64")
    out["rank_change"] = (out["prev_rank"] - out["rank"]).astype("Int64")
    return out[RANK_COLUMNS].sort_values(["edition", "rank"]).reset_index(drop=True)


@dataclass(frozen=True)
class RankLookup:
    """`rank_changes` as dictionaries keyed by (edition, cluster_id): the views look up a few
    dozen rows per filter change, and building these from the frame costs more than the view
    (~1 ms each, bench/RESULTS.md). Built once per database build by the page model."""

    change_of: Mapping[tuple[int, str], object]
    prev_rank_of: Mapping[tuple[int, str], object]

    @classmethod
    def of(cls, changes: pd.DataFrame) -> RankLookup:
        keys = list(zip(changes["edition"].astype(int), changes["cluster_id"], strict=True))
        return cls(
            dict(zip(keys, changes["rank_change"], strict=True)),
            dict(zip(keys, changes["prev_rank"], strict=True)),
        )


@dataclass(frozen=True)
class ClusterRows:
    """A ranks frame as lists: where each cluster's rows are (editions ascending) and every
    column's values. A history picks its few dozen values from these instead of filtering,
    sorting and taking rows of the frame on every filter change (pandas steps on a few hundred
    rows cost ~4 ms a history, bench/RESULTS.md). Built once per database build by the page
    model, for the frame it is built from; shared: never modify."""

    of_cluster: Mapping[str, tuple[tuple[int, int], ...]]  # cluster_id → ((edition, row), …)
    values: Mapping[str, list]  # column → its values, row by row

    @classmethod
    def of(cls, ranks: pd.DataFrame) -> ClusterRows:
        found: dict[str, list[tuple[int, int]]] = {}
        pairs = zip(ranks["cluster_id"].tolist(), ranks["edition"].tolist(), strict=True)
        for row, (cid, edition) in enumerate(pairs):
            found.setdefault(cid, []).append((int(edition), row))
        return cls(
            {cid: tuple(sorted(rows)) for cid, rows in found.items()},
            {name: column.tolist() for name, column in ranks.items()},
        )

    def column(self, name: str, rows: Sequence[int]) -> list:
        """The values of column `name` in `rows` (positions), in that order."""
        values = self.values[name]
        return [values[i] for i in rows]


def rank_lookup(ranks: pd.DataFrame, changes: pd.DataFrame | RankLookup | None) -> RankLookup:
    """`changes` as a `RankLookup` (computed from `ranks` when None)."""
    if isinstance(changes, RankLookup):
        return changes
    return RankLookup.of(rank_changes(ranks) if changes is None else changes)


def change_text(change: object) -> str:
    """The change as shown in a table or tooltip: ↑1, ↓3, = or — (edition before not held)."""
    if change is None or pd.isna(change):
        return MISSING
    n = int(change)
    if n > 0:
        return f"↑{n}"
    if n < 0:
        return f"↓{-n}"
    return "="


def publisher_names(source_ids: object, publisher_of: Mapping[str, str], lang: str) -> str:
    """The publishers of a row's sources, each once, joined for the reader."""
    names = dict.fromkeys(publisher_of.get(s, s) for s in list_items(source_ids))
    return t("clusters.list_sep", lang).join(names)


def publisher_map(sources: pd.DataFrame) -> dict[str, str]:
    """Source id → publisher (for tooltips and captions)."""
    return dict(zip(sources["source_id"], sources["publisher"], strict=True))


def _economy_text(economies: object, names: Mapping[str, str], lang: str) -> str:
    codes = list_items(economies)
    return t("clusters.list_sep", lang).join(names.get(c, c) for c in codes)


def _count_text(value: object, lang: str) -> str:
    if value is None or pd.isna(value):
        return MISSING
    return format_number(float(value), lang, "count", compact=False)


#: The columns of `edition_ranking`, in order.
RANKING_COLUMNS = [
    "cluster_id",
    "rank",
    "name",
    "name_published",
    "label",
    "economy",
    "is_gba",
    "group",
    "pct_text",
    "publications_text",
    "vc_text",
    "prev_edition",
    "prev_rank",
    "rank_change",
    "change_text",
    "source",
    "source_ids",
    "conflict_text",
]


def edition_ranking(
    ranks: pd.DataFrame,
    edition: int,
    top: int,
    economies: Sequence[str],
    *,
    economy_name: Mapping[str, str],
    publisher_of: Mapping[str, str],
    lang: str,
    changes: pd.DataFrame | RankLookup | None = None,
) -> pd.DataFrame:
    """One row per cluster held in `edition` with rank ≤ `top`, in rank order.

    With `economies`, only clusters spanning at least one of them (so HK selects
    Shenzhen–Hong Kong–Guangzhou). Columns: cluster_id, rank, name (reader's script),
    name_published, label ("name (economy)"), economy (names of all its economies), is_gba,
    group ("gba"/"other"), pct_text, publications_text, vc_text, prev_edition, prev_rank,
    rank_change, change_text, source (publishers), source_ids. `changes` is `rank_changes(ranks)`
    (or its `RankLookup`) when the caller already has it.
    """
    cols = RANKING_COLUMNS
    # Positions first, one `take` after: on a few hundred rows each pandas filter, sort and
    # column step costs more than the values it moves (~3 ms a ranking, bench/RESULTS.md).
    rank_of = ranks["rank"].to_numpy()
    at = np.flatnonzero((ranks["edition"].to_numpy() == edition) & (rank_of <= top))
    if economies:
        wanted = set(economies)
        held = ranks["economies"].to_numpy()
        at = at[[bool(set(list_items(held[i])) & wanted) for i in at]]
    if not len(at):
        return pd.DataFrame(columns=cols)
    at = at[np.argsort(rank_of[at], kind="quicksort")]  # as `sort_values("rank")` orders ties
    rows = ranks.take(at).reset_index(drop=True)
    keys = [(int(edition), cid) for cid in rows["cluster_id"].tolist()]
    lookup = rank_lookup(ranks, changes)
    rank_change = pd.array([lookup.change_of.get(k, pd.NA) for k in keys], dtype="Int64")
    names = localized(rows, "name", lang)
    economy = [_economy_text(e, economy_name, lang) for e in rows["economies"].tolist()]
    is_gba = rows["is_gba"].astype(bool)
    return pd.DataFrame(
        {
            "cluster_id": rows["cluster_id"],
            "rank": rows["rank"].astype(int),
            "name": names,
            "name_published": rows["name_published"],
            "label": [
                t("clusters.name_economy", lang, name=n, economy=e)
                for n, e in zip(names.tolist(), economy, strict=True)
            ],
            "economy": economy,
            "is_gba": is_gba,
            "group": ["gba" if g else "other" for g in is_gba.tolist()],
            "pct_text": [_count_text(v, lang) for v in rows["pct_filings"].tolist()],
            "publications_text": [_count_text(v, lang) for v in rows["publications"].tolist()],
            "vc_text": [_count_text(v, lang) for v in rows["vc_deals"].tolist()],
            "prev_edition": rows["edition"].astype(int) - 1,
            "prev_rank": pd.array([lookup.prev_rank_of.get(k, pd.NA) for k in keys], dtype="Int64"),
            "rank_change": rank_change,
            "change_text": [change_text(c) for c in rank_change],
            "source": [publisher_names(s, publisher_of, lang) for s in rows["source_ids"].tolist()],
            "source_ids": [tuple(list_items(s)) for s in rows["source_ids"].tolist()],
            "conflict_text": [
                conflict_text(c, lang)
                for c in (
                    rows["conflicting_ranks"].tolist()
                    if "conflicting_ranks" in rows
                    else [None] * len(rows)
                )
            ],
        },
        columns=cols,
    )


class EditionRankings:
    """Each edition's whole ranking per language, made on first use: a filter change takes its
    rows (rank ≤ top, the economies chosen) instead of building them (names, economies,
    publishers and changes as text cost ~1.5 ms a ranking; the rows it keeps cost ~0.1 ms).
    Built once per database build by the page model; shared, what it returns never modified.
    """

    def __init__(
        self,
        ranks_by_edition: Mapping[int, pd.DataFrame],
        *,
        economy_name: Mapping[str, Mapping[str, str]],
        publisher_of: Mapping[str, str],
        changes: RankLookup,
    ) -> None:
        self._ranks = ranks_by_edition
        self._economy_name = economy_name  # lang → code → name
        self._publisher_of = publisher_of
        self._changes = changes
        # (edition, lang) → (whole ranking, each row's rank, each row's economy codes). Two
        # readers may build one entry at once; both build the same, and either is kept.
        self._made: dict[tuple[int, str], tuple[pd.DataFrame, list[int], list[frozenset]]] = {}

    def _whole(self, edition: int, lang: str) -> tuple[pd.DataFrame, list[int], list[frozenset]]:
        made = self._made.get((edition, lang))
        if made is None:
            ranks = self._ranks[edition]
            whole = edition_ranking(
                ranks,
                edition,
                max(ranks["rank"].max(), 1),
                (),
                economy_name=self._economy_name[lang],
                publisher_of=self._publisher_of,
                lang=lang,
                changes=self._changes,
            )
            codes = dict(
                zip(
                    ranks["cluster_id"].tolist(),
                    (frozenset(list_items(e)) for e in ranks["economies"].tolist()),
                    strict=True,
                )
            )
            ids = whole["cluster_id"].tolist()
            made = (whole, whole["rank"].tolist(), [codes[c] for c in ids])
            self._made[(edition, lang)] = made
        return made

    def ranking(self, edition: int, top: int, economies: Sequence[str], lang: str) -> pd.DataFrame:
        """`edition_ranking(ranks of edition, edition, top, economies, …)`, the same frame."""
        if edition not in self._ranks:
            return pd.DataFrame(columns=RANKING_COLUMNS)
        whole, rank_of, codes_of = self._whole(edition, lang)
        wanted = set(economies)
        keep = [
            i
            for i, (rank, codes) in enumerate(zip(rank_of, codes_of, strict=True))
            if rank <= top and (not wanted or codes & wanted)
        ]
        if not keep:
            return pd.DataFrame(columns=RANKING_COLUMNS)
        return whole.take(keep).reset_index(drop=True)


def conflict_text(conflicting: object, lang: str) -> str:
    """Other ranks a source gives for this cluster and edition ("" when none): the held rank is
    drawn, the others are named beside it (data/cluster_rank_conflicts.csv)."""
    if conflicting is None or (not isinstance(conflicting, str) and pd.isna(conflicting)):
        return ""
    ranks = [r for r in str(conflicting).split(";") if r]
    if not ranks:
        return ""
    return t("clusters.conflict", lang, ranks=t("clusters.list_sep", lang).join(ranks))


def list_items(economies: object) -> list[str]:
    """A list cell (economies, source ids) as a list, whatever array type the query gave."""
    if hasattr(economies, "tolist"):
        return list(economies.tolist())
    return list(economies or [])


def coverage_of(coverage: pd.DataFrame, edition: int) -> tuple[int, int]:
    """(ranks held, ranks in the list) for one edition; (0, 100) when it is not held."""
    columns = (coverage[c].tolist() for c in ("edition", "ranks_held", "ranks_total"))
    for year, held, total in zip(*columns, strict=True):
        if year == edition:
            return int(held), int(total)
    return 0, 100
