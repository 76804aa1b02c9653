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
    """
    if not hasattr(queries, name) or name.startswith("_"):
        raise AttributeError(f"no query named {name!r}")
    return _cached(name, _identity(), args)


def database_bytes() -> bytes:
    """The DuckDB file as bytes, for the sources page's download (read only when clicked)."""
    return settings.db_path().read_bytes()
