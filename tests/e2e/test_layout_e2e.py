"""What a reader sees, measured in Chromium: nothing cut, nothing overlapping, no page
wider than the screen, presentation views that fit a projector, axe-core's WCAG checks, the
page's language, and a console free of Vega warnings. Screenshots of every page × language ×
viewport land in test-artifacts/screenshots/ (layout-*.png)."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from gba_dash import decks
from gba_dash.shaping import clusters as shaping
from tests.e2e.conftest import ARTIFACTS, wait_for_app

PAGES = ("overview", "clusters", "hightech", "pilots", "sources")
LANGS = ("zh-Hans", "zh-Hant", "en")
DESKTOP, PROJECTOR, PHONE = (1440, 1000), (1280, 720), (390, 844)
CHART = '[data-testid="stVegaLiteChart"]'

#: Text boxes in the main area that clip what they hold (ellipsis or hidden overflow).
CUT_TEXT = """() => [...document.querySelectorAll(
        '[data-testid="stMain"] [data-testid="stMetric"] *, [data-testid="stMain"] h1,'
        + '[data-testid="stMain"] h2, [data-testid="stMain"] h3,'
        + '[data-testid="stMain"] [data-testid="stMarkdownContainer"]')]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1
        && getComputedStyle(e).overflowX !== 'visible')
    .map(e => e.textContent.slice(0, 60))"""
PAGE_WIDER_THAN_SCREEN = (
    "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
)


def _url(server: str, name: str, query: str) -> str:
    return f"{server}/{'' if name == 'overview' else name}?{query}"


def _shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"layout-{name}.png"))


def _serious(pg) -> list[str]:
    violations = Axe().run(pg).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {n['target']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
        for n in v["nodes"][:3]
    ]


def _vega_warnings(messages: list[str]) -> list[str]:
    # Vega logs "WARN …" / "ERROR …" through console.warn/error; Streamlit's own probes (404s of
    # /<page>/_stcore/health) and Chromium's iframe-policy notes are not chart faults.
    return [m for m in messages if re.match(r"(warning|error): (WARN|ERROR) ", m)]


def _watch_console(pg) -> list[str]:
    messages: list[str] = []
    pg.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    return messages


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_page_at_desktop_projector_and_phone(server, browser, name: str, lang: str) -> None:
    context = browser.new_context(viewport=dict(zip(("width", "height"), DESKTOP, strict=True)))
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    console = _watch_console(pg)
    pg.goto(_url(server, name, f"lang={lang}"))
    wait_for_app(pg)
    pg.wait_for_timeout(1500)  # charts drawn
    assert pg.evaluate("document.documentElement.lang") == lang  # screen readers' language
    for width, height in (DESKTOP, PROJECTOR, PHONE):
        pg.set_viewport_size({"width": width, "height": height})
        pg.wait_for_timeout(700)
        where = f"{name} {lang} {width}×{height}"
        assert pg.evaluate(CUT_TEXT) == [], where
        assert not pg.evaluate(PAGE_WIDER_THAN_SCREEN), where
        _shot(pg, f"{name}-{lang}-{width}x{height}")
        if (width, height) in (DESKTOP, PHONE):
            assert _serious(pg) == [], where
    # on a phone the sidebar starts collapsed: the page is one column, filters one tap away
    phone = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}).new_page()
    phone.goto(_url(server, name, f"lang={lang}"))
    wait_for_app(phone)
    sidebar = phone.locator('[data-testid="stSidebar"]').bounding_box()
    assert sidebar is None or sidebar["x"] + sidebar["width"] <= 0, f"{name} {lang} sidebar open"
    assert phone.locator('[data-testid="stExpandSidebarButton"]').is_visible()
    phone.context.close()
    assert _vega_warnings(console) == []
    context.close()


def test_no_vega_warning_on_any_chart_tab(server, page) -> None:
    console = _watch_console(page)
    warned = {}
    views = [f"clusters?chart={code}" for code in shaping.CHART_TABS]
    views += [f"hightech?view={view}" for view in ("level", "yoy", "index")]
    for view in views:
        console.clear()
        page.goto(f"{server}/{view}&lang=en")
        wait_for_app(page, 1)
        page.wait_for_timeout(800)
        if _vega_warnings(console):
            warned[view] = sorted(set(_vega_warnings(console)))
    assert not warned, "\n".join(f"{v}: {w}" for v, w in warned.items())


def _boxes(pg, selector: str) -> list[dict]:
    return pg.locator(selector).evaluate_all(
        """els => els.map(e => { const b = e.getBoundingClientRect();
            return {x: b.left, y: b.top, r: b.right, b: b.bottom, text: e.textContent}; })
            .filter(b => b.r > b.x && b.b > b.y)"""
    )


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["r"] - 1 and b["x"] < a["r"] - 1 and a["y"] < b["b"] - 1 and b["y"] < a["b"] - 1
    )


@pytest.mark.parametrize("width", [DESKTOP[0], PHONE[0]])
@pytest.mark.parametrize("lang", LANGS)
def test_ranking_axis_titles_never_cover_labels(server, browser, lang: str, width: int) -> None:
    pg = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    pg.goto(f"{server}/clusters?lang={lang}&top=20")
    wait_for_app(pg, 1)
    chart = f"{CHART} svg"
    labels = _boxes(pg, f"{chart} .role-axis-label text")
    titles = _boxes(pg, f"{chart} .role-axis-title text")
    legend = _boxes(pg, f"{chart} .role-legend text")
    # ranks on x, clusters on y (a phone's ranking shows its first ten): the measurement sees them
    assert len(labels) >= (20 if width > PHONE[0] else 10)
    clashes = [(a["text"], b["text"]) for a in titles + legend for b in labels if _overlap(a, b)]
    assert clashes == []
    # the chart fits its column: no label drawn outside the page
    assert max(b["r"] for b in labels) <= width
    assert min(b["x"] for b in labels) >= 0
    pg.context.close()


STORY = decks.load_decks()["story"]


@pytest.mark.parametrize("size", [PROJECTOR, (1920, 1080)])
def test_present_views_fit_a_projector(server, browser, size: tuple[int, int]) -> None:
    """Every view of the story deck: one chart (or the overview's few cards), its captions and
    the deck bar inside the screen, nothing to scroll, type legible from the back of a room."""
    width, height = size
    pg = browser.new_context(viewport={"width": width, "height": height}).new_page()
    pg.set_default_timeout(30_000)
    for slide, view in enumerate(STORY.views, start=1):
        pg.goto(server + decks.view_link(STORY, slide, "zh-Hans"))
        wait_for_app(pg, 0 if view.page == "overview" else 1)
        pg.wait_for_timeout(1000)
        where = f"slide {slide} ({view.page}) at {width}×{height}"
        fit = pg.evaluate(
            """() => { const main = document.querySelector('[data-testid="stMain"]');
                const shown = s => [...document.querySelectorAll(s)]
                    .filter(e => e.offsetParent !== null);
                const bottom = s => Math.max(0, ...shown(s)
                    .map(e => e.getBoundingClientRect().bottom));
                return {scroll: main.scrollHeight - main.clientHeight,
                        charts: shown('[data-testid="stVegaLiteChart"]').length,
                        chart: bottom('[data-testid="stVegaLiteChart"]'),
                        cards: shown('[data-testid="stMetric"]').length,
                        card: bottom('[data-testid="stMetric"]'),
                        text: bottom('[data-testid="stCaptionContainer"]'),
                        next: bottom('.st-key-deck_next'),
                        body: parseFloat(getComputedStyle(
                            document.querySelector('[data-testid="stMain"] p')).fontSize)}; }"""
        )
        assert fit["scroll"] <= 1, where  # nothing below the fold: a projected slide can't scroll
        if view.page == "overview":
            assert fit["cards"] == len(dict(view.query)["figures"].split(",")), where
            assert 0 < fit["card"] <= height, where
        else:
            assert fit["charts"] == 1, where  # one chart per view
            assert 0 < fit["chart"] <= height, where
        assert 0 < fit["text"] <= height, where
        assert fit["next"] > 0, where
        assert fit["body"] >= (24 if height >= 1080 else 18), where
        _shot(pg, f"present-slide{slide}-{width}x{height}")
    pg.context.close()


def test_every_chart_has_a_text_alternative(server, page) -> None:
    page.goto(f"{server}/hightech?lang=zh-Hant")
    wait_for_app(page, 4)
    # the chart's own label is its one-sentence summary, generated from the data shown
    labels = page.locator(CHART).evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert len(labels) >= 4
    assert all(label and len(label) > 10 for label in labels)
    assert "2024" in labels[0]  # the trend's summary names its years


def _cluster_labels(pg) -> list[str]:
    # the y-axis labels (names with their economy); the x axis's are "1", "5", …
    texts = pg.locator(f"{CHART} svg .role-axis-label text").all_text_contents()
    return [text for text in texts if not text.strip().isdigit()]


def test_a_phone_ranking_shows_the_top_ten_and_all_on_request(server, browser) -> None:
    pg = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}).new_page()
    pg.goto(f"{server}/clusters?lang=zh-Hant&top=20")
    wait_for_app(pg, 1)
    pg.wait_for_timeout(500)
    assert len(_cluster_labels(pg)) == 10
    show_all = pg.get_by_label(re.compile("顯示全部"))
    assert show_all.is_visible()
    show_all.check()
    pg.wait_for_timeout(500)
    assert len(_cluster_labels(pg)) > 10
    assert not pg.evaluate(PAGE_WIDER_THAN_SCREEN)
    # wider than a phone: every row at once, and no box to tick
    pg.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
    pg.reload()
    wait_for_app(pg, 1)
    pg.wait_for_timeout(500)
    assert len(_cluster_labels(pg)) > 10
    assert not pg.get_by_label(re.compile("顯示全部")).is_visible()
    pg.context.close()


#: Every chart view: the clusters page's five tabs (the profile's four charts), the high-tech
#: page (five charts) and pilots.
CHART_TABS = (
    *(f"clusters?chart={code}" for code in shaping.CHART_TABS),
    "hightech?view=level",
    "pilots?status=",
)
CUT_TITLES = f"""() => [...document.querySelectorAll(
        '{CHART} svg .role-title text, {CHART} svg .role-title-text text,'
        + '{CHART} svg .role-title-subtitle text')]
    .map(e => e.textContent).filter(text => text.includes('…'))"""


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_chart_titles_wrap_on_a_phone_instead_of_being_cut(server, browser, lang: str) -> None:
    pg = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}).new_page()
    cut = {}
    for view in CHART_TABS:
        pg.goto(f"{server}/{view}&lang={lang}")
        wait_for_app(pg, 1)
        pg.wait_for_timeout(800)
        if found := pg.evaluate(CUT_TITLES):
            cut[view] = found
    assert cut == {}
    pg.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_cluster_profile_at_desktop_projector_and_phone(server, browser, lang: str) -> None:
    """Each part of the profile tab: its chart drawn with its key point as text alternative, no
    text cut, nothing wider than the screen, no serious axe finding, no Vega warning."""
    context = browser.new_context(viewport=dict(zip(("width", "height"), DESKTOP, strict=True)))
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    console = _watch_console(pg)
    for part in ("metrics", "intensity", "leaders", "history"):
        pg.set_viewport_size(dict(zip(("width", "height"), DESKTOP, strict=True)))
        pg.goto(f"{server}/clusters?chart=profile&cluster=szhkgz&part={part}&lang={lang}")
        wait_for_app(pg, 1)
        pg.wait_for_timeout(800)
        labels = pg.locator(CHART).evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
        assert len(labels) == 1, (part, labels)
        assert len(labels[0] or "") > 10, (part, labels)
        for width, height in (DESKTOP, PROJECTOR, PHONE):
            pg.set_viewport_size({"width": width, "height": height})
            pg.wait_for_timeout(700)
            where = f"profile {part} {lang} {width}×{height}"
            assert pg.evaluate(CUT_TEXT) == [], where
            assert not pg.evaluate(PAGE_WIDER_THAN_SCREEN), where
            _shot(pg, f"profile-{part}-{lang}-{width}x{height}")
            if (width, height) in (DESKTOP, PHONE):
                assert _serious(pg) == [], where
    assert _vega_warnings(console) == []
    context.close()
