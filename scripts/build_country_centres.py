#!/usr/bin/env python3
"""Build the countries' area centres shipped in ``src/newsdesk/knowledge/data/country_centres.tsv``.

    make vendor   # once: installs web/node_modules (world-atlas 2.0.2, pinned in web/package-lock.json)
    .venv/bin/python scripts/build_country_centres.py [--atlas PATH] [--out PATH]

Why: the gazetteer's country point is a feature point (countryinfo's, like GeoNames' and the
geoparsing corpora's: Argentina at -34, -64, near Buenos Aires), while an analyst who gives a
country's "centre" (the realnews GUIDE: "decimal degrees of the place (its centre)") means the
middle of its territory (Argentina near -38.4, -63.6). The analysis record states the centre
(docs/GAZETTEER.md, "Country points").

Source (nothing is downloaded): Natural Earth's admin-0 countries at 1:50m, as the world-atlas
npm package ships them in TopoJSON (public domain data; ISC package), the same file the web desk
draws its maps from. A country's centre is the area-weighted centroid of its polygons that lie
within 1,200 km of its largest polygon: mainland and nearby islands (Corsica, Sicily, Tasmania,
Northern Ireland), not overseas territories (French Guiana, Alaska, Hawaii, the Canaries), whose
weight would put a country's centre in the sea between its parts. Each polygon's centroid is
planar in degrees (longitudes unwrapped about its first point, so Russia and Fiji are not split
at the antimeridian); the polygons are combined as area-weighted unit vectors. Deterministic:
the same atlas gives a byte-identical file. Output rows, sorted: ISO 3166-1 alpha-2, lat, lon.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
ATLAS = ROOT / "web" / "node_modules" / "world-atlas" / "countries-50m.json"
OUT = ROOT / "src" / "newsdesk" / "knowledge" / "data" / "country_centres.tsv"
NEAR_KM = 1200  # a part farther than this from the largest part is an overseas territory
# Natural Earth units without an ISO numeric code that belong to an ISO country, or are one
# the gazetteer knows (Kosovo, XK); the rest (Siachen Glacier, Indian Ocean Ter.) are left out.
NO_CODE = {"Somaliland": "SO", "N. Cyprus": "CY", "Kosovo": "XK"}

Point = tuple[float, float]


def decoded_arcs(topology: dict) -> list[list[Point]]:
    """TopoJSON arcs as (lon, lat) lists: quantized, delta-encoded positions undone."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    """One ring from its arc indexes (a negative index ~i is arc i reversed)."""
    out: list[Point] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(points if not out else points[1:])
    return out


def polygons(arcs: list[list[Point]], geometry: dict) -> list[list[list[Point]]]:
    if geometry["type"] == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
    return []


def polygon_part(polygon: list[list[Point]]) -> tuple[float, float, float] | None:
    """(area weight, lat, lon) of one polygon: its planar centroid, holes subtracted (they wind
    the other way), the area weighted by cos(lat) to stand for true area."""
    reference = polygon[0][0][0]
    area = sum_x = sum_y = 0.0
    for points in polygon:
        points = [(x + 360 * round((reference - x) / 360), y) for x, y in points]
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
            cross = x0 * y1 - x1 * y0
            area += cross / 2
            sum_x += (x0 + x1) * cross
            sum_y += (y0 + y1) * cross
    if area == 0:
        return None
    lat, lon = sum_y / (6 * area), sum_x / (6 * area)
    return abs(area) * math.cos(math.radians(lat)), lat, (lon + 180) % 360 - 180


def great_circle_km(a: Point, b: Point) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(math.radians(b[1] - a[1]))
    return 6371.0 * math.acos(max(-1.0, min(1.0, c)))


def centre(parts: list[tuple[float, float, float]]) -> Point:
    """Area-weighted mean, as unit vectors, of the parts near the largest one."""
    largest = max(parts)
    x = y = z = 0.0
    for weight, lat, lon in parts:
        if great_circle_km((lat, lon), (largest[1], largest[2])) > NEAR_KM:
            continue
        la, lo = math.radians(lat), math.radians(lon)
        x += weight * math.cos(la) * math.cos(lo)
        y += weight * math.cos(la) * math.sin(lo)
        z += weight * math.sin(la)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def country_code(geometry: dict) -> str | None:
    if "id" not in geometry:
        return NO_CODE.get(geometry.get("properties", {}).get("name", ""))
    country = pycountry.countries.get(numeric=geometry["id"])
    return country.alpha_2 if country else None


def centres(topology: dict) -> dict[str, Point]:
    arcs = decoded_arcs(topology)
    parts: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = country_code(geometry)
        if code:  # two units may share a code (Australia and Ashmore and Cartier Is.)
            parts[code].extend(p for p in map(polygon_part, polygons(arcs, geometry)) if p)
    return {code: centre(found) for code, found in parts.items() if found}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--atlas", default=str(ATLAS), help="world-atlas countries-50m.json")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    if not Path(args.atlas).is_file():
        print(f"{args.atlas} is not there: run `make vendor` first (or pass --atlas)", file=sys.stderr)
        return 2
    found = centres(json.loads(Path(args.atlas).read_text(encoding="utf-8")))
    rows = [f"{code}\t{lat:.2f}\t{lon:.2f}" for code, (lat, lon) in sorted(found.items())]
    Path(args.out).write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} country centres -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
