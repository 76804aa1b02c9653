"""A memo pack: the charts and headline figures a reader collects ("Add to memo") while
browsing, resolved into what a Word memo says of each (`memo_docx` writes the file).

An item is kept as the link of the view it was added from (its URL keys, `release=` when the
data are released) and the id of a chart or headline figure of that view. The memo re-opens
every item's view in the memo's language, from the release its link names, so a memo made in
English of items collected in Chinese says the same figures in English, and a memo made next
month says what the reader saw.

    gba-dash export memo "/clusters?edition=2025#cluster-ranking" "/hightech" -o memo.docx

Core module: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import vl_convert as vlc

from gba_dash import citations, db, export, view_links
from gba_dash.charts.request import ChartRequest
from gba_dash.export.images import fit_spec, spec_title, svg_size
from gba_dash.export.text import plain_text, source_lines
from gba_dash.i18n import t
from gba_dash.pagemodels.contract import Block, Card
from gba_dash.safe_text import clean_tree

#: The items a memo holds at most: a memo is a page or two, and every item is a chart drawn
#: when the file is made.
MAX_ITEMS = 20
#: The chart image: drawn this wide (px, CSS) and, unless the chart sets its own height, this
#: tall; rendered at `IMAGE_SCALE`× so that at the A4 text width (16 cm) it is ~300 dpi.
IMAGE_WIDTH_PX, IMAGE_HEIGHT_PX, IMAGE_SCALE = 640, 400, 3


@dataclass(frozen=True)
class MemoItem:
    """One item of a memo: the link of its view (path and keys) and the id of a chart or a
    headline figure of that view. Written as one address, the link with the id as its
    fragment: "/clusters?edition=2025#cluster-ranking"."""

    link: str
    id: str

    @property
    def address(self) -> str:
        return f"{self.link}#{self.id}"


def item_ids(view: view_links.OpenedView) -> list[str]:
    """The ids a memo item of `view` can name: its charts, then its headline figures."""
    return [b.id for b in view.blocks(presented=False)] + [
        c.id for s in view.sections for c in s.cards
    ]


def parse_items(address: str, view: view_links.OpenedView | None = None) -> list[MemoItem]:
    """The items an address names: the chart or figure its fragment names, else (given the
    view it opens) every chart that view shows."""
    link, _, item_id = address.partition("#")
    page, query = view_links.split_link(link)
    kept = item_link(page, query.items())
    if item_id:
        return [MemoItem(kept, item_id)]
    if view is None:
        raise ValueError("an address without a chart names the view's charts: give its view")
    shown = view.presented if "part" in query else view.sections
    return [MemoItem(kept, s.block.id) for s in shown if s.block is not None]


def item_link(page: str, pairs: Iterable[tuple[str, str]]) -> str:
    """The link a memo keeps for a view of `page`: its keys, without those that only say how it
    is shown (language, presentation)."""
    path = "/" if page == "overview" else f"/{page}"
    kept = [(k, v) for k, v in pairs if k not in view_links.SHOWN_KEYS]
    return f"{path}?{urlencode(kept, safe=',.')}" if kept else path


def added(items: Sequence[MemoItem], item: MemoItem) -> tuple[MemoItem, ...]:
    """`items` with `item` last (once: adding it again keeps its place), at most `MAX_ITEMS`."""
    if item in items:
        return tuple(items)
    if len(items) >= MAX_ITEMS:
        raise MemoFull(MAX_ITEMS)
    return (*items, item)


def removed(items: Sequence[MemoItem], item: MemoItem) -> tuple[MemoItem, ...]:
    return tuple(i for i in items if i != item)


class MemoFull(ValueError):
    """The memo already holds `MAX_ITEMS` items."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"a memo holds at most {limit} items")
        self.limit = limit


@dataclass(frozen=True)
class Entry:
    """What the memo says of one item, in its language.

    A chart has an image (PNG, its size in px); a figure has its value and lines. `missing`:
    the item's view no longer shows it (its link names no release and the data changed).
    """

    title: str
    kind: str
    key_point: str = ""
    image: bytes | None = None
    image_px: tuple[int, int] = (0, 0)
    value: str = ""
    lines: tuple[str, ...] = ()
    source: str = ""
    citation: str = ""
    link: str = ""
    missing: bool = False


@dataclass(frozen=True)
class Memo:
    """A memo's entries in order, its language, reference style and day (ISO)."""

    lang: str
    style: str
    made: str
    entries: tuple[Entry, ...]


def citation_style(lang: str) -> str:
    """The reference style of a memo: GB/T 7714-2015 in Chinese, APA in English."""
    return "apa" if lang == "en" else "gbt"


