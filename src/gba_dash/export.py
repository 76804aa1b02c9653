"""Exports that carry their provenance: chart images (PNG/SVG/PDF) and data (CSV, zip).

A chart is rendered by vl-convert from the same Vega-Lite spec the page shows, then placed on a
page of a fixed size (16:9 slide, 4:3 slide, A4 portrait) with, in the reader's language, its
title, unit, sources, the export date, the latest publication date of its sources, and the deep link
of the view as text and as a QR code. The page is one SVG; vl-convert turns it into PNG (2× scale)
and PDF, so all three formats show the same thing. No streamlit here.

Chinese glyphs need a CJK font that vl-convert can find. `ensure_cjk_font` looks for one (the
folders in ``GBA_DASH_FONT_DIR``, then the usual system folders, e.g. Debian's fonts-noto-cjk in
/usr/share/fonts/opentype/noto) and registers its folder with vl-convert; without one it raises
`CJKFontMissing`, whose message names the package to install.
"""

from __future__ import annotations

import copy
import functools
import io
import json
import os
import re
import threading
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from string import Formatter
from xml.sax.saxutils import escape

import pandas as pd
import qrcode
import vl_convert as vlc

from gba_dash.i18n import format_date, t
from gba_dash.i18n.catalog import catalog_files
from gba_dash.views.common import csv_safe, to_csv_bytes

# --- sizes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    """A page size: SVG user units (CSS px; the PNG is this × scale) and the PDF page in points."""

    code: str
    width: int
    height: int
    pdf_width: float
    pdf_height: float
    margin: float
    title_size: float
    text_size: float
    small_size: float
    qr_size: float


#: 16:9 and 4:3 are PowerPoint's page sizes (13.33 × 7.5 in, 10 × 7.5 in) in the PDF; A4 is A4.
PRESETS: dict[str, Preset] = {
    "slide_16x9": Preset("slide_16x9", 1280, 720, 960, 540, 40, 34, 18, 14, 112),
    "slide_4x3": Preset("slide_4x3", 960, 720, 720, 540, 36, 30, 17, 13, 104),
    "a4_portrait": Preset("a4_portrait", 794, 1123, 595.28, 841.89, 48, 26, 15, 11.5, 104),
}
DEFAULT_PRESET = "slide_16x9"
PNG_SCALE = 2
FORMATS = ("png", "svg", "pdf")
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "zip": "application/zip",
}

# --- fonts ----------------------------------------------------------------------------------

#: Extra font folders (separated by os.pathsep), searched before the system folders.
FONT_DIR_ENV = "GBA_DASH_FONT_DIR"
#: What to install on Debian/Ubuntu (the README's set-up command installs it).
FONT_PACKAGE = "fonts-noto-cjk"
SYSTEM_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)
_FONT_SUFFIXES = (".ttc", ".otc", ".otf", ".ttf")
# Sans faces first: the chart theme asks for Noto Sans CJK / Source Han Sans.
_CJK_FONT_NAMES = (
    re.compile(r"notosanscjk|sourcehansans|notosans(sc|tc|hk)-", re.IGNORECASE),
    re.compile(
        r"notoserifcjk|sourcehanserif|wqy|droidsansfallback|msyh|msjh|simhei|simsun|pingfang"
        r"|hiragino sans gb|stheiti",
        re.IGNORECASE,
    ),
)
_CJK_CHARS = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\uff00-\uffef\U00020000-\U0002fa1f]"
)
#: Font families of the text around the chart, per reader (Hong Kong forms for zh-Hant).
FONT_FAMILY = {
    "zh-Hans": "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif",
    "zh-Hant": "Noto Sans CJK HK, Noto Sans CJK TC, Source Han Sans HC, PingFang HK, "
    "Microsoft JhengHei, sans-serif",
    "en": "Noto Sans CJK SC, Source Han Sans SC, Liberation Sans, Arial, sans-serif",
}

_font_lock = threading.Lock()
_registered: dict[str, Path] = {}


