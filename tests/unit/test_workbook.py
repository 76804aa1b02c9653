"""A view's Excel workbook, opened as a reader's spreadsheet would (openpyxl): numbers as
numbers, qualifiers in their own column, headers in the reader's language, sources, notes,
release, link and citations; no formula, whatever a cell begins with."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from gba_dash import export
from gba_dash.i18n import t

SHEETS = {
    "zh-Hans": ["数据", "来源", "说明", "关于"],
    "zh-Hant": ["數據", "來源", "說明", "關於"],
    "en": ["Data", "Sources", "Notes", "About"],
}
LINK = "https://gba.example/clusters?chart=counts&lang=zh-Hans&release=2026-12-03-87460e"


def counts_table(lang: str) -> pd.DataFrame:
    """As the counts chart's table: a count stated by a source, and counts that are lower bounds."""
    return pd.DataFrame(
        {
            t("field.edition", lang): [2017, 2017, 2017],
            t("clusters.field.economy", lang): [
                "China",
                "United States",
                "=2+3*cmd|x!A0",
            ],
            t("clusters.field.count", lang): ["7", "≥1", "≥12,345"],
            t("field.rank", lang): ["—", "3", "4"],
            t("field.source", lang): ["WIPO", "—", "counted"],
        }
    )


def trend_table(lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("field.year", lang): [2023, 2024, 2025],
            t("field.value", lang): ["约7.5万家", "超过7.7万家", "预计7.4万家"],
            t("hightech.field.number", lang): [75_000.0, 77_000.0, 74_000.5],
            t("field.qualifier", lang): ["≈ 约", "≥ 超过", "~ 预计"],
        }
    )


def prov(lang: str, **kw) -> export.Provenance:
    base = {
        "lang": lang,
        "title": "2017年各经济体集群数量",
        "unit": "家",
        "sources": ("来源：WIPO",),
        "vintage": "2025-09-16",
        "link": LINK,
        "exported": "2026-12-05",
        "summary": "2017年前100名中：中国7个。",
        "release": "2026-12-03-87460e",
    }
    return export.Provenance(**{**base, **kw})


def sources(lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("field.publisher", lang): ["WIPO", "Xinhua"],
            t("field.title", lang): ["Global Innovation Index 2025", "GII 2017 report"],
            t("field.source_kind", lang): ["official", "news"],
            t("field.published", lang): ["2025-09-16", "2017-06"],
            t("field.link", lang): ["https://www.wipo.int/gii", ""],
        }
    )


