"""What only a browser shows on the pages: charts drawn, filters in the URL, clicks, downloads."""

from __future__ import annotations

import re

import pytest

from gba_dash.i18n import t
from tests.conftest import REAL_DATA
from tests.e2e.conftest import wait_for_app
from tests.next_year import latest_edition
from tests.unit.test_export import CJK_FACE

# Charts a page draws with its default view (at least); clusters shows one chart per tab.
MIN_CHARTS = {"overview": 0, "clusters": 1, "hightech": 4, "pilots": 3, "sources": 0}
CHART = '[data-testid="stVegaLiteChart"]'


def _chart_texts(pg, index: int) -> str:
    chart = pg.locator(CHART).nth(index)
    return " ".join(chart.locator("svg text").evaluate_all("els => els.map(e => e.textContent)"))


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("name", sorted(MIN_CHARTS))
def test_page_draws_its_charts(server, page, name: str, lang: str) -> None:
    page.goto(f"{server}/{'' if name == 'overview' else name}?lang={lang}")
    wait_for_app(page, MIN_CHARTS[name])
    assert page.locator('[data-testid="stDialog"]').count() == 0  # e.g. "Page not found"
    assert page.locator("h1").first.inner_text().strip() == t(f"page.{name}", lang)
    assert page.locator('[data-testid="stException"]').count() == 0
    drawn = page.locator(f"{CHART} svg, {CHART} canvas").count()
    assert drawn >= MIN_CHARTS[name]


def test_a_page_load_fetches_no_syntax_highlighter(server, page) -> None:
    # 1.5 MB of JavaScript the first chart would wait for (bench/RESULTS.md): no page needs it.
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url))
    page.goto(f"{server}/clusters?lang=en")
    wait_for_app(page, 1)
    assert any("/static/js/" in url for url in scripts)  # the listener sees the page's scripts
    assert not [url for url in scripts if "SyntaxHighlighter" in url]
    box = page.locator('[data-testid="stSidebar"] [data-testid="stTextInput"] input')
    # The field gets its value at the end of the run: wait for it, not just for the field.
    page.wait_for_function(
        """() => { const i = document.querySelector(
            '[data-testid="stSidebar"] [data-testid="stTextInput"] input');
            return i && i.value.length > 0; }"""
    )
    # the share link, as a text field, pinned to the data release shown
    assert re.search(
        r"/clusters\?lang=en&release=\d{4}-\d{2}-\d{2}-[0-9a-f]{6}$", box.input_value()
    )


def test_filter_change_updates_url_and_link_reopens_view(server, browser) -> None:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.goto(f"{server}/clusters?lang=en")
    wait_for_app(pg, 1)
    sidebar = pg.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stSelectbox"]').first.click()
    pg.get_by_role("option", name="2024", exact=True).click()
    pg.wait_for_url(re.compile(r"[?&]edition=2024\b"))
    pg.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text')]
                .some(e => e.textContent.includes('2024'))"""
    )
    shared = pg.url
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.goto(shared)
    wait_for_app(other, 1)
    assert "2024" in _chart_texts(other, 0)
    assert "2025" not in _chart_texts(other, 0).split("·")[0]
    ctx.close()
    other.context.close()


def test_tampered_page_params_warn_and_use_defaults(server, page) -> None:
    page.goto(f"{server}/clusters?lang=zh-Hans&editions=abc&clusters=%3Cscript%3E&top=" + "9" * 50)
    wait_for_app(page, 1)
    warnings = page.locator('[data-testid="stAlertContentWarning"]').all_inner_texts()
    for key in ("editions", "clusters", "top"):
        assert any(f"“{key}”" in w for w in warnings), warnings
    assert "<script>" not in page.content().split("</head>", 1)[1].replace("&lt;", "")
    assert str(latest_edition(REAL_DATA)) in _chart_texts(page, 0)


def test_language_switch_changes_chart_titles_and_units(server, page) -> None:
    page.goto(f"{server}/hightech?lang=zh-Hans")
    wait_for_app(page, 4)
    zh = _chart_texts(page, 0)
    assert "万" in zh
    page.locator('[data-testid="stSidebar"] button', has_text="English").click()
    page.wait_for_url(re.compile(r"lang=en\b"))
    page.wait_for_function(
        """() => { const t = [...document.querySelectorAll(
                       '[data-testid="stVegaLiteChart"] svg text')]
                     .map(e => e.textContent).join(' ');
                   return /\\d+K\\b/.test(t) && !t.includes('万'); }"""
    )
    en = _chart_texts(page, 0)
    assert t("page.hightech", "en") == page.locator("h1").first.inner_text().strip()
    assert en != zh


def test_clicking_a_cluster_adds_it_to_the_history(server, page) -> None:
    page.goto(f"{server}/clusters?lang=en&clusters=szhkgz")
    wait_for_app(page, 1)
    dot = page.locator(CHART).first.locator('[role="graphics-symbol"][aria-label*="label: Seoul"]')
    dot.first.click()
    page.wait_for_url(re.compile(r"clusters=szhkgz(%2C|,)seoul"))
    # the history is another tab: a toast says so, and the tab shows the cluster
    page.locator('[data-testid="stToast"]', has_text=t("clusters.picked", "en")).wait_for()
    page.get_by_role("tab", name=t("clusters.section.history", "en")).click()
    page.wait_for_url(re.compile(r"[?&]chart=history\b"))
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text')]
                .some(e => e.textContent.includes('Seoul'))"""
    )


