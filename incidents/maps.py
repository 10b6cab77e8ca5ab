"""Map data: points, or clusters when more than a few hundred incidents are in view.

The database counts the filtered incidents per place (one GROUP BY, cached under the
data version), so a map that pans or zooms over a million incidents only regroups a
few hundred places: by a grid when zoomed out, by place when zoomed in. No answer is
unbounded: over settings.MAP_MAX_POINTS incidents, a request without a zoom gets the
clusters of the overview map's opening zoom rather than every incident as a point.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils.translation import gettext, gettext_noop

from .caching import cached
from .localise import has_arabic_letters, in_arabic, in_page_language, numerals, place_parts
from .models import Claim, Governorate, IncidentSource, Location

CLUSTER_BELOW_ZOOM = 11  # closer than this, a cluster is one place's incidents
CELLS_PER_TILE = 4  # grid cells per 256-px tile width: ~64-px cells
BBOX_FORMAT = gettext_noop("bbox must be four numbers: minlon,minlat,maxlon,maxlat")
BBOX_LATITUDES = gettext_noop("bbox latitudes must be within -90..90, the minimum first")
BBOX_LONGITUDES = gettext_noop("bbox longitudes must be within -180..180, the minimum first")
ZOOM_FORMAT = gettext_noop("zoom must be a whole number from 0 to 22")


class BadMapParameter(ValueError):
    """A map parameter that can't be read: which one, and what is wrong with it (`message`, said
    in the request's language and digits)."""

    def __init__(self, parameter, message):
        message = numerals(gettext(message))
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
        raise BadMapParameter("bbox", BBOX_LATITUDES)
    if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180) or minlon > maxlon:
        raise BadMapParameter("bbox", BBOX_LONGITUDES)
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
    arabic_name: str
    lat: float
    lon: float
    approximate: bool
    count: int
    governorate_id: int | None = None
    governorate: str | None = None
    only_governorate: bool = False  # known no better than its governorate (or without coordinates)

    def within(self, bbox):
        minlon, minlat, maxlon, maxlat = bbox
        return minlat <= self.lat <= maxlat and minlon <= self.lon <= maxlon


def places_of(counted):
    """The places of the incidents `counted` counts (IncidentFilter.counted(per_place=True): their
    PlaceTally rows or the incidents themselves), each with its map point, its governorate and
    how many incidents it has."""
    counts = counted.counts_by_place()
    points = (
        Location.objects.with_map_point()
        .annotate(only_governorate=Q(geo_precision=Location.Precision.GOVERNORATE) | Q(latitude__isnull=True))
        .order_by("pk")
        .values_list(
            "pk",
            "name",
            "arabic_name",
            "map_lat",
            "map_lon",
            "map_approximate",
            "governorate",
            "governorate__name",
            "only_governorate",
        )
    )
    return [
        Place(pk, name, arabic_name, float(lat), float(lon), approximate, counts[pk], governorate_id, governorate, only)
        for pk, name, arabic_name, lat, lon, approximate, governorate_id, governorate, only in points.iterator(
            chunk_size=2000
        )
        if pk in counts
    ]


def map_places(counted):
    """places_of(counted), cached: the map and the choropleth share one count per place."""
    return cached("map-places", counted, partial(places_of, counted), public=True)


def extent(places):
    """[minlon, minlat, maxlon, maxlat] of the places, or None: where the map fits the filter."""
    if not places:
        return None
    lons, lats = [place.lon for place in places], [place.lat for place in places]
    return [min(lons), min(lats), max(lons), max(lats)]


def map_collection(queryset, counted, bbox=None, zoom=None):
    """A FeatureCollection of the incidents `queryset` (or clusters of them) in view, counted per
    place by `counted` (IncidentFilter.counted(per_place=True)).

    Over settings.MAP_MAX_POINTS incidents the features are clusters at `zoom`, or without
    one at the zoom the overview map opens at. Foreign members say how many incidents are in view and how many are drawn
    approximately (places without exact coordinates).
    """
    places = map_places(counted)
    everywhere = extent(places)
    if bbox:
        places = [place for place in places if place.within(bbox)]
    total = sum(place.count for place in places)
    approximate = sum(place.count for place in places if place.approximate)
    clustered = total > settings.MAP_MAX_POINTS
    if clustered:
        zoom = settings.LEAFLET_CONFIG["DEFAULT_ZOOM"] if zoom is None else zoom
        features = [cluster_feature(cluster) for cluster in clusters(places, zoom, governorate_names())]
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
        "extent": everywhere,
    }


def governorate_names():
    """{governorate id: its name in the page's language}: what a cluster is near, as the page says it."""
    return {governorate.pk: in_page_language(governorate)[0] for governorate in Governorate.objects.all()}


