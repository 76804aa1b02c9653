"""What the list held lacks: ranks not held in an edition, editions without a cluster's rank."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from gba_dash.i18n import t
from gba_dash.shaping.clusters.ranking import ClusterRows
from gba_dash.shaping.common import lang_col, localized_values, spans_text


def missing_ranks(ranks: pd.DataFrame, edition: int, top: int) -> list[int]:
    """The ranks 1 … `top` of `edition` that no held row gives (the list held is partial)."""
    # Lists, not a pandas filter: on every ranking change, over one edition's rows.
    pairs = zip(ranks["edition"].tolist(), ranks["rank"].tolist(), strict=True)
    held = {int(rank) for year, rank in pairs if year == edition}
    return [r for r in range(1, top + 1) if r not in held]


def missing_ranks_text(missing: Sequence[int], lang: str) -> str:
    """The chart's subtitle: which ranks the list held lacks ("" when none is missing)."""
    if not missing:
        return ""
    return t("clusters.ranks_not_held", lang, ranks=spans_text(missing, lang))


def complete_editions(coverage: pd.DataFrame) -> set[int]:
    """Editions whose whole list is held: only there is "not held" the same as "not in it"."""
    # Lists, not a pandas filter: called on every history change, on a dozen rows.
    return {
        int(edition)
        for edition, held, total in zip(
            coverage["edition"].tolist(),
            coverage["ranks_held"].tolist(),
            coverage["ranks_total"].tolist(),
            strict=True,
        )
        if held >= total
    }


def rank_gaps(
    ranks: pd.DataFrame,
    coverage: pd.DataFrame,
    cluster_ids: Sequence[str],
    editions: Sequence[int],
    lang: str,
    rows: ClusterRows | None = None,
) -> pd.DataFrame:
    """One row per edition × kind of gap among the chosen clusters' editions without a rank.

    kind "unknown": the edition's list is held only in part, so the rank is not known;
    kind "absent": the whole list is held and the cluster is not in it (not in the top 100).
    Columns: edition, kind, mark ("?" or "×", so the kind never rests on colour alone),
    names (the clusters, in the reader's script), label (the tooltip sentence). `rows` is
    `ClusterRows.of(ranks)` when the caller already has it.
    """
    cols = ["edition", "kind", "mark", "names", "label"]
    chosen = list(dict.fromkeys(cluster_ids))
    if ranks.empty or not editions:
        return pd.DataFrame(columns=cols)
    # Each chosen cluster's rows from the per-build index, not a pass over every rank held.
    index = rows or ClusterRows.of(ranks)
    of_cluster = index.of_cluster
    present = [c for c in chosen if c in of_cluster]
    if not present:
        return pd.DataFrame(columns=cols)
    first_rows = [min(row for _, row in of_cluster[c]) for c in present]
    names_held = localized_values(
        index.column(lang_col("name", lang), first_rows), index.column("name_en", first_rows)
    )
    name_of = dict(zip(present, names_held, strict=True))
    held = {(c, edition) for c in present for edition, _ in of_cluster[c]}
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
