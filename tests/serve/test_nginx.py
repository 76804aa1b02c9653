"""Two replicas (`gba-dash serve --replicas 2`) behind Debian's nginx running deploy/nginx.conf.

Security headers on every response, metrics hidden, static assets compressed, sessions spread
over both replicas and each browser kept on one, the dashboard rendering under its CSP with
nothing loaded from elsewhere, injected script not running, and one replica killed.
The kill test runs last: it leaves the cluster to the supervisor's restart.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from gba_dash.i18n import t
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _require_browser, wait_for_app
from tests.serve.conftest import healthy, http_get
from tests.serve.stclient import Session

REQUIRED_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy")
#: The Streamlit frontend looks for its server under the page's path first (a deep link may sit
#: under a base URL path) and falls back to the root: these two 404s per deep link are expected.
BASE_PATH_PROBE = re.compile(r"^/[^/_][^/]*/_stcore/(health|host-config)$")
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation',
  e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _replica(headers) -> str:
    return headers.get("X-GBA-Replica", "")


def _cookie(headers) -> str | None:
    raw = headers.get("Set-Cookie") or ""
    match = re.match(r"(gba_route=[0-9a-f]+)", raw)
    return match.group(1) if match else None


def _main_js(base: str) -> str:
    _, _, body = http_get(f"{base}/")
    match = re.search(rb'src="\./(static/js/index\.[^"]+\.js)"', body)
    assert match, "Streamlit's index.html changed: no main script"
    return "/" + match.group(1).decode()


def _connects(base: str) -> int:
    """Websocket sessions a replica accepted so far (its own metrics, read from loopback)."""
    status, _, body = http_get(f"{base}/_stcore/metrics?families=session_events")
    assert status == 200
    match = re.search(rb'session_events_total\{type="connect"\} (\d+)', body)
    assert match, body[:500]
    return int(match.group(1))


def _check_headers(status: int, headers, where: str) -> None:
    lower = {k.lower(): v for k, v in headers.items()}
    for name in REQUIRED_HEADERS:
        assert name in lower, f"{where} ({status}): no {name}"
    assert lower["x-content-type-options"] == "nosniff", where
    assert lower["referrer-policy"] == "same-origin", where


def test_security_headers_on_every_response(cluster) -> None:
    served, nginx = cluster
    js = _main_js(nginx.base)
    paths = [
        "/",
        "/clusters?lang=en",
        "/sources",
        js,
        "/favicon.png",
        "/manifest.json",
        "/_stcore/health",
        "/_stcore/host-config",
        "/_stcore/no-such-route",
        "/static/js/no-such-file.js",
        "/no/such/page?x=<script>",
    ]
    for base in (served.replica_base(0), served.replica_base(1), nginx.base):
        for path in paths:
            status, headers, _ = http_get(base + path)
            _check_headers(status, headers, base + path)
            csp = headers["Content-Security-Policy"]
            assert "script-src 'self'" in csp
            assert "frame-ancestors 'self'" in csp
        for method in ("HEAD", "POST", "OPTIONS"):
            status, headers, _ = http_get(base + "/_stcore/health", method=method)
            _check_headers(status, headers, f"{method} {base}")
    # HSTS only when the proxy says the reader came over HTTPS
    _, plain, _ = http_get(served.replica_base(0) + "/")
    assert "Strict-Transport-Security" not in plain
    _, tls, _ = http_get(served.replica_base(0) + "/", {"X-Forwarded-Proto": "https"})
    assert tls["Strict-Transport-Security"] == "max-age=31536000"


def test_metrics_not_exposed(cluster) -> None:
    served, nginx = cluster
    for path in (
        "/_stcore/metrics",
        "/_stcore/metrics?families=active_sessions",
        "/_stcore/metrics/",
    ):
        status, headers, body = http_get(nginx.base + path)
        assert status == 404, path
        assert b"active_sessions" not in body
        _check_headers(status, headers, "nginx " + path)
    # Behind a proxy that forgot to block it, the replica still hides it from remote readers.
    status, _, body = http_get(
        served.replica_base(0) + "/_stcore/metrics", {"X-Forwarded-For": "203.0.113.9"}
    )
    assert status == 404
    assert b"session_events" not in body
    # Monitoring on the host itself still reads it from the replica port.
    assert http_get(served.replica_base(0) + "/_stcore/metrics")[0] == 200


def test_unknown_hosts_are_dropped_by_nginx_and_refused_by_replicas(cluster) -> None:
    served, nginx = cluster
    # nginx's default server closes the connection without an answer (444)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        http_get(nginx.base + "/", {"Host": "evil.example"})
    assert http_get(nginx.base + "/")[0] == 200  # the dashboard's own name
    # a proxy that forwarded it anyway: the replica refuses it itself
    status, headers, _ = http_get(served.replica_base(0) + "/", {"Host": "evil.example"})
    assert status == 421
    _check_headers(status, headers, "replica, unknown host")


def test_one_client_flooding_gets_429_and_others_are_served(cluster) -> None:
    _served, nginx = cluster

    def hit(_n: int) -> int:
        return http_get(nginx.base + "/_stcore/health", timeout=10)[0]

    with ThreadPoolExecutor(16) as pool:
        statuses = Counter(pool.map(hit, range(1400)))
    assert statuses[429] > 0, statuses  # past 50 a second with a burst of 1000
    assert set(statuses) <= {200, 429}, statuses
    time.sleep(2)  # the bucket refills: a reader is served again
    assert http_get(nginx.base + "/_stcore/health")[0] == 200


def test_static_assets_compressed_by_nginx(cluster) -> None:
    served, nginx = cluster
    js = _main_js(nginx.base)
    _, raw_headers, raw = http_get(served.replica_base(0) + js, {"Accept-Encoding": "gzip"})
    assert raw_headers.get("Content-Encoding") is None  # Streamlit sends its JS uncompressed
    status, headers, body = http_get(nginx.base + js, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert len(body) < 0.4 * len(raw), (len(body), len(raw))
    assert "Accept-Encoding" in headers.get("Vary", "")


def test_sessions_spread_over_both_replicas_and_stick(cluster) -> None:
    served, nginx = cluster
    visitors = []
    for _ in range(24):  # new browsers: no affinity cookie yet
        status, headers, _ = http_get(nginx.base + "/")
        assert status == 200
        cookie = _cookie(headers)
        assert cookie, "nginx did not set the affinity cookie"
        visitors.append((cookie, _replica(headers)))
    spread = Counter(replica for _, replica in visitors)
    assert set(spread) == {"r1", "r2"}, spread
    js = _main_js(nginx.base)
    for cookie, replica in visitors[:10]:  # each browser's later requests stay on its replica
        for path in ("/", js, "/_stcore/health", "/_stcore/host-config", "/sources"):
            status, headers, _ = http_get(nginx.base + path, {"Cookie": cookie})
            assert status == 200
            assert _replica(headers) == replica, (cookie, path)
            assert _cookie(headers) is None  # set once, on the first visit
    # Real Streamlit sessions (websocket) through nginx land where their cookie points.
    chosen = [v for v in visitors if v[1] == "r1"][:3] + [v for v in visitors if v[1] == "r2"][:3]
    before = [_connects(served.replica_base(i)) for i in (0, 1)]
    for cookie, _ in chosen:
        with Session(nginx.base, "sources", cookie=cookie) as session:
            run = session.rerun()
            assert run.ok
            assert run.titles == [t("page.sources", "en")]
    after = [_connects(served.replica_base(i)) for i in (0, 1)]
    assert [a - b for a, b in zip(after, before, strict=True)] == [3, 3]


# ------------------------------------------------------------------------------ in a browser


@pytest.fixture(scope="module")
def in_browser() -> Iterator[Callable]:
    """Run `fn(browser)` with this module's Chromium, in a thread of its own.

    Playwright's sync API allows one instance per thread, and tests/e2e keeps its session-wide
    instance open in the main thread: this module's browser lives in a worker thread.
    """
    _require_browser()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="serve-browser")
    held: dict[str, object] = {}

    def start() -> None:
        from playwright.sync_api import sync_playwright

        held["pw"] = sync_playwright().start()
        held["browser"] = held["pw"].chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )

    def stop() -> None:
        if "browser" in held:
            held["browser"].close()
        if "pw" in held:
            held["pw"].stop()

    try:
        pool.submit(start).result(timeout=120)
        yield lambda fn: pool.submit(fn, held["browser"]).result(timeout=300)
    finally:
        pool.submit(stop).result(timeout=120)
        pool.shutdown(wait=True)


class Recorder:
    """Everything a page did on the network, and what the browser complained about."""

    def __init__(self, pg) -> None:
        self.requests: list[str] = []
        self.responses: list[tuple[int, str, dict]] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        pg.on("request", lambda r: self.requests.append(r.url))
        pg.on("response", lambda r: self.responses.append((r.status, r.url, r.headers)))
        pg.on("requestfailed", self._failed)
        pg.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))

    def _failed(self, request) -> None:
        # ERR_ABORTED: the browser itself cancelled a request when the test navigated away.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.failed.append(f"{request.url} {request.failure}")

    def errors(self) -> list[str]:
        bad = []
        for status, url, _ in self.responses:
            path = urlsplit(url).path
            if status >= 500 or (status >= 400 and not BASE_PATH_PROBE.match(path)):
                bad.append(f"{status} {url}")
        return bad + self.failed


def _visit_every_page(browser, base: str) -> Recorder:
    """Every page, a download, client-side navigation and presentation mode, in one browser."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="en-GB", accept_downloads=True
    )
    context.add_init_script(CSP_LISTENER)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    rec = Recorder(pg)
    try:
        charts = {"overview": 0, "clusters": 1, "hightech": 1, "pilots": 1, "sources": 0}
        for name, min_charts in charts.items():
            path = "" if name == "overview" else name  # the default page lives at /
            pg.goto(f"{base}/{path}?lang=en")
            wait_for_app(pg, min_charts=min_charts)
            assert pg.locator("h1").first.inner_text().strip() == t(f"page.{name}", "en")
            assert pg.locator('[data-testid="stException"]').count() == 0
            assert pg.evaluate("() => window.__csp || []") == [], name
        # a download is a media request: it must reach the replica holding the session
        with pg.expect_download() as download:
            pg.locator(".st-key-dl_table_geo button").click()
        assert Path(download.value.path()).read_bytes().startswith(b"\xef\xbb\xbf")
        # client-side navigation over the same websocket
        pg.locator('[data-testid="stSidebarNav"] a', has_text=t("page.clusters", "en")).click()
        pg.wait_for_function(
            "(t) => document.querySelector('h1')?.innerText.trim() === t",
            arg=t("page.clusters", "en"),
        )
        wait_for_app(pg, min_charts=1)
        # presentation mode (its own CSS) under the same policy
        pg.goto(f"{base}/clusters?lang=en&present=1")
        wait_for_app(pg, min_charts=1)
        assert not pg.locator('[data-testid="stSidebar"]').is_visible()
        assert pg.evaluate("() => window.__csp || []") == []
        # the page's own inline script runs under the policy (its hash is allowed): <html lang>
        pg.goto(f"{base}/clusters?lang=zh-Hans")
        wait_for_app(pg, min_charts=1)
        pg.wait_for_function("() => document.documentElement.lang === 'zh-Hans'", timeout=5000)
        assert pg.evaluate("() => window.__csp || []") == []
    finally:
        context.close()
    return rec


