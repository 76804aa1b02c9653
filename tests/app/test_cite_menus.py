""" "Cite this" beside charts and headline cards: lazy, pinned to the release shown."""

from __future__ import annotations

import pytest

from gba_dash.i18n import t
from gba_dash.safe_text import md_unescape
from tests.app.conftest import no_exceptions
from tests.conftest import REAL_DATA
from tests.next_year import latest_edition

LATEST = latest_edition(REAL_DATA)


def _open(at, key: str):
    at.session_state[key] = True
    return at.run()


def test_a_charts_citation_names_its_release_and_permalink(make_app) -> None:
    at = make_app("zh-Hans", page="clusters")
    no_exceptions(at)
    assert not at.code  # closed: nothing of it runs
    release = at.text_input(key="share_link").value.rsplit("release=", 1)[1]
    at = _open(at, "cite_cluster-ranking")
    no_exceptions(at)
    codes = [c.value for c in at.code]
    key_point, gbt, apa, plain, sources = codes
    # the chart's key point first, as it reads under the chart
    assert key_point in [md_unescape(str(m.value)) for m in at.markdown]
    assert f"{LATEST}年" in key_point
    assert f"（数据版本 {release}）[EB/OL]. (" in gbt
    assert gbt.endswith(f"release={release}.")
    assert "[数据集]" in apa
    assert f"数据版本 {release}" in plain
    assert sources.startswith("[1] ")
    assert "WIPO" in sources  # the sources under the chart, cited in turn
    # the chart's title as written: a phone's line cuts are only how it is drawn
    assert f"{LATEST}年科技集群排名：前20名中已收录的名次" in gbt
    assert "containerSize" not in gbt


def test_each_headline_card_can_be_cited(make_app) -> None:
    at = make_app("en")
    assert not at.code
    at = _open(at, "cite_cards")
    no_exceptions(at)
    (pick,) = [s for s in at.selectbox if s.key == "cite_card_pick"]
    assert len(pick.options) >= 15  # every headline figure
    gbt, _apa, _plain, sources = (c.value for c in at.code)
    assert gbt.startswith("GBA Innovation Dashboard. GII cluster rank, ")
    assert "[EB/OL]" in gbt
    assert "[1] " in sources
    pick.set_value(8)
    at.run()
    no_exceptions(at)
    other = at.code[0].value
    assert other != gbt  # the citation follows the figure picked
    assert "data release" in other


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_cite_this_offers_bibtex_and_ris_records_of_the_pinned_view(make_app, lang) -> None:
    at = make_app(lang, page="clusters")
    assert not at.get("download_button")
    at = _open(at, "cite_cluster-ranking")
    no_exceptions(at)
    records = {el.proto.id.split("-", 2)[-1]: el for el in at.get("download_button")}
    assert set(records) == {"cite_bib_cluster-ranking", "cite_ris_cluster-ranking"}
    for el in records.values():
        assert el.proto.label in (t("cite.download.bib", lang), t("cite.download.ris", lang))
    # the figures' menu offers the picked figure's records beside its "Add to memo"
    at = make_app(lang)
    at = _open(at, "cite_cards")
    no_exceptions(at)
    keys = {el.proto.id.split("-", 2)[-1] for el in at.get("download_button")}
    assert {k.split("_", 2)[1] for k in keys} == {"bib", "ris"}
    assert [b for b in at.button if str(b.key).startswith("memo_add_")]
