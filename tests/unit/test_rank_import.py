"""`gba-dash import ranking` as a data steward runs it, on tables made in the GII appendix layout.

The fixture world holds 2024 and 2025 ranks of Tokyo–Yokohama and Shenzhen–Hong Kong–Guangzhou.
Each test writes a table the way a steward pastes WIPO's "Top 100 science and technology
clusters" into a spreadsheet (a title row above the header, counts with thousands separators,
shares with a %), in CSV or XLSX, and checks the review, what --apply writes, and that a
refused import leaves data/ byte-identical.
"""

from __future__ import annotations

import csv
import random
import string
from pathlib import Path

import pytest

from gba_dash import cli, db, db_build, ingest, queries

APPENDIX_HEADER = [
    "Rank",
    "Cluster name",
    "Economy",
    "PCT filings",
    "Share of total PCT filings, %",
    "Scientific publications",
    "Share of total publications, %",
    "Total",
]
TITLE = "Table 3. Top 100 science and technology clusters"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def _write_csv(path: Path, rows: list[list[object]], *, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")  # as Excel saves it
        writer.writerows(rows)
    return path


def _rename_sheet(path: Path, old: str, new: str) -> None:
    """Rename a sheet in the workbook's XML as a careless tool would, with characters openpyxl
    refuses to write (a control character)."""
    import zipfile

    parts = {}
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            parts[name] = book.read(name)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        f'name="{old}"'.encode(), f'name="{new}"'.encode()
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)


def _write_xlsx(path: Path, sheets: dict[str, list[list[object]]], merge: str = "") -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text a steward typed, not a formula
        if merge:
            sheet.merge_cells(merge)
    book.save(path)
    return path


def _small_table() -> list[list[object]]:
    """Three rows of 2025: a renamed cluster (old name, via the alias table), a confirmation with
    counts, and a rank that contradicts the held one."""
    return [
        [TITLE],
        APPENDIX_HEADER,
        [1, "Shenzhen-Hong Kong (CN/HK)", "CN/HK", "1,234", "5.1%", "12,345", "2.0%", "x"],
        [3, "Tokyo-Yokohama", "JP", "9,876", "", "", "", ""],
        [4, "Seoul", "KR", "", "", "", "", ""],
    ]


@pytest.fixture
def steward_world(world: Path) -> Path:
    """The fixture world with the 2019 name of Shenzhen–Hong Kong–Guangzhou as an alias."""
    (world / "cluster_aliases.csv").write_text(
        "alias,cluster_id,note\nShenzhen–Hong Kong,szhkgz,name published 2017–2019\n",
        encoding="utf-8",
    )
    return world


def _run(*args: object) -> int:
    return cli.main(["import", "ranking", *map(str, args)])


# --- the review ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_review_of_appendix_table_writes_nothing(
    kind: str, steward_world: Path, tmp_path: Path, capsys
) -> None:
    if kind == "csv":
        path = _write_csv(tmp_path / "gii2025.csv", _small_table())
    else:
        path = _write_xlsx(
            tmp_path / "gii2025.xlsx", {"Notes": [["read me"]], "Table 3": _small_table()}
        )
    before = _snapshot(steward_world)
    assert _run(path, "--edition", 2025, "--data", steward_world) == 1  # Seoul is unmatched
    out = capsys.readouterr()
    assert _snapshot(steward_world) == before
    where = path.name if kind == "csv" else f"{path.name}[Table 3]"
    assert f"Import of {where} as GII 2025: 3 rows read (rows 3–5)" in out.out
    assert "Confirm held ranks (1)\n    1  Shenzhen-Hong Kong (CN/HK) (CN/HK) → szhkgz" in out.out
    assert "[fills pct_filings, publications]" in out.out
    assert "Conflicts with held ranks (both kept, flagged) (1)" in out.out
    assert "3  Tokyo-Yokohama (JP) → tokyo_yokohama: held rank 2" in out.out
    assert "columns not imported: Total" in out.out
    assert "Ranks missing in the file: 2\n" in out.out
    assert "Dry run: nothing written" in out.out
    assert f"{where}:5: name: unmatched: 'Seoul' matches no known cluster" in out.err
    if kind == "xlsx":
        assert "read sheet 'Table 3'" in out.out