@pytest.mark.e2e
def test_browser_session_renders_under_csp_and_stays_on_one_replica(cluster, in_browser) -> None:
    served, nginx = cluster
    host = urlsplit(nginx.base).netloc
    before = [_connects(served.replica_base(i)) for i in (0, 1)]
    rec = in_browser(lambda browser: _visit_every_page(browser, nginx.base))
    # intranet-safe: every resource came from this host
    assert {urlsplit(u).netloc for u in rec.requests if not u.startswith("data:")} == {host}
    assert rec.errors() == []
    assert [e for e in rec.console_errors if "404" not in e] == []
    # one browser, one replica: every HTTP response and every websocket session
    replicas = {h.get("x-gba-replica") for s, u, h in rec.responses if s < 400}
    assert len(replicas) == 1, replicas
    home = int(replicas.pop()[1:]) - 1
    after = [_connects(served.replica_base(i)) for i in (0, 1)]
    gained = [a - b for a, b in zip(after, before, strict=True)]
    assert any("/media/" in u for s, u, h in rec.responses if s == 200)
    assert gained[home] >= 6
    assert gained[1 - home] == 0, gained


INJECT = """() => {
    const s = document.createElement('script');
    s.textContent = 'window.__pwned = 1';
    document.body.appendChild(s);
    const f = document.createElement('iframe');
    f.srcdoc = '<script>parent.__pwned = 2<\\/script>';
    document.body.appendChild(f);
    const d = document.createElement('div');
    d.innerHTML = '<img src="data:," onerror="window.__pwned = 3">';
    document.body.appendChild(d);
}"""