class CJKFontMissing(RuntimeError):
    """No CJK font was found: Chinese text would be drawn as empty boxes (tofu)."""

    def __init__(self, searched: Sequence[Path]) -> None:
        folders = ", ".join(str(p) for p in searched) or "(none)"
        super().__init__(
            "No CJK font found for chart export, so Chinese text would render as empty boxes. "
            f"Install one with `sudo apt-get install {FONT_PACKAGE}` (Debian/Ubuntu), or set "
            f"{FONT_DIR_ENV} to a folder holding Noto Sans CJK or Source Han Sans. "
            f"Searched: {folders}"
        )


def has_cjk(text: str) -> bool:
    """Whether `text` holds Chinese (or other CJK) characters."""
    return bool(_CJK_CHARS.search(text))


def font_search_dirs() -> list[Path]:
    """Folders searched for a CJK font: ``GBA_DASH_FONT_DIR`` first, then the system's."""
    extra = [p for p in os.environ.get(FONT_DIR_ENV, "").split(os.pathsep) if p.strip()]
    return [Path(p).expanduser() for p in (*extra, *SYSTEM_FONT_DIRS)]


def find_cjk_font(dirs: Iterable[Path] | None = None) -> Path | None:
    """The first CJK font file under `dirs` (sans faces preferred), or None."""
    files: list[Path] = []
    for folder in font_search_dirs() if dirs is None else dirs:
        if not folder.is_dir():
            continue
        for root, subdirs, names in os.walk(folder):
            subdirs.sort()
            fonts = sorted(n for n in names if n.lower().endswith(_FONT_SUFFIXES))
            files.extend(Path(root) / n for n in fonts)
    for pattern in _CJK_FONT_NAMES:
        for path in files:
            if pattern.search(path.name):
                return path
    return None


def ensure_cjk_font(dirs: Sequence[Path] | None = None) -> Path:
    """Find a CJK font and register its folder with vl-convert (once per process and folder set).

    Raises `CJKFontMissing` (naming the package to install) when there is none.
    """
    folders = font_search_dirs() if dirs is None else list(dirs)
    key = os.pathsep.join(map(str, folders))
    with _font_lock:
        if key in _registered:
            return _registered[key]
        font = find_cjk_font(folders)
        if font is None:
            raise CJKFontMissing(folders)
        vlc.register_font_directory(str(font.parent))
        _registered[key] = font
        return font


@functools.cache
def cjk_font_available() -> bool:
    """Whether a CJK font can be registered (checked once per process)."""
    try:
        ensure_cjk_font()
    except CJKFontMissing:
        return False
    return True


def resolved_fonts(text: str, family: str = FONT_FAMILY["zh-Hans"]) -> list[str]:
    """The font faces vl-convert actually uses for `text` (read from a PDF rendering)."""
    if has_cjk(text):
        ensure_cjk_font()
    spec = {
        "data": {"values": [{}]},
        "mark": {"type": "text", "font": family, "fontSize": 24},
        "encoding": {"text": {"value": text}},
        "width": 40 * max(1, len(text)),
        "height": 40,
    }
    pdf = vlc.vegalite_to_pdf(spec)
    names = re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]]+)", pdf)
    faces = {n.decode("latin-1").removesuffix("-Identity-H") for n in names}
    return sorted(faces)


# --- provenance and text layout -------------------------------------------------------------


@dataclass(frozen=True)
class Provenance:
    """What an exported chart says about itself, in the reader's language `lang`.

    title: empty → the chart's own title, else `summary`. unit: the unit in words (e.g. 亿元).
    sources: one line per source or caption. vintage: ISO date the data are as of. link: the
    view's deep link. exported: ISO date of the export (today when None). summary: the chart's
    one-sentence alt text (kept in the SVG's description).
    """

    lang: str
    title: str = ""
    unit: str = ""
    sources: tuple[str, ...] = ()
    vintage: str | None = None
    link: str = ""
    exported: str | None = None
    summary: str = ""


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)\)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def plain_text(markdown: str) -> str:
    """A Markdown caption as plain text: links as 'text (url)', no emphasis marks or escapes."""
    text = _MD_LINK.sub(
        lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1), markdown
    )
    text = _MD_EMPHASIS.sub(r"\2", text)
    return _MD_ESCAPE.sub(r"\1", text)


