"""charts.copies: inside the block a chart copy shares nothing it changes; outside, Altair's."""

from __future__ import annotations

import threading

import altair as alt
import pandas as pd
import pytest

from gba_dash.charts import copies

FRAME = pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2], "k": ["a", "b", "a"]})


def _layered() -> alt.LayerChart:
    pick = alt.selection_point(name="pick", fields=["k"])
    base = alt.Chart(FRAME).encode(x="x:Q", y="y:Q")
    dots = base.mark_point().encode(color="k:N").add_params(pick)
    labels = base.mark_text(dx=6).encode(text="k:N")
    rule = alt.Chart(pd.DataFrame({"x": [2]})).mark_rule().encode(x="x:Q")
    return alt.layer(rule, dots, labels, title="t").properties(height=120, width=300)


def test_a_copy_inside_the_block_is_a_new_chart_with_its_own_attributes() -> None:
    chart = alt.Chart(FRAME).mark_point().encode(x="x:Q")
    with copies.attribute_copies():
        for deep in (True, False):
            clone = chart.copy(deep=deep)
            assert clone is not chart
            assert type(clone) is alt.Chart
            clone.height = 99
            clone.data = alt.Undefined
            assert chart.height is alt.Undefined
            assert chart.data is FRAME
            assert clone.to_dict()["height"] == 99
            # shared (read-only) values: no deep copy was made
            assert clone.encoding is chart.encoding


def test_outside_the_block_and_in_other_threads_copies_are_altairs() -> None:
    chart = alt.Chart(FRAME).mark_point().encode(x="x:Q")
    assert chart.copy().encoding is not chart.encoding  # Altair's deep copy
    seen = {}
    with copies.attribute_copies():
        worker = threading.Thread(target=lambda: seen.update(enc=chart.copy().encoding))
        worker.start()
        worker.join()
        assert chart.copy().encoding is chart.encoding
    assert seen["enc"] is not chart.encoding
    assert chart.copy().encoding is not chart.encoding  # switched off again


def test_the_block_is_left_on_an_error_and_nests() -> None:
    chart = alt.Chart(FRAME).mark_point(size=3)  # a MarkDef object, not a string
    seen = []

    def copy_then_fail() -> None:
        with copies.attribute_copies():
            with copies.attribute_copies():
                pass
            seen.append(chart.copy().mark is chart.mark)  # still on after the inner block
            raise RuntimeError

    with pytest.raises(RuntimeError):
        copy_then_fail()
    assert seen == [True]
    assert chart.copy().mark is not chart.mark


def test_channels_and_parameters_are_still_copied_by_altair() -> None:
    x = alt.X("x:Q", axis=alt.Axis(title="a"))
    pick = alt.selection_point(name="p").param
    with copies.attribute_copies():
        clone = x.copy()
        assert clone.to_dict() == x.to_dict()
        assert clone["axis"] is not x["axis"]  # deep-copied, as Altair does
        assert pick.copy()["select"] is not pick["select"]


def test_layered_charts_give_the_same_spec_with_and_without_the_block() -> None:
    plain = _layered().to_dict()
    with copies.attribute_copies():
        built = _layered()
        cheap = built.to_dict()
    assert cheap == plain
    assert built.to_dict() == plain  # and the chart built inside is a normal chart afterwards
    assert len(plain["layer"]) == 3
    assert plain["height"] == 120
    assert plain["params"][0]["name"] == "pick"
    assert plain["params"][0]["views"]


def test_a_copy_that_shared_its_attributes_would_be_caught(monkeypatch) -> None:
    """The spec comparison above can fail: sharing the attribute dictionary changes the spec."""

    def sharing_copy(self, deep=True, ignore=None):
        if copies._active.__dict__.get("on") and type(self) in copies._CHARTS:
            clone = object.__new__(type(self))
            object.__setattr__(clone, "_args", self._args)
            object.__setattr__(clone, "_kwds", self._kwds)  # not a copy
            return clone
        return copies._altair_copy(self, deep, ignore)

    monkeypatch.setattr(alt.SchemaBase, "copy", sharing_copy)
    plain = _layered().to_dict()
    with copies.attribute_copies():
        assert _layered().to_dict() != plain


def test_importing_the_module_again_keeps_one_switch() -> None:
    import importlib

    importlib.reload(copies)
    assert alt.SchemaBase.copy.__wrapped__ is copies._altair_copy
    assert copies._altair_copy.__module__ == "altair.utils.schemapi"
    with copies.attribute_copies():
        chart = alt.Chart(FRAME).mark_point(size=3)
        assert chart.copy().mark is chart.mark
    assert chart.copy().mark is not chart.mark


def test_params_added_to_a_layered_or_concatenated_copy_leave_the_original_alone() -> None:
    """`LayerChart.add_params` replaces the first layer of its copy in place."""
    sel = alt.selection_point(name="s")
    with copies.attribute_copies():
        layered = _layered()
        before = layered.to_dict()
        picked = layered.add_params(sel)
        assert layered.to_dict() == before
        assert picked.to_dict() != before
        pair = alt.hconcat(_layered(), alt.Chart(FRAME).mark_bar().encode(x="x:Q"))
        before = pair.to_dict()
        pair.interactive()
        assert pair.to_dict() == before
