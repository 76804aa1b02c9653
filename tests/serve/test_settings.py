"""Production settings, headers and the middleware, without starting a server."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import threading
import tomllib
from pathlib import Path

import pytest

from gba_dash import cli, serve
from tests.conftest import PROJECT

REQUIRED = {
    "client.showErrorDetails": "none",
    "client.toolbarMode": "viewer",
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    "browser.gatherUsageStats": False,
    "server.fileWatcherType": "none",
    "runner.postScriptGC": False,
    "server.runOnSave": False,
    "server.headless": True,
    "server.enableAgentApi": False,
}


def test_production_options_are_set_and_are_real_streamlit_options() -> None:
    from streamlit import config

    options = serve.streamlit_options(serve.ServeOptions(allowed_hosts=("dash.example.org",)))
    for key, value in REQUIRED.items():
        assert options[key] == value, key
    assert options["server.allowedHosts"] == ["dash.example.org", *serve.LOOPBACK_HOSTS]
    assert options["server.disconnectedSessionTTL"] == serve.DEFAULT_SESSION_TTL <= 60
    assert options["server.address"] == "127.0.0.1"
    template = config._config_options_template
    for key in options:
        assert key in template, f"not a Streamlit option: {key}"
        # App.run(config=…) refuses sensitive options: they would crash the server at start.
        assert not template[key].sensitive, key


def test_development_config_agrees_with_production() -> None:
    """`streamlit run app.py` (.streamlit/config.toml) must not be laxer where both set a value."""
    toml = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    flat = {
        f"{section}.{key}": value
        for section, values in toml.items()
        for key, value in values.items()
        if not isinstance(value, dict)
    }
    options = serve.streamlit_options(serve.ServeOptions())
    shared = set(flat) & set(options)
    assert {"client.showErrorDetails", "client.toolbarMode", "runner.postScriptGC"} <= shared
    for key in shared:
        assert flat[key] == options[key], key


def test_content_security_policy() -> None:
    csp = serve.content_security_policy(("'self'", "https://intranet.example.org"))
    directives = dict(d.split(" ", 1) for d in csp.split("; "))
    script = directives["script-src"].split()
    assert script[0] == "'self'"
    assert "'unsafe-inline'" not in script
    assert "'unsafe-eval'" not in script
    assert all(s.startswith("'sha256-") for s in script[1:-1])
    assert script[-1] == "'wasm-unsafe-eval'"
    assert directives["default-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self' https://intranet.example.org"
    # no source outside this host, except data:/blob: for images, fonts and media
    for name, value in directives.items():
        for source in value.split():
            assert (
                source.startswith("'")
                or source in ("data:", "blob:")
                or (name == "frame-ancestors")
            ), (name, source)


def test_inline_script_hash_is_the_hash_of_the_script(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        '<html><script>\n  window.x = 1\n</script><script type="module" src="./a.js"></script>',
        encoding="utf-8",
    )
    digest = base64.b64encode(hashlib.sha256(b"\n  window.x = 1\n").digest()).decode()
    assert serve.inline_script_hashes(page) == [f"'sha256-{digest}'"]
    # Streamlit's own page has exactly one inline script (a flag); a new one must be looked at.
    assert len(serve.inline_script_hashes()) == 1


def test_the_policy_allows_exactly_the_dashboards_own_script() -> None:
    from gba_dash.ui import style

    script = dict(d.split(" ", 1) for d in serve.content_security_policy().split("; "))
    sources = script["script-src"].split()
    digest = base64.b64encode(hashlib.sha256(style.DOCUMENT_JS.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in sources
    assert serve.own_script_hashes() == [f"'sha256-{digest}'"]
    # one hash for Streamlit's flag, one for ours: nothing else inline may run
    assert len([s for s in sources if s.startswith("'sha256-")]) == 2


@pytest.mark.parametrize(
    "ancestors",
    [
        ("https://x.example; script-src *",),
        ("'none'", "'self'"),
        ("javascript:alert(1)",),
        ("https://x.example\r\nSet-Cookie: a=b",),
        (),
    ],
)
def test_bad_frame_ancestors_are_refused(ancestors) -> None:
    with pytest.raises(ValueError, match="frame ancestor"):
        serve.ServeOptions(frame_ancestors=ancestors)


def test_frame_ancestors_and_x_frame_options() -> None:
    def headers(*a: str) -> dict[str, str]:
        return dict(serve.security_headers(serve.ServeOptions(frame_ancestors=a)))

    assert headers("'self'")["X-Frame-Options"] == "SAMEORIGIN"
    assert headers("'none'")["X-Frame-Options"] == "DENY"
    embed = headers("'self'", "https://intranet.example.org")
    assert "X-Frame-Options" not in embed  # it cannot list origins; CSP governs
    assert embed["Content-Security-Policy"].endswith(
        "frame-ancestors 'self' https://intranet.example.org"
    )
    assert embed["X-Content-Type-Options"] == "nosniff"
    assert embed["Referrer-Policy"] == "same-origin"


def _run_async(coro) -> None:
    """asyncio.run in its own thread: the browser tests keep an event loop in this one."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coro)
        except BaseException as exc:  # re-raised below, in the test's thread
            failure.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive()
    if failure:
        raise failure[0]


