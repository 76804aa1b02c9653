"""Altair chart copies that copy a chart's attributes instead of rebuilding it.

Altair copies a chart at almost every step: `.properties()`, `.mark_*()` and `to_dict()` start
from a shallow copy, which re-runs the chart's constructor, and a layered chart's constructor
deep-copies every layer three times while it merges their data, parameters and sizes. For a
chart of two to seven layers that was a third of its build and spec (bench/RESULTS.md).

Inside `attribute_copies()` a copy of a chart object (a single, layered or concatenated chart)
is a new object holding the same attributes in a dictionary of its own, with lists of its own
(layers, views, params). Altair changes a copy it makes only there (top-level attributes, list
items), so the result is the same spec; what is shared is read, never modified. Outside the
block, and in other threads, copies are Altair's own. Channels, parameters and other schema
objects are always copied by Altair.

Importing this module installs the switch on Altair's `SchemaBase.copy` (once; it hands every
call outside the block to Altair's own method).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import altair as alt
from altair.utils.schemapi import SchemaBase

#: Chart classes whose copies may share attributes. Not facets or repeats: concatenating
#: those, Altair renames a layer inside the copy of their inner spec in place.
_CHARTS = (alt.Chart, alt.LayerChart, alt.HConcatChart, alt.VConcatChart, alt.ConcatChart)

_active = threading.local()
#: Altair's own method (also when this module is imported again, e.g. reloaded in a session).
_altair_copy = getattr(SchemaBase.copy, "__wrapped__", SchemaBase.copy)


def _copy(self, deep=True, ignore=None):
    # `deep` as a list names attributes to copy (how `.encode()` and `.add_params()` protect
    # what they change next): left to Altair, like every copy outside `attribute_copies()`.
    if (deep is True or deep is False) and getattr(_active, "on", False) and type(self) in _CHARTS:
        clone = object.__new__(type(self))
        object.__setattr__(clone, "_args", self._args)
        # Lists too (layers, concatenated views, params): Altair replaces their items in place
        # on a copy (`LayerChart.add_params` sets `copy.layer[0]`).
        kwds = {k: list(v) if isinstance(v, list) else v for k, v in self._kwds.items()}
        object.__setattr__(clone, "_kwds", kwds)
        return clone
    return _altair_copy(self, deep, ignore)


_copy.__doc__ = _altair_copy.__doc__
_copy.__wrapped__ = _altair_copy
SchemaBase.copy = _copy


@contextlib.contextmanager
def attribute_copies() -> Iterator[None]:
    """Within this block (this thread only), chart copies copy attributes (see the module)."""
    before = getattr(_active, "on", False)
    _active.on = True
    try:
        yield
    finally:
        _active.on = before
