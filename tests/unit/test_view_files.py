"""A chart's files from its view's link, outside the browser (`gba-dash export view`), on the
fixture world: the chart the link names, in the link's language and release, with what the
Export menu's files carry."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from gba_dash import cli, db, export, view_files, view_links
from gba_dash.i18n import t

BASE = "https://gba.example"


@pytest.fixture
def database(world_db: Path) -> db.ReadOnlyDatabase:
    return db.ReadOnlyDatabase(world_db)


def _block(database, link: str, chart: str = ""):
    page, query = view_links.split_link(link)
    view = view_links.open_view(database, page, query)
    blocks = {s.block.id: s.block for s in view.sections if s.block is not None}
    return view, blocks[chart] if chart else next(iter(blocks.values()))


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_a_workbook_of_the_view_the_link_opens(database, lang: str) -> None:
    link = f"/clusters?top=20&lang={lang}"
    made = view_files.view_file(database, link, "xlsx", base=BASE, today="2026-12-05")
    view, block = _block(database, link)
    assert made.chart == block.id == "cluster-ranking"
    assert made.name == export.file_name(block.id, "xlsx", release=view.release)
    book = openpyxl.load_workbook(io.BytesIO(made.content))
    assert book.sheetnames[0] == t("export.xlsx.sheet.data", lang)
    data = book[book.sheetnames[0]]
    assert data.max_row == len(block.table) + 1  # exactly the rows the chart draws
    assert data.cell(row=1, column=1).value == block.table.columns[0]
    about = {r[0]: r[1] for r in book[book.sheetnames[3]].iter_rows(min_row=2, values_only=True)}
    assert block.key_point in about.values()
    assert view.link(BASE) in about.values()
    if view.release:
        assert view.release in about.values()


def test_csv_and_images_are_what_the_menu_gives(database) -> None:
    link = "/hightech?lang=zh-Hans&part=share"
    _view, block = _block(database, link, "hightech-share")
    made = view_files.view_file(database, link, "csv")
    assert made.chart == "hightech-share"  # the part the link names
    assert made.content == export.csv_bytes(block.table, "zh-Hans", "codes")
    svg = view_files.view_file(database, link, "svg", base=BASE).content.decode("utf-8")
    assert block.key_point.split("，")[0] in svg  # the key point under the title
    png = view_files.view_file(database, link, "png", preset="a4_portrait").content
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_chart_is_picked_by_id_and_an_unknown_one_is_named(database) -> None:
    made = view_files.view_file(database, "/hightech?lang=en", "csv", chart="hightech-rd-intensity")
    assert made.chart == "hightech-rd-intensity"
    with pytest.raises(view_links.ViewError, match=r"no chart 'nope'.*hightech-share"):
        view_files.view_file(database, "/hightech?lang=en", "csv", chart="nope")
    with pytest.raises(view_links.ViewError, match="no view of 'nowhere'"):
        view_files.view_file(database, "/nowhere", "xlsx")
    with pytest.raises(view_links.ViewError, match="'hightech-cities' has no rows"):
        view_files.view_file(database, "/hightech?lang=en", "xlsx", chart="hightech-cities")
    with pytest.raises(ValueError, match="format must be one of"):
        view_files.view_file(database, "/hightech", "pptx")


def test_the_command_writes_the_file_or_says_why_not(world, tmp_path, capsys) -> None:
    out = tmp_path / "ranking.xlsx"
    paths = ["--data", str(world), "--db", str(tmp_path / "w.duckdb")]
    link = "/clusters?top=20&lang=zh-Hans"
    assert cli.main(["export", "view", link, "-o", str(out), *paths]) == 0
    assert out.read_bytes()[:2] == b"PK"
    assert f"{out} (cluster-ranking" in capsys.readouterr().out
    assert not list(tmp_path.glob(".*.part"))
    bad = ["export", "view", link, "--chart", "nope", "-o", str(tmp_path / "x"), *paths]
    assert cli.main(bad) == 2
    assert "no chart 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
    pinned = ["export", "view", f"{link}&release=1999-01-01-000000", *paths]
    assert cli.main(pinned) == 2
    assert "not held" in capsys.readouterr().err
