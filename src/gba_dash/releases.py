"""Data releases: every state of data/ that was built, kept as a log of row changes.

`data/release_log.jsonl` is committed with the tables it describes. A *release* line names a
release (`2026-12-03-1a2b3c`: the date and the start of its state hash), when it was made, the
hash of the whole state and its row counts; the *change* lines after it say what that release
changed, row by row, keyed by each table's key: `added` (with the row), `removed` (with the row
before) or `revised` (both). The first release adds every row, so replaying the log from the top
gives the values of every release, on any machine, with nothing but the file.

Replaying checks the log as it goes and reports every failure with its line and rule (a hand
edit that no longer adds up is caught by the state hash of its release). A build whose tables
differ from the last release appends one release (`next_release`); an unchanged rebuild appends
nothing. Each table's values in every release (`versions`) go into the database as history:
each row version with the releases it was valid from and until.

Core module: no Streamlit, no DuckDB.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from gba_dash import schema
from gba_dash.problems import LINE_COLUMN, Problem

LOG_FILE = "release_log.jsonl"
CHANGES = ("added", "removed", "revised")
_ID_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[0-9a-f]{6}(?:-\d+)?$")

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


_MODULUS = 1 << 256


def _row_digest(table: str, row: Row) -> int:
    return int.from_bytes(hashlib.sha256(f"{table}\n{_dumps(row)}".encode()).digest(), "big")


def _finish(total: int) -> str:
    return hashlib.sha256(f"gba-state-1\n{total:064x}".encode()).hexdigest()


def state_hash(state: State) -> str:
    """A hash of a state, independent of row order and file formatting: sha256 over the sum of
    every row's sha256 (a multiset hash), so replaying a release updates it by its changes
    alone instead of rehashing every row (100 releases replay in a tenth of the time)."""
    total = sum(_row_digest(t, row) for t, rows in state.items() for row in rows.values())
    return _finish(total % _MODULUS)


def _sort_key(key: Key) -> str:
    return _dumps(list(key))


def _dumps(value: object) -> str:
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


# --- the log file ----------------------------------------------------------------------------


def log_lines(release: Release) -> list[str]:
    """`release` as the log's lines: its header, then one line per change."""
    lines = [
        _dumps(
            {
                "release": release.release_id,
                "at": release.released_at,
                "state": release.state,
                "rows": dict(release.rows),
            }
        )
    ]
    for change in release.changes:
        table = schema.TABLES_BY_NAME[change.table]
        item: dict[str, object] = {
            "in": release.release_id,
            "table": change.table,
            "key": dict(zip(table.key, change.key, strict=True)),
            "change": change.change,
        }
        if change.row is not None:
            item["row"] = _compact(change.row)
        if change.before is not None:
            item["before"] = _compact(change.before)
        lines.append(_dumps(item))
    return lines


def _compact(row: Row) -> Row:
    """A row without its empty cells (read back as None): half the log's size."""
    return {column: value for column, value in row.items() if value is not None}


