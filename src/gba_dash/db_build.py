"""Build the DuckDB file from the checked tables, atomically.

A build reads data/ once (`inputs`), validates what it read and writes nothing unless every rule
passed. It writes a new file beside the old one and swaps it in with `os.replace`, so a failed
build leaves the previous database byte-for-byte intact and a reader never sees a half-built
file. The file records a manifest (build time, sha256 of every input, row counts, versions) and
the data releases' history.

Only a steward's build (`record_release=True`: `gba-dash build`) writes data/: under
`release_log.data_lock` it reads the tables and the log, and when the tables differ from the
log's last release it appends one. A serving process builds its database from data/ as it is and
never writes it; tables ahead of the log are served as *unreleased* changes (the manifest counts
them, `release_changes` lists them under the ordinal after the last release), so every replica of
one commit, on any machine, names the same releases.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from gba_dash import __version__, ingest, release_log, releases, schema
from gba_dash.ingest import LINE_COLUMN, Problem
from gba_dash.inputs import Inputs, data_hash, file_digests, read_inputs
from gba_dash.public_views import VIEWS_SQL

__all__ = ["BuildResult", "build_database", "data_hash", "file_digests"]

Progress = Callable[[str], None]

_SQL_TYPES = {
    "int": "INTEGER",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
}


@dataclass
class BuildResult:
    """What a build did: `ok` with the manifest, or the problems that stopped it."""

    ok: bool
    db_path: Path
    problems: list[Problem] = field(default_factory=list)
    manifest: dict[str, object] = field(default_factory=dict)
    seconds: float = 0.0


@contextlib.contextmanager
def _build_lock(db_path: Path) -> Iterator[None]:
    """Serialise builds of one database across processes (the app and the CLI may race)."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_database(
    data_dir: Path,
    db_path: Path,
    progress: Progress | None = None,
    *,
    record_release: bool = False,
) -> BuildResult:
    """Validate `data_dir` and, only if clean, replace `db_path` with a fresh build.

    With `record_release` (a steward's build), data/ is read under `release_log.data_lock`
    and a release is appended to the log when the tables differ from its last one; without it
    data/ is only read, and tables ahead of the log are built as unreleased changes.
    """
    say = progress or (lambda _msg: None)
    started = time.perf_counter()

    def failed(problems: list[Problem]) -> BuildResult:
        return BuildResult(False, db_path, problems, seconds=time.perf_counter() - started)

    say(f"reading {data_dir.name}/")
    if record_release:
        try:
            with release_log.data_lock(data_dir):
                inputs, loaded, log, problems = _read_checked(data_dir)
                if problems:
                    return failed(problems)
                inputs, log = _record_release(inputs, log, data_dir, loaded.tables, say)
        except OSError as exc:
            return failed([_build_error(data_dir.name, exc)])
    else:
        inputs, loaded, log, problems = _read_checked(data_dir)
        if problems:
            return failed(problems)
    pending = releases.next_release(log, releases.snapshot(loaded.tables))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(db_path):
        tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            manifest = _write_database(tmp, loaded.tables, log, pending, inputs, say)
            say("swapping in the new database")
            tmp.replace(db_path)
            _fsync_dir(db_path.parent)
        except (duckdb.Error, OSError) as exc:
            return failed([_build_error(db_path.name, exc)])
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                leftover.unlink(missing_ok=True)
    elapsed = time.perf_counter() - started
    say(f"built {db_path.name} in {elapsed:.2f} s")
    return BuildResult(True, db_path, manifest=manifest, seconds=elapsed)


def _build_error(file: str, exc: BaseException) -> Problem:
    # strerror, not str(exc): the message must not carry the server's paths to a reader
    detail = getattr(exc, "strerror", None) or str(exc).split(":", 1)[0]
    return Problem(file, 0, "", "build-error", f"{type(exc).__name__}: {detail}")


