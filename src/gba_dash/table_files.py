"""Read a pasted or downloaded table (CSV or XLSX) into rows of text cells with their row numbers.

A data steward's table comes from a spreadsheet: CSV saved as UTF-8, UTF-8 with BOM or GB18030
by Excel, or an XLSX workbook with several sheets, a title row above the header and sometimes
merged header cells. Its size is checked before it is parsed (`MAX_FILE_BYTES`, and for a
workbook the room its cells span, `MAX_ROWS` × `MAX_COLUMNS`): a 5 kB workbook with one stray
cell at XFD1048576 would otherwise make the reader build a grid of 17 billion cells. This module
finds nothing but cells: which row is the header is decided by
the caller (`find_header`), which knows the columns it needs. Row numbers are the spreadsheet's
own (1-based), so a message can say "file.xlsx[Table]:17" and the steward finds the row.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

from gba_dash.ingest import decode_bytes

#: How far down a sheet the header may start (a title, a note and a blank row are common).
HEADER_SEARCH_ROWS = 20
#: The largest file read (WIPO's top-100 table is about 30 kB as XLSX).
MAX_FILE_BYTES = 10 * 1024 * 1024
#: What a workbook's parts may hold once unzipped (a zip bomb stops here).
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
#: The room a sheet's cells may span, counted from A1 (a top-100 table needs ~110 × 15).
MAX_ROWS = 5000
MAX_COLUMNS = 100
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")


class TableFileError(Exception):
    """The file cannot be read as a table; the message names the file (and sheet) and why."""


@dataclass
class Sheet:
    """One sheet's cells as text, each row with its 1-based row number in the file."""

    file: str
    name: str | None
    rows: list[tuple[int, list[str]]]
    #: Merged ranges as ((first row, first col), (last row, last col)), 1-based rows, 0-based cols.
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.file}[{self.name}]" if self.name else self.file


def _text(cell: object, percent: bool = False) -> str:
    """A cell as the spreadsheet shows it: 17.0 as "17", a cell formatted as percent
    (stored 0.125) as "12.5%"."""
    if cell is None:
        return ""
    if percent and isinstance(cell, int | float) and not isinstance(cell, bool):
        shown = (Decimal(repr(float(cell))) * 100).normalize()
        return f"{shown:f}%"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _percent_cells(path: Path) -> dict[str, set[tuple[int, int]]]:
    """Per sheet, the (row, column) of cells formatted as percent (.xlsx/.xlsm only): the
    workbook stores 12.5% as 0.125, and only the format says it is a percentage."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a dependency of the package
        return {}
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        return {}
    found: dict[str, set[tuple[int, int]]] = {}
    try:
        for sheet in book.worksheets:
            cells = found.setdefault(sheet.title, set())
            for row in sheet.iter_rows():
                for cell in row:
                    if "%" in (getattr(cell, "number_format", "") or ""):
                        cells.add((cell.row, cell.column - 1))
    finally:
        book.close()
    return found


def _check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TableFileError(
            f"{path.name}: too-large: {size:,} bytes; the limit is "
            f"{MAX_FILE_BYTES:,} bytes (a cluster table is a few dozen kB)"
        )


def _check_span(where: str, rows: int, columns: int) -> None:
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise TableFileError(
            f"{where}: too-large: cells reach row {rows:,}, column {columns:,}; the limit is "
            f"{MAX_ROWS:,} rows × {MAX_COLUMNS} columns (delete stray cells far from the table)"
        )


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - ord("A") + 1
    return number


def check_workbook_span(path: Path) -> None:
    """Refuse an XLSX whose parts unzip too large or whose cells reach beyond `MAX_ROWS` ×
    `MAX_COLUMNS`, reading only the cells' addresses (streamed), before any reader builds
    its grid."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as book:
            infos = book.infolist()
            unzipped = sum(i.file_size for i in infos)
            if unzipped > MAX_UNZIPPED_BYTES:
                raise TableFileError(
                    f"{name}: too-large: {unzipped:,} bytes unzipped; the limit is "
                    f"{MAX_UNZIPPED_BYTES:,} bytes"
                )
            for info in infos:
                if _SHEET_PART.match(info.filename):
                    with book.open(info) as part:
                        rows, columns = _sheet_span(part)
                    _check_span(f"{name}[{info.filename}]", rows, columns)
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, EOFError) as exc:
        raise TableFileError(f"{name}: not a readable workbook ({exc})") from exc


