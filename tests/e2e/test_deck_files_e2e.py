"""Decks a presenter carries and the presenter's keys, as they are used.

LibreOffice (Debian's libreoffice-impress) converts an exported PowerPoint deck to PDF and
poppler's `pdffonts` shows its Chinese glyphs embedded; "Download this deck" in the browser
gives a deck whose links are the dashboard's own; N shows the speaker notes below the fold and
B blanks the screen.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gba_dash import db, deck_files, decks, slides
from tests.e2e.conftest import wait_for_app
from tests.unit.test_deck_files import DECK

STORY = decks.load_decks()[decks.DEFAULT_DECK]


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is missing under CI=true: sudo apt-get install {package}")
    pytest.skip(f"{name} not found: sudo apt-get install {package}")


def libreoffice_pdf(soffice: str, document: Path) -> Path:
    """`document` converted to PDF beside it by LibreOffice, as a reader's office suite opens
    it (its own profile: it runs beside another LibreOffice)."""
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{document.parent / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(document.parent),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = document.with_suffix(".pdf")
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pdf


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_libreoffice_opens_the_powerpoint_deck_with_its_chinese_glyphs(
    world_db: Path, tmp_path: Path, lang: str
) -> None:
    soffice = _tool("soffice", "libreoffice-impress")
    pdffonts = _tool("pdffonts", "poppler-utils")
    shown = slides.deck_slides(db.ReadOnlyDatabase(world_db), DECK, lang, base="https://x.org")
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(deck_files.deck_file(shown, lang, "pptx"))
    pdf = libreoffice_pdf(soffice, deck)
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) == len(DECK.views)
    text = "".join(page.extract_text() for page in reader.pages)
    assert all(re.sub(r"\s+", "", s.title) in re.sub(r"\s+", "", text) for s in shown)
    fonts = subprocess.run(
        [pdffonts, str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    cjk = [line for line in fonts if re.search(r"CJK|Han|YaHei|JhengHei|WenQuanYi", line)]
    assert cjk, fonts
    assert all(line.split()[-5] == "yes" for line in cjk), cjk  # "emb" column


def test_download_this_deck_gives_the_deck_with_the_dashboards_links(server, browser) -> None:
    from pptx import Presentation

    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{server}/?present=1&deck=story&slide=1&lang=en")
    wait_for_app(page, 0)
    page.locator(".st-key-deck_files button").first.click()
    button = page.get_by_role("button", name=re.compile("PowerPoint"))
    button.wait_for()
    with page.expect_download(timeout=120_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.startswith("gba-dash-deck-story-en")
    deck = Presentation(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(deck.slides) == len(STORY.views)
    first = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert f"{server}/?figures=" in first.replace("\n", "").replace("\v", "")
    context.close()


def test_n_shows_the_notes_below_the_fold_and_b_blanks_the_screen(server, browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/clusters?present=1&deck=story&slide=2&lang=en")
    wait_for_app(page, 1)
    # the key reaches the deck once the page's script listens and the bar's toggle is drawn
    page.wait_for_function(
        "() => window.__gbaDeckKeys && document.querySelector('.st-key-deck_notes_toggle button')"
    )
    page.keyboard.press("n")
    # the run writes ?notes=1 with history.replaceState: read the address, not navigations
    page.wait_for_function("() => /[?&]notes=1\\b/.test(location.search)")
    notes = page.locator(".st-key-deck_notes")
    notes.wait_for(state="attached")
    assert "[EB/OL]" in notes.inner_text()
    top = notes.evaluate("e => e.getBoundingClientRect().top")
    assert top >= 720  # below the fold: the room sees the slide only
    # the slide itself is unchanged: its chart still ends on the screen
    bottom = page.locator('[data-testid="stVegaLiteChart"]').first.evaluate(
        "e => e.getBoundingClientRect().bottom"
    )
    assert 0 < bottom <= 720
    page.keyboard.press("b")
    blank = page.locator("#gba-blank")
    blank.wait_for()
    box = blank.bounding_box()
    assert box is not None
    assert (box["width"], box["height"]) == (1280, 720)
    assert blank.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 0, 0)"
    page.keyboard.press("PageDown")  # a key brings the slide back, and does nothing else
    blank.wait_for(state="detached")
    assert re.search(r"[?&]slide=2\b", page.url)
    context.close()
