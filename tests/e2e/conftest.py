"""Real-browser fixtures: a `streamlit run app.py` server on a free port and Debian's Chromium.

`playwright install` cannot download browsers here, so Playwright drives /usr/bin/chromium.
Without it the browser tests are skipped with the install command — except under CI=true,
where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT, REAL_DATA

CHROMIUM = Path(os.environ.get("GBA_DASH_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = PROJECT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
INSTALL_HINT = "install Debian's Chromium for the browser tests: sudo apt-get install chromium"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    del config
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing under CI=true: {INSTALL_HINT}")
    pytest.skip(f"{CHROMIUM} not found — {INSTALL_HINT}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a headless Streamlit server running app.py against a copy of data/."""
    with app_server(tmp_path_factory.mktemp("e2e")) as base:
        yield base


@contextlib.contextmanager
def app_server(work: Path, prepare=None) -> Iterator[str]:
    """A headless `streamlit run app.py` on a free port against a copy of data/ in `work`;
    `prepare(data_dir)` may change the copy first (it is built when the server starts)."""
    _require_browser()
    data = work / "data"
    shutil.copytree(REAL_DATA, data, ignore=shutil.ignore_patterns("*.duckdb*", ".*"))
    if prepare is not None:
        prepare(data)
    port = _free_port()
    env = {
        **os.environ,
        "GBA_DASH_DATA_DIR": str(data),
        "GBA_DASH_DB": str(work / "gba.duckdb"),
        "GBA_DASH_I18N_STRICT": "1",
    }
    log = (work / "server.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(PROJECT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError(
                    "streamlit did not start:\n" + (work / "server.log").read_text()[-3000:]
                )
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser context and page per test (no shared cookies or storage)."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="en-GB", accept_downloads=True
    )
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def wait_for_app(pg, min_charts: int = 0) -> None:
    """Wait until a script run finished with a page title drawn, and `min_charts` charts drew.

    The status widget alone is not enough: before the first run starts there is none either.
    """
    pg.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
    pg.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && document.querySelector('h1') !== null
                && !document.querySelector('[data-testid="stStatusWidget"]');
        }""",
        timeout=30_000,
    )
    if min_charts:
        pg.wait_for_function(
            """(n) => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
                    .filter(el => el.querySelector('canvas, svg')).length >= n""",
            arg=min_charts,
            timeout=30_000,
        )


def screenshot(pg, name: str) -> Path:
    """Save a full-page screenshot where CI keeps it (test-artifacts/screenshots)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path


def open_menu(pg, button, content) -> None:
    """Open a lazy menu (`button`, a locator) and wait for its `content` (a locator): the
    menu's contents run only once it is open (a rerun). A click during a rerun can be lost on
    a busy machine, so it is tried three times; the final wait fails the test."""
    for _attempt in range(3):
        button.click()
        wait_for_app(pg)
        try:
            content.wait_for(timeout=10_000)
            return
        except Exception:  # retried; the final wait below fails the test
            pg.keyboard.press("Escape")
    content.wait_for()