def source_lines(caption: str | Sequence[str] | None) -> tuple[str, ...]:
    """Sources as plain-text lines, from a page's source caption (paragraphs) or a list."""
    if not caption:
        return ()
    items = [caption] if isinstance(caption, str) else list(caption)
    lines: list[str] = []
    for item in items:
        for part in re.split(r"\n\s*\n|\n", str(item)):
            clean = " ".join(plain_text(part).split())
            if clean:
                lines.append(clean)
    return tuple(dict.fromkeys(lines))


def _char_em(ch: str) -> float:
    """A character's advance in em: an estimate good enough to wrap lines with some slack."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch in "mwMW@%—":
        return 0.86
    if ch in "iljIt.,:;'|!()[]{} /\\":
        return 0.3
    if ch.isupper() or ch.isdigit():
        return 0.62
    return 0.54


def text_width(text: str, size: float) -> float:
    """Estimated width of `text` at font `size` (px)."""
    return sum(_char_em(ch) for ch in text) * size


_TOKEN = re.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef"
    r"\U00020000-\U0003fffd]\s*|[^\s\u2e80-\ua4cf\uff00-\uffef]+\s*|\s+"
)


#: Characters a line should not start with (they close the phrase before them).
_NO_LINE_START = frozenset("，。；：、）》」』】！？,.;:!?)]}%")


def wrap(text: str, size: float, width: float, max_lines: int | None = None) -> list[str]:
    """Greedy line breaks at spaces and between CJK characters; long words (URLs) are split.

    Beyond `max_lines` the last line ends with "…".
    """
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(text):
        fits = text_width((line + token).rstrip(), size) <= width
        if fits or (line.strip() and token[0] in _NO_LINE_START):
            line += token  # closing punctuation stays on its line (may overhang a little)
            continue
        if line.strip():
            lines.append(line.rstrip())
            line = ""
        token = token if lines or line else token.lstrip()
        while text_width(token.rstrip(), size) > width:  # a word longer than the line
            cut = 1
            while cut < len(token) and text_width(token[: cut + 1], size) <= width:
                cut += 1
            lines.append(token[:cut])
            token = token[cut:]
        line = token
    if line.strip():
        lines.append(line.rstrip())
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        kept[-1] = last + "…"
        return kept
    return lines


# --- the chart on its page ------------------------------------------------------------------

_COMPOUND = ("vconcat", "hconcat", "concat", "facet", "repeat")
_TOP_LEVEL_ONLY = ("$schema", "config", "datasets", "params", "usermeta")


def spec_title(spec: Mapping) -> str:
    """The text of a Vega-Lite spec's own title (lines joined by spaces), or ""."""
    title = spec.get("title")
    if isinstance(title, Mapping):
        title = title.get("text")
    if isinstance(title, list):
        return " ".join(str(x) for x in title)
    return str(title) if title else ""


def _replace_container(node: object, width: float, height: float) -> None:
    """`width/height: "container"` (a browser-only size) → a number, anywhere in the spec."""
    if isinstance(node, dict):
        for key, size in (("width", width), ("height", height)):
            if node.get(key) == "container":
                node[key] = size
        for value in node.values():
            _replace_container(value, width, height)
    elif isinstance(node, list):
        for value in node:
            _replace_container(value, width, height)


def fit_spec(spec: Mapping, width: float, height: float, *, drop_title: bool = False) -> dict:
    """A copy of `spec` sized to fill width × height (single and layered views; others scale)."""
    out = copy.deepcopy(dict(spec))
    if drop_title:
        out.pop("title", None)
    encoding = out.get("encoding") or {}
    faceted = any(ch in encoding for ch in ("row", "column", "facet"))
    if not faceted and not any(k in out for k in _COMPOUND):
        out["width"], out["height"] = round(width), round(height)
        out["autosize"] = {"type": "fit", "contains": "padding"}
    _replace_container(out, width, height)
    return out


_SVG_OPEN = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?<svg\b([^>]*)>", re.DOTALL)


def _svg_size(attrs: str) -> tuple[float, float]:
    sizes = {}
    for name in ("width", "height"):
        match = re.search(rf'\b{name}="([\d.]+)', attrs)
        sizes[name] = float(match.group(1)) if match else 0.0
    return sizes["width"], sizes["height"]


