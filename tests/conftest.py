"""Shared fixtures: the small fixture world in tests/data/world and a database built from it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# A page that shows a string missing from a catalogue must fail its test, not fall back quietly.
os.environ["GBA_DASH_I18N_STRICT"] = "1"

# Property-based tests: a few hundred examples in all in the default run; HYPOTHESIS_PROFILE=long
# runs each of them thousands of times (CONTRIBUTING.md: "Fuzzing, long").
settings.register_profile("default", deadline=None)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.load_profile(PROFILE)


def fuzz(examples: int) -> settings:
    """`examples` per run by default (the suite stays fast); the long profile's count with
    HYPOTHESIS_PROFILE=long."""
    if PROFILE == "long":
        return settings()
    return settings(max_examples=examples, suppress_health_check=[HealthCheck.too_slow])


TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
WORLD = TESTS / "data" / "world"
REAL_DATA = PROJECT / "data"


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """A writable copy of the fixture world (each test may break it its own way)."""
    target = tmp_path / "data"
    shutil.copytree(WORLD, target)
    return target


@pytest.fixture(scope="session")
def world_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture world built once into a DuckDB file."""
    from gba_dash import db_build

    # From a copy: a build may append a release to the data's log, never to the repository's.
    source = tmp_path_factory.mktemp("world_data") / "data"
    shutil.copytree(WORLD, source)
    path = tmp_path_factory.mktemp("world_db") / "gba.duckdb"
    result = db_build.build_database(source, path)
    assert result.ok, result.problems
    return path


@pytest.fixture(scope="session")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's real data/ built once into a DuckDB file."""
    from gba_dash import db_build

    source = tmp_path_factory.mktemp("real_data") / "data"
    shutil.copytree(REAL_DATA, source, ignore=shutil.ignore_patterns("*.duckdb*", ".*"))
    path = tmp_path_factory.mktemp("real_db") / "gba.duckdb"
    result = db_build.build_database(source, path)
    assert result.ok, "\n".join(map(str, result.problems))
    return path


@pytest.fixture
def rank_revised(world: Path, tmp_path: Path) -> tuple[Path, str, str]:
    """The fixture world built and released, then released again after one rank changed
    (Shenzhen–Hong Kong–Guangzhou 2024: 2 → 3): the database and the two release ids."""
    from gba_dash import db, db_build, view_links

    path = tmp_path / "gba.duckdb"
    assert db_build.build_database(world, path, record_release=True).ok
    first = view_links.open_view(db.ReadOnlyDatabase(path), "clusters", {}).release
    ranks = world / "cluster_ranks.csv"
    text = ranks.read_text(encoding="utf-8")
    assert "2024,szhkgz,2," in text
    ranks.write_text(text.replace("2024,szhkgz,2,", "2024,szhkgz,3,"), encoding="utf-8")
    assert db_build.build_database(world, path, record_release=True).ok
    latest = view_links.open_view(db.ReadOnlyDatabase(path), "clusters", {}).release
    return path, first, latest
