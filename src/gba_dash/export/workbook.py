"""A view's data as an Excel workbook that carries its provenance (openpyxl).

Four sheets, named and headed in the reader's language:

- **Data** — exactly the rows the chart draws, numbers as numbers with a number format (years and
  editions without a thousands separator), a count shown as "≥9" split into the number 9 and its
  qualifier in a column of its own, the unit in the header of the plotted number, the header
  row frozen and filtered, columns sized to their text;
- **Sources** — each source under the view: publisher, title, kind, date published, address;
- **Notes** — what the page says about these rows: gaps, conflicts, method breaks, coverage;
- **About** — title, key point, data release, the view's link, the access date, and the view
  cited in GB/T 7714-2015 and APA 7.

Every text is written as a string cell, never a formula, whatever it begins with: a cell that
reads `=2+3*cmd|x!A0` stays that text (formula-safe, as the CSV is). Text is cleaned of what XML
cannot hold (`safe_text.xml_clean`). A date the data give only to the month stays text: a date
cell would invent its day. No Streamlit here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gba_dash.export.office import reproducible, stamped_day
from gba_dash.export.tables import column_codes
from gba_dash.export.text import Provenance, plain_text
from gba_dash.i18n import format_date, t
from gba_dash.safe_text import xml_clean
from gba_dash.shaping.sources import source_table

#: Column codes (`export.column_codes`) of years and editions: numbers without a separator.
YEAR_CODES = frozenset({"year", "edition"})
#: The code of a table's plotted number, whose header names the unit.
NUMBER_CODE = "number"
#: A number shown with a qualifier mark ("≥9", "≈1.2", "~30%"): mark → qualifier code.
MARKS = {"≥": "lower_bound", ">": "lower_bound", "≈": "approx", "~": "estimate", "": "exact"}
_MARKED = re.compile(r"^([≥>≈~]?)\s*(-?\d[\d,]*(?:\.\d+)?)\s*%?$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMPTY = frozenset({"", "—", "-", "–"})
_WIDEST = 60
_HEADER_FILL = PatternFill("solid", fgColor="E8EEF6")


@dataclass(frozen=True)
class WorkbookParts:
    """What a workbook says beside its rows: the sources under the view (`cited_sources`),
    the page's notes on it (Markdown), the view cited (style → text) and its title, in the
    reader's language."""

    sources: pd.DataFrame | None = None
    notes: Sequence[str] = ()
    citations: Mapping[str, str] | None = None
    #: The view's title as cited ("" → the provenance's title, else its key point).
    title: str = ""


def cited_sources(
    sources: pd.DataFrame, terms: pd.DataFrame, source_ids: Sequence[str], lang: str
) -> pd.DataFrame:
    """The sources a view cites, in its order, as the Sources page lists them: publisher,
    title, kind, date published, address (headers in `lang`)."""
    order = {s: i for i, s in enumerate(source_ids)}
    cited = sources[sources["source_id"].isin(order)]
    cited = cited.iloc[cited["source_id"].map(order).argsort()]
    table = source_table(cited, terms, lang)
    fields = ("publisher", "title", "source_kind", "published", "link")
    return table[[t(f"field.{f}", lang) for f in fields]]


def view_workbook(
    table: pd.DataFrame,
    prov: Provenance,
    parts: WorkbookParts = WorkbookParts(),
    codes: Mapping[str, str] | None = None,
) -> bytes:
    """The workbook (.xlsx bytes) of one view: Data, Sources, Notes, About."""
    lang = prov.lang
    prov = prov.cleaned()
    book = Workbook()
    data = book.active
    data.title = t("export.xlsx.sheet.data", lang)
    _data_sheet(data, table, prov, codes)
    _sources_sheet(book.create_sheet(t("export.xlsx.sheet.sources", lang)), parts.sources, lang)
    _notes_sheet(book.create_sheet(t("export.xlsx.sheet.notes", lang)), parts.notes, lang)
    title = xml_clean(parts.title) or prov.title or prov.summary
    about = book.create_sheet(t("export.xlsx.sheet.about", lang))
    _about_sheet(about, prov, title, parts.citations)
    book.properties.title = title[:255]
    book.properties.creator = t("app.title", lang)
    book.properties.language = lang
    day = prov.exported or date.today().isoformat()
    book.properties.created = stamped_day(day)
    out = io.BytesIO()
    book.save(out)
    return reproducible(out.getvalue(), day)


