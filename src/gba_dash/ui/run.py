"""What every page needs to know about the script run in progress: the reader's language, the
presentation mode, the database's state. The shell makes it; pages, the deck and components read
it (this module imports nothing of ui/, so none of them imports another to get it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """What every page needs to know about this run."""

    lang: str
    present: bool
    db_state: str
    #: The data release shown ("" when none is recorded) and whether it is pinned (not the
    #: latest): see `ui.release`.
    release: str = ""
    pinned: bool = False
    #: Changes the data shown hold beyond `release` (tables ahead of the release log: see
    #: `db_build`); such a view cannot be pinned by a link.
    unreleased: int = 0
    #: The page running (its URL path, "overview" for the home page); "" before it is chosen.
    page: str = ""
    #: The one chart an embedded view shows (`?only=<chart id>`), "" for the whole page.
    only: str = ""
