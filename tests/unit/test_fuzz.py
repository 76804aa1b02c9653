"""Fuzzing, kept in the suite: CSV bytes of every table, import tables (CSV and XLSX), every URL
key, release-log lines. Each input either gives a clear problem naming where, or works: never a
traceback, never a changed data/, never a dead process.

A few hundred examples in all by default; `HYPOTHESIS_PROFILE=long` runs thousands each.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gba_dash import cli, ingest, params, release_log, releases, schema
from gba_dash.problems import RULES
from tests.conftest import WORLD, fuzz

#: Text a careless or hostile file holds: controls, bidi, quotes, separators, formulas, CJK,
#: full-width digits, huge runs.
NASTY = st.text(
    alphabet=st.sampled_from(
        [
            *"ab1 ,;\"'\n\r\t=+-@%.[]()<>*_#:$",
            *("\x00", "\x0b", "\x1b", "\x85", "\u202e", "\ufffe", "深", "圳", "４", "，", "１"),
        ]
    ),
    max_size=40,
) | st.text(max_size=20)

#: Characters XML 1.0 cannot hold (a workbook's XML writes them as _xHHHH_ escapes).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _assert_problems_name_where(problems, file_names: set[str]) -> None:
    for problem in problems:
        assert problem.file in file_names, problem
        assert problem.line >= 0, problem
        assert problem.rule in RULES or problem.rule.startswith("range"), problem
        str(problem)  # printable, whatever the value


def _table_bytes(table: schema.Table, header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@st.composite
def _csv_of(draw, table: schema.Table) -> bytes:
    """A table's CSV: its own header (sometimes changed) and rows of nasty cells, or raw bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    header = list(table.column_names)
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    if draw(st.integers(0, 5)) == 0:
        header.append(draw(NASTY))
    rows = draw(st.lists(st.lists(NASTY, min_size=len(header), max_size=len(header)), max_size=4))
    raw = _table_bytes(table, header, rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    try:
        return raw.decode("utf-8").encode(encoding)
    except UnicodeEncodeError:
        return raw


@pytest.mark.parametrize("table", schema.TABLES, ids=lambda t: t.name)
def test_csv_bytes_of_every_table_give_problems_or_rows(table: schema.Table) -> None:
    @fuzz(25)
    @given(_csv_of(table))
    def check(raw: bytes) -> None:
        frame, problems = ingest.parse_table(table, table.file, raw)
        _assert_problems_name_where(problems, {table.file})
        assert list(frame.columns)[1:] == list(table.column_names)
        if not problems:  # what passed holds no character the door refuses
            for col in table.columns:
                if col.kind == "text":
                    for value in frame[col.name].dropna():
                        assert "\x0b" not in value
                        assert "\x1b" not in value

    check()


@fuzz(40)
@given(st.lists(st.text(max_size=200), max_size=6), st.integers(0, 35))
def test_release_log_lines_give_problems_or_a_log(lines: list[str], at: int) -> None:
    good = (WORLD / releases.LOG_FILE).read_text(encoding="utf-8").splitlines()
    mutated = good[:at] + lines + good[at:]
    log = release_log.parse_log("\n".join(mutated).encode("utf-8", "surrogatepass"))
    _assert_problems_name_where(log.problems, {releases.LOG_FILE})
    if not lines:
        assert log.problems == []


@fuzz(40)
@given(
    st.integers(1, 35),
    st.sampled_from(["release", "at", "state", "rows", "in", "table", "key", "change", "row"]),
    st.one_of(st.none(), st.integers(), st.text(max_size=30), st.lists(st.integers(), max_size=2)),
)
def test_a_log_line_with_a_field_changed_is_a_problem_at_that_line(
    line: int, field: str, value: object
) -> None:
    lines = (WORLD / releases.LOG_FILE).read_text(encoding="utf-8").splitlines()
    item = json.loads(lines[line - 1])
    if field not in item or item[field] == value:
        return
    item[field] = value
    lines[line - 1] = json.dumps(item, ensure_ascii=False)
    log = release_log.parse_log("\n".join(lines).encode())
    assert log.problems, (field, value)
    _assert_problems_name_where(log.problems, {releases.LOG_FILE})


#: Rows an import reads: a header it recognises, then cells of any kind.
_IMPORT_HEADER = ["Rank", "Cluster name", "Economy", "PCT filings", "Share of total PCT filings, %"]


@st.composite
def _import_rows(draw) -> list[list[object]]:
    rows: list[list[object]] = []
    if draw(st.booleans()):
        rows.append([draw(NASTY)])  # a title row
    rows.append(_IMPORT_HEADER)
    cell = NASTY | st.integers(-5, 200).map(str) | st.sampled_from(["JP", "CN/HK", "中国", ""])
    rows += draw(st.lists(st.lists(cell, min_size=5, max_size=5), max_size=5))
    return rows


def _import(rows: list[list[object]], kind: str, apply: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(WORLD, data)
        before = _snapshot(data)
        if kind == "csv":
            path = Path(tmp) / "t.csv"
            path.write_bytes(_table_bytes(schema.CLUSTER_RANKS, rows[0], rows[1:]))  # type: ignore[arg-type]
        else:
            import openpyxl

            book = openpyxl.Workbook()
            for row in rows:  # a workbook stores what XML cannot hold as _x000B_
                book.active.append(
                    [NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", str(c)) for c in row]
                )
            path = Path(tmp) / "t.xlsx"
            book.save(path)
        args = ["import", "ranking", str(path), "--edition", "2025", "--data", str(data)]
        code = cli.main([*args, "--add-clusters", "--apply"] if apply else args)
        assert code in (0, 1, 2)
        if code != 0 or not apply:
            assert _snapshot(data) == before
        else:
            assert ingest.load_tables(data).problems == []


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_import_tables_are_refused_clearly_or_imported(kind: str, capsys) -> None:
    @fuzz(20)
    @given(_import_rows(), st.booleans())
    def check(rows: list[list[object]], apply: bool) -> None:
        _import(rows, kind, apply)
        out = capsys.readouterr()
        for stream in (out.out, out.err):
            assert "\x1b" not in stream
            assert "Traceback" not in stream

    check()


#: Every URL key a page declares, with a parser as the page builds it (docs/urls.md).
_PARAMS = [
    params.choice_param("metric", ["a", "b"], "a"),
    params.multi_param("clusters", ["szhkgz", "tokyo_yokohama"], ["szhkgz"]),
    params.multi_param("geos", ["shenzhen"], [], allow_empty=True),
    params.int_param("edition", 2017, 2025, 2025),
    params.int_param("top", 5, 100, 20),
    params.range_param("years", 2015, 2025, (2015, 2025)),
    params.flag_param("present"),
]


@pytest.mark.parametrize("param", _PARAMS, ids=lambda p: p.key)
def test_every_kind_of_url_key_reads_a_valid_value_or_falls_back(param: params.Param) -> None:
    @fuzz(60)
    @given(st.one_of(st.none(), NASTY, st.text(min_size=500, max_size=600)))
    def check(raw: str | None) -> None:
        value, ok = param.read(raw)
        if not ok:
            assert value == param.default
        elif raw is not None:
            assert param.read(param.serialize(value)) == (value, True)  # round-trips

    check()
