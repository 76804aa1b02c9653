"""`gba-dash serve` starts from anything: a missing, empty, truncated, garbage or stale database
file, a data folder it may not write, data that fails its checks; and it answers only its hosts.

Each test starts its own server on a copy of data/ and reads the pages over the websocket.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from gba_dash import db, db_build, release_log, releases
from gba_dash.i18n import t
from tests.serve.conftest import copy_data, http_get, start_serve
from tests.serve.stclient import view

HERE = Path(__file__).resolve().parent


def _damage(db_path: Path, how: str) -> None:
    raw = db_path.read_bytes()
    if how == "missing":
        db_path.unlink()
    elif how == "empty":
        db_path.write_bytes(b"")
    elif how == "truncated":  # cut to half: it still opens and its manifest still reads
        db_path.write_bytes(raw[: len(raw) // 2])
    elif how == "garbage":
        db_path.write_bytes(b"\x00GBA" * (len(raw) // 4))
    elif how == "stale_manifest":  # built from other data: its hash is not data/'s
        con = db.duckdb.connect(str(db_path))
        con.execute("UPDATE build_manifest SET value = 'old' WHERE key = 'data_hash'")
        con.close()
    else:  # pragma: no cover
        raise AssertionError(how)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("how", ["missing", "empty", "truncated", "garbage", "stale_manifest"])
def test_serve_comes_up_healthy_from_a_damaged_database(tmp_path: Path, how: str) -> None:
    data = copy_data(tmp_path / "data")
    db_path = tmp_path / "gba.duckdb"
    assert db_build.build_database(data, db_path).ok
    _damage(db_path, how)
    served = start_serve(tmp_path)  # waits until healthy
    try:
        run = view(served.base, "sources")
        assert run.ok, (run.errors, run.exceptions)
        assert run.titles == [t("page.sources", "en")]
        assert run.manifest()["data_hash"] == db.stored_data_hash(db_path)
        log = served.log()
        said = "rebuilt from data/" if how != "truncated" else "cannot be served"
        assert said in log, log
        assert "Traceback" not in log, log
        assert db.unreadable(db_path) is None
    finally:
        served.stop()


def test_serve_keeps_the_last_good_database_when_data_fails(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    db_path = tmp_path / "gba.duckdb"
    assert db_build.build_database(data, db_path).ok
    good = db_path.read_bytes()
    obs = data / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",exact,", ",exactish,", 1), "utf-8")
    served = start_serve(tmp_path)
    try:
        run = view(served.base, "sources")
        assert run.ok
        assert t("sources.stale", "en") in run.warnings
        assert "serving the last good database" in served.log()
        assert db_path.read_bytes() == good
    finally:
        served.stop()


def test_serve_with_nothing_to_serve_shows_an_error_page_not_a_crash_loop(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    (data / "terms.csv").unlink()
    (tmp_path / "gba.duckdb").write_bytes(b"not a database")
    served = start_serve(tmp_path)
    try:
        run = view(served.base, "")
        assert run.exceptions == []
        assert run.errors == [t("error.db_unavailable", "en")]
        assert "no servable database" in served.log()
        assert served.proc.poll() is None  # still serving
    finally:
        served.stop()


def test_a_server_never_writes_its_data_folder(tmp_path: Path) -> None:
    """Data folder read-only (an audit hook refuses every write under it, root or not), the
    database elsewhere, and an edit no steward has built: served as unreleased, nothing minted."""
    data = copy_data(tmp_path / "data")
    obs = data / "observations.csv"
    text = obs.read_text(encoding="utf-8")
    old = "hightech_enterprises,guangdong,2024,77000,lower_bound,art_20260104"
    assert old in text
    obs.write_text(text.replace(old, old.replace("77000", "78000"), 1), encoding="utf-8")
    before = _snapshot(data)
    log = release_log.read_log(data / releases.LOG_FILE)
    served = start_serve(
        tmp_path,
        env={"PYTHONPATH": str(HERE / "readonly"), "GBA_DASH_READONLY_DIR": str(data)},
    )
    try:
        run = view(served.base, "sources")
        assert run.ok, (run.errors, run.exceptions)
        manifest = run.manifest()
        assert manifest["release"] == log.latest.release_id
        assert manifest["unreleased"] == "1"
        assert "read-only data folder guard on" in served.log()
        assert "refused write" not in served.log()
    finally:
        served.stop()
    assert _snapshot(data) == before


def test_a_server_answers_only_its_hosts(tmp_path: Path) -> None:
    copy_data(tmp_path / "data")
    served = start_serve(tmp_path, "--allowed-host", "dash.example.org")
    try:
        status, _, _ = http_get(f"{served.base}/", headers={"Host": "evil.example"})
        assert status == 421
        status, _, _ = http_get(f"{served.base}/", headers={"Host": "dash.example.org"})
        assert status == 200
        status, _, body = http_get(f"{served.base}/_stcore/health", headers={"Host": "10.0.0.9"})
        assert (status, body) == (200, b"ok")
        # a websocket for another host is refused before it opens
        with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
            sock.sendall(
                b"GET /_stcore/stream HTTP/1.1\r\nHost: evil.example\r\nUpgrade: websocket\r\n"
                b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n"
            )
            answer = sock.recv(200)
        assert answer.startswith(b"HTTP/1.1 403"), answer
    finally:
        served.stop()
