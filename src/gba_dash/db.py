"""Open the DuckDB file read-only, and rebuild it when data/ changed (`db_build` builds it).

A reader gets a private read-only view of one build (`ReadOnlyDatabase`: a new build is picked
up, an old one's cursors keep working); `ensure_database` compares the data's hash with the one
the file's manifest records and rebuilds only on a change, keeping the last good file when the
new data fail their checks.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from gba_dash import db_build
from gba_dash.inputs import data_hash, file_digests
from gba_dash.problems import Problem
from gba_dash.public_views import PUBLIC_VIEWS, VIEWS_SQL  # noqa: F401 (db.PUBLIC_VIEWS: the contract)


def read_manifest(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The build manifest of an open database: key/values plus per-file digests and row counts."""
    manifest: dict[str, object] = dict(
        con.execute("SELECT key, value FROM build_manifest").fetchall()
    )
    inputs = con.execute("SELECT file, sha256, rows FROM build_inputs ORDER BY file").fetchall()
    manifest["inputs"] = {f: h for f, h, _ in inputs}
    manifest["rows"] = {f.removesuffix(".csv"): r for f, _, r in inputs}
    return manifest


def open_readonly(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection; raises `DatabaseUnavailable` with a reason when it cannot open."""
    if not db_path.is_file():
        raise DatabaseUnavailable(f"database file not found: {db_path}")
    try:
        con = duckdb.connect(str(db_path), read_only=True)
        con.execute("SELECT count(*) FROM build_manifest").fetchone()
    except duckdb.Error as exc:
        raise DatabaseUnavailable(f"cannot open {db_path}: {exc}") from exc
    return con


class DatabaseUnavailable(RuntimeError):
    """The database file is missing, unreadable or not a gba-dash build."""


@dataclass
class EnsureResult:
    """The state of the database after `ensure_database`.

    `state` is `fresh` (up to date), `rebuilt` (data changed and the build passed), `stale`
    (data changed but failed its checks: the last good database is kept) or `missing`
    (no usable database and the data does not build).
    """

    state: str
    problems: list[Problem] = field(default_factory=list)


def stored_data_hash(db_path: Path) -> str | None:
    """The data hash recorded in `db_path`, read without keeping a connection open.

    Read again only when the file is another one (a new build is swapped in under the path) or
    was written to: opening DuckDB to read one value cost ~8 ms every few seconds per process,
    a stat costs microseconds.
    """
    try:
        stat = db_path.stat()
    except OSError:
        return None
    identity = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    key = str(db_path)
    with _stored_lock:
        known = _stored_hashes.get(key)
    if known is not None and known[0] == identity:
        return known[1]
    value = _read_stored_data_hash(db_path)
    if value is not None:
        with _stored_lock:
            _stored_hashes[key] = (identity, value)
    return value


_stored_lock = threading.Lock()
_stored_hashes: dict[str, tuple[tuple[int, ...], str]] = {}


def _read_stored_data_hash(db_path: Path) -> str | None:
    if not db_path.is_file():
        return None
    try:
        # A private in-memory instance: ATTACH avoids DuckDB's per-path instance cache.
        with duckdb.connect() as con:
            con.execute(f"ATTACH '{_sql_str(db_path)}' AS built (READ_ONLY)")
            row = con.execute(
                "SELECT value FROM built.build_manifest WHERE key = 'data_hash'"
            ).fetchone()
            return row[0] if row else None
    except duckdb.Error:
        return None


def _sql_str(path: Path) -> str:
    return str(path).replace("'", "''")


def ensure_database(data_dir: Path, db_path: Path) -> EnsureResult:
    """Rebuild `db_path` when `data_dir` changed since its build (or the file is not a build of
    this code's format); keep the old one if that fails. Reads data/, never writes it."""
    current = data_hash(file_digests(data_dir))
    stored = stored_data_hash(db_path)
    if stored == current:
        return EnsureResult("fresh")
    result = db_build.build_database(data_dir, db_path)
    if result.ok:
        return EnsureResult("rebuilt")
    return EnsureResult("stale" if stored is not None else "missing", result.problems)


def unreadable(db_path: Path) -> str | None:
    """Why `db_path` cannot be served (missing, damaged, not a build of this code), or None.

    Every table is read in full, so a file cut short or overwritten in the middle fails here,
    at start, rather than under a reader (a file cut to half its size still opens and its
    manifest still reads).
    """
    try:
        con = _open_private(db_path)
    except DatabaseUnavailable as exc:
        return str(exc)
    try:
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ?",
            [_CATALOG],
        ).fetchall()
        for schema_name, table_name in tables:
            name = ".".join(
                f'"{part.replace(chr(34), chr(34) * 2)}"' for part in (schema_name, table_name)
            )
            con.execute(f"SELECT * FROM {name}").fetchall()  # noqa: S608 - quoted identifiers
        for view in PUBLIC_VIEWS:
            con.execute(f"SELECT count(*) FROM {view}").fetchone()  # noqa: S608 - fixed names
    except duckdb.Error as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    finally:
        con.close()
    return None


#: The catalog name a `ReadOnlyDatabase` attaches each build under (cursors `USE` it).
_CATALOG = "gba"


def _open_private(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only view of `db_path` in a private in-memory DuckDB instance.

    `duckdb.connect(path)` returns DuckDB's cached instance for a path while any connection to it
    lives, i.e. possibly an older build; an in-memory instance that ATTACHes the file is never
    shared, so it always opens the file the path names now.
    """
    if not db_path.is_file():
        raise DatabaseUnavailable(f"database file not found: {db_path}")
    # Never download an extension at runtime (intranet-safe: a query that needs one fails in
    # the tests instead).
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    try:
        con.execute(f"ATTACH '{_sql_str(db_path)}' AS {_CATALOG} (READ_ONLY)")
        con.execute(f"USE {_CATALOG}")
        con.execute("SELECT count(*) FROM build_manifest").fetchone()
        # Once attached, the app's SQL needs no file or network access: take it away for good.
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        con.close()
        raise DatabaseUnavailable(f"cannot open {db_path}: {exc}") from exc
    return con


def is_storage_error(exc: BaseException) -> bool:
    """True for errors that mean the database file itself is damaged or gone (not a bad query).

    DuckDB raises `IOException` for short reads and a bare `duckdb.Error` ("Corrupt database
    file: computed checksum …") when a block fails its checksum.
    """
    if isinstance(exc, DatabaseUnavailable | duckdb.IOException):
        return True
    return isinstance(exc, duckdb.Error) and (
        type(exc) is duckdb.Error or "corrupt" in str(exc).lower()
    )


class ReadOnlyDatabase:
    """One shared read-only connection per database file, swapped when the file is replaced.

    Each build is opened in a private in-memory instance (see `_open_private`), so a rebuilt file
    is really reopened. A replaced connection is never closed under its readers: it is only
    dropped, and every cursor taken from it keeps its DuckDB instance (and the old file, which
    the rebuild unlinked but did not overwrite) alive until the cursor is closed or collected.
    Callers take a cursor per query.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._identity: tuple[int, int] | None = None

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            st = self.db_path.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def cursor(self, release: int | None = None) -> duckdb.DuckDBPyConnection:
        """A cursor on the current file (raises `DatabaseUnavailable`).

        With `release` (an ordinal of the `releases` table), the cursor reads that release's
        values: its search path puts the `pinned` schema first (tables not kept per release,
        such as `releases`, come from the main schema).
        """
        with self._lock:
            identity = self._file_identity()
            if identity is None:
                self._release()
                raise DatabaseUnavailable(f"database file not found: {self.db_path}")
            if self._con is None or identity != self._identity:
                self._release()
                self._con = _open_private(self.db_path)
                self._identity = identity
            cur = self._con.cursor()
        try:
            cur.execute(f"USE {_CATALOG}")
            if release is not None:
                cur.execute(
                    f"SET search_path = '{_CATALOG}.{db_build.PINNED_SCHEMA},{_CATALOG}.main'"
                )
                cur.execute("SET VARIABLE gba_release = ?", [int(release)])
        except duckdb.Error as exc:
            cur.close()
            raise DatabaseUnavailable(f"cannot read {self.db_path}: {exc}") from exc
        return cur

    @property
    def identity(self) -> tuple[int, int] | None:
        """(inode, mtime) of the file currently open: a cache key for query results."""
        return self._identity

    def _release(self) -> None:
        # Dropped, not closed: closing would break cursors other threads are still reading with.
        self._con = None
        self._identity = None


def manifest_json(manifest: dict[str, object]) -> str:
    """The manifest as indented JSON for `gba-dash info`."""
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
