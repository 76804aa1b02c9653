"""Read the CSV tables, normalise them and check them against the contract in `schema`.

Every failure is collected, never raised: `load_tables` returns the typed tables together with a
list of `Problem`s (file, line, column, rule, value), so one run reports everything that is wrong.
Nothing here writes; `db_build.build_database` only writes when the list is empty.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from gba_dash import schema
from gba_dash.inputs import Inputs, read_inputs
from gba_dash.problems import LINE_COLUMN, Problem
from gba_dash.safe_text import LINE_BREAKS, describe_unsafe, unsafe_characters, web_address
from gba_dash.schema import Column, Table
from gba_dash.table_rules import check_keys, check_semantics

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_CODE_RE = re.compile(r"^(?:[a-z0-9][a-z0-9_]*|[A-Z]{2,3})$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
# Footnote markers that sources append to figures; stripped before NFKC turns ¹ into 1.
_FOOTNOTE_RE = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰①②③④⑤⑥⑦⑧⑨⑩*†‡§]+$")
_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_GLUED_UNIT_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*\S+$")
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


@dataclass
class LoadResult:
    """The typed tables (one DataFrame per table) and every problem found on the way."""

    tables: dict[str, pd.DataFrame]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


# ---------------------------------------------------------------------------------------- bytes


def decode_bytes(raw: bytes) -> tuple[str | None, str | None]:
    """Decode deterministically: BOM → UTF-8 (strict) → GB18030 (strict) → reject.

    Returns (text, None) or (None, rule). Guessing libraries mislabel short GBK samples, so
    nothing here guesses.
    """
    if b"\x00" in raw:
        return None, "file-binary"
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw[len(codecs.BOM_UTF8) :].decode("utf-8"), None
        except UnicodeDecodeError:
            return None, "encoding"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None, "encoding"
    # GB18030 maps almost any byte string to *something*; control characters mean it was binary.
    if any(unicodedata.category(ch) == "Cc" and ch not in "\r\n\t" for ch in text):
        return None, "file-binary"
    return text, None


def parse_csv(text: str, file: str) -> tuple[list[str], list[tuple[int, list[str]]], list[Problem]]:
    """Split CSV text into a header and (line number, cells) rows; report syntax problems."""
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] = []
    start = 1
    try:
        for cells in reader:
            if not header:
                header = [h.strip() for h in cells]
                start = reader.line_num + 1
                continue
            if cells and any(c.strip() for c in cells):
                if len(cells) != len(header):
                    problems.append(
                        Problem(
                            file,
                            start,
                            "",
                            "ragged-row",
                            f"{len(cells)} cells, header has {len(header)}",
                        )
                    )
                else:
                    rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(file, start, "", "csv-syntax", str(exc)))
    if not header or not any(header):
        problems.append(Problem(file, 1, "", "file-empty", ""))
    return header, rows, problems


# ---------------------------------------------------------------------------------------- cells


def normalise_number_text(cell: str) -> str:
    """Full-width digits and separators to ASCII, footnote markers and thousands commas dropped."""
    text = _FOOTNOTE_RE.sub("", cell.strip())
    text = unicodedata.normalize("NFKC", text).strip()
    if _THOUSANDS_RE.match(text):
        text = text.replace(",", "")
    return text


def _check_cell(col: Column, cell: str) -> tuple[object, str | None]:
    """Turn one non-empty cell into its typed value, or name the rule it breaks."""
    if col.kind == "text":
        return (cell, None) if len(cell) <= schema.MAX_TEXT_LENGTH else (None, "too-long")
    if col.kind == "url":
        return (cell, None) if web_address(cell) == cell else (None, "url-format")
    if col.kind in ("int", "float"):
        text = normalise_number_text(cell)
        if not _NUMBER_RE.match(text):
            return None, "number-with-unit" if _GLUED_UNIT_RE.match(text) else (
                "integer" if col.kind == "int" else "number"
            )
        value = float(text)
        if col.kind == "int":
            if not value.is_integer():
                return None, "integer"
            value = int(value)
        if (col.min is not None and value < col.min) or (col.max is not None and value > col.max):
            return None, "range"
        return value, None
    text = unicodedata.normalize("NFKC", cell).strip()
    if col.kind == "bool":
        low = text.lower()
        if low in _TRUE:
            return True, None
        if low in _FALSE:
            return False, None
        return None, "boolean"
    if col.kind == "date":
        match = _DATE_RE.match(text)
        if not match or not _valid_date_parts(*match.groups()):
            return None, "date"
        return text, None
    if col.kind == "enum":
        return (text, None) if text in col.choices else (None, "enum")
    pattern = _ID_RE if col.kind == "id" else _CODE_RE
    items = text.split(schema.LIST_SEP) if col.is_list else [text]
    items = [i.strip() for i in items]
    if not all(pattern.match(i) for i in items):
        return None, "id-format" if col.kind == "id" else "code-format"
    return ";".join(items), None


def _valid_date_parts(year: str, month: str | None, day: str | None) -> bool:
    y = int(year)
    if not schema.YEAR_MIN <= y <= schema.YEAR_MAX:
        return False
    if month is None:
        return True
    if not 1 <= int(month) <= 12:
        return False
    if day is None:
        return True
    try:
        pd.Timestamp(year=y, month=int(month), day=int(day))
    except ValueError:
        return False
    return True


def _typed_frame(table: Table, header: list[str], rows, file: str) -> tuple[pd.DataFrame, list]:
    problems: list[Problem] = []
    known = set(table.column_names)
    seen: set[str] = set()
    for name in header:
        if unsafe_characters(name):
            problems.append(Problem(file, 1, "", "control-character", describe_unsafe(name)))
            continue
        if name in seen:
            problems.append(Problem(file, 1, name, "column-duplicate", name))
        seen.add(name)
        if name not in known:
            problems.append(Problem(file, 1, name, "column-unknown", name))
    present = [c for c in table.columns if c.name in seen]
    for col in table.columns:
        if col.name not in seen:
            problems.append(Problem(file, 1, col.name, "column-missing", ""))
    index = {name: header.index(name) for name in seen}
    records: list[dict[str, object]] = []
    for line, cells in rows:
        record: dict[str, object] = {LINE_COLUMN: line}
        for col in present:
            raw = cells[index[col.name]]
            if unsafe_characters(raw, LINE_BREAKS if col.multiline else ""):
                allow = LINE_BREAKS if col.multiline else ""
                problems.append(
                    Problem(file, line, col.name, "control-character", describe_unsafe(raw, allow))
                )
                record[col.name] = None
                continue
            cell = raw.strip()
            if not cell:
                if col.required:
                    problems.append(Problem(file, line, col.name, "required", ""))
                record[col.name] = None
                continue
            value, rule = _check_cell(col, cell)
            if rule:
                problems.append(Problem(file, line, col.name, rule, cell))
            record[col.name] = value
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=[LINE_COLUMN, *table.column_names])
    return _apply_dtypes(frame, table), problems


_DTYPES = {
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
}


def _apply_dtypes(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    for col in table.columns:
        frame[col.name] = frame[col.name].astype(_DTYPES.get(col.kind, "string"))
    frame[LINE_COLUMN] = frame[LINE_COLUMN].astype("int64")
    return frame


# ---------------------------------------------------------------------------------------- tables


def _empty(table: Table) -> pd.DataFrame:
    return _apply_dtypes(
        pd.DataFrame({LINE_COLUMN: [], **{c: [] for c in table.column_names}}), table
    )


def parse_table(table: Table, file: str, raw: bytes) -> tuple[pd.DataFrame, list[Problem]]:
    """One table's CSV bytes, decoded and checked; the frame is empty when unreadable."""
    empty = _empty(table)
    if not raw.strip():
        return empty, [Problem(file, 1, "", "file-empty", "")]
    text, rule = decode_bytes(raw)
    if text is None:
        return empty, [Problem(file, 1, "", rule or "encoding", _suggest_encoding(raw))]
    header, rows, problems = parse_csv(text, file)
    if any(p.rule in ("file-empty", "csv-syntax") for p in problems) and not rows:
        return empty, problems
    frame, cell_problems = _typed_frame(table, header, rows, file)
    return frame, problems + cell_problems


