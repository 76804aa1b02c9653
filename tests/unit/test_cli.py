"""`gba-dash check | build | info` as a data steward runs them."""

from __future__ import annotations

import json
from pathlib import Path

from gba_dash import cli, schema


def test_check_clean(world: Path, capsys) -> None:
    assert cli.main(["check", "--data", str(world)]) == 0
    assert capsys.readouterr().out.startswith(f"OK: {len(schema.TABLES)} tables")


def test_check_reports_every_problem_and_exits_1(world: Path, capsys) -> None:
    obs = world / "observations.csv"
    obs.write_text(
        obs.read_text(encoding="utf-8").replace("75000", "7.5万").replace("3.54", "abc"),
        encoding="utf-8",
    )
    assert cli.main(["check", "--data", str(world)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "observations.csv:2: value: number-with-unit: '7.5万'" in out[0]
    assert "observations.csv:6: value: number: 'abc'" in out[1]


def test_build_then_info(world: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "x.duckdb"
    assert cli.main(["build", "--data", str(world), "--db", str(target)]) == 0
    captured = capsys.readouterr()
    assert "OK: built" in captured.out
    assert f"[5/{len(schema.TABLES)}] observations" in captured.err  # progress is shown
    assert cli.main(["info", "--db", str(target)]) == 0
    manifest = json.loads(capsys.readouterr().out)
    assert manifest["rows"]["cluster_ranks"] == 4
    assert len(manifest["data_hash"]) == 64


def test_build_failure_says_old_file_kept(world: Path, tmp_path: Path, capsys) -> None:
    (world / "geo.csv").write_bytes(b"\x00\x01")
    assert cli.main(["build", "--data", str(world), "--db", str(tmp_path / "x.duckdb")]) == 1
    captured = capsys.readouterr()
    assert "geo.csv:1: -: file-binary" in captured.out
    assert "left as it was" in captured.err


def test_info_without_database(tmp_path: Path, capsys) -> None:
    assert cli.main(["info", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "gba-dash build" in capsys.readouterr().err
