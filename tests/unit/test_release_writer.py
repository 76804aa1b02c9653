"""One writer for releases: steward's builds at once make one release, a build records the hash
of what it parsed, and a serving process never writes data/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gba_dash import db, db_build, inputs, queries, release_log, releases
from tests.conftest import PROJECT


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_concurrent_builds_make_exactly_one_release(world: Path, tmp_path: Path) -> None:
    """Four `gba-dash build` processes after one edit (two replicas and a steward at once)."""
    before = release_log.read_log(world / releases.LOG_FILE)
    _edit(world / "observations.csv", "2024,77000,approx", "2024,77500,approx")
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src")}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gba_dash.cli",
                "build",
                "--quiet",
                "--data",
                str(world),
                "--db",
                str(tmp_path / f"gba{i}.duckdb"),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(4)
    ]
    outcomes = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outcomes
    after = release_log.read_log(world / releases.LOG_FILE)
    assert after.problems == []
    assert len(after.releases) == len(before.releases) + 1
    # every database names the same latest release, and the next build passes with no new one
    for i in range(4):
        con = db.open_readonly(tmp_path / f"gba{i}.duckdb")
        assert db.read_manifest(con)["release"] == after.latest.release_id
        con.close()
    again = db_build.build_database(world, tmp_path / "next.duckdb", record_release=True)
    assert again.ok, again.problems
    assert release_log.read_log(world / releases.LOG_FILE).releases == after.releases


def test_the_recorded_hash_is_of_the_bytes_the_build_parsed(
    world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A steward saves an edit while a build is between reading and hashing: the build records
    the hash of what it loaded, so the next check sees the edit and rebuilds."""
    target = tmp_path / "gba.duckdb"
    obs = world / "observations.csv"
    real = inputs.read_inputs

    def read_then_edit(data_dir: Path) -> inputs.Inputs:
        read = real(data_dir)
        _edit(obs, "2024,77000,approx", "2024,77500,approx")  # saved right after the read
        monkeypatch.setattr(inputs, "read_inputs", real)
        monkeypatch.setattr(db_build, "read_inputs", real)
        return read

    monkeypatch.setattr(db_build, "read_inputs", read_then_edit)
    assert db_build.build_database(world, target).ok
    loaded = db.ReadOnlyDatabase(target).cursor()
    value = queries.get_observations(loaded, ("hightech_enterprises",), ("guangdong",), None)
    loaded.close()
    assert 77000 in set(value["value"])
    assert 77500 not in set(value["value"])
    assert db.stored_data_hash(target) != inputs.data_hash(inputs.file_digests(world))
    assert db.ensure_database(world, target).state == "rebuilt"
    assert db.ensure_database(world, target).state == "fresh"


def test_a_serving_build_never_writes_data_and_labels_unreleased_rows(
    world: Path, tmp_path: Path
) -> None:
    _edit(world / "observations.csv", "2024,77000,approx", "2024,77500,approx")
    before = _snapshot(world)
    target = tmp_path / "elsewhere" / "gba.duckdb"  # GBA_DASH_DB outside data/
    assert db.ensure_database(world, target).state == "rebuilt"
    assert _snapshot(world) == before  # no release appended, no lock file, nothing written
    con = db.open_readonly(target)
    manifest = db.read_manifest(con)
    known = queries.get_releases(con)
    pending = queries.get_release_changes(con, int(known["ordinal"].max()))
    con.close()
    log = release_log.read_log(world / releases.LOG_FILE)
    assert manifest["release"] == log.latest.release_id  # named by the log, not minted here
    assert manifest["unreleased"] == "1"
    assert pending["release_id"].tolist() == [""]
    assert pending["key_text"].tolist() == ["hightech_enterprises · guangdong · 2024 · gd_bulletin"]


def test_replicas_of_one_commit_name_the_same_releases(world: Path, tmp_path: Path) -> None:
    """Two machines build from one commit at different times: same release ids, none minted."""
    _edit(world / "observations.csv", "2024,77000,approx", "2024,77500,approx")
    second = tmp_path / "second_machine"
    second.mkdir()
    for name, raw in _snapshot(world).items():
        (second / name).write_bytes(raw)
    first_db, second_db = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    assert db_build.build_database(world, first_db).ok
    assert db_build.build_database(second, second_db).ok
    ids = []
    for path in (first_db, second_db):
        con = db.open_readonly(path)
        ids.append(queries.get_releases(con)["release_id"].tolist())
        con.close()
    assert ids[0] == ids[1]


def test_import_and_build_hold_one_lock(world: Path) -> None:
    """The lock is on data/ itself: taking it leaves no file, and a second holder waits."""
    import fcntl

    before = _snapshot(world)
    with release_log.data_lock(world):
        fd = os.open(world, os.O_RDONLY | os.O_DIRECTORY)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    assert _snapshot(world) == before
