"""Where the data and the database live. Standard library only.

`GBA_DASH_DATA_DIR` overrides the folder of CSV tables (default: `data/` of the project),
`GBA_DASH_DB` the DuckDB file (default: `data/gba.duckdb`).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """The folder holding the CSV tables."""
    return Path(os.environ.get("GBA_DASH_DATA_DIR") or PROJECT_ROOT / "data")


def db_path() -> Path:
    """The DuckDB file the app reads (built from `data_dir()`)."""
    env = os.environ.get("GBA_DASH_DB")
    return Path(env) if env else data_dir() / "gba.duckdb"
