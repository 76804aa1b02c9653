"""Chart builders for the cluster rankings page (WIPO GII ranks, as first published).

Each builder takes a frame from `views.clusters` and returns a finished Altair chart with every
title, axis, legend and tooltip in the reader's language. Ranks read top-down (1 at the top);
lines are drawn per `segment`, so a missing edition is a gap, never bridged.

Layers that draw one table get it once, from `alt.layer(..., data=)`: given to each layer,
Altair prints the table (`str(DataFrame)`, about a millisecond) to name each layer it lifts it
from, on every build.
"""

from gba_dash.charts.clusters.centres import centres_chart  # noqa: F401
from gba_dash.charts.clusters.counts import economy_counts_chart  # noqa: F401
from gba_dash.charts.clusters.history import rank_history_chart  # noqa: F401
from gba_dash.charts.clusters.marks import HOLLOW  # noqa: F401
from gba_dash.charts.clusters.profile import (  # noqa: F401
    intensity_chart,
    leaders_chart,
    shares_chart,
)
from gba_dash.charts.clusters.ranking import (  # noqa: F401
    LABEL_LIMIT,
    PHONE_ROWS,
    PHONE_WIDTH,
    PICK,
    SHOW_ALL,
    ranking_chart,
)