def _suggest_encoding(raw: bytes) -> str:
    """A hint for the error message only; decoding never relies on a guess."""
    try:
        from charset_normalizer import from_bytes  # shipped with requests, a streamlit dependency
    except ImportError:  # pragma: no cover - optional hint
        return ""
    best = from_bytes(raw[:4096]).best()
    return f"looks like {best.encoding}; save as UTF-8" if best else "save as UTF-8"


def load_tables(data_dir: Path, names: Iterable[str] | None = None) -> LoadResult:
    """Read and check every table in `data_dir` (see `load_inputs`)."""
    return load_inputs(read_inputs(data_dir), names)


def load_inputs(inputs: Inputs, names: Iterable[str] | None = None) -> LoadResult:
    """Check every table of `inputs` (the bytes of a data folder, read once); cross-table rules
    run on what could be read."""
    wanted = set(names) if names is not None else None
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for table in schema.TABLES:
        if wanted is not None and table.name not in wanted:
            continue
        raw = inputs.files.get(table.file)
        if raw is None:
            reason = inputs.errors.get(table.file, table.file)
            tables[table.name] = _empty(table)
            problems.append(Problem(table.file, 0, "", "file-missing", reason))
            continue
        frame, found = parse_table(table, table.file, raw)
        tables[table.name] = frame
        problems.extend(found)
    if wanted is None:
        problems.extend(check_keys(tables))
        problems.extend(check_semantics(tables))
    return LoadResult(
        tables, sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.rule))
    )
