"""Production serving: `gba-dash serve [--port] [--replicas N]`.

Everything a hosted link needs is set here, in one place:

- `streamlit_options()` — the Streamlit settings (no error details or developer toolbar in the
  browser, XSRF and CORS protection, allowed hosts, a short TTL for disconnected sessions, no
  usage statistics, no file watcher, no full GC after every run);
- `security_headers()` — Content-Security-Policy (`script-src 'self'`, configurable
  `frame-ancestors`), X-Content-Type-Options, Referrer-Policy and friends, added to every HTTP
  response by `SecurityHeadersMiddleware`, an ASGI middleware on Streamlit's own `st.App`
  (Starlette), served by uvicorn;
- `prepare_database()` — the database built (or verified) before the first request.

`--replicas N` starts N identical replicas on consecutive ports (a small supervisor: it restarts a
replica that dies and logs every change of health). Put them behind `deploy/nginx.conf`.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import ipaddress
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gba_dash import db, settings

APP_SCRIPT = settings.PROJECT_ROOT / "app.py"
#: Set by the supervisor for each replica; sent back as `X-GBA-Replica` (an opaque index).
REPLICA_ENV = "GBA_DASH_REPLICA"
#: Paths answered 404 to anyone but a loopback client (the proxy blocks them too).
PRIVATE_PATHS = ("/_stcore/metrics",)
DEFAULT_PORT = 8501
DEFAULT_ADDRESS = "127.0.0.1"
#: Seconds a disconnected session is kept. The view lives in the URL, so a reader who comes back
#: later loses nothing but widget focus; memory of abandoned tabs is returned quickly.
DEFAULT_SESSION_TTL = 30
HEALTH_PATH = "/_stcore/health"

_ORIGIN = re.compile(r"^https?://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$")
_HOST = re.compile(r"^(\*\.)?[A-Za-z0-9.-]+$|^\*$")


@dataclass(frozen=True)
class ServeOptions:
    """What an operator may choose; everything else is fixed by `streamlit_options`."""

    port: int = DEFAULT_PORT
    address: str = DEFAULT_ADDRESS
    replicas: int = 1
    #: Host names the websocket accepts (DNS-rebinding protection); empty accepts any.
    allowed_hosts: tuple[str, ...] = ()
    #: Who may embed the dashboard in a frame: "'self'", "'none'" or origins (https://…).
    frame_ancestors: tuple[str, ...] = ("'self'",)
    session_ttl: int = DEFAULT_SESSION_TTL

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port out of range: {self.port}")
        if not 1 <= self.replicas <= 64 or self.port + self.replicas - 1 > 65535:
            raise ValueError(f"replicas must be 1–64 and fit below port 65536: {self.replicas}")
        if self.session_ttl < 1:
            raise ValueError("session TTL must be at least 1 second")
        for host in self.allowed_hosts:
            if not _HOST.match(host):
                raise ValueError(f"not a host name: {host!r}")
        sources = self.frame_ancestors
        if not sources:
            raise ValueError("frame ancestors: give 'self', 'none' or origins")
        for source in sources:
            if source not in ("'self'", "'none'") and not _ORIGIN.match(source):
                raise ValueError(f"frame ancestor must be 'self', 'none' or an origin: {source!r}")
        if "'none'" in sources and len(sources) > 1:
            raise ValueError("frame ancestor 'none' cannot be combined with other sources")


# ------------------------------------------------------------------------------ the settings


def streamlit_options(opts: ServeOptions) -> dict[str, Any]:
    """Every Streamlit option production serving sets (they override .streamlit/config.toml)."""
    return {
        "server.address": opts.address,
        "server.port": opts.port,
        "server.headless": True,
        "server.runOnSave": False,
        "server.fileWatcherType": "none",
        "server.enableXsrfProtection": True,
        "server.enableCORS": True,
        "server.allowedHosts": list(opts.allowed_hosts),
        "server.disconnectedSessionTTL": opts.session_ttl,
        "server.enableStaticServing": False,
        "server.enableAgentApi": False,
        "server.maxUploadSize": 1,  # MB: the dashboard takes no uploads
        "browser.gatherUsageStats": False,
        "client.showErrorDetails": "none",
        "client.toolbarMode": "viewer",
        # Only the pages allowed to embed the dashboard may send it postMessage commands.
        "client.allowedOrigins": [s for s in opts.frame_ancestors if not s.startswith("'")],
        # Streamlit's full gc.collect() after every run grows with open sessions (PLATFORM-NOTES;
        # the speed-budget issue turned it off in .streamlit/config.toml too).
        "runner.postScriptGC": False,
        "global.developmentMode": False,
    }


def inline_script_hashes(index_html: Path | None = None) -> list[str]:
    """CSP hash sources for the inline scripts of Streamlit's own index.html.

    Streamlit 1.67's page has one (`window.prerenderReady = false`); allowing exactly its hash
    keeps the console free of violations without allowing any other inline script.
    """
    if index_html is None:
        import streamlit

        index_html = Path(streamlit.__file__).parent / "static" / "index.html"
    try:
        page = index_html.read_text(encoding="utf-8")
    except OSError:
        return []
    hashes = []
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S):
        if "src=" in attrs:
            continue
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def content_security_policy(frame_ancestors: Sequence[str] = ("'self'",)) -> str:
    """The Content-Security-Policy: only this host's scripts, styles, fonts, images, sockets."""
    # 'wasm-unsafe-eval' lets the protobuf decoder compile its small WebAssembly helper (it falls
    # back to JavaScript, but logs a violation); it does not allow eval() of JavaScript.
    script = " ".join(["'self'", *inline_script_hashes(), "'wasm-unsafe-eval'"])
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {script}",
            # Streamlit's components write <style> elements at runtime (emotion CSS-in-JS).
            "style-src 'self' 'unsafe-inline'",
            # data:/blob: images: chart snapshots and Streamlit's own icons.
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "media-src 'self' blob: data:",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {' '.join(frame_ancestors)}",
        )
    )


