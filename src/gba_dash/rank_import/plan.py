"""The plan of an import: each row of the file against what data/ holds, and the review.

Row kinds: `new` (a rank not held), `confirms` (the held rank, from one more source),
`conflict` (a rank that contradicts a held one: both are kept, the held one in cluster_ranks,
the file's in cluster_rank_conflicts), `unmatched` (a name that names no known cluster: fuzzy
candidates are offered, never applied), `duplicate` (a cluster named twice in the file).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from gba_dash import cluster_names
from gba_dash.cluster_names import Candidate
from gba_dash.rank_import.rows import FileRow, ReadResult, spans

#: Score from which a fuzzy candidate must be decided by the steward (--alias or --new).
DECIDE_SCORE = 90.0

# ------------------------------------------------------------------------------------- the plan


@dataclass
class Planned:
    """One file row and what the import does with it."""

    row: FileRow
    cluster_id: str | None
    kind: str  # new · confirms · conflict · unmatched · duplicate · economy
    held_rank: int | None = None
    held_by: str | None = None  # the cluster holding this rank, when it is another one
    candidates: tuple[Candidate, ...] = ()
    new_cluster: bool = False
    filled: tuple[str, ...] = ()  # count fields a confirmation fills in
    differing: tuple[tuple[str, float, float], ...] = ()  # (field, held, file)


@dataclass
class Plan:
    """What importing one file would change, row by row, and what blocks it."""

    edition: int
    read: ReadResult
    items: list[Planned] = field(default_factory=list)
    missing_ranks: list[int] = field(default_factory=list)
    duplicate_ranks: dict[int, list[int]] = field(default_factory=dict)
    new_economies: list[str] = field(default_factory=list)

    def of(self, kind: str) -> list[Planned]:
        return [p for p in self.items if p.kind == kind]

    @property
    def blockers(self) -> list[str]:
        """Why `--apply` would refuse: problems in the file, undecided names, duplicates."""
        out = list(self.read.problems)
        for rank, lines in sorted(self.duplicate_ranks.items()):
            out.append(
                f"{self.read.where}:{lines[1]}: rank: duplicate: rank {rank} also on row {lines[0]}"
            )
        for p in self.of("duplicate"):
            out.append(
                f"{self.read.where}:{p.row.line}: name: duplicate: {p.row.name!r} is the same "
                f"cluster ({p.cluster_id}) as an earlier row"
            )
        for p in self.of("economy"):
            out.append(
                f"{self.read.where}:{p.row.line}: economy: mismatch: {p.row.name!r} is "
                f"{'/'.join(p.row.economies)} in the file but {p.cluster_id} is not; if the file "
                f"means another cluster, pass --new '{p.row.name}'"
            )
        for p in self.of("unmatched"):
            out.append(
                f"{self.read.where}:{p.row.line}: name: unmatched: {p.row.name!r} "
                + _decision_hint(p)
            )
        return out


def _decision_hint(p: Planned) -> str:
    if p.candidates:
        best = ", ".join(f"{c.cluster_id} ({c.name}, {c.score:g})" for c in p.candidates)
        return (
            f"may be {best}: pass --alias '{p.row.name}={p.candidates[0].cluster_id}' to match "
            f"it, or --new '{p.row.name}' for a new cluster"
        )
    return f"matches no known cluster: pass --new '{p.row.name}' (or --add-clusters) to add it"


def make_plan(
    read: ReadResult,
    edition: int,
    tables: dict,
    *,
    aliases: dict[str, str] | None = None,
    new_names: Sequence[str] = (),
    add_clusters: bool = False,
    progress: object = False,
) -> Plan:
    """Compare the file's rows with the held ranks of `edition` (typed tables of data/)."""
    from tqdm import tqdm

    aliases = aliases or {}
    index = cluster_names.build_index(
        tables["clusters"], tables["cluster_ranks"], tables["cluster_aliases"]
    )
    for name, cid in aliases.items():
        index.ids[cluster_names.normal_form(name)] = cid
        index.names[cluster_names.normal_form(name)] = name
    forced_new = {cluster_names.normal_form(n) for n in new_names}
    held = tables["cluster_ranks"]
    held = held[held["edition"] == edition]
    rank_of = dict(zip(held["cluster_id"], held["rank"].astype(int), strict=True))
    holder_of = {r: c for c, r in rank_of.items()}
    counts_of = {
        row["cluster_id"]: {f: row[f] for f in ("pct_filings", "publications", "vc_deals")}
        for _, row in held.iterrows()
    }
    plan = Plan(edition, read)
    seen_ranks: dict[int, int] = {}
    seen_ids: set[str] = set()
    taken_ids = set(tables["clusters"]["cluster_id"])
    economies_of = {
        cid: [str(c) for c in (codes.split(";") if isinstance(codes, str) else list(codes))]
        for cid, codes in zip(
            tables["clusters"]["cluster_id"], tables["clusters"]["economies"], strict=True
        )
        if not (isinstance(codes, float) or codes is None)
    }
    known_geo = set(tables["geo"]["geo_id"])
    # Clusters this import creates: matched by later rows (a duplicate), never offered as fuzzy
    # candidates, which come from what data/ held before.
    added: dict[str, str] = {}
    # On a terminal, a bar while names are matched (fuzzy look-ups make a 100-row table take a
    # moment); `disable=None` keeps it out of pipes and logs.
    rows = tqdm(
        read.rows,
        desc="matching",
        unit="row",
        disable=None if progress else True,
        file=progress if hasattr(progress, "write") else None,
    )
    for row in rows:
        if row.rank in seen_ranks:
            plan.duplicate_ranks.setdefault(row.rank, [seen_ranks[row.rank]]).append(row.line)
        seen_ranks.setdefault(row.rank, row.line)
        key = cluster_names.normal_form(row.name, row.economies)
        forced = key in forced_new or cluster_names.normal_form(row.name) in forced_new
        # A name that matches a held cluster is that cluster, --new or not: a re-run of the same
        # command must not make a second identity.
        cid = added.get(key) or index.match(row.name, row.economies)
        if cid is not None and forced and key not in added:
            if _same_economy(economies_of.get(cid), row.economies):
                plan.read.notes.append(
                    f"{read.where}:{row.line}: --new {row.name!r} ignored: the name is {cid}'s"
                )
            else:  # another cluster of that name, in another economy (the steward says new)
                cid = None
        new_cluster = False
        candidates: tuple[Candidate, ...] = ()
        if cid is None:
            candidates = tuple(index.candidates(row.name, row.economies))
            decided = forced or (
                add_clusters and not any(c.score >= DECIDE_SCORE for c in candidates)
            )
            if not decided:
                plan.items.append(Planned(row, None, "unmatched", candidates=candidates))
                continue
            cid = cluster_names.slug(strip_codes(row.name, row.economies), taken_ids)
            taken_ids.add(cid)
            new_cluster = True
            added[key] = cid
            for code in row.economies:
                if code not in known_geo and code not in plan.new_economies:
                    plan.new_economies.append(code)
        if cid in seen_ids:
            plan.items.append(Planned(row, cid, "duplicate"))
            continue
        seen_ids.add(cid)
        if not _same_economy(economies_of.get(cid), row.economies):
            plan.items.append(Planned(row, cid, "economy", candidates=candidates))
            continue
        plan.items.append(
            _compare(row, cid, rank_of, holder_of, counts_of, candidates, new_cluster)
        )
    in_file = set(seen_ranks)
    top = max(in_file) if in_file else 0
    plan.missing_ranks = [r for r in range(1, top + 1) if r not in in_file]
    return plan


