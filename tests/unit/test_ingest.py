"""Every validation rule, each with one broken copy of the fixture world and its exact message."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest

from gba_dash import ingest, release_log, releases, schema
from gba_dash.problems import RULES


def _edit(file: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture text {old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def _write(file: str, raw: bytes) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        (data / file).write_bytes(raw)

    return apply


def _delete(file: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        (data / file).unlink()

    return apply


# rule → (how to break the world, the message line expected in the report)
def _append_line(file: str, line_number: int) -> Callable[[Path], None]:
    """Append a copy of line `line_number` of `file` to its end."""

    def apply(data: Path) -> None:
        path = data / file
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join([*lines, lines[line_number - 1]]) + "\n", encoding="utf-8")

    return apply


LOG = releases.LOG_FILE
#: The fixture world's log: its first release (line 1) and one change line per row after it.
LOG_LINES = len((Path(__file__).parents[1] / "data" / "world" / LOG).read_text().splitlines())

BROKEN: dict[str, tuple[Callable[[Path], None], str]] = {
    "file-missing": (_delete("terms.csv"), "terms.csv:0: -: file-missing"),
    "file-empty": (_write("breaks.csv", b""), "breaks.csv:1: -: file-empty"),
    "file-binary": (
        _write("breaks.csv", b"\x89PNG\r\n\x1a\n\x00\x00"),
        "breaks.csv:1: -: file-binary",
    ),
    "encoding": (_write("breaks.csv", b"break_id\n\xff\xfe\xfa\n"), "breaks.csv:1: -: encoding"),
    "csv-syntax": (
        _edit("geo.csv", "Shenzhen,22.5431", '"Shenzhen,22.5431'),
        "geo.csv:4: -: csv-syntax",
    ),
    "ragged-row": (
        _edit("clusters.csv", "Tokyo–Yokohama,JP,false", "Tokyo–Yokohama,JP,false,extra"),
        "clusters.csv:3: -: ragged-row: '7 cells, header has 6'",
    ),
    "column-missing": (
        _edit("terms.csv", "term_kind,code,sort_order,", "term_kind,code,order,"),
        "terms.csv:1: sort_order: column-missing",
    ),
    "column-unknown": (
        _edit("terms.csv", "term_kind,code,sort_order,", "term_kind,code,order,"),
        "terms.csv:1: order: column-unknown: 'order'",
    ),
    "column-duplicate": (
        _edit("terms.csv", "term_kind,code,sort_order,", "term_kind,code,code,"),
        "terms.csv:1: code: column-duplicate: 'code'",
    ),
    "required": (
        _edit(
            "observations.csv",
            "rd_intensity,guangdong,2023,3.54,exact,gd_bulletin,high",
            "rd_intensity,guangdong,2023,,exact,gd_bulletin,high",
        ),
        "observations.csv:6: value: required",
    ),
    "id-format": (
        _edit(
            "observations.csv", "rd_intensity,guangdong,2023,2.8", "RD intensity,guangdong,2023,2.8"
        ),
        "observations.csv:7: indicator_id: id-format: 'RD intensity'",
    ),
    "code-format": (
        _edit("clusters.csv", ",JP,false", ",Japan!,false"),
        "clusters.csv:3: economies: code-format: 'Japan!'",
    ),
    "integer": (
        _edit("cluster_ranks.csv", "2024,szhkgz,2,", "2024,szhkgz,2.5,"),
        "cluster_ranks.csv:3: rank: integer: '2.5'",
    ),
    "number": (
        _edit("observations.csv", "2023,75000,", "2023,many,"),
        "observations.csv:2: value: number: 'many'",
    ),
    "number-with-unit": (
        _edit("observations.csv", "2024,77000,approx", "2024,7.7万,approx"),
        "observations.csv:3: value: number-with-unit: '7.7万'",
    ),
    "range": (
        _edit("cluster_ranks.csv", "2024,szhkgz,2,", "2024,szhkgz,101,"),
        "cluster_ranks.csv:3: rank: range: '101'",
    ),
    "range-year": (
        _edit("observations.csv", "guangdong,2023,75000", "guangdong,1899,75000"),
        "observations.csv:2: year: range: '1899'",
    ),
    "boolean": (
        _edit("clusters.csv", "JP,false", "JP,nope"),
        "clusters.csv:3: is_gba: boolean: 'nope'",
    ),
    "date": (
        _edit("pilot_events.csv", "2025-11-19", "2025-13-19"),
        "pilot_events.csv:3: date: date: '2025-13-19'",
    ),
    "enum": (
        _edit("observations.csv", "75000,lower_bound", "75000,roughly"),
        "observations.csv:2: qualifier: enum: 'roughly'",
    ),
    "primary-key": (
        _edit(
            "observations.csv",
            "rd_intensity,guangdong,2023,2.8,exact,blog",
            "rd_intensity,guangdong,2023,2.8,exact,gd_bulletin",
        ),
        "observations.csv:7: indicator_id+geo_id+year+source_id: primary-key",
    ),
    "unique": (
        _edit("cluster_ranks.csv", "2024,szhkgz,2,", "2024,szhkgz,1,"),
        "cluster_ranks.csv:3: edition+rank: unique: 'edition=2024, rank=1'",
    ),
    "foreign-key": (
        _edit("observations.csv", "2.8,exact,blog", "2.8,exact,nosuchsource"),
        "observations.csv:7: source_id: foreign-key: 'nosuchsource'",
    ),
    "foreign-key-list": (
        _edit("pilots.csv", "shenzhen;hong_kong", "shenzhen;atlantis"),
        "pilots.csv:2: cities: foreign-key: 'atlantis'",
    ),
    "milestone-before-announced": (
        _edit("pilot_events.csv", "szhk_dvp,2023-11-29", "szhk_dvp,2023-10-01"),
        "pilot_events.csv:2: date: milestone-before-announced: '2023-10-01 < 2023-11-29'",
    ),
    "headline-unresolved": (
        _edit("headlines.csv", "guangdong,2024,art", "guangdong,2022,art"),
        "headlines.csv:2: indicator_id+geo_id+year+source_id: headline-unresolved",
    ),
    "status-unjustified": (
        _edit("pilots.csv", "2024-05,scaling", "2024-05,operational"),
        "pilots.csv:2: status: status-unjustified: 'operational'",
    ),
    "alias-ambiguous": (
        _write("cluster_aliases.csv", b"alias,cluster_id,note\nTokyo-Yokohama,szhkgz,\n"),
        "cluster_aliases.csv:2: alias: alias-ambiguous: 'Tokyo-Yokohama names tokyo_yokohama and",
    ),
    "conflict-unheld": (
        _write(
            "cluster_rank_conflicts.csv",
            b"edition,cluster_id,rank,name_published,source_ids,confidence,note\n"
            b"2019,szhkgz,3,Shenzhen-Hong Kong,blog,medium,\n",
        ),
        "cluster_rank_conflicts.csv:2: rank: conflict-unheld: '2019 szhkgz'",
    ),
    "conflict-agrees": (
        _write(
            "cluster_rank_conflicts.csv",
            b"edition,cluster_id,rank,name_published,source_ids,confidence,note\n"
            b"2024,szhkgz,2,Shenzhen-Hong Kong-Guangzhou,blog,medium,\n",
        ),
        "cluster_rank_conflicts.csv:2: rank: conflict-agrees: '2024 szhkgz'",
    ),
    # Word's manual line break, pasted into a name
    "control-character": (
        _edit("clusters.csv", "Tokyo–Yokohama,JP", "Tokyo\x0b–Yokohama,JP"),
        "clusters.csv:3: name_en: control-character: 'U+000B at 6'",
    ),
    "control-character-escape": (
        _edit("sources.csv", "Some site", "Some \x1b[31msite"),
        "sources.csv:5: publisher: control-character: 'U+001B at 6'",
    ),
    "control-character-bidi": (
        _edit("sources.csv", "A blog, with a comma", "A blog\u202e, with a comma"),
        "sources.csv:5: title: control-character: 'U+202E at 7'",
    ),
    "control-character-newline-in-name": (
        _edit("clusters.csv", "Tokyo–Yokohama,JP", '"Tokyo\n–Yokohama",JP'),
        "clusters.csv:3: name_en: control-character: 'U+000A at 6'",
    ),
    "control-character-header": (
        _edit("terms.csv", "term_kind,code,", "term_kind\x01,code,"),
        "terms.csv:1: -: control-character: 'U+0001 at 10'",
    ),
    "url-format": (
        _edit("sources.csv", "https://www.wipo.int/gii,,2024", "javascript:alert(1),,2024"),
        "sources.csv:2: url: url-format: 'javascript:alert(1)'",
    ),
    "too-long": (
        _edit("sources.csv", "A blog, with a comma", "A blog" + "x" * 1000),
        "sources.csv:5: title: too-long",
    ),
    "release-json": (_edit(LOG, '{"at"', 'not json {"at"'), f"{LOG}:1: -: release-json"),
    "release-field": (_edit(LOG, '"state":"', '"state":"zz'), f"{LOG}:1: state: release-field"),
    "release-order": (_append_line(LOG, 1), f"{LOG}:{LOG_LINES + 1}: release: release-order"),
    "release-replay": (_append_line(LOG, 2), f"{LOG}:{LOG_LINES + 1}: key: release-replay"),
    "release-state": (
        _edit(LOG, '"value":77000', '"value":77001'),
        f"{LOG}:1: state: release-state",
    ),
}


def test_a_conflicting_rank_beside_a_held_one_is_valid(world: Path) -> None:
    _write(
        "cluster_rank_conflicts.csv",
        b"edition,cluster_id,rank,name_published,source_ids,confidence,note\n"
        b"2024,szhkgz,3,Shenzhen-Hong Kong-Guangzhou,blog,medium,one outlet\n",
    )(world)
    assert ingest.load_tables(world).problems == []


def test_world_is_clean(world: Path) -> None:
    result = ingest.load_tables(world)
    assert result.problems == []
    assert set(result.tables) == set(schema.TABLES_BY_NAME)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_rule_reports_its_message(world: Path, case: str) -> None:
    breaker, expected = BROKEN[case]
    breaker(world)
    found = ingest.load_tables(world).problems + release_log.read_log(world / LOG).problems
    lines = [str(p) for p in found]
    assert any(line.startswith(expected) for line in lines), lines


def test_every_rule_has_a_broken_fixture() -> None:
    covered = {expected.split(": ")[2] for _, expected in BROKEN.values()}
    assert covered >= set(RULES) - {"build-error"}


def test_a_note_may_hold_line_breaks_but_no_other_control(world: Path) -> None:
    _edit("pilot_events.csv", "The article says December 2025", '"The article\nsays\tDecember"')(
        world
    )
    assert ingest.load_tables(world).problems == []
    _edit("pilot_events.csv", "The article\nsays", "The article\x0bsays")(world)
    assert [p.rule for p in ingest.load_tables(world).problems] == ["control-character"]


def test_a_control_character_is_reported_not_printed(world: Path) -> None:
    _edit("clusters.csv", "Tokyo–Yokohama,JP", "Tokyo\x1b[2J–Yokohama,JP")(world)
    (problem,) = ingest.load_tables(world).problems
    assert "\x1b" not in str(problem)
    assert "U+001B" in str(problem)


def test_all_failures_reported_in_one_run(world: Path) -> None:
    _edit("observations.csv", "2023,75000,", "2023,many,")(world)
    _edit("clusters.csv", "JP,false", "JP,nope")(world)
    _edit("pilots.csv", "shenzhen;hong_kong", "shenzhen;atlantis")(world)
    rules = {p.rule for p in ingest.load_tables(world).problems}
    assert {"number", "boolean", "foreign-key"} <= rules


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", True), ("gb18030", False), ("gbk", False)],
)
def test_excel_encodings_are_read(world: Path, encoding: str, bom: bool) -> None:
    path = world / "geo.csv"
    text = path.read_text(encoding="utf-8")
    raw = text.encode(encoding)
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + raw)
    result = ingest.load_tables(world)
    assert result.problems == []
    assert "深圳" in set(result.tables["geo"]["name_zh_hans"])


def test_full_width_digits_and_separators_are_normalised(world: Path) -> None:
    _edit("observations.csv", "2024,500000,", '２０２４,"５００，０００",')(world)
    _edit("observations.csv", "2023,75000,", '2023,"75,000¹",')(world)
    result = ingest.load_tables(world)
    assert result.problems == []
    obs = result.tables["observations"]
    assert set(obs["value"]) >= {500000, 75000}


def test_crlf_and_quoted_newlines_keep_line_numbers(world: Path) -> None:
    path = world / "sources.csv"
    text = path.read_text(encoding="utf-8").replace(
        "A blog, with a comma", "A blog,\nover two lines"
    )
    path.write_bytes(text.replace("\n", "\r\n").encode())
    _edit("sources.csv", "art,article", "art,bogus")(world)
    lines = [str(p) for p in ingest.load_tables(world).problems]
    assert any(line.startswith("sources.csv:7: kind: enum: 'bogus'") for line in lines), lines


def test_problem_line_format() -> None:
    problem = ingest.Problem("x.csv", 3, "value", "number", "abc")
    assert str(problem).startswith("x.csv:3: value: number: 'abc' (")