SpecOf = Callable[[ChartRequest], dict | None]


def memo(
    database: db.ReadOnlyDatabase,
    items: Sequence[MemoItem],
    lang: str,
    *,
    base: str = "",
    today: str | None = None,
    spec_of: SpecOf | None = None,
) -> Memo:
    """The memo of `items` in `lang`: each item's view opened from its link, its chart drawn,
    its key point, source line and citation (links start with `base`). An item its view no
    longer shows, or whose link names no page with views or a release not held, is an entry
    that says so."""
    if spec_of is None:
        from gba_dash.deck_files.layout import plain_spec as spec_of
    today = today or date.today().isoformat()
    style = citation_style(lang)
    opened: dict[str, view_links.OpenedView] = {}
    entries = []
    for item in items[:MAX_ITEMS]:
        try:
            if item.link not in opened:
                page, query = view_links.split_link(item.link)
                opened[item.link] = view_links.open_view(database, page, query, lang)
        except view_links.ViewError:
            entries.append(_missing(item.link, lang))
            continue
        entries.append(_entry(opened[item.link], item, style, base, today, spec_of))
    return Memo(lang, style, today, tuple(entries))


def _entry(
    view: view_links.OpenedView,
    item: MemoItem,
    style: str,
    base: str,
    today: str,
    spec_of: SpecOf,
) -> Entry:
    link = view.link(base)
    block = next((b for b in view.blocks(presented=False) if b.id == item.id), None)
    if block is not None:
        return _chart_entry(view, block, style, link, today, spec_of)
    card = next((c for s in view.sections for c in s.cards if c.id == item.id), None)
    if card is not None:
        return _figure_entry(view, card, style, link, today)
    return _missing(link, view.lang)


def _missing(link: str, lang: str) -> Entry:
    """An item whose view no longer shows it, or whose release is no longer held: said, with
    its link, never dropped."""
    return Entry(
        title=t("memo.file.missing_title", lang),
        kind="",
        key_point=t("memo.file.missing", lang, link=link),
        link=link,
        missing=True,
    )


def _cited(view: view_links.OpenedView, title: str, style: str, link: str, today: str) -> str:
    cited = citations.ViewCitation(
        title=title, release_id=view.release, released=view.released, accessed=today, url=link
    )
    return citations.view_citation(cited, style, view.lang)


def _chart_entry(
    view: view_links.OpenedView,
    block: Block,
    style: str,
    link: str,
    today: str,
    spec_of: SpecOf,
) -> Entry:
    request = block.chart
    spec = spec_of(request) if isinstance(request, ChartRequest) else None
    title = block.title or (spec_title(spec) if spec else "") or block.key_point
    image, size = chart_image(spec) if spec and not block.table.empty else (None, (0, 0))
    return Entry(
        title=title,
        kind="chart",
        key_point=block.key_point,
        image=image,
        image_px=size,
        source=" ".join(source_lines(block.source_text)),
        citation=_cited(view, title, style, link, today),
        link=link,
    )


def _figure_entry(
    view: view_links.OpenedView, card: Card, style: str, link: str, today: str
) -> Entry:
    # a card's last line is its source (`pagemodels.overview`)
    lines = [plain_text(line) for line in card.lines]
    source, lines = (lines[-1:], lines[:-1]) if len(lines) > 1 else ([], lines)
    title = card.cite_title or card.label
    return Entry(
        title=title,
        kind="figure",
        key_point=t("memo.file.figure_point", view.lang, label=title, value=card.value),
        value=card.value,
        lines=tuple(lines),
        source=" ".join(source),
        citation=_cited(view, title, style, link, today),
        link=link,
    )


def chart_image(spec: dict) -> tuple[bytes, tuple[int, int]]:
    """A chart drawn for an A4 page (its title left to the memo's heading): PNG bytes and its
    size in CSS px. Raises `export.CJKFontMissing` when Chinese text has no font to draw it."""
    spec = clean_tree(spec)
    if export.has_cjk(str(spec)):
        export.ensure_cjk_font()
    else:
        export.cjk_font_available()
    height = spec.get("height")
    fitted = fit_spec(
        spec,
        IMAGE_WIDTH_PX,
        height if isinstance(height, int | float) else IMAGE_HEIGHT_PX,
        drop_title=True,
    )
    svg = vlc.vegalite_to_svg(fitted)
    width_px, height_px = svg_size(svg)
    return vlc.svg_to_png(svg, scale=IMAGE_SCALE), (round(width_px), round(height_px))