def _text_cell(sheet, row: int, col: int, value: object) -> None:
    """A string cell that stays a string: openpyxl reads a leading "=" as a formula."""
    cell = sheet.cell(row=row, column=col, value=xml_clean(str(value)))
    cell.data_type = "s"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and not pd.isna(value)


def _marked(values: Sequence[object]) -> list[tuple[float, str]] | None:
    """Each text cell as (number, mark) when every non-empty one reads as a number with at most
    a qualifier mark (and a "%", which the header already says), and at least one does; else
    None (the column stays text)."""
    out, seen = [], False
    for value in values:
        text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        if text.strip() in _EMPTY:
            out.append((float("nan"), ""))
            continue
        match = _MARKED.match(text.strip())
        if match is None:
            return None
        mark, number = match.groups()
        out.append((float(number.replace(",", "")), mark))
        seen = True
    return out if seen else None


@dataclass(frozen=True)
class _Column:
    header: str
    values: list[object]
    number_format: str | None  # None: text


def _number_format(values: Sequence[object], code: str) -> str:
    if code in YEAR_CODES:
        return "0"
    whole = all(float(v).is_integer() for v in values if _is_number(v))
    return "#,##0" if whole else "#,##0.00"


def _columns(
    table: pd.DataFrame, prov: Provenance, codes: Mapping[str, str] | None
) -> list[_Column]:
    """The Data sheet's columns: numbers typed, marked counts split, the unit in the header."""
    lang = prov.lang
    names = [str(c) for c in table.columns]
    column_code = dict(zip(names, column_codes(names, lang, codes), strict=True))
    has_unit_column = "unit" in column_code.values()
    out: list[_Column] = []
    for name in names:
        code = column_code[name]
        values = table[name].tolist()
        if pd.api.types.is_numeric_dtype(table[name]) and not pd.api.types.is_bool_dtype(
            table[name]
        ):
            header = name
            if code == NUMBER_CODE and prov.unit and not has_unit_column:
                header = t("export.xlsx.with_unit", lang, name=name, unit=prov.unit)
            cells = [v if _is_number(v) else None for v in values]
            out.append(_Column(header, cells, _number_format(cells, code)))
            continue
        marked = _marked(values)
        if marked is None:
            out.append(_Column(name, ["" if pd.isna(v) else v for v in values], None))
            continue
        numbers = [None if pd.isna(n) else n for n, _mark in marked]
        out.append(_Column(name, numbers, _number_format(numbers, code)))
        if any(mark for _n, mark in marked):
            qualifiers = [
                "" if pd.isna(n) else t(f"qualifier.{MARKS.get(mark, 'exact')}", lang)
                for n, mark in marked
            ]
            header = t("export.xlsx.qualifier_of", lang, name=name)
            out.append(_Column(header, qualifiers, None))
    return out


def _header(sheet, headers: Sequence[str]) -> None:
    for col, header in enumerate(headers, start=1):
        _text_cell(sheet, 1, col, header)
        cell = sheet.cell(row=1, column=col)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _widths(sheet, columns: Sequence[Sequence[object]]) -> None:
    """Each column as wide as its longest text (a CJK character counts two), at most _WIDEST."""
    for col, values in enumerate(columns, start=1):
        longest = max((_display_width(v) for v in values), default=8)
        sheet.column_dimensions[get_column_letter(col)].width = min(max(longest + 2, 8), _WIDEST)


def _display_width(value: object) -> int:
    text = f"{value:,.2f}" if isinstance(value, float) else str(value if value is not None else "")
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _data_sheet(sheet, table: pd.DataFrame, prov: Provenance, codes) -> None:
    columns = _columns(table, prov, codes)
    _header(sheet, [c.header for c in columns])
    for col, column in enumerate(columns, start=1):
        for row, value in enumerate(column.values, start=2):
            if value is None or value == "":
                continue
            if column.number_format is None:
                _text_cell(sheet, row, col, value)
            else:
                cell = sheet.cell(row=row, column=col, value=float(value))
                cell.number_format = column.number_format
    if columns and len(table):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(table) + 1}"
    _widths(sheet, [[c.header, *c.values] for c in columns])


