"""Data releases: every state of data/ that was built, kept as a log of row changes.

`data/release_log.jsonl` is committed with the tables it describes. A *release* line names a
release (`2026-12-03-1a2b3c`: the date and the start of its state hash), when it was made, the
hash of the whole state and its row counts; the *change* lines after it say what that release
changed, row by row, keyed by each table's key: `added` (with the row), `removed` (with the row
before) or `revised` (both). The first release adds every row, so replaying the log from the top
gives the values of every release, on any machine, with nothing but the file.

This module holds what a release is, how a state is hashed and diffed, and the history the
database gets; `release_log` writes and replays the file itself. A build whose tables
differ from the last release appends one release (`next_release`); an unchanged rebuild appends
nothing. Each table's values in every release (`versions`) go into the database as history:
each row version with the releases it was valid from and until.

Core module: no Streamlit, no DuckDB.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from gba_dash import schema
from gba_dash.problems import LINE_COLUMN, Problem

LOG_FILE = "release_log.jsonl"
CHANGES = ("added", "removed", "revised")
RELEASE_ID_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[0-9a-f]{6}(?:-\d+)?$")

#: A row as the log holds it: column → JSON value (None for an empty cell).
Row = dict[str, object]
Key = tuple
#: Every table's rows by key: one state of data/.
State = dict[str, dict[Key, Row]]


@dataclass(frozen=True)
class Change:
    """One row's change in one release."""

    table: str
    key: Key
    change: str
    row: Row | None = None
    before: Row | None = None
    line: int = 0

    @property
    def fields(self) -> tuple[str, ...]:
        """The columns a revision changed (every column of an added or removed row)."""
        if self.change != "revised" or self.row is None or self.before is None:
            return ()
        return tuple(c for c in self.row if self.row.get(c) != self.before.get(c))


@dataclass(frozen=True)
class Release:
    """One release: its id, time, state hash, row counts and changes (in log order)."""

    ordinal: int
    release_id: str
    released_at: str
    state: str
    rows: Mapping[str, int]
    changes: tuple[Change, ...] = ()
    line: int = 0

    def counts(self) -> dict[str, int]:
        """How many rows it added, removed and revised."""
        return {kind: sum(c.change == kind for c in self.changes) for kind in CHANGES}


