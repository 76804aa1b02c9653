"""Bind widgets to the URL: seed them from query parameters, write their codes back.

The URL is the source of truth when it changes from outside (first load, a pasted link, the
back button); otherwise the widget is. A bad value falls back to the default with a translated
warning that names the parameter — the value itself is never echoed.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from gba_dash.i18n import t
from gba_dash.ui.params import Param

_SEEN = "_gba_url_seen"
_WARNED = "_gba_url_warned"


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
    """Forget last run's warnings (called once at the top of every run by the frame)."""
    st.session_state[_WARNED] = set()


def query_pairs() -> list[tuple[str, str]]:
    """The current query parameters (codes only), in order, for links to this view."""
    return [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]


def query_string() -> str:
    """The current query string (codes only)."""
    from urllib.parse import urlencode

    return urlencode(query_pairs(), safe=",.")
