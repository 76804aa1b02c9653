"""A deck slide's layout, shared by its PowerPoint and PDF forms: where the title, the chart
or the figures, the source, the link and its QR code go on a 1280 × 720 px slide, and the
chart drawn for the room at the size of its box. Core module: no Streamlit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from gba_dash import export
from gba_dash.charts import projector
from gba_dash.charts.request import ChartRequest
from gba_dash.export.images import qr_matrix, svg_text
from gba_dash.export.text import plain_text, wrap
from gba_dash.i18n import t
from gba_dash.pagemodels.contract import Card
from gba_dash.safe_text import clean_tree, xml_clean
from gba_dash.slides import Slide

#: The slide in px (96 per inch: PowerPoint's 13.33 × 7.5 in widescreen page).
WIDTH, HEIGHT, MARGIN = 1280, 720, 40
#: Text sizes (px): every text on a slide at least 2% of its height.
TITLE_PX, SOURCE_PX, SMALL_PX = 34, 16, 15
FIGURE_VALUE_PX, FIGURE_LABEL_PX = 52, 20
QR_PX = 104
#: The chart image's pixels per slide px (a 1200 px wide chart is 2,400 px wide).
IMAGE_SCALE = 2
#: How a chart request becomes a Vega-Lite spec with inline data (the caller's: the server
#: builds under Streamlit's lock on Altair's globals, the command line plainly).
SpecOf = Callable[[ChartRequest], dict | None]


def plain_spec(request: ChartRequest) -> dict | None:
    """A chart request's Vega-Lite spec (None: nothing to draw), built by Altair in this
    process (no Streamlit)."""
    import altair as alt

    chart = request.build()
    if chart is None:
        return None
    with alt.data_transformers.enable("default", max_rows=None):
        return chart.to_dict(validate=False)  # the page serves the same spec, validated


@dataclass(frozen=True)
class Box:
    """A box on the slide (px)."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Layout:
    """Where a slide's parts go, and their lines."""

    title: list[str]
    body: Box
    source: list[str]
    link: list[str]
    position: str
    qr: list[list[bool]] | None
    qr_box: Box | None


def layout(slide: Slide, lang: str) -> Layout:
    inner = WIDTH - 2 * MARGIN
    title = wrap(slide.title, TITLE_PX, inner, 2)
    absolute = slide.link.startswith(("http://", "https://"))
    qr = qr_matrix(slide.link) if absolute else None
    text_w = inner - (QR_PX + 24 if qr else 0)
    source = wrap(slide.source, SOURCE_PX, text_w, 2) if slide.source else []
    link = wrap(t("deck.file.link", lang, url=slide.link), SMALL_PX, text_w, 2)
    position = t("deck.position", lang, n=slide.n, total=slide.total)
    footer_h = max(
        len(source) * SOURCE_PX * 1.35 + (len(link) + 1) * SMALL_PX * 1.35,
        QR_PX if qr else 0,
    )
    top = MARGIN + len(title) * TITLE_PX * 1.25 + 12
    bottom = HEIGHT - MARGIN - footer_h - 12
    qr_box = Box(WIDTH - MARGIN - QR_PX, HEIGHT - MARGIN - QR_PX, QR_PX, QR_PX) if qr else None
    return Layout(title, Box(MARGIN, top, inner, bottom - top), source, link, position, qr, qr_box)


def footer_lines(lay: Layout) -> list[tuple[str, float]]:
    """(line, size) from the top of the footer: the source, the link, the position."""
    lines = [(line, SOURCE_PX) for line in lay.source]
    lines += [(line, SMALL_PX) for line in lay.link]
    return [*lines, (lay.position, SMALL_PX)]


def footer_top(lay: Layout) -> float:
    return lay.body.y + lay.body.h + 12


def chart_image_spec(slide: Slide, box_w: float, box_h: float, spec_of: SpecOf) -> dict | None:
    """The slide's chart drawn for the room at the size of its box (None: no chart)."""
    blocks = slide.view.blocks()
    if not blocks or blocks[0].chart is None:
        return None
    request = blocks[0].chart
    spec = spec_of(request) if isinstance(request, ChartRequest) else dict(request)
    if spec is None:
        return None
    # drawn at least as tall as its labels need, and as wide in proportion: placed in its box,
    # the image is then scaled down whole rather than its labels run into each other
    grow = max(1.0, projector.min_height(projector.for_room(spec)) / box_h)
    room = projector.for_room(spec, width=round(box_w * grow), height=round(box_h * grow))
    return clean_tree(room)


def cards(slide: Slide) -> list[Card]:
    return [card for section in slide.view.presented for card in section.cards]


def card_boxes(body: Box, n: int) -> list[Box]:
    """A grid of `n` cards (three a row) filling the body."""
    cols = 3 if n > 4 else max(n, 1)
    rows = (n + cols - 1) // cols
    gap = 24
    w = (body.w - gap * (cols - 1)) / cols
    h = (body.h - gap * (rows - 1)) / max(rows, 1)
    return [
        Box(body.x + (i % cols) * (w + gap), body.y + (i // cols) * (h + gap), w, h)
        for i in range(n)
    ]


def card_lines(card: Card, box: Box) -> list[tuple[str, float, bool]]:
    """(line, size, bold) of a card from its top: label, value, where and when."""
    pad = 16
    label = wrap(plain_text(card.label), FIGURE_LABEL_PX, box.w - 2 * pad, 2)
    value = wrap(plain_text(card.value), FIGURE_VALUE_PX, box.w - 2 * pad, 2)
    where = wrap(plain_text(card.lines[0]), SOURCE_PX, box.w - 2 * pad, 2) if card.lines else []
    return (
        [(line, FIGURE_LABEL_PX, False) for line in label]
        + [(line, FIGURE_VALUE_PX, True) for line in value]
        + [(line, SOURCE_PX, False) for line in where]
    )


def cards_svg(slide: Slide, lang: str, width: float, height: float) -> str:
    """A slide's headline figures as one SVG of `width` × `height`: a card each, three a row,
    the value at `FIGURE_VALUE_PX` (over 7% of the slide's height)."""
    family = export.FONT_FAMILY.get(lang, export.FONT_FAMILY["en"])
    shown = cards(slide)
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'width="{width:g}" height="{height:g}" viewBox="0 0 {width:g} {height:g}">',
        f"<title>{escape(slide.title)}</title>",
        f"<desc>{escape(' '.join(slide.points))}</desc>",
    ]
    for card, box in zip(shown, card_boxes(Box(0, 0, width, height), len(shown)), strict=True):
        parts.append(
            f'<rect x="{box.x + 1:g}" y="{box.y + 1:g}" width="{box.w - 2:g}" '
            f'height="{box.h - 2:g}" rx="8" fill="#ffffff" stroke="#d0d3d8" stroke-width="1.5"/>'
        )
        y = box.y + 16
        for line, size, bold in card_lines(card, box):
            y += size * 1.25
            weight = "bold" if bold else "normal"
            parts.append(svg_text(box.x + 16, y, line, size, family, weight=weight))
            y += size * 0.3 if bold else 0  # room under a value's descenders
    parts.append("</svg>")
    return xml_clean("\n".join(parts))


def deck_title(slides: list[Slide]) -> str:
    return slides[0].deck_title if slides else ""


def fonts(slides: list[Slide]) -> None:
    """A CJK face for the chart images (raises `export.CJKFontMissing` rather than tofu)."""
    texts = " ".join(s.title + s.source + " ".join(s.points) for s in slides)
    if export.has_cjk(texts):
        export.ensure_cjk_font()
    else:
        export.cjk_font_available()
