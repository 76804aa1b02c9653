"""Data releases: builds record them, the database keeps them, a cursor reads one, the log is
checked line by line, and `gba-dash diff` says what changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gba_dash import cli, db, db_build, queries, release_log, releases
from gba_dash.shaping.releases import change_line
from tests.conftest import REAL_DATA


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _build(world: Path, db_path: Path) -> db_build.BuildResult:
    result = db_build.build_database(world, db_path, record_release=True)
    assert result.ok, result.problems
    return result


@pytest.fixture
def two_releases(world: Path, tmp_path: Path) -> tuple[Path, Path, releases.Log]:
    """The fixture world built, then built again after one value and one rank changed and a
    row was added."""
    db_path = tmp_path / "gba.duckdb"
    _build(world, db_path)
    _edit(world / "observations.csv", "2024,77000,approx", "2024,77500,approx")
    _edit(world / "cluster_ranks.csv", "2024,szhkgz,2,", "2024,szhkgz,3,")
    obs = world / "observations.csv"
    obs.write_text(
        obs.read_text(encoding="utf-8") + "hightech_enterprises,guangdong,2022,69000,"
        "exact,gd_bulletin,high,,,\n",
        encoding="utf-8",
    )
    _build(world, db_path)
    return world, db_path, release_log.read_log(world / releases.LOG_FILE)


def test_two_builds_with_edits_make_two_releases_with_the_exact_changes(two_releases) -> None:
    _world, _db, log = two_releases
    assert log.problems == []
    first, second = log.releases
    assert first.counts()["added"] == sum(first.rows.values())  # the first release adds all
    assert second.counts() == {"added": 1, "removed": 0, "revised": 2}
    changes = {(c.table, c.key, c.change, c.fields) for c in second.changes}
    assert changes == {
        ("observations", ("hightech_enterprises", "guangdong", 2022, "gd_bulletin"), "added", ()),
        (
            "observations",
            ("hightech_enterprises", "guangdong", 2024, "gd_bulletin"),
            "revised",
            ("value",),
        ),
        ("cluster_ranks", (2024, "szhkgz"), "revised", ("rank",)),
    }
    revised = next(c for c in second.changes if c.table == "cluster_ranks")
    assert (revised.before["rank"], revised.row["rank"]) == (2, 3)
    assert second.release_id.startswith(second.released_at[:10])
    assert second.release_id != first.release_id


def test_an_unchanged_rebuild_makes_no_release(world: Path, tmp_path: Path) -> None:
    _build(world, tmp_path / "a.duckdb")
    log_text = (world / releases.LOG_FILE).read_text(encoding="utf-8")
    _edit(world / "geo.csv", "\n", "\r\n")  # formatting only: the values are the same
    _build(world, tmp_path / "a.duckdb")
    _build(world, tmp_path / "b.duckdb")  # a rebuild from scratch
    assert (world / releases.LOG_FILE).read_text(encoding="utf-8") == log_text
    assert len(release_log.read_log(world / releases.LOG_FILE).releases) == 1


def test_a_cursor_pinned_to_a_release_reads_its_values(two_releases) -> None:
    _world, db_path, _log = two_releases
    database = db.ReadOnlyDatabase(db_path)

    def value_2024(release):
        cur = database.cursor(release=release)
        try:
            obs = queries.get_observations(cur, ("hightech_enterprises",), ("guangdong",), None)
            ranks = queries.get_cluster_ranks(cur)
        finally:
            cur.close()
        own = obs[obs["source_id"] == "gd_bulletin"]
        value = own.loc[own["year"] == 2024, "value"].iloc[0]
        rank = ranks.loc[(ranks["edition"] == 2024) & (ranks["cluster_id"] == "szhkgz"), "rank"]
        return value, int(rank.iloc[0]), sorted(own["year"].tolist())

    assert value_2024(1) == (77000, 2, [2023, 2024])
    assert value_2024(None) == (77500, 3, [2022, 2023, 2024])
    assert value_2024(2) == value_2024(None)
    cur = database.cursor(release=1)
    assert len(queries.get_releases(cur)) == 2  # the releases themselves are not pinned
    assert len(queries.get_release_changes(cur, 1)) == 3
    cur.close()


def test_diff_prints_what_changed_between_two_releases(two_releases, capsys) -> None:
    world, _db, log = two_releases
    first, second = (r.release_id for r in log.releases)
    assert cli.main(["diff", first, "latest", "--data", str(world)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"3 change(s) from {first} to {second}"
    assert sorted(out[1:]) == [
        "GII 2024 rank of Shenzhen–Hong Kong–Guangzhou: 2 → 3 (source wipo_2024)",
        "hightech_enterprises · guangdong 2022: added, 69000 (source gd_bulletin)",
        "hightech_enterprises · guangdong 2024: 77000 (about) → 77500 (about) (source gd_bulletin)",
    ]
    assert cli.main(["diff", second, first, "--data", str(world)]) == 0
    back = capsys.readouterr().out
    assert "2022: removed" in back
    assert "3 → 2" in back
    assert cli.main(["diff", "2020-01-01-abcdef", first, "--data", str(world)]) == 2
    assert "no release '2020-01-01-abcdef'" in capsys.readouterr().err


def test_info_lists_the_releases(two_releases, capsys) -> None:
    _world, db_path, log = two_releases
    assert cli.main(["info", "--db", str(db_path)]) == 0
    manifest = json.loads(capsys.readouterr().out)
    assert [r["release"] for r in manifest["releases"]] == [r.release_id for r in log.releases]
    assert manifest["releases"][1] | {"at": ""} == {
        "release": log.releases[1].release_id,
        "at": "",
        "added": 1,
        "removed": 0,
        "revised": 2,
    }
    assert manifest["release"] == log.releases[1].release_id


def test_change_lines_in_three_languages() -> None:
    change = {
        "table_name": "cluster_ranks",
        "change": "revised",
        "key_text": "2025 · szhkgz",
        "fields": "rank",
        "before_json": json.dumps({"edition": 2025, "cluster_id": "szhkgz", "rank": 2}),
        "after_json": json.dumps({"edition": 2025, "cluster_id": "szhkgz", "rank": 1}),
        "source_ids": "wipo_gii2025;cnr_2025",
    }
    names = {"szhkgz": "深圳－香港－广州"}
    assert change_line(change, "zh-Hans", names) == (
        "GII 2025 年版 深圳－香港－广州 的排名：2 → 1（来源 wipo_gii2025, cnr_2025）"
    )
    assert change_line(change, "en", {"szhkgz": "Shenzhen–Hong Kong–Guangzhou"}) == (
        "GII 2025 rank of Shenzhen–Hong Kong–Guangzhou: 2 → 1 (source wipo_gii2025, cnr_2025)"
    )
    added = {
        "table_name": "observations",
        "change": "added",
        "key_text": "",
        "fields": "",
        "before_json": None,
        "after_json": json.dumps(
            {
                "indicator_id": "hightech_exports",
                "geo_id": "guangdong",
                "year": 2023,
                "value": 7900.5,
                "qualifier": "approx",
            }
        ),
        "source_ids": "gd_stats_2024",
    }
    names = {"hightech_exports": "高新技術產品出口", "guangdong": "廣東"}
    assert change_line(added, "zh-Hant", names) == (
        "高新技術產品出口 · 廣東 2023年：新增，7900.5（約）（來源 gd_stats_2024）"
    )


# --- a log that does not add up ----------------------------------------------------------------


def _problems(world: Path) -> list[str]:
    return [
        f"{p.file}:{p.line}: {p.column}: {p.rule}"
        for p in db_build.build_database(world, world.parent / "check.duckdb").problems
    ]


def test_a_hand_edited_log_is_reported_by_line_and_rule_and_the_database_kept(
    two_releases, capsys
) -> None:
    world, db_path, _log = two_releases
    path = world / releases.LOG_FILE
    good = path.read_text(encoding="utf-8")
    before = db_path.read_bytes()
    lines = good.splitlines()
    revised = next(i for i, line in enumerate(lines) if '"rank":3' in line)
    # a value changed by hand: the release's state no longer hashes to what its line says
    lines[revised] = lines[revised].replace('"rank":3', '"rank":4')
    header = next(i for i, line in enumerate(lines) if line.startswith('{"at"') and i > 0)
    lines.insert(1, "not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = _problems(world)
    assert f"{releases.LOG_FILE}:2: : release-json" in found
    assert f"{releases.LOG_FILE}:{header + 2}: state: release-state" in found
    assert cli.main(["check", "--data", str(world)]) == 1
    assert "release-state" in capsys.readouterr().out
    assert cli.main(["build", "--data", str(world), "--db", str(db_path)]) == 1
    assert db_path.read_bytes() == before  # the last good database is kept

    # a change before any release, a release id used twice, a revision of a row not held
    first_header = lines[0]
    path.write_text(
        "\n".join([lines[revised], first_header, *good.splitlines()[1:3], first_header]).replace(
            '"cluster_id":"szhkgz"', '"cluster_id":"nowhere"', 1
        )
        + "\n",
        encoding="utf-8",
    )
    found = _problems(world)
    assert f"{releases.LOG_FILE}:1: in: release-order" in found
    assert f"{releases.LOG_FILE}:5: release: release-order" in found


def test_a_change_that_does_not_fit_is_a_replay_problem(world: Path, tmp_path: Path) -> None:
    _build(world, tmp_path / "a.duckdb")
    path = world / releases.LOG_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(lines[1])  # the same row added twice
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = _problems(world)
    assert f"{releases.LOG_FILE}:{len(lines)}: key: release-replay" in found


def test_the_committed_log_records_the_committed_data() -> None:
    """A data edit committed without its build (and so without its release) fails here."""
    from gba_dash import ingest

    log = release_log.read_log(REAL_DATA / releases.LOG_FILE)
    assert log.problems == []
    loaded = ingest.load_tables(REAL_DATA)
    assert releases.next_release(log, releases.snapshot(loaded.tables)) is None
