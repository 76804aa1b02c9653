"""Production settings and security headers: Streamlit options, CSP, the ASGI middleware."""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from gba_dash.serve.options import (
    ANY_HOST_PATHS,
    APP_SCRIPT,
    PRIVATE_PATHS,
    REPLICA_ENV,
    ServeOptions,
)


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
        "server.allowedHosts": list(opts.hosts),
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
    return [
        hash_source(body)
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
        if "src=" not in attrs
    ]


def hash_source(script: str) -> str:
    """The CSP hash source that allows exactly this inline script's text."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def own_script_hashes() -> list[str]:
    """CSP hash sources for the dashboard's one inline script (`ui.style.DOCUMENT_JS`)."""
    from gba_dash.ui import style  # the edge may import Streamlit; it does so only when serving

    return [hash_source(style.DOCUMENT_JS)]


def content_security_policy(frame_ancestors: Sequence[str] = ("'self'",)) -> str:
    """The Content-Security-Policy: only this host's scripts, styles, fonts, images, sockets."""
    # 'wasm-unsafe-eval' lets the protobuf decoder compile its small WebAssembly helper (it falls
    # back to JavaScript, but logs a violation); it does not allow eval() of JavaScript.
    hashes = [*inline_script_hashes(), *own_script_hashes()]
    script = " ".join(["'self'", *hashes, "'wasm-unsafe-eval'"])
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


def _is_loopback(client: tuple[str, int] | None) -> bool:
    if not client:
        return False
    try:
        return ipaddress.ip_address(client[0]).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The name of a Host header, lower case, without its port ("[::1]:8501" → "::1")."""
    host = header.strip().lower()
    if host.startswith("["):
        end = host.find("]")
        return host[1:end] if end > 0 else ""
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_allowed(header: str, allowed: Sequence[str]) -> bool:
    """Whether a Host header names one of `allowed` ("*" any, "*.example.org" a subdomain)."""
    host = host_name(header)
    if not host:
        return False
    for pattern in allowed:
        pattern = pattern.lower().strip("[]")
        if pattern == "*" or host == pattern:
            return True
        if pattern.startswith("*.") and host.endswith(pattern[1:]):
            return True
    return False


class SecurityHeadersMiddleware:
    """Pure ASGI middleware: security headers on every HTTP response; private paths hidden;
    requests and websockets for another Host refused.

    Pure ASGI (not Starlette's BaseHTTPMiddleware) so that streamed responses and websockets
    pass through untouched. Headers the app already set are left as they are. HSTS is added only
    when the request arrived over HTTPS (uvicorn takes the scheme from a trusted proxy's
    X-Forwarded-Proto). `/_stcore/metrics` answers 404 unless the client is on loopback: behind
    a proxy uvicorn sees the forwarded client address, so it stays hidden even if the proxy
    forgot to block it. With `hosts`, a request whose Host is not one of them gets 421 and a
    websocket is closed before it opens (a DNS-rebinding page sends its own name), except on
    `ANY_HOST_PATHS` (the health check a probe sends to the pod's address).
    """

    def __init__(
        self,
        app: Callable,
        *,
        headers: Sequence[tuple[str, str]],
        private_paths: Sequence[str] = PRIVATE_PATHS,
        replica: str = "",
        hosts: Sequence[str] | None = None,
    ) -> None:
        self.app = app
        self.hosts = tuple(hosts) if hosts is not None else None
        extra = list(headers)
        if replica:
            extra.append(("X-GBA-Replica", replica))
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in extra]
        self.private_paths = tuple(private_paths)

    def _host_refused(self, scope: dict) -> bool:
        if self.hosts is None or scope.get("path", "") in ANY_HOST_PATHS:
            return False
        header = next((v for k, v in scope.get("headers", ()) if k == b"host"), b"")
        return not host_allowed(header.decode("latin-1"), self.hosts)

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "websocket" and self._host_refused(scope):
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 1008})  # before accept: a 403
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._host_refused(scope):
            await self._answer(send, 421, b"Misdirected Request: unknown host")
            return
        path = scope.get("path", "")
        if path.startswith(self.private_paths) and not _is_loopback(scope.get("client")):
            await self._answer(send, 404, b"Not Found")
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

    async def _answer(self, send: Callable, status: int, body: bytes) -> None:
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            *self.headers,
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def make_app(opts: ServeOptions, replica: str | None = None):
    """Streamlit's ASGI app for app.py with the security-header middleware in front."""
    import streamlit as st
    from starlette.middleware import Middleware

    name = os.environ.get(REPLICA_ENV, "") if replica is None else replica
    middleware = Middleware(
        SecurityHeadersMiddleware,
        headers=security_headers(opts),
        replica=name,
        hosts=opts.hosts,
    )
    from gba_dash.serve.api import database, routes
    from gba_dash.serve.previews import LinkPreviewMiddleware

    previews = Middleware(LinkPreviewMiddleware, database_of=database)
    return st.App(str(APP_SCRIPT), routes=routes(), middleware=[middleware, previews])
