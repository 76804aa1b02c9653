"""Views for the cluster rankings page: one edition's ranking, rank histories, counts per economy.

Ranks are WIPO GII ranks *as first published*; the table is partial (not the whole top 100 for
any edition). A rank change is computed only between two consecutive editions that are both
held, and a missing edition stays a gap (each unbroken run of editions is its own `segment`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from gba_dash.i18n import format_number, t
from gba_dash.views.common import localized, qualifier_mark

#: The rank history's clusters when the URL names none (issue 4), in this order.
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
#: `?chart=` codes of the page's four charts, in tab order (the first is the default).
CHART_VIEWS = ("ranking", "history", "counts", "centres")
MISSING = "—"

_RANK_COLUMNS = [
    "edition",
    "cluster_id",
    "rank",
    "prev_edition",
    "prev_rank",
    "rank_change",
]


# --- options ----------------------------------------------------------------------------------


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


# --- ranks and changes ------------------------------------------------------------------------


def rank_changes(ranks: pd.DataFrame) -> pd.DataFrame:
    """One row per edition × cluster with the change from the edition before, where both held.

    Columns: edition, cluster_id, rank, prev_edition (edition − 1), prev_rank (nullable),
    rank_change (nullable Int64; positive = moved up, e.g. 2 → 1 is +1). No change is computed
    across a missing edition: prev_rank is the rank of edition − 1 only.
    """
    if ranks.empty:
        return pd.DataFrame(columns=_RANK_COLUMNS)
    base = ranks[["edition", "cluster_id", "rank"]].copy()
    base["edition"] = base["edition"].astype(int)
    base["rank"] = base["rank"].astype(int)
    prev = base.rename(columns={"edition": "prev_edition", "rank": "prev_rank"})
    base["prev_edition"] = base["edition"] - 1
    out = base.merge(prev, on=["cluster_id", "prev_edition"], how="left")
    out["prev_rank"] = out["prev_rank"].astype("Int64")
    out["rank_change"] = (out["prev_rank"] - out["rank"]).astype("Int64")
    return out[_RANK_COLUMNS].sort_values(["edition", "rank"]).reset_index(drop=True)


def _by_cluster_edition(changes: pd.DataFrame, column: str) -> dict[tuple, object]:
    """(edition, cluster_id) → `column` of `rank_changes` (NA where the edition before is not
    held): a dictionary, since the views look up a few dozen rows per filter change."""
    keys = zip(changes["edition"].astype(int), changes["cluster_id"], strict=True)
    return dict(zip(keys, changes[column], strict=True))


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


def _publishers(source_ids: object, publisher_of: Mapping[str, str], lang: str) -> str:
    names = dict.fromkeys(publisher_of.get(s, s) for s in _codes(source_ids))
    return t("clusters.list_sep", lang).join(names)


def publisher_map(sources: pd.DataFrame) -> dict[str, str]:
    """Source id → publisher (for tooltips and captions)."""
    return dict(zip(sources["source_id"], sources["publisher"], strict=True))


def _economy_text(economies: object, names: Mapping[str, str], lang: str) -> str:
    codes = _codes(economies)
    return t("clusters.list_sep", lang).join(names.get(c, c) for c in codes)


def _count_text(value: object, lang: str) -> str:
    if value is None or pd.isna(value):
        return MISSING
    return format_number(float(value), lang, "count", compact=False)


def edition_ranking(
    ranks: pd.DataFrame,
    edition: int,
    top: int,
    economies: Sequence[str],
    *,
    economy_name: Mapping[str, str],
    publisher_of: Mapping[str, str],
    lang: str,
    changes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per cluster held in `edition` with rank ≤ `top`, in rank order.

    With `economies`, only clusters spanning at least one of them (so HK selects
    Shenzhen–Hong Kong–Guangzhou). Columns: cluster_id, rank, name (reader's script),
    name_published, label ("name (economy)"), economy (names of all its economies), is_gba,
    group ("gba"/"other"), pct_text, publications_text, vc_text, prev_edition, prev_rank,
    rank_change, change_text, source (publishers), source_ids. `changes` is `rank_changes(ranks)`
    when the caller already has it.
    """
    cols = [
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
    rows = ranks[(ranks["edition"] == edition) & (ranks["rank"] <= top)].copy()
    if economies:
        wanted = set(economies)
        rows = rows[[bool(set(_codes(e)) & wanted) for e in rows["economies"]]]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    rows = rows.sort_values("rank").reset_index(drop=True)
    keys = list(zip(rows["edition"].astype(int), rows["cluster_id"], strict=True))
    changes = rank_changes(ranks) if changes is None else changes
    change_of = _by_cluster_edition(changes, "rank_change")
    prev_rank_of = _by_cluster_edition(changes, "prev_rank")
    rank_change = pd.array([change_of.get(k, pd.NA) for k in keys], dtype="Int64")
    names = localized(rows, "name", lang)
    economy = [_economy_text(e, economy_name, lang) for e in rows["economies"]]
    out = pd.DataFrame(
        {
            "cluster_id": rows["cluster_id"],
            "rank": rows["rank"].astype(int),
            "name": names,
            "name_published": rows["name_published"],
            "label": [
                t("clusters.name_economy", lang, name=n, economy=e)
                for n, e in zip(names, economy, strict=True)
            ],
            "economy": economy,
            "is_gba": rows["is_gba"].astype(bool),
            "group": ["gba" if g else "other" for g in rows["is_gba"]],
            "pct_text": [_count_text(v, lang) for v in rows["pct_filings"]],
            "publications_text": [_count_text(v, lang) for v in rows["publications"]],
            "vc_text": [_count_text(v, lang) for v in rows["vc_deals"]],
            "prev_edition": rows["edition"].astype(int) - 1,
            "prev_rank": pd.array([prev_rank_of.get(k, pd.NA) for k in keys], dtype="Int64"),
            "rank_change": rank_change,
            "change_text": [change_text(c) for c in rank_change],
            "source": [_publishers(s, publisher_of, lang) for s in rows["source_ids"]],
            "source_ids": [tuple(_codes(s)) for s in rows["source_ids"]],
            "conflict_text": [
                conflict_text(c, lang) for c in rows.get("conflicting_ranks", [None] * len(rows))
            ],
        }
    )
    return out[cols]


def conflict_text(conflicting: object, lang: str) -> str:
    """Other ranks a source gives for this cluster and edition ("" when none): the held rank is
    drawn, the others are named beside it (data/cluster_rank_conflicts.csv)."""
    if conflicting is None or (not isinstance(conflicting, str) and pd.isna(conflicting)):
        return ""
    ranks = [r for r in str(conflicting).split(";") if r]
    if not ranks:
        return ""
    return t("clusters.conflict", lang, ranks=t("clusters.list_sep", lang).join(ranks))


def _codes(economies: object) -> list[str]:
    if hasattr(economies, "tolist"):
        return list(economies.tolist())
    return list(economies or [])


def coverage_of(coverage: pd.DataFrame, edition: int) -> tuple[int, int]:
    """(ranks held, ranks in the list) for one edition; (0, 100) when it is not held."""
    row = coverage[coverage["edition"] == edition]
    if row.empty:
        return 0, 100
    return int(row["ranks_held"].iloc[0]), int(row["ranks_total"].iloc[0])


def missing_ranks(ranks: pd.DataFrame, edition: int, top: int) -> list[int]:
    """The ranks 1 … `top` of `edition` that no held row gives (the list held is partial)."""
    held = set(ranks.loc[ranks["edition"] == edition, "rank"].astype(int))
    return [r for r in range(1, top + 1) if r not in held]


def rank_spans_text(numbers: Sequence[int], lang: str) -> str:
    """[17, 18, 20, 21, 22, 23] → "17, 18, 20–23" (in Chinese with 、): runs of three or more as
    a range, so a sparse edition's list stays one line."""
    parts: list[str] = []
    run: list[int] = []

    def close() -> None:
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts.extend(str(n) for n in run)

    for n in sorted(set(numbers)):
        if run and n != run[-1] + 1:
            close()
            run = []
        run.append(n)
    if run:
        close()
    return t("clusters.list_sep", lang).join(parts)


def missing_ranks_text(missing: Sequence[int], lang: str) -> str:
    """The chart's subtitle: which ranks the list held lacks ("" when none is missing)."""
    if not missing:
        return ""
    return t("clusters.ranks_not_held", lang, ranks=rank_spans_text(missing, lang))


def complete_editions(coverage: pd.DataFrame) -> set[int]:
    """Editions whose whole list is held: only there is "not held" the same as "not in it"."""
    full = coverage[coverage["ranks_held"] >= coverage["ranks_total"]]
    return set(full["edition"].astype(int))


def rank_gaps(
    ranks: pd.DataFrame,
    coverage: pd.DataFrame,
    cluster_ids: Sequence[str],
    editions: Sequence[int],
    lang: str,
) -> pd.DataFrame:
    """One row per edition × kind of gap among the chosen clusters' editions without a rank.

    kind "unknown": the edition's list is held only in part, so the rank is not known;
    kind "absent": the whole list is held and the cluster is not in it (not in the top 100).
    Columns: edition, kind, mark ("?" or "×", so the kind never rests on colour alone),
    names (the clusters, in the reader's script), label (the tooltip sentence).
    """
    cols = ["edition", "kind", "mark", "names", "label"]
    chosen = list(dict.fromkeys(cluster_ids))
    rows = ranks[ranks["cluster_id"].isin(chosen)]
    if rows.empty or not editions:
        return pd.DataFrame(columns=cols)
    firsts = rows.drop_duplicates("cluster_id").set_index("cluster_id")
    name_of = dict(zip(firsts.index, localized(firsts, "name", lang), strict=True))
    held = set(zip(rows["cluster_id"], rows["edition"].astype(int), strict=True))
    full = complete_editions(coverage)
    out = []
    sep = t("clusters.list_sep", lang)
    for edition in editions:
        missing = [c for c in chosen if c in name_of and (c, edition) not in held]
        if not missing:
            continue
        kind = "absent" if edition in full else "unknown"
        names = sep.join(name_of[c] for c in missing)
        out.append(
            {
                "edition": int(edition),
                "kind": kind,
                "mark": "×" if kind == "absent" else "?",
                "names": names,
                "label": t(f"clusters.gap.{kind}", lang, edition=edition, names=names),
            }
        )
    return pd.DataFrame(out, columns=cols)


# --- rank history -----------------------------------------------------------------------------


def rank_history(
    ranks: pd.DataFrame,
    cluster_ids: Sequence[str],
    editions: tuple[int, int],
    *,
    publisher_of: Mapping[str, str],
    lang: str,
    changes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per chosen cluster × held edition within `editions` (inclusive).

    Columns: cluster_id, edition, rank, name, name_published, is_gba, group, segment (a line id:
    a new segment starts after every missing edition, so no line bridges a gap), rank_change,
    change_text, is_last (the cluster's last held edition in range, where its label goes),
    source (publishers), source_ids. Clusters keep the order of `cluster_ids`. `changes` is
    `rank_changes(ranks)` when the caller already has it.
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
    changes = rank_changes(ranks) if changes is None else changes
    change_of = _by_cluster_edition(changes, "rank_change")
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
    rows = breaks[(breaks["year"] > lo) & (breaks["year"] <= hi)].reset_index(drop=True)
    if rows.empty:
        return pd.DataFrame(columns=cols)
    labels = localized(rows, "label", lang)
    return pd.DataFrame(
        {
            "break_id": rows["break_id"],
            "year": rows["year"].astype(int),
            "x": rows["year"].astype(int) - 0.5,
            "label": [
                t("clusters.break_label", lang, year=int(y), label=lab)
                for y, lab in zip(rows["year"], labels, strict=True)
            ],
        }
    )[cols]


# --- clusters per economy ---------------------------------------------------------------------


def economy_counts(
    observations: pd.DataFrame,
    ranks: pd.DataFrame,
    coverage: pd.DataFrame,
    economies: Sequence[str],
    editions: tuple[int, int],
    *,
    economy_name: Mapping[str, str],
    lang: str,
) -> pd.DataFrame:
    """One row per held edition × economy group (the `economies`, then "others") with a count.

    The count is the number of the economy's clusters in that edition's top 100:
    * basis "stated" — stated by a source (indicator gii_clusters_in_top100, preferred row);
    * basis "derived" — others only, when every named economy is stated: total − their sum;
    * basis "held" — otherwise counted among the ranks held, by each cluster's first economy:
      a lower bound (qualifier lower_bound), left out when zero.
    Columns: edition, economy (code, or "_others"), economy_name, count, basis, qualifier,
    count_text (with ≥ for lower bounds), basis_text, ranks_held, source.
    """
    cols = [
        "edition",
        "economy",
        "economy_name",
        "count",
        "basis",
        "qualifier",
        "count_text",
        "basis_text",
        "ranks_held",
        "source",
    ]
    lo, hi = editions
    named = list(dict.fromkeys(economies))
    # Plain dictionaries: a few hundred rows, looked up per edition × economy (pandas lookups
    # of single rows cost more than the whole computation).
    preferred = observations[
        (observations["indicator_id"] == COUNT_INDICATOR) & observations["is_preferred"]
    ]
    stated: dict[tuple[int, str], tuple[object, object, object]] = {}
    for year, geo, value, qualifier, publisher in zip(
        preferred["year"],
        preferred["geo_id"],
        preferred["value"],
        preferred["qualifier"],
        preferred["publisher"],
        strict=True,
    ):
        stated.setdefault((int(year), geo), (value, qualifier, publisher))
    held_by: dict[int, Counter[str]] = {}
    for edition, economy in zip(ranks["edition"], ranks["economy"], strict=True):
        held_by.setdefault(int(edition), Counter())[economy] += 1
    sizes = {
        int(e): (int(h), int(n))
        for e, h, n in zip(
            coverage["edition"], coverage["ranks_held"], coverage["ranks_total"], strict=True
        )
    }
    rows: list[dict[str, object]] = []
    for edition in sorted(e for e, (h, _) in sizes.items() if h > 0 and lo <= e <= hi):
        held, total = sizes[edition]
        in_edition = held_by.get(edition, Counter())
        all_stated = True
        stated_sum = 0
        for code in named:
            if (edition, code) in stated:
                value, qualifier, publisher = stated[(edition, code)]
                stated_sum += int(value)
                rows.append(
                    _count_row(edition, code, int(value), "stated", qualifier, held, publisher)
                )
                continue
            all_stated = False
            value = in_edition[code]
            if value:
                rows.append(_count_row(edition, code, value, "held", "lower_bound", held, ""))
        if named and all_stated:
            rows.append(
                _count_row(edition, OTHERS, total - stated_sum, "derived", "exact", held, "")
            )
        else:
            value = sum(n for code, n in in_edition.items() if code not in named)
            if value:
                rows.append(_count_row(edition, OTHERS, value, "held", "lower_bound", held, ""))
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows)
    out["economy_name"] = [
        t("clusters.others", lang) if c == OTHERS else economy_name.get(c, c)
        for c in out["economy"]
    ]
    out["count_text"] = [
        qualifier_mark(q) + format_number(v, lang, "count")
        for v, q in zip(out["count"], out["qualifier"], strict=True)
    ]
    out["basis_text"] = [t(f"clusters.basis.{b}", lang) for b in out["basis"]]
    out["source"] = [
        s if s else t(f"clusters.basis_source.{b}", lang)
        for s, b in zip(out["source"], out["basis"], strict=True)
    ]
    return out[cols]


def _count_row(
    edition: int, code: str, value: int, basis: str, qualifier: str, held: int, source: str
) -> dict[str, object]:
    return {
        "edition": edition,
        "economy": code,
        "count": value,
        "basis": basis,
        "qualifier": qualifier,
        "ranks_held": held,
        "source": source,
    }


# --- one-sentence summaries (alt text) ---------------------------------------------------------


def _focus(frame: pd.DataFrame) -> pd.Series:
    """The row a summary speaks of: the best-ranked GBA cluster, else the best-ranked one."""
    gba = frame[frame["is_gba"]]
    pool = gba if not gba.empty else frame
    return pool.sort_values("rank").iloc[0]


def rank_sentence(name: str, edition: int, rank: int, prev_rank: object, lang: str) -> str:
    """E.g. "2025年深圳-香港-广州集群位列第1，较2024年上升1位" (change only if both held)."""
    prev = edition - 1
    if prev_rank is None or pd.isna(prev_rank):
        return t("clusters.alt.rank_new", lang, edition=edition, name=name, rank=rank, prev=prev)
    change = int(prev_rank) - rank
    key = "up" if change > 0 else "down" if change < 0 else "same"
    return t(
        f"clusters.alt.rank_{key}",
        lang,
        edition=edition,
        name=name,
        rank=rank,
        prev=prev,
        n=abs(change),
    )


def ranking_summary(ranking: pd.DataFrame, edition: int, top: int, lang: str) -> str:
    """One sentence on chart 1: the focus cluster's rank and change, and how many rows show."""
    if ranking.empty:
        return t("clusters.alt.empty", lang)
    row = _focus(ranking)
    lead = rank_sentence(row["name"], edition, int(row["rank"]), row["prev_rank"], lang)
    return t("clusters.alt.ranking", lang, lead=lead, shown=len(ranking), top=top)


def history_summary(history: pd.DataFrame, lang: str) -> str:
    """One sentence on chart 2: the focus cluster from its first to its last held edition."""
    if history.empty:
        return t("clusters.alt.empty", lang)
    row = _focus(history)
    own = history[history["cluster_id"] == row["cluster_id"]].sort_values("edition")
    first, last = own.iloc[0], own.iloc[-1]
    if len(own) == 1:
        return t(
            "clusters.alt.history_one",
            lang,
            name=row["name"],
            last=int(last["edition"]),
            r2=int(last["rank"]),
            n=history["cluster_id"].nunique(),
        )
    return t(
        "clusters.alt.history",
        lang,
        name=row["name"],
        first=int(first["edition"]),
        last=int(last["edition"]),
        r1=int(first["rank"]),
        r2=int(last["rank"]),
        n=history["cluster_id"].nunique(),
    )


def counts_summary(counts: pd.DataFrame, lang: str) -> str:
    """One sentence on chart 3: the latest edition's counts (≥ marks lower bounds)."""
    if counts.empty:
        return t("clusters.alt.empty", lang)
    edition = int(counts["edition"].max())
    latest = counts[counts["edition"] == edition]
    items = [
        t("clusters.alt.count_item", lang, economy=e, count=c)
        for e, c in zip(latest["economy_name"], latest["count_text"], strict=True)
    ]
    return t(
        "clusters.alt.counts", lang, edition=edition, items=t("clusters.list_sep", lang).join(items)
    )


def centres_summary(history: pd.DataFrame, lang: str) -> str:
    """One sentence on chart 4: each centre's rank in the latest edition held for it."""
    if history.empty:
        return t("clusters.alt.empty", lang)
    edition = int(history["edition"].max())
    latest = history[history["edition"] == edition].sort_values("rank")
    items = [
        t("clusters.alt.centre_item", lang, name=n, rank=int(r))
        for n, r in zip(latest["name"], latest["rank"], strict=True)
    ]
    return t(
        "clusters.alt.centres",
        lang,
        edition=edition,
        items=t("clusters.list_sep", lang).join(items),
    )


# --- captions and tables ----------------------------------------------------------------------


def coverage_line(coverage: pd.DataFrame, edition: int, shown: int, top: int, lang: str) -> str:
    """The coverage line (Ranks held: 40 of 100 for 2025 …): the list is partial; what shows."""
    held, total = coverage_of(coverage, edition)
    return t(
        "clusters.coverage_line",
        lang,
        held=held,
        total=total,
        edition=edition,
        shown=shown,
        top=top,
    )


def source_caption(
    source_ids: Iterable[Iterable[str]],
    publisher_of: Mapping[str, str],
    lang: str,
    *,
    limit: int = 4,
) -> str:
    """The source line of a ranks chart: WIPO GII, and the publishers the ranks were read from.

    The most-cited publishers first (at most `limit`), then "and N more"; each row's own source
    is in the data table.
    """
    counts: dict[str, int] = {}
    for ids in source_ids:
        for pub in dict.fromkeys(publisher_of.get(s, s) for s in _codes(ids)):
            counts[pub] = counts.get(pub, 0) + 1
    ordered = sorted(counts, key=lambda p: (-counts[p], p))
    shown = t("clusters.list_sep", lang).join(ordered[:limit])
    if len(ordered) > limit:
        shown = t("clusters.and_more", lang, items=shown, n=len(ordered) - limit)
    return t("clusters.source_ranks", lang, publishers=shown or MISSING)


def counts_caption(counts: pd.DataFrame, lang: str) -> str:
    """The source line of the counts chart: who stated the counts; what "held" means."""
    stated = counts[counts["basis"] == "stated"]["source"].drop_duplicates().tolist()
    return t(
        "clusters.source_counts",
        lang,
        publishers=t("clusters.list_sep", lang).join(stated) or MISSING,
    )


def ranking_table(ranking: pd.DataFrame, edition: int, lang: str) -> pd.DataFrame:
    """Chart 1's rows with headers in the reader's language (exactly the plotted clusters)."""
    return pd.DataFrame(
        {
            t("field.rank", lang): ranking["rank"],
            t("clusters.field.cluster", lang): ranking["name"],
            t("clusters.field.name_published", lang): ranking["name_published"],
            t("clusters.field.economy", lang): ranking["economy"],
            t("clusters.field.change", lang, prev=edition - 1): ranking["change_text"],
            t("clusters.field.pct", lang): ranking["pct_text"],
            t("clusters.field.publications", lang): ranking["publications_text"],
            t("clusters.field.vc", lang): ranking["vc_text"],
            t("field.source", lang): ranking["source"],
            t("clusters.field.conflict", lang): ranking["conflict_text"],
        }
    )


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Chart 2/4 rows with headers in the reader's language (one row per cluster × edition)."""
    return pd.DataFrame(
        {
            t("clusters.field.cluster", lang): history["name"],
            t("field.edition", lang): history["edition"],
            t("field.rank", lang): history["rank"],
            t("clusters.field.change_prev", lang): history["change_text"],
            t("clusters.field.name_published", lang): history["name_published"],
            t("field.source", lang): history["source"],
        }
    )


def counts_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Chart 3 rows with headers in the reader's language (one row per edition × economy)."""
    return pd.DataFrame(
        {
            t("field.edition", lang): counts["edition"],
            t("clusters.field.economy", lang): counts["economy_name"],
            t("clusters.field.count", lang): counts["count_text"],
            t("clusters.field.basis", lang): counts["basis_text"],
            t("field.ranks_held", lang): counts["ranks_held"],
            t("field.source", lang): counts["source"],
        }
    )