def test_apply_writes_new_confirming_and_conflicting_rows(
    steward_world: Path, tmp_path: Path, capsys, real_db: Path
) -> None:
    path = _write_csv(tmp_path / "gii2025.csv", _small_table())
    code = _run(
        path, "--edition", 2025, "--data", steward_world, "--new", "Seoul", "--apply",
        "--source-id", "wipo_gii2025_table", "--published", "2025-09-16",
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Applied: data/ written with source wipo_gii2025_table" in out
    assert ingest.load_tables(steward_world).problems == []
    ranks = {
        r["cluster_id"]: r
        for r in _rows(steward_world / "cluster_ranks.csv")
        if r["edition"] == "2025"
    }
    assert ranks["szhkgz"]["source_ids"].endswith(";wipo_gii2025_table")
    assert (ranks["szhkgz"]["pct_filings"], ranks["szhkgz"]["pct_share"]) == ("1234", "5.1")
    assert ranks["seoul"]["rank"] == "4"
    assert ranks["seoul"]["name_published"] == "Seoul"
    conflicts = _rows(steward_world / "cluster_rank_conflicts.csv")
    assert [(c["cluster_id"], c["rank"], c["note"]) for c in conflicts] == [
        ("tokyo_yokohama", "3", "held rank 2")
    ]
    # the held rank stays what the charts draw; the file's rank is kept beside it
    assert ranks["tokyo_yokohama"]["rank"] == "2"
    source = next(
        r for r in _rows(steward_world / "sources.csv") if r["source_id"] == "wipo_gii2025_table"
    )
    assert (source["kind"], source["publisher"], source["retrieved_from"]) == (
        "official",
        "WIPO",
        "gii2025.csv",
    )
    assert source["published"] == "2025-09-16"


def _hundred_rows(edition_ranks: dict[int, tuple[str, str]]) -> list[list[object]]:
    """A full top 100: the given ranks, the rest new clusters with made-up, dissimilar names."""
    rng = random.Random(2025)
    rows: list[list[object]] = [[TITLE], APPENDIX_HEADER]
    for rank in range(1, 101):
        if rank in edition_ranks:
            name, economy = edition_ranks[rank]
        else:
            name = "".join(rng.choices(string.ascii_lowercase, k=9)).title()
            economy = rng.choice(["US", "DE", "JP", "IR", "PL"])
        rows.append([rank, name, economy, rank * 10, "", rank * 100, "", ""])
    return rows


def test_full_table_round_trips_into_data_and_the_database(
    steward_world: Path, tmp_path: Path, capsys
) -> None:
    table = _hundred_rows(
        {1: ("Shenzhen–Hong Kong–Guangzhou", "CN/HK"), 2: ("Tokyo–Yokohama", "JP")}
    )
    path = _write_xlsx(tmp_path / "gii2025.xlsx", {"Table": table})
    assert _run(path, "--edition", 2025, "--data", steward_world, "--add-clusters", "--apply") == 0
    out = capsys.readouterr().out
    assert "New ranks (98)" in out
    assert "Confirm held ranks (2)" in out
    assert "New economies (names from CLDR): " in out
    target = tmp_path / "gba.duckdb"
    assert db_build.build_database(steward_world, target).ok
    con = db.open_readonly(target)
    coverage = dict(queries.get_coverage(con)[["edition", "ranks_held"]].values.tolist())
    ranks = queries.get_cluster_ranks(con)
    con.close()
    assert coverage[2025] == 100
    held = ranks[ranks["edition"] == 2025].sort_values("rank")
    assert held["rank"].tolist() == list(range(1, 101))
    assert held["pct_filings"].tolist() == [r * 10 for r in range(1, 101)]
    # a second import of the same file changes nothing
    before = _snapshot(steward_world)
    assert _run(path, "--edition", 2025, "--data", steward_world, "--apply") == 0
    assert "Confirm held ranks (100)" in capsys.readouterr().out
    assert _snapshot(steward_world) == before


def test_chinese_headers_in_gb18030(steward_world: Path, tmp_path: Path, capsys) -> None:
    rows = [
        ["2025年全球百强科技集群"],
        ["排名", "集群名称", "经济体", "PCT申请", "科学出版物", "风险投资交易"],
        [1, "深圳—香港—广州", "中国/中国香港", "1,234", "", "56"],
        [2, "东京-横滨", "日本", "", "", ""],
    ]
    path = _write_csv(tmp_path / "gii2025_zh.csv", rows, encoding="gb18030")
    assert _run(path, "--edition", 2025, "--data", steward_world) == 0
    out = capsys.readouterr().out
    assert "read as GB18030" in out
    assert "Confirm held ranks (2)" in out
    assert "深圳—香港—广州 (CN/HK) → szhkgz  [fills pct_filings, vc_deals]" in out


def test_fuzzy_candidate_is_offered_never_applied(
    steward_world: Path, tmp_path: Path, capsys
) -> None:
    rows = [APPENDIX_HEADER, [1, "Tokyo Yokohama Metropolitan Area", "JP", "", "", "", "", ""]]
    path = _write_csv(tmp_path / "t.csv", rows)
    before = _snapshot(steward_world)
    assert _run(path, "--edition", 2024, "--data", steward_world, "--add-clusters", "--apply") == 1
    err = capsys.readouterr().err
    assert (
        "t.csv:2: name: unmatched: 'Tokyo Yokohama Metropolitan Area' may be tokyo_yokohama" in err
    )
    assert "left as it was" in err
    assert _snapshot(steward_world) == before
    alias = "Tokyo Yokohama Metropolitan Area=tokyo_yokohama"
    assert _run(path, "--edition", 2024, "--data", steward_world, "--alias", alias, "--apply") == 0
    assert "Confirm held ranks (1)" in capsys.readouterr().out
    aliases = (steward_world / "cluster_aliases.csv").read_text(encoding="utf-8")
    assert 'Tokyo Yokohama Metropolitan Area,tokyo_yokohama,"name in t.csv (GII 2024)' in aliases


# --- bad files: a clear file:row message, and data/ untouched ----------------------------------


def test_ranks_as_text_and_blank_lines(steward_world: Path, tmp_path: Path, capsys) -> None:
    rows = [
        APPENDIX_HEADER,
        [1, "Shenzhen–Hong Kong–Guangzhou", "CN/HK", "", "", "", "", ""],
        [],
        ["=2", "Tokyo–Yokohama", "JP", "", "", "", "", ""],
        ["3*", "Seoul", "KR", "", "", "", "", ""],
        ["", "", "", "", "", "", "", ""],
        [4, "Nowhere", "ZZZ", "12a", "", "", "", ""],
    ]
    path = _write_csv(tmp_path / "bad.csv", rows)
    before = _snapshot(steward_world)
    assert _run(path, "--edition", 2025, "--data", steward_world, "--apply") == 1
    captured = capsys.readouterr()
    assert "bad.csv: blank rows skipped: 3, 6" in captured.out
    err = captured.err
    assert "bad.csv:4: rank: integer: '=2' is not a whole number" in err
    assert "bad.csv:5: rank: integer: '3*' is not a whole number" in err
    assert "bad.csv:7: economy: economy: 'ZZZ' is not an economy code or name" in err
    assert "bad.csv:7: pct_filings: number: '12a' is not a number" in err
    assert _snapshot(steward_world) == before


def test_duplicated_and_missing_ranks(steward_world: Path, tmp_path: Path, capsys) -> None:
    rows = [
        APPENDIX_HEADER,
        [1, "Shenzhen–Hong Kong–Guangzhou", "CN/HK", "", "", "", "", ""],
        [1, "Tokyo–Yokohama", "JP", "", "", "", "", ""],
        [4, "Shenzhen–Hong Kong–Guangzhou", "CN/HK", "", "", "", "", ""],
    ]
    path = _write_csv(tmp_path / "dup.csv", rows)
    assert _run(path, "--edition", 2025, "--data", steward_world, "--apply") == 1
    captured = capsys.readouterr()
    assert "Ranks missing in the file: 2–3" in captured.out
    assert "Ranks duplicated in the file: 1 (rows 2, 3)" in captured.out
    assert "dup.csv:3: rank: duplicate: rank 1 also on row 2" in captured.err
    assert "dup.csv:4: name: duplicate: 'Shenzhen–Hong Kong–Guangzhou' is the same cluster" in (
        captured.err
    )


def test_merged_header_rows(steward_world: Path, tmp_path: Path, capsys) -> None:
    two_rows = [
        ["Rank", "Cluster name", "Economy", "PCT filings", ""],
        ["", "", "", "Number", "Share"],
        [1, "Tokyo–Yokohama", "JP", 10, "1%"],
    ]
    path = _write_csv(tmp_path / "merged.csv", two_rows)
    assert _run(path, "--edition", 2025, "--data", steward_world) == 1
    assert "merged.csv:1: the header spans rows 1–2 (merged cells)" in capsys.readouterr().err
    book = _write_xlsx(tmp_path / "merged.xlsx", {"Table": [[TITLE], *two_rows]}, merge="D2:E2")
    assert _run(book, "--edition", 2025, "--data", steward_world) == 1
    assert "merged.xlsx[Table]:2: the header spans rows 2–3" in capsys.readouterr().err


def test_wrong_sheet(steward_world: Path, tmp_path: Path, capsys) -> None:
    book = _write_xlsx(tmp_path / "gii.xlsx", {"Notes": [["About this table"]], "Data": [["x"]]})
    assert _run(book, "--edition", 2025, "--data", steward_world) == 1
    err = capsys.readouterr().err
    assert "gii.xlsx: no header row naming rank, cluster name and economy" in err
    assert "of any sheet (Notes, Data)" in err
    assert _run(book, "--edition", 2025, "--data", steward_world, "--sheet", "Table 3") == 1
    assert "gii.xlsx: no sheet named 'Table 3'; its sheets are: Notes, Data" in (
        capsys.readouterr().err
    )


def test_a_write_that_fails_its_check_leaves_data_untouched(
    steward_world: Path, tmp_path: Path, capsys
) -> None:
    path = _write_csv(tmp_path / "gii2025.csv", _small_table()[:3])
    before = _snapshot(steward_world)
    code = _run(path, "--edition", 2025, "--data", steward_world, "--apply", "--source-id", "X Y")
    assert code == 1
    err = capsys.readouterr().err
    assert "after import: sources.csv:" in err
    assert "id-format: 'X Y'" in err
    assert _snapshot(steward_world) == before


def test_data_must_pass_check_before_an_import(steward_world: Path, tmp_path: Path, capsys) -> None:
    (steward_world / "cluster_aliases.csv").write_text(
        "alias,cluster_id,note\nTokyo–Yokohama,szhkgz,\n", encoding="utf-8"
    )
    path = _write_csv(tmp_path / "gii2025.csv", _small_table())
    assert _run(path, "--edition", 2025, "--data", steward_world) == 1
    captured = capsys.readouterr()
    assert "cluster_aliases.csv:2: alias: alias-ambiguous" in captured.out
    assert "must pass `gba-dash check` first" in captured.err


def test_a_progress_bar_on_a_terminal(steward_world: Path, tmp_path: Path) -> None:
    import io

    from gba_dash import rank_import

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    held = ingest.load_tables(steward_world)
    geo = held.tables["geo"].astype(object)
    economies = rank_import.EconomyNames(geo.where(geo.notna(), "").to_dict("records"))
    path = _write_xlsx(tmp_path / "t.xlsx", {"Table": _hundred_rows({})})
    read = rank_import.read_rows(path, economies)
    screen = Terminal()
    rank_import.make_plan(read, 2025, held.tables, add_clusters=True, progress=screen)
    assert "matching: 100%" in screen.getvalue()
    assert "100/100" in screen.getvalue()
    piped = io.StringIO()  # not a terminal: no bar in a log
    rank_import.make_plan(read, 2025, held.tables, add_clusters=True, progress=piped)
    assert piped.getvalue() == ""


# --- found in review: each of these failed before its fix --------------------------------------


def test_new_is_not_a_second_identity_on_a_rerun(steward_world: Path, tmp_path: Path, capsys):
    rows = [APPENDIX_HEADER, [20, "Gotham City (US)", "US", "", "", "", "", ""]]
    path = _write_csv(tmp_path / "t.csv", rows)
    args = (path, "--edition", 2025, "--data", steward_world, "--new", "Gotham City (US)")
    assert _run(*args, "--apply") == 0  # the hint's spelling, codes included, is accepted
    before = _snapshot(steward_world)
    assert _run(*args, "--apply") == 0
    out = capsys.readouterr().out
    assert "--new 'Gotham City (US)' ignored: the name is gotham_city's" in out
    assert _snapshot(steward_world) == before
    clusters = [r["cluster_id"] for r in _rows(steward_world / "clusters.csv")]
    assert clusters.count("gotham_city") == 1
    assert "gotham_city_2" not in clusters


def test_a_name_in_another_economy_is_not_a_confirmation(
    steward_world: Path, tmp_path: Path, capsys
):
    rows = [APPENDIX_HEADER, [2, "Tokyo–Yokohama", "US", "", "", "", "", ""]]
    path = _write_csv(tmp_path / "t.csv", rows)
    assert _run(path, "--edition", 2025, "--data", steward_world, "--apply") == 1
    err = capsys.readouterr().err
    assert "t.csv:2: economy: mismatch: 'Tokyo–Yokohama' is US in the file" in err
    # the steward says it is another cluster: a new identity, not the Japanese one
    assert _run(path, "--edition", 2025, "--data", steward_world, "--new", "Tokyo–Yokohama") == 0
    assert "tokyo_yokohama_2" in capsys.readouterr().out


def test_percent_cells_and_a_table_away_from_a1(steward_world: Path, tmp_path: Path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "T"
    header = ["Rank", "Cluster name", "Economy", "Share of total PCT filings, %"]
    for r, row in enumerate([header, [1, "Shenzhen–Hong Kong–Guangzhou", "CN/HK", 0.125],
                             ["x", "Tokyo–Yokohama", "JP", 0.003]], start=4):  # fmt: skip
        for c, value in enumerate(row, start=3):  # the table starts at C4
            cell = sheet.cell(row=r, column=c, value=value)
            if c == 6 and r > 4:
                cell.number_format = "0.0%"
    path = tmp_path / "t.xlsx"
    book.save(path)
    assert _run(path, "--edition", 2025, "--data", steward_world) == 1
    err = capsys.readouterr().err
    assert "t.xlsx[T]:6: rank: integer: 'x'" in err  # the spreadsheet's own row number
    sheet.cell(row=6, column=3, value=2)
    book.save(path)
    assert _run(path, "--edition", 2025, "--data", steward_world, "--apply") == 0
    shares = {r["cluster_id"]: r["pct_share"] for r in _rows(steward_world / "cluster_ranks.csv")
              if r["edition"] == "2025"}  # fmt: skip
    assert shares == {"szhkgz": "12.5", "tokyo_yokohama": "0.3"}  # as the sheet shows them


def test_counts_that_are_no_numbers_stop_at_the_files_row(
    steward_world: Path, tmp_path: Path, capsys
):
    rows = [
        APPENDIX_HEADER,
        [1, "Shenzhen–Hong Kong–Guangzhou", "CN/HK", "inf", "", "nan", "", ""],
        [2, "Tokyo–Yokohama", "JP", "", "120%", "", "", ""],
        [3, "Hong Kong test", "中国香港", "", "", "", "", ""],
    ]
    path = _write_csv(tmp_path / "t.csv", rows)
    assert _run(path, "--edition", 2025, "--data", steward_world) == 1
    err = capsys.readouterr().err
    assert "t.csv:2: pct_filings: number: 'inf' is not a number" in err
    assert "t.csv:2: publications: number: 'nan' is not a number" in err
    assert "t.csv:3: pct_share: range: '120%' is not between 0 and 100" in err
    assert "t.csv:4: economy" not in err  # 中国香港 is Hong Kong


def test_a_gb18030_table_in_data_is_read_as_check_reads_it(steward_world: Path, tmp_path: Path):
    aliases = steward_world / "cluster_aliases.csv"
    aliases.write_bytes(aliases.read_text(encoding="utf-8").encode("gb18030"))
    path = _write_csv(tmp_path / "t.csv", _small_table()[:3])
    assert _run(path, "--edition", 2025, "--data", steward_world, "--apply") == 0
    assert ingest.load_tables(steward_world).problems == []


# --- hostile and careless files -------------------------------------------------------------


def _stray_cell_xlsx(path: Path, cell: str) -> Path:
    """A 5 kB workbook: the small table, and one stray cell far away."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Table 3"
    for row in _small_table():
        sheet.append(row)
    sheet[cell] = "x"
    book.save(path)
    return path


@pytest.mark.parametrize("cell", ["XFD1048576", "ALL4000", "A5001", "CW1"])
def test_a_stray_far_cell_is_refused_before_the_grid_is_built(
    steward_world: Path, tmp_path: Path, capsys, cell: str
) -> None:
    import time
    import tracemalloc

    path = _stray_cell_xlsx(tmp_path / "stray.xlsx", cell)
    assert path.stat().st_size < 10_000
    before = _snapshot(steward_world)
    tracemalloc.start()
    started = time.monotonic()
    assert _run(path, "--edition", 2025, "--data", steward_world, "--apply") == 1
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    err = capsys.readouterr().err
    assert "too-large" in err
    assert "5,000 rows × 100 columns" in err
    assert _snapshot(steward_world) == before
    # a bound, not a timing test: the far corner once took over a minute and 4 GB
    assert elapsed < 30
    assert peak < 200 * 1024 * 1024


def test_a_workbook_within_the_limits_is_read(steward_world: Path, tmp_path: Path, capsys) -> None:
    path = _stray_cell_xlsx(tmp_path / "near.xlsx", "CV4999")  # column 100, row 4,999
    assert _run(path, "--edition", 2025, "--data", steward_world) == 1  # Seoul is unmatched
    assert "3 rows read" in capsys.readouterr().out


def test_a_huge_or_old_format_file_is_refused_naming_the_limit(
    steward_world: Path, tmp_path: Path, capsys
) -> None:
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as fh:
        fh.write("Rank,Cluster name,Economy\n")
        fh.write(("1,x,JP\n" * 100_000) + "," * 200_000 + "\n")
    assert _run(big, "--edition", 2025, "--data", steward_world) == 1
    assert "too-large" in capsys.readouterr().err
    for suffix in (".xls", ".ods"):
        old = tmp_path / f"table{suffix}"
        old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
        assert _run(old, "--edition", 2025, "--data", steward_world) == 1
        assert "save the sheet as .xlsx or CSV UTF-8" in capsys.readouterr().err
    bomb = tmp_path / "bomb.xlsx"
    import zipfile

    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (120 * 1024 * 1024) + b"</a>")
    assert _run(bomb, "--edition", 2025, "--data", steward_world) == 1
    assert "bytes unzipped" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_name_with_control_characters_is_refused_and_never_printed_raw(
    kind: str, steward_world: Path, tmp_path: Path, capsys
) -> None:
    table = _small_table()
    table[3][1] = "Tokyo\u202e-Yokohama"
    if kind == "csv":
        table[2][1] = "Shenzhen\x0b-Hong Kong\x1b[2J (CN/HK)"
        path = _write_csv(tmp_path / "t.csv", table)
    else:  # how a workbook stores them (Excel writes Word's line break as _x000B_)
        table[2][1] = "Shenzhen_x000B_-Hong Kong_x001B_[2J (CN/HK)"
        path = _write_xlsx(tmp_path / "t.xlsx", {"Table 3": table})
    before = _snapshot(steward_world)
    assert _run(path, "--edition", 2025, "--data", steward_world, "--apply") == 1
    out = capsys.readouterr()
    assert "name: control-character: U+000B at 9, U+001B at 20" in out.err
    assert "name: control-character: U+202E at 6" in out.err
    for stream in (out.out, out.err):
        assert "\x1b" not in stream
        assert "\x0b" not in stream
        assert "\u202e" not in stream
    assert _snapshot(steward_world) == before


def test_a_sheet_name_that_drives_a_terminal_is_printed_escaped(
    steward_world: Path, tmp_path: Path, capsys
) -> None:
    path = _write_xlsx(tmp_path / "t.xlsx", {"T_c": [["no header here"]]})
    _rename_sheet(path, "T_c", "T\x1bc")
    assert _run(path, "--edition", 2025, "--data", steward_world) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "t.xlsx[T\\x1bc]: no header row" in err


def test_an_applied_import_records_a_release(steward_world: Path, tmp_path: Path, capsys) -> None:
    from gba_dash import release_log, releases

    before = release_log.read_log(steward_world / releases.LOG_FILE)
    path = _write_csv(tmp_path / "gii2025.csv", _small_table())
    assert _run(path, "--edition", 2025, "--data", steward_world, "--new", "Seoul", "--apply") == 0
    after = release_log.read_log(steward_world / releases.LOG_FILE)
    assert after.problems == []
    assert len(after.releases) == len(before.releases) + 1
    assert f"Recorded data release {after.latest.release_id}" in capsys.readouterr().out


# --- the profile's columns --------------------------------------------------------------------


def _profile_table() -> list[list[object]]:
    """WIPO's 2025 layout with the three shares, VC deals and the intensity columns."""
    header = [
        "Rank", "Cluster name", "Economy", "Share of total PCT filings, %",
        "Share of total publications, %", "VC share", "Intensity rank",
        "PCT filings per million", "Rank (previous method)",
    ]  # fmt: skip
    return [
        header,
        [1, "Shenzhen–Hong Kong–Guangzhou", "CN/HK", "9.0%", "2.4%", "2.9%", "45", "2,292", "2"],
        [2, "Tokyo–Yokohama", "JP", "10.3%", "1.5%", "2.2%", "", "", "1"],
    ]


def test_a_table_with_the_profiles_columns_fills_shares_and_cluster_metrics(
    steward_world: Path, tmp_path: Path, capsys
) -> None:
    path = _write_csv(tmp_path / "gii2025.csv", _profile_table())
    assert _run(path, "--edition", 2025, "--data", steward_world) == 0
    assert "Profile values for cluster_metrics (intensity, previous method): 4" in (
        capsys.readouterr().out
    )
    code = _run(
        path, "--edition", 2025, "--data", steward_world, "--apply", "--source-id", "gii2025_t",
    )  # fmt: skip
    assert code == 0, capsys.readouterr()
    assert ingest.load_tables(steward_world).problems == []
    ranks = {
        r["cluster_id"]: r
        for r in _rows(steward_world / "cluster_ranks.csv")
        if r["edition"] == "2025"
    }
    assert (ranks["szhkgz"]["pct_share"], ranks["szhkgz"]["vc_share"]) == ("9", "2.9")
    written = {
        (r["cluster_id"], r["metric"]): (r["value"], r["source_id"])
        for r in _rows(steward_world / "cluster_metrics.csv")
        if r["source_id"] == "gii2025_t"
    }
    assert written == {
        ("szhkgz", "intensity_rank"): ("45", "gii2025_t"),
        ("szhkgz", "pct_per_million"): ("2292", "gii2025_t"),
        ("szhkgz", "rank_previous_method"): ("2", "gii2025_t"),
        ("tokyo_yokohama", "rank_previous_method"): ("1", "gii2025_t"),
    }
    # imported again, nothing is written twice
    before = (steward_world / "cluster_metrics.csv").read_bytes()
    assert _run(path, "--edition", 2025, "--data", steward_world, "--apply",
                "--source-id", "gii2025_t") == 0  # fmt: skip
    assert (steward_world / "cluster_metrics.csv").read_bytes() == before


def test_an_intensity_rank_that_is_no_rank_stops_at_the_files_row(
    steward_world: Path, tmp_path: Path, capsys
) -> None:
    table = _profile_table()
    table[1][6] = "45th"
    path = _write_csv(tmp_path / "t.csv", table)
    before = _snapshot(steward_world)
    assert _run(path, "--edition", 2025, "--data", steward_world, "--apply") == 1
    assert "t.csv:2: intensity_rank: integer: '45th'" in capsys.readouterr().err
    assert _snapshot(steward_world) == before
