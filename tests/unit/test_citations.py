"""Citations checked against hand-written strings, in the three languages and three styles."""

from __future__ import annotations

import pytest

from gba_dash import citations
from gba_dash.i18n import t

VIEW = citations.ViewCitation(
    title="GII 2025 top 20",
    release_id="2026-12-03-e382c8",
    released="2026-12-03T08:33:00Z",
    accessed="2026-12-05",
    url="https://gba.example.org/clusters?chart=ranking&release=2026-12-03-e382c8",
)
URL = VIEW.url


@pytest.mark.parametrize(
    ("lang", "style", "expected"),
    [
        (
            "zh-Hans",
            "gbt",
            f"粤港澳大湾区科技创新看板. GII 2025 top 20（数据版本 2026-12-03-e382c8）[EB/OL]. "
            f"(2026-12-03)[2026-12-05]. {URL}.",
        ),
        (
            "zh-Hant",
            "gbt",
            f"粵港澳大灣區科技創新看板. GII 2025 top 20（資料版本 2026-12-03-e382c8）[EB/OL]. "
            f"(2026-12-03)[2026-12-05]. {URL}.",
        ),
        (
            "en",
            "gbt",
            "GBA Innovation Dashboard. GII 2025 top 20 (data release 2026-12-03-e382c8)"
            f"[EB/OL]. (2026-12-03)[2026-12-05]. {URL}.",
        ),
        (
            "en",
            "apa",
            "GBA Innovation Dashboard. (2026, December 3). GII 2025 top 20 (data release "
            f"2026-12-03-e382c8) [Data set]. {URL}",
        ),
        (
            "zh-Hans",
            "apa",
            "粤港澳大湾区科技创新看板.（2026年12月3日）. GII 2025 top 20（数据版本 "
            f"2026-12-03-e382c8）[数据集]. {URL}",
        ),
        (
            "en",
            "plain",
            "GBA Innovation Dashboard, “GII 2025 top 20”, data release 2026-12-03-e382c8 "
            f"(3 Dec 2026), accessed 5 Dec 2026, {URL}",
        ),
        (
            "zh-Hant",
            "plain",
            "粵港澳大灣區科技創新看板，《GII 2025 top 20》，資料版本 2026-12-03-e382c8"
            f"（2026年12月3日），2026年12月5日存取，{URL}",
        ),
    ],
)
def test_a_view_cited(lang: str, style: str, expected: str) -> None:
    assert citations.view_citation(VIEW, style, lang) == expected


SOURCE = {
    "publisher": "WIPO",
    "title": "Global Innovation Index 2025",
    "url": "https://www.wipo.int/gii",
    "published": "2025-09-16",
    "accessed": None,
}


def test_a_source_cited_without_inventing_what_is_not_recorded() -> None:
    gbt = citations.source_citation(SOURCE, "gbt", "zh-Hans")
    assert (
        gbt == "WIPO. Global Innovation Index 2025[EB/OL]. (2025-09-16). https://www.wipo.int/gii."
    )
    accessed = {**SOURCE, "accessed": "2026-11-20"}
    assert citations.source_citation(accessed, "gbt", "en") == (
        "WIPO. Global Innovation Index 2025[EB/OL]. (2025-09-16)[2026-11-20]. "
        "https://www.wipo.int/gii."
    )
    offline = {**SOURCE, "url": None, "published": None}
    assert (
        citations.source_citation(offline, "gbt", "en") == "WIPO. Global Innovation Index 2025[Z]."
    )
    assert citations.source_citation(offline, "apa", "en") == (
        "WIPO. (n.d.). Global Innovation Index 2025."
    )
    assert citations.source_citation({**SOURCE, "published": "2025-09"}, "apa", "zh-Hant") == (
        "WIPO.（2025年9月）. Global Innovation Index 2025. https://www.wipo.int/gii"
    )
    assert citations.source_citation(SOURCE, "plain", "en") == (
        "WIPO, “Global Innovation Index 2025”, 16 Sept 2025, https://www.wipo.int/gii"
    )
    with pytest.raises(ValueError, match="style"):
        citations.source_citation(SOURCE, "mla", "en")


RECORD_VIEW = citations.ViewCitation(
    title="Ranks {top 20} & 100% of R_D #1 ~ ^ \\ $",
    release_id="2026-12-03-e382c8",
    released="2026-12-03T08:00:00",
    accessed="2026-12-05",
    url="https://gba.example/clusters?top=20&lang=en&release=2026-12-03-e382c8#x",
)


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_a_view_as_bibtex_reads_back_whole(lang: str) -> None:
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware

    text = citations.view_record(RECORD_VIEW, lang, "cluster-ranking", "bib")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "misc"
    assert entry.key == "gba-dash-cluster-ranking-2026-12-03-e382c8"
    fields = entry.fields_dict
    assert fields["author"].value == "{" + t("app.title", lang) + "}"  # one corporate name
    assert fields["url"].value == RECORD_VIEW.url
    assert (fields["date"].value, fields["urldate"].value) == ("2026-12-03", "2026-12-05")
    assert fields["version"].value == RECORD_VIEW.release_id
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    # pylatexenc reads LaTeX's \textasciicircum as the modifier letter U+02C6
    title = decoded.entries[0].fields_dict["title"].value.replace("\u02c6", "^")
    assert title == t("cite.titled", lang, title=RECORD_VIEW.title, release=RECORD_VIEW.release_id)


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_a_view_as_ris_reads_back_whole(lang: str) -> None:
    import rispy

    text = citations.view_record(RECORD_VIEW, lang, "cluster-ranking", "ris")
    assert text.endswith("ER  - \r\n")
    assert "\n" not in text.replace("\r\n", "")  # one field a line, CRLF as RIS has them
    (record,) = rispy.loads(text)
    assert record["type_of_reference"] == "DATA"
    assert record["authors"] == [t("app.title", lang)]
    assert record["title"] == t(
        "cite.titled", lang, title=RECORD_VIEW.title, release=RECORD_VIEW.release_id
    )
    assert record["urls"] == [RECORD_VIEW.url]
    assert (record["date"], record["access_date"]) == ("2026/12/03", "2026/12/05")
    assert record["edition"] == RECORD_VIEW.release_id


def test_a_record_holds_no_line_break_or_control_character_from_its_title() -> None:
    hostile = citations.ViewCitation("A\nTY  - JOUR\x07", "r1", "2026-12-03", "2026-12-05", "u")
    ris = citations.view_record(hostile, "en", "x", "ris")
    assert ris.count("TY  - ") == 1
    bib = citations.view_record(hostile, "en", "x", "bib")
    assert "\x07" not in bib
    assert "\nTY" not in bib
    with pytest.raises(ValueError, match="unknown record format"):
        citations.view_record(hostile, "en", "x", "enw")