def _read_checked(data_dir: Path) -> tuple[Inputs, ingest.LoadResult, releases.Log, list]:
    """data/ read once, the tables and the log parsed from those bytes, every problem found."""
    inputs = read_inputs(data_dir)
    loaded = ingest.load_inputs(inputs)
    log = release_log.parse_log(inputs.files.get(releases.LOG_FILE))
    return inputs, loaded, log, sorted(set(loaded.problems + log.problems))


def _record_release(
    inputs: Inputs,
    log: releases.Log,
    data_dir: Path,
    tables: dict[str, pd.DataFrame],
    say: Progress,
) -> tuple[Inputs, releases.Log]:
    """The inputs and log with a release for `tables` appended when they differ from the log's
    last release (call under `release_log.data_lock`)."""
    release = releases.next_release(log, releases.snapshot(tables))
    if release is None:
        return inputs, log
    counts = release.counts()
    say(
        f"recording release {release.release_id} ({counts['added']} added, "
        f"{counts['removed']} removed, {counts['revised']} revised) in {releases.LOG_FILE}"
    )
    old = inputs.files.get(releases.LOG_FILE, b"")
    written = release_log.append(data_dir / releases.LOG_FILE, release, old)
    replayed = release_log.parse_log(written)
    if replayed.problems:  # pragma: no cover - what was just written replays by construction
        raise OSError(f"{releases.LOG_FILE} does not replay: {replayed.problems[0]}")
    return inputs.with_file(releases.LOG_FILE, written), replayed


def record_release(data_dir: Path, say: Progress | None = None) -> tuple[str | None, list]:
    """Mint the release of data/ as it is now, if it differs from the log's last (a steward's
    import does this after writing the tables). Returns (release id or None, problems)."""
    with release_log.data_lock(data_dir):
        inputs, loaded, log, problems = _read_checked(data_dir)
        if problems:
            return None, problems
        before = log.latest
        _, log = _record_release(inputs, log, data_dir, loaded.tables, say or (lambda _m: None))
    latest = log.latest
    return (latest.release_id if latest is not None and latest is not before else None), []


