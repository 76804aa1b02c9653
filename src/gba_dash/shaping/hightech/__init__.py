"""Views for the high-tech page: preferred values with their qualifiers, gaps, YoY and index.

Every function takes the rows of `queries.get_observations` (one row per value per source, all
sources, `preferred_only=False`) and returns a new frame whose grain its docstring states. Nothing
is interpolated, averaged or chained: a value is shown with its qualifier, a conflict between
sources is flagged with the other values listed, and a derived figure (YoY, index, share of
China) is computed only where the rule in its docstring allows and says why elsewhere.
"""

from gba_dash.shaping.hightech.changes import (  # noqa: F401
    base_years,
    default_base,
    index_to_base,
    yoy,
)
from gba_dash.shaping.hightech.exports import (  # noqa: F401
    cities_without_data,
    city_points,
    exports,
    exports_claim,
    exports_context,
)
from gba_dash.shaping.hightech.options import (  # noqa: F401
    DEFAULT_GEOS,
    ENTERPRISES,
    EXPORTS_CNY,
    EXPORTS_USD,
    EXPORTS_YOY,
    MEASURES,
    PAGE_INDICATORS,
    PERCENT_UNITS,
    POINT_COLUMNS,
    RD_GEOS,
    SHARE,
    TOTAL_EXPORTS_YOY,
    TREND_METRICS,
    default_geos,
    geo_options,
    metric_options,
    year_bounds,
)
from gba_dash.shaping.hightech.points import (  # noqa: F401
    points,
    qualifier_label,
    segments,
)
from gba_dash.shaping.hightech.share import (  # noqa: F401
    combined_qualifier,
    share_of_china,
)
from gba_dash.shaping.hightech.texts import (  # noqa: F401
    cities_alt,
    exports_alt,
    exports_table,
    index_table,
    level_table,
    publishers_caption,
    series_summary,
    share_alt,
    share_table,
    trend_alt,
    yoy_table,
)
from gba_dash.shaping.hightech.trend import (  # noqa: F401
    axis_title,
    index_left_out,
    trend,
)
