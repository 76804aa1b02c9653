"""Views for the cluster rankings page: one edition's ranking, rank histories, counts per economy.

Ranks are WIPO GII ranks *as first published*; the table is partial (not the whole top 100 for
any edition). A rank change is computed only between two consecutive editions that are both
held, and a missing edition stays a gap (each unbroken run of editions is its own `segment`).
"""

from gba_dash.shaping.clusters.counts import (  # noqa: F401
    CountInputs,
    economy_counts,
)
from gba_dash.shaping.clusters.coverage import (  # noqa: F401
    complete_editions,
    missing_ranks,
    missing_ranks_text,
    rank_gaps,
)
from gba_dash.shaping.clusters.history import (  # noqa: F401
    break_rules,
    rank_history,
)
from gba_dash.shaping.clusters.options import (  # noqa: F401
    CHART_TABS,
    COUNT_INDICATOR,
    DEFAULT_CLUSTERS,
    DEFAULT_COUNT_ECONOMIES,
    MISSING,
    NATIONAL_CENTRES,
    OTHERS,
    TOP_DEFAULT,
    TOP_MAX,
    TOP_MIN,
    add_clusters,
    cluster_names,
    cluster_options,
    default_clusters,
    economy_names,
    economy_options,
    editions_held,
    picked_ids,
)
from gba_dash.shaping.clusters.profile import (  # noqa: F401
    DEFAULT_PROFILE,
    PEERS_MAX,
    MetricValues,
    leaders,
    metrics_shown,
    peers_of,
    preferred,
    profile_options,
    profile_shares,
    size_intensity,
)
from gba_dash.shaping.clusters.profile_texts import (  # noqa: F401
    intensity_summary,
    intensity_table,
    leaders_summary,
    leaders_table,
    per_million_line,
    previous_method_line,
    profile_source_caption,
    profile_summary,
    shares_coverage_line,
    shares_table,
)
from gba_dash.shaping.clusters.ranking import (  # noqa: F401
    ClusterRows,
    EditionRankings,
    RankLookup,
    change_text,
    conflict_text,
    coverage_of,
    edition_ranking,
    publisher_map,
    rank_changes,
)
from gba_dash.shaping.clusters.texts import (  # noqa: F401
    centres_summary,
    counts_caption,
    counts_summary,
    counts_table,
    coverage_line,
    history_summary,
    history_table,
    rank_sentence,
    ranking_summary,
    ranking_table,
    ranks_source_caption,
)
