"""A DataFrame as Arrow IPC stream bytes: the table format Streamlit sends a chart's data in.

`pyarrow.Table.from_pandas` (what Streamlit's own conversion calls) infers every column's type
and builds the pandas metadata afresh on every call: ~1 ms for a 20-column chart table, most of
a filter change's chart work (bench/RESULTS.md). The columns here already carry their types
(NumPy, nullable or Arrow-backed), so each becomes an Arrow array directly, and the pandas
metadata, which depends only on the column names and dtypes, is made once per such signature.
The bytes decode (`Table.to_pandas`) to the same frame as Streamlit's conversion gives, with a
fresh RangeIndex, and carry the same Arrow types: tests/unit/test_arrow_ipc.py checks both for
every kind of column and for every chart table the chart pages request.

Core module: no Streamlit.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pyarrow as pa


def table_bytes(frame: pd.DataFrame) -> bytes:
    """`frame`'s rows as one Arrow IPC stream (its index dropped: chart data has no index)."""
    if not frame.columns.is_unique or not all(isinstance(c, str) for c in frame.columns):
        raise ValueError(f"chart table columns must be unique strings: {list(frame.columns)}")
    names, dtypes, arrays = [], [], []
    for name, column in frame.items():
        names.append(name)
        dtypes.append(column.dtype)
        arrays.append(_array(column))
    table = pa.Table.from_arrays(arrays, names=names)
    table = table.replace_schema_metadata(_pandas_metadata(tuple(names), tuple(dtypes)))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _array(column: pd.Series) -> pa.Array | pa.ChunkedArray:
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "biuf":
        # A NumPy column converts without a copy; through pandas' wrapper it is ~5× slower.
        return pa.array(column.to_numpy())
    # Arrow-backed, nullable, datetime and object columns: pandas' own Arrow conversion (an
    # Arrow-backed column hands over its array; NaN and None in object columns become nulls).
    return pa.Array.from_pandas(column.array)


@functools.lru_cache(maxsize=256)
def _pandas_metadata(names: tuple[str, ...], dtypes: tuple) -> dict[bytes, bytes]:
    """The schema's pandas metadata for these column names and dtypes (no index)."""
    empty = pd.DataFrame({n: pd.Series([], dtype=d) for n, d in zip(names, dtypes, strict=True)})
    return pa.Schema.from_pandas(empty, preserve_index=False).metadata
