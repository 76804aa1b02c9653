"""Readers keep reading while the database file is replaced under them (in one process).

`ReadOnlyDatabase` used to close its connection when the file changed — breaking cursors other
threads were still using ("Connection already closed") — and to reopen the same path, which
DuckDB's per-process instance cache answered with the *old* build while any cursor on it lived.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest

from gba_dash import db, db_build, queries

READERS = 8
SECONDS = 2.0


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two builds of the fixture world that differ: 4 and 5 GII ranks held."""
    from tests.conftest import WORLD

    base = tmp_path_factory.mktemp("swap")
    data = base / "data"
    shutil.copytree(WORLD, data)
    first = base / "a.duckdb"
    assert db_build.build_database(data, first).ok
    ranks = data / "cluster_ranks.csv"
    ranks.write_text(
        ranks.read_text(encoding="utf-8")
        + "2023,szhkgz,2,Shenzhen–Hong Kong–Guangzhou,,,,wipo_2024,high,,,,\n",
        encoding="utf-8",
    )
    second = base / "b.duckdb"
    assert db_build.build_database(data, second).ok
    return first, second


def _held(cur) -> int:
    return int(queries.get_coverage(cur)["ranks_held"].sum())


def test_readers_survive_swaps_and_new_cursors_see_the_new_build(builds, tmp_path: Path) -> None:
    first, second = builds
    target = tmp_path / "gba.duckdb"
    shutil.copy(first, target)
    reader = db.ReadOnlyDatabase(target)
    errors: list[str] = []
    reads = [0] * READERS
    stop = time.monotonic() + SECONDS

    def read(i: int) -> None:
        while time.monotonic() < stop:
            try:
                cur = reader.cursor()
                try:
                    held = _held(cur)
                    time.sleep(0.002)  # a reader mid-query while the file is swapped
                    n = cur.execute("SELECT count(*) FROM v_observations").fetchone()[0]
                    assert held in (4, 5)
                    assert n > 0
                    reads[i] += 1
                finally:
                    cur.close()
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=read, args=(i,)) for i in range(READERS)]
    for thread in threads:
        thread.start()
    swaps = stale = 0
    try:
        while time.monotonic() < stop:
            source, expected = (second, 5) if swaps % 2 == 0 else (first, 4)
            incoming = tmp_path / ".incoming"
            shutil.copy(source, incoming)
            os.replace(incoming, target)  # what build_database does
            swaps += 1
            time.sleep(0.02)
            cur = reader.cursor()
            try:
                stale += _held(cur) != expected
            finally:
                cur.close()
    finally:
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert stale == 0, f"{stale} of {swaps} fresh cursors saw the previous build"
    assert swaps >= 10
    assert min(reads) > 0


def test_real_builds_while_reading(world: Path, tmp_path: Path) -> None:
    target = tmp_path / "gba.duckdb"
    assert db_build.build_database(world, target).ok
    reader = db.ReadOnlyDatabase(target)
    errors: list[str] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                cur = reader.cursor()
                try:
                    queries.get_observations(cur, ("hightech_enterprises",))
                    queries.get_manifest(cur)
                finally:
                    cur.close()
                time.sleep(0.005)
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=read) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        ranks = world / "cluster_ranks.csv"
        ranks.write_text(
            ranks.read_text(encoding="utf-8")
            + "2023,szhkgz,2,Shenzhen–Hong Kong–Guangzhou,,,,wipo_2024,high,,,,\n",
            encoding="utf-8",
        )
        assert db_build.build_database(world, target).ok
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    cur = reader.cursor()
    assert _held(cur) == 5
    cur.close()


def test_missing_and_damaged_files_are_reported_not_crashed(builds, tmp_path: Path) -> None:
    first, _ = builds
    target = tmp_path / "gba.duckdb"
    shutil.copy(first, target)
    reader = db.ReadOnlyDatabase(target)
    cur = reader.cursor()
    target.unlink()
    assert _held(cur) == 4  # a reader that already had it keeps its build
    cur.close()
    with pytest.raises(db.DatabaseUnavailable, match="not found"):
        reader.cursor()
    target.write_bytes(b"\0garbage" * 4096)
    with pytest.raises(db.DatabaseUnavailable, match="cannot open") as info:
        reader.cursor()
    assert db.is_storage_error(info.value)
    shutil.copy(first, target)
    cur = reader.cursor()
    assert _held(cur) == 4
    cur.close()


def test_app_connection_cannot_touch_files_or_install(builds, tmp_path: Path) -> None:
    """Defence in depth: even a query that got past the bound parameters reads nothing else."""
    first, _ = builds
    reader = db.ReadOnlyDatabase(first)
    cur = reader.cursor()
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n", encoding="utf-8")
    for sql in (
        f"SELECT * FROM read_csv('{secret}')",
        f"COPY (SELECT 1) TO '{tmp_path}/x.csv'",
        "INSTALL spatial",
        "SET enable_external_access = true",
    ):
        with pytest.raises(duckdb.Error):
            cur.execute(sql)
    assert not (tmp_path / "x.csv").exists()
    assert _held(cur) == 4
    cur.close()
