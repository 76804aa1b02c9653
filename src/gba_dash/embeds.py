"""Embeds: one chart of a view in another site's page, live or pinned to a data release.

An embedded view is the view's own link with `only=<chart id>` (the chart, its title, key
point, source line and a link back to the full view; no sidebar, menus or Streamlit chrome)
and `embed=true` (Streamlit's own frame mode). Its iframe code sizes the frame to the width of
the host's column. A site may frame the dashboard only where `gba-dash serve --frame-ancestor`
names it (the default, 'self', lets no other site).

Core module: no Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from urllib.parse import urlencode

from gba_dash import view_links

#: A chart id as the page models make them.
_CHART_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
#: The frame's height (px) for a chart of no fixed height, what a chart of a fixed height
#: needs around it (its title, legend and axes, the key point, source line and link back),
#: and the tallest frame offered.
FRAME_HEIGHT, FRAME_AROUND, FRAME_MAX = 720, 460, 1400


def frame_height(spec: dict) -> int:
    """The frame's height for a chart: its own height and what goes around it."""
    height = spec.get("height")
    if isinstance(height, int | float) and not isinstance(height, bool):
        return min(int(height) + FRAME_AROUND, FRAME_MAX)
    return FRAME_HEIGHT


def parse_chart_id(raw: str) -> str | None:
    """`?only=`: a chart id, or None when it cannot be one."""
    value = raw.strip()
    return value if _CHART_ID.match(value) else None


def embed_link(
    base: str, page: str, pairs: Sequence[tuple[str, str]], chart: str, lang: str, release: str
) -> str:
    """The embedded view's address: the view's keys, its language, the chart and, when
    `release`, the release it is pinned to."""
    path = "/" if page == "overview" else f"/{page}"
    kept = [(k, v) for k, v in pairs if k not in (*view_links.SHOWN_KEYS, "release", "only")]
    query = [*kept, ("lang", lang), ("only", chart), ("embed", "true")]
    if release:
        query.append(("release", release))
    return f"{base.rstrip('/')}{path}?{urlencode(query, safe=',.')}"


def iframe_code(src: str, title: str, height: int = FRAME_HEIGHT) -> str:
    """Copy-ready HTML for a host page: the frame at the column's width (every value
    escaped)."""
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" height="{height}" '
        'style="border:0;max-width:100%" loading="lazy" '
        'referrerpolicy="strict-origin-when-cross-origin"></iframe>'
    )
