"""Write an import plan into data/: on a checked copy first, then swap the changed files in.

The CSVs are read and written as text cells in the repository's own dialect (the `csv` module,
minimal quoting, LF), so rows an import does not touch stay byte-identical. The copy must pass
every rule of `gba-dash check` before any file of data/ is replaced; a failure leaves data/ as
it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gba_dash import cluster_names, ingest, schema
from gba_dash.rank_import.columns import SHARE_FIELDS
from gba_dash.rank_import.plan import Plan, Planned, strip_codes

# ------------------------------------------------------------------------------------ applying


@dataclass(frozen=True)
class SourceMeta:
    """The imported file as a row of sources.csv."""

    source_id: str
    publisher: str = "WIPO"
    kind: str = "official"
    title: str = ""
    url: str = ""
    published: str = ""
    language: str = "en"


def default_source_id(path: Path, edition: int) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    return f"gii{edition}_table_{digest}"


class RawTable:
    """One CSV of data/ as text cells, written back in the repository's own CSV dialect."""

    def __init__(self, path: Path) -> None:
        self.path = path
        text = ""
        if path.exists():
            # As `gba-dash check` reads it (UTF-8, BOM, GB18030); written back as UTF-8.
            decoded, rule = ingest.decode_bytes(path.read_bytes())
            if decoded is None:
                raise ValueError(f"{path.name}: {rule}: run `gba-dash check`")
            text = decoded
        reader = csv.DictReader(io.StringIO(text, newline=""))
        self.rows: list[dict[str, str]] = list(reader)
        table = schema.TABLES_BY_NAME[path.stem]
        self.columns = list(reader.fieldnames or table.column_names)
        for col in table.column_names:  # a column the contract gained since the file was written
            if col not in self.columns:
                self.columns.append(col)
        self.changed = False

    def text(self) -> str:
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=self.columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: r.get(c, "") or "" for c in self.columns} for r in self.rows)
        return out.getvalue()


def _num_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def apply_plan(
    plan: Plan,
    data_dir: Path,
    meta: SourceMeta,
    path: Path,
    *,
    aliases: dict[str, str] | None = None,
) -> list[str]:
    """Write the plan into data/ (checked on a copy first). Returns problems; empty means done."""
    if plan.blockers:
        return plan.blockers
    raw = {t.name: RawTable(data_dir / t.file) for t in schema.TABLES}
    add_aliases(
        raw["cluster_aliases"],
        aliases or {},
        f"name in {path.name} (GII {plan.edition}), matched by the steward",
    )
    edition = str(plan.edition)
    sources = raw["sources"]
    if not any(r["source_id"] == meta.source_id for r in sources.rows):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        sources.rows.append(
            {
                "source_id": meta.source_id,
                "kind": meta.kind,
                "publisher": meta.publisher,
                "title": meta.title
                or f"Global Innovation Index {plan.edition}: top 100 clusters (table)",
                "url": meta.url,
                "retrieved_from": path.name,
                "published": meta.published,
                "accessed": date.today().isoformat(),
                "language": meta.language,
                "note": f"Imported with gba-dash import ranking from {plan.read.where} "
                f"(sha256 {digest[:16]}); rows {plan.read.rows[0].line}–{plan.read.rows[-1].line}.",
            }
        )
        sources.changed = True
    economies_known = {r["geo_id"] for r in raw["geo"].rows}
    _add_economies(raw["geo"], [c for c in plan.new_economies if c not in economies_known])
    by_key = {(r["edition"], r["cluster_id"]): r for r in raw["cluster_ranks"].rows}
    for p in plan.items:
        if p.new_cluster:
            _add_cluster(raw["clusters"], p)
        if p.kind == "new":
            raw["cluster_ranks"].rows.append(
                {**_rank_cells(edition, p, meta), **_values(p, p.row.values), "note": ""}
            )
            raw["cluster_ranks"].changed = True
        elif p.kind == "confirms":
            _confirm(by_key[(edition, p.cluster_id)], p, meta.source_id)
            raw["cluster_ranks"].changed = True
        elif p.kind == "conflict":
            _add_conflict(raw["cluster_rank_conflicts"], edition, p, meta)
        if p.cluster_id and p.kind in ("new", "confirms", "conflict"):
            _add_metrics(raw["cluster_metrics"], edition, p, meta)
    raw["cluster_ranks"].rows.sort(key=lambda r: (int(r["edition"]), int(r["rank"])))
    return _write_checked(raw, data_dir)


def _rank_cells(edition: str, p: Planned, meta: SourceMeta) -> dict[str, str]:
    """The cells a new rank and a conflicting rank share: who, which rank, from which source."""
    return {
        "edition": edition,
        "cluster_id": p.cluster_id or "",
        "rank": str(p.row.rank),
        "name_published": p.row.name,
        "source_ids": meta.source_id,
        "confidence": "high" if meta.kind == "official" else "medium",
    }


def _values(p: Planned, fields: Sequence[tuple[str, float]]) -> dict[str, str]:
    return {f: _num_text(v) for f, v in fields}


