"""Filters declared once: each names its URL parameter, its widget and its label, and `bind`
seeds the widget from the URL, draws it in the sidebar, reads it back and writes its code.

A page used to do those four steps by hand for every filter. Here a page lists its filters and
gets their values; the URL contract (`params`, `urlstate`) is unchanged: stable codes, the
default left out of the URL, a bad value replaced by the default with a translated warning.
A page whose filters depend on one another (the high-tech page: the places depend on the
metric) calls the three steps itself: `seed`, `draw`, `read`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from gba_dash.params import Filter
from gba_dash.ui import urlstate


def _widget_value(flt: Filter) -> Callable[[Any], Any]:
    if flt.widget == "multiselect":
        return lambda value: list(flt.to_widget(value))
    return flt.to_widget


def seed(filters: Sequence[Filter], lang: str) -> None:
    """Put each filter's URL value (or default, with a warning when bad) into its widget."""
    for flt in filters:
        urlstate.seed(flt.param, lang, widget_value=_widget_value(flt))


def draw(filters: Sequence[Filter]) -> None:
    """Draw the widgets (in the caller's container: the sidebar, for `bind`)."""
    for flt in filters:
        if not flt.shown:
            continue
        common: dict[str, Any] = {"key": flt.key, **flt.extra}
        if flt.help:
            common["help"] = flt.help
        if flt.on_change:
            common["on_change"] = flt.on_change
        if flt.widget == "slider":
            lo, hi = flt.bounds or (0, 0)
            st.slider(flt.label, min_value=lo, max_value=hi, step=1, **common)
            continue
        if flt.format_func:
            common["format_func"] = flt.format_func
        if flt.widget == "multiselect":
            st.multiselect(flt.label, options=flt.options, placeholder=flt.placeholder, **common)
        elif flt.widget == "radio":
            st.radio(flt.label, options=flt.options, horizontal=flt.horizontal, **common)
        else:
            st.selectbox(flt.label, options=flt.options, **common)


def read(filters: Sequence[Filter]) -> dict[str, Any]:
    """Each filter's value (lists as tuples), its code written back to the URL."""
    values: dict[str, Any] = {}
    for flt in filters:
        value = st.session_state[flt.key]
        value = tuple(value) if isinstance(value, list) else value
        values[flt.key] = value
        urlstate.write(flt.param, flt.to_param(value))
    return values


def keep_valid(filters: Sequence[Filter]) -> None:
    """A widget value its filter no longer allows (the data changed, or the metric did) is
    replaced by the default, as a bad link value is."""
    for flt in filters:
        value = st.session_state.get(flt.key)
        if value is None:
            continue
        value = tuple(value) if isinstance(value, list) else value
        _, ok = flt.param.read(flt.param.serialize(flt.to_param(value)))
        if not ok:
            st.session_state[flt.key] = _widget_value(flt)(flt.param.default)


def _reset(defaults: Mapping[str, Sequence[Any]], source: str, target: str) -> None:
    st.session_state[target] = list(defaults[st.session_state[source]])


def reset(defaults: Mapping[str, Sequence[Any]], source: str, target: str) -> Callable[[], None]:
    """A widget callback: when `source` changes, `target` takes `defaults[source's value]`.

    A module-level function with its arguments bound: a page-level callback would keep that
    run's namespace alive per session.
    """
    return functools.partial(_reset, defaults, source, target)


def bind_leading(flt: Filter, lang: str, *, resets: str) -> Any:
    """Bind a filter others depend on; a link that changes it drops `resets`'s value, so the
    dependent filter takes the link's value or its new default."""
    before = st.session_state.get(flt.key)
    seed([flt], lang)
    if before is not None and before != st.session_state[flt.key]:
        st.session_state.pop(resets, None)
    keep_valid([flt])
    with st.sidebar:
        draw([flt])
    return read([flt])[flt.key]


def bind_here(filters: Sequence[Filter], lang: str) -> dict[str, Any]:
    """`bind`, drawn where the caller is (a tab's own control, such as the cluster a profile
    shows), not in the sidebar: values by URL key."""
    seed(filters, lang)
    keep_valid(filters)
    draw(filters)
    return read(filters)


def bind(filters: Sequence[Filter], lang: str, *, heading: str | None = None) -> dict[str, Any]:
    """Seed, keep valid, draw in the sidebar (under `heading`), read: values by URL key."""
    seed(filters, lang)
    keep_valid(filters)
    with st.sidebar:
        if heading:
            st.subheader(heading)
        draw(filters)
    return read(filters)