def _sources_sheet(sheet, sources: pd.DataFrame | None, lang: str) -> None:
    if sources is None or sources.empty:
        _header(sheet, [t("field.source", lang)])
        _text_cell(sheet, 2, 1, t("export.readme.none", lang))
        return
    headers = [str(c) for c in sources.columns]
    _header(sheet, headers)
    for row, values in enumerate(sources.itertuples(index=False), start=2):
        for col, value in enumerate(values, start=1):
            if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
                continue
            text = str(value)
            if _ISO_DAY.match(text):  # a whole date is a date; "2024-01" stays as given
                cell = sheet.cell(row=row, column=col, value=date.fromisoformat(text))
                cell.number_format = "yyyy-mm-dd"
                continue
            _text_cell(sheet, row, col, value)
            if text.startswith(("http://", "https://")):
                sheet.cell(row=row, column=col).hyperlink = text
    _widths(sheet, [[h, *sources[h].tolist()] for h in sources.columns])


def _notes_sheet(sheet, notes: Sequence[str], lang: str) -> None:
    _header(sheet, [t("export.xlsx.sheet.notes", lang)])
    lines = [plain_text(n) for n in notes if n] or [t("export.readme.none", lang)]
    for row, line in enumerate(lines, start=2):
        _text_cell(sheet, row, 1, line)
        sheet.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 100


def _about_sheet(sheet, prov: Provenance, title: str, citations: Mapping[str, str] | None) -> None:
    lang = prov.lang
    exported = prov.exported or date.today().isoformat()
    rows: list[tuple[str, object]] = [
        (t("export.xlsx.about.title", lang), title),
        (t("export.readme.key_point", lang), prov.summary),
        (t("export.readme.unit", lang), prov.unit),
        (t("export.readme.release", lang), prov.release),
        (t("export.readme.query", lang), prov.link),
        (t("export.readme.vintage", lang), format_date(prov.vintage, lang) if prov.vintage else ""),
        (t("export.xlsx.about.accessed", lang), exported),
    ]
    rows[-1] = (rows[-1][0], date.fromisoformat(exported[:10]))
    for style, text in (citations or {}).items():
        rows.append((t(f"cite.style.{style}", lang), text))
    _header(sheet, [t("export.xlsx.about.field", lang), t("export.xlsx.about.value", lang)])
    for row, (label, value) in enumerate(rows, start=2):
        _text_cell(sheet, row, 1, label)
        sheet.cell(row=row, column=1).font = Font(bold=True)
        if isinstance(value, date):
            sheet.cell(row=row, column=2, value=value).number_format = "yyyy-mm-dd"
        elif value:
            _text_cell(sheet, row, 2, value)
            cell = sheet.cell(row=row, column=2)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if str(value).startswith(("http://", "https://")):
                cell.hyperlink = str(value)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100


#: The most rows a stored table is offered as a workbook (beyond, CSV only: a workbook is
#: built whole in memory, a CSV batch by batch).
TABLE_MAX_ROWS = 50_000


def table_workbook(
    table: pd.DataFrame,
    name: str,
    prov: Provenance,
    sources: pd.DataFrame,
    terms: pd.DataFrame,
    citations: Mapping[str, str] | None = None,
) -> bytes:
    """The workbook of one stored table (`schema.TABLES`), as the Sources page offers it: its
    rows as stored (codes as headers, as in its CSV and data/), the sources its
    rows cite, its columns described as the data dictionary does (Notes), and the About
    sheet."""
    from gba_dash import schema

    spec = next(t_ for t_ in schema.TABLES if t_.name == name)
    rows = table.copy()
    for column in spec.columns:
        if column.is_list and column.name in rows:
            rows[column.name] = [
                schema.LIST_SEP.join(map(str, v)) if isinstance(v, tuple | list) else v
                for v in rows[column.name]
            ]
    cited: list[str] = []
    for column in spec.columns:
        if column.ref == ("sources", "source_id") and column.name in rows:
            for value in rows[column.name].dropna():
                cited += [s for s in str(value).split(schema.LIST_SEP) if s and s not in cited]
    if name == "sources":
        cited = [str(s) for s in rows["source_id"]]
    lang = prov.lang
    notes = [
        t(
            "export.xlsx.table_column",
            lang,
            column=c.name,
            kind=c.kind + (" list" if c.is_list else ""),
            required=t("export.xlsx.required" if c.required else "export.xlsx.optional", lang),
        )
        + (f" {', '.join(c.choices)}" if c.choices else "")
        for c in spec.columns
    ]
    parts = WorkbookParts(
        sources=cited_sources(sources, terms, cited, lang),
        notes=tuple(notes),
        citations=citations,
        title=prov.title,
    )
    return view_workbook(rows, prov, parts, {c: c for c in map(str, rows.columns)})