def _confirm(held: dict[str, str], p: Planned, source_id: str) -> None:
    """The file is one more source of a held rank; it fills counts and shares left empty."""
    ids = [s for s in held["source_ids"].split(";") if s]
    if source_id not in ids:
        held["source_ids"] = ";".join([*ids, source_id])
    values = dict(p.row.values)
    empty_shares = [f for f in SHARE_FIELDS if f in values and not held.get(f)]
    held.update(_values(p, [(f, values[f]) for f in (*p.filled, *empty_shares)]))


def _add_metrics(metrics: RawTable, edition: str, p: Planned, meta: SourceMeta) -> None:
    """The file's intensity and previous-method values of one cluster, a row each, cited by
    the file (a value this source already gave is not written twice)."""
    held = {(r["edition"], r["cluster_id"], r["metric"], r["source_id"]) for r in metrics.rows}
    for fld, value in p.row.metrics:
        if (edition, p.cluster_id, fld, meta.source_id) in held:
            continue
        metrics.rows.append(
            {
                "edition": edition,
                "cluster_id": p.cluster_id or "",
                "metric": fld,
                "value": _num_text(value),
                "qualifier": "exact",
                "source_id": meta.source_id,
                "confidence": "high" if meta.kind == "official" else "medium",
                "note": f"Imported with the ranking table, row {p.row.line}.",
            }
        )
        metrics.changed = True
    metrics.rows.sort(key=lambda r: (int(r["edition"]), r["cluster_id"], r["metric"]))


def _add_conflict(conflicts: RawTable, edition: str, p: Planned, meta: SourceMeta) -> None:
    key = (edition, p.cluster_id, str(p.row.rank))
    for held in conflicts.rows:
        if (held["edition"], held["cluster_id"], held["rank"]) == key:
            ids = [s for s in held["source_ids"].split(";") if s]
            if meta.source_id not in ids:  # one more source gives the same contradicting rank
                held["source_ids"] = ";".join([*ids, meta.source_id])
                conflicts.changed = True
            return
    note = f"held rank {p.held_rank}" if p.held_rank is not None else "not held"
    if p.held_by:
        note += f"; rank {p.row.rank} is held by {p.held_by}"
    conflicts.rows.append({**_rank_cells(edition, p, meta), "note": note})
    conflicts.changed = True


def add_aliases(raw: RawTable, aliases: dict[str, str], note: str) -> None:
    """Append the steward's --alias decisions (those not held yet) to cluster_aliases."""
    held = {cluster_names.normal_form(r["alias"]) for r in raw.rows}
    for name, cid in aliases.items():
        if cluster_names.normal_form(name) not in held:
            raw.rows.append({"alias": name, "cluster_id": cid, "note": note})
            raw.changed = True


def _add_cluster(clusters: RawTable, p: Planned) -> None:
    name = strip_codes(p.row.name, p.row.economies)
    zh = p.row.name_zh or name
    clusters.rows.append(
        {
            "cluster_id": p.cluster_id or "",
            "name_zh_hans": zh,
            "name_zh_hant": zh,
            "name_en": name,
            "economies": ";".join(p.row.economies),
            "is_gba": "false",
        }
    )
    clusters.rows.sort(key=lambda r: r["cluster_id"])
    clusters.changed = True


def _add_economies(geo: RawTable, codes: Sequence[str]) -> None:
    from babel import Locale

    names = {loc: Locale.parse(loc).territories for loc in ("en", "zh_Hans_CN", "zh_Hant_HK")}
    for code in codes:
        geo.rows.append(
            {
                "geo_id": code,
                "kind": "economy",
                "admin": "INTL",
                "parent_id": "",
                "name_zh_hans": names["zh_Hans_CN"].get(code, code),
                "name_zh_hant": names["zh_Hant_HK"].get(code, code),
                "name_en": names["en"].get(code, code),
            }
        )
        geo.changed = True


def _write_checked(raw: dict[str, RawTable], data_dir: Path) -> list[str]:
    """Write the changed tables into a copy of data/, check it, then swap them in."""
    changed = [t for t in raw.values() if t.changed]
    with tempfile.TemporaryDirectory(prefix="gba-import-") as tmp:
        copy = Path(tmp)
        for table in schema.TABLES:
            src = data_dir / table.file
            if src.exists():
                shutil.copy2(src, copy / table.file)
        for table in changed:
            (copy / table.path.name).write_text(table.text(), encoding="utf-8", newline="")
        result = ingest.load_tables(copy)
        if result.problems:
            return [f"after import: {p}" for p in result.problems]
        originals = {t.path: t.path.read_bytes() if t.path.exists() else None for t in changed}
        # Every file is staged beside its target first, so the swaps that follow are renames
        # within data/ (each atomic); a failure puts back what was replaced and leaves no stage.
        staged = {t.path: t.path.with_name(f".{t.path.name}.import") for t in changed}
        replaced: list[Path] = []
        try:
            for table in changed:
                shutil.copyfile(copy / table.path.name, staged[table.path])
            for target, stage in staged.items():
                stage.replace(target)
                replaced.append(target)
        except OSError as exc:
            for target in replaced:
                content = originals[target]
                if content is None:
                    target.unlink(missing_ok=True)
                else:
                    restore = target.with_name(f".{target.name}.restore")
                    restore.write_bytes(content)
                    restore.replace(target)
            return [f"{data_dir}: build-error: could not write ({exc}); data/ restored"]
        finally:
            for stage in staged.values():
                stage.unlink(missing_ok=True)
    return []
