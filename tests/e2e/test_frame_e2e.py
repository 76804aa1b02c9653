"""What only a browser shows for the frame: URL rewriting, language switch, present mode."""

from __future__ import annotations

import re

from gba_dash.i18n import t
from tests.e2e.conftest import screenshot, wait_for_app


def _title(pg) -> str:
    pg.wait_for_selector("h1")
    return pg.locator("h1").first.inner_text().strip()


def test_lang_is_written_to_the_address_bar(server, page) -> None:
    page.goto(f"{server}/")
    wait_for_app(page)
    page.wait_for_url(re.compile(r"[?&]lang=en\b"))
    assert _title(page) == "Overview"


def test_language_switch_changes_text_and_url(server, page) -> None:
    page.goto(f"{server}/?lang=en")
    wait_for_app(page)
    assert _title(page) == "Overview"
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator('[data-testid="stSidebar"] button', has_text="繁體中文").click()
    page.wait_for_url(re.compile(r"lang=zh-Hant"))
    page.wait_for_function("() => document.querySelector('h1')?.innerText.includes('總覽')")
    # and the page's language with it, for screen readers (the style element's script reruns)
    page.wait_for_function("() => document.documentElement.lang === 'zh-Hant'", timeout=5000)
    # numbers switch units with the language: 萬 in Traditional Chinese, K in English
    page.wait_for_selector("text=逾7.7萬家")


def test_opening_a_copied_link_reproduces_the_view(server, browser) -> None:
    ctx = browser.new_context(locale="zh-CN")
    pg = ctx.new_page()
    pg.goto(f"{server}/sources?lang=zh-Hant")
    wait_for_app(pg)
    assert _title(pg) == t("page.sources", "zh-Hant")
    shared = pg.url
    other = browser.new_context(locale="en-US").new_page()
    other.goto(shared)
    wait_for_app(other)
    assert _title(other) == t("page.sources", "zh-Hant")
    ctx.close()
    other.context.close()


def test_tampered_url_shows_warning_not_script(server, page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/?lang=%3Cscript%3Ealert(1)%3C/script%3E")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stAlertContentWarning"]')
    warning = page.locator('[data-testid="stAlertContentWarning"]').first.inner_text()
    assert "“lang”" in warning
    assert _title(page) == "Overview"
    assert dialogs == []
    page.wait_for_url(re.compile(r"lang=en\b"))


def test_present_mode_hides_sidebar(server, page) -> None:
    page.goto(f"{server}/?lang=en&present=1")
    wait_for_app(page)
    assert _title(page) == "Overview"
    page.wait_for_selector('[data-testid="stSidebar"]', state="hidden")
    page.goto(f"{server}/?lang=en")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stSidebar"]', state="visible")


def test_screenshots_of_every_page_in_every_language(server, page) -> None:
    for lang in ("zh-Hans", "zh-Hant", "en"):
        for name in ("overview", "clusters", "hightech", "pilots", "sources"):
            page.goto(f"{server}/{'' if name == 'overview' else name}?lang={lang}")
            wait_for_app(page)
            assert page.locator('[data-testid="stDialog"]').count() == 0
            assert _title(page) == t(f"page.{name}", lang)
            assert page.locator('[data-testid="stException"]').count() == 0
            path = screenshot(page, f"{name}-{lang}")
            assert path.stat().st_size > 10_000