def _same_economy(held: Sequence[str] | None, row: Sequence[str]) -> bool:
    """The file's economies overlap the cluster's (Singapore SG → SG/MY still is Singapore)."""
    return not held or bool(set(held) & set(row))


def strip_codes(name: str, economies: Sequence[str]) -> str:
    key = cluster_names.normal_form(name, economies)
    # keep the steward's own spelling, minus the trailing codes normal_form dropped
    kept = unicodedata.normalize("NFKC", name).strip()
    while kept and cluster_names.normal_form(kept) != key and len(kept) > len(key):
        kept = kept[:-1].rstrip(" ,，(（/")
    return kept or name


def _compare(
    row: FileRow,
    cid: str,
    rank_of: dict[str, int],
    holder_of: dict[int, str],
    counts_of: dict[str, dict],
    candidates: tuple[Candidate, ...],
    new_cluster: bool,
) -> Planned:
    held_rank = rank_of.get(cid)
    holder = holder_of.get(row.rank)
    if held_rank is None:
        if holder is not None and holder != cid:
            return Planned(row, cid, "conflict", None, holder, candidates, new_cluster)
        return Planned(row, cid, "new", candidates=candidates, new_cluster=new_cluster)
    if held_rank != row.rank:
        other = holder if holder not in (None, cid) else None
        return Planned(row, cid, "conflict", held_rank, other, candidates)
    held_counts = counts_of.get(cid, {})
    filled, differing = [], []
    for fld, value in row.values:
        if fld not in held_counts:
            continue
        old = held_counts[fld]
        if old is None or _isna(old):
            filled.append(fld)
        elif float(old) != value:
            differing.append((fld, float(old), value))
    return Planned(
        row, cid, "confirms", held_rank, None, candidates, False, tuple(filled), tuple(differing)
    )