def _nest_svg(svg: str, x: float, y: float, width: float, height: float) -> str:
    """A standalone SVG as a nested <svg> element scaled (aspect kept) into the given box."""
    match = _SVG_OPEN.match(svg)
    if match is None:
        raise ValueError("vl-convert did not return an SVG document")
    w, h = _svg_size(match.group(1))
    view_box = re.search(r'\bviewBox="([^"]+)"', match.group(1))
    box = view_box.group(1) if view_box else f"0 0 {w:g} {h:g}"
    body = svg[match.end() :]
    return (
        f'<svg id="gba-chart" x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" '
        f'viewBox="{box}" preserveAspectRatio="xMidYMid meet">{body}'
    )


def qr_matrix(link: str) -> list[list[bool]]:
    """The QR code modules of `link` (True = dark), without a quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(link)
    code.make(fit=True)
    return [list(map(bool, row)) for row in code.get_matrix()]


def _qr_svg(link: str, x: float, y: float, size: float) -> str:
    """The QR code as one vector path (crisp at any scale) on a white quiet zone."""
    matrix = qr_matrix(link)
    n = len(matrix)
    quiet = 2
    scale = size / (n + 2 * quiet)
    runs = []
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                runs.append(f"M{start} {r}h{c - start}v1h{start - c}z")
            else:
                c += 1
    return (
        f'<g id="gba-qr" data-modules="{n}" transform="translate({x:g},{y:g}) scale({scale:.6g})">'
        f'<rect width="{n + 2 * quiet}" height="{n + 2 * quiet}" fill="#ffffff"/>'
        f'<path transform="translate({quiet},{quiet})" shape-rendering="crispEdges" fill="#000000" '
        f'd="{"".join(runs)}"/></g>'
    )


def _text(
    x: float,
    y: float,
    text: str,
    size: float,
    family: str,
    *,
    fill: str = "#222222",
    weight: str = "normal",
    css_class: str = "",
) -> str:
    klass = f' class="{css_class}"' if css_class else ""
    return (
        f'<text{klass} x="{x:g}" y="{y:g}" font-family="{escape(family)}" font-size="{size:g}" '
        f'font-weight="{weight}" fill="{fill}">{escape(text)}</text>'
    )


@dataclass(frozen=True)
class _Layout:
    title: list[str]
    unit: str
    footer: list[str]
    footer_top: float
    chart_box: tuple[float, float, float, float]
    qr_box: tuple[float, float, float] | None


def _labelled(line: str, lang: str) -> bool:
    """Whether a source line already starts with a "Source:" label in the reader's language."""
    labels = {t(key, lang) for key in ("ui.source", "ui.sources", "field.source")}
    return any(re.match(rf"{re.escape(label)}\s*[:：]", line, re.IGNORECASE) for label in labels)


def _layout(prov: Provenance, title: str, preset: Preset) -> _Layout:
    p, lang = preset, prov.lang
    inner = p.width - 2 * p.margin
    title_lines = wrap(title, p.title_size, inner, 2) if title else []
    unit = t("export.unit", lang, unit=prov.unit) if prov.unit else ""
    y = p.margin + len(title_lines) * p.title_size * 1.25
    if unit:
        y += p.text_size * 1.5
    has_qr = prov.link.startswith(("http://", "https://"))
    text_w = inner - (p.qr_size + p.small_size if has_qr else 0)
    footer: list[str] = []
    if prov.sources:
        sources = t("export.list_sep", lang).join(prov.sources)
        if not any(_labelled(line, lang) for line in prov.sources):  # "来源：…" already
            sources = t("export.sources", lang, sources=sources)
        footer += wrap(sources, p.small_size, text_w, 4)
    dates = []
    if prov.vintage:
        dates.append(t("export.as_of", lang, date=format_date(prov.vintage, lang)))
    dates.append(
        t(
            "export.exported",
            lang,
            date=format_date(prov.exported or date.today().isoformat(), lang),
        )
    )
    footer += wrap(t("export.list_sep", lang).join(dates), p.small_size, text_w, 2)
    if prov.link:
        footer += wrap(t("export.link", lang, url=prov.link), p.small_size, text_w, 3)
    line_h = p.small_size * 1.4
    footer_h = max(len(footer) * line_h, p.qr_size if has_qr else 0)
    top = y + p.text_size * 0.8
    footer_top = p.height - p.margin - footer_h
    bottom = footer_top - p.small_size
    chart_box = (p.margin, top, inner, max(bottom - top, p.height * 0.2))
    qr_box = (p.width - p.margin - p.qr_size, p.height - p.margin - p.qr_size, p.qr_size)
    return _Layout(title_lines, unit, footer, footer_top, chart_box, qr_box if has_qr else None)