def security_headers(opts: ServeOptions) -> list[tuple[str, str]]:
    """The headers added to every HTTP response (name, value)."""
    headers = [
        ("Content-Security-Policy", content_security_policy(opts.frame_ancestors)),
        ("X-Content-Type-Options", "nosniff"),
        # Links to sources open other sites: tell them nothing about where the reader came from.
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    # For browsers that predate frame-ancestors (it cannot express a list of origins).
    if opts.frame_ancestors == ("'self'",):
        headers.append(("X-Frame-Options", "SAMEORIGIN"))
    elif opts.frame_ancestors == ("'none'",):
        headers.append(("X-Frame-Options", "DENY"))
    return headers


# ------------------------------------------------------------------------------ the middleware


def _is_loopback(client: tuple[str, int] | None) -> bool:
    if not client:
        return False
    try:
        return ipaddress.ip_address(client[0]).is_loopback
    except ValueError:
        return False


class SecurityHeadersMiddleware:
    """Pure ASGI middleware: security headers on every HTTP response; private paths hidden.

    Pure ASGI (not Starlette's BaseHTTPMiddleware) so that streamed responses and websockets
    pass through untouched. Headers the app already set are left as they are. HSTS is added only
    when the request arrived over HTTPS (uvicorn takes the scheme from a trusted proxy's
    X-Forwarded-Proto). `/_stcore/metrics` answers 404 unless the client is on loopback: behind
    a proxy uvicorn sees the forwarded client address, so it stays hidden even if the proxy
    forgot to block it.
    """

    def __init__(
        self,
        app: Callable,
        *,
        headers: Sequence[tuple[str, str]],
        private_paths: Sequence[str] = PRIVATE_PATHS,
        replica: str = "",
    ) -> None:
        self.app = app
        extra = list(headers)
        if replica:
            extra.append(("X-GBA-Replica", replica))
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in extra]
        self.private_paths = tuple(private_paths)

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path.startswith(self.private_paths) and not _is_loopback(scope.get("client")):
            await self._not_found(scope, send)
            return
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                added = [(k, v) for k, v in self.headers if k not in present]
                if https and b"strict-transport-security" not in present:
                    added.append((b"strict-transport-security", b"max-age=31536000"))
                message = {**message, "headers": [*message.get("headers", []), *added]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _not_found(self, scope: dict, send: Callable) -> None:
        body = b"Not Found"
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            *self.headers,
        ]
        await send({"type": "http.response.start", "status": 404, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        del scope


def make_app(opts: ServeOptions, replica: str | None = None):
    """Streamlit's ASGI app for app.py with the security-header middleware in front."""
    import streamlit as st
    from starlette.middleware import Middleware

    name = os.environ.get(REPLICA_ENV, "") if replica is None else replica
    middleware = Middleware(SecurityHeadersMiddleware, headers=security_headers(opts), replica=name)
    return st.App(str(APP_SCRIPT), middleware=[middleware])


# ------------------------------------------------------------------------------ the database


def prepare_database(say: Callable[[str], None] = lambda _m: None) -> db.EnsureResult:
    """Build the database if data/ changed, then prove it opens and every public view reads.

    Returns the state; raises `db.DatabaseUnavailable` when there is nothing servable.
    """
    data_dir, db_path = settings.data_dir(), settings.db_path()
    result = db.ensure_database(data_dir, db_path)
    if result.state == "missing":
        detail = "\n".join(str(p) for p in result.problems[:20])
        raise db.DatabaseUnavailable(
            f"no usable database at {db_path} and {data_dir} does not build "
            f"({len(result.problems)} problem(s); run `gba-dash check`):\n{detail}"
        )
    reader = db.ReadOnlyDatabase(db_path)
    cur = reader.cursor()
    try:
        for view in db.PUBLIC_VIEWS:
            cur.execute(f"SELECT count(*) FROM {view}").fetchone()  # noqa: S608 - fixed names
    finally:
        cur.close()
    if result.state == "stale":
        say(
            f"warning: {data_dir} fails its checks ({len(result.problems)} problem(s)); serving "
            f"the last good database {db_path} (the Sources page says so). Run `gba-dash check`."
        )
    else:
        say(f"database {db_path}: {result.state}")
    return result


# ------------------------------------------------------------------------------ running


def _say(message: str) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    print(f"{stamp} gba-dash serve: {message}", file=sys.stderr, flush=True)


def describe(opts: ServeOptions) -> dict[str, object]:
    """The complete production configuration, as `gba-dash serve --print-config` shows it."""
    return {
        "streamlit": streamlit_options(opts),
        "headers": dict(security_headers(opts)),
        "private_paths": list(PRIVATE_PATHS),
        "replicas": [f"{opts.address}:{p}" for p in replica_ports(opts)],
        "data_dir": str(settings.data_dir()),
        "db": str(settings.db_path()),
    }


def replica_ports(opts: ServeOptions) -> list[int]:
    return [opts.port + i for i in range(opts.replicas)]


def serve(opts: ServeOptions) -> int:
    """Run `gba-dash serve`: one server in this process, or a supervisor of N replicas."""
    try:
        prepare_database(_say)
    except db.DatabaseUnavailable as exc:
        _say(f"error: {exc}")
        return 1
    if opts.replicas > 1:
        return Supervisor(opts).run()
    return _serve_one(opts)


def _serve_one(opts: ServeOptions) -> int:
    app = make_app(opts)
    # `App.run` takes the launcher from sys.argv[0] (config directory, sys.path, script args):
    # make it app.py, exactly as `streamlit run app.py` would.
    saved = sys.argv
    sys.argv = [str(APP_SCRIPT)]
    try:
        app.run(config=streamlit_options(opts))
    finally:
        sys.argv = saved
    return 0


def health(address: str, port: int, timeout: float = 2.0) -> bool:
    """True when the server at address:port answers its health check with `ok`."""
    host = "127.0.0.1" if address in ("0.0.0.0", "::", "") else address  # noqa: S104
    if ":" in host:
        host = f"[{host}]"
    try:
        with urllib.request.urlopen(f"http://{host}:{port}{HEALTH_PATH}", timeout=timeout) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except OSError:
        return False


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the replica gets SIGTERM if the supervisor dies without cleaning up."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class Replica:
    name: str
    port: int
    proc: subprocess.Popen | None = None
    healthy: bool = False
    restarts: int = 0
    next_start: float = 0.0
    up_since: float = 0.0


class Supervisor:
    """N replicas of `gba-dash serve` on consecutive ports; restarts the dead, reports health.

    Every change is one log line on stderr: `replica r2 127.0.0.1:8502 up (pid …)`,
    `… down: exited with signal 9; restarting in 1 s`, `… unhealthy: health check failed`.
    """

    POLL = 1.0
    MAX_BACKOFF = 30.0

    def __init__(self, opts: ServeOptions, say: Callable[[str], None] = _say) -> None:
        self.opts = opts
        self.say = say
        self.replicas = [Replica(f"r{i + 1}", p) for i, p in enumerate(replica_ports(opts))]
        self._stop = False

    def _command(self, replica: Replica) -> list[str]:
        cmd = [
            sys.executable,
            "-m",
            "gba_dash.cli",
            "serve",
            "--replicas",
            "1",
            "--port",
            str(replica.port),
            "--address",
            self.opts.address,
            "--session-ttl",
            str(self.opts.session_ttl),
        ]
        for host in self.opts.allowed_hosts:
            cmd += ["--allowed-host", host]
        for source in self.opts.frame_ancestors:
            cmd += ["--frame-ancestor", source]
        return cmd

    def _start(self, replica: Replica) -> None:
        env = {
            **os.environ,
            REPLICA_ENV: replica.name,
            "GBA_DASH_DATA_DIR": str(settings.data_dir()),
            "GBA_DASH_DB": str(settings.db_path()),
        }
        replica.proc = subprocess.Popen(
            self._command(replica),
            env=env,
            cwd=settings.PROJECT_ROOT,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        replica.healthy = False
        self.say(
            f"replica {replica.name} {self.opts.address}:{replica.port} starting "
            f"(pid {replica.proc.pid})"
        )

    def _where(self, replica: Replica) -> str:
        return f"replica {replica.name} {self.opts.address}:{replica.port}"

    def _check(self, replica: Replica, now: float) -> None:
        proc = replica.proc
        if proc is None:
            if now >= replica.next_start:
                self._start(replica)
            return
        code = proc.poll()
        if code is not None:
            how = f"signal {-code}" if code < 0 else f"code {code}"
            backoff = min(self.MAX_BACKOFF, 2.0 ** min(replica.restarts, 5))
            replica.restarts += 1
            replica.proc = None
            replica.healthy = False
            replica.next_start = now + backoff
            self.say(
                f"{self._where(replica)} down: exited with {how}; restarting in {backoff:.0f} s"
            )
            return
        ok = health(self.opts.address, replica.port, timeout=min(2.0, self.POLL * 2))
        if ok and not replica.healthy:
            replica.up_since = now
            self.say(f"{self._where(replica)} up (pid {proc.pid})")
        elif not ok and replica.healthy:
            self.say(f"{self._where(replica)} unhealthy: health check failed (pid {proc.pid})")
        if ok and replica.restarts and now - replica.up_since > 60:
            replica.restarts = 0  # a minute healthy: the next failure restarts quickly again
        replica.healthy = ok

    def status(self) -> list[dict[str, object]]:
        """One entry per replica: name, port, pid, healthy, restarts."""
        return [
            {
                "name": r.name,
                "port": r.port,
                "pid": r.proc.pid if r.proc else None,
                "healthy": r.healthy,
                "restarts": r.restarts,
            }
            for r in self.replicas
        ]

    def _on_signal(self, signum: int, _frame: object) -> None:
        self.say(f"received signal {signum}: stopping replicas")
        self._stop = True

    def run(self) -> int:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._on_signal)
        self.say("nginx upstream for these replicas:\n" + nginx_upstream(self.opts))
        try:
            while not self._stop:
                now = time.monotonic()
                for replica in self.replicas:
                    self._check(replica, now)
                time.sleep(self.POLL)
        finally:
            self._stop_all()
        return 0

    def _stop_all(self) -> None:
        live = [r.proc for r in self.replicas if r.proc is not None and r.proc.poll() is None]
        for proc in live:
            proc.terminate()
        deadline = time.monotonic() + 15
        for proc in live:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        self.say("all replicas stopped")


def nginx_upstream(opts: ServeOptions) -> str:
    """The `upstream` block of deploy/nginx.conf for these replicas."""
    host = "127.0.0.1" if opts.address in ("0.0.0.0", "::") else opts.address  # noqa: S104
    servers = "\n".join(
        f"    server {host}:{p} max_fails=1 fail_timeout=10s;" for p in replica_ports(opts)
    )
    return f"upstream gba_dash {{\n    hash $gba_route consistent;\n{servers}\n}}"


def print_config(opts: ServeOptions) -> int:
    print(json.dumps(describe(opts), ensure_ascii=False, indent=2))
    return 0
