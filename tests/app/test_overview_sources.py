"""Overview cards and the sources page, with the real data."""

from __future__ import annotations

import pytest

from gba_dash.i18n import LANGS, t
from tests.app.conftest import no_exceptions, texts


@pytest.mark.parametrize("lang", LANGS)
def test_overview_cards(make_app, lang: str) -> None:
    at = make_app(lang, {"lang": lang})
    no_exceptions(at)
    values = {m.label: m.value for m in at.metric}
    assert len(values) >= 15
    expected = {"zh-Hans": "超过7.7万家", "zh-Hant": "超過7.7萬家", "en": "over 77K enterprises"}
    assert expected[lang] in values.values()
    body = texts(at)
    assert "[14]" in body  # the article's reference number is cited


def test_sources_page_sections(make_app) -> None:
    at = make_app("en", {"lang": "en"}, page="sources")
    no_exceptions(at)
    heads = [s.value for s in at.subheader]
    for key in (
        "sources.list",
        "sources.coverage",
        "sources.methodology",
        "sources.dictionary",
        "sources.downloads",
        "sources.manifest",
    ):
        assert t(key, "en") in heads
    labels = [b.label for b in at.get("download_button")]
    assert t("table.observations", "en") in labels
    assert t("sources.download_db", "en") in labels
