"""Cheap guards for what the benchmarks found (bench/RESULTS.md); no timings here.

- The served config keeps Streamlit's forced full GC after every run off: with it on, a burst of
  readers waits many times longer (measured in bench/load.py burst).
- `get_sources` counts citations per table before joining them to the sources (at 10 M
  observations the row-level join took ~1 s per call), and still counts them right.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import tomllib
from pathlib import Path

import duckdb
import pytest

from gba_dash import db, queries
from tests.conftest import PROJECT

SYNTHETIC_ROWS = 20_000


def _gen_module():
    spec = importlib.util.spec_from_file_location(
        "gen_observations", PROJECT / "bench" / "gen_observations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory, world_db: Path) -> Path:
    """The fixture world plus synthetic observations (bench/gen_observations.py)."""
    path = tmp_path_factory.mktemp("bench_guard") / "gba.duckdb"
    shutil.copy(world_db, path)
    _gen_module().insert_synthetic(path, SYNTHETIC_ROWS)
    return path


def _operator_rows(con: duckdb.DuckDBPyConnection, run, tmp_path: Path) -> dict[str, list[int]]:
    """Rows each kind of operator produced while `run(con)` executed its query (DuckDB profile)."""
    profile = tmp_path / "profile.json"
    con.execute("PRAGMA enable_profiling='json'")
    con.execute(f"PRAGMA profiling_output='{profile}'")
    try:
        run(con)
    finally:
        con.execute("PRAGMA disable_profiling")
    found: dict[str, list[int]] = {}

    def walk(node: dict) -> None:
        rows = int(node.get("intermediate_rows", 0))
        found.setdefault(str(node.get("name", "")), []).append(rows)
        for child in node.get("children", []):
            walk(child)

    for node in json.loads(profile.read_text()).get("operator", []):
        walk(node)
    return found


def test_served_config_keeps_post_script_gc_off() -> None:
    config = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text())
    assert config.get("runner", {}).get("postScriptGC") is False, (
        "runner.postScriptGC must stay false: the forced full GC after every run multiplies "
        "first-render time under a burst of readers (bench/RESULTS.md)"
    )


def test_source_counts_are_aggregated_before_the_join(big_db: Path, tmp_path: Path) -> None:
    con = duckdb.connect(str(big_db), read_only=True)
    try:
        n_sources = con.execute("SELECT count(*) FROM sources").fetchone()[0]
        rows = _operator_rows(con, queries.get_sources, tmp_path)
        joined = max(rows.get("HASH_JOIN", [0]))
        assert rows.get("HASH_JOIN"), "no hash join in get_sources' plan: update this guard"
        assert joined <= 4 * n_sources, (
            f"get_sources joined {joined} citing rows to {n_sources} sources: count per table "
            "first (at 10 M observations the row-level join took ~1 s, bench/RESULTS.md)"
        )
    finally:
        con.close()


def test_source_citation_counts(big_db: Path) -> None:
    con = db.open_readonly(big_db)
    try:
        sources = queries.get_sources(con).set_index("source_id")
        counts = dict(
            con.execute("SELECT source_id, count(*) FROM observations GROUP BY ALL").fetchall()
        )
        for source_id, row in sources.iterrows():
            assert row["n_observations"] == counts.get(source_id, 0)
            assert row["n_total"] == (
                row["n_observations"]
                + row["n_cluster_ranks"]
                + row["n_pilots"]
                + row["n_pilot_events"]
            )
        assert str(sources["n_observations"].dtype) == "int64"
    finally:
        con.close()