def resolve_title(spec: Mapping | None, prov: Provenance) -> tuple[str, bool]:
    """(title shown on the page, whether the chart's own title moves there)."""
    own = spec_title(spec) if spec else ""
    if prov.title:
        return prov.title, bool(own) and own == prov.title
    if own:
        return own, True
    return prov.summary, False


def chart_svg(
    spec: Mapping, prov: Provenance, preset: str = DEFAULT_PRESET, *, for_pdf: bool = False
) -> str:
    """The chart on a `preset` page with its provenance, as a standalone SVG document."""
    p = PRESETS[preset]
    title, move_title = resolve_title(spec, prov)
    lay = _layout(prov, title, p)
    texts = " ".join([title, lay.unit, *lay.footer, json.dumps(spec, ensure_ascii=False)])
    if has_cjk(texts):
        ensure_cjk_font()  # raises CJKFontMissing rather than drawing tofu
    else:
        cjk_font_available()  # registers one when there is one; English text needs none
    x, y, w, h = lay.chart_box
    inner_svg = vlc.vegalite_to_svg(fit_spec(spec, w, h, drop_title=move_title))
    family = FONT_FAMILY.get(prov.lang, FONT_FAMILY["en"])
    size_attrs = (
        f'width="{p.pdf_width:g}" height="{p.pdf_height:g}"'
        if for_pdf
        else f'width="{p.width}" height="{p.height}"'
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'version="1.1" {size_attrs} viewBox="0 0 {p.width} {p.height}">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(' '.join([prov.summary, *prov.sources, prov.link]).strip())}</desc>",
        f'<rect width="{p.width}" height="{p.height}" fill="#ffffff"/>',
    ]
    ty = p.margin
    for line in lay.title:
        ty += p.title_size
        parts.append(
            _text(p.margin, ty, line, p.title_size, family, weight="bold", css_class="gba-title")
        )
        ty += p.title_size * 0.25
    if lay.unit:
        ty += p.text_size * 1.3
        parts.append(
            _text(p.margin, ty, lay.unit, p.text_size, family, fill="#555555", css_class="gba-unit")
        )
    parts.append(_nest_svg(inner_svg, x, y, w, h))
    line_h = p.small_size * 1.4
    fy = lay.footer_top
    parts.append(
        f'<path d="M{p.margin:g} {fy - p.small_size * 0.5:g}h{p.width - 2 * p.margin:g}" '
        'stroke="#d0d0d0" stroke-width="1"/>'
    )
    if lay.qr_box is not None:
        parts.append(_qr_svg(prov.link, *lay.qr_box))
    for line in lay.footer:
        fy += line_h
        parts.append(
            _text(
                p.margin,
                fy - line_h * 0.3,
                line,
                p.small_size,
                family,
                fill="#444444",
                css_class="gba-footer",
            )
        )
    parts.append("</svg>")
    return "\n".join(parts)


def chart_png(
    spec: Mapping, prov: Provenance, preset: str = DEFAULT_PRESET, scale: float = PNG_SCALE
) -> bytes:
    """PNG of the page: exactly preset width × height × `scale` pixels."""
    return vlc.svg_to_png(chart_svg(spec, prov, preset), scale=scale)


def chart_pdf(spec: Mapping, prov: Provenance, preset: str = DEFAULT_PRESET) -> bytes:
    """PDF of the page (text kept as text, fonts embedded) on the preset's paper size."""
    return vlc.svg_to_pdf(chart_svg(spec, prov, preset, for_pdf=True))


