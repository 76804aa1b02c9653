"""The data API over HTTP from a running `gba-dash serve`: every route answers the database's
rows, a pinned release that release's, bad input a JSON 400 or 404, an unchanged answer a 304;
pandas reads a view's CSV straight from its URL; CORS lets another origin read it."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from email.message import Message
from html.parser import HTMLParser
from urllib.parse import quote

import pandas as pd
import pytest

from gba_dash import db, release_log, releases, schema, view_links
from tests.serve.conftest import Served, http_get, start_serve

API = "/api/v1"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    server = start_serve(tmp_path_factory.mktemp("api"))
    try:
        yield server
    finally:
        server.stop()


def _json(served: Served, path: str) -> tuple[int, Message, dict]:
    status, headers, body = http_get(f"{served.base}{API}{path}")
    return status, headers, json.loads(body)


def test_every_route_answers_the_databases_rows(served: Served) -> None:
    database = db.ReadOnlyDatabase(served.db)
    status, headers, listed = _json(served, "/tables")
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert [t_["name"] for t_ in listed["tables"]] == [t_.name for t_ in schema.TABLES]
    for entry in listed["tables"]:
        status, _, table = _json(served, f"/tables/{entry['name']}.json")
        assert status == 200
        assert len(table["rows"]) == entry["rows"], entry["name"]
    status, _, view = _json(served, "/views/clusters.json?edition=2024&top=50&lang=zh-Hans")
    assert status == 200
    opened = view_links.open_view(database, "clusters", {"edition": "2024", "top": "50"}, "zh-Hans")
    (block,) = opened.blocks()
    assert len(view["charts"][0]["rows"]) == len(block.table)
    assert view["charts"][0]["key_point"] == block.key_point
    status, _, history = _json(served, "/releases")
    assert status == 200
    log = release_log.read_log(served.data / releases.LOG_FILE)
    assert [r["release_id"] for r in history["releases"]] == [r.release_id for r in log.releases]


def test_pandas_reads_a_views_csv_from_its_url(served: Served) -> None:
    url = f"{served.base}{API}/views/hightech.csv?part=share&lang=en"
    frame = pd.read_csv(url, encoding="utf-8-sig", header=[0, 1])
    assert len(frame) > 0
    assert ("Year", "year") in frame.columns


def test_a_pinned_release_answers_that_release(served: Served) -> None:
    log = release_log.read_log(served.data / releases.LOG_FILE)
    first = log.releases[0].release_id
    status, headers, pinned = _json(served, f"/tables/observations.json?release={first}")
    assert status == 200
    assert pinned["release"] == first
    assert "immutable" in headers["Cache-Control"]
    _, latest_headers, latest = _json(served, "/tables/observations.json")
    assert latest["release"] == log.releases[-1].release_id
    assert "immutable" not in latest_headers["Cache-Control"]


@pytest.mark.parametrize(
    ("path", "status", "key"),
    [
        ("/views/clusters.json?top=abc", 400, "top"),
        ("/views/clusters.json?" + quote("\x1b[31m") + "=1", 400, "\\x1b[31m"),
        ("/views/clusters.json?release=1999-01-01-000000", 400, "release"),
        ("/views/nowhere.json", 404, None),
        ("/tables/secrets.csv", 404, None),
        ("/no/such/route", 404, None),
    ],
)
def test_bad_input_answers_json_naming_the_key(served: Served, path, status, key) -> None:
    got, headers, body = http_get(f"{served.base}{API}{path}")
    assert got == status
    assert headers["Content-Type"].startswith("application/json")
    error = json.loads(body)["error"]
    assert error.get("key") == key
    assert b"\x1b" not in body


def test_an_unchanged_answer_is_a_304(served: Served) -> None:
    url = f"{served.base}{API}/views/clusters.json?top=20"
    status, headers, _ = http_get(url)
    assert status == 200
    tag = headers["ETag"]
    again, again_headers, body = http_get(url, {"If-None-Match": tag})
    assert again == 304
    assert body == b""
    assert again_headers["ETag"] == tag
    other, _, _ = http_get(f"{served.base}{API}/views/clusters.json?top=30", {"If-None-Match": tag})
    assert other == 200
    status, headers, _ = http_get(url, method="OPTIONS")
    assert status == 204
    assert "GET" in headers["Access-Control-Allow-Methods"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs) -> None:
        found = dict(attrs)
        if tag == "meta" and (found.get("property") or found.get("name")):
            self.meta[found.get("property") or found["name"]] = found.get("content", "")
        self._in_title = tag == "title"

    def handle_data(self, data) -> None:
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag) -> None:
        self._in_title = False


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("page", ["clusters", "hightech", "pilots"])
def test_a_pages_html_carries_its_views_link_preview(served: Served, page: str, lang: str) -> None:
    from PIL import Image

    from gba_dash.i18n import t

    status, headers, body = http_get(
        f"{served.base}/{page}?lang={lang}", {"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert int(headers["Content-Length"]) == len(body)
    tags = _Tags()
    tags.feed(body.decode("utf-8"))
    assert tags.title == tags.meta["og:title"]
    assert tags.meta["og:title"].startswith(t(f"page.{page}", lang))
    opened = view_links.open_view(db.ReadOnlyDatabase(served.db), page, {}, lang)
    drawn = [b.key_point for b in opened.blocks(presented=False) if not b.table.empty]
    assert tags.meta["og:description"] == drawn[0]
    assert tags.meta["og:url"].startswith(f"{served.base}/{page}?")
    assert f"lang={lang}" in tags.meta["og:url"]
    assert tags.meta["twitter:card"] == "summary_large_image"
    status, headers, png = http_get(tags.meta["og:image"])
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (1280, 720)


def test_a_preview_escapes_what_the_link_carries(served: Served) -> None:
    hostile = quote('"><script>alert(1)</script>')
    status, _, body = http_get(f"{served.base}/clusters?lang=en&top={hostile}")
    assert status == 200
    assert b"<script>alert(1)" not in body
