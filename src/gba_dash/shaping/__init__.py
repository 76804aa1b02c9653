"""Pure pandas shaping for display: one module per page plus `common`.

Functions take query results (DataFrames) and plain values and return new DataFrames whose grain
is stated in the docstring. No Streamlit, no SQL, no file I/O.
"""