def export_chart(spec: Mapping, prov: Provenance, fmt: str, preset: str = DEFAULT_PRESET) -> bytes:
    """The chart page as `fmt` (png, svg or pdf) bytes."""
    if fmt == "png":
        return chart_png(spec, prov, preset)
    if fmt == "svg":
        return chart_svg(spec, prov, preset).encode("utf-8")
    if fmt == "pdf":
        return chart_pdf(spec, prov, preset)
    raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")


def file_name(chart_id: str, ext: str, preset: str | None = None) -> str:
    """A download's file name: gba-dash-<chart>[-<preset>].<ext> (ASCII, no path characters)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", chart_id).strip("-.") or "chart"
    suffix = f"-{preset.replace('_', '-')}" if preset else ""
    return f"gba-dash-{stem}{suffix}.{ext}"


# --- data: CSV and zip ----------------------------------------------------------------------


@functools.cache
def _templates(lang: str) -> tuple[tuple[str, str], ...]:
    """(key, template) of every catalogue string of `lang`, read from the catalogue files."""
    folder = resources.files("gba_dash.i18n")
    pairs: list[tuple[str, str]] = []
    for name in catalog_files(lang):
        pairs.extend(json.loads(folder.joinpath(name).read_text(encoding="utf-8")).items())
    return tuple(pairs)


def _template_regex(template: str) -> tuple[re.Pattern[str], int]:
    """A regex matching what `template` formats to, and the length of its literal text."""
    parts, literal = [], 0
    for text, field, _spec, _conv in Formatter().parse(template):
        parts.append(re.escape(text))
        literal += len(text.strip())
        if field is not None:
            parts.append(".+?")
    return re.compile("".join(parts), re.DOTALL), literal


def _key_rank(key: str) -> int:
    if key.startswith("field."):
        return 0
    if ".field." in key:
        return 1
    return 2


_CODE = re.compile(r"[a-z][a-z0-9_]*")


@functools.cache
def _header_index(lang: str) -> tuple[dict[str, list[str]], list[tuple[re.Pattern[str], int, str]]]:
    exact: dict[str, list[str]] = {}
    patterns: list[tuple[re.Pattern[str], int, str]] = []
    for key, template in _templates(lang):
        if "{" not in template:
            exact.setdefault(template, []).append(key)
            continue
        regex, literal = _template_regex(template)
        if literal >= 2:  # "{value}" or "{n} {unit}" would match any header
            patterns.append((regex, literal, key))
    return exact, patterns


def _header_code(name: str, lang: str) -> str | None:
    exact, patterns = _header_index(lang)
    keys = exact.get(name)
    if keys:  # one word may translate several keys (城市: city, cities): take the shortest code
        codes = [(_key_rank(k), len(k.rsplit(".", 1)[-1]), k.rsplit(".", 1)[-1]) for k in keys]
        return min(codes)[2]
    if _CODE.fullmatch(name):
        return name
    matches = [(_key_rank(k), -lit, k) for rx, lit, k in patterns if rx.fullmatch(name)]
    return min(matches)[2].rsplit(".", 1)[-1] if matches else None


def column_codes(
    columns: Sequence[object], lang: str, overrides: Mapping[str, str] | None = None
) -> list[str]:
    """A stable code for each column header shown in `lang` (same in every language).

    `overrides` wins; else the catalogue key the header was translated from names it
    (``field.rank`` → ``rank``, ``clusters.field.change`` → ``change``; ``field.*`` keys first,
    then ``<page>.field.*``, then the shortest code); else a header that is already a code
    stays; else ``col_<n>``. Codes are made unique with ``_2``, ``_3``…. Pass `overrides` where
    one header word stands for two different keys.
    """
    overrides = overrides or {}
    codes: list[str] = []
    for i, column in enumerate(columns, start=1):
        name = str(column)
        code = overrides.get(name) or _header_code(name, lang) or f"col_{i}"
        base, n = code, 2
        while code in codes:
            code, n = f"{base}_{n}", n + 1
        codes.append(code)
    return codes


CSV_HEADERS = ("codes", "names")


def csv_bytes(
    table: pd.DataFrame, lang: str, header: str = "codes", codes: Mapping[str, str] | None = None
) -> bytes:
    """The displayed table as CSV: UTF-8 with BOM, formula-leading cells made inert.

    header="codes": column names in the reader's language, then a second header row of stable
    codes (read back with ``pd.read_csv(f, header=[0, 1])``); header="names": one header row.
    """
    if header == "names":
        return to_csv_bytes(table)
    if header != "codes":
        raise ValueError(f"header must be one of {CSV_HEADERS}, not {header!r}")
    names = [str(c) for c in table.columns]
    out = csv_safe(table)
    out.columns = pd.MultiIndex.from_arrays([names, column_codes(names, lang, codes)])
    return out.to_csv(index=False).encode("utf-8-sig")


def readme_text(
    prov: Provenance,
    columns: Sequence[object],
    codes: Sequence[str],
    files: Sequence[tuple[str, str]],
) -> str:
    """The zip's README (Markdown, in the reader's language): sources, vintage, URL, columns."""
    lang = prov.lang
    title = prov.title or prov.summary
    lines = [f"# {title}" if title else f"# {t('export.readme.title', lang)}", ""]
    lines += [t("export.readme.intro", lang), ""]
    lines += [f"## {t('export.readme.sources', lang)}", ""]
    lines += [f"- {s}" for s in prov.sources] or [f"- {t('export.readme.none', lang)}"]
    lines += ["", f"## {t('export.readme.query', lang)}", "", prov.link or "-", ""]
    if prov.vintage:
        lines += [f"## {t('export.readme.vintage', lang)}", "", format_date(prov.vintage, lang), ""]
    lines += [
        f"## {t('export.readme.exported', lang)}",
        "",
        format_date(prov.exported or date.today().isoformat(), lang),
        "",
    ]
    if prov.unit:
        lines += [f"## {t('export.readme.unit', lang)}", "", prov.unit, ""]
    lines += [
        f"## {t('export.readme.columns', lang)}",
        "",
        f"| {t('export.readme.column', lang)} | {t('export.readme.code', lang)} |",
        "|---|---|",
    ]
    lines += [
        f"| {str(c).replace('|', '/')} | `{code}` |" for c, code in zip(columns, codes, strict=True)
    ]
    lines += ["", f"## {t('export.readme.files', lang)}", ""]
    lines += [f"- `{name}`: {what}" for name, what in files]
    return "\n".join(lines) + "\n"


def data_zip(
    table: pd.DataFrame,
    prov: Provenance,
    *,
    spec: Mapping | None = None,
    codes: Mapping[str, str] | None = None,
    stem: str = "data",
) -> bytes:
    """A zip of the displayed data (CSV with code row), its README, and the chart's spec."""
    lang = prov.lang
    names = [str(c) for c in table.columns]
    files = [(f"{stem}.csv", t("export.readme.file_csv", lang))]
    if spec is not None:
        files.append((f"{stem}.vl.json", t("export.readme.file_spec", lang)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.md", readme_text(prov, names, column_codes(names, lang, codes), files)
        )
        archive.writestr(f"{stem}.csv", csv_bytes(table, lang, "codes", codes))
        if spec is not None:
            archive.writestr(f"{stem}.vl.json", json.dumps(spec, ensure_ascii=False, indent=1))
    return buffer.getvalue()


__all__ = [
    "CSV_HEADERS",
    "DEFAULT_PRESET",
    "FONT_DIR_ENV",
    "FONT_PACKAGE",
    "FORMATS",
    "MIME",
    "PNG_SCALE",
    "PRESETS",
    "CJKFontMissing",
    "Preset",
    "Provenance",
    "chart_pdf",
    "chart_png",
    "chart_svg",
    "cjk_font_available",
    "column_codes",
    "csv_bytes",
    "data_zip",
    "ensure_cjk_font",
    "export_chart",
    "file_name",
    "find_cjk_font",
    "fit_spec",
    "font_search_dirs",
    "has_cjk",
    "plain_text",
    "qr_matrix",
    "readme_text",
    "resolve_title",
    "resolved_fonts",
    "source_lines",
    "spec_title",
    "text_width",
    "wrap",
]
