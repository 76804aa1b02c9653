"""What the list held lacks: ranks not held in an edition, editions without a cluster's rank."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from gba_dash.i18n import t
from gba_dash.views.common import localized


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
    if ranks.empty or not editions:
        return pd.DataFrame(columns=cols)
    # Python over the columns, not pandas filters: ~0.3 ms instead of ~3 ms per filter change.
    wanted = set(chosen)
    ids = ranks["cluster_id"].tolist()
    first: dict[str, int] = {}
    for i, cid in enumerate(ids):
        if cid in wanted:
            first.setdefault(cid, i)
    if not first:
        return pd.DataFrame(columns=cols)
    all_names = localized(ranks, "name", lang).tolist()
    name_of = {cid: all_names[i] for cid, i in first.items()}
    held = {
        (cid, int(e))
        for cid, e in zip(ids, ranks["edition"].tolist(), strict=True)
        if cid in wanted
    }
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