def _sheet_span(part) -> tuple[int, int]:
    """(last row, last column) any cell of a worksheet part names; stops early past a limit."""
    rows = columns = 0
    row = 0
    # Expat 2.4.1 and later refuse entity expansion attacks (Python 3.11 bundles 2.5).
    for event, element in ElementTree.iterparse(part, events=("start",)):  # noqa: S314
        del event
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "row":
            ref = element.get("r")
            row = int(ref) if ref and ref.isdigit() else row + 1
            column = 0
            rows = max(rows, row)
        elif tag == "c":
            match = _CELL_REF.match(element.get("r") or "")
            if match:
                column = _column_number(match.group(1))
                rows = max(rows, int(match.group(2)))
            else:
                column += 1
            columns = max(columns, column)
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            break
    return rows, columns


def read_csv_file(path: Path) -> Sheet:
    """A CSV file's rows; the encoding is decided as for data/ (UTF-8, BOM, GB18030, else stop)."""
    _check_file_size(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise TableFileError(f"{path.name}: the file is empty")
    text, rule = decode_bytes(raw)
    if text is None:
        raise TableFileError(
            f"{path.name}: {rule}: the file is neither UTF-8 nor GB18030 text; "
            "save it from the spreadsheet as CSV UTF-8"
        )
    notes = []
    if raw.startswith(b"\xef\xbb\xbf"):
        notes.append(f"{path.name}: read as UTF-8 with BOM")
    else:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            notes.append(f"{path.name}: read as GB18030 (Excel's Chinese encoding)")
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            rows.append((start, [c.strip() for c in cells]))
            _check_span(path.name, len(rows), len(cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TableFileError(f"{path.name}:{start}: csv-syntax: {exc}") from exc
    return Sheet(path.name, None, rows, notes=notes)


def read_workbook(path: Path) -> list[Sheet]:
    """Every sheet of an XLSX workbook (python-calamine), cells as text; its size and the room
    its cells span are checked first."""
    from python_calamine import CalamineError, CalamineWorkbook

    _check_file_size(path)
    check_workbook_span(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise TableFileError(f"{path.name}: not a readable workbook ({exc})") from exc
    percent = _percent_cells(path)
    sheets = []
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        # Without skipping the empty area, row 1 of the list is the sheet's row 1 (A1).
        cells = sheet.to_python(skip_empty_area=False)
        shown = percent.get(name, set())
        rows = [
            (i + 1, [_text(c, (i + 1, j) in shown) for j, c in enumerate(row)])
            for i, row in enumerate(cells)
        ]
        merged = [((a[0] + 1, a[1]), (b[0] + 1, b[1])) for a, b in (sheet.merged_cell_ranges or [])]
        sheets.append(Sheet(path.name, name, rows, merged))
    return sheets


def read_table_file(path: Path, sheet: str | None = None) -> list[Sheet]:
    """The sheets to look in: the named one, or every sheet (CSV: its one sheet)."""
    if not path.is_file():
        raise TableFileError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        if sheet:
            raise TableFileError(f"{path.name}: a CSV file has no sheets (drop --sheet {sheet})")
        return [read_csv_file(path)]
    if suffix in (".xls", ".ods"):
        raise TableFileError(
            f"{path.name}: {suffix} workbooks are not read (their size cannot be "
            "checked before they are opened); save the sheet as .xlsx or CSV UTF-8"
        )
    if suffix in (".xlsx", ".xlsm"):
        sheets = read_workbook(path)
        if sheet is None:
            return sheets
        chosen = [s for s in sheets if s.name == sheet]
        if not chosen:
            names = ", ".join(s.name or "" for s in sheets)
            raise TableFileError(f"{path.name}: no sheet named {sheet!r}; its sheets are: {names}")
        return chosen
    raise TableFileError(f"{path.name}: unknown file type {suffix!r}; give a .csv or .xlsx file")


def find_header(
    sheet: Sheet, recognise: Callable[[list[str]], bool]
) -> tuple[int, list[str]] | None:
    """The first row among the top `HEADER_SEARCH_ROWS` that `recognise` accepts, as
    (index into `sheet.rows`, header cells)."""
    for i, (_line, cells) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        if recognise(cells):
            return i, cells
    return None


def merged_header_rows(sheet: Sheet, header_index: int) -> tuple[int, int] | None:
    """(first, last) row numbers when the header is more than one row, else None.

    A workbook says so with merged cells that touch the header row; a CSV (no merge
    information) says so with a row under the header that has text where the header is empty
    and nothing in the first column, as a pasted two-row header does ("PCT filings" over
    "Number | Share").
    """
    line, header = sheet.rows[header_index]
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 <= line <= r1 or r0 == line + 1:
            # a cell merged across columns heads the sub-headings in the row below it
            below = line + 1 if (c1 > c0 or r0 == line + 1) else line
            return min(r0, line), max(r1, below)
    if header_index + 1 < len(sheet.rows):
        next_line, below = sheet.rows[header_index + 1]
        under_blank = [
            j for j, cell in enumerate(below) if cell and (j >= len(header) or not header[j])
        ]
        if under_blank and not (below[0] if below else ""):
            return line, next_line
    return None
