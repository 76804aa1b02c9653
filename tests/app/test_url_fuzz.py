"""Every URL key of every page, fuzzed through the real app: a bad or hostile value falls back
with a translated warning naming the key, never a traceback; unknown keys change nothing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gba_dash.i18n import t
from tests.app.conftest import no_exceptions
from tests.conftest import PROJECT, fuzz

PAGES = ("overview", "clusters", "hightech", "pilots", "sources")
#: Every key docs/urls.md documents, and a few it does not.
KEYS = sorted(
    set(re.findall(r"^\| `([a-z_]+)` \|", (PROJECT / "docs" / "urls.md").read_text(), re.M))
    | {"utm_source", "embed", "x"}
)
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", "0", "1", "2025", "2017..2025", "szhkgz,xx", "zh-Hant", "../..", "x" * 600]
    ),
    st.text(alphabet="\x00\x0b\x1b\u202e<>[]()'\";,.:=%&?#", max_size=12),
)


@pytest.mark.parametrize("page", PAGES)
def test_any_url_value_renders_the_page(make_app, page: str) -> None:
    @fuzz(4)
    @given(st.dictionaries(st.sampled_from(KEYS), VALUES, min_size=1, max_size=4))
    def check(query: dict[str, str]) -> None:
        query = {k: v.replace("\x00", "") for k, v in query.items()}  # a URL cannot hold NUL
        at = make_app("en", query, page=None if page == "overview" else page)
        no_exceptions(at)
        assert at.title, query
        for warning in at.warning:
            assert "\x1b" not in warning.value  # a value is never echoed raw

    check()


def test_the_warning_names_the_key_not_the_value(make_app) -> None:
    at = make_app("en", {"edition": "<script>alert(1)</script>"}, page="clusters")
    no_exceptions(at)
    shown = " ".join(w.value for w in at.warning)
    assert t("warn.param_invalid", "en", param="edition") in shown
    assert "script" not in shown
