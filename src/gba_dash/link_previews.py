"""What a chat or a social site shows for a link to a view: its title, its key point and a
picture of its main chart (Open Graph and Twitter card tags), in the link's language.

Streamlit's page is one static HTML file whatever the URL; `serve/previews.py` puts these tags
into its head for a page's URL, and the data API's `/api/v1/previews/{page}.png` draws the
picture. Core module: no Streamlit, no web framework.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from gba_dash import db, export, schema, view_links
from gba_dash.charts.request import ChartRequest
from gba_dash.deck_files.layout import plain_spec
from gba_dash.export.images import svg_text
from gba_dash.export.text import wrap
from gba_dash.i18n import DEFAULT_LANG, parse_lang, t

#: The picture's size (px): 16:9, as the chart's slide export.
IMAGE_WIDTH, IMAGE_HEIGHT = 1280, 720
#: Previews and pictures kept per process (each view × release × language is made once).
CACHED = 128
PNG_PATH = "/api/v1/previews/{page}.png"


@dataclass(frozen=True)
class Preview:
    """A view's link preview: title, description, the view's link and its picture's."""

    lang: str
    title: str
    description: str
    url: str
    image: str


def page_of(path: str) -> str | None:
    """The page a request path opens ("" and "/" the overview), None for any other path."""
    name = path.strip("/") or "overview"
    return name if name in schema.PAGES else None


def _key(query: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The keys that say which view (not how it is shown, nor its release), in order."""
    return tuple(
        sorted((k, v) for k, v in query.items() if k not in (*view_links.SHOWN_KEYS, "release"))
    )


def _lang_release(database: db.ReadOnlyDatabase, query: Mapping[str, str]) -> tuple[str, str]:
    """The link's language (else the default) and the release it shows (an id not held: the
    latest, as the page shows it)."""
    lang = parse_lang(query.get("lang")) or DEFAULT_LANG
    try:
        release = view_links.release_ordinal(database, str(query.get("release", "")))[1]
    except view_links.ViewError:
        release = view_links.release_ordinal(database, "")[1]
    return lang, release


def preview(
    database: db.ReadOnlyDatabase, page: str, query: Mapping[str, str], base: str
) -> Preview:
    """The preview of the view `page` and `query` open (links start with `base`)."""
    lang, release = _lang_release(database, query)
    key = _key(query)
    title, description, link = _said(database, page, key, lang, release)
    image = f"{base}{PNG_PATH.format(page=page)}?{urlencode(_pairs(key, lang, release))}"
    return Preview(lang, title, description, f"{base}{link}", image)


def _pairs(key: tuple, lang: str, release: str) -> list[tuple[str, str]]:
    return [*key, ("lang", lang)] + ([("release", release)] if release else [])


def _opened(
    database: db.ReadOnlyDatabase, page: str, key: tuple, lang: str, release: str
) -> view_links.OpenedView | None:
    if page not in view_links.PAGE_MODELS:
        return None
    query = dict(key) | ({"release": release} if release else {})
    try:
        return view_links.open_view(database, page, query, lang)
    except view_links.ViewError:
        return None


def _drawn(opened: view_links.OpenedView | None, key: tuple) -> list:
    """The view's charts with rows, in page order (of the part its link names, if any)."""
    if opened is None:
        return []
    return [b for b in opened.blocks(presented="part" in dict(key)) if not b.table.empty]


@functools.lru_cache(maxsize=CACHED)
def _said(
    database: db.ReadOnlyDatabase, page: str, key: tuple, lang: str, release: str
) -> tuple[str, str, str]:
    """(title, description, link) of a view: the page's title and the app's; the key point of
    its first chart drawn (else the page's lead)."""
    title = f"{t(f'page.{page}', lang)} · {t('app.title', lang)}"
    opened = _opened(database, page, key, lang, release)
    blocks = _drawn(opened, key)
    description = blocks[0].key_point if blocks else t(f"{page}.lead", lang)
    return title, description, _link(page, key, lang, release)


def _link(page: str, key: tuple, lang: str, release: str) -> str:
    path = "/" if page == "overview" else f"/{page}"
    return f"{path}?{urlencode(_pairs(key, lang, release), safe=',.')}"


def tags(found: Preview) -> str:
    """The head's tags for `found`: <title>, Open Graph and Twitter card (every value escaped)."""
    locale = {"zh-Hans": "zh_CN", "zh-Hant": "zh_HK", "en": "en_GB"}[found.lang]
    meta = [
        ("property", "og:type", "website"),
        ("property", "og:site_name", t("app.title", found.lang)),
        ("property", "og:title", found.title),
        ("property", "og:description", found.description),
        ("property", "og:url", found.url),
        ("property", "og:image", found.image),
        ("property", "og:image:width", str(IMAGE_WIDTH)),
        ("property", "og:image:height", str(IMAGE_HEIGHT)),
        ("property", "og:image:alt", found.description),
        ("property", "og:locale", locale),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", found.title),
        ("name", "twitter:description", found.description),
        ("name", "twitter:image", found.image),
        ("name", "description", found.description),
    ]
    lines = [f"<title>{escape(found.title)}</title>"]
    lines += [f'<meta {attr}="{name}" content="{escape(value)}">' for attr, name, value in meta]
    return "\n".join(lines)


def picture(database: db.ReadOnlyDatabase, page: str, query: Mapping[str, str]) -> bytes:
    """The picture of the view `page` and `query` open (see `_picture`)."""
    lang, release = _lang_release(database, query)
    return _picture(database, page, _key(query), lang, release)


@functools.lru_cache(maxsize=CACHED)
def _picture(
    database: db.ReadOnlyDatabase, page: str, key: tuple, lang: str, release: str
) -> bytes:
    """The view's first chart drawn as a PNG of `IMAGE_WIDTH` × `IMAGE_HEIGHT`, with its title
    and key point (a page without one: its title and lead on a plain card)."""
    title, description, link = _said(database, page, key, lang, release)
    opened = _opened(database, page, key, lang, release)
    block = next(iter(_drawn(opened, key)), None)
    request = block.chart if block is not None else None
    spec = plain_spec(request) if isinstance(request, ChartRequest) else None
    if spec is None:
        return _card(title, description, lang)
    prov = export.Provenance(
        lang=lang,
        title=block.title,
        unit=block.unit_text or "",
        sources=export.source_lines(block.source_text),
        link=link,
        summary=block.key_point,
        release=release,
    )
    return export.chart_png(spec, prov, "slide_16x9", scale=1)


def _card(title: str, description: str, lang: str) -> bytes:
    """A plain card: the title and the description, for a page that draws no chart."""
    import vl_convert as vlc

    if export.has_cjk(title + description):
        export.ensure_cjk_font()
    family = export.FONT_FAMILY.get(lang, export.FONT_FAMILY["en"])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{IMAGE_WIDTH}" height="{IMAGE_HEIGHT}">',
        f'<rect width="{IMAGE_WIDTH}" height="{IMAGE_HEIGHT}" fill="#ffffff"/>',
        f'<rect width="{IMAGE_WIDTH}" height="12" fill="#1f4e79"/>',
    ]
    y = 160
    for line in wrap(title, 56, IMAGE_WIDTH - 160, 2):
        parts.append(svg_text(80, y, line, 56, family, weight="bold"))
        y += 76
    y += 24
    for line in wrap(description, 32, IMAGE_WIDTH - 160, 6):
        parts.append(svg_text(80, y, line, 32, family, fill="#333333"))
        y += 46
    parts.append("</svg>")
    return vlc.svg_to_png("\n".join(parts), scale=1)