def _isna(value: object) -> bool:
    try:
        return bool(value != value) or value is None or str(value) in ("<NA>", "nan")
    except TypeError:
        return str(value) == "<NA>"


# ----------------------------------------------------------------------------------- the report


def report(plan: Plan, *, status: str = "dry", source_id: str | None = None) -> str:
    """The review a steward reads before `--apply` (and after it, what was written)."""
    read = plan.read
    lines = [
        f"Import of {read.where} as GII {plan.edition}: {len(read.rows)} rows read"
        + (f" (rows {read.rows[0].line}–{read.rows[-1].line})" if read.rows else "")
    ]
    lines += [f"  note: {n}" for n in read.notes]

    def section(title: str, items: list[Planned], fmt) -> None:
        lines.append(f"{title} ({len(items)})")
        lines.extend(f"  {fmt(p)}" for p in items)

    def who(p: Planned) -> str:
        codes = "/".join(p.row.economies)
        return f"{p.row.rank:>3}  {p.row.name} ({codes}) → {p.cluster_id}"

    section(
        "New ranks",
        plan.of("new"),
        lambda p: who(p) + ("  [new cluster]" if p.new_cluster else ""),
    )
    section(
        "Confirm held ranks",
        plan.of("confirms"),
        lambda p: (
            who(p)
            + (f"  [fills {', '.join(p.filled)}]" if p.filled else "")
            + "".join(f"  [{f}: held {h:g}, file {v:g}: held kept]" for f, h, v in p.differing)
        ),
    )
    section(
        "Conflicts with held ranks (both kept, flagged)",
        plan.of("conflict"),
        lambda p: (
            who(p)
            + (f": held rank {p.held_rank}" if p.held_rank is not None else "")
            + (f"; rank {p.row.rank} is held by {p.held_by}" if p.held_by else "")
        ),
    )
    section(
        "Names not matched (nothing written for them)",
        plan.of("unmatched"),
        lambda p: f"{read.where}:{p.row.line}: {p.row.rank:>3}  {p.row.name}: " + _decision_hint(p),
    )
    if plan.of("duplicate"):
        section("Clusters named twice", plan.of("duplicate"), lambda p: who(p))
    profile = [p for p in plan.items if p.cluster_id and p.kind in ("new", "confirms", "conflict")]
    n_metrics = sum(len(p.row.metrics) for p in profile)
    if n_metrics:
        lines.append(
            f"Profile values for cluster_metrics (intensity, previous method): {n_metrics}"
        )
    lines.append(
        "Ranks missing in the file: "
        + (spans(plan.missing_ranks) if plan.missing_ranks else "none")
    )
    dup = plan.duplicate_ranks
    lines.append(
        "Ranks duplicated in the file: "
        + (
            "; ".join(f"{r} (rows {', '.join(map(str, ls))})" for r, ls in sorted(dup.items()))
            if dup
            else "none"
        )
    )
    if plan.new_economies:
        lines.append("New economies (names from CLDR): " + ", ".join(plan.new_economies))
    if plan.of("economy"):
        section(
            "Economy differs from the matched cluster's (nothing written for them)",
            plan.of("economy"),
            lambda p: who(p),
        )
    if status == "stopped":
        lines.append("Import stopped: nothing written (see the problems below).")
    elif status == "applied":
        lines.append(f"Applied: data/ written with source {source_id}; `gba-dash check` passed.")
    else:
        lines.append("Dry run: nothing written. Re-run with --apply to write data/.")
    return "\n".join(lines)
