"""Overview cards and the sources page, with the real data."""

from __future__ import annotations

import pandas as pd
import pytest

from gba_dash.i18n import LANGS, format_date, t
from tests.app.conftest import no_exceptions, texts
from tests.conftest import REAL_DATA


@pytest.mark.parametrize("lang", LANGS)
def test_overview_cards(make_app, lang: str) -> None:
    at = make_app(lang, {"lang": lang})
    no_exceptions(at)
    values = {m.label: m.value for m in at.metric}
    assert len(values) >= 15
    expected = {"zh-Hans": "超过7.7万家", "zh-Hant": "逾7.7萬家", "en": "over 77K enterprises"}
    assert expected[lang] in values.values()
    body = texts(at)
    assert "[14]" in body  # the article's reference number is cited
    # the date under the lead is the latest publication among the sources, labelled as such
    sources = pd.read_csv(REAL_DATA / "sources.csv", dtype=str)
    latest = max(d for d in sources["published"].dropna() if d)  # ISO text sorts as dates do
    assert t("ui.latest_published", lang, date=format_date(latest, lang)) in body
    if lang == "en":
        assert "As of" not in body  # no "as of" from access dates that were never recorded


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