def clusters(places, zoom, governorates):
    """Places grouped by grid cell (zoomed out) or one cluster per place (zoomed in),
    drawn at their incidents' mean position; `governorates` names what each is near."""
    size = 360.0 / (2**zoom) / CELLS_PER_TILE
    cells = {}
    for place in places:
        key = (math.floor(place.lon / size), math.floor(place.lat / size)) if zoom < CLUSTER_BELOW_ZOOM else place.pk
        cells.setdefault(key, []).append(place)
    for members in cells.values():
        count = sum(place.count for place in members)
        only = members[0] if len(members) == 1 else None
        place_display, place_lang = in_page_language(only) if only else (None, None)
        yield {
            "count": count,
            "lat": sum(place.lat * place.count for place in members) / count,
            "lon": sum(place.lon * place.count for place in members) / count,
            "approximate": sum(place.count for place in members if place.approximate),
            "place": only.name if only else None,
            "place_display": place_display,
            "place_lang": place_lang,
            "near": nearest_name(members, governorates),
        }


def nearest_name(members, governorates):
    """What a cluster is near, for its accessible name ("5 incidents near Baghdad", "٥ حوادث قرب
    بغداد"), in the page's language: the governorate most of its incidents are in (`governorates`
    names it), else the place with the most incidents."""
    by_governorate = {}
    for place in members:
        if place.governorate_id:
            name = governorates[place.governorate_id]
            by_governorate[name] = by_governorate.get(name, 0) + place.count
    if by_governorate:
        return max(sorted(by_governorate), key=by_governorate.get)
    return in_page_language(max(members, key=lambda place: (place.count, -place.pk)))[0]


def with_map_relations(queryset):
    """Everything a map feature needs, in a constant number of queries."""
    return queryset.select_related("location__governorate").prefetch_related(
        Prefetch("claims", queryset=Claim.objects.select_related("group").order_by("pk")),
        Prefetch("source_links", queryset=IncidentSource.objects.select_related("source").order_by("pk")),
    )


def who(claims, kind, named=lambda claim: claim.who):
    return list(dict.fromkeys(named(c) for c in claims if c.kind == kind))


def in_page_language_who(claim):
    """(text, lang) of a claim's group by its name in the page's language; an actor described
    stays as written, lang "en" where an Arabic page shows it in Latin letters."""
    if claim.group_id:
        return in_page_language(claim.group)
    return claim.actor, "en" if in_arabic() and not has_arabic_letters(claim.actor) else None


def display(parts):
    """[(text, lang)] → (the text, "en" where any of it is English on an Arabic page, else None)."""
    name, *where = [text for text, _ in parts]
    return (f"{name} ({where[0]})" if where else name), ("en" if any(lang for _, lang in parts) else None)


def geojson_feature(incident):
    claims = list(incident.claims.all())
    title, title_lang = in_page_language(incident, "title")
    place, place_lang = display(place_parts(incident.location))
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
            "governorate": incident.location.governorate.name if incident.location.governorate_id else None,
            "governorate_display": (
                in_page_language(incident.location.governorate)[0] if incident.location.governorate_id else None
            ),
            "geo_precision": incident.location.geo_precision,
            # For the popup, in the page's language: lang "en" where an Arabic page shows English.
            "title_display": title,
            "title_lang": title_lang,
            "place_display": place,
            "place_lang": place_lang,
            "geo_precision_label": str(incident.location.get_geo_precision_display()),
            "claimed_by_display": who(claims, Claim.Kind.CLAIMED, in_page_language_who),
            "known_to": str(incident.location.known_to),
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
            "place_display": cell["place_display"],
            "place_lang": cell["place_lang"],
            "near": cell["near"],
        },
    }


def governorate_counts(counted):
    """Every governorate (zeros included) with the incidents `counted` counts in it, for the
    choropleth and its table, rolled up from the map's counts per place (map_places). An
    incident counts in its place's governorate however precisely the place is known: a place
    known only to the governorate is known to be in it, and `known_only_to_governorate` says
    how many are such. Incidents whose place has no governorate (known only to the country,
    or abroad) are counted apart, never spread."""
    counts = defaultdict(lambda: [0, 0])
    for place in map_places(counted):
        counts[place.governorate_id][0] += place.count
        counts[place.governorate_id][1] += place.count if place.only_governorate else 0
    governorates = [
        {
            "iso_code": iso_code,
            "slug": slug,
            "name": name,
            "arabic_name": arabic_name,
            "count": counts[pk][0] if pk in counts else 0,
            "known_only_to_governorate": counts[pk][1] if pk in counts else 0,
        }
        for pk, iso_code, slug, name, arabic_name in Governorate.objects.order_by("name").values_list(
            "pk", "iso_code", "slug", "name", "arabic_name"
        )
    ]
    return {
        "governorates": governorates,
        "without_governorate": counts[None][0] if None in counts else 0,
        "total": sum(count for count, _ in counts.values()),
    }
