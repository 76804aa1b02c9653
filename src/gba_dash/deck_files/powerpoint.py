"""A deck as a PowerPoint file (python-pptx): a 16:9 slide per view laid out as
`deck_files.layout` says, pictures with their alt text, every run of text with its East Asian
font and language (so PowerPoint, WPS and LibreOffice set Chinese in a CJK face), the key points
and citation in the speaker notes."""

from __future__ import annotations

import io

import vl_convert as vlc

from gba_dash.deck_files.layout import (
    HEIGHT,
    IMAGE_SCALE,
    MARGIN,
    QR_PX,
    TITLE_PX,
    WIDTH,
    Box,
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
from gba_dash.export.fonts import EAST_ASIAN_FONT, LATIN_FONT, TEXT_LANG
from gba_dash.export.images import svg_size
from gba_dash.i18n import t
from gba_dash.safe_text import xml_clean
from gba_dash.slides import Slide, notes_text


def deck_pptx(slides: list[Slide], lang: str, spec_of: SpecOf = plain_spec) -> bytes:
    """The deck as a PowerPoint file (16:9), a slide per view with its speaker notes."""
    from pptx import Presentation
    from pptx.util import Emu

    fonts(slides)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(_emu(WIDTH)), Emu(_emu(HEIGHT))
    deck.core_properties.title = deck_title(slides)
    deck.core_properties.language = TEXT_LANG[lang]
    titled = deck.slide_layouts[5]  # "Title Only": the title is the slide's title placeholder
    for slide in slides:
        page = deck.slides.add_slide(titled)
        _pptx_slide(page, slide, lang, spec_of)
        page.notes_slide.notes_text_frame.text = notes_text(slide.points, slide.citation, lang)
        _mark_runs(page.notes_slide.notes_text_frame, lang)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _pptx_slide(page, slide: Slide, lang: str, spec_of: SpecOf) -> None:
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

    lay = layout(slide, lang)
    title = page.shapes.title
    title.left, title.top = _emu(MARGIN), _emu(MARGIN - 8)
    title.width, title.height = _emu(WIDTH - 2 * MARGIN), _emu(lay.body.y - MARGIN)
    title.text_frame.word_wrap = True
    title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    _lines(title, [(slide.title, TITLE_PX, True)], lang)
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    body = lay.body
    spec = chart_image_spec(slide, body.w, body.h, spec_of)
    if spec is not None:
        svg = vlc.vegalite_to_svg(spec)
        width, height = svg_size(svg)
        # a chart of its own size (facets, side by side) is fitted whole into the box
        fit = min(body.w / width, body.h / height) if width and height else 1.0
        png = vlc.svg_to_png(svg, scale=IMAGE_SCALE * max(fit, 1.0))
        w, h = width * fit, height * fit
        picture = page.shapes.add_picture(
            io.BytesIO(png),
            _emu(body.x + (body.w - w) / 2),
            _emu(body.y + (body.h - h) / 2),
            _emu(w),
            _emu(h),
        )
        _alt_text(picture, slide.title, " ".join(slide.points))
    if cards(slide):
        png = vlc.svg_to_png(cards_svg(slide, lang, body.w, body.h), scale=IMAGE_SCALE)
        picture = page.shapes.add_picture(
            io.BytesIO(png), _emu(body.x), _emu(body.y), _emu(body.w), _emu(body.h)
        )
        _alt_text(picture, slide.title, " ".join(slide.points))
    fy = footer_top(lay)
    footer = _textbox(page, Box(MARGIN, fy, WIDTH - 2 * MARGIN - QR_PX - 24, HEIGHT - fy))
    _lines(footer, [(line, size, False) for line, size in footer_lines(lay)], lang)
    if lay.qr_box is not None and lay.qr is not None:
        qr = page.shapes.add_picture(
            io.BytesIO(_qr_png(lay.qr)),
            _emu(lay.qr_box.x),
            _emu(lay.qr_box.y),
            _emu(lay.qr_box.w),
            _emu(lay.qr_box.h),
        )
        _alt_text(qr, t("deck.file.qr", lang), slide.link)


def _emu(px: float) -> int:
    return round(px * 9525)  # 914,400 EMU an inch, 96 px an inch


def _textbox(page, box: Box):
    shape = page.shapes.add_textbox(_emu(box.x), _emu(box.y), _emu(box.w), _emu(box.h))
    frame = shape.text_frame
    frame.word_wrap = True
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, _emu(8 if side.endswith(("left", "right")) else 4))
    return shape


def _lines(shape, lines: list[tuple[str, float, bool]], lang: str) -> None:
    """Each line its own paragraph, at its size (px → pt), CJK-ready (`_mark_runs`)."""
    from pptx.util import Pt

    frame = shape.text_frame
    frame.clear()
    for i, (text, size, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = xml_clean(text)
        run.font.size = Pt(size * 0.75)
        run.font.bold = bold
    _mark_runs(frame, lang)


def _mark_runs(frame, lang: str) -> None:
    """Every run of `frame` with its Latin and East Asian fonts and its language: without an
    East Asian face PowerPoint and WPS may set Chinese in a Latin font's fallback."""
    from pptx.oxml.ns import qn

    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.name = LATIN_FONT
            props = run._r.get_or_add_rPr()  # python-pptx has no API for the East Asian face
            props.set("lang", TEXT_LANG[lang])
            props.set("altLang", "en-US" if lang != "en" else TEXT_LANG["zh-Hans"])
            for tag in ("a:ea", "a:cs"):
                for old in props.findall(qn(tag)):
                    props.remove(old)
            east_asian = props.makeelement(qn("a:ea"), {"typeface": EAST_ASIAN_FONT[lang]})
            latin = props.find(qn("a:latin"))
            if latin is not None:
                latin.addnext(east_asian)
            else:
                props.append(east_asian)


def _alt_text(picture, title: str, description: str) -> None:
    """A picture's alternative text (what a screen reader says, PowerPoint's "Alt Text")."""
    properties = picture._element.nvPicPr.cNvPr  # python-pptx has no API for it
    properties.set("title", xml_clean(title))
    properties.set("descr", xml_clean(description))


def _qr_png(matrix: list[list[bool]], module_px: int = 8, quiet: int = 2) -> bytes:
    """The layout's QR code (its modules, made once) as a crisp black-on-white PNG."""
    from PIL import Image

    n = len(matrix) + 2 * quiet
    image = Image.new("1", (n, n), 1)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                image.putpixel((c + quiet, r + quiet), 0)
    image = image.resize((n * module_px, n * module_px), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