def _inject(browser, base: str) -> dict[str, object]:
    context = browser.new_context(locale="en-GB")
    context.add_init_script(CSP_LISTENER)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    seen: dict[str, object] = {}
    try:
        # 1. script in URL parameters: shown as a notice, never executed
        pg.goto(
            f"{base}/clusters?lang=%3Cscript%3Ealert(1)%3C/script%3E"
            "&clusters=%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E&top=%22%3E%3Cscript%3Ealert(3)"
        )
        wait_for_app(pg)
        pg.wait_for_selector('[data-testid="stAlertContentWarning"]')
        seen["title"] = pg.locator("h1").first.inner_text().strip()
        # 2. markup that reached the page anyway (what unsafe HTML would do): the CSP stops it
        pg.evaluate(INJECT)
        pg.wait_for_function("() => (window.__csp || []).length >= 1")
        pg.wait_for_timeout(500)
        seen["pwned"] = pg.evaluate("() => window.__pwned")
        seen["violations"] = pg.evaluate("() => window.__csp")
        seen["dialogs"] = dialogs
        # control: the same injection on a page without the policy does run
        blank = context.new_page()
        blank.set_content("<html><body></body></html>")
        blank.evaluate(INJECT)
        blank.wait_for_function("() => window.__pwned !== undefined")
        seen["control"] = blank.evaluate("() => window.__pwned")
    finally:
        context.close()
    return seen