def _write_database(
    path: Path,
    tables: dict[str, pd.DataFrame],
    log: releases.Log,
    pending: releases.Release | None,
    inputs: Inputs,
    say: Progress,
) -> dict[str, object]:
    digests = inputs.digests()
    con = duckdb.connect(str(path))
    try:
        for n, table in enumerate(schema.TABLES, start=1):
            say(f"[{n}/{len(schema.TABLES)}] {table.name}")
            _create_table(con, table, tables[table.name])
        con.execute(VIEWS_SQL)
        say(f"release history ({len(log.releases)} releases)")
        _write_releases(con, log, pending)
        latest = log.latest
        manifest = {
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "package_version": __version__,
            "duckdb_version": duckdb.__version__,
            "data_hash": data_hash(digests),
            "release": latest.release_id if latest else "",
            "releases": str(len(log.releases)),
            # Rows the tables hold that no release records yet (a serving process's build of
            # an edit no steward has built): shown as "not yet released", never pinned.
            "unreleased": str(len(pending.changes) if pending else 0),
        }
        con.execute("CREATE TABLE build_manifest (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.executemany("INSERT INTO build_manifest VALUES (?, ?)", list(manifest.items()))
        con.execute(
            "CREATE TABLE build_inputs (file VARCHAR PRIMARY KEY, sha256 VARCHAR, rows INTEGER)"
        )
        con.executemany(
            "INSERT INTO build_inputs VALUES (?, ?, ?)",
            [(t.file, digests.get(t.file, ""), len(tables[t.name])) for t in schema.TABLES],
        )
        manifest["inputs"] = {t.file: digests.get(t.file, "") for t in schema.TABLES}
        manifest["rows"] = {t.name: len(tables[t.name]) for t in schema.TABLES}
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return manifest


def _create_table(con: duckdb.DuckDBPyConnection, table: schema.Table, frame: pd.DataFrame) -> None:
    columns = []
    for col in table.columns:
        sql_type = "VARCHAR[]" if col.is_list else _SQL_TYPES.get(col.kind, "VARCHAR")
        columns.append(f'"{col.name}" {sql_type}')
    key = ", ".join(f'"{c}"' for c in table.key)
    con.execute(f'CREATE TABLE "{table.name}" ({", ".join(columns)}, PRIMARY KEY ({key}))')
    data = frame.drop(columns=[LINE_COLUMN])
    con.register("incoming", data)
    select = ", ".join(
        f"string_split(\"{c.name}\", ';')" if c.is_list else f'"{c.name}"' for c in table.columns
    )
    con.execute(f'INSERT INTO "{table.name}" SELECT {select} FROM incoming')  # noqa: S608
    con.unregister("incoming")
    comment = table.grain.replace("'", "''")
    con.execute(f"COMMENT ON TABLE \"{table.name}\" IS '{comment}'")


#: The schema whose tables and views show one release's values: the release is the cursor's
#: variable `gba_release` (a release ordinal), set by `ReadOnlyDatabase.cursor(release=…)`.
PINNED_SCHEMA = "pinned"


def _write_releases(
    con: duckdb.DuckDBPyConnection, log: releases.Log, pending: releases.Release | None
) -> None:
    """The releases, their changes, every table's row versions, and the `pinned` schema.

    `pending` (the tables' changes no release records yet) is listed in `release_changes` under
    the ordinal after the last release, with an empty release id; it has no row in `releases`
    and no versions in `hist_<table>`, so no link can pin it.

    `hist_<table>` holds each version of each row with the releases it was valid from and until;
    `pinned.<table>` selects the versions valid at the cursor's release, and the views of
    `public_views` are created again inside `pinned`, over those tables, so a query reads one
    release's values by its search path alone.
    """
    con.execute(
        "CREATE TABLE releases (ordinal INTEGER PRIMARY KEY, release_id VARCHAR UNIQUE, "
        "released_at VARCHAR, state VARCHAR, added INTEGER, removed INTEGER, revised INTEGER)"
    )
    con.executemany(
        "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (r.ordinal, r.release_id, r.released_at, r.state, *r.counts().values())
            for r in log.releases
        ],
    )
    unreleased = [] if pending is None else [releases.unreleased(pending)]
    con.register("incoming_changes", releases.change_records(log, [*log.releases, *unreleased]))
    con.execute("CREATE TABLE release_changes AS SELECT * FROM incoming_changes")
    con.unregister("incoming_changes")
    con.execute("COMMENT ON TABLE release_changes IS 'one row per changed row per release'")
    con.execute(f"CREATE SCHEMA {PINNED_SCHEMA}")
    release_now = "getvariable('gba_release')"
    for table in schema.TABLES:
        con.register("incoming_history", releases.history_frame(log, table))
        columns = ", ".join(
            f'string_split("{c.name}", \';\') AS "{c.name}"' if c.is_list else f'"{c.name}"'
            for c in table.columns
        )
        con.execute(
            f'CREATE TABLE "hist_{table.name}" AS '  # noqa: S608 - names from the schema
            f"SELECT {columns}, valid_from, valid_to FROM incoming_history"
        )
        con.unregister("incoming_history")
        names = ", ".join(f'"{c.name}"' for c in table.columns)
        con.execute(
            f'CREATE VIEW {PINNED_SCHEMA}."{table.name}" AS SELECT {names} '  # noqa: S608
            f'FROM main."hist_{table.name}" WHERE valid_from <= {release_now} '
            f"AND (valid_to IS NULL OR valid_to > {release_now})"
        )
    con.execute(f"SET schema = '{PINNED_SCHEMA}'")
    con.execute(VIEWS_SQL)
    con.execute("SET schema = 'main'")


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
