"""A chart on its page: the spec fitted to it, provenance and QR code around it; SVG, PNG, PDF."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

import qrcode
import vl_convert as vlc
from qrcode.exceptions import DataOverflowError

from gba_dash.export.fonts import (
    DEFAULT_PRESET,
    FONT_FAMILY,
    FORMATS,
    PNG_SCALE,
    PRESETS,
    Preset,
    cjk_font_available,
    ensure_cjk_font,
    has_cjk,
)
from gba_dash.export.text import Provenance, wrap
from gba_dash.i18n import format_date, t
from gba_dash.safe_text import clean_tree, xml_clean

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
        title = out.pop("title", None)
        # The page sets the title; a subtitle (e.g. "Ranks 17, 18, 20 not held") stays on the chart.
        if isinstance(title, Mapping) and title.get("subtitle"):
            out["title"] = {
                "text": title["subtitle"],
                "fontWeight": "normal",
                "fontSize": 12,
                "color": title.get("subtitleColor", "#5F6470"),
                "anchor": "start",
            }
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


def nest_svg(svg: str, x: float, y: float, width: float, height: float) -> str:
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


def svg_size(svg: str) -> tuple[float, float]:
    """An SVG document's width and height (px)."""
    head = svg[: svg.find(">") + 1]
    sizes = [re.search(rf'\b{name}="([\d.]+)', head) for name in ("width", "height")]
    return tuple(float(m.group(1)) if m else 0.0 for m in sizes)  # type: ignore[return-value]


def qr_matrix(link: str) -> list[list[bool]] | None:
    """The QR code modules of `link` (True = dark), without a quiet zone; None when the link is
    longer than the largest QR code holds (version 40 at level M: 2,331 bytes)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(link)
    try:
        code.make(fit=True)
    except (ValueError, DataOverflowError):  # "Invalid version": more than version 40 holds
        return None
    return [list(map(bool, row)) for row in code.get_matrix()]


def qr_svg(matrix: list[list[bool]], x: float, y: float, size: float) -> str:
    """The QR code as one vector path (crisp at any scale) on a white quiet zone."""
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


def svg_text(
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
    key_point: list[str]
    footer: list[str]
    footer_top: float
    chart_box: tuple[float, float, float, float]
    qr_box: tuple[float, float, float] | None
    qr: list[list[bool]] | None = None


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
    # the key point under the title, unless it is the title (a chart without one)
    key_point = (
        wrap(prov.summary, p.text_size, inner, 3) if prov.summary and prov.summary != title else []
    )
    y += len(key_point) * p.text_size * 1.3
    qr = qr_matrix(prov.link) if prov.link.startswith(("http://", "https://")) else None
    has_qr = qr is not None
    text_w = inner - (p.qr_size + p.small_size if has_qr else 0)
    footer: list[str] = []
    if prov.sources:
        sources = t("export.list_sep", lang).join(prov.sources)
        if not any(_labelled(line, lang) for line in prov.sources):  # "来源：…" already
            sources = t("export.sources", lang, sources=sources)
        footer += wrap(sources, p.small_size, text_w, 4)
    dates = []
    if prov.release:
        dates.append(t("export.release", lang, release=prov.release))
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
        if not has_qr and prov.link.startswith(("http://", "https://")):
            footer += wrap(t("export.no_qr", lang), p.small_size, text_w, 1)
    line_h = p.small_size * 1.4
    footer_h = max(len(footer) * line_h, p.qr_size if has_qr else 0)
    top = y + p.text_size * 0.8
    footer_top = p.height - p.margin - footer_h
    bottom = footer_top - p.small_size
    chart_box = (p.margin, top, inner, max(bottom - top, p.height * 0.2))
    qr_box = (p.width - p.margin - p.qr_size, p.height - p.margin - p.qr_size, p.qr_size)
    return _Layout(
        title_lines, unit, key_point, footer, footer_top, chart_box, qr_box if has_qr else None, qr
    )


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
    """The chart on a `preset` page with its provenance, as a standalone SVG document.

    Every string is cleaned of what XML cannot hold before vl-convert sees it (`safe_text`):
    one such character anywhere in a spec aborts the whole process inside vl-convert.
    """
    p = PRESETS[preset]
    spec = clean_tree(spec)
    prov = prov.cleaned()
    title, move_title = resolve_title(spec, prov)
    lay = _layout(prov, title, p)
    texts = " ".join(
        [title, lay.unit, *lay.key_point, *lay.footer, json.dumps(spec, ensure_ascii=False)]
    )
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
            svg_text(p.margin, ty, line, p.title_size, family, weight="bold", css_class="gba-title")
        )
        ty += p.title_size * 0.25
    if lay.unit:
        ty += p.text_size * 1.3
        parts.append(
            svg_text(
                p.margin, ty, lay.unit, p.text_size, family, fill="#555555", css_class="gba-unit"
            )
        )
    for line in lay.key_point:
        ty += p.text_size * 1.3
        parts.append(svg_text(p.margin, ty, line, p.text_size, family, css_class="gba-key-point"))
    parts.append(nest_svg(inner_svg, x, y, w, h))
    line_h = p.small_size * 1.4
    fy = lay.footer_top
    parts.append(
        f'<path d="M{p.margin:g} {fy - p.small_size * 0.5:g}h{p.width - 2 * p.margin:g}" '
        'stroke="#d0d0d0" stroke-width="1"/>'
    )
    if lay.qr_box is not None and lay.qr is not None:
        parts.append(qr_svg(lay.qr, *lay.qr_box))
    for line in lay.footer:
        fy += line_h
        parts.append(
            svg_text(
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
    return xml_clean("\n".join(parts))


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


def file_name(chart_id: str, ext: str, preset: str | None = None, release: str = "") -> str:
    """A download's file name: gba-dash-<chart>[-<preset>][_<release>].<ext> (ASCII, no path
    characters); the data release shown is in the name, so a file says which values it holds."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", chart_id).strip("-.") or "chart"
    suffix = f"-{preset.replace('_', '-')}" if preset else ""
    pinned = re.sub(r"[^A-Za-z0-9-]+", "", release)
    return f"gba-dash-{stem}{suffix}{'_' + pinned if pinned else ''}.{ext}"
