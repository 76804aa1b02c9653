"""Bind widgets to the URL: seed them from query parameters, write their codes back.

The URL is the source of truth when it changes from outside (first load, a pasted link, the
back button); otherwise the widget is. A bad value falls back to the default with a translated
warning that names the parameter — the value itself is never echoed.

Links to a view (the share link, a citation, an export's link and QR code) carry only the keys
this run declared (seeded, read or written here), never what else a URL held (`?utm_source=`
with 2,400 characters), and are capped in length (`MAX_QUERY_LENGTH`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from gba_dash import schema
from gba_dash.i18n import t
from gba_dash.params import Param

_SEEN = "_gba_url_seen"
_WARNED = "_gba_url_warned"
_DECLARED = "_gba_url_declared"
#: The longest query a link to a view carries (every key's value is at most
#: `params.MAX_PARAM_LENGTH`; a view's link must fit a QR code, which holds 2,331 bytes).
MAX_QUERY_LENGTH = 1800
#: The page address a link starts with, as the browser reports it: http(s), no spaces, short.
_BASE = re.compile(r"^https?://[^\s?#]{1,300}$")


def _raw(key: str) -> str | None:
    values = st.query_params.get_all(key)
    return values[-1] if values else None


def seed(
    param: Param,
    lang: str,
    *,
    widget_value=lambda v: v,
    sticky: bool = False,
    warn=None,
) -> None:
    """Put the URL's value for `param` into `st.session_state[param.key]` when the URL changed.

    `widget_value` converts the parsed value to what the widget holds (e.g. tuple → list).
    With `sticky`, an absent parameter keeps the session's value (used for `lang`, which must
    survive page switches that drop the query string). `warn()` replaces the generic warning
    for a bad value.
    """
    _declare(param.key)
    seen: dict[str, str | None] = st.session_state.setdefault(_SEEN, {})
    raw = _raw(param.key)
    have = param.key in st.session_state
    if have and (raw == seen.get(param.key, raw) or (sticky and raw is None)):
        return
    value, ok = param.read(raw)
    if not ok:
        (warn or (lambda: warn_invalid(param.key, lang)))()
    st.session_state[param.key] = widget_value(value)
    seen[param.key] = raw if ok else None


def write(param: Param, value: Any, *, always: bool = False) -> None:
    """Write `value`'s code to the URL (removed when it is the default, unless `always`)."""
    _declare(param.key)
    seen: dict[str, str | None] = st.session_state.setdefault(_SEEN, {})
    normalised = tuple(value) if isinstance(value, list) else value
    if normalised == param.default and not always:
        if param.key in st.query_params:
            del st.query_params[param.key]
        seen[param.key] = None
        return
    code = param.serialize(normalised)
    if _raw(param.key) != code:
        st.query_params[param.key] = code
    seen[param.key] = code


def read(param: Param, lang: str) -> Any:
    """A key no widget holds: the URL's value, or the default (a bad value warns and is dropped
    from the URL). The URL is its only home, so a session never carries it to another view."""
    _declare(param.key)
    value, ok = param.read(_raw(param.key))
    if not ok:
        warn_invalid(param.key, lang)
        write(param, param.default)
    return value


def warn_invalid(key: str, lang: str) -> None:
    """Show the translated 'invalid link parameter' warning once per run per key."""
    warned: set[str] = st.session_state.setdefault(_WARNED, set())
    if key in warned:
        return
    warned.add(key)
    st.warning(t("warn.param_invalid", lang, param=key), icon="⚠️")


def start_run() -> None:
    """Forget last run's warnings and declared keys (called once at the top of every run by the
    shell)."""
    st.session_state[_WARNED] = set()
    st.session_state[_DECLARED] = set()


def _declare(key: str) -> None:
    st.session_state.setdefault(_DECLARED, set()).add(key)


def query_pairs() -> list[tuple[str, str]]:
    """The current view's query parameters: the keys this run declared, each with its last
    value, in URL order, as many as fit `MAX_QUERY_LENGTH`."""
    declared = st.session_state.get(_DECLARED, set())
    pairs: list[tuple[str, str]] = []
    length = 0
    for key in st.query_params:
        if key not in declared:
            continue
        value = _raw(key) or ""
        length += len(urlencode([(key, value)], safe=",.")) + 1
        if length > MAX_QUERY_LENGTH:
            break
        pairs.append((key, value))
    return pairs


def site_root() -> str:
    """The dashboard's address: the page's URL without the page's own path (an ordinary
    http(s) address), or "" when the browser did not say."""
    try:
        base = st.context.url or ""
    except (AttributeError, RuntimeError):  # outside a browser session
        return ""
    if not _BASE.match(base):
        return ""
    parts = urlsplit(base)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in schema.PAGES:
        path = head
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def link(pairs: list[tuple[str, str]]) -> str:
    """A link to a view with `pairs` as its query: absolute when the browser said where the page
    is (and that is an ordinary http(s) address), else relative."""
    try:
        base = st.context.url or ""
    except (AttributeError, RuntimeError):  # outside a browser session
        base = ""
    if not _BASE.match(base):
        base = ""
    return f"{base}?{urlencode(pairs, safe=',.')}"
