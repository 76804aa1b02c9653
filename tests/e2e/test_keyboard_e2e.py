"""The dashboard by keyboard alone (WCAG 2.1.1 and 2.4.3), in Chromium: Tab reaches
every control of a page in reading order (sidebar, then the page) and comes back round without
a trap, and a reader who never touches a mouse can change language, filter, switch chart and
open a chart's data table. The ranking's "click a cluster" has a keyboard equivalent: the
sidebar's cluster picker."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import wait_for_app

#: What Tab reports about the focused element: its widget key (st-key-…), or its test id.
FOCUSED = """() => { const e = document.activeElement;
    const keyed = e.closest('[class*="st-key-"]');
    const key = keyed && [...keyed.classList].find(c => c.startsWith('st-key-'));
    const id = e.closest('[data-testid]');
    const box = e.getBoundingClientRect();
    return {key: key ? key.slice(7) : '', id: id ? id.getAttribute('data-testid') : '',
            tag: e.tagName, shown: box.width > 0 && box.height > 0,
            main: !!e.closest('[data-testid="stMain"]')}; }"""

#: The controls each page must let Tab reach (widget keys), sidebar first.
CONTROLS = {
    "clusters": (
        ("lang", "share_link", "edition", "top", "economies", "clusters", "editions"),
        ("chart", "exp_cluster-ranking", "cite_cluster-ranking", "tbl_cluster-ranking"),
    ),
    "hightech": (
        ("lang", "share_link", "metric", "geos", "years", "view"),
        ("cite_hightech-share", "tbl_hightech-share"),
    ),
    "pilots": (
        ("lang", "share_link", "status", "domain", "cities", "pilot"),
        ("exp_pilots-map", "tbl_pilots-board"),
    ),
    "": (("lang", "share_link"), ("cite_cards",)),
    "sources": (("lang", "share_link"), ()),
}


def _tab_round(pg, limit: int = 160) -> list[dict]:
    """Every element Tab focuses from the top of a freshly loaded page until it comes round."""
    stops: list[dict] = []
    for _ in range(limit):
        pg.keyboard.press("Tab")
        stop = pg.evaluate(FOCUSED)
        if stops and stop["id"] == "stSkipToContent":
            return stops
        stops.append(stop)
    raise AssertionError(f"Tab did not come round in {limit} steps (a focus trap?): {stops[-5:]}")


@pytest.mark.parametrize("name", list(CONTROLS))
def test_tab_reaches_every_control_in_reading_order(server, browser, name: str) -> None:
    pg = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    pg.goto(f"{server}/{name}?lang=en")
    wait_for_app(pg)
    pg.wait_for_timeout(800)
    stops = _tab_round(pg)
    keys = [s["key"] for s in stops]
    sidebar, main = CONTROLS[name]
    missing = [k for k in (*sidebar, *main) if k not in keys]
    assert missing == [], f"Tab never reaches {missing} on /{name}"
    # reading order: the sidebar's controls in their order, then the page's
    firsts = [keys.index(k) for k in (*sidebar, *main)]
    assert firsts[: len(sidebar)] == sorted(firsts[: len(sidebar)])
    assert all(stops[i]["main"] for i in firsts[len(sidebar) :])
    assert all(s["shown"] for s in stops if s["tag"] != "BODY"), "focus on a hidden element"
    pg.context.close()


def _focus(pg, key: str, tag: str = "") -> None:
    """Tab (never a click) until the element with widget key `key` (and `tag`) has focus: from
    wherever focus is, round the page (it has no trap)."""
    for _ in range(160):
        pg.keyboard.press("Tab")
        stop = pg.evaluate(FOCUSED)
        if stop["key"] == key and (not tag or stop["tag"] == tag):
            return
    raise AssertionError(f"Tab never reached {key}")


def _wait_url(pg, pattern: str) -> None:
    pg.wait_for_function(f"() => /{pattern}/.test(location.search)", timeout=15_000)


def test_a_reader_without_a_mouse_filters_switches_chart_and_language(server, browser) -> None:
    pg = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    pg.goto(f"{server}/clusters?lang=en")
    wait_for_app(pg, 1)
    # an edition from the keyboard: type it, Enter
    _focus(pg, "edition", "INPUT")
    pg.keyboard.type("2023")
    pg.keyboard.press("Enter")
    _wait_url(pg, "edition=2023")
    wait_for_app(pg, 1)
    # the next chart tab: arrow key, as on any tab list
    _focus(pg, "chart")
    pg.keyboard.press("ArrowRight")
    pg.keyboard.press("Enter")
    _wait_url(pg, "chart=history")
    wait_for_app(pg, 1)
    # the chart's data table opens with Enter on its expander
    _focus(pg, "tbl_cluster-history", "SUMMARY")
    pg.keyboard.press("Enter")
    pg.wait_for_selector('.st-key-tbl_cluster-history [data-testid="stDataFrame"]')
    # another language: arrow along the language buttons, Enter
    _focus(pg, "lang", "BUTTON")
    pg.keyboard.press("ArrowRight")
    pg.keyboard.press("Enter")
    _wait_url(pg, "lang=zh-Han[st]")
    wait_for_app(pg, 1)
    assert re.search(r"edition=2023", pg.url)  # the view stayed as chosen
    pg.context.close()
