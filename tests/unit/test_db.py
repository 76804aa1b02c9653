"""Atomic builds, the manifest, the public views and the rebuild-on-change logic."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gba_dash import db, db_build, ingest, queries, schema
from tests.conftest import WORLD


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_writes_manifest_and_views(world_db: Path) -> None:
    con = db.open_readonly(world_db)
    manifest = db.read_manifest(con)
    assert manifest["data_hash"] == db_build.data_hash(db_build.file_digests(WORLD))
    assert set(manifest["inputs"]) == {t.file for t in schema.TABLES}
    assert manifest["rows"]["observations"] == 6
    for view in db.PUBLIC_VIEWS:
        assert con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0
    con.close()


def test_public_view_columns_are_the_contract(world_db: Path) -> None:
    contract = {
        "v_cluster_ranks": "edition, cluster_id, rank, name_published, name_en, name_zh_hans, "
        "name_zh_hant, economy, is_gba, pct_filings, publications, source_url",
        "v_observations": "indicator_id, geo_id, year, value, unit, qualifier, is_preferred, "
        "source_id, source_url",
        "v_pilots": "pilot_id, name_en, name_zh_hans, name_zh_hant, domain, status, announced, "
        "launched, cities, target, progress, source_url",
        "v_pilot_events": "pilot_id, date, status_after, text_en, text_zh_hans, text_zh_hant, "
        "source_url",
        "v_coverage": "edition, ranks_held, ranks_total",
    }
    con = db.open_readonly(world_db)
    for view, columns in contract.items():
        names = [d[0] for d in con.execute(f"SELECT * FROM {view} LIMIT 0").description]
        expected = columns.split(", ")
        assert names[: len(expected)] == expected, view
    con.close()


def test_preferred_source_rule(world_db: Path) -> None:
    con = db.open_readonly(world_db)
    obs = queries.get_observations(con, ["rd_intensity"], ["guangdong"], (2023, 2023))
    preferred = obs[obs["is_preferred"]]
    assert len(preferred) == 1
    # official bulletin beats the secondary site; the conflict stays visible
    assert preferred.iloc[0]["source_id"] == "gd_bulletin"
    assert preferred.iloc[0]["value"] == pytest.approx(3.54)
    assert obs["has_conflict"].all()
    # the same value from two sources is one value, not a conflict
    hte = queries.get_observations(con, ["hightech_enterprises"], ["guangdong"], (2024, 2024))
    assert len(hte) == 2
    assert hte["is_preferred"].sum() == 1
    assert not hte["has_conflict"].any()
    con.close()


def test_exactly_one_preferred_row_per_value(real_db: Path) -> None:
    con = db.open_readonly(real_db)
    bad = con.execute(
        """SELECT indicator_id, geo_id, year, count(*) FILTER (WHERE is_preferred) AS n
           FROM v_observations GROUP BY ALL HAVING n <> 1"""
    ).fetchall()
    assert bad == []
    con.close()


def test_failed_build_leaves_old_database_byte_identical(world: Path, tmp_path: Path) -> None:
    target = tmp_path / "gba.duckdb"
    assert db_build.build_database(world, target).ok
    before = _sha(target)
    (world / "observations.csv").write_text("indicator_id\nbroken,row\n", encoding="utf-8")
    result = db_build.build_database(world, target)
    assert not result.ok
    assert result.problems
    assert _sha(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "gba.duckdb", "gba.duckdb.lock"]


def test_write_error_keeps_old_database(world: Path, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "gba.duckdb"
    assert db_build.build_database(world, target).ok
    before = _sha(target)

    def fail(*_args, **_kwargs):
        raise duckdb.IOException("disk full (simulated)")

    monkeypatch.setattr(db_build, "_create_table", fail)
    result = db_build.build_database(world, target)
    assert not result.ok
    assert result.problems[0].rule == "build-error"
    assert _sha(target) == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_ensure_database_states(world: Path, tmp_path: Path) -> None:
    target = tmp_path / "gba.duckdb"
    assert db.ensure_database(world, target).state == "rebuilt"
    assert db.ensure_database(world, target).state == "fresh"
    obs = world / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("3.54", "3.55"), encoding="utf-8")
    assert db.ensure_database(world, target).state == "rebuilt"
    before = _sha(target)
    obs.write_text(obs.read_text(encoding="utf-8").replace("3.55", "lots"), encoding="utf-8")
    stale = db.ensure_database(world, target)
    assert stale.state == "stale"
    assert stale.problems
    assert _sha(target) == before
    target.unlink()
    assert db.ensure_database(world, target).state == "missing"


def test_stored_hash_is_read_again_when_the_file_changes(world: Path, tmp_path: Path, monkeypatch):
    target = tmp_path / "gba.duckdb"
    assert db_build.build_database(world, target).ok
    reads = []
    read = db._read_stored_data_hash
    monkeypatch.setattr(db, "_read_stored_data_hash", lambda p: reads.append(p) or read(p))
    first = db.stored_data_hash(target)
    assert first is not None
    assert db.stored_data_hash(target) == first
    assert len(reads) == 1  # the same file: the value is remembered
    obs = world / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("3.54", "3.55"), encoding="utf-8")
    assert db_build.build_database(world, target).ok  # a new file swapped in under the path
    second = db.stored_data_hash(target)
    assert second not in (None, first)
    assert len(reads) == 2
    size = target.stat().st_size
    target.write_bytes(b"\0" * size)  # damaged in place, same size
    assert db.stored_data_hash(target) is None
    assert len(reads) == 3
    target.unlink()
    assert db.stored_data_hash(target) is None


def test_reader_sees_new_build_after_swap(world: Path, tmp_path: Path) -> None:
    target = tmp_path / "gba.duckdb"
    assert db_build.build_database(world, target).ok
    reader = db.ReadOnlyDatabase(target)
    cur = reader.cursor()
    assert queries.get_coverage(cur)["ranks_held"].sum() == 4
    ranks = world / "cluster_ranks.csv"
    ranks.write_text(
        ranks.read_text(encoding="utf-8") + "2023,szhkgz,2,Shenzhen–Hong Kong–Guangzhou,,,,"
        "wipo_2024,high,,,,\n",
        encoding="utf-8",
    )
    assert db_build.build_database(world, target).ok
    assert queries.get_coverage(reader.cursor())["ranks_held"].sum() == 5


def test_missing_database_is_reported(tmp_path: Path) -> None:
    with pytest.raises(db.DatabaseUnavailable, match="not found"):
        db.open_readonly(tmp_path / "nope.duckdb")
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"not a database" * 100)
    with pytest.raises(db.DatabaseUnavailable, match="cannot open"):
        db.open_readonly(garbage)


def test_query_values_are_bound_not_formatted(world_db: Path) -> None:
    con = db.open_readonly(world_db)
    evil = ["x' OR 1=1 --"]
    assert queries.get_observations(con, evil).empty
    with pytest.raises(ValueError, match="unknown table"):
        queries.get_table(con, "sources; DROP TABLE geo")
    con.close()


_FILES = [t.file for t in schema.TABLES]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    file=st.sampled_from(_FILES),
    position=st.floats(min_value=0, max_value=1),
    junk=st.binary(min_size=1, max_size=40),
    mode=st.sampled_from(["insert", "overwrite", "truncate"]),
)
@pytest.mark.slow
def test_random_corruption_never_escapes_nor_changes_database(
    tmp_path_factory, file: str, position: float, junk: bytes, mode: str
) -> None:
    base = tmp_path_factory.mktemp("fuzz")
    data = base / "data"
    shutil.copytree(WORLD, data)
    target = base / "gba.duckdb"
    assert db_build.build_database(data, target).ok
    before = _sha(target)
    path = data / file
    raw = path.read_bytes()
    at = int(position * len(raw))
    if mode == "insert":
        raw = raw[:at] + junk + raw[at:]
    elif mode == "overwrite":
        raw = raw[:at] + junk + raw[at + len(junk) :]
    else:
        raw = raw[:at]
    path.write_bytes(raw)
    checked = ingest.load_tables(data)  # must not raise
    result = db_build.build_database(data, target)
    if not result.ok:
        assert _sha(target) == before
        assert all(isinstance(p, ingest.Problem) for p in result.problems)
    assert checked.ok == result.ok


@pytest.mark.parametrize("name", ["observations", "cluster_ranks", "sources"])
def test_table_batches_stream_the_stored_table(real_db: Path, name: str) -> None:
    from gba_dash.shaping.common import batches_to_csv_bytes, to_csv_bytes

    con = duckdb.connect(str(real_db), read_only=True)
    try:
        whole = queries.get_table(con, name)
        batches = list(queries.table_batches(con, name, rows=50))
    finally:
        con.close()
    assert len(batches) > 1  # really in parts
    assert max(len(b) for b in batches) <= 50
    # the streamed CSV is byte for byte the one made from the whole table
    assert batches_to_csv_bytes(batches) == to_csv_bytes(whole)


def test_empty_table_streams_its_header(world_db: Path, tmp_path: Path) -> None:
    from gba_dash.shaping.common import batches_to_csv_bytes

    copy = tmp_path / "empty.duckdb"
    shutil.copy(world_db, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute("DELETE FROM breaks")
        raw = batches_to_csv_bytes(queries.table_batches(con, "breaks"))
    finally:
        con.close()
    header = raw.decode("utf-8-sig").splitlines()
    assert len(header) == 1
    assert header[0].startswith(schema.TABLES_BY_NAME["breaks"].key[0])
