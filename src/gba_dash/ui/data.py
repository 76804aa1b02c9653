"""Cached functions: the one module that holds `st.cache_*`.

One shared read-only database per process (a cursor per query), and query results cached by the
database file's identity, so a rebuild is picked up without restarting and no result of an old
build is served. Nothing per user lives here.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from gba_dash import db, queries, settings

#: How often (seconds) a process re-checks whether data/ changed since the last build.
FRESHNESS_INTERVAL = 5.0
_check_lock = threading.Lock()
_last_check: dict[str, float] = {}
_last_state: dict[str, db.EnsureResult] = {}


@st.cache_resource(show_spinner=False)
def _database(db_path: str) -> db.ReadOnlyDatabase:
    return db.ReadOnlyDatabase(Path(db_path))


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


def cursor():
    """A cursor on the current database; raises `db.DatabaseUnavailable`."""
    return _database(str(settings.db_path())).cursor()


def _identity() -> tuple[int, int] | None:
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
    once; if that is not possible, `db.DatabaseUnavailable` is raised (the frame shows a message).
    """
    if not hasattr(queries, name) or name.startswith("_"):
        raise AttributeError(f"no query named {name!r}")
    try:
        return _cached(name, _identity(), args)
    except Exception as exc:
        if not db.is_storage_error(exc):
            raise
        failed = _file_identity(settings.db_path())
        if not _heal(failed):
            raise db.DatabaseUnavailable(str(exc)) from exc
    try:
        return _cached(name, _identity(), args)
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
        result = db.build_database(data_dir, db_path)
        _last_state[key] = (
            db.EnsureResult("rebuilt") if result.ok else db.EnsureResult("missing", result.problems)
        )
        _last_check[key] = time.monotonic()
        return result.ok


def database_bytes() -> bytes:
    """The DuckDB file as bytes, for the sources page's download (read only when clicked)."""
    return settings.db_path().read_bytes()


def chart_spec_of(chart) -> dict:
    """A chart's Vega-Lite spec with its data inline, safe beside Streamlit's own drawing.

    Streamlit swaps Altair's global data transformer while it draws, under its own lock; take
    the same lock (a private name, with a fallback) so the two never interleave.
    """
    import altair as alt

    try:
        from streamlit.elements.vega_charts import _altair_globals_lock as lock
    except ImportError:  # pragma: no cover - a Streamlit without the lock
        lock = threading.Lock()
    with lock, alt.data_transformers.enable("default", max_rows=None):
        return chart.to_dict()


def chart(builder, *args, **kwargs) -> dict | None:
    """`builder(*args, **kwargs)` as a Vega-Lite spec, built once per distinct input and language.

    Building an Altair chart and validating it costs tens to hundreds of milliseconds per chart
    (bench/RESULTS.md); 300 people opening one shared link all ask for the same few specs.
    A builder that returns None (nothing to draw) gives None.
    """
    name = f"{builder.__module__}.{builder.__qualname__}"
    return _chart(name, builder, args, tuple(sorted(kwargs.items())))


@st.cache_data(show_spinner=False, max_entries=512)
def _chart(name: str, _builder, args: tuple, kwargs: tuple) -> dict | None:
    del name  # part of the cache key only
    built = _builder(*args, **dict(kwargs))
    return None if built is None else chart_spec_of(built)
