"""The data API's routes on the dashboard's own server (`st.App(routes=…)`): HTTP around
`gba_dash.data_api` — conditional GET by entity tag, caching a CDN can follow (an answer
pinned to a release never changes), CORS for GET, JSON errors. docs/api.md describes it.

Handlers are plain functions: Starlette runs them in its thread pool, off the event loop
Streamlit's sessions share.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gba_dash import data_api, db, link_previews, settings
from gba_dash.params import MAX_PARAM_LENGTH

log = logging.getLogger(__name__)

#: How long a cache may keep an answer of the latest data (it changes with a release), and
#: one pinned to a release (never).
LATEST_MAX_AGE, PINNED_MAX_AGE = 300, 31_536_000
#: The most keys a request may carry.
MAX_KEYS = 30
CORS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "ETag"),
)


@functools.cache
def database() -> db.ReadOnlyDatabase:
    """The database this process serves, opened once."""
    return db.ReadOnlyDatabase(settings.db_path())


def _error(exc: data_api.ApiError) -> Response:
    return Response(
        exc.body(),
        status_code=exc.status,
        media_type=data_api.JSON_TYPE,
        headers={**dict(CORS), "Cache-Control": "no-store"},
    )


def _query(request: Request) -> dict[str, str]:
    """The request's keys (the last of a repeated one), bounded in number and length."""
    items = request.query_params.multi_items()
    if len(items) > MAX_KEYS:
        raise data_api.ApiError(400, "too_many_keys", f"at most {MAX_KEYS} keys")
    for key, value in items:
        if len(key) > MAX_PARAM_LENGTH or len(value) > MAX_PARAM_LENGTH:
            raise data_api.ApiError(400, "too_long", "a key or value is too long", key[:40])
    return dict(items)


#: Answers kept per process, by entity tag and the address they name: an answer's tag says the
#: data and the request it is for, so a kept one is never stale.
KEPT_ANSWERS = 256
#: The largest answer kept (a whole table of millions of rows is made again when asked).
KEPT_MAX_BYTES = 2 * 1024 * 1024
_kept: OrderedDict[tuple[str, str], data_api.Answer] = OrderedDict()
_kept_lock = threading.Lock()


def _cache_headers(etag: str, pinned: bool) -> dict[str, str]:
    age = PINNED_MAX_AGE if pinned else LATEST_MAX_AGE
    return {
        **dict(CORS),
        "ETag": etag,
        "Cache-Control": f"public, max-age={age}" + (", immutable" if pinned else ""),
        "Vary": "Accept-Encoding",
    }


def _answer(request: Request, make: Callable[[dict[str, str], str], data_api.Answer]) -> Response:
    """An answer, or a 304 when the client holds it (told before anything is made), or one
    kept from an earlier request for the same data and keys."""
    base = str(request.base_url).rstrip("/")
    try:
        query = _query(request)
        tag = data_api.etag_of(database(), request.url.path, query)
        pinned = query.get("release", "") not in ("", "latest")
        if tag is not None and tag in _tags(request.headers.get("if-none-match", "")):
            return Response(status_code=304, headers=_cache_headers(tag, pinned))
        with _kept_lock:
            answer = _kept.get((tag, base)) if tag is not None else None
        if answer is None:
            answer = make(query, base)
            if len(answer.body) <= KEPT_MAX_BYTES:
                with _kept_lock:
                    _kept[(answer.etag, base)] = answer
                    while len(_kept) > KEPT_ANSWERS:
                        _kept.popitem(last=False)
    except data_api.ApiError as exc:
        return _error(exc)
    except db.DatabaseUnavailable:
        log.exception("data API: database unavailable")
        return _error(data_api.ApiError(503, "unavailable", "the data are being rebuilt"))
    headers = _cache_headers(answer.etag, answer.pinned)
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def _tags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _tables(request: Request) -> Response:
    return _answer(request, lambda q, base: data_api.tables(database(), q, base))


def _table(request: Request) -> Response:
    name, fmt = request.path_params["name"], request.path_params["fmt"]
    return _answer(request, lambda q, _base: data_api.table(database(), name, fmt, q))


def _view(request: Request) -> Response:
    page, fmt = request.path_params["page"], request.path_params["fmt"]
    return _answer(request, lambda q, base: data_api.view(database(), page, fmt, q, base))


def _releases(request: Request) -> Response:
    return _answer(request, lambda q, _base: data_api.releases(database(), q))


def _preview(request: Request) -> Response:
    """A view's link-preview picture (PNG), made once per view, release and language."""
    page = request.path_params["page"]
    if link_previews.page_of(page) is None:
        return _error(data_api.ApiError(404, "not_found", "no such page"))
    try:
        png = link_previews.picture(database(), page, _query(request))
    except data_api.ApiError as exc:
        return _error(exc)
    return Response(
        png,
        media_type="image/png",
        headers={**dict(CORS), "Cache-Control": f"public, max-age={LATEST_MAX_AGE}"},
    )


def _not_found(request: Request) -> Response:
    del request
    return _error(data_api.ApiError(404, "not_found", "no such route (see docs/api.md)"))


def _preflight(request: Request) -> Response:
    del request
    headers = {
        **dict(CORS),
        "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
        "Access-Control-Allow-Headers": "If-None-Match",
        "Access-Control-Max-Age": "86400",
    }
    return Response(status_code=204, headers=headers)


def routes() -> list[Route]:
    """The data API's routes, under `data_api.PREFIX`."""
    p = data_api.PREFIX
    get = ["GET", "HEAD"]
    return [
        Route(f"{p}/tables", _tables, methods=get),
        Route(f"{p}/tables/{{name}}.{{fmt}}", _table, methods=get),
        Route(f"{p}/views/{{page}}.{{fmt}}", _view, methods=get),
        Route(f"{p}/releases", _releases, methods=get),
        Route(f"{p}/previews/{{page}}.png", _preview, methods=get),
        Route(f"{p}/{{rest:path}}", _preflight, methods=["OPTIONS"]),
        Route("/api/{rest:path}", _not_found, methods=get),
    ]
