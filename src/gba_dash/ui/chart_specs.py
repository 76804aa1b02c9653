"""Charts as served: a chart's Vega-Lite spec with its tables as Arrow bytes, built once.

A templated builder's chart is its template (built once per layout and key) with the filter
state's values and tables put in; any other builder's chart is built by Altair and serialised.
Either way the spec Streamlit draws carries each table as Arrow bytes under a content-hash
name, its titles break on a phone (`charts.titles`), and `PreparedChart.export_spec` gives the
same spec with inline rows for the export files. Shared by every session once built (the
callers, `ui.data.memo` and `block`, cache them per filter state): never modify one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from altair.utils import schemapi
from streamlit import dataframe_util

from gba_dash import arrow_ipc
from gba_dash.charts import copies, projector, template, titles


def chart_spec_of(chart) -> dict:
    """A chart's Vega-Lite spec with its data inline, safe beside Streamlit's own drawing.

    Streamlit swaps Altair's global data transformer while it draws, under its own lock; take
    the same lock (a private name, with a fallback) so the two never interleave.
    """
    import altair as alt

    with _altair_lock(), alt.data_transformers.enable("default", max_rows=None):
        return chart.to_dict()


def request_spec(request) -> dict | None:
    """A chart request's spec (None: nothing to draw), built under Streamlit's lock on
    Altair's globals: for files made in the server (deck files, memos)."""
    chart = request.build()
    return None if chart is None else chart_spec_of(chart)


def _altair_lock():
    """Streamlit's lock around Altair's global settings (a private name, with a fallback)."""
    try:
        from streamlit.elements.vega_charts import _altair_globals_lock as lock
    except ImportError:  # pragma: no cover - a Streamlit without the lock
        return _fallback_lock
    return lock


_fallback_lock = threading.Lock()
_build_lock = threading.Lock()


@dataclass(frozen=True, eq=False)
class PreparedChart:
    """A chart built once and shared: the spec Streamlit draws, with its tables as Arrow bytes.

    `draw_spec` carries each table as Arrow bytes under a content-hash name (`datasets`), which
    Streamlit sends as is; an inline spec would be converted to Arrow again on every render.
    Nothing else is kept (not the builder's input frames): a shared view holds one copy of its
    tables. Shared by every session: never modify it.
    """

    draw_spec: dict

    @functools.cached_property
    def room_spec(self) -> dict:
        """The spec a presented slide draws: the same chart with its text sized for a room and
        every label whole (`charts.projector`), made once per chart."""
        return projector.for_room(self.draw_spec)

    def export_spec(self) -> dict:
        """The Vega-Lite spec with its data inline, as vl-convert and the zip need it.

        The same spec, each Arrow table turned back into rows as Altair writes them inline.
        """
        import altair as alt

        datasets = {
            name: alt.utils.data.to_values(dataframe_util.convert_arrow_bytes_to_pandas_df(raw))[
                "values"
            ]
            if isinstance(raw, bytes)
            else raw
            for name, raw in self.draw_spec.get("datasets", {}).items()
        }
        spec = titles.without_breaks(self.draw_spec)  # an image has no phone to wrap for
        return {**spec, "datasets": datasets} if datasets else spec


def _arrow_datasets(data, datasets: dict[str, bytes], names: dict[int, tuple]) -> dict:
    """Altair data transformer: a DataFrame becomes Arrow bytes named by their hash.

    `names` remembers each frame already converted in this spec (by identity, the frame kept
    alive beside its name): layers that share one frame are converted once, not once each.
    """
    import altair as alt

    if not isinstance(data, pd.DataFrame):  # GeoJSON and the like stay inline values
        return alt.utils.data.to_values(data)
    if id(data) in names:
        return {"name": names[id(data)][0]}
    name, raw = _arrow_table(data)
    datasets[name] = raw
    names[id(data)] = (name, data)
    return {"name": name}


def _arrow_table(frame: pd.DataFrame) -> tuple[str, bytes]:
    """A table's dataset name (its content hash) and its Arrow bytes, as Streamlit sends them."""
    raw = arrow_ipc.table_bytes(frame)
    return "gba_" + hashlib.sha1(raw, usedforsecurity=False).hexdigest()[:20], raw


def draw_spec_of(chart, *, validate: bool = True) -> dict:
    """A chart's Vega-Lite spec with its tables as Arrow bytes (see `PreparedChart`), its
    titles breaking on a phone (`charts.titles`)."""
    import altair as alt

    alt.data_transformers.register("gba_arrow", _arrow_datasets)
    datasets: dict[str, bytes] = {}
    names: dict[int, tuple] = {}
    # `to_dict` starts from a shallow copy of the chart and of each layer, which re-runs their
    # constructors (a layered chart's deep-copies every layer again): copy attributes instead.
    with (
        _altair_lock(),
        alt.data_transformers.enable("gba_arrow", datasets=datasets, names=names),
        copies.attribute_copies(),
    ):
        spec = chart.to_dict(validate=validate)
    if datasets:
        spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return titles.for_phones(spec)


def chart(builder, *args, **kwargs) -> PreparedChart | None:
    """`builder(*args, **kwargs)` as a `PreparedChart`; None when the builder has nothing to draw.

    A templated builder (`charts.template.templated`) runs no Altair here: called inside
    `template.as_parts()`, it gives its parts, which are put into the template of its layout
    and key, built once per process. Any other builder's chart
    is built and serialised. Not cached by itself: call it inside a `memo` function, which
    shares the result per filter state (hashing the frames passed here on every call would cost
    more than it saves).
    """
    with template.as_parts():
        parts = builder(*args, **kwargs)
    if parts is None:
        return None
    if isinstance(parts, template.ChartParts):
        spec = _template(parts.layout, parts.key).fill(parts.values, parts.tables, _arrow_table)
        return PreparedChart(titles.for_phones(spec))
    with _serving_altair():  # a builder without a template: its chart, serialised
        return PreparedChart(draw_spec_of(parts, validate=False))


def _serving_altair():
    """Altair as the server runs it: no schema checks, attribute copies, one build at a time.

    Altair checks every object against the Vega-Lite JSON schema as it is built and again in
    `to_dict`: a third of the time a filter change spent on a chart (bench/RESULTS.md). The
    builders' specs are validated by their unit tests; here, serving, the checks are skipped.
    The switch is process-wide, hence the lock (and builds are CPU-bound under the GIL anyway).
    Altair's defensive copies of charts (each layer deep-copied three times as it is layered,
    and again by `.properties()`) become attribute copies: the builder's objects are its own.
    """
    stack = contextlib.ExitStack()
    stack.enter_context(_build_lock)
    stack.enter_context(schemapi.debug_mode(False))
    stack.enter_context(copies.attribute_copies())
    return stack


@functools.lru_cache(maxsize=128)
def _template(layout: Callable, key: tuple) -> template.Template:
    """The template of one layout and key: built once per process (it holds no data)."""
    with _serving_altair():
        return template.build(layout, key, lambda built: draw_spec_of(built, validate=False))
