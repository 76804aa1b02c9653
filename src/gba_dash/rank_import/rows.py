"""Rows of a cluster table: find the header, check every row, report every problem at once.

Messages name the file (and sheet) and the spreadsheet's own row number, `file.xlsx[Table]:17:
rank: integer: '=17' …`, so the steward finds the cell. A file that cannot be a table (no header,
a header over two rows) stops with one message; bad cells are collected, all of them.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gba_dash import ingest, schema, table_files
from gba_dash.rank_import.columns import (
    COUNT_FIELDS,
    METRIC_FIELDS,
    RANK_FIELDS,
    RANK_TEXT,
    SHARE_FIELDS,
    EconomyNames,
    is_header,
    recognise_columns,
)
from gba_dash.safe_text import describe_unsafe, unsafe_characters
from gba_dash.table_files import Sheet, TableFileError

# ------------------------------------------------------------------------------ rows of a file


@dataclass(frozen=True)
class FileRow:
    """One data row of the steward's file, its cells checked and typed."""

    line: int
    rank: int
    name: str
    economies: tuple[str, ...]
    name_zh: str = ""
    values: tuple[tuple[str, float], ...] = ()
    #: Intensity and previous-method columns (`METRIC_FIELDS`), for cluster_metrics.
    metrics: tuple[tuple[str, float], ...] = ()


@dataclass
class ReadResult:
    """The rows read from a file, the problems that stop an import, and notes that do not."""

    where: str
    rows: list[FileRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)
    language: str = "en"


def _number(cell: str, *, share: bool = False) -> float | None:
    text = ingest.normalise_number_text(cell)
    if share:
        text = text.removesuffix("%").strip()
    try:
        return float(text)
    except ValueError:
        return None


def read_rows(path: Path, economies: EconomyNames, sheet_name: str | None = None) -> ReadResult:
    """Find the header, check every row and report every problem at once (file:row)."""
    sheets = table_files.read_table_file(path, sheet_name)
    chosen: tuple[Sheet, int, list[str]] | None = None
    for sheet in sheets:
        found = table_files.find_header(sheet, is_header)
        if found:
            chosen = (sheet, *found)
            break
    if chosen is None:
        where = sheets[0].where if len(sheets) == 1 else path.name
        names = ", ".join(s.name or "" for s in sheets)
        raise TableFileError(
            f"{where}: no header row naming rank, cluster name and economy in the first "
            f"{table_files.HEADER_SEARCH_ROWS} rows"
            + (f" of any sheet ({names})" if len(sheets) > 1 else "")
            + "; head the columns e.g. Rank, Cluster name, Economy or 排名, 集群名称, 经济体"
        )
    sheet, header_index, header = chosen
    result = ReadResult(sheet.where, notes=list(sheet.notes))
    if sheet_name is None and len(sheets) > 1:
        result.notes.append(f"{path.name}: read sheet {sheet.name!r}")
    header_line = sheet.rows[header_index][0]
    if header_index:
        result.notes.append(f"{sheet.where}:{header_line}: header row (rows above it skipped)")
    merged = table_files.merged_header_rows(sheet, header_index)
    if merged:
        raise TableFileError(
            f"{sheet.where}:{merged[0]}: the header spans rows {merged[0]}–{merged[1]} "
            "(merged cells); make it one row with one heading per column, e.g. "
            "'PCT filings' and 'PCT share'"
        )
    cols = recognise_columns(header)
    result.columns = cols
    ignored = [h for j, h in enumerate(header) if h and j not in cols.values()]
    if ignored:
        result.notes.append(
            f"{sheet.where}:{header_line}: columns not imported: " + ", ".join(ignored)
        )
    if any("\u4e00" <= ch <= "\u9fff" for ch in header[cols["name"]]):
        result.language = "zh-Hans"
    blank: list[int] = []
    last_line = header_line
    for line, cells in sheet.rows[header_index + 1 :]:
        if not any(cells):
            blank.append(line)
            continue
        last_line = line
        result_row = _read_row(sheet.where, line, cells, cols, economies, result.problems)
        if result_row is not None:
            result.rows.append(result_row)
    inner = [b for b in blank if b < last_line]
    if inner:
        result.notes.append(f"{sheet.where}: blank rows skipped: {spans(inner)}")
    if not result.rows and not result.problems:
        result.problems.append(f"{sheet.where}:{header_line}: no data rows under the header")
    return result