def _call(
    middleware, path: str, client: str, scheme: str = "http", host: str | None = None
) -> tuple[int, dict]:
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "path": path,
        "client": (client, 5000),
        "scheme": scheme,
        "headers": [] if host is None else [(b"host", host.encode())],
    }
    _run_async(middleware(scope, receive, send))
    start = sent[0]
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}


def _middleware(calls: list[str]) -> serve.SecurityHeadersMiddleware:
    async def app(scope, receive, send) -> None:
        calls.append(scope["path"])
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/plain"), (b"referrer-policy", b"no-referrer")],
            }
        )
        await send({"type": "http.response.body", "body": b"ok"})

    opts = serve.ServeOptions()
    return serve.SecurityHeadersMiddleware(app, headers=serve.security_headers(opts), replica="r7")


def test_middleware_adds_headers_keeps_the_apps_own() -> None:
    calls: list[str] = []
    status, headers = _call(_middleware(calls), "/", "203.0.113.9")
    assert status == 200
    assert calls == ["/"]
    assert headers["content-security-policy"].startswith("default-src 'self'; script-src 'self'")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"  # the app's own header wins
    assert headers["x-gba-replica"] == "r7"
    assert "strict-transport-security" not in headers
    _, over_https = _call(_middleware(calls), "/", "203.0.113.9", scheme="https")
    assert over_https["strict-transport-security"] == "max-age=31536000"


def test_middleware_hides_metrics_from_remote_clients() -> None:
    calls: list[str] = []
    status, headers = _call(_middleware(calls), "/_stcore/metrics", "203.0.113.9")
    assert (status, calls) == (404, [])
    assert headers["x-content-type-options"] == "nosniff"
    status, _ = _call(_middleware(calls), "/_stcore/metrics", "127.0.0.1")
    assert (status, calls) == (200, ["/_stcore/metrics"])


def test_middleware_passes_websockets_untouched() -> None:
    seen: list[dict] = []

    async def app(scope, receive, send) -> None:
        seen.append(scope)

    mw = serve.SecurityHeadersMiddleware(app, headers=[("X-A", "b")], hosts=("dash.example",))
    scope = {
        "type": "websocket",
        "path": "/_stcore/stream",
        "headers": [(b"host", b"dash.example:443")],
    }
    _run_async(mw(scope, None, None))
    assert seen == [scope]


def _host_checked(calls: list[str]) -> serve.SecurityHeadersMiddleware:
    async def app(scope, receive, send) -> None:
        calls.append(scope["path"])
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})

    opts = serve.ServeOptions(address="0.0.0.0", allowed_hosts=("dash.example.org",))
    return serve.SecurityHeadersMiddleware(app, headers=[("X-A", "b")], hosts=opts.hosts)


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("dash.example.org", 200),
        ("DASH.example.org:443", 200),
        ("127.0.0.1:8501", 200),
        ("localhost", 200),
        ("[::1]:8501", 200),
        ("evil.example", 421),  # a DNS-rebinding page sends its own name
        ("dash.example.org.evil.example", 421),
        ("", 421),
        (None, 421),
    ],
)
def test_middleware_answers_only_its_hosts(host: str | None, status: int) -> None:
    calls: list[str] = []
    got, headers = _call(_host_checked(calls), "/", "203.0.113.9", host=host)
    assert got == status
    assert calls == (["/"] if status == 200 else [])
    assert headers.get("x-a") == "b"  # a refusal carries the security headers too


