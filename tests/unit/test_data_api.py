"""The data API's answers on the fixture world, without a server: every route's rows equal the
database's, a pinned release answers that release's rows, bad keys and values are 400s that
name the key without echoing it raw, unknown tables and pages 404s, and entity tags follow the
data and the request."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from gba_dash import data_api, db, queries, schema, view_links
from gba_dash.i18n import t


@pytest.fixture
def database(world_db: Path) -> db.ReadOnlyDatabase:
    return db.ReadOnlyDatabase(world_db)


def _body(answer: data_api.Answer) -> dict:
    return json.loads(answer.body)


def test_the_tables_index_names_every_public_table(database) -> None:
    body = _body(data_api.tables(database, {}, "https://gba.example"))
    assert [t_["name"] for t_ in body["tables"]] == [t_.name for t_ in schema.TABLES]
    observations = next(t_ for t_ in body["tables"] if t_["name"] == "observations")
    cur = database.cursor()
    try:
        held = len(queries.get_table(cur, "observations"))
    finally:
        cur.close()
    assert observations["rows"] == held
    assert observations["csv"] == "https://gba.example/api/v1/tables/observations.csv"
    assert {c["name"] for c in observations["columns"]} >= {"value", "qualifier", "source_id"}
    assert body["release"] == view_links.open_view(database, "clusters", {}).release


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_table_is_the_databases_rows(database, fmt: str) -> None:
    answer = data_api.table(database, "cluster_ranks", fmt, {})
    cur = database.cursor()
    try:
        stored = pd.concat(list(queries.table_batches(cur, "cluster_ranks")), ignore_index=True)
    finally:
        cur.close()
    if fmt == "csv":
        assert answer.media_type.startswith("text/csv")
        read = pd.read_csv(io.BytesIO(answer.body), encoding="utf-8-sig")
        assert list(read.columns) == list(stored.columns)
        assert read["rank"].tolist() == stored["rank"].tolist()
        lists = read["source_ids"].tolist()
        assert lists == [schema.LIST_SEP.join(v) for v in stored["source_ids"]]
    else:
        rows = _body(answer)["rows"]
        assert len(rows) == len(stored)
        assert rows[0]["source_ids"] == list(stored["source_ids"].iloc[0])  # a list stays one


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_a_view_is_its_rows_as_shown_with_their_metadata(database, lang: str) -> None:
    query = {"top": "20", "lang": lang}
    body = _body(data_api.view(database, "clusters", "json", query, "https://gba.example"))
    opened = view_links.open_view(database, "clusters", query)
    (block,) = opened.blocks()
    (chart,) = body["charts"]
    assert chart["id"] == block.id
    assert chart["key_point"] == block.key_point
    assert chart["title"]  # the chart's own title when its block has none
    assert len(chart["rows"]) == len(block.table)
    assert chart["columns"] == [str(c) for c in block.table.columns]
    assert chart["citation"].startswith(t("app.title", lang))
    assert "[EB/OL]" in chart["citation"]
    assert body["link"] == opened.link("https://gba.example")
    assert f"release={opened.release}" in body["link"]
    assert chart["sources"]
    csv = data_api.view(database, "clusters", "csv", query)
    assert len(pd.read_csv(io.BytesIO(csv.body), encoding="utf-8-sig", header=[0, 1])) == len(
        block.table
    )


def test_a_pinned_release_answers_that_releases_rows(rank_revised) -> None:
    path, first, _latest = rank_revised
    database = db.ReadOnlyDatabase(path)

    def szhkgz_2024(query: dict) -> int:
        rows = _body(data_api.table(database, "cluster_ranks", "json", query))["rows"]
        (rank,) = [r["rank"] for r in rows if (r["edition"], r["cluster_id"]) == (2024, "szhkgz")]
        return rank

    assert szhkgz_2024({"release": first}) == 2
    assert szhkgz_2024({}) == 3
    pinned = data_api.table(database, "cluster_ranks", "json", {"release": first})
    latest = data_api.table(database, "cluster_ranks", "json", {})
    assert pinned.pinned
    assert not latest.pinned
    assert pinned.etag != latest.etag
    listed = _body(data_api.releases(database, {}))
    assert next(r["release_id"] for r in listed["releases"]) == first
    assert listed["latest"] != first


@pytest.mark.parametrize(
    ("route", "query", "status", "key"),
    [
        ("clusters", {"top": "abc"}, 400, "top"),
        ("clusters", {"edition": "1999"}, 400, "edition"),
        ("clusters", {"lang": "fr"}, 400, "lang"),
        ("clusters", {"release": "1999-01-01-000000"}, 400, "release"),
        ("clusters", {"\x1b[31mkey": "1"}, 400, "\\x1b[31mkey"),
        ("hightech", {"edition": "2024"}, 400, "edition"),  # another page's key
        ("pilots", {"status": "nonsense"}, 400, "status"),
        ("nowhere", {}, 404, ""),
    ],
)
def test_bad_input_is_a_json_error_naming_the_key(database, route, query, status, key) -> None:
    with pytest.raises(data_api.ApiError) as caught:
        data_api.view(database, route, "json", query)
    error = json.loads(caught.value.body())["error"]
    assert error["status"] == status
    assert error.get("key", "") == key
    assert "\x1b" not in caught.value.body().decode("utf-8")
    with pytest.raises(data_api.ApiError, match="no such table"):
        data_api.table(database, "secrets", "csv", {})


def test_entity_tags_follow_the_request(database) -> None:
    # known before the answer is made: a conditional request costs no rows
    known = data_api.etag_of(database, "/api/v1/views/clusters.json", {"top": "20"})
    assert data_api.view(database, "clusters", "json", {"top": "20"}).etag == known
    assert data_api.etag_of(database, "/api/v1/tables", {"release": "1999-01-01-x"}) is None
    one = data_api.view(database, "clusters", "json", {"top": "20"})
    same = data_api.view(database, "clusters", "json", {"top": "20"})
    other = data_api.view(database, "clusters", "json", {"top": "30"})
    assert one.etag == same.etag != other.etag
    assert one.etag.startswith('"')


def test_a_profile_view_answers_the_part_it_names_with_its_sources(database) -> None:
    query = {"chart": "profile", "cluster": "szhkgz", "edition": "2025", "lang": "zh-Hant"}
    body = _body(data_api.view(database, "clusters", "json", query, "https://gba.example"))
    (shares,) = body["charts"]
    assert shares["id"] == "cluster-profile"
    assert shares["key_point"].startswith("2025年深圳-香港-廣州按規模位列第1位")
    assert len(shares["sources"]) == 2  # WIPO, and the blog whose other value is named
    query["part"] = "intensity"
    body = _body(data_api.view(database, "clusters", "json", query, "https://gba.example"))
    assert [c["id"] for c in body["charts"]] == ["cluster-profile-intensity"]
    with pytest.raises(data_api.ApiError) as caught:  # a made-up cluster names the key
        data_api.view(database, "clusters", "json", {"cluster": "nowhere"}, "https://x")
    assert (caught.value.status, caught.value.key) == (400, "cluster")
