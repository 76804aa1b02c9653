"""Cluster names → cluster ids: one normal form for every way a name is written, and an index.

WIPO renamed clusters between editions (Shenzhen–Hong Kong became Shenzhen–Hong Kong–Guangzhou
in 2020), and the same name comes with an en dash, a hyphen or a full-width dash, with or
without the economy codes after it, in English or in Chinese. `normal_form` folds those
differences; `NameIndex` maps each normal form to one cluster id, from the identities in
`clusters`, every name already published in `cluster_ranks` and the steward's `cluster_aliases`.
Fuzzy candidates are offered for a name that matches nothing; choosing one is the steward's call.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

# Every dash a pasted table may carry, including the full-width one (U+FF0D, after NFKC U+002D).
_DASHES = re.compile(r"\s*[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\-]+\s*")
_SPACES = re.compile(r"\s+")
_CODE = r"[A-Z]{2}"
#: Economy codes after a name: "Seoul (KR)", "Seoul, KR", "Shenzhen–Hong Kong–Guangzhou CN/HK".
_TRAILING_CODES = re.compile(rf"[\s,，]*[(（]?\s*({_CODE}(?:\s*[/;,]\s*{_CODE})*)\s*[)）]?\s*$")


def normal_form(name: str, economies: Sequence[str] = ()) -> str:
    """The key a name is matched by: NFKC, case-folded, one kind of dash, single spaces.

    Trailing economy codes are dropped only when they are the row's own `economies`: "CA" after
    "San Jose–San Francisco" is California, not Canada, and stays part of the name.
    """
    text = unicodedata.normalize("NFKC", str(name)).strip()
    if economies:
        match = _TRAILING_CODES.search(text)
        if match:
            codes = {c for c in re.split(r"\s*[/;,]\s*", match.group(1)) if c}
            if codes and codes <= {e.upper() for e in economies}:
                text = text[: match.start()]
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text).replace(".", "").strip(" ,，")
    return text.casefold()


@dataclass(frozen=True)
class Candidate:
    """A cluster a name may mean, with rapidfuzz's similarity score (0–100)."""

    cluster_id: str
    name: str
    score: float


@dataclass
class NameIndex:
    """Normal form → cluster id, with the names each key came from (for fuzzy look-ups)."""

    ids: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    #: Keys that named two clusters: (key, first id, second id, the name that clashed).
    clashes: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, name: object, cluster_id: object, economies: Sequence[str] = ()) -> None:
        # A table that failed its own checks may hold missing ids or names: nothing to index.
        if _missing(name) or _missing(cluster_id) or not str(name).strip():
            return
        cluster_id = str(cluster_id)
        for key in {normal_form(str(name)), normal_form(str(name), economies)}:
            held = self.ids.get(key)
            if held is None:
                self.ids[key] = cluster_id
                self.names[key] = str(name)
            elif held != cluster_id:
                self.clashes.append((key, held, cluster_id, str(name)))

    def match(self, name: str, economies: Sequence[str] = ()) -> str | None:
        """The cluster id of an exact match (after normalising), else None."""
        for key in (normal_form(name, economies), normal_form(name)):
            if key in self.ids:
                return self.ids[key]
        return None

    def candidates(
        self, name: str, economies: Sequence[str] = (), *, limit: int = 3, cutoff: float = 70
    ) -> list[Candidate]:
        """The closest known names (one per cluster), best first; never applied by the index."""
        from rapidfuzz import fuzz, process, utils

        found = process.extract(
            normal_form(name, economies),
            list(self.ids),
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=limit * 4,
            score_cutoff=cutoff,
        )
        best: dict[str, Candidate] = {}
        for key, score, _ in found:
            cid = self.ids[key]
            if cid not in best or score > best[cid].score:
                best[cid] = Candidate(cid, self.names[key], round(float(score), 1))
        return sorted(best.values(), key=lambda c: (-c.score, c.cluster_id))[:limit]


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list-like cell is not missing
        return False


def _codes(cell: object) -> list[str]:
    if not isinstance(cell, list | tuple) and _missing(cell):
        return []
    if isinstance(cell, list | tuple):
        return [str(c) for c in cell]
    return [c for c in str(cell).split(";") if c]


def build_index(
    clusters: pd.DataFrame,
    ranks: pd.DataFrame | None = None,
    aliases: pd.DataFrame | None = None,
) -> NameIndex:
    """The index of every known name: identities first, then published names, then aliases."""
    index = NameIndex()
    economies_of = {}
    for row in clusters.itertuples(index=False):
        codes = _codes(row.economies)
        economies_of[row.cluster_id] = codes
        for name in (row.name_en, row.name_zh_hans, row.name_zh_hant, row.cluster_id):
            index.add(name, row.cluster_id, codes)
    if ranks is not None:
        for cid, name in zip(ranks["cluster_id"], ranks["name_published"], strict=True):
            index.add(name, cid, economies_of.get(cid, ()))
    if aliases is not None:
        for cid, name in zip(aliases["cluster_id"], aliases["alias"], strict=True):
            index.add(name, cid, economies_of.get(cid, ()))
    return index


def slug(name: str, taken: Iterable[str] = ()) -> str:
    """A new cluster id from an English name: "Boston–Cambridge, MA" → "boston_cambridge_ma"."""
    # Dashes and other separators become gaps before accents are dropped ("Köln–Bonn" → koln_bonn).
    spaced = re.sub(r"[^\w]+", " ", name)
    text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "cluster"
    taken = set(taken)
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    return out
