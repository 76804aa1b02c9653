"""The release log file, `data/release_log.jsonl`: written a release at a time, read back by
replaying it from the top with every line checked (see `releases` for what a release is).

Replaying reports every failure with its line and rule; a hand edit that no longer adds up is
caught by the state hash of its release. The log has one writer at a time: a steward's command
(`gba-dash build`, `gba-dash import … --apply`) holds `data_lock` while it reads data/, decides
on a release and appends it. Serving processes never write it. Core module: no Streamlit, no
DuckDB.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from gba_dash import schema
from gba_dash.problems import Problem
from gba_dash.releases import (
    CHANGES,
    DIGEST_MODULUS,
    LOG_FILE,
    RELEASE_ID_RE,
    Change,
    Key,
    Log,
    Release,
    Row,
    canonical_json,
    hash_of_digest_sum,
    row_digest,
)
from gba_dash.safe_text import LINE_BREAKS, describe_unsafe, unsafe_characters


def log_lines(release: Release) -> list[str]:
    """`release` as the log's lines: its header, then one line per change."""
    lines = [
        canonical_json(
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
        lines.append(canonical_json(item))
    return lines


def _compact(row: Row) -> Row:
    """A row without its empty cells (read back as None): half the log's size."""
    return {column: value for column, value in row.items() if value is not None}


@contextlib.contextmanager
def data_lock(data_dir: Path) -> Iterator[None]:
    """Hold data/ for one writer across processes (two builds, a build and an import): what is
    read under it is what the release written under it is made from. The lock is on the folder
    itself, so taking it leaves no file behind."""
    fd = os.open(data_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def append(path: Path, release: Release, old: bytes) -> bytes:
    """Write the log `old` (the bytes just read under `data_lock`) with `release` added, at
    `path`, atomically (the old log stays whole on failure); returns the bytes written."""
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
    return text


def read_log(path: Path) -> Log:
    """Parse and replay the log at `path` (a missing file is an empty log): see `parse_log`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = None
    return parse_log(raw, path.name)


def parse_log(raw: bytes | None, file: str = LOG_FILE) -> Log:
    """Parse and replay a log's bytes (None: no log, an empty one), checking each line.

    Problems name the file, line and rule: `release-json` (not a JSON object),
    `release-field` (a field missing or of the wrong kind), `release-order` (a change outside
    its release, a repeated id, time going back), `release-replay` (a change that does not fit
    the rows before it) and `release-state` (the rows do not hash to the release's state).
    """
    log = Log(state={t.name: {} for t in schema.TABLES})
    if raw is None:
        return log
    try:
        text = raw.decode("utf-8")
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
        if hash_of_digest_sum(log.digest_sum % DIGEST_MODULUS) != release.state:
            log.problems.append(
                Problem(file, release.line, "state", "release-state", release.release_id)
            )
        # a table added to the contract after a release is one that release had no rows of
        counted = {t: len(rows) for t, rows in log.state.items() if rows or t in release.rows}
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
            ("release", isinstance(release_id, str) and RELEASE_ID_RE.match(release_id)),
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
        for column, cell in rows[name].items():
            allow = LINE_BREAKS if table.column(column).multiline else ""
            if isinstance(cell, str) and unsafe_characters(cell, allow):
                problem = describe_unsafe(cell, allow)
                log.problems.append(Problem(file, line, column, "control-character", problem))
                return None
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
        log.digest_sum -= row_digest(change.table, held)
        index = open_versions.pop((change.table, change.key))
        key, row, start, _ = log.versions[change.table][index]
        log.versions[change.table][index] = (key, row, start, ordinal)
        del rows[change.key]
    if change.row is not None:
        rows[change.key] = change.row
        log.digest_sum += row_digest(change.table, change.row)
        versions = log.versions.setdefault(change.table, [])
        open_versions[(change.table, change.key)] = len(versions)
        versions.append((change.key, change.row, ordinal, None))
    return True
