"""One-sentence summaries, captions and tables of the cluster charts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from gba_dash.i18n import t, t_md
from gba_dash.safe_text import md_join
from gba_dash.shaping.clusters.options import MISSING
from gba_dash.shaping.clusters.ranking import coverage_of, list_items
from gba_dash.shaping.common import headed, spans_text


def _focus(frame: pd.DataFrame) -> int:
    """The position of the row a summary speaks of: the best-ranked GBA cluster, else the
    best-ranked one (the first such row on a tie). Lists, not a pandas filter and sort: these
    run on every filter change, on a few dozen rows."""
    ranks = frame["rank"].tolist()
    pool = [i for i, gba in enumerate(frame["is_gba"].tolist()) if gba] or range(len(ranks))
    return min(pool, key=ranks.__getitem__)


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
    i = _focus(ranking)
    lead = rank_sentence(
        ranking["name"].iloc[i],
        edition,
        int(ranking["rank"].iloc[i]),
        ranking["prev_rank"].iloc[i],
        lang,
    )
    return t("clusters.alt.ranking", lang, lead=lead, shown=len(ranking), top=top)


def history_summary(history: pd.DataFrame, lang: str) -> str:
    """One sentence on chart 2: the focus cluster from its first to its last held edition, and
    the editions between them that hold no rank for it."""
    if history.empty:
        return t("clusters.alt.empty", lang)
    ids, editions, ranks = (history[c].tolist() for c in ("cluster_id", "edition", "rank"))
    focus = _focus(history)
    own = sorted((editions[i], ranks[i]) for i, c in enumerate(ids) if c == ids[focus])
    (first, r1), (last, r2) = own[0], own[-1]
    name, n = history["name"].iloc[focus], len(set(ids))
    if len(own) == 1:
        return t("clusters.alt.history_one", lang, name=name, last=int(last), r2=int(r2), n=n)
    text = t(
        "clusters.alt.history",
        lang,
        name=name,
        first=int(first),
        last=int(last),
        r1=int(r1),
        r2=int(r2),
        n=n,
    )
    # a from–to across editions without a rank says so: the line has a gap there, not a trend
    gaps = sorted(set(range(int(first), int(last) + 1)) - {int(e) for e, _r in own})
    if gaps:
        text = t("clusters.alt.history_gap", lang, text=text, years=spans_text(gaps, lang))
    return text


def counts_summary(counts: pd.DataFrame, lang: str) -> str:
    """One sentence on chart 3: the latest edition's counts (≥ marks lower bounds)."""
    if counts.empty:
        return t("clusters.alt.empty", lang)
    editions = counts["edition"].tolist()
    edition = int(max(editions))
    rows = zip(
        editions, counts["economy_name"].tolist(), counts["count_text"].tolist(), strict=True
    )
    items = [
        t("clusters.alt.count_item", lang, economy=e, count=c) for y, e, c in rows if y == edition
    ]
    return t(
        "clusters.alt.counts", lang, edition=edition, items=t("clusters.list_sep", lang).join(items)
    )


def centres_summary(history: pd.DataFrame, lang: str) -> str:
    """One sentence on chart 4: each centre's rank in the latest edition held for it."""
    if history.empty:
        return t("clusters.alt.empty", lang)
    editions = history["edition"].tolist()
    edition = int(max(editions))
    rows = zip(editions, history["name"].tolist(), history["rank"].tolist(), strict=True)
    # a rank is held once per edition: ordered by rank, the latest edition's centres
    latest = sorted(((int(r), n) for y, n, r in rows if y == edition), key=lambda rn: rn[0])
    items = [t("clusters.alt.centre_item", lang, name=n, rank=r) for r, n in latest]
    return t(
        "clusters.alt.centres",
        lang,
        edition=edition,
        items=t("clusters.list_sep", lang).join(items),
    )


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


def ranks_source_caption(
    source_ids: Iterable[Iterable[str]],
    publisher_of: Mapping[str, str],
    lang: str,
    *,
    limit: int = 4,
) -> str:
    """The source line of a ranks chart: WIPO GII, and the publishers the ranks were read from
    (`top_publishers`); each row's own source is in the data table."""
    return t_md(
        "clusters.source_ranks",
        lang,
        publishers=top_publishers(source_ids, publisher_of, lang, limit=limit),
    )


def top_publishers(
    source_ids: Iterable[Iterable[str]],
    publisher_of: Mapping[str, str],
    lang: str,
    *,
    limit: int = 4,
) -> str:
    """The publishers rows were read from, as Markdown: the most-cited first (each counted once
    a row, at most `limit`), then "and N more"; "—" for none."""
    counts: dict[str, int] = {}
    for ids in source_ids:
        for pub in dict.fromkeys(publisher_of.get(s, s) for s in list_items(ids)):
            counts[pub] = counts.get(pub, 0) + 1
    ordered = sorted(counts, key=lambda p: (-counts[p], p))
    shown = md_join(t("clusters.list_sep", lang), ordered[:limit])
    if len(ordered) > limit:
        shown = t_md("clusters.and_more", lang, items=shown, n=len(ordered) - limit)
    return shown or MISSING


def counts_caption(counts: pd.DataFrame, lang: str) -> str:
    """The source line of the counts chart: who stated the counts; what "held" means."""
    pairs = zip(counts["basis"].tolist(), counts["source"].tolist(), strict=True)
    stated = list(dict.fromkeys(source for basis, source in pairs if basis == "stated"))
    return t_md(
        "clusters.source_counts",
        lang,
        publishers=md_join(t("clusters.list_sep", lang), stated) or MISSING,
    )


def ranking_table(ranking: pd.DataFrame, edition: int, lang: str) -> pd.DataFrame:
    """Chart 1's rows with headers in the reader's language (exactly the plotted clusters)."""
    return headed(
        ranking,
        {
            t("field.rank", lang): "rank",
            t("clusters.field.cluster", lang): "name",
            t("clusters.field.name_published", lang): "name_published",
            t("clusters.field.economy", lang): "economy",
            t("clusters.field.change", lang, prev=edition - 1): "change_text",
            t("clusters.field.pct", lang): "pct_text",
            t("clusters.field.publications", lang): "publications_text",
            t("clusters.field.vc", lang): "vc_text",
            t("field.source", lang): "source",
            t("clusters.field.conflict", lang): "conflict_text",
        },
    )


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Chart 2/4 rows with headers in the reader's language (one row per cluster × edition)."""
    return headed(
        history,
        {
            t("clusters.field.cluster", lang): "name",
            t("field.edition", lang): "edition",
            t("field.rank", lang): "rank",
            t("clusters.field.change_prev", lang): "change_text",
            t("clusters.field.name_published", lang): "name_published",
            t("field.source", lang): "source",
        },
    )


def counts_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Chart 3 rows with headers in the reader's language (one row per edition × economy)."""
    return headed(
        counts,
        {
            t("field.edition", lang): "edition",
            t("clusters.field.economy", lang): "economy_name",
            t("clusters.field.count", lang): "count_text",
            t("clusters.field.basis", lang): "basis_text",
            t("field.ranks_held", lang): "ranks_held",
            t("field.source", lang): "source",
        },
    )
