"""A memo as a reader makes one in Chromium: three charts added on three pages (moving between
them in the sidebar), the memo panel's "Download memo"; LibreOffice converts the Word file to
PDF, which holds the three key points in Chinese and the three charts; the command line writes
the same bytes for the same items."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import pytest

from gba_dash import db, memo, memo_docx
from tests.e2e.conftest import app_server, screenshot, wait_for_app
from tests.e2e.test_deck_files_e2e import _tool, libreoffice_pdf

#: (page, chart id) added in turn: a chart of each page with charts.
ADDED = (
    ("clusters", "cluster-ranking"),
    ("hightech", "hightech-share"),
    ("pilots", "pilots-timeline"),
)


@pytest.fixture(scope="module")
def memo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The server's URL and its database file."""
    work = tmp_path_factory.mktemp("e2e-memo")
    with app_server(work) as base:
        yield base, work / "gba.duckdb"


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_three_chart_memo_downloads_opens_in_libreoffice_and_equals_the_commands(
    memo_server, browser, tmp_path: Path
) -> None:
    base, database = memo_server
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{base}/clusters?lang=zh-Hans")
    wait_for_app(page, 1)
    for n, (name, chart) in enumerate(ADDED, start=1):
        if n > 1:  # moving between pages as a reader does: the session (and its memo) stays
            page.locator(f'[data-testid="stSidebarNav"] a[href$="/{name}"]').click()
            page.wait_for_url(re.compile(f"/{name}"))
            wait_for_app(page, 1)
        add = page.locator(f".st-key-memo_add_{chart} button").first
        add.wait_for()
        add.click()
        page.locator(".st-key-memo_panel").get_by_text(f"（{n}）").wait_for()
    page.locator(".st-key-memo_panel summary").click()
    button = page.locator(".st-key-memo_download button").first
    button.wait_for()
    screenshot(page, "memo-panel-zh-Hans")
    with page.expect_download(timeout=120_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    content = Path(download.path()).read_bytes()
    context.close()

    document = docx.Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 3
    links = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("hyperlink")]
    assert [link.split("?")[0] for link in links] == [f"{base}/{name}" for name, _ in ADDED]
    assert all("release=" in link for link in links)

    # the command line, given the same items (the memo's own links) and day, writes the same file
    items = [
        memo.MemoItem(link.removeprefix(base), chart)
        for link, (_, chart) in zip(links, ADDED, strict=True)
    ]
    found = memo.memo(
        db.ReadOnlyDatabase(database), items, "zh-Hans", base=base, today=date.today().isoformat()
    )
    assert memo_docx.memo_docx(found) == content

    # LibreOffice (Debian's, as a reader's office suite) opens it: Chinese text and three charts
    soffice = _tool("soffice", "libreoffice-writer")
    pdfimages = _tool("pdfimages", "poppler-utils")
    pdftotext = _tool("pdftotext", "poppler-utils")
    memo_file = tmp_path / "memo.docx"
    memo_file.write_bytes(content)
    pdf = libreoffice_pdf(soffice, memo_file)
    text = _squeeze(
        subprocess.run(
            [pdftotext, str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
    )
    for entry in found.entries:
        assert _squeeze(entry.key_point) in text
        assert _squeeze(entry.title) in text
    assert "参考文献" in text
    listed = subprocess.run(
        [pdfimages, "-list", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    images = [line.split() for line in listed if line.split()[2] == "image"]
    assert len(images) == 3
    assert all(int(row[3]) >= 1200 for row in images)  # crisp: ≥1,200 px wide on the page
