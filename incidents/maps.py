"""Map data: points, or clusters when more than a few hundred incidents are in view.

The database counts the filtered incidents per place (one GROUP BY, cached under the
data version), so a map that pans or zooms over a million incidents only regroups a
few hundred places: by a grid when zoomed out, by place when zoomed in. No answer is
unbounded: over settings.MAP_MAX_POINTS incidents, a request without a zoom gets the
clusters of the overview map's opening zoom rather than every incident as a point.
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Sum

from .caching import cached
from .models import Claim, IncidentSource, Location

CLUSTER_BELOW_ZOOM = 11  # closer than this, a cluster is one place's incidents
CELLS_PER_TILE = 4  # grid cells per 256-px tile width: ~64-px cells
BBOX_FORMAT = "bbox must be four numbers: minlon,minlat,maxlon,maxlat"
ZOOM_FORMAT = "zoom must be a whole number from 0 to 22"


class BadMapParameter(ValueError):
    """A map parameter that can't be read: which one, and what is wrong with it."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter, self.message = parameter, message


def parse_bbox(text):
    try:
        minlon, minlat, maxlon, maxlat = (float(part) for part in text.split(","))
    except ValueError:
        raise BadMapParameter("bbox", BBOX_FORMAT) from None
    if not all(map(math.isfinite, (minlon, minlat, maxlon, maxlat))):
        raise BadMapParameter("bbox", BBOX_FORMAT)
    if not (-90 <= minlat <= maxlat <= 90):
        raise BadMapParameter("bbox", "bbox latitudes must be within -90..90, the minimum first")
    if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180) or minlon > maxlon:
        raise BadMapParameter("bbox", "bbox longitudes must be within -180..180, the minimum first")
    return minlon, minlat, maxlon, maxlat


def parse_zoom(text):
    try:
        zoom = int(text)
    except ValueError:
        raise BadMapParameter("zoom", ZOOM_FORMAT) from None
    if not 0 <= zoom <= 22:
        raise BadMapParameter("zoom", ZOOM_FORMAT)
    return zoom


@dataclass(frozen=True)
class Place:
    pk: int
    name: str
    lat: float
    lon: float
    approximate: bool
    count: int

    def within(self, bbox):
        minlon, minlat, maxlon, maxlat = bbox
        return minlat <= self.lat <= maxlat and minlon <= self.lon <= maxlon


def places_of(incidents, tallied=None):
    """The places of these incidents, each with its map point and how many incidents it has:
    counted from the PlaceTally rows `tallied` where given (IncidentFilter.places), or the incidents."""
    if tallied is None:
        counts = dict(incidents.order_by().values_list("location").annotate(count=Count("pk")))
    else:
        counts = dict(tallied.order_by().values_list("location").annotate(count=Sum("incidents")))
    points = (
        Location.objects.with_map_point()
        .order_by("pk")
        .values_list("pk", "name", "map_lat", "map_lon", "map_approximate")
    )
    return [
        Place(pk, name, float(lat), float(lon), approximate, counts[pk])
        for pk, name, lat, lon, approximate in points.iterator(chunk_size=2000)
        if pk in counts
    ]


def map_collection(queryset, bbox=None, zoom=None, tallied=None):
    """A FeatureCollection of the incidents (or clusters of them) in view.

    Over settings.MAP_MAX_POINTS incidents the features are clusters at `zoom`, or without
    one at the zoom the overview map opens at. Foreign members say how many incidents are in view and how many are drawn
    approximately (places without exact coordinates).
    """
    counted = queryset if tallied is None else tallied
    places = cached("map-places", counted, lambda: places_of(queryset, tallied), public=True)
    if bbox:
        places = [place for place in places if place.within(bbox)]
    total = sum(place.count for place in places)
    approximate = sum(place.count for place in places if place.approximate)
    clustered = total > settings.MAP_MAX_POINTS
    if clustered:
        zoom = settings.LEAFLET_CONFIG["DEFAULT_ZOOM"] if zoom is None else zoom
        features = [cluster_feature(cluster) for cluster in clusters(places, zoom)]
    else:
        incidents = queryset.with_map_point()
        if bbox:
            incidents = incidents.filter(location__in=[place.pk for place in places])
        features = [geojson_feature(i) for i in with_map_relations(incidents).iterator(chunk_size=2000)]
    return {
        "type": "FeatureCollection",
        "features": features,
        "count": total,
        "approximate": approximate,
        "clustered": clustered,
    }


def clusters(places, zoom):
    """Places grouped by grid cell (zoomed out) or one cluster per place (zoomed in),
    drawn at their incidents' mean position."""
    size = 360.0 / (2**zoom) / CELLS_PER_TILE
    cells = {}
    for place in places:
        key = (math.floor(place.lon / size), math.floor(place.lat / size)) if zoom < CLUSTER_BELOW_ZOOM else place.pk
        cells.setdefault(key, []).append(place)
    for members in cells.values():
        count = sum(place.count for place in members)
        yield {
            "count": count,
            "lat": sum(place.lat * place.count for place in members) / count,
            "lon": sum(place.lon * place.count for place in members) / count,
            "approximate": sum(place.count for place in members if place.approximate),
            "place": members[0].name if len(members) == 1 else None,
        }


def with_map_relations(queryset):
    """Everything a map feature needs, in a constant number of queries."""
    return queryset.select_related("location__governorate").prefetch_related(
        Prefetch("claims", queryset=Claim.objects.select_related("group").order_by("pk")),
        Prefetch("source_links", queryset=IncidentSource.objects.select_related("source").order_by("pk")),
    )


def who(claims, kind):
    return list(dict.fromkeys(c.who for c in claims if c.kind == kind))


def geojson_feature(incident):
    claims = list(incident.claims.all())
    return {
        "type": "Feature",
        "id": incident.pk,
        "geometry": {"type": "Point", "coordinates": [float(incident.map_lon), float(incident.map_lat)]},
        "properties": {
            "id": incident.pk,
            "title": incident.title,
            "date": incident.date.isoformat(),
            "date_end": incident.date_end.isoformat(),
            "date_precision": incident.date_precision,
            "date_display": incident.date_display(),
            "type": incident.type,
            "type_label": incident.get_type_display(),
            "target": incident.target,
            "place": str(incident.location),
            "geo_precision": incident.location.geo_precision,
            "approximate": incident.map_approximate,
            "killed": incident.killed,
            "wounded": incident.wounded,
            "claimed_by": who(claims, Claim.Kind.CLAIMED),
            "attributed_to": who(claims, Claim.Kind.ATTRIBUTED),
            "url": incident.get_absolute_url(),
        },
    }


def cluster_feature(cell):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(float(cell["lon"]), 5), round(float(cell["lat"]), 5)]},
        "properties": {
            "cluster": True,
            "count": cell["count"],
            "approximate": cell["approximate"],
            "place": cell["place"],
        },
    }
