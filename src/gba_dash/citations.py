"""Citations of what a reader sees: a chart or a headline figure, and the sources under it.

Three styles, each in the reader's language:

- **GB/T 7714-2015**, as Chinese policy documents cite an online resource: responsible party,
  title, the type mark ``[EB/OL]``, the publication date in round brackets and the access date
  in square brackets, then the address. The standard's punctuation is ASCII (". ", "[EB/OL]")
  in every language; a Chinese title keeps its own full-width brackets.
- **APA 7** (a data set: author, date, title with its version, ``[Data set]``, address).
- **Plain text** for a memo's footnote.

and as records for reference managers (Zotero, EndNote, NoteExpress import both): **BibTeX**
(`@misc`, with biblatex's `date`, `urldate` and `version`) and **RIS** (`TY  - DATA`).

A view's citation names the dashboard, the chart's or card's title, the data release shown
(the permalink pins it), the release date and the reader's access date. Core module: plain
values in, strings out (no Streamlit); wording comes from the i18n catalogue ``cite.*``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from gba_dash.i18n import t
from gba_dash.i18n.dates import format_date
from gba_dash.safe_text import printable

STYLES = ("gbt", "apa", "plain")
#: The reference-manager records of a view: file extension → MIME type.
RECORDS = {"bib": "application/x-bibtex", "ris": "application/x-research-info-systems"}
#: The language a record names (BibTeX: babel's names; RIS: a BCP 47 tag).
_BIB_LANG = {"zh-Hans": "chinese", "zh-Hant": "chinese", "en": "english"}
_RIS_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-HK", "en": "en"}


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


def _one_line(text: str) -> str:
    """Text on one line, without the controls a record's format cannot hold."""
    return " ".join(printable(str(text)).split())


#: What BibTeX reads as markup in a field's text, and the text that stands for it.
_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def _bib_text(text: str) -> str:
    return "".join(_BIB_SPECIAL.get(ch, ch) for ch in _one_line(text))


def _bib_url(url: str) -> str:
    """An address as BibTeX keeps it verbatim: only braces would end the field."""
    return _one_line(url).replace("{", "%7B").replace("}", "%7D")


def record_key(view: ViewCitation, item: str) -> str:
    """A record's citation key: the dashboard, the item and the release, in ASCII."""
    raw = f"gba-dash-{item}-{view.release_id or 'unreleased'}"
    return re.sub(r"[^A-Za-z0-9_:-]+", "-", raw).strip("-")


def view_bibtex(view: ViewCitation, lang: str, item: str) -> str:
    """One view as a BibTeX record (`@misc`; the dashboard as its corporate author, in double
    braces so no manager splits it into a first and last name)."""
    released, accessed = _iso_day(view.released), _iso_day(view.accessed)
    fields = [
        ("author", "{" + _bib_text(t("app.title", lang)) + "}"),
        ("title", _bib_text(t("cite.titled", lang, title=view.title, release=view.release_id))),
        ("year", released[:4]),
        ("date", released),
        ("version", _bib_text(view.release_id)),
        ("url", _bib_url(view.url)),
        ("urldate", accessed),
        ("note", _bib_text(t("cite.record_note", lang, release=view.release_id))),
        ("language", _BIB_LANG[lang]),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{record_key(view, item)},\n{body}\n}}\n"


def view_ris(view: ViewCitation, lang: str) -> str:
    """One view as an RIS record (a data set: `TY  - DATA`), CRLF lines as the format has them."""
    released, accessed = _iso_day(view.released), _iso_day(view.accessed)
    fields = [
        ("TY", "DATA"),
        ("AU", t("app.title", lang)),
        ("TI", t("cite.titled", lang, title=view.title, release=view.release_id)),
        ("PY", released[:4]),
        ("DA", released.replace("-", "/")),
        ("ET", view.release_id),
        ("PB", t("app.title", lang)),
        ("UR", view.url),
        ("Y2", accessed.replace("-", "/")),
        ("LA", _RIS_LANG[lang]),
        ("N1", t("cite.record_note", lang, release=view.release_id)),
    ]
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in fields if value]
    return "\r\n".join([*lines, "ER  - ", ""])


def view_record(view: ViewCitation, lang: str, item: str, ext: str) -> str:
    """One view as the record `ext` names ("bib" or "ris": `RECORDS`)."""
    if ext == "bib":
        return view_bibtex(view, lang, item)
    if ext == "ris":
        return view_ris(view, lang)
    raise ValueError(f"unknown record format {ext!r}")
