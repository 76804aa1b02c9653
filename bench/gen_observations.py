"""Synthetic observations at scale, generated inside DuckDB (no pandas, nothing committed).

    python bench/gen_observations.py --rows 10000000 --out bench/out/gba-10m   # writes that folder

The real tables are built first with the project's own build (so every page still has its data
and the manifest matches `data/`); then synthetic indicators `syn_00000…` (topic `economy`, unit
`count`) get one value per real place × year 1990–2025 × two real sources, until the
`observations` table holds `--rows` synthetic rows more. Two sources per value exercise the
preferred-source window of `v_observations`; every 7th pair disagrees (a conflict).
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import time
from pathlib import Path

import duckdb

YEARS = (1990, 2025)
SOURCES_PER_VALUE = 2


def insert_synthetic(db_path: Path, rows: int) -> int:
    """Add `rows` synthetic observations (and their indicators) to a built database."""
    n_years = YEARS[1] - YEARS[0] + 1
    con = duckdb.connect(str(db_path))
    try:
        n_geo = con.execute("SELECT count(*) FROM geo").fetchone()[0]
        block = n_geo * n_years * SOURCES_PER_VALUE  # rows per synthetic indicator
        n_ind = math.ceil(rows / block)
        con.execute(
            """
            INSERT INTO indicators BY NAME
            SELECT printf('syn_%05d', i) AS indicator_id, 'economy' AS topic,
                   printf('合成指标 %d', i) AS name_zh_hans,
                   printf('合成指標 %d', i) AS name_zh_hant,
                   printf('Synthetic %d', i) AS name_en, 'count' AS unit, 0 AS decimals
            FROM range(?) t(i)
            """,
            [n_ind],
        )
        con.execute(
            f"""
            INSERT INTO observations BY NAME
            WITH g AS (SELECT list(geo_id ORDER BY geo_id) AS ids FROM geo),
                 s AS (SELECT list(source_id ORDER BY source_id)[1:{SOURCES_PER_VALUE}] AS ids
                       FROM sources)
            SELECT printf('syn_%05d', i // {block}) AS indicator_id,
                   g.ids[((i // ({SOURCES_PER_VALUE} * {n_years})) % {n_geo}) + 1] AS geo_id,
                   {YEARS[0]} + (i // {SOURCES_PER_VALUE}) % {n_years} AS year,
                   round(((hash(i // {SOURCES_PER_VALUE}) % 100000) / 10.0)
                         + CASE WHEN i % {SOURCES_PER_VALUE} = 1 AND (i // 2) % 7 = 0
                                THEN 1 ELSE 0 END, 1) AS value,
                   CASE WHEN i % 11 = 0 THEN 'approx' ELSE 'exact' END AS qualifier,
                   s.ids[(i % {SOURCES_PER_VALUE}) + 1] AS source_id,
                   CASE WHEN i % 3 = 0 THEN 'medium' ELSE 'high' END AS confidence
            FROM range(?) r(i), g, s
            """,
            [rows],
        )
        con.execute("CHECKPOINT")
        return rows
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--out", type=Path, required=True, help="folder to create (not in git)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import copy_data

    from gba_dash import db_build

    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    data_dir = copy_data(args.out)
    db_path = args.out / "gba.duckdb"
    result = db_build.build_database(data_dir, db_path)
    if not result.ok:
        print("\n".join(map(str, result.problems)))
        return 1
    started = time.perf_counter()
    insert_synthetic(db_path, args.rows)
    print(
        f"{args.rows:,} synthetic rows in {time.perf_counter() - started:.1f} s → {db_path} "
        f"({db_path.stat().st_size / 1e6:.0f} MB); serve it with GBA_DASH_DATA_DIR={data_dir} "
        f"GBA_DASH_DB={db_path}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
