"""Clusters per economy in the top 100: counts stated by a source, derived, or among ranks held."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from gba_dash.i18n import format_number, t
from gba_dash.shaping.clusters.options import COUNT_INDICATOR, OTHERS
from gba_dash.shaping.common import qualifier_mark


@dataclass(frozen=True)
class CountInputs:
    """What `economy_counts` reads, as dictionaries: stated counts by (edition, economy), ranks
    held by edition and economy, and (held, total) per edition. A few hundred rows, looked up
    per edition × economy (pandas lookups of single rows cost more than the whole computation);
    built once per database build by the page model."""

    stated: Mapping[tuple[int, str], tuple[object, object, object]]
    held_by: Mapping[int, Counter[str]]
    sizes: Mapping[int, tuple[int, int]]

    @classmethod
    def of(
        cls, observations: pd.DataFrame, ranks: pd.DataFrame, coverage: pd.DataFrame
    ) -> CountInputs:
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
        return cls(stated, held_by, sizes)


def economy_counts(
    observations: pd.DataFrame,
    ranks: pd.DataFrame,
    coverage: pd.DataFrame,
    economies: Sequence[str],
    editions: tuple[int, int],
    *,
    economy_name: Mapping[str, str],
    lang: str,
    inputs: CountInputs | None = None,
) -> pd.DataFrame:
    """One row per held edition × economy group (the `economies`, then "others") with a count.

    The count is the number of the economy's clusters in that edition's top 100:
    * basis "stated" — stated by a source (indicator gii_clusters_in_top100, preferred row);
    * basis "derived" — others only, when every named economy is stated: total − their sum;
    * basis "held" — otherwise counted among the ranks held, by each cluster's first economy:
      a lower bound (qualifier lower_bound), left out when zero.
    Columns: edition, economy (code, or "_others"), economy_name, count, basis, qualifier,
    count_text (with ≥ for lower bounds), basis_text, ranks_held, source. `inputs` is
    `CountInputs.of(observations, ranks, coverage)` when the caller already has it.
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
    inputs = inputs or CountInputs.of(observations, ranks, coverage)
    stated, held_by, sizes = inputs.stated, inputs.held_by, inputs.sizes
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
    # One frame from columns of plain values: each pandas column step on a few dozen rows
    # costs more than computing the column (bench/RESULTS.md).
    column = {name: [row[name] for row in rows] for name in rows[0]}
    others = t("clusters.others", lang)
    column["economy_name"] = [
        others if c == OTHERS else economy_name.get(c, c) for c in column["economy"]
    ]
    column["count_text"] = [
        qualifier_mark(q) + format_number(v, lang, "count")
        for v, q in zip(column["count"], column["qualifier"], strict=True)
    ]
    column["basis_text"] = [t(f"clusters.basis.{b}", lang) for b in column["basis"]]
    column["source"] = [
        s if s else t(f"clusters.basis_source.{b}", lang)
        for s, b in zip(column["source"], column["basis"], strict=True)
    ]
    return pd.DataFrame(column, columns=cols)


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
