"""Chart tables as Arrow bytes: `arrow_ipc.table_bytes` decodes to what Streamlit's own
conversion gives, for every kind of column and every chart table the pages request."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from streamlit import dataframe_util

from gba_dash import arrow_ipc, db, queries
from gba_dash.charts import template
from gba_dash.pagemodels import clusters, hightech, pilots
from tests import chart_states


def _decoded(raw: bytes) -> pd.DataFrame:
    return dataframe_util.convert_arrow_bytes_to_pandas_df(raw)


def _assert_same_as_streamlit(frame: pd.DataFrame) -> None:
    ours = _decoded(arrow_ipc.table_bytes(frame))
    theirs = _decoded(dataframe_util.convert_anything_to_arrow_bytes(frame))
    pd.testing.assert_frame_equal(ours, theirs.reset_index(drop=True), check_exact=True)
    ipc_schema = pa.ipc.open_stream(arrow_ipc.table_bytes(frame)).schema
    streamlit_schema = pa.ipc.open_stream(
        dataframe_util.convert_anything_to_arrow_bytes(frame)
    ).schema
    for field in ipc_schema:  # the browser reads the same Arrow types (index aside)
        assert streamlit_schema.field(field.name).type == field.type, field.name


def test_every_kind_of_column_decodes_as_streamlit_sends_it() -> None:
    frame = pd.DataFrame(
        {
            "int": np.array([3, 1, 2], dtype="int64"),
            "float": [0.5, np.nan, 2.25],
            "bool": [True, False, True],
            "nullable": pd.array([1, None, 3], dtype="Int64"),
            "text": pd.Series(["深圳", None, "Macao"], dtype="str"),
            "object": pd.Series(["a", None, "c"], dtype=object),
            "lists": pd.Series([("s1", "s2"), (), ("s3",)], dtype=object),
            "when": pd.to_datetime(["2024-01-01", None, "2025-06-30"]),
            "kind": pd.Categorical(["a", "b", "a"]),
        },
        index=[7, 3, 9],  # a filtered frame's index: dropped, never sent as a column
    )
    _assert_same_as_streamlit(frame)
    _assert_same_as_streamlit(frame.iloc[:0])
    assert "__index_level_0__" not in pa.ipc.open_stream(arrow_ipc.table_bytes(frame)).schema.names


def test_columns_must_be_unique_strings() -> None:
    with pytest.raises(ValueError, match="unique strings"):
        arrow_ipc.table_bytes(pd.DataFrame([[1, 2]], columns=["a", "a"]))
    with pytest.raises(ValueError, match="unique strings"):
        arrow_ipc.table_bytes(pd.DataFrame([[1, 2]]))


@pytest.fixture(scope="module")
def query(real_db: Path) -> Iterator:
    con = db.open_readonly(real_db)
    yield lambda name, *args: getattr(queries, name)(con, *args)
    con.close()


def _chart_tables(blocks: list) -> Iterator[pd.DataFrame]:
    with template.as_parts():
        for block in blocks:
            for req in chart_states.requests(block):
                parts = req.builder(*req.args, **req.kwargs)
                if isinstance(parts, template.ChartParts):
                    yield from parts.tables.values()


def test_every_chart_table_the_pages_request_decodes_as_streamlit_sends_it(query) -> None:
    rng = random.Random(5)
    blocks = (
        chart_states.cluster_states(clusters.load(query), "zh-Hant", rng, 6)
        + chart_states.hightech_states(hightech.load(query), "en", rng, 8)
        + chart_states.pilot_states(pilots.load(query), "zh-Hans", rng, 6)
    )
    tables = list(_chart_tables(blocks))
    assert len(tables) >= 40
    for frame in tables:
        _assert_same_as_streamlit(frame)