def _read_row(
    where: str,
    line: int,
    cells: list[str],
    cols: dict[str, int],
    economies: EconomyNames,
    problems: list[str],
) -> FileRow | None:
    def cell(fld: str) -> str:
        j = cols.get(fld)
        return cells[j].strip() if j is not None and j < len(cells) else ""

    before = len(problems)
    for fld in cols:
        text = cell(fld)
        if unsafe_characters(text):  # never stored, never echoed: Word's \x0b, an ESC …
            problems.append(f"{where}:{line}: {fld}: control-character: {describe_unsafe(text)}")
        elif len(text) > schema.MAX_TEXT_LENGTH:
            problems.append(
                f"{where}:{line}: {fld}: too-long: {len(text):,} characters; the limit is "
                f"{schema.MAX_TEXT_LENGTH:,}"
            )
    if len(problems) > before:
        return None
    rank_text = unicodedata.normalize("NFKC", cell("rank"))
    rank = int(rank_text) if RANK_TEXT.match(rank_text) else None
    if not rank_text:
        problems.append(f"{where}:{line}: rank: required: the rank cell is empty")
    elif rank is None:
        problems.append(
            f"{where}:{line}: rank: integer: {rank_text!r} is not a whole number; remove marks "
            "such as '=' (a tie or a formula) or '*' (a footnote) and put their meaning in a note"
        )
    elif not 1 <= rank <= 100:
        problems.append(f"{where}:{line}: rank: range: {rank} is not between 1 and 100")
    name = cell("name")
    if not name:
        problems.append(f"{where}:{line}: name: required: the cluster name is empty")
    codes = economies.codes(cell("economy"))
    if codes is None:
        shown = cell("economy")
        problems.append(
            f"{where}:{line}: economy: "
            + (f"economy: {shown!r} is not an economy code or name" if shown else "required: empty")
        )
    values: list[tuple[str, float]] = []
    for fld in (*COUNT_FIELDS, *SHARE_FIELDS):
        text = cell(fld)
        if not text:
            continue
        share = fld in SHARE_FIELDS
        number = _number(text, share=share)
        if number is None or not math.isfinite(number):
            problems.append(f"{where}:{line}: {fld}: number: {text!r} is not a number")
        elif number < 0 or (share and number > 100):
            allowed = "between 0 and 100" if share else "0 or more"
            problems.append(f"{where}:{line}: {fld}: range: {text!r} is not {allowed}")
        else:
            values.append((fld, number))
    metrics: list[tuple[str, float]] = []
    for fld in METRIC_FIELDS:
        text = cell(fld)
        if not text:
            continue
        number = _number(text)
        if fld in RANK_FIELDS and (number is None or not RANK_TEXT.match(text.strip())):
            problems.append(f"{where}:{line}: {fld}: integer: {text!r} is not a whole number")
        elif number is None or not math.isfinite(number):
            problems.append(f"{where}:{line}: {fld}: number: {text!r} is not a number")
        elif fld in RANK_FIELDS and not 1 <= number <= 100:
            problems.append(f"{where}:{line}: {fld}: range: {text!r} is not between 1 and 100")
        elif number < 0:
            problems.append(f"{where}:{line}: {fld}: range: {text!r} is not 0 or more")
        else:
            metrics.append((fld, number))
    if len(problems) > before:
        return None
    return FileRow(
        line,
        int(rank),
        name,
        tuple(codes or ()),
        cell("name_zh"),
        tuple(values),
        tuple(metrics),
    )


def spans(numbers: Iterable[int]) -> str:
    """[3, 4, 5, 9] → "3–5, 9"."""
    out: list[str] = []
    run: list[int] = []
    for n in sorted(set(numbers)):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [n]
    if run:
        out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)
