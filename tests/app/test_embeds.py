"""Embeds: `?only=<chart id>` draws one chart alone (title, chart, key point, source, a link
back), for every chart of every page with charts; "Embed" beside "Cite this" gives iframe
code, live and pinned to the release shown."""

from __future__ import annotations

import re

import pytest

from gba_dash.i18n import t
from gba_dash.safe_text import md_unescape
from tests.app.conftest import no_exceptions


def _chart_ids(at) -> list[str]:
    return [str(b.key).removeprefix("copy_keypoint_") for b in at.button
            if str(b.key or "").startswith("copy_keypoint_")]  # fmt: skip


@pytest.mark.parametrize("page", ["clusters", "hightech", "pilots"])
def test_every_chart_can_be_shown_alone(make_app, page: str) -> None:
    full = make_app("zh-Hant", page=page)
    ids = _chart_ids(full)
    assert ids
    for chart in ids:
        at = make_app("zh-Hant", {"only": chart}, page=page)
        no_exceptions(at)
        assert len(at.get("vega_lite_chart")) == 1, chart
        # the page's title stays for screen readers (hidden from sight); its lead, filters
        # and menus give way
        assert [x.value for x in at.title] == [t(f"page.{page}", "zh-Hant")]
        assert str(full.caption[0].value) not in [str(c.value) for c in at.caption]
        assert not at.get("popover")
        assert not at.get("expander")
        back = [m for m in at.markdown if t("embed.full_view", "zh-Hant") in str(m.value)]
        assert len(back) == 1
        assert "only=" not in str(back[0].value)
        assert at.get("vega_lite_chart")[0].proto.alt in [
            md_unescape(str(m.value)) for m in at.markdown
        ]


def test_an_unknown_or_bad_chart_id_shows_no_chart_and_says_so(make_app) -> None:
    at = make_app("en", {"only": "no-such-chart"}, page="clusters")
    no_exceptions(at)
    assert not at.get("vega_lite_chart")
    bad = make_app("en", {"only": "<script>"})
    no_exceptions(bad)
    assert [w for w in bad.warning if "only" in str(w.value)]  # a bad value warns, as every key


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_embed_gives_live_and_pinned_iframe_code(make_app, lang: str) -> None:
    at = make_app(lang, page="clusters")
    release = at.text_input(key="share_link").value.rsplit("release=", 1)[1]
    assert not at.code  # closed: nothing of it runs
    at.session_state["embed_cluster-ranking"] = True
    at.run()
    no_exceptions(at)
    live, pinned = (c.value for c in at.code)
    for code in (live, pinned):
        assert code.startswith('<iframe src="')
        assert "only=cluster-ranking" in code
        assert "embed=true" in code
        assert f"lang={lang}" in code
    assert "release=" not in live
    assert f"release={release}" in pinned
    assert re.search(r'title="[^"<>]+"', live)
