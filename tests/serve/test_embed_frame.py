"""An embed as an intranet editor makes one: the iframe code copied from "Embed" on a chart,
put in a page served from another local origin that `gba-dash serve --frame-ancestor` names;
Chromium shows one chart in the frame, with its key point and link back, and no sidebar."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from gba_dash.i18n import t
from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    _require_browser,
    open_menu,
    screenshot,
    wait_for_app,
)
from tests.serve.conftest import Served, free_port, start_serve


@pytest.fixture(scope="module")
def host_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Another origin: a plain static server on its own loopback port."""
    root = tmp_path_factory.mktemp("intranet")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def framed(
    tmp_path_factory: pytest.TempPathFactory, host_site: tuple[str, Path]
) -> Iterator[Served]:
    origin, _root = host_site
    served = start_serve(tmp_path_factory.mktemp("embed"), "--frame-ancestor", origin)
    try:
        yield served
    finally:
        served.stop()


def test_the_copied_iframe_shows_one_chart_on_another_origin(framed, host_site) -> None:
    _require_browser()
    origin, root = host_site

    def check() -> None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                         args=CHROMIUM_ARGS)  # fmt: skip
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(60_000)
            page.goto(f"{framed.base}/hightech?lang=zh-Hans")
            wait_for_app(page, 1)
            code = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"] code').first
            open_menu(page, page.locator(".st-key-embed_hightech-share button").first, code)
            iframe = code.inner_text().strip()
            assert iframe.startswith("<iframe ")
            (root / "portal.html").write_text(
                "<!doctype html><html lang='zh-Hans'><meta charset='utf-8'><title>内网</title>"
                f"<body><h1>内网门户</h1><div style='width:760px'>{iframe}</div></body></html>",
                encoding="utf-8",
            )
            messages: list[str] = []
            page.on("console", lambda m: messages.append(m.text))
            page.goto(f"{origin}/portal.html")
            frame = page.frame_locator("iframe")
            frame.locator(
                '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
            ).first.wait_for()
            assert frame.locator('[data-testid="stVegaLiteChart"]').count() == 1
            assert not frame.locator('[data-testid="stSidebar"]').is_visible()
            back = frame.get_by_text(t("embed.full_view", "zh-Hans"))
            assert back.is_visible()
            box, framed_box = back.bounding_box(), page.locator("iframe").bounding_box()
            assert (
                box["y"] + box["height"] <= framed_box["y"] + framed_box["height"]
            )  # no scrolling
            screenshot(page, "embed-hightech-share-zh-Hans")
            assert not [m for m in messages if "frame-ancestors" in m], messages
            browser.close()

    # Playwright's sync API allows one instance a thread, and tests/e2e keeps its session-wide
    # instance open in the main thread: this check runs in a thread of its own.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed-browser") as pool:
        pool.submit(check).result(timeout=300)