def test_health_answers_any_host_and_a_websocket_for_another_host_is_closed() -> None:
    calls: list[str] = []
    mw = _host_checked(calls)
    assert _call(mw, "/_stcore/health", "10.0.0.5", host="10.0.0.7:8501")[0] == 200
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "websocket.connect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "websocket",
        "path": "/_stcore/stream",
        "headers": [(b"host", b"evil.example")],
    }
    _run_async(mw(scope, receive, send))
    assert sent == [{"type": "websocket.close", "code": 1008}]
    assert calls == ["/_stcore/health"]


def test_host_patterns() -> None:
    allowed = ("dash.example.org", "*.intranet.example")
    assert serve.host_allowed("a.intranet.example", allowed)
    assert serve.host_allowed("b.a.intranet.example:8443", allowed)
    assert not serve.host_allowed("intranet.example.evil", allowed)
    assert not serve.host_allowed("xintranet.example", allowed)
    assert serve.host_allowed("anything.example", ("*",))
    assert serve.host_name("[2001:db8::1]:443") == "2001:db8::1"


def test_allowed_host_is_required_off_loopback(capsys) -> None:
    with pytest.raises(ValueError, match="--allowed-host is required"):
        serve.ServeOptions(address="0.0.0.0")
    assert serve.ServeOptions(address="::1").hosts == serve.LOOPBACK_HOSTS
    opts = serve.ServeOptions(address="10.1.2.3", allowed_hosts=("dash.example.org",))
    assert opts.hosts[0] == "dash.example.org"
    assert serve.streamlit_options(opts)["server.allowedHosts"] == list(opts.hosts)
    assert cli.main(["serve", "--print-config", "--address", "0.0.0.0"]) == 2
    assert "--allowed-host is required" in capsys.readouterr().err


def test_print_config_cli(monkeypatch, capsys, world: Path, tmp_path: Path) -> None:
    monkeypatch.setenv("GBA_DASH_DATA_DIR", str(world))
    monkeypatch.setenv("GBA_DASH_DB", str(tmp_path / "x.duckdb"))
    code = cli.main(
        [
            "serve",
            "--print-config",
            "--replicas",
            "3",
            "--port",
            "9000",
            "--allowed-host",
            "dash.example.org",
            "--frame-ancestor",
            "'self'",
            "--frame-ancestor",
            "https://gov.example",
        ]
    )
    assert code == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["replicas"] == ["127.0.0.1:9000", "127.0.0.1:9001", "127.0.0.1:9002"]
    assert shown["streamlit"]["server.allowedHosts"] == ["dash.example.org", *serve.LOOPBACK_HOSTS]
    assert shown["streamlit"]["client.allowedOrigins"] == ["https://gov.example"]
    assert (
        "frame-ancestors 'self' https://gov.example"
        in (shown["headers"]["Content-Security-Policy"])
    )
    assert cli.main(["serve", "--print-config", "--frame-ancestor", "https://a; x"]) == 2


def test_prepare_database_builds_then_serves_last_good(
    world: Path, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "gba.duckdb"
    monkeypatch.setenv("GBA_DASH_DATA_DIR", str(world))
    monkeypatch.setenv("GBA_DASH_DB", str(target))
    said: list[str] = []
    assert serve.prepare_database(said.append).state == "rebuilt"
    assert said[-1] == "database gba.duckdb: rebuilt from data/"
    assert serve.prepare_database(said.append).state == "fresh"
    good = target.read_bytes()
    obs = world / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("75000", "abc"), encoding="utf-8")
    assert serve.prepare_database(said.append).state == "stale"
    assert "serving the last good database" in said[-1]
    assert target.read_bytes() == good
    # nothing servable and data/ does not build: an error page, not a crash loop
    target.write_bytes(b"garbage" * 1000)
    assert serve.prepare_database(said.append).state == "missing"
    assert "no servable database" in said[-1]
    assert "gba-dash check" in said[-1]
    assert str(tmp_path) not in said[-1]
