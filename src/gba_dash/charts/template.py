"""Charts as templates: a chart's structure built by Altair once, its data put in per filter state.

A templated builder is split in two. Its *parts* function does everything that depends on the
data (the rows, a sort order, a domain, a title with the edition in it) and returns
`ChartParts`: a layout function, the layout's *key* (the language and the switches that add or
drop layers), the *values* the layout places and the *tables* it draws. The layout only places:
it reads `values[...]` and `tables[...]` into marks, encodings and titles and computes nothing
from them.

So the layout can be run once per key with stand-ins (a unique string per value, a named
dataset per table) and serialised; every place a stand-in landed is a slot. Filling a template
puts each value (as Altair would write it) and each table's dataset name into its slots, copying
only the dictionaries on the way to a slot and sharing the rest: a filter change costs no Altair
at all. `ChartParts.to_altair()` runs the same layout with the real values, which is the plain
Altair chart a filled template must equal (tests/unit/test_chart_templates.py checks that for
every templated chart over many filter states; tests/app/test_served_specs.py for what pages
serve).

A layout that computes with a value (`values["top"] + 1`) or hides one in a string would give a
wrong template; building one refuses that: every value and table the layout read must appear
whole in the spec, and no stand-in may appear inside a longer string. A layer that carries a
parameter must be named (`name=`): Altair otherwise names it by a hash of its encoding, which
holds the stand-ins. Values go in through constructors (`alt.layer(..., height=v["height"])`),
not `.properties()`, which checks them against the schema even when checks are off.

Core module: no Streamlit. Serialising and naming tables is the caller's (`ui.chart_specs`).
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
from altair.utils.schemapi import _todict

#: Marks a stand-in; a control character no title or label of ours contains.
_MARK = "\x1e"


class TemplateError(ValueError):
    """A layout that cannot be a template (it computes with a value, or names views by hash)."""


@dataclass(frozen=True, eq=False)
class ChartParts:
    """What one chart needs: `layout(*key, values, tables)` is the Altair chart.

    `key` must be hashable and small (the language, booleans, counts of layers): one template is
    kept per layout and key. Shared once served: never modify.
    """

    layout: Callable[..., Any]
    key: tuple
    values: Mapping[str, Any]
    tables: Mapping[str, pd.DataFrame]

    def to_altair(self) -> Any:
        """The plain Altair chart (for unit tests, and what a filled template must equal)."""
        return self.layout(*self.key, self.values, self.tables)


_wanted = threading.local()


@contextlib.contextmanager
def as_parts() -> Iterator[None]:
    """Inside the block (in this thread), templated builders return their `ChartParts`."""
    before = getattr(_wanted, "parts", False)
    _wanted.parts = True
    try:
        yield
    finally:
        _wanted.parts = before


def templated(parts: Callable[..., ChartParts | None]) -> Callable[..., Any]:
    """A chart builder made from a parts function: calling it gives the plain Altair chart (or
    None when there is nothing to draw); inside `as_parts()` it gives its `ChartParts`, which
    `ui.chart_specs.chart` fills into a cached template instead (`builder.parts` is the
    function)."""

    @functools.wraps(parts)
    def builder(*args: Any, **kwargs: Any) -> Any:
        found = parts(*args, **kwargs)
        if found is None or getattr(_wanted, "parts", False):
            return found
        return found.to_altair()

    builder.parts = parts  # type: ignore[attr-defined]
    return builder


class _StandIns(dict):
    """`values` or `tables` for a template's build: a stand-in for every key read, recorded."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def __missing__(self, name: str) -> Any:
        token = f"{_MARK}{self.kind}:{name}{_MARK}"
        stand_in = alt.Data(name=token) if self.kind == "table" else token
        self[name] = stand_in
        return stand_in


#: A slot's path from the spec's root: dictionary keys and list indices.
Path = tuple


