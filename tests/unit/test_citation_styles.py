"""The citations `gba_dash.citations` writes, set beside what the published CSL styles give
through citeproc-py (the styles in tests/data/csl) on a table of cases.

GB/T 7714-2015: equal for every view and every source with an address, in the three
languages, but for two things (each pinned here, so that a change on either side shows):
- a source with no address: the style writes neither a type mark nor brackets round the year
  ("期刊论文. 2023."); the formatter marks it "[Z]" (GB/T 7714-2015 Annex B: "other") and
  brackets its date as it does every publication date;
- an organisation named in Latin letters: citeproc-py upper-cases it as the style does a
  Western family name ("XINHUA", "GBA INNOVATION DASHBOARD"); the formatter keeps an
  organisation's name as the organisation writes it.
APA 7 (English): equal but for two things the style does for data sets: it gives the year
only and the label "[Dataset]"; the formatter gives the release's full date (a view changes
with every release) and APA's own label "[Data set]" (Publication Manual, 7th ed., 10.9).

The hand-written formatter stays: it is equal where the style applies, it costs microseconds
where citeproc-py takes ~2 ms a citation with the style parsed once (a Sources list of a
hundred entries would be 0.2 s a render), and the Chinese APA form has no published style.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from gba_dash import citations
from gba_dash.i18n import t

STYLES = Path(__file__).resolve().parents[1] / "data" / "csl"
GBT = STYLES / "china-national-standard-gb-t-7714-2015-numeric.csl"
APA = STYLES / "apa.csl"
LOCALE = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en-US"}
URL = "https://gba.example/clusters?top=20&lang=zh-Hans&release=2026-12-03-e382c8"
VIEW = citations.ViewCitation(
    title="GII 2025 top 20",
    release_id="2026-12-03-e382c8",
    released="2026-12-03T08:00:00",
    accessed="2026-12-05",
    url=URL,
)


def _date(iso: str) -> dict:
    return {"date-parts": [[int(part) for part in iso[:10].split("-")]]}


def _csl(style: Path, item: dict, lang: str) -> str:
    """One item's bibliography entry in `style`, as plain text without its number."""
    loaded = CitationStylesStyle(str(style), locale=LOCALE[lang], validate=False)
    bibliography = CitationStylesBibliography(loaded, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    entry = str(bibliography.bibliography()[0]).strip()
    return entry.removeprefix("[1]")


def _upper_latin(name: str) -> str:
    """What citeproc-py makes of an organisation's name in Latin letters: upper case."""
    return name.upper() if name.isascii() else name


def _view_item(lang: str, kind: str) -> dict:
    return {
        "id": "view",
        "type": kind,
        "title": t("cite.titled", lang, title=VIEW.title, release=VIEW.release_id),
        "author": [{"literal": t("app.title", lang)}],
        "URL": VIEW.url,
        "issued": _date(VIEW.released),
        "accessed": _date(VIEW.accessed),
    }


def _source_item(source: dict) -> dict:
    item = {
        "id": "source",
        "type": "webpage" if source["url"] else "document",
        "title": source["title"],
        "author": [{"literal": source["publisher"]}],
    }
    if source["url"]:
        item["URL"] = source["url"]
    for field, key in (("issued", "published"), ("accessed", "accessed")):
        if source[key]:
            item[field] = _date(source[key])
    return item


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_a_view_in_gbt_is_what_the_csl_style_gives(lang: str) -> None:
    ours = citations.view_citation(VIEW, "gbt", lang)
    name = t("app.title", lang)
    # the dashboard's English name, an organisation's, is upper-cased by citeproc-py (above)
    assert _csl(GBT, _view_item(lang, "webpage"), lang) == ours.replace(name, _upper_latin(name))


SOURCES = [
    ("WIPO", "Global Innovation Index 2025: innovation clusters", "https://www.wipo.int/gii",
     "2025-09-16", "2026-01-04"),
    ("广东省人民政府", "2021年政府工作报告", "http://www.gd.gov.cn/a/3", "2021-02-01", ""),
    ("21世纪经济报道", "深港广集群跃居全球第一", "https://www.21jingji.com/1", "", "2026-01-04"),
    ("香港特別行政區政府", "施政報告", "https://www.policyaddress.gov.hk/2025", "2025-09", ""),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("row", SOURCES, ids=[s[0] for s in SOURCES])
def test_a_source_with_an_address_in_gbt_is_what_the_csl_style_gives(row, lang: str) -> None:
    source = dict(zip(("publisher", "title", "url", "published", "accessed"), row, strict=True))
    assert citations.source_citation(source, "gbt", lang) == _csl(GBT, _source_item(source), lang)


def test_where_the_formatter_and_the_gbt_style_differ_and_why() -> None:
    journal = {"publisher": "赵雅楠、吕拉昌", "title": "期刊论文", "url": "", "published": "2023",
               "accessed": ""}  # fmt: skip
    assert _csl(GBT, _source_item(journal), "zh-Hans") == "赵雅楠、吕拉昌. 期刊论文. 2023."
    assert (
        citations.source_citation(journal, "gbt", "zh-Hans")
        == "赵雅楠、吕拉昌. 期刊论文[Z]. (2023)."
    )
    agency = {"publisher": "Xinhua", "title": "Guangdong high-tech", "url": "https://x.example",
              "published": "2025-03", "accessed": ""}  # fmt: skip
    ours = citations.source_citation(agency, "gbt", "en")
    assert ours == "Xinhua. Guangdong high-tech[EB/OL]. (2025-03). https://x.example."
    assert _csl(GBT, _source_item(agency), "en") == ours.replace("Xinhua", "XINHUA")


def test_a_view_in_apa_is_the_csl_styles_but_for_its_date_and_label() -> None:
    ours = citations.view_citation(VIEW, "apa", "en")
    style = _csl(APA, _view_item("en", "dataset"), "en")
    assert "(2026, December 3)" in ours
    assert "[Data set]" in ours
    assert style == ours.replace("(2026, December 3)", "(2026)").replace("[Data set]", "[Dataset]")
