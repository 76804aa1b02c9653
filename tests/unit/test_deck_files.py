"""Decks to carry, on the fixture world: slides (slides.py), the PowerPoint file and the PDF
(deck_files), and `gba-dash export deck`.

The PowerPoint file is opened with python-pptx and the PDF with pypdf, as a reader's tools
would: a slide per view, a picture on every slide with its alt text, the title, the link and
the notes in the chosen language, East Asian fonts on every run of text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from gba_dash import cli, db, deck_files, decks, export, slides
from gba_dash.i18n import t

BASE = "https://gba.example.org"
DECK = decks.parse_deck(
    "world",
    """
title = { zh-Hans = "世界演示", zh-Hant = "世界簡報", en = "World deck" }

[[views]]
path = "/"
query = "figures=gd_hte_2024"
title = { zh-Hans = "关键数字", zh-Hant = "關鍵數字", en = "The figures" }

[[views]]
path = "/clusters"
query = "edition=2025&top=10"
title = { zh-Hans = "集群排名", zh-Hant = "集群排名", en = "The ranking" }

[[views]]
path = "/hightech"
query = "view=level"
title = { zh-Hans = "高新技术企业", zh-Hant = "高新技術企業", en = "High-tech growth" }

[[views]]
path = "/pilots"
query = "pilot=szhk_dvp&part=timeline"
title = { zh-Hans = "试点进展", zh-Hant = "試點進展", en = "The pilots" }
""",
)
LANGS = ("zh-Hans", "zh-Hant", "en")
#: The language each file marks its text with, and a phrase of its notes.
MARKED = {"zh-Hans": "zh-CN", "zh-Hant": "zh-HK", "en": "en-US"}

pytestmark = pytest.mark.skipif(not export.cjk_font_available(), reason=export.FONT_PACKAGE)


@pytest.fixture(scope="module")
def database(world_db: Path) -> db.ReadOnlyDatabase:
    return db.ReadOnlyDatabase(world_db)


@pytest.fixture(scope="module")
def made(database) -> dict:
    """Each language's slides and both files (made once: each takes a second or two)."""
    out = {}
    for lang in LANGS:
        shown = slides.deck_slides(database, DECK, lang, base=BASE)
        out[lang] = (
            shown,
            deck_files.deck_file(shown, lang, "pptx"),
            deck_files.deck_file(shown, lang, "pdf"),
        )
    return out


def test_a_slide_per_view_with_its_link_points_source_and_citation(made) -> None:
    shown, _, _ = made["en"]
    assert [s.title for s in shown] == [v.title["en"] for v in DECK.views]
    assert [s.n for s in shown] == [1, 2, 3, 4]
    release = shown[0].view.release
    assert release
    for slide in shown:
        assert slide.link.startswith(f"{BASE}/")
        assert f"release={release}" in slide.link
        assert "lang=en" in slide.link
        assert slide.points, slide.title
        assert slide.source
        assert "\n" not in slide.source
        assert "[EB/OL]" in slide.citation
        assert slide.link in slide.citation
    assert shown[1].link.startswith(f"{BASE}/clusters?edition=2025&top=10&")
    assert "2025" in " ".join(shown[1].points)  # the ranking's one-sentence summary


def test_a_release_is_pinned_and_an_unknown_one_refused(database) -> None:
    from gba_dash import view_links

    latest = slides.deck_slides(database, DECK, "en")[0].view.release
    pinned = slides.deck_slides(database, DECK, "en", release=latest)
    assert all(s.view.release == latest for s in pinned)
    with pytest.raises(view_links.ViewError, match="not held"):
        slides.deck_slides(database, DECK, "en", release="1999-01-01-000000")


