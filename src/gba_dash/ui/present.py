"""What one presented view shows: a single part of a page, or a few headline figures.

A projected slide cannot scroll, and a page of five charts or 22 cards does not fit one screen.
In presentation mode (`?present=1`) a page shows one part of itself, named by `?part=` (the
high-tech and pilots pages), and the overview shows the headline figures named by `?figures=`
(a handful: a room reads six cards, not 22). A deck view chooses them in its query; outside
presentation the keys are ignored and every part is drawn, so "Exit presentation" opens the
whole page. A bad value warns and falls back to the default, as every URL key does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gba_dash.params import Param
from gba_dash.ui import urlstate

if TYPE_CHECKING:
    from gba_dash.ui.run import Run


def part(run: Run, param: Param) -> str | None:
    """The part a presented view shows (the page model's `PART`: `?part=`, default its first);
    None outside presentation, where the page draws every part."""
    if not run.present:
        return None
    return urlstate.read(param, run.lang)


def figures(run: Run, param: Param) -> tuple[str, ...] | None:
    """The headline figures (ids, in the link's order) a presented overview shows (the page
    model's `figures_param`); None outside presentation (all are shown)."""
    if not run.present:
        return None
    return urlstate.read(param, run.lang)