@dataclass(frozen=True, eq=False)
class Template:
    """A layout's spec for one key with slots for its values and tables (see the module doc)."""

    spec: dict
    #: name → the paths where that value goes.
    value_slots: Mapping[str, tuple[Path, ...]]
    #: name → the paths of the `{"name": …}` data references of that table.
    table_slots: Mapping[str, tuple[Path, ...]]

    def fill(
        self,
        values: Mapping[str, Any],
        tables: Mapping[str, pd.DataFrame],
        table_ref: Callable[[pd.DataFrame], tuple[str, Any]],
    ) -> dict:
        """The spec with `values` and `tables` put in; `table_ref(frame)` gives a table's
        dataset name and payload (as the caller's data transformer would)."""
        leaves: dict[Path, Any] = {}
        for name, paths in self.value_slots.items():
            written = _todict(values[name], {}, np, pd)
            for path in paths:
                leaves[path] = written
        datasets: dict[str, Any] = {}
        for name, paths in self.table_slots.items():
            ref, payload = table_ref(tables[name])
            datasets[ref] = payload
            for path in paths:
                leaves[path] = {"name": ref}
        spec = _put(self.spec, _trie(leaves))
        if datasets:
            spec["datasets"] = {**spec.get("datasets", {}), **datasets}
        return spec


def build(layout: Callable[..., Any], key: tuple, to_spec: Callable[[Any], dict]) -> Template:
    """`layout(*key, …)` run once with stand-ins, serialised by `to_spec`, its slots found.

    Raises `TemplateError` when the layout is not a pure placement of its values and tables.
    """
    values, tables = _StandIns("value"), _StandIns("table")
    spec = to_spec(layout(*key, values, tables))
    found: dict[str, list[Path]] = {}
    _find(spec, (), found, layout.__qualname__)
    value_slots, table_slots = {}, {}
    for name in values:
        value_slots[name] = tuple(found.pop(values[name], ()))
    for name in tables:
        table_slots[name] = tuple(found.pop(tables[name].name, ()))
    unused = [n for n, p in (*value_slots.items(), *table_slots.items()) if not p]
    if unused:
        raise TemplateError(
            f"{layout.__qualname__}: read {', '.join(sorted(unused))} but placed it nowhere "
            "(a value it computes with belongs in the key or the parts)"
        )
    return Template(spec, value_slots, table_slots)


def _find(node: Any, path: Path, found: dict[str, list[Path]], where: str) -> None:
    if isinstance(node, dict):
        if set(node) == {"name"} and _is_stand_in(node["name"]):
            found.setdefault(node["name"], []).append(path)
            return
        for key, item in node.items():
            if key == "name" and isinstance(item, str) and item.startswith("view_"):
                raise TemplateError(f"{where}: name the layer at {path} (it carries a parameter)")
            _find(item, (*path, key), found, where)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            _find(item, (*path, index), found, where)
    elif isinstance(node, str) and _MARK in node:
        if not _is_stand_in(node):
            raise TemplateError(f"{where}: a value is part of the string {node!r} at {path}")
        found.setdefault(node, []).append(path)


def _is_stand_in(text: Any) -> bool:
    return (
        isinstance(text, str)
        and text.startswith(_MARK)
        and text.endswith(_MARK)
        and text.count(_MARK) == 2
    )


def _trie(leaves: Mapping[Path, Any]) -> dict:
    """Paths → a nested dict of steps; a leaf's value under the key `_LEAF`."""
    root: dict = {}
    for path, value in leaves.items():
        node = root
        for step in path:
            node = node.setdefault(step, {})
        node[_LEAF] = value
    return root


_LEAF = object()


def _put(node: Any, trie: dict) -> Any:
    """`node` with the trie's leaves put in: a copy of each dict and list on the way, the rest
    shared (templates are never modified, so sharing is safe)."""
    if _LEAF in trie:
        return trie[_LEAF]
    copy = dict(node) if isinstance(node, dict) else list(node)
    for step, below in trie.items():
        copy[step] = _put(node[step], below)
    return copy