def append(path: Path, release: Release) -> None:
    """Add `release` to the log at `path`, atomically (the old log stays whole on failure)."""
    old = path.read_bytes() if path.exists() else b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    text = old + ("\n".join(log_lines(release)) + "\n").encode()
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, mode)  # a committed file, readable as the tables beside it are
        with os.fdopen(handle, "wb") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        Path(tmp).replace(path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def read_log(path: Path) -> Log:
    """Parse and replay the log at `path` (a missing file is an empty log), checking each line.

    Problems name the file, line and rule: `release-json` (not a JSON object),
    `release-field` (a field missing or of the wrong kind), `release-order` (a change outside
    its release, a repeated id, time going back), `release-replay` (a change that does not fit
    the rows before it) and `release-state` (the rows do not hash to the release's state).
    """
    log = Log(state={t.name: {} for t in schema.TABLES})
    if not path.exists():
        return log
    file = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        log.problems.append(Problem(file, 1, "", "encoding", "save as UTF-8"))
        return log
    open_versions: dict[tuple[str, Key], int] = {}  # (table, key) → index in versions
    current: dict | None = None
    changes: list[Change] = []

    def close(at_line: int) -> None:
        nonlocal current, changes
        if current is None:
            return
        release = Release(
            ordinal=len(log.releases) + 1,
            release_id=current["release"],
            released_at=current["at"],
            state=current["state"],
            rows=current["rows"],
            changes=tuple(changes),
            line=current["line"],
        )
        if _finish(log.digest_sum % _MODULUS) != release.state:
            log.problems.append(
                Problem(file, release.line, "state", "release-state", release.release_id)
            )
        counted = {t: len(rows) for t, rows in log.state.items()}
        if dict(release.rows) != counted:
            log.problems.append(
                Problem(file, release.line, "rows", "release-state", release.release_id)
            )
        log.releases.append(release)
        current, changes = None, []
        del at_line

    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            log.problems.append(Problem(file, number, "", "release-json", exc.msg))
            continue
        if not isinstance(item, dict):
            log.problems.append(Problem(file, number, "", "release-json", raw[:40]))
            continue
        if "release" in item:
            close(number)
            header = _header(item, file, number, log)
            if header is not None:
                current = {**header, "line": number}
            continue
        change = _change(item, file, number, current, log)
        if change is None:
            continue
        if current is None:
            continue
        if _apply(change, len(log.releases) + 1, log, open_versions, file):
            changes.append(change)
    close(0)
    return log


def _header(item: dict, file: str, line: int, log: Log) -> dict | None:
    release_id, at, state, rows = (item.get(k) for k in ("release", "at", "state", "rows"))
    bad = [
        name
        for name, ok in (
            ("release", isinstance(release_id, str) and _ID_RE.match(release_id)),
            ("at", isinstance(at, str) and _parse_time(at) is not None),
            ("state", isinstance(state, str) and re.fullmatch(r"[0-9a-f]{64}", state)),
            ("rows", isinstance(rows, dict)),
        )
        if not ok
    ]
    for name in bad:
        log.problems.append(Problem(file, line, name, "release-field", str(item.get(name))))
    if bad:
        return None
    if log.by_id(release_id) is not None:
        log.problems.append(Problem(file, line, "release", "release-order", release_id))
        return None
    latest = log.latest
    if latest is not None and _parse_time(at) < _parse_time(latest.released_at):
        log.problems.append(Problem(file, line, "at", "release-order", at))
    return {"release": release_id, "at": at, "state": state, "rows": rows}


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _change(item: dict, file: str, line: int, current: dict | None, log: Log) -> Change | None:
    owner = item.get("in")
    if current is None or owner != current["release"]:
        log.problems.append(Problem(file, line, "in", "release-order", str(owner)))
        return None
    table = schema.TABLES_BY_NAME.get(str(item.get("table")))
    if table is None:
        log.problems.append(Problem(file, line, "table", "release-field", str(item.get("table"))))
        return None
    kind = item.get("change")
    if kind not in CHANGES:
        log.problems.append(Problem(file, line, "change", "release-field", str(kind)))
        return None
    key = item.get("key")
    if not isinstance(key, dict) or set(key) != set(table.key):
        log.problems.append(Problem(file, line, "key", "release-field", str(key)))
        return None
    rows = {}
    for name, needed in (("row", kind != "removed"), ("before", kind != "added")):
        value = item.get(name)
        if not needed:
            continue
        if not isinstance(value, dict) or not set(value) <= set(table.column_names):
            log.problems.append(Problem(file, line, name, "release-field", str(value)[:60]))
            return None
        if any(value.get(k) != key[k] for k in table.key):
            log.problems.append(Problem(file, line, name, "release-field", "key differs"))
            return None
        rows[name] = {column: value.get(column) for column in table.column_names}
    return Change(
        table.name,
        tuple(key[k] for k in table.key),
        kind,
        row=rows.get("row"),
        before=rows.get("before"),
        line=line,
    )


def _apply(change: Change, ordinal: int, log: Log, open_versions: dict, file: str) -> bool:
    rows = log.state[change.table]
    held = rows.get(change.key)
    if change.change == "added" and held is not None:
        log.problems.append(Problem(file, change.line, "key", "release-replay", "already held"))
        return False
    if change.change != "added":
        if held is None:
            log.problems.append(Problem(file, change.line, "key", "release-replay", "not held"))
            return False
        if held != change.before:
            log.problems.append(
                Problem(file, change.line, "before", "release-replay", "not the row held")
            )
            return False
        log.digest_sum -= _row_digest(change.table, held)
        index = open_versions.pop((change.table, change.key))
        key, row, start, _ = log.versions[change.table][index]
        log.versions[change.table][index] = (key, row, start, ordinal)
        del rows[change.key]
    if change.row is not None:
        rows[change.key] = change.row
        log.digest_sum += _row_digest(change.table, change.row)
        versions = log.versions.setdefault(change.table, [])
        open_versions[(change.table, change.key)] = len(versions)
        versions.append((change.key, change.row, ordinal, None))
    return True


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
                    "before_json": _dumps(change.before) if change.before else None,
                    "after_json": _dumps(change.row) if change.row else None,
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