def test_chart_tabs_update_the_url_and_the_link_reopens_the_tab(server, browser) -> None:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.goto(f"{server}/clusters?lang=zh-Hant")
    wait_for_app(pg, 1)
    pg.get_by_role("tab", name=t("clusters.section.centres", "zh-Hant")).click()
    pg.wait_for_url(re.compile(r"[?&]chart=centres\b"))
    title = t("clusters.chart.centres", "zh-Hant")
    pg.wait_for_function(
        """(title) => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text')]
                .some(e => e.textContent.includes(title))""",
        arg=title,
    )
    assert pg.locator(CHART).count() == 1  # the hidden tabs send no chart
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.goto(pg.url.replace("lang=zh-Hant", "lang=en"))  # the same link in another language
    wait_for_app(other, 1)
    selected = other.get_by_role("tab", selected=True)
    assert selected.inner_text().strip() == t("clusters.section.centres", "en")
    assert t("clusters.chart.centres", "en") in _chart_texts(other, 0)
    ctx.close()
    other.context.close()


# The arrow keys are the buttons' own shortcuts; PageDown/PageUp (a presenter's remote) come from
# the page's own script (ui/style.py), drawn with the CSS in one element.
@pytest.mark.parametrize(("forward", "back"), [("ArrowRight", "ArrowLeft"), ("PageDown", "PageUp")])
def test_present_deck_moves_between_views(server, page, forward: str, back: str) -> None:
    page.goto(f"{server}/?lang=en&present=1&deck=story")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stSidebar"]', state="hidden")
    page.get_by_role("button", name=t("deck.next", "en")).wait_for()
    first_url = page.url
    page.wait_for_timeout(500)
    page.keyboard.press(forward)
    page.wait_for_url(lambda url: url != first_url and "slide=2" in url)
    wait_for_app(page, 1)
    assert "/clusters" in page.url
    page.get_by_role("button", name=t("deck.prev", "en")).wait_for()
    page.wait_for_timeout(500)
    page.keyboard.press(back)
    page.wait_for_url(re.compile(r"slide=1"))
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == t("page.overview", "en")


def test_chart_export_and_csv_download_arrive(server, page) -> None:
    page.goto(f"{server}/clusters?lang=zh-Hans")
    wait_for_app(page, 1)
    page.locator('[data-testid="stPopover"] button').first.click()
    # The menu's contents run only once it is open (a rerun): wait for that run to settle.
    svg_button = page.locator('[data-testid="stPopoverBody"] button', has_text="SVG").first
    svg_button.wait_for()
    wait_for_app(page, 1)
    with page.expect_download(timeout=60_000) as svg_info:
        svg_button.click()
    svg = svg_info.value.path().read_bytes()
    assert svg.lstrip().startswith((b"<?xml", b"<svg"))
    assert "世界知识产权组织".encode() in svg or b"WIPO" in svg
    # The PDF carries its fonts: the Chinese title and names must be set in a CJK face, not
    # in a Latin one that would print them as empty boxes.
    pdf_button = page.locator('[data-testid="stPopoverBody"] button', has_text="PDF").first
    with page.expect_download(timeout=60_000) as pdf_info:
        pdf_button.click()
    pdf = pdf_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    faces = {
        name.decode("latin-1")
        for name in re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]]+)", pdf)
    }
    assert any(CJK_FACE.search(face) for face in faces), faces
    page.keyboard.press("Escape")
    page.wait_for_selector('[data-testid="stPopoverBody"]', state="hidden")
    table = page.locator('[data-testid="stExpander"]').first
    table.locator("summary").click()
    button = table.locator('[data-testid="stDownloadButton"] button')
    button.wait_for()
    wait_for_app(page, 1)  # a download link from a run that is being replaced would never arrive
    with page.expect_download(timeout=60_000) as csv_info:
        button.click()
    raw = csv_info.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "深圳".encode() in raw


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_charts_say_where_the_ranks_held_are_incomplete(server, page, lang: str) -> None:
    # The ranking names the ranks it lacks on the chart itself (drawn in the SVG, not a caption);
    # the 2025 edition's gaps are checked on a link naming it, so a new edition keeps this true
    page.goto(f"{server}/clusters?lang={lang}&edition=2025")
    wait_for_app(page, 1)
    expected = {"zh-Hans": "未收录第17、18、20名", "en": "Ranks 17, 18, 20 not held"}[lang]
    assert expected in _chart_texts(page, 0)
    # the rank history marks an edition without a rank with "?" at the foot of the axis,
    # never a line drawn through it
    page.goto(f"{server}/clusters?lang={lang}&chart=history&clusters=macao_zhuhai,tehran")
    wait_for_app(page, 1)
    marks = page.locator(f"{CHART} svg text").evaluate_all(
        "els => els.map(e => e.textContent).filter(s => s === '?')"
    )
    assert len(marks) >= 5  # 2017-2023 for Macao-Zhuhai (entered in 2024), some for Tehran
