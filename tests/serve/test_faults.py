"""Faults a running `gba-dash serve` must survive, driven by real sessions over the websocket.

One server for the module, with its own copy of data/. Each test leaves it serving good data.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gba_dash import db, db_build
from gba_dash.i18n import t
from tests.conftest import PROJECT
from tests.serve.conftest import Served, start_serve
from tests.serve.stclient import Run, Session, view

#: Reader pages for the load test: the light pages, and one with charts (hightech and pilots
#: take seconds per run on a 2-core machine, which would only slow the test down).
PAGES = ("", "sources", "", "sources", "clusters")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = start_serve(tmp_path_factory.mktemp("faults"))
    try:
        yield served
    finally:
        served.stop()


def _assert_clean(run: Run, what: str) -> None:
    assert run.exceptions == [], f"{what}: traceback shown: {run.exceptions}"
    assert run.errors == [], f"{what}: error shown: {run.errors}"
    assert run.titles, f"{what}: page did not render"


def _edit_first_row(path: Path, column: str, change) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    col = rows[0].index(column)
    rows[1][col] = change(rows[1][col])
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _manifest_hash(base: str) -> str:
    run = view(base, "sources")
    _assert_clean(run, "sources")
    return run.manifest()["data_hash"]


def test_database_deleted_while_running(server: Served) -> None:
    with Session(server.base, "sources") as a, Session(server.base, "") as b:
        _assert_clean(a.rerun(), "session a")
        _assert_clean(b.rerun(), "session b")
        built = a.rerun().manifest()["built_at"]
        server.db.unlink()
        # the next page view rebuilds it from data/ (no traceback, no message needed)
        _assert_clean(view(server.base, "", lang="zh-Hant"), "next page view")
        assert server.db.is_file()
        assert db.stored_data_hash(server.db) is not None
        # the sessions that were open keep working
        _assert_clean(b.rerun(), "session b after")
        after = a.rerun()
        _assert_clean(after, "session a after")
        assert after.manifest()["built_at"] >= built


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_database_corrupted_while_running(server: Served, damage: str) -> None:
    with Session(server.base, "", lang="zh-Hant") as other:
        _assert_clean(other.rerun(), "other session")
        size = server.db.stat().st_size
        with server.db.open("r+b") as handle:  # damaged in place: same file, same inode
            if damage == "garbage":
                handle.write(os.urandom(size))
            else:
                handle.truncate(4096)
        run = view(server.base, "sources", lang="zh-Hans")
        assert run.exceptions == []
        # Rebuilt from data/, or — if that were impossible — the translated message.
        assert run.errors in ([], [t("error.db_unavailable", "zh-Hans")])
        _assert_clean(view(server.base, "", lang="en"), "after the repair")
        assert db.stored_data_hash(server.db) is not None
        _assert_clean(other.rerun(), "other session after")


def test_build_while_20_sessions_read(server: Served) -> None:
    sessions = [
        Session(server.base, PAGES[i % len(PAGES)], lang=("en", "zh-Hans")[i % 2])
        for i in range(20)
    ]
    errors: list[str] = []
    runs = [0] * len(sessions)
    stop = threading.Event()
    threads = [threading.Thread(target=lambda i=i: read(i)) for i in range(len(sessions))]

    def read(i: int) -> None:
        session = sessions[i]
        while not stop.is_set():
            try:
                run = session.rerun()
            except Exception as exc:
                errors.append(f"session {i}: {type(exc).__name__}: {exc}")
                return
            if run.exceptions or run.errors:
                errors.append(f"session {i} ({session.page}): {run.exceptions + run.errors}")
            runs[i] += 1

    try:
        for session in sessions:
            session.open()
        before = _manifest_hash(server.base)
        for thread in threads:
            thread.start()
        obs = server.data / "observations.csv"
        for n in range(2):
            # a real edit (one note gains a suffix), then `gba-dash build` while everyone reads
            _edit_first_row(obs, "note", lambda note, n=n: f"{note} (rev {n + 1})")
            started = sum(runs)
            build = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "gba_dash.cli",
                    "build",
                    "--quiet",
                    "--data",
                    str(server.data),
                    "--db",
                    str(server.db),
                ],
                cwd=PROJECT,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert build.returncode == 0, build.stdout + build.stderr
            deadline = time.monotonic() + 10
            while sum(runs) < started + 20 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert sum(runs) >= started + 20, "readers stalled across the swap"
    finally:
        stop.set()
        for thread in threads:
            if thread.is_alive():
                thread.join(timeout=60)
        for session in sessions:
            session.close()
    assert errors == []
    assert min(runs) >= 1, runs  # every one of the 20 sessions read
    expected = db_build.data_hash(db_build.file_digests(server.data))
    assert db.stored_data_hash(server.db) == expected != before
    assert _manifest_hash(server.base) == expected  # a new session sees the new build


def test_broken_data_edit_keeps_last_good_database(server: Served) -> None:
    good = _manifest_hash(server.base)
    good_bytes = server.db.read_bytes()
    obs = server.data / "observations.csv"
    original = obs.read_bytes()
    stale_text = t("sources.stale", "en")
    try:
        _edit_first_row(obs, "value", lambda _value: "not-a-number")
        deadline = time.monotonic() + 20  # each process re-checks data/ every few seconds
        while True:
            run = view(server.base, "sources")
            _assert_clean(run, "sources")
            if stale_text in run.warnings:
                break
            assert time.monotonic() < deadline, "the Sources page never said the data is stale"
            time.sleep(0.5)
        assert run.manifest()["data_hash"] == good  # still the last good build
        assert server.db.read_bytes() == good_bytes
        _assert_clean(view(server.base, ""), "overview")
    finally:
        obs.write_bytes(original)
    deadline = time.monotonic() + 20
    while stale_text in view(server.base, "sources").warnings:
        assert time.monotonic() < deadline, "the stale notice did not go away after the fix"
        time.sleep(0.5)


def test_server_log_has_no_traceback(server: Served) -> None:
    log = server.log()
    assert "Traceback" not in log, log[-3000:]
    assert Path(server.db).is_file()
