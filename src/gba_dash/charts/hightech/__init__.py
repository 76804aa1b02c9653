"""Chart builders for the high-tech page: trends that show their qualifiers, gaps and conflicts.

Encoding shared by every builder: filled marks for exact (and approximate) values, hollow for
estimates and lower bounds; the shape follows the qualifier (△ for a lower bound) and its sign
(≥ ≈ ~) is written above the point; a magenta diamond rings a value that sources disagree on;
lines join consecutive years only (`detail` = the view's `segment`, which changes at every gap).
Every title, axis, legend and tooltip title comes from i18n; axis numbers use 万/亿 (萬/億) or
K/M/B through `vega_number_label_expr`.
"""

from gba_dash.charts.hightech.exports import (  # noqa: F401
    cities_chart,
    exports_chart,
)
from gba_dash.charts.hightech.marks import (  # noqa: F401
    CONFLICT_COLOUR,
    HOLLOW,
    PLACE_COLOURS,
    QUALIFIER_SHAPES,
    SERIES_COLOURS,
)
from gba_dash.charts.hightech.measures import (  # noqa: F401
    trend_measure_chart,
)
from gba_dash.charts.hightech.share import (  # noqa: F401
    share_chart,
)
from gba_dash.charts.hightech.trend import (  # noqa: F401
    trend_chart,
)
from gba_dash.charts.theme import GBA_COLOUR, OTHER_COLOUR  # noqa: F401 (the page's colours)
