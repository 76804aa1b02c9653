"""A chart's key point as a reader meets it: under every chart drawn, in the reader's language,
at body size and never cut, with a copy button that puts exactly that sentence on the clipboard.
A screenshot of each, its chart above it, lands in
test-artifacts/screenshots/keypoint-<page>-<lang>-<n>.png."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import ARTIFACTS, wait_for_app

#: Charts each page draws in its default view (clusters shows one chart per tab).
CHARTS = {"clusters": 1, "hightech": 4, "pilots": 3}
BOX = '[class*="st-key-keypoint_"]'
CHART = '[data-testid="stVegaLiteChart"]'

MEASURE = """(boxes) => boxes.map(box => {
  const text = box.querySelector('[data-testid="stMarkdown"]');
  const button = [...box.querySelectorAll('button')].find(b => b.offsetParent !== null);
  const style = getComputedStyle(text);
  const rect = box.getBoundingClientRect();
  const b = button ? button.getBoundingClientRect() : null;
  return {
    text: text.innerText.trim(),
    size: parseFloat(style.fontSize),
    family: style.fontFamily,
    overflows: text.scrollWidth > text.clientWidth + 1,
    left: rect.left, right: rect.right, width: document.documentElement.clientWidth,
    button: b && b.width > 0 && b.height > 0 && getComputedStyle(button).visibility === 'visible'
      && parseFloat(getComputedStyle(button).opacity) === 1,
  };
})"""


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chart_says_its_key_point_in_the_readers_language(
    server, page, name: str, lang: str
) -> None:
    page.goto(f"{server}/{name}?lang={lang}")
    wait_for_app(page, CHARTS[name])
    boxes = page.locator(BOX)
    page.wait_for_function(  # the run is over; wait until the browser has drawn every button
        """(sel) => [...document.querySelectorAll(sel)].every(box =>
            [...box.querySelectorAll('button')].some(b => b.offsetParent !== null))""",
        arg=BOX,
    )
    # a chart's key point can be drawn before the chart itself: count both once they agree (or
    # the wait times out and the assertion below says by how much they differ)
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "([c, b]) => document.querySelectorAll(c).length"
            " === document.querySelectorAll(b).length",
            arg=[CHART, BOX],
            timeout=10_000,
        )
    charts = page.locator(CHART).count()
    assert boxes.count() == charts >= CHARTS[name]
    body = float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))
    for box in boxes.evaluate_all(MEASURE):
        assert box["text"], box
        if lang != "en":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in box["text"]), box  # in Chinese
        assert box["size"] >= body, box  # body size: a sentence to read, not a caption
        assert "mono" not in box["family"].lower(), box
        assert not box["overflows"], box
        assert box["left"] >= 0, box
        assert box["right"] <= box["width"], box
        assert box["button"], box  # the copy button shows without hovering
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for n in range(boxes.count()):  # each sentence at the foot of the screen, its chart above
        box = boxes.nth(n)
        box.evaluate("e => e.scrollIntoView({block: 'end'})")
        page.screenshot(path=str(ARTIFACTS / f"keypoint-{name}-{lang}-{n + 1}.png"))


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_copy_puts_the_sentence_on_the_clipboard_without_a_run(server, browser, name) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.set_default_timeout(30_000)
    sent: list[object] = []  # what the page tells the server: a widget's click would be one
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    page.goto(f"{server}/{name}?lang=zh-Hans")
    wait_for_app(page, CHARTS[name])
    box = page.locator(BOX).last
    sentence = box.locator('[data-testid="stMarkdown"]').inner_text().strip()
    page.wait_for_timeout(500)
    before = len(sent)
    assert before > 0  # the listener sees the page's messages
    button = box.locator("button:visible")
    button.click()
    page.wait_for_function("b => b.classList.contains('gba-copied')", arg=button.element_handle())
    assert page.evaluate("navigator.clipboard.readText()") == sentence
    page.wait_for_timeout(1000)
    assert len(sent) == before  # copied in the browser: no run on the server
    context.close()
