"""Guards for what the benchmarks found (bench/RESULTS.md): counts, not timings.

- A second reader of a view the server already computed runs no pandas view and builds no chart:
  the page's derived views are shared per filter state (`data.memo`), so a room opening one link
  costs one computation. Checked by counting calls into `gba_dash.shaping.<page>` and the chart
  builders during the second reader's first render.
- A first render stays small: export menus and data tables open lazily, so no download button and
  no data grid is drawn until a reader opens one; the clusters page builds only the chart of its
  open tab; no page draws a code block (whose highlighter the browser would load).
- The shared views are bounded (least recently used dropped) and keep the pages' own tables.
"""

from __future__ import annotations

import functools
import importlib
import inspect

import pytest

from gba_dash.ui import data
from tests.app.conftest import no_exceptions

PAGES = ("overview", "clusters", "hightech", "pilots")
#: Cheap helpers on the widget options (no data frames), called before the shared views.
OPTION_HELPERS = {"default_clusters", "default_geos"}


def _count_calls(monkeypatch: pytest.MonkeyPatch, module_name: str, calls: list[str]) -> None:
    module = importlib.import_module(module_name)
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        # a module's own functions, or a package's (defined in its submodules, called through it)
        own = fn.__module__ == module_name or fn.__module__.startswith(module_name + ".")
        if not own or name in OPTION_HELPERS:
            continue

        @functools.wraps(fn)
        def counted(*args, _fn=fn, _name=name, **kwargs):
            calls.append(_name)
            return _fn(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


@pytest.mark.parametrize("page", PAGES)
def test_second_reader_of_a_view_reuses_the_first_readers_work(
    make_app, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    path = None if page == "overview" else page
    data._memo.clear()  # a cold server: the first reader computes the view
    calls: list[str] = []
    _count_calls(monkeypatch, f"gba_dash.shaping.{page}", calls)
    if page != "overview":
        _count_calls(monkeypatch, f"gba_dash.charts.{page}", calls)
    no_exceptions(make_app("zh-Hant", page=path))
    assert calls  # the count sees the first reader's work (so the guard can fail)
    calls.clear()
    no_exceptions(make_app("zh-Hant", page=path))
    assert calls == []


@pytest.mark.parametrize(
    ("page", "grids"),
    # pilots shows its targets without a number as a table by design; the rest is lazy
    [("clusters", 0), ("hightech", 0), ("pilots", 1)],
)
def test_first_render_draws_no_download_and_no_hidden_data_grid(
    make_app, page: str, grids: int
) -> None:
    at = make_app("en", page=page)
    no_exceptions(at)
    assert at.get("vega_lite_chart")
    assert not at.get("download_button")
    assert len(at.dataframe) == grids


def test_clusters_builds_only_the_chart_in_view(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    # The four charts are tabs that rerun when switched: a hidden one costs neither the server
    # (views, chart build) nor the browser (compiling its Vega-Lite spec before the first paint).
    data._memo.clear()
    calls: list[str] = []
    _count_calls(monkeypatch, "gba_dash.charts.clusters", calls)
    at = make_app("en", {"chart": "counts"}, page="clusters")
    no_exceptions(at)
    assert len(at.get("vega_lite_chart")) == 1
    assert [c for c in calls if c.endswith("_chart")] == ["economy_counts_chart"]


@pytest.mark.parametrize("page", ["overview", "clusters", "hightech", "pilots", "sources"])
def test_no_page_draws_a_code_block(make_app, page: str) -> None:
    # A code block makes the browser load Streamlit's 1.5 MB syntax highlighter before the
    # first chart (~200 ms on a pinned core, bench/RESULTS.md); the share link is a text field.
    at = make_app("en", page=None if page == "overview" else page)
    no_exceptions(at)
    assert not at.code
    assert at.text_input  # the share link is there


def test_the_shared_views_stay_bounded_and_keep_the_pages_own_tables(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Readers wandering through filter states must not grow the server without bound (a soak
    # drifted +11% with 256 entries); the page's own tables, read on every run, stay cached.
    data._memo.clear()
    at = make_app("en", page="clusters")  # the default state: top 20
    no_exceptions(at)
    for i in range(data.MEMO_ENTRIES + 5):  # more new states than the cache holds
        at.selectbox(key="edition").set_value(2017 + i // 80)
        at.slider(key="top").set_value(21 + i % 80).run()
    no_exceptions(at)
    at.selectbox(key="edition").set_value(2025)
    calls: list[str] = []
    _count_calls(monkeypatch, "gba_dash.shaping.clusters", calls)
    at.slider(key="top").set_value(20).run()
    # the first state was dropped, so its block was computed again: the cache is bounded
    assert "ranking_table" in calls
    assert "rank_changes" not in calls  # the page's own tables (read every run) were kept
