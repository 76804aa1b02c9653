"""Cached functions: the one module that holds `st.cache_*`.

One shared read-only database per process (a cursor per query), and query results cached by the
database file's identity, so a rebuild is picked up without restarting and no result of an old
build is served. Nothing per user lives here.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pandas as pd
import streamlit as st

from gba_dash import citations, db, db_build, export, queries, settings
from gba_dash.charts.request import ChartRequest
from gba_dash.shaping.common import batches_to_csv_bytes
from gba_dash.ui import chart_specs

#: How often (seconds) a process re-checks whether data/ changed since the last build.
FRESHNESS_INTERVAL = 5.0
_check_lock = threading.Lock()
_last_check: dict[str, float] = {}
_last_state: dict[str, db.EnsureResult] = {}


@st.cache_resource(show_spinner=False)
def _database(db_path: str) -> db.ReadOnlyDatabase:
    return db.ReadOnlyDatabase(Path(db_path))


def database() -> db.ReadOnlyDatabase:
    """The current database file, read-only (for what reads it outside the page models'
    queries: a deck's slides)."""
    return _database(str(settings.db_path()))


def ensure_fresh() -> db.EnsureResult:
    """Rebuild the database if data/ changed (at most every few seconds per process).

    Returns the last result: `stale` means the new data failed its checks and the last good
    database is still served; `missing` means there is nothing to serve.
    """
    data_dir, db_path = settings.data_dir(), settings.db_path()
    key = str(db_path)
    now = time.monotonic()
    with _check_lock:
        if key in _last_state and now - _last_check.get(key, 0.0) < FRESHNESS_INTERVAL:
            return _last_state[key]
        result = db.ensure_database(data_dir, db_path)
        _last_state[key] = result
        _last_check[key] = now
        return result


#: The release this script run reads (a `releases` ordinal), or None for the latest: set by the
#: shell at the start of every run, in the run's own thread.
_pinned = threading.local()


def pin(release: int | None) -> None:
    """Read release `release` (an ordinal) for the rest of this run; None for the latest."""
    _pinned.release = release


def pinned() -> int | None:
    """The release this run reads (see `pin`)."""
    return getattr(_pinned, "release", None)


def cursor():
    """A cursor on the current database, reading this run's release; raises
    `db.DatabaseUnavailable`."""
    return _database(str(settings.db_path())).cursor(release=pinned())


def _identity() -> tuple | None:
    """What a cached result depends on: the database file and the release read."""
    file = _file_identity_of_database()
    release = pinned()
    return file if release is None or file is None else (*file, release)


def _file_identity_of_database() -> tuple[int, int] | None:
    database = _database(str(settings.db_path()))
    # A stat is ~2 µs; opening a cursor just to learn the identity cost ~0.25 ms per query call
    # (bench/RESULTS.md). Only when the file changed (or was never opened) is it reopened.
    try:
        stat = database.db_path.stat()
        if database.identity == (stat.st_ino, stat.st_mtime_ns):
            return database.identity
    except OSError:
        pass
    database.cursor().close()  # opens or reopens the file, updating its identity
    return database.identity


@st.cache_data(show_spinner=False, max_entries=256)
def _cached(name: str, identity: tuple[int, int] | None, args: tuple) -> pd.DataFrame:
    del identity  # part of the cache key only: a new build means new results
    fn = getattr(queries, name)
    cur = cursor()
    try:
        return fn(cur, *args)
    finally:
        cur.close()


def query(name: str, *args) -> pd.DataFrame:
    """Run `queries.<name>(cursor, *args)` with its result cached for this build of the database.

    Arguments must be hashable (tuples, not lists). Callers receive a copy they may modify.
    When the database file is missing or damaged, it is rebuilt from data/ and the query retried
    once; if that is not possible, `db.DatabaseUnavailable` is raised (the shell shows a message).
    """
    if not hasattr(queries, name) or name.startswith("_"):
        raise AttributeError(f"no query named {name!r}")
    return _healing(lambda: _cached(name, _identity(), args))


def _healing(call: Callable):
    """`call()`; when the database file is missing or damaged, rebuild it and call once more.

    Raises `db.DatabaseUnavailable` when there is no good database to retry on.
    """
    try:
        return call()
    except Exception as exc:
        if not db.is_storage_error(exc):
            raise
        failed = _file_identity(settings.db_path())
        if not _heal(failed):
            raise db.DatabaseUnavailable(str(exc)) from exc
    try:
        return call()
    except Exception as exc:
        if db.is_storage_error(exc):
            raise db.DatabaseUnavailable(str(exc)) from exc
        raise


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        st_ = path.stat()
    except OSError:
        return None
    return (st_.st_ino, st_.st_mtime_ns)


def _heal(failed: tuple[int, int] | None) -> bool:
    """Rebuild a missing or damaged database from data/; True when there is a file to retry.

    Sessions that hit the same failure together wait on one lock: the first rebuilds, the others
    see that the file changed since their failure and just retry. The result is remembered as
    this process's database state (`missing` when data/ does not build either).
    """
    data_dir, db_path = settings.data_dir(), settings.db_path()
    key = str(db_path)
    with _check_lock:
        current = _file_identity(db_path)
        if current is not None and current != failed:
            return True
        result = db_build.build_database(data_dir, db_path)
        _last_state[key] = (
            db.EnsureResult("rebuilt") if result.ok else db.EnsureResult("missing", result.problems)
        )
        _last_check[key] = time.monotonic()
        return result.ok


def latest_query(name: str, *args) -> pd.DataFrame:
    """`query(name, *args)` on the latest release, whatever this run reads (the releases
    themselves, and what changed since a pinned one)."""
    release = pinned()
    pin(None)
    try:
        return query(name, *args)
    finally:
        pin(release)


def table_csv(name: str) -> Callable[[], bytes]:
    """What makes one stored table as CSV when its button is clicked (see
    `views.common.to_csv_bytes`), reading this run's release: a download runs in another
    thread, where this run's pin is not set, so the release is bound here.

    Read when clicked, batch by batch, and not cached: at millions of rows neither pandas nor
    Streamlit's cache should hold the whole table (bench/RESULTS.md, data scale).
    """
    return functools.partial(_table_csv, name, pinned())


def _table_csv(name: str, release: int | None) -> bytes:
    cur = _database(str(settings.db_path())).cursor(release=release)
    try:
        return batches_to_csv_bytes(queries.table_batches(cur, name))
    finally:
        cur.close()


def table_workbook(
    name: str, prov: export.Provenance, cited: citations.ViewCitation
) -> Callable[[], bytes]:
    """What makes one stored table as an Excel workbook when its button is clicked, reading
    this run's release (bound here, as `table_csv` does); its citations are written then."""
    return functools.partial(_table_workbook, name, pinned(), prov, cited)


def _table_workbook(
    name: str, release: int | None, prov: export.Provenance, cited: citations.ViewCitation
) -> bytes:
    cur = _database(str(settings.db_path())).cursor(release=release)
    try:
        rows = pd.concat(list(queries.table_batches(cur, name)), ignore_index=True)
        sources, terms = queries.get_sources(cur), queries.get_terms(cur)
    finally:
        cur.close()
    styles = {s: citations.view_citation(cited, s, prov.lang) for s in citations.STYLES}
    return export.table_workbook(rows, name, prov, sources, terms, styles)


def database_bytes() -> bytes:
    """The DuckDB file as bytes, for the sources page's download (read only when clicked)."""
    return settings.db_path().read_bytes()


def memo(fn: Callable, *args):
    """`fn(*args)` computed once per database build and distinct arguments, shared, not copied.

    For what a page derives from the data for one filter state: `args` are that state and the
    language (a few strings and numbers, cheap to hash), `fn` runs the queries, views and chart
    builders. Every reader of the same view then costs a dictionary lookup instead of the pandas
    work, and no session keeps its own copy. Callers must not modify what they get (return a
    frozen dataclass or a mapping of frames and prepared charts).
    """
    code = getattr(fn, "__code__", None)
    name = f"{getattr(code, 'co_filename', fn.__module__)}:{fn.__qualname__}"
    # Like `query`: a missing or damaged database file is rebuilt first, then looked up again.
    return _healing(lambda: _memo(name, _identity(), fn, args))


#: Shared views kept (least recently used dropped first). About 15 are the pages' own tables and
#: options, read on every run, so they stay; each reader needs the entries of its current view
#: kept between two clicks (switching back to a tab is then free). An entry (a chart spec with
#: its Arrow tables, the data table and texts) is 40-60 kB. Measured (`bench/load.py steady`,
#: late November 2026, when an entry also held the builder's input frames): with 32 entries 50
#: readers cost 27 ms of CPU per change (thrashing), with 256 15 ms; 20 readers over 4 minutes
#: grew the server 8 MB with 32, 12 MB with 64 and 29 MB with 256.
MEMO_ENTRIES = 128


@st.cache_resource(show_spinner=False, max_entries=MEMO_ENTRIES)
def _memo(name: str, identity: tuple[int, int] | None, _fn: Callable, args: tuple):
    del name, identity  # part of the cache key only
    return _fn(*args)


# --- page models ------------------------------------------------------------------------------


def model_tables(model: ModuleType) -> dict:
    """`model.load(query)`: the tables a page model reads, once per database build (shared)."""
    name = f"tables:{model.__name__}"
    return _healing(lambda: _memo(name, _identity(), lambda: model.load(query), ()))


def block(fn: Callable, *args):
    """`fn(tables, *args)` of a page model, its chart requests served: once per database build
    and distinct arguments (a filter state and the language), shared by every reader, like
    `memo`. What `fn` returns is a value of the page-model contract (`pagemodels.contract`) or
    a mapping or tuple of them; each `ChartRequest` in it, at any depth, is served as
    `chart_specs.chart(builder, *args, **kwargs)`."""
    if not fn.__module__.startswith("gba_dash.pagemodels."):
        # Its module names the cache entry and supplies `load`: a page script's function has
        # neither (every page runs as __main__).
        raise ValueError(f"{fn.__qualname__} is not a page model's function")
    model = sys.modules[fn.__module__]
    name = f"{fn.__module__}:{fn.__qualname__}"

    def run(*state):
        return _built(fn(model_tables(model), *state))

    return _healing(lambda: _memo(name, _identity(), run, args))


def _built(value):
    if isinstance(value, ChartRequest):
        return chart_specs.chart(value.builder, *value.args, **value.kwargs)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            built = _built(item)
            if built is not item:
                changes[field.name] = built
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, dict):
        return {key: _built(item) for key, item in value.items()}
    if isinstance(value, tuple | list) and any(
        isinstance(v, dict | ChartRequest) or dataclasses.is_dataclass(v) for v in value
    ):
        return tuple(_built(item) for item in value)
    return value
