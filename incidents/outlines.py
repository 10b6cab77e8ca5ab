"""Which bundled governorate outline a point lies in: pure Python, no GDAL.

The outlines are static/geo/iraq-governorates.geojson (geoBoundaries ADM1, simplified), each
feature keyed by its ISO 3166-2 code (`shapeISO`), which `Governorate.iso_code` joins. A point
inside an outline (ray casting) is in that governorate. The outlines are simplified, so a
place just across a border or on the coast can fall outside all of them: then the nearest
outline counts if it is within NEAR_KM, and beyond that the point is in none — the analyst
chooses. Distances are on a local flat projection (kilometres per degree at the point's
latitude), good to well under a kilometre over such short ranges.
"""

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

OUTLINES_FILE = Path(__file__).resolve().parent.parent / "static" / "geo" / "iraq-governorates.geojson"
NEAR_KM = 10
KM_PER_DEGREE_LATITUDE = 110.57
KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111.32


@dataclass(frozen=True)
class Placement:
    """The outline a point was placed in: `distance_km` is 0 inside it, else how far outside."""

    iso_code: str
    distance_km: float

    @property
    def inside(self):
        return self.distance_km == 0


@functools.cache
def outlines():
    """[(iso_code, [ring, …])] with each ring a list of (longitude, latitude) pairs."""
    features = json.loads(OUTLINES_FILE.read_text(encoding="utf-8"))["features"]
    result = []
    for feature in features:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings = [[(float(x), float(y)) for x, y, *_ in ring] for polygon in polygons for ring in polygon]
        result.append((feature["properties"]["shapeISO"], rings))
    return result


def edges(ring):
    """The ring's edges as ((x1, y1), (x2, y2)), closing it whether or not it repeats its first point."""
    return zip(ring, ring[1:] + ring[:1], strict=True)


def crossings(rings, x, y):
    """How many edges of `rings` a ray from (x, y) towards +x crosses (odd = inside; holes count too)."""
    count = 0
    for ring in rings:
        for (x1, y1), (x2, y2) in edges(ring):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                count += 1
    return count


def distance_km(rings, x, y):
    """The shortest distance from (x, y) to the edges of `rings`, in kilometres."""
    kx = KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(y))
    ky = KM_PER_DEGREE_LATITUDE
    best = math.inf
    for ring in rings:
        for (x1, y1), (x2, y2) in edges(ring):
            ax, ay, bx, by = (x1 - x) * kx, (y1 - y) * ky, (x2 - x) * kx, (y2 - y) * ky
            dx, dy = bx - ax, by - ay
            length = dx * dx + dy * dy
            t = 0 if length == 0 else max(0, min(1, -(ax * dx + ay * dy) / length))
            best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def place(latitude, longitude, near_km=NEAR_KM):
    """The outline (latitude, longitude) lies in, else the nearest within `near_km`, else None."""
    x, y = float(longitude), float(latitude)
    for code, rings in outlines():
        if crossings(rings, x, y) % 2:
            return Placement(code, 0)
    nearest = min(((distance_km(rings, x, y), code) for code, rings in outlines()), default=None)
    if nearest is None or nearest[0] > near_km:
        return None
    return Placement(nearest[1], round(nearest[0], 1))
