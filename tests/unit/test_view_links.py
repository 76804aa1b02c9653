"""view_links: a view's link resolved without Streamlit, on the fixture world."""

from __future__ import annotations

from pathlib import Path

import pytest

from gba_dash import db, view_links


@pytest.fixture(scope="module")
def database(world_db: Path) -> db.ReadOnlyDatabase:
    return db.ReadOnlyDatabase(world_db)


def test_a_link_splits_into_its_page_and_keys() -> None:
    assert view_links.split_link("https://x.org/clusters?edition=2025&top=20") == (
        "clusters",
        {"edition": "2025", "top": "20"},
    )
    assert view_links.split_link("/?figures=a,b")[0] == "overview"


def test_a_view_reads_its_keys_as_the_page_does(database) -> None:
    view = view_links.open_view(database, "clusters", {"edition": "2024", "top": "nope"}, "en")
    assert view.state["edition"] == "2024"
    assert view.state["top"] == 20  # a bad value is the default, as on the page
    assert view.release
    assert view.link("https://x.org").startswith("https://x.org/clusters?edition=2024&")
    assert f"release={view.release}" in view.link()


def test_a_presented_view_shows_its_part_only(database) -> None:
    whole = view_links.open_view(database, "pilots", {}, "en")
    part = view_links.open_view(database, "pilots", {"part": "targets"}, "en")
    assert len(part.presented) == 1
    assert part.presented[0].part == "targets"
    assert len(whole.sections) > len(part.presented)


def test_unknown_pages_and_releases_are_refused(database) -> None:
    with pytest.raises(view_links.ViewError, match="no view of 'sources'"):
        view_links.open_view(database, "sources", {}, "en")
    with pytest.raises(view_links.ViewError, match="not held"):
        view_links.open_view(database, "clusters", {"release": "2000-01-01-abcdef"}, "en")