def open_book(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def book_for(lang: str, table: pd.DataFrame | None = None, **kw) -> openpyxl.Workbook:
    parts = export.WorkbookParts(
        sources=sources(lang),
        notes=("**Ranks 17, 18, 20** not held", "A method break in 2024"),
        citations={"gbt": "GB citation [EB/OL].", "apa": "APA citation."},
    )
    table = counts_table(lang) if table is None else table
    return open_book(export.view_workbook(table, prov(lang, **kw), parts))


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_four_sheets_in_the_readers_language_with_a_frozen_header(lang: str) -> None:
    book = book_for(lang)
    assert book.sheetnames == SHEETS[lang]
    data = book[SHEETS[lang][0]]
    assert data.freeze_panes == "A2"
    assert data.cell(row=1, column=1).value == t("field.edition", lang)
    assert data.auto_filter.ref == "A1:F4"
    assert all(data.column_dimensions[c].width >= 8 for c in "ABCDEF")


def test_numbers_are_numbers_and_a_qualifier_is_never_baked_into_one() -> None:
    data = book_for("zh-Hans")["数据"]
    header = [c.value for c in data[1]]
    count = header.index(t("clusters.field.count", "zh-Hans")) + 1
    assert header[count] == f"{t('clusters.field.count', 'zh-Hans')}：数值类型"
    numbers = [data.cell(row=r, column=count).value for r in (2, 3, 4)]
    assert numbers == [7, 1, 12345]
    assert all(data.cell(row=r, column=count).data_type == "n" for r in (2, 3, 4))
    qualifiers = [data.cell(row=r, column=count + 1).value for r in (2, 3, 4)]
    assert qualifiers == ["准确值", "超过", "超过"]
    edition = data.cell(row=2, column=1)
    assert edition.value == 2017
    assert edition.number_format == "0"  # a year, not "2,017"
    assert data.cell(row=2, column=count + 2).value is None  # "—" in a number column: empty
    assert data.cell(row=3, column=count + 2).value == 3
    assert data.cell(row=3, column=6).value == "—"  # text stays as the page shows it


def test_the_plotted_number_names_its_unit_and_keeps_its_decimals() -> None:
    data = book_for("zh-Hans", trend_table("zh-Hans"))["数据"]
    header = [c.value for c in data[1]]
    assert f"{t('hightech.field.number', 'zh-Hans')}（家）" in header
    col = header.index(f"{t('hightech.field.number', 'zh-Hans')}（家）") + 1
    assert [data.cell(row=r, column=col).value for r in (2, 3, 4)] == [75000, 77000, 74000.5]
    assert data.cell(row=2, column=col).number_format == "#,##0.00"
    # the qualifier column of the table stays beside it, as text
    assert data.cell(row=3, column=col + 1).value == "≥ 超过"


def test_no_cell_is_a_formula_whatever_it_begins_with() -> None:
    content = export.view_workbook(counts_table("en"), prov("en"), export.WorkbookParts())
    data = open_book(content)["Data"]
    cell = data.cell(row=4, column=2)
    assert cell.value == "=2+3*cmd|x!A0"
    assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        assert not any(b"<f>" in archive.read(n) for n in sheets)


def test_sources_notes_and_about_carry_the_provenance() -> None:
    book = book_for("zh-Hans")
    src = book["来源"]
    assert [c.value for c in src[1]][:2] == [t("field.publisher", "zh-Hans"), "标题"]
    assert src.cell(row=2, column=1).value == "WIPO"
    assert src.cell(row=2, column=5).hyperlink.target == "https://www.wipo.int/gii"
    published = src.cell(row=2, column=4).value
    assert isinstance(published, datetime)  # a whole date is a date …
    assert published.date() == date(2025, 9, 16)
    assert src.cell(row=3, column=4).value == "2017-06"  # … a month stays as the source gives it
    notes = [c.value for c in book["说明"]["A"]][1:]
    assert notes == ["Ranks 17, 18, 20 not held", "A method break in 2024"]  # as text
    about = {
        row[0].value: row[1].value for row in book["关于"].iter_rows(min_row=2) if row[0].value
    }
    assert about["数据版本"] == "2026-12-03-87460e"
    assert about["生成这些数据的视图（链接）"] == LINK
    assert about["要点"] == "2017年前100名中：中国7个。"
    assert about[t("cite.style.gbt", "zh-Hans")] == "GB citation [EB/OL]."
    assert about[t("cite.style.apa", "zh-Hans")] == "APA citation."
    assert about["访问日期"].date() == date(2026, 12, 5)


def test_text_a_workbook_cannot_hold_is_cleaned_not_fatal() -> None:
    table = pd.DataFrame({"Name": ["Word\x0bbreak\x01", "ok"], "Rank": [1, 2]})
    content = export.view_workbook(table, prov("en", title="Bad\x1btitle"), export.WorkbookParts())
    data = open_book(content)["Data"]
    assert data.cell(row=2, column=1).value == "Wordbreak"
    assert data.cell(row=3, column=2).value == 2


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("name", ["observations", "cluster_ranks", "pilots", "sources"])
def test_a_stored_table_as_a_workbook(world_db, lang: str, name: str) -> None:
    from gba_dash import db, queries, schema

    cur = db.ReadOnlyDatabase(world_db).cursor()
    try:
        rows = pd.concat(list(queries.table_batches(cur, name)), ignore_index=True)
        sources, terms = queries.get_sources(cur), queries.get_terms(cur)
    finally:
        cur.close()
    prov = export.Provenance(lang=lang, title=t(f"table.{name}", lang), exported="2026-12-05")
    content = export.table_workbook(rows, name, prov, sources, terms, {"gbt": "cited"})
    book = openpyxl.load_workbook(io.BytesIO(content))
    data, cited, notes, about = (book[s] for s in book.sheetnames)
    spec = next(s for s in schema.TABLES if s.name == name)
    assert [c.value for c in data[1]][: len(spec.columns)] == list(spec.column_names)
    assert data.max_row == len(rows) + 1  # every row as stored
    first = list(data[2])
    for column, cell in zip(spec.column_names, first, strict=False):
        value = rows[column].iloc[0]
        if spec.column(column).kind in ("int", "number") and not pd.isna(value):
            assert cell.data_type == "n"  # typed, not text
        if spec.column(column).is_list:
            assert cell.value == schema.LIST_SEP.join(value)  # a list as data/ writes it
    # the sources its rows cite, and its columns described in the reader's language
    cites = {
        c for col in spec.columns if col.ref == ("sources", "source_id") for c in rows[col.name]
    }
    if name == "sources":
        assert cited.max_row == len(rows) + 1
    elif cites:
        assert cited.max_row > 1
    described = [r[0] for r in notes.iter_rows(min_row=2, values_only=True)]
    assert len(described) == len(spec.columns)
    assert described[0].startswith(spec.columns[0].name)
    assert t("export.xlsx.required", lang) in " ".join(described)
    assert "cited" in [r[1] for r in about.iter_rows(values_only=True)]
    # the same table, day and release: the same bytes
    assert content == export.table_workbook(rows, name, prov, sources, terms, {"gbt": "cited"})
