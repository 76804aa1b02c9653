"""Link previews on the page's HTML: for a page's URL, the Open Graph and Twitter card tags of
that view (`gba_dash.link_previews`) replace Streamlit's generic <title> in the one static
HTML file Streamlit answers for every page. A script cannot set them: chat and social sites
read the HTML and run no script.

Pure ASGI, like the security headers: only a page's HTML is held and rewritten (its length
corrected); every other response and every websocket passes through untouched. The preview is
made in a worker thread, once per view, release and language.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from urllib.parse import parse_qsl

import anyio.to_thread
from starlette.requests import Request

from gba_dash import db, link_previews

log = logging.getLogger(__name__)

_TITLE = re.compile(rb"<title>.*?</title>", re.DOTALL | re.IGNORECASE)
_HEAD = re.compile(rb"<head[^>]*>", re.IGNORECASE)


class LinkPreviewMiddleware:
    """The view's preview tags in a page's HTML (`database_of()`: the database to read)."""

    def __init__(self, app: Callable, *, database_of: Callable[[], db.ReadOnlyDatabase]) -> None:
        self.app = app
        self.database_of = database_of

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        page = link_previews.page_of(scope.get("path", "")) if scope["type"] == "http" else None
        if page is None or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        # the page's HTML uncompressed, so that it can be rewritten (a proxy compresses it)
        headers = [(k, v) for k, v in scope.get("headers", []) if k != b"accept-encoding"]
        scope = {**scope, "headers": headers}
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        base = str(Request(scope).base_url).rstrip("/")
        started: dict = {}
        chunks: list[bytes] = []

        async def rewrite(message: dict) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body, out_headers = b"".join(chunks), list(started.get("headers", []))
            kind = next((v for k, v in out_headers if k.lower() == b"content-type"), b"")
            encoded = any(k.lower() == b"content-encoding" for k, _ in out_headers)
            if started.get("status") == 200 and kind.startswith(b"text/html") and not encoded:
                body = await anyio.to_thread.run_sync(self._with_tags, body, page, query, base)
                out_headers = [(k, v) for k, v in out_headers if k.lower() != b"content-length"]
                out_headers.append((b"content-length", str(len(body)).encode()))
            await send({**started, "headers": out_headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, rewrite)

    def _with_tags(self, html: bytes, page: str, query: dict, base: str) -> bytes:
        try:
            found = link_previews.preview(self.database_of(), page, query, base)
        except db.DatabaseUnavailable:
            log.warning("link preview: database unavailable; page served without one")
            return html
        tags = link_previews.tags(found).encode("utf-8")
        if _TITLE.search(html):
            return _TITLE.sub(lambda _m: tags, html, count=1)
        return _HEAD.sub(lambda m: m.group(0) + tags, html, count=1)
