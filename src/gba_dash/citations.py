"""Citations of what a reader sees: a chart or a headline figure, and the sources under it.

Three styles, each in the reader's language:

- **GB/T 7714-2015**, as Chinese policy documents cite an online resource: responsible party,
  title, the type mark ``[EB/OL]``, the publication date in round brackets and the access date
  in square brackets, then the address. The standard's punctuation is ASCII (". ", "[EB/OL]")
  in every language; a Chinese title keeps its own full-width brackets.
- **APA 7** (a data set: author, date, title with its version, ``[Data set]``, address).
- **Plain text** for a memo's footnote.

A view's citation names the dashboard, the chart's or card's title, the data release shown
(the permalink pins it), the release date and the reader's access date. Core module: plain
values in, strings out (no Streamlit); wording comes from the i18n catalogue ``cite.*``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gba_dash.i18n import t
from gba_dash.i18n.dates import format_date

STYLES = ("gbt", "apa", "plain")


@dataclass(frozen=True)
class ViewCitation:
    """What a citation of one view says: its title, the release shown and where it is."""

    title: str
    release_id: str
    released: str  # ISO date of the release
    accessed: str  # ISO date the reader saw it
    url: str


def _iso_day(value: str) -> str:
    return str(value)[:10]


def view_citation(view: ViewCitation, style: str, lang: str) -> str:
    """One view cited in `style` ("gbt", "apa" or "plain")."""
    app = t("app.title", lang)
    titled = t("cite.titled", lang, title=view.title, release=view.release_id)
    released, accessed = _iso_day(view.released), _iso_day(view.accessed)
    if style == "gbt":
        return f"{app}. {titled}[EB/OL]. ({released})[{accessed}]. {view.url}."
    if style == "apa":
        return t(
            "cite.apa", lang, app=app, when=_apa_date(released, lang), titled=titled, url=view.url
        )
    if style == "plain":
        return t(
            "cite.plain",
            lang,
            app=app,
            title=view.title,
            release=view.release_id,
            released=format_date(released, lang),
            accessed=format_date(accessed, lang),
            url=view.url,
        )
    raise ValueError(f"unknown citation style {style!r}")


def _apa_date(iso: str, lang: str) -> str:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) as APA writes it: "2025, September 16" /
    "2025年9月16日"; only the parts recorded."""
    parts = [int(p) for p in iso.split("-")[:3]]
    if len(parts) == 1:
        return t("cite.apa_year", lang, year=parts[0])
    month = t(f"cite.month.{parts[1]}", lang)
    if len(parts) == 2:
        return t("cite.apa_month", lang, year=parts[0], month=month)
    return t("cite.apa_day", lang, year=parts[0], month=month, day=parts[2])


def source_citation(source: Mapping[str, object], style: str, lang: str) -> str:
    """One row of the sources table (publisher, title, url, published, accessed) cited.

    Dates not recorded are left out, never made up: GB/T drops its brackets, APA writes
    "n.d." (无日期). A source without an address is not marked online (``[Z]``, not
    ``[EB/OL]``).
    """
    publisher = _text(source.get("publisher")) or t("cite.unknown_publisher", lang)
    title = _text(source.get("title"))
    url = _text(source.get("url"))
    published = _text(source.get("published"))
    accessed = _text(source.get("accessed"))
    if style == "gbt":
        mark = "[EB/OL]" if url else "[Z]"
        dates = (f"({published})" if published else "") + (f"[{accessed}]" if accessed else "")
        parts = [f"{publisher}. {title}{mark}."]
        if dates:
            parts.append(f"{dates}.")
        if url:
            parts.append(f"{url}.")
        return " ".join(parts)
    if style == "apa":
        when = _apa_date(published, lang) if published else t("cite.no_date", lang)
        return t("cite.apa_source", lang, publisher=publisher, when=when, title=title).rstrip() + (
            f" {url}" if url else ""
        )
    if style == "plain":
        shown = format_date(published, lang) if published else ""
        return t("cite.plain_source", lang, publisher=publisher, title=title).rstrip() + "".join(
            f"{t('cite.sep', lang)}{part}" for part in (shown, url) if part
        )
    raise ValueError(f"unknown citation style {style!r}")


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value).strip()
    return "" if text in ("<NA>", "nan") else text
