"""All SQL the app runs: parameterised queries over the public views, returning documented frames.

Values are always bound (`?`), never formatted into SQL; the only identifiers that reach SQL text
come from the allow-list `schema.TABLES_BY_NAME`. Every function takes a DuckDB connection or
cursor and returns a new DataFrame.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import duckdb
import numpy as np
import pandas as pd

from gba_dash import schema

Con = duckdb.DuckDBPyConnection


def _df(con: Con, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    return _lists_as_tuples(con.execute(sql, list(params)).df())


def _lists_as_tuples(frame: pd.DataFrame) -> pd.DataFrame:
    # List columns (cities, economies, source_ids) become tuples: hashable, so cached views and
    # charts can key on the frames that hold them.
    for column in frame.columns:
        if frame[column].dtype == object and frame[column].map(_is_list).any():
            frame[column] = frame[column].map(lambda v: tuple(v) if _is_list(v) else v)
    return frame


def _is_list(value: object) -> bool:
    return isinstance(value, list | np.ndarray)


def get_cluster_ranks(con: Con) -> pd.DataFrame:
    """One row per edition × cluster: `v_cluster_ranks` (rank as published, names, economy)."""
    return _df(con, "SELECT * FROM v_cluster_ranks ORDER BY edition, rank")


def get_cluster_metrics(con: Con) -> pd.DataFrame:
    """One row per edition × cluster × metric × source: `v_cluster_metrics` (shares, counts,
    intensity; `is_preferred` marks the value shown, `has_conflict` a disagreement)."""
    sql = "SELECT * FROM v_cluster_metrics ORDER BY edition, cluster_id, metric, NOT is_preferred"
    return _df(con, sql)


def get_cluster_leaders(con: Con) -> pd.DataFrame:
    """One row per edition × cluster × kind × position × source: `v_cluster_leaders` (top
    fields, applicants and science organisations as published)."""
    sql = "SELECT * FROM v_cluster_leaders ORDER BY edition, cluster_id, kind, position, source_id"
    return _df(con, sql)


def get_clusters(con: Con) -> pd.DataFrame:
    """One row per cluster identity: cluster_id, names ×3, economies (list), is_gba."""
    return _df(con, "SELECT * FROM clusters ORDER BY cluster_id")


def get_coverage(con: Con) -> pd.DataFrame:
    """One row per GII edition: edition, ranks_held, ranks_total."""
    return _df(con, "SELECT * FROM v_coverage ORDER BY edition")


def get_breaks(con: Con, topic: str | None = None) -> pd.DataFrame:
    """One row per methodology break (optionally of one topic): break_id, topic, year, labels ×3."""
    sql = "SELECT * FROM breaks WHERE (? IS NULL OR topic = ?) ORDER BY year, break_id"
    return _df(con, sql, [topic, topic])


def get_observations(
    con: Con,
    indicator_ids: Sequence[str] | None = None,
    geo_ids: Sequence[str] | None = None,
    year_range: tuple[int, int] | None = None,
    *,
    preferred_only: bool = False,
) -> pd.DataFrame:
    """One row per indicator × geo × year × source from `v_observations`, filtered.

    Columns: indicator_id, geo_id, year, value, unit, qualifier, is_preferred, source_id,
    source_url, source_kind, publisher, published, confidence, locator, note, n_sources,
    has_conflict. Filtering happens in DuckDB, so only the rows asked for reach pandas.
    """
    lo, hi = year_range if year_range else (None, None)
    sql = """
        SELECT * FROM v_observations
        WHERE (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], indicator_id))
          AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], geo_id))
          AND (?::INTEGER IS NULL OR year >= ?::INTEGER)
          AND (?::INTEGER IS NULL OR year <= ?::INTEGER)
          AND (NOT ? OR is_preferred)
        ORDER BY indicator_id, geo_id, year, NOT is_preferred, source_id
    """
    ind = list(indicator_ids) if indicator_ids is not None else None
    geo = list(geo_ids) if geo_ids is not None else None
    return _df(con, sql, [ind, ind, geo, geo, lo, lo, hi, hi, preferred_only])


def get_indicators(con: Con) -> pd.DataFrame:
    """One row per indicator: indicator_id, topic, names ×3, unit, decimals, definitions ×3."""
    return _df(con, "SELECT * FROM indicators ORDER BY topic, indicator_id")


def get_indicator_coverage(con: Con) -> pd.DataFrame:
    """One row per indicator × geo: first and last year held and the number of values."""
    sql = """
        SELECT indicator_id, geo_id, min(year) AS first_year, max(year) AS last_year,
               count(*) FILTER (WHERE is_preferred) AS years_held
        FROM v_observations GROUP BY indicator_id, geo_id ORDER BY indicator_id, geo_id
    """
    return _df(con, sql)


def get_geo(con: Con) -> pd.DataFrame:
    """One row per place: geo_id, kind, admin, parent_id, names ×3, lat, lon, adcode."""
    return _df(con, "SELECT * FROM geo ORDER BY kind, geo_id")


def get_terms(con: Con) -> pd.DataFrame:
    """One row per coded value: term_kind, code, sort_order, names ×3."""
    return _df(con, "SELECT * FROM terms ORDER BY term_kind, sort_order, code")


def get_pilots(con: Con) -> pd.DataFrame:
    """One row per pilot from `v_pilots` (names, domain, status, cities list, targets, progress)."""
    return _df(con, "SELECT * FROM v_pilots ORDER BY pilot_id")


def get_pilot_events(con: Con) -> pd.DataFrame:
    """One row per milestone from `v_pilot_events`, in date order."""
    return _df(con, "SELECT * FROM v_pilot_events ORDER BY pilot_id, date")


def get_headlines(con: Con) -> pd.DataFrame:
    """One row per headline figure of the source article, with its value and indicator.

    Columns: headline_id, sort_order, page, indicator_id, geo_id, year, value, unit, decimals,
    qualifier, source_id, locator, publisher, published, names ×3 of indicator and geo.
    """
    sql = """
        SELECT h.headline_id, h.sort_order, h.page, h.indicator_id, h.geo_id, h.year,
               o.value, i.unit, i.decimals, o.qualifier, h.source_id,
               coalesce(h.locator, o.locator) AS locator, s.publisher, s.published, s.title,
               i.name_en, i.name_zh_hans, i.name_zh_hant,
               g.name_en AS geo_en, g.name_zh_hans AS geo_zh_hans, g.name_zh_hant AS geo_zh_hant,
               o.note
        FROM headlines h
        JOIN observations o USING (indicator_id, geo_id, year, source_id)
        JOIN indicators i USING (indicator_id)
        JOIN geo g USING (geo_id)
        JOIN sources s USING (source_id)
        ORDER BY h.sort_order, h.headline_id
    """
    return _df(con, sql)


def get_sources(con: Con) -> pd.DataFrame:
    """One row per source, with how many rows of each table cite it.

    Columns: the `sources` columns plus n_observations, n_cluster_ranks, n_pilots,
    n_pilot_events, n_total.
    """
    # Citations are counted per table first, then joined to the ~200 sources: the former
    # UNION ALL of every citing row before the join took seconds at 10 M observations.
    sql = """
        WITH cites AS (
            SELECT source_id, 'observations' AS tbl, count(*) AS n
            FROM observations GROUP BY source_id
            UNION ALL SELECT source_id, 'cluster_ranks', count(*)
            FROM (SELECT unnest(source_ids) AS source_id FROM cluster_ranks) GROUP BY source_id
            UNION ALL SELECT source_id, 'pilots', count(*)
            FROM (SELECT unnest(source_ids) AS source_id FROM pilots) GROUP BY source_id
            UNION ALL SELECT source_id, 'pilot_events', count(*)
            FROM (SELECT unnest(source_ids) AS source_id FROM pilot_events) GROUP BY source_id
        )
        SELECT s.*,
               coalesce(sum(c.n) FILTER (WHERE c.tbl = 'observations'), 0)::BIGINT
                   AS n_observations,
               coalesce(sum(c.n) FILTER (WHERE c.tbl = 'cluster_ranks'), 0)::BIGINT
                   AS n_cluster_ranks,
               coalesce(sum(c.n) FILTER (WHERE c.tbl = 'pilots'), 0)::BIGINT AS n_pilots,
               coalesce(sum(c.n) FILTER (WHERE c.tbl = 'pilot_events'), 0)::BIGINT
                   AS n_pilot_events,
               coalesce(sum(c.n), 0)::BIGINT AS n_total
        FROM sources s LEFT JOIN cites c USING (source_id)
        GROUP BY ALL
        ORDER BY n_total DESC, s.source_id
    """
    return _df(con, sql)


def _table_sql(name: str) -> str:
    if name not in schema.TABLES_BY_NAME:
        raise ValueError(f"unknown table: {name!r}")
    key = ", ".join(f'"{c}"' for c in schema.TABLES_BY_NAME[name].key)
    return f'SELECT * FROM "{name}" ORDER BY {key}'  # noqa: S608 - allow-listed name


def get_table(con: Con, name: str) -> pd.DataFrame:
    """One table of the data model as stored; `name` must be a known table."""
    return _df(con, _table_sql(name))


def table_batches(con: Con, name: str, rows: int = 100_000) -> Iterator[pd.DataFrame]:
    """One table of the data model as stored, in key order, as frames of at most `rows` rows.

    For the table downloads: a table of millions of rows is written out batch by batch instead
    of being held whole in pandas. List columns become tuples, as in `get_table`. An empty table
    gives one empty frame, so that its header is still known.
    """
    reader = con.sql(_table_sql(name)).to_arrow_reader(rows)
    empty = True
    for batch in reader:
        empty = False
        yield _lists_as_tuples(batch.to_pandas())
    if empty:
        yield reader.schema.empty_table().to_pandas()


def get_manifest(con: Con) -> pd.DataFrame:
    """One row per manifest key: key, value (built_at, data_hash, versions)."""
    return _df(con, "SELECT key, value FROM build_manifest ORDER BY key")


def get_build_inputs(con: Con) -> pd.DataFrame:
    """One row per input file: file, sha256, rows."""
    return _df(con, "SELECT file, sha256, rows FROM build_inputs ORDER BY file")


def get_releases(con: Con) -> pd.DataFrame:
    """One row per data release, oldest first: ordinal, release_id, released_at, state, added,
    removed, revised (rows changed against the release before)."""
    return _df(con, "SELECT * FROM main.releases ORDER BY ordinal")


def get_release_changes(con: Con, after: int = 0) -> pd.DataFrame:
    """One row per changed row of each release later than ordinal `after`, newest release
    first: ordinal, release_id, released_at, table_name, key_text, change, fields,
    before_json, after_json, source_ids."""
    return _df(
        con,
        "SELECT * FROM main.release_changes WHERE ordinal > ? "
        "ORDER BY ordinal DESC, table_name, key_text",
        [after],
    )
