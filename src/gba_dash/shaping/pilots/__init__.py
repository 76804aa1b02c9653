"""Views for the pilots page: filters, the status board, milestones, targets, pilots per city.

Inputs are the frames of `queries.get_pilots` (v_pilots), `get_pilot_events` (v_pilot_events),
`get_terms`, `get_geo` and `get_sources`. Codes (status, domain, geo_id) stay codes; every
display column is in the reader's language. No Streamlit, no SQL, no file I/O.
"""

from gba_dash.shaping.pilots.basics import (  # noqa: F401
    GENERIC_UNITS,
    cities_from_selection,
    city_names,
    date_key,
    date_text,
    domain_order,
    filter_pilots,
    gba_cities,
    status_order,
    term_names,
)
from gba_dash.shaping.pilots.board import (  # noqa: F401
    BOARD_COLUMNS,
    board_table,
    city_counts,
    city_table,
    dated_events,
    domain_counts,
    latest_milestones,
    pilot_board,
    publishers,
    source_links,
    status_counts,
)
from gba_dash.shaping.pilots.targets import (  # noqa: F401
    n_sources,
    pilot_names,
    targets,
    targets_table,
    undated_count,
    unquantified_targets,
)
from gba_dash.shaping.pilots.texts import (  # noqa: F401
    map_summary,
    targets_summary,
    timeline_summary,
)
from gba_dash.shaping.pilots.timeline import (  # noqa: F401
    lane_order,
    timeline,
    timeline_table,
)
