"""A deck to carry: every view of a deck as a PowerPoint file or one PDF, for a room offline.

Each slide is 16:9 and holds, in the reader's language, the view's title, its chart as a
high-resolution image drawn at projector typography (`charts.projector`) or its headline
figures as a picture of their cards, a one-line source, the slide's position, and the view's
link as text and QR code. The speaker notes hold the view's key points and its GB/T 7714
citation (`slides`).

One layout (`layout`), in px of a 1280 × 720 slide, serves both files: python-pptx places it
in PowerPoint's units (CJK runs carry East Asian fonts and their language, so PowerPoint, WPS and
LibreOffice pick a CJK face; pictures carry their alt text); the PDF is each slide as one SVG
turned into a page by vl-convert (text kept as text, fonts embedded), the pages joined by
pypdf. Core module: no Streamlit.
"""

from __future__ import annotations

from gba_dash import export
from gba_dash.deck_files.layout import SpecOf, plain_spec
from gba_dash.deck_files.pdf import deck_pdf
from gba_dash.deck_files.powerpoint import deck_pptx
from gba_dash.slides import Slide

__all__ = ["FORMATS", "MIME", "deck_file", "deck_pdf", "deck_pptx", "file_name", "plain_spec"]

FORMATS = ("pptx", "pdf")
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}


def file_name(deck_id: str, lang: str, fmt: str, release: str = "") -> str:
    """A deck file's name: gba-dash-deck-<id>-<lang>[_<release>].<fmt> (ASCII)."""
    return export.file_name(f"deck-{deck_id}-{lang}", fmt, release=release)


def deck_file(slides: list[Slide], lang: str, fmt: str, spec_of: SpecOf = plain_spec) -> bytes:
    """The deck as `fmt` ("pptx" or "pdf") bytes."""
    if fmt == "pptx":
        return deck_pptx(slides, lang, spec_of)
    if fmt == "pdf":
        return deck_pdf(slides, lang, spec_of)
    raise ValueError(f"unknown deck format {fmt!r}; expected one of {FORMATS}")
