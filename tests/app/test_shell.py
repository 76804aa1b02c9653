"""The shell around every page: language from browser and URL, warnings for bad links, present
mode, busy runs, the keys a link carries."""

from __future__ import annotations

import pytest

from gba_dash.i18n import LANGS, t
from tests.app.conftest import no_exceptions, texts

PAGES = ("overview", "clusters", "hightech", "pilots", "sources")


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("zh-CN", "zh-Hans"),
        ("zh-HK", "zh-Hant"),
        ("zh-TW", "zh-Hant"),
        ("zh-MO", "zh-Hant"),
        ("zh", "zh-Hans"),
        ("en-US", "en"),
        ("fr-FR", "en"),
    ],
)
def test_language_follows_browser(make_app, locale: str, lang: str) -> None:
    at = make_app(locale)
    no_exceptions(at)
    assert at.title[0].value == t("page.overview", lang)
    assert at.query_params["lang"] == lang


def test_lang_param_overrides_browser_and_persists_across_pages(make_app) -> None:
    at = make_app("zh-CN", {"lang": "en"})
    assert at.title[0].value == "Overview"
    at.switch_page("pages/sources.py")
    at.run()
    no_exceptions(at)
    assert at.title[0].value == "Sources"


def test_language_switch_changes_page(make_app) -> None:
    at = make_app("en")
    at.segmented_control(key="lang").set_value("zh-Hant").run()
    no_exceptions(at)
    assert at.title[0].value == "總覽"
    assert at.query_params["lang"] == "zh-Hant"


@pytest.mark.parametrize(
    "bad", ["xx", "<script>alert(1)</script>", "x" * 10_000, "zh-Hans' OR 1=1 --"]
)
def test_bad_lang_warns_and_falls_back(make_app, bad: str) -> None:
    at = make_app("zh-CN", {"lang": bad})
    no_exceptions(at)
    warning = t("warn.param_invalid", "zh-Hans", param="lang")
    assert [w.value for w in at.warning] == [warning]
    assert at.title[0].value == "总览"
    assert "script" not in texts(at)


def test_bad_present_warns(make_app) -> None:
    at = make_app("en", {"present": "maybe"})
    no_exceptions(at)
    assert t("warn.param_invalid", "en", param="present") in [w.value for w in at.warning]


def test_present_mode_hides_controls(make_app) -> None:
    normal = make_app("en")
    present = make_app("en", {"present": "1"})
    no_exceptions(present)
    assert present.query_params["present"] == "1"
    # the slide has no data tables or share link; the normal page has the share link
    assert any("lang=en" in box.value for box in normal.text_input)
    assert not present.text_input
    assert not present.expander


def test_share_link_holds_the_view(make_app) -> None:
    at = make_app("zh-Hant")
    (box,) = at.text_input
    assert box.label == t("ui.share_link", "zh-Hant")
    box.set_value("typed over by a reader").run()
    (box,) = at.text_input
    link = box.value  # the field shows the link again, not what was typed
    from gba_dash import release_log, releases
    from tests.conftest import REAL_DATA

    latest = release_log.read_log(REAL_DATA / releases.LOG_FILE).latest.release_id
    assert link.endswith(f"?lang=zh-Hant&release={latest}")  # pinned to the data it shows


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_every_language(make_app, page: str, lang: str) -> None:
    at = make_app(lang, {"lang": lang}, page=page)
    no_exceptions(at)  # strict i18n: a missing catalogue string raises here
    assert at.title[0].value == t(f"page.{page}", lang)


def test_missing_database_shows_translated_message(make_app, monkeypatch, tmp_path) -> None:
    broken = tmp_path / "data"
    broken.mkdir()
    monkeypatch.setenv("GBA_DASH_DATA_DIR", str(broken))
    monkeypatch.setenv("GBA_DASH_DB", str(tmp_path / "none.duckdb"))
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.context = {"locale": "zh-CN"}
    at.run()
    no_exceptions(at)
    assert [e.value for e in at.error] == [t("error.db_unavailable", "zh-Hans")]


@pytest.mark.parametrize("lang", LANGS)
def test_a_run_that_gets_no_slot_says_busy_and_computes_nothing(
    make_app, monkeypatch, lang: str
) -> None:
    from gba_dash.ui import shell

    monkeypatch.setattr(shell, "RUN_SLOT_TIMEOUT", 0.05)
    held = [shell._run_slots.acquire(timeout=5) for _ in range(shell.MAX_RUNS)]
    assert all(held)
    try:
        at = make_app(lang, {"lang": lang, "chart": "history"}, page=None)
        no_exceptions(at)
        assert [i.value for i in at.info] == [t("ui.busy", lang)]
        assert not at.title  # no page work was done
        assert not at.text_input  # no share link either
    finally:
        for _ in held:
            shell._run_slots.release()
    at.run()  # the retry, once a slot is free: the page as asked
    no_exceptions(at)
    assert at.title[0].value == t("page.overview", lang)
    assert not at.info or t("ui.busy", lang) not in [i.value for i in at.info]


def test_links_carry_only_the_views_own_keys(make_app) -> None:
    junk = "x" * 2400
    at = make_app(
        "en", {"lang": "en", "utm_source": junk, "edition": "2024", "fbclid": "abc"}, "clusters"
    )
    no_exceptions(at)
    (box,) = at.text_input
    link = box.value
    assert "utm_source" not in link
    assert "fbclid" not in link
    assert "edition=2024" in link
    assert len(link) < 300
