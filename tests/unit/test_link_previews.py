"""Link previews on the fixture world: a view's title, key point and picture in the link's
language, pinned to its release; every value escaped in the tags; a page without a chart gets
a card; only a page's own paths get a preview."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from gba_dash import db, link_previews, view_links
from gba_dash.i18n import t

BASE = "https://gba.example"


@pytest.fixture
def database(world_db: Path) -> db.ReadOnlyDatabase:
    return db.ReadOnlyDatabase(world_db)


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_a_views_preview_says_its_key_point_in_the_links_language(database, lang) -> None:
    found = link_previews.preview(database, "hightech", {"lang": lang, "part": "share"}, BASE)
    opened = view_links.open_view(database, "hightech", {"part": "share"}, lang)
    (block,) = opened.blocks()
    assert found.description == block.key_point
    assert found.title == f"{t('page.hightech', lang)} · {t('app.title', lang)}"
    assert found.url == opened.link(BASE)
    assert found.image.startswith(f"{BASE}/api/v1/previews/hightech.png?part=share&lang={lang}")
    png = link_previews.picture(database, "hightech", {"lang": lang, "part": "share"})
    image = Image.open(io.BytesIO(png))
    assert image.size == (link_previews.IMAGE_WIDTH, link_previews.IMAGE_HEIGHT)


def test_pages_without_a_chart_get_their_lead_and_a_card(database) -> None:
    for page in ("overview", "sources"):
        found = link_previews.preview(database, page, {"lang": "zh-Hant"}, BASE)
        assert found.description == t(f"{page}.lead", "zh-Hant")
        png = link_previews.picture(database, page, {"lang": "zh-Hant"})
        assert Image.open(io.BytesIO(png)).size == (1280, 720)


def test_every_value_in_the_tags_is_escaped(database) -> None:
    found = link_previews.preview(database, "clusters", {"top": '"><script>x</script>'}, BASE)
    html = link_previews.tags(found)
    assert "<script>" not in html
    assert html.startswith("<title>")
    assert html.count("<meta ") == 15
    # an unknown release is the latest, as the page shows it
    odd = link_previews.preview(database, "clusters", {"release": "1999-01-01-000000"}, BASE)
    assert view_links.open_view(database, "clusters", {}).release in odd.url


def test_only_a_pages_paths_get_a_preview() -> None:
    assert link_previews.page_of("/") == "overview"
    assert link_previews.page_of("/clusters") == "clusters"
    assert link_previews.page_of("/clusters/") == "clusters"
    assert link_previews.page_of("/static/js/main.js") is None
    assert link_previews.page_of("/api/v1/tables") is None