@pytest.mark.e2e
def test_injected_script_does_not_run(cluster, in_browser) -> None:
    _, nginx = cluster
    seen = in_browser(lambda browser: _inject(browser, nginx.base))
    assert seen["title"] == t("page.clusters", "en")
    assert seen["pwned"] is None
    assert any(v.startswith("script-src") for v in seen["violations"]), seen["violations"]
    assert seen["dialogs"] == []
    assert seen["control"] is not None


# ------------------------------------------------------------------------------ faults (last)


def test_replica_killed_new_sessions_go_to_the_other(cluster) -> None:
    served, nginx = cluster
    pids = served.replica_pids()
    victim_base, survivor_base = served.replica_base(0), served.replica_base(1)
    # a browser whose affinity cookie points at r1 (bounded search among new visitors)
    cookie = None
    for _ in range(40):
        _, headers, _ = http_get(nginx.base + "/")
        if _replica(headers) == "r1":
            cookie = _cookie(headers)
            break
    assert cookie, "no visitor was sent to r1"
    before = _connects(survivor_base)
    os.kill(pids["r1"], signal.SIGKILL)
    deadline = time.monotonic() + 10
    while healthy(victim_base):
        assert time.monotonic() < deadline, "r1 still answers after SIGKILL"
        time.sleep(0.1)
    # new visitors and r1's own browser: served, by r2, without an error
    for headers_in in [{}] * 8 + [{"Cookie": cookie}] * 4:
        status, headers, _ = http_get(nginx.base + "/", headers_in)
        assert status == 200
        assert _replica(headers) == "r2"
    for session_cookie in (None, cookie):
        with Session(nginx.base, "sources", cookie=session_cookie) as session:
            assert session.rerun().ok
    assert _connects(survivor_base) - before == 2
    assert healthy(nginx.base)
    # the health checks report it: the replica's own, the supervisor's log, nginx's error log
    assert not healthy(victim_base)
    deadline = time.monotonic() + 15
    while not re.search(r"replica r1 \S+ down: exited with signal 9", served.log()):
        assert time.monotonic() < deadline, served.log()[-2000:]
        time.sleep(0.2)
    assert re.search(
        rf"connect\(\) failed .* upstream: \"http://127\.0\.0\.1:{served.port}/", nginx.error_log()
    )
    # and the supervisor brings it back
    deadline = time.monotonic() + 45

    def restarted() -> bool:
        ups = re.findall(r"replica r1 \S+ up \(pid (\d+)\)", served.log())
        return any(int(pid) != pids["r1"] for pid in ups) and healthy(victim_base)

    while not restarted():
        assert time.monotonic() < deadline, served.log()[-2000:]
        time.sleep(0.3)
    assert served.replica_pids()["r1"] != pids["r1"]


def test_the_data_api_and_link_previews_through_nginx_and_both_replicas(cluster) -> None:
    """Both replicas answer the same rows (one release, one build), nginx passes the API's
    entity tags and 304s, and a page's HTML through nginx carries its preview tags."""
    import json

    served, nginx = cluster
    path = "/api/v1/views/clusters.json?edition=2024&top=50&lang=en"
    answers = [http_get(base + path) for base in (served.replica_base(0), served.replica_base(1))]
    assert [a[0] for a in answers] == [200, 200]

    def rows(body: bytes) -> list:
        return [(c["key_point"], c["rows"]) for c in json.loads(body)["charts"]]

    assert rows(answers[0][2]) == rows(answers[1][2])  # each names its own address only
    assert answers[0][1]["ETag"] == answers[1][1]["ETag"]
    status, headers, body = http_get(nginx.base + path)
    assert status == 200
    assert rows(body) == rows(answers[0][2])
    assert http_get(nginx.base + path, {"If-None-Match": headers["ETag"]})[0] == 304
    assert http_get(nginx.base + "/api/v1/tables/nope.csv")[0] == 404
    status, _, html = http_get(nginx.base + "/hightech?lang=zh-Hans")
    assert status == 200
    assert b'property="og:image"' in html
