"""Every deck as a room sees it: stepped with PageDown in Chromium, every slide measured.

For each deck of decks/, at 1280×720 and 1920×1080, in the three languages: the smallest text
drawn in the chart (its rendered size against the screen's height), category labels hidden by
overlap removal or cut with "…", the chart's share of the screen, the headline figures' size,
and nothing to scroll. Every breach of every slide is collected, then the test fails naming
them all. A screenshot of each slide lands in test-artifacts/screenshots/deck-*.png.
"""

from __future__ import annotations

import pytest

from gba_dash import decks
from tests.e2e.conftest import ARTIFACTS, wait_for_app

SIZES = [(1280, 720), (1920, 1080)]
LANGS = ["zh-Hans", "zh-Hant", "en"]
DECKS = sorted(decks.load_decks().values(), key=lambda d: d.id)
#: What a room needs (shares of the screen's height): every chart text, a headline figure.
MIN_CHART_TEXT, MIN_FIGURE = 0.02, 0.05
#: The share of the screen a chart covers at least (its height, and its area).
MIN_CHART_HEIGHT, MIN_CHART_AREA = 0.40, 0.40

#: One slide measured in the page: sizes in CSS px as rendered (an SVG scaled by the page is
#: measured scaled), over the viewport's height.
MEASURE = """() => {
  const vh = window.innerHeight, vw = window.innerWidth;
  const shown = s => [...document.querySelectorAll(s)].filter(e => e.offsetParent !== null);
  const charts = shown('[data-testid="stVegaLiteChart"]');
  const texts = charts.flatMap(c => [...c.querySelectorAll('svg text')])
    .filter(t => t.textContent.trim());
  const rendered = t => {
    const svg = t.ownerSVGElement, box = svg.getBoundingClientRect();
    const scale = svg.viewBox.baseVal && svg.viewBox.baseVal.height
      ? box.height / svg.viewBox.baseVal.height : 1;
    return parseFloat(getComputedStyle(t).fontSize) * scale;
  };
  const hidden = t => {
    for (let e = t; e && e.tagName !== 'svg'; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.opacity === '0' || style.visibility === 'hidden' || style.display === 'none')
        return true;
    }
    return false;
  };
  const labels = charts.flatMap(c => [...c.querySelectorAll('svg .role-axis-label text')]);
  const svgs = charts.map(c => c.querySelector('svg').getBoundingClientRect());
  const main = document.querySelector('[data-testid="stMain"]');
  return {
    vh, vw,
    charts: charts.length,
    smallest: texts.length ? Math.min(...texts.map(rendered)) / vh : null,
    smallestText: texts.length
      ? texts.reduce((a, b) => rendered(a) <= rendered(b) ? a : b).textContent : null,
    hidden: labels.filter(hidden).map(t => t.textContent),
    cut: texts.filter(t => t.textContent.includes('…')).map(t => t.textContent),
    height: svgs.length ? Math.max(...svgs.map(r => r.height)) / vh : 0,
    area: svgs.reduce((a, r) => a + r.width * r.height, 0) / (vw * vh),
    outside: texts.filter(t => { const r = t.getBoundingClientRect();
      const box = t.ownerSVGElement.getBoundingClientRect();
      // across: not past the chart's edges (the SVG clips there; a glyph's box is wider than
      // its ink by a fraction of its size); down: inside the screen
      const slack = 0.4 * parseFloat(getComputedStyle(t).fontSize);
      return r.right > Math.min(vw, box.right) + slack
        || r.left < Math.max(0, box.left) - slack || r.bottom > vh + 1; })
      .map(t => t.textContent),
    figures: shown('[data-testid="stMetricValue"]')
      .map(e => parseFloat(getComputedStyle(e).fontSize) / vh),
    scroll: main.scrollHeight - main.clientHeight,
    position: (document.querySelector('.st-key-deck_title') || {}).innerText || '',
  };
}"""


def _breaches(m: dict, has_chart: bool) -> list[str]:
    found = []
    if m["scroll"] > 1:
        found.append(f"scrolls {m['scroll']} px")
    if has_chart:
        if m["charts"] < 1:
            found.append("no chart drawn")
        elif m["smallest"] is None or m["smallest"] < MIN_CHART_TEXT:
            found.append(f"chart text {m['smallest']:.2%} of the height ({m['smallestText']!r})")
        if m["hidden"]:
            found.append(f"labels hidden: {m['hidden']}")
        if m["cut"]:
            found.append(f"text cut: {m['cut']}")
        if m["outside"]:
            found.append(f"text outside the chart or the screen: {m['outside'][:3]}")
        if m["height"] < MIN_CHART_HEIGHT or m["area"] < MIN_CHART_AREA:
            found.append(f"chart {m['height']:.0%} of the height, {m['area']:.0%} of the screen")
    else:
        if not m["figures"]:
            found.append("no headline figure")
        elif min(m["figures"]) < MIN_FIGURE:
            found.append(f"headline figure {min(m['figures']):.1%} of the height")
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.id)
def test_every_slide_is_readable_from_the_back_of_the_room(server, browser, deck, lang, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/?present=1&deck={deck.id}&lang={lang}")
    problems: list[str] = []
    for n, view in enumerate(deck.views, start=1):
        if n > 1:
            page.keyboard.press("PageDown")
        page.wait_for_url(f"**slide={n}**")
        has_chart = view.page != "overview"
        wait_for_app(page, 1 if has_chart else 0)
        page.wait_for_function(
            "n => (document.querySelector('.st-key-deck_title') || {}).innerText"
            "?.startsWith(n + ' / ')",
            arg=n,
        )
        page.wait_for_timeout(600)  # the chart's fit to its box settles
        measured = page.evaluate(MEASURE)
        problems += [
            f"{deck.id} slide {n} ({view.page}) {lang} {width}×{height}: {p}"
            for p in _breaches(measured, has_chart)
        ]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"deck-{deck.id}-{n}-{lang}-{width}x{height}.png"))
    context.close()
    assert not problems, "\n".join(problems)
