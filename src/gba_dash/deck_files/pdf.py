"""A deck as one PDF: each slide one SVG (its layout, `deck_files.layout`) turned into a 16:9
page by vl-convert (text kept as text, fonts embedded), the pages joined by pypdf."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import vl_convert as vlc

from gba_dash import export
from gba_dash.deck_files.layout import (
    HEIGHT,
    MARGIN,
    TITLE_PX,
    WIDTH,
    SpecOf,
    cards,
    cards_svg,
    chart_image_spec,
    deck_title,
    fonts,
    footer_lines,
    footer_top,
    layout,
    plain_spec,
)
from gba_dash.export.images import nest_svg, qr_svg, svg_text
from gba_dash.i18n import t
from gba_dash.safe_text import xml_clean
from gba_dash.slides import Slide


def slide_svg(slide: Slide, lang: str, spec_of: SpecOf = plain_spec) -> str:
    """One slide as a standalone SVG document (1280 × 720 units, a 960 × 540 pt page)."""
    lay = layout(slide, lang)
    family = export.FONT_FAMILY.get(lang, export.FONT_FAMILY["en"])
    summary = " ".join(slide.points)
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'version="1.1" width="960" height="540" viewBox="0 0 {WIDTH} {HEIGHT}">',
        f"<title>{escape(slide.title)}</title>",
        f"<desc>{escape(' '.join([summary, slide.source, slide.link]).strip())}</desc>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    y = MARGIN
    for line in lay.title:
        y += TITLE_PX
        parts.append(svg_text(MARGIN, y, line, TITLE_PX, family, weight="bold"))
        y += TITLE_PX * 0.25
    body = lay.body
    spec = chart_image_spec(slide, body.w, body.h, spec_of)
    if spec is not None:
        parts.append(nest_svg(vlc.vegalite_to_svg(spec), body.x, body.y, body.w, body.h))
    if cards(slide):
        parts.append(
            nest_svg(cards_svg(slide, lang, body.w, body.h), body.x, body.y, body.w, body.h)
        )
    fy = footer_top(lay)
    parts.append(
        f'<path d="M{MARGIN} {fy - 6:g}h{WIDTH - 2 * MARGIN}" stroke="#d0d0d0" stroke-width="1"/>'
    )
    for line, size in footer_lines(lay):
        fy += size * 1.35
        parts.append(svg_text(MARGIN, fy, line, size, family, fill="#333333"))
    if lay.qr is not None and lay.qr_box is not None:
        parts.append(qr_svg(lay.qr, lay.qr_box.x, lay.qr_box.y, lay.qr_box.w))
    parts.append("</svg>")
    return xml_clean("\n".join(parts))


def deck_pdf(slides: list[Slide], lang: str, spec_of: SpecOf = plain_spec) -> bytes:
    """The deck as one PDF, a 16:9 page per slide."""
    from pypdf import PdfReader, PdfWriter

    fonts(slides)
    writer = PdfWriter()
    for slide in slides:
        page = vlc.svg_to_pdf(slide_svg(slide, lang, spec_of))
        writer.append(PdfReader(io.BytesIO(page)))
    writer.add_metadata({"/Title": deck_title(slides), "/Creator": t("app.title", lang)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
