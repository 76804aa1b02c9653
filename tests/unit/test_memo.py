"""The memo pack on the fixture world: items kept as addresses, each re-opened from its link in
the memo's language and release, written as a Word document that python-docx reads back: A4,
a heading, picture with alt text, key point with its citation mark and source line per item,
then the references (GB/T 7714 in Chinese, APA in English) with permalinks and the release;
every style with an East Asian face and language; the same bytes for the same memo."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from gba_dash import cli, db, memo, memo_docx, view_files, view_links
from gba_dash.export.fonts import EAST_ASIAN_FONT, OFFICE_FALLBACK, TEXT_LANG
from gba_dash.i18n import t

BASE = "https://gba.example"
DAY = "2026-12-05"
ITEMS = (
    memo.MemoItem("/clusters", "cluster-ranking"),
    memo.MemoItem("/hightech?part=share", "hightech-share"),
    memo.MemoItem("/", "gd_hte_2024"),
)


@pytest.fixture
def database(world_db: Path) -> db.ReadOnlyDatabase:
    return db.ReadOnlyDatabase(world_db)


def _document(content: bytes):
    return docx.Document(io.BytesIO(content))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_a_three_item_memo_says_what_each_view_shows(database, lang: str) -> None:
    found = memo.memo(database, ITEMS, lang, base=BASE, today=DAY)
    document = _document(memo_docx.memo_docx(found))
    texts = _texts(document)
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert texts[0] == t("memo.file.title", lang)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == [f"{n}. {e.title}" for n, e in enumerate(found.entries, start=1)]
    # the two charts as pictures, each described by its key point; the figure as text
    pictures = document.inline_shapes
    assert len(pictures) == 2
    charts = [e for e in found.entries if e.kind == "chart"]
    for picture, entry in zip(pictures, charts, strict=True):
        described = picture._inline.docPr
        assert described.get("descr") == entry.key_point
        assert described.get("title") == entry.title
        assert picture.width.cm <= 21.0 - 2 * memo_docx.MARGIN_CM + 0.01
    figure = found.entries[2]
    assert figure.kind == "figure"
    assert figure.value in texts
    # every key point, with its numbered citation mark; every source line
    for n, entry in enumerate(found.entries, start=1):
        assert f"{entry.key_point}[{n}]" in texts
        marks = [r for p in document.paragraphs for r in p.runs if r.text == f"[{n}]"]
        assert marks
        assert marks[0].font.superscript
        assert entry.source
        assert entry.source in texts
    # the references: each view cited in the reader's style, pinned to the release, linked
    references = texts[texts.index(t(f"memo.file.references.{found.style}", lang)) + 1 :]
    assert len(references) == 3
    view = view_links.open_view(database, "clusters", {}, lang)
    for n, (line, entry) in enumerate(zip(references, found.entries, strict=True), start=1):
        assert line.startswith(f"[{n}] {t('app.title', lang)}")
        assert f"release={view.release}" in line
        assert view.release in line
        assert entry.link in line
        assert entry.link.startswith(BASE)
        assert ("[Data set]" if lang == "en" else "[EB/OL]") in line
    rels = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("hyperlink")]
    assert rels == [e.link for e in found.entries]
    props = document.core_properties
    assert props.title == t("memo.file.title", lang)
    assert props.language == TEXT_LANG[lang]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_every_style_names_an_east_asian_face_and_the_font_table_its_fallback(
    database, lang: str
) -> None:
    content = memo_docx.memo_docx(memo.memo(database, ITEMS[:1], lang, today=DAY))
    document = _document(content)
    face = EAST_ASIAN_FONT[lang]
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption"):
        props = document.styles[name].element.rPr
        assert props.find(qn("w:rFonts")).get(qn("w:eastAsia")) == face
        marked = props.find(qn("w:lang")).get(qn("w:eastAsia"))
        assert marked == TEXT_LANG["zh-Hans" if lang == "en" else lang]
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        table = package.read("word/fontTable.xml").decode("utf-8")
    alt_name, charset = OFFICE_FALLBACK[face]
    assert f'w:name="{face}"' in table
    assert alt_name in table
    assert f'w:val="{charset}"' in table


def test_the_same_memo_is_the_same_bytes(database) -> None:
    first = memo_docx.memo_docx(memo.memo(database, ITEMS, "zh-Hans", base=BASE, today=DAY))
    again = memo_docx.memo_docx(memo.memo(database, ITEMS, "zh-Hans", base=BASE, today=DAY))
    assert first == again
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {i.date_time[:3] for i in package.infolist()} == {(2026, 12, 5)}


def test_items_collected_in_one_language_are_written_in_the_memos(database) -> None:
    # an item keeps its view's keys, not the language it was added in
    kept = memo.item_link("clusters", [("lang", "zh-Hans"), ("top", "20"), ("present", "1")])
    assert kept == "/clusters?top=20"
    found = memo.memo(database, [memo.MemoItem(kept, "cluster-ranking")], "en", today=DAY)
    assert "lang=en" in found.entries[0].link
    assert found.style == "apa"
    assert memo.citation_style("zh-Hant") == "gbt"


def test_a_pinned_item_says_its_release_and_an_unopenable_one_is_named(rank_revised) -> None:
    path, first, latest = rank_revised
    database = db.ReadOnlyDatabase(path)
    assert latest != first
    items = [
        memo.MemoItem(f"/clusters?chart=history&release={first}", "cluster-history"),
        memo.MemoItem("/clusters?chart=history", "cluster-history"),
        memo.MemoItem("/clusters?release=1999-01-01-000000", "cluster-ranking"),
        memo.MemoItem("/clusters", "no-such-chart"),
    ]
    found = memo.memo(database, items, "en", today=DAY)
    pinned, now, gone, unknown = found.entries
    assert first in pinned.citation
    assert latest in now.citation
    assert pinned.key_point != now.key_point  # the values of the release each names
    assert not pinned.missing
    assert not now.missing
    assert gone.missing
    assert unknown.missing
    assert "1999-01-01-000000" in gone.key_point
    content = memo_docx.memo_docx(found)
    assert len(_document(content).inline_shapes) == 2


def test_items_are_kept_once_and_at_most_the_limit() -> None:
    one = memo.MemoItem("/clusters", "cluster-ranking")
    held = memo.added((), one)
    assert memo.added(held, one) == held
    assert memo.removed(held, one) == ()
    many = tuple(memo.MemoItem("/hightech", f"c{i}") for i in range(memo.MAX_ITEMS))
    with pytest.raises(memo.MemoFull):
        memo.added(many, one)
    assert one.address == "/clusters#cluster-ranking"
    assert memo.parse_items("/clusters?lang=en&edition=2025#cluster-ranking") == [
        memo.MemoItem("/clusters?edition=2025", "cluster-ranking")
    ]


def test_the_commands_write_the_memo_the_panel_gives(
    world: Path, tmp_path: Path, database, capsys
) -> None:
    paths = ["--data", str(world), "--db", str(tmp_path / "w.duckdb")]
    out = tmp_path / "memo.docx"
    addresses = [item.address for item in ITEMS]
    args = ["export", "memo", *addresses, "--lang", "en", "--base-url", BASE, "-o", str(out)]
    assert cli.main([*args, *paths]) == 0
    assert "3 items" in capsys.readouterr().out
    document = _document(out.read_bytes())
    assert len(document.inline_shapes) == 2
    # a link without a fragment adds every chart its view shows
    whole = tmp_path / "whole.docx"
    assert cli.main(["export", "memo", "/pilots", "-o", str(whole), *paths]) == 0
    assert len(_document(whole.read_bytes()).inline_shapes) == 3
    assert cli.main(["export", "memo", "/nowhere#x", "-o", str(whole), *paths]) == 2
    assert "no view of 'nowhere'" in capsys.readouterr().err
    assert cli.main(["export", "memo", "/pilots#nope", "-o", str(whole), *paths]) == 2
    assert "no chart or figure 'nope'" in capsys.readouterr().err
    # `export view --format docx`: the chart as a one-item memo
    made = view_files.view_file(
        database, "/hightech?lang=zh-Hans&part=share", "docx", base=BASE, today=DAY
    )
    assert made.chart == "hightech-share"
    assert made.name.endswith(".docx")
    one = _document(made.content)
    assert len(one.inline_shapes) == 1
    same = memo.memo(
        database,
        [memo.MemoItem("/hightech?part=share", "hightech-share")],
        "zh-Hans",
        base=BASE,
        today=DAY,
    )
    assert made.content == memo_docx.memo_docx(same)
