"""The DuckDB views the pages and a steward's own tools read: a stable contract (data/README.md).

Each view joins the tables `db` writes; `v_observations` ranks the sources of one value by the
preferred-source rule. Only the fixed preference ranks of `schema` are formatted into the SQL.
"""

from __future__ import annotations

from gba_dash import schema


def _case(column: str, ranks: dict[str, int], default: int) -> str:
    whens = " ".join(f"WHEN '{code}' THEN {rank}" for code, rank in ranks.items())
    return f"CASE {column} {whens} ELSE {default} END"


# The preferred-source rule (documented in data/README.md): a later release of a figure beats an
# earlier one; a final figure beats an estimate or target; then official over news, article,
# repost, reference and secondary (the source article ranks after the news it summarises);
# then high confidence; then the latest publication.
_PREFERENCE_ORDER = ", ".join(
    (
        _case("o.release", schema.RELEASE_RANK, 2),
        _case("o.qualifier", schema.QUALIFIER_RANK, 9),
        _case("s.source_kind", schema.SOURCE_KIND_RANK, 99),
        "CASE o.confidence WHEN 'high' THEN 0 ELSE 1 END",
        "s.published DESC NULLS LAST",
        "o.source_id",
    )
)

# A cluster's metric follows the same rule, without releases.
_METRIC_PREFERENCE = ", ".join(
    (
        _case("o.qualifier", schema.QUALIFIER_RANK, 9),
        _case("s.source_kind", schema.SOURCE_KIND_RANK, 99),
        "CASE o.confidence WHEN 'high' THEN 0 ELSE 1 END",
        "s.published DESC NULLS LAST",
        "o.source_id",
    )
)

# Only the fixed preference ranks are formatted into this SQL; no data reaches it.
VIEWS_SQL = rf"""
CREATE VIEW source_links AS
SELECT source_id, kind AS source_kind, publisher, published,
       coalesce(url, CASE WHEN regexp_full_match(retrieved_from, 'https?://\S+')
                          THEN retrieved_from END) AS source_url
FROM sources;

CREATE VIEW v_observations AS
WITH ranked AS (
    SELECT o.indicator_id, o.geo_id, o.year, o.value, i.unit, o.qualifier, o.source_id,
           s.source_url, s.source_kind, s.publisher, s.published, o.confidence, o.locator, o.note,
           o.release,
           row_number() OVER (
               PARTITION BY o.indicator_id, o.geo_id, o.year
               ORDER BY {_PREFERENCE_ORDER}
           ) AS preference,
           count(*) OVER w AS n_sources,
           count(DISTINCT o.value) OVER w AS n_values
    FROM observations o
    JOIN indicators i USING (indicator_id)
    JOIN source_links s USING (source_id)
    WINDOW w AS (PARTITION BY o.indicator_id, o.geo_id, o.year)
)
SELECT indicator_id, geo_id, year, value, unit, qualifier, preference = 1 AS is_preferred,
       source_id, source_url, source_kind, publisher, published, confidence, locator, note,
       n_sources, n_values > 1 AS has_conflict, release
FROM ranked;

CREATE VIEW v_cluster_ranks AS
SELECT r.edition, r.cluster_id, r.rank, r.name_published, c.name_en, c.name_zh_hans,
       c.name_zh_hant, c.economies[1] AS economy, c.is_gba, r.pct_filings, r.publications,
       (SELECT string_agg(s.source_url, ' ; ' ORDER BY s.source_id)
          FROM source_links s WHERE list_contains(r.source_ids, s.source_id)) AS source_url,
       r.vc_deals, c.economies, r.source_ids, r.confidence, r.note,
       (SELECT string_agg(k.rank::VARCHAR, ';' ORDER BY k.rank)
          FROM cluster_rank_conflicts k
          WHERE k.edition = r.edition AND k.cluster_id = r.cluster_id) AS conflicting_ranks,
       r.pct_share, r.publications_share, r.vc_share
FROM cluster_ranks r
JOIN clusters c USING (cluster_id);

CREATE VIEW v_pilots AS
SELECT p.pilot_id, p.name_en, p.name_zh_hans, p.name_zh_hant, p.domain, p.status, p.announced,
       p.launched, p.cities, p.target_en AS target, p.progress_en AS progress,
       (SELECT string_agg(s.source_url, ' ; ' ORDER BY s.source_id)
          FROM source_links s WHERE list_contains(p.source_ids, s.source_id)) AS source_url,
       p.* EXCLUDE (pilot_id, name_en, name_zh_hans, name_zh_hant, domain, status, announced,
                    launched, cities)
FROM pilots p;

CREATE VIEW v_pilot_events AS
SELECT e.pilot_id, e.date, e.status_after, e.text_en, e.text_zh_hans, e.text_zh_hant,
       (SELECT string_agg(s.source_url, ' ; ' ORDER BY s.source_id)
          FROM source_links s WHERE list_contains(e.source_ids, s.source_id)) AS source_url,
       e.source_ids, e.confidence, e.note_en, e.note_zh_hans, e.note_zh_hant
FROM pilot_events e;

CREATE VIEW v_cluster_metrics AS
WITH stated AS (
    SELECT edition, cluster_id, metric::VARCHAR AS metric, value, qualifier::VARCHAR AS qualifier,
           source_id, confidence::VARCHAR AS confidence, note
    FROM cluster_metrics
    UNION ALL
    -- a ranking table's counts and shares printed beside the rank: the rank's first source
    SELECT edition, cluster_id, metric, value, 'exact', source_ids[1], confidence::VARCHAR, NULL
    FROM (UNPIVOT (SELECT edition, cluster_id, source_ids, confidence, pct_share,
                          publications_share, vc_share, pct_filings, publications, vc_deals
                   FROM cluster_ranks)
          ON pct_share, publications_share, vc_share, pct_filings, publications, vc_deals
          INTO NAME metric VALUE value)
),
ranked AS (
    SELECT o.*, s.source_url, s.source_kind, s.publisher, s.published,
           row_number() OVER (
               PARTITION BY o.edition, o.cluster_id, o.metric ORDER BY {_METRIC_PREFERENCE}
           ) AS preference,
           count(*) OVER w AS n_sources,
           count(DISTINCT o.value) OVER w AS n_values
    FROM stated o
    JOIN source_links s USING (source_id)
    WINDOW w AS (PARTITION BY o.edition, o.cluster_id, o.metric)
)
SELECT edition, cluster_id, metric, value, qualifier, preference = 1 AS is_preferred, source_id,
       source_url, source_kind, publisher, published, confidence, note, n_sources,
       n_values > 1 AS has_conflict
FROM ranked;

CREATE VIEW v_cluster_leaders AS
SELECT l.edition, l.cluster_id, l.kind, l.position, l.name_en, l.name_zh_hans, l.name_zh_hant,
       l.share, l.qualifier, l.source_id, s.source_url, s.source_kind, s.publisher, s.published,
       l.confidence, l.note
FROM cluster_leaders l
JOIN source_links s USING (source_id);

CREATE VIEW v_coverage AS
SELECT edition, count(*)::INTEGER AS ranks_held, 100 AS ranks_total
FROM cluster_ranks
GROUP BY edition;
"""  # noqa: S608

PUBLIC_VIEWS = (
    "v_cluster_ranks",
    "v_cluster_metrics",
    "v_cluster_leaders",
    "v_observations",
    "v_pilots",
    "v_pilot_events",
    "v_coverage",
)