@dataclass
class Log:
    """A replayed release log: its releases, the latest state, every row version, problems."""

    releases: list[Release] = field(default_factory=list)
    state: State = field(default_factory=dict)
    #: table → [(row, valid_from ordinal, valid_to ordinal or None)], in key order per release.
    versions: dict[str, list[tuple[Key, Row, int, int | None]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: The multiset sum of the replayed state's row digests (see `state_hash`).
    digest_sum: int = 0

    @property
    def latest(self) -> Release | None:
        return self.releases[-1] if self.releases else None

    def by_id(self, release_id: str) -> Release | None:
        return next((r for r in self.releases if r.release_id == release_id), None)

    def state_at(self, ordinal: int) -> State:
        """Every table's rows as release `ordinal` had them."""
        state: State = {t.name: {} for t in schema.TABLES}
        for table, versions in self.versions.items():
            for key, row, start, end in versions:
                if start <= ordinal and (end is None or end > ordinal):
                    state[table][key] = row
        return state


# --- states ----------------------------------------------------------------------------------


def _json_value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return value


def snapshot(tables: Mapping[str, pd.DataFrame]) -> State:
    """The checked tables of a build as a state: rows by key, values as the log writes them."""
    state: State = {}
    for table in schema.TABLES:
        frame = tables[table.name].drop(columns=[LINE_COLUMN], errors="ignore")
        rows: dict[Key, Row] = {}
        columns = list(table.column_names)
        for values in frame[columns].astype(object).itertuples(index=False, name=None):
            row = {c: _json_value(v) for c, v in zip(columns, values, strict=True)}
            rows[tuple(row[k] for k in table.key)] = row
        state[table.name] = rows
    return state


DIGEST_MODULUS = 1 << 256


def row_digest(table: str, row: Row) -> int:
    return int.from_bytes(
        hashlib.sha256(f"{table}\n{canonical_json(row)}".encode()).digest(), "big"
    )


def hash_of_digest_sum(total: int) -> str:
    return hashlib.sha256(f"gba-state-1\n{total:064x}".encode()).hexdigest()


def state_hash(state: State) -> str:
    """A hash of a state, independent of row order and file formatting: sha256 over the sum of
    every row's sha256 (a multiset hash), so replaying a release updates it by its changes
    alone instead of rehashing every row (100 releases replay in a tenth of the time)."""
    total = sum(row_digest(t, row) for t, rows in state.items() for row in rows.values())
    return hash_of_digest_sum(total % DIGEST_MODULUS)


def _sort_key(key: Key) -> str:
    return canonical_json(list(key))


def canonical_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def changes_between(old: State, new: State) -> list[Change]:
    """Row changes from `old` to `new`, table by table in schema order, keys sorted."""
    found: list[Change] = []
    for table in schema.TABLES:
        before, after = old.get(table.name, {}), new.get(table.name, {})
        for key in sorted(before.keys() | after.keys(), key=_sort_key):
            if key not in before:
                found.append(Change(table.name, key, "added", row=after[key]))
            elif key not in after:
                found.append(Change(table.name, key, "removed", before=before[key]))
            elif before[key] != after[key]:
                found.append(Change(table.name, key, "revised", row=after[key], before=before[key]))
    return found


def next_release(log: Log, state: State, now: datetime | None = None) -> Release | None:
    """The release a build of `state` makes after `log`; None when nothing changed."""
    digest = state_hash(state)
    latest = log.latest
    if latest is not None and latest.state == digest:
        return None
    when = (now or datetime.now(UTC)).astimezone(UTC)
    release_id = f"{when:%Y-%m-%d}-{digest[:6]}"
    taken = {r.release_id for r in log.releases}
    n = 2
    base = release_id
    while release_id in taken:  # the same state again on the same day (a reverted edit)
        release_id, n = f"{base}-{n}", n + 1
    return Release(
        ordinal=len(log.releases) + 1,
        release_id=release_id,
        released_at=when.isoformat(timespec="seconds").replace("+00:00", "Z"),
        state=digest,
        rows={t: len(rows) for t, rows in state.items()},
        changes=tuple(changes_between(log.state, state)),
    )


def unreleased(pending: Release) -> Release:
    """The changes of a release nobody minted (tables ahead of the log, built by a serving
    process): no id and no time, so nothing can name or pin them."""
    return dataclasses.replace(pending, release_id="", released_at="")


# --- history for the database ----------------------------------------------------------------


def history_frame(log: Log, table: schema.Table) -> pd.DataFrame:
    """One row per version of a row of `table`: its columns, `valid_from` and `valid_to`
    (release ordinals; `valid_to` empty while the version is current)."""
    versions = log.versions.get(table.name, [])
    frame = pd.DataFrame(
        [row for _key, row, _start, _end in versions], columns=list(table.column_names)
    )
    for col in table.columns:
        kind = {"int": "Int64", "float": "Float64", "bool": "boolean"}.get(col.kind, "string")
        frame[col.name] = frame[col.name].astype(kind)
    frame["valid_from"] = pd.array([v[2] for v in versions], dtype="Int64")
    frame["valid_to"] = pd.array([v[3] for v in versions], dtype="Int64")
    return frame


def change_records(log: Log, releases: Iterable[Release] | None = None) -> pd.DataFrame:
    """One row per change of each release: ordinal, release_id, released_at, table_name,
    key_text (the key's values joined by " · "), change, fields (changed columns, comma
    separated), before_json, after_json, source_ids (of the row after, else before)."""
    records = []
    for release in releases if releases is not None else log.releases:
        for change in release.changes:
            row = change.row or change.before or {}
            records.append(
                {
                    "ordinal": release.ordinal,
                    "release_id": release.release_id,
                    "released_at": release.released_at,
                    "table_name": change.table,
                    "key_text": " · ".join(str(k) for k in change.key),
                    "change": change.change,
                    "fields": ",".join(change.fields),
                    "before_json": canonical_json(change.before) if change.before else None,
                    "after_json": canonical_json(change.row) if change.row else None,
                    "source_ids": str(row.get("source_ids") or row.get("source_id") or ""),
                }
            )
    columns = [
        "ordinal",
        "release_id",
        "released_at",
        "table_name",
        "key_text",
        "change",
        "fields",
        "before_json",
        "after_json",
        "source_ids",
    ]
    return pd.DataFrame(records, columns=columns)


def diff(log: Log, first: Release, second: Release) -> list[Change]:
    """What changed from release `first` to `second` (net: a row changed twice shows once)."""
    return changes_between(log.state_at(first.ordinal), log.state_at(second.ordinal))