@pytest.mark.parametrize("lang", LANGS)
def test_the_powerpoint_file_holds_every_view_as_a_slide(made, lang: str) -> None:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    from pptx.oxml.ns import qn

    shown, pptx, _ = made[lang]
    deck = Presentation(io.BytesIO(pptx))
    assert deck.slide_width * 9 == deck.slide_height * 16  # 16:9
    assert len(deck.slides) == len(DECK.views)
    for page, slide in zip(deck.slides, shown, strict=True):
        assert page.shapes.title.text == slide.title
        pictures = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) >= 2  # the chart (or the figures) and the link's QR code
        main = max(pictures, key=lambda p: p.width * p.height)
        assert main._element.nvPicPr.cNvPr.get("descr") == " ".join(slide.points)
        scale = main.image.size[0] / (main.width / 9525)  # image px per slide px
        assert scale >= 2  # high resolution: twice the slide's pixels
        text = " ".join(s.text_frame.text for s in page.shapes if s.has_text_frame)
        assert slide.link in text.replace("\n", "").replace("\v", "")
        assert slide.source in text.replace("\n", " ")
        notes = page.notes_slide.notes_text_frame.text
        assert t("deck.notes.cite", lang) in notes
        assert slide.citation in notes
        assert all(point in notes for point in slide.points)
        runs = [
            r
            for s in page.shapes
            if s.has_text_frame
            for p in s.text_frame.paragraphs
            for r in p.runs
        ]
        assert runs
        for run in runs:
            props = run._r.get_or_add_rPr()
            assert props.get("lang") == MARKED[lang]
            east_asian = props.find(qn("a:ea"))
            assert east_asian is not None
            assert east_asian.get("typeface") == deck_files.powerpoint.EAST_ASIAN_FONT[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_holds_every_view_as_a_16_9_page(made, lang: str) -> None:
    from pypdf import PdfReader

    shown, _, pdf = made[lang]
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(DECK.views)
    for page, slide in zip(reader.pages, shown, strict=True):
        box = page.mediabox
        assert (float(box.width), float(box.height)) == (960, 540)
        text = re.sub(r"\s+", "", page.extract_text())
        assert re.sub(r"\s+", "", slide.title) in text
        assert BASE.split("//")[1] in text
    assert reader.metadata.title == DECK.title[lang]


def test_without_a_public_address_the_links_are_relative_and_carry_no_qr(database) -> None:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    shown = slides.deck_slides(database, DECK, "en")
    assert all(s.link.startswith("/") for s in shown)
    deck = Presentation(io.BytesIO(deck_files.deck_file(shown, "en", "pptx")))
    for page in deck.slides:  # the chart or the figures: still a picture on every slide
        pictures = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1


def test_hostile_text_reaches_neither_file_raw(database) -> None:
    import dataclasses

    from pptx import Presentation
    from pypdf import PdfReader

    shown = slides.deck_slides(database, DECK, "en", base=BASE)
    bad = [dataclasses.replace(s, title=s.title + "\x1b[2J\x00<b>&") for s in shown]
    pptx = Presentation(io.BytesIO(deck_files.deck_file(bad, "en", "pptx")))
    titles = [page.shapes.title.text for page in pptx.slides]
    assert titles == [s.title + "[2J<b>&" for s in shown]  # what XML cannot hold is dropped
    pdf = PdfReader(io.BytesIO(deck_files.deck_file(bad, "en", "pdf")))
    assert "<b>&" in pdf.pages[0].extract_text()


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def world_decks(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    source = Path(__file__).read_text(encoding="utf-8")
    toml = source.split('"world",\n    """', 1)[1].split('""",', 1)[0]
    (folder / "world.toml").write_text(toml, encoding="utf-8")
    monkeypatch.setattr(decks, "DECKS_DIR", folder)
    return folder


def test_export_deck_writes_the_file_it_names(world, world_decks, tmp_path, capsys) -> None:
    out = tmp_path / "world.pptx"
    args = ["export", "deck", "world", "--lang", "zh-Hans", "--format", "pptx", "-o", str(out)]
    paths = ["--data", str(world), "--db", str(tmp_path / "w.duckdb"), "--base-url", BASE]
    assert cli.main([*args, *paths]) == 0
    assert out.read_bytes()[:2] == b"PK"
    assert f"{out} (4 slides" in capsys.readouterr().out
    assert not list(tmp_path.glob(".*.part"))  # written whole, then moved into place


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["nope"], "no deck 'nope'"),
        (["world", "--base-url", "javascript:alert(1)"], "--base-url must be an http(s) address"),
        (["world", "--release", "1999-01-01-000000"], "not held"),
    ],
)
def test_export_deck_refuses_clearly(world, world_decks, tmp_path, capsys, extra, message) -> None:
    paths = ["--data", str(world), "--db", str(tmp_path / "w.duckdb"), "-o", str(tmp_path / "x")]
    assert cli.main(["export", "deck", *extra, *paths]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
