"""Placeholder until the pilots page lands."""

from gba_dash.ui import components
from gba_dash.ui.frame import current

frame = current()
components.page_title(frame, "pilots")
