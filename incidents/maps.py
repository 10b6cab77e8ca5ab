"""Map data: points, or grid clusters computed in the database when zoomed out over many."""

from django.db.models import Avg, Case, Count, F, FloatField, IntegerField, Sum, When
from django.db.models.functions import Cast, Floor

from .exports import cluster_feature, geojson_feature, with_map_relations

CLUSTER_BELOW_ZOOM = 11  # at zoom 11 and closer, always points
MAX_POINTS = 500  # more than this in view (zoomed out) → clusters
CELLS_PER_TILE = 4  # grid cells per 256-px tile width: ~64-px cells


class BadMapParameter(ValueError):
    pass


def parse_bbox(text):
    try:
        minlon, minlat, maxlon, maxlat = (float(part) for part in text.split(","))
    except ValueError:
        raise BadMapParameter("bbox must be four numbers: minlon,minlat,maxlon,maxlat")
    if not (-90 <= minlat <= maxlat <= 90):
        raise BadMapParameter("bbox latitudes must be within -90..90, the minimum first")
    if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180) or minlon > maxlon:
        raise BadMapParameter("bbox longitudes must be within -180..180, the minimum first")
    return minlon, minlat, maxlon, maxlat


def parse_zoom(text):
    try:
        zoom = int(text)
    except ValueError:
        raise BadMapParameter("zoom must be a whole number from 0 to 22")
    if not 0 <= zoom <= 22:
        raise BadMapParameter("zoom must be a whole number from 0 to 22")
    return zoom


def map_collection(queryset, bbox=None, zoom=None):
    """A FeatureCollection of the incidents (or clusters of them) in view.

    Foreign members say how many incidents are in view and how many are drawn
    approximately (places without exact coordinates).
    """
    incidents = queryset.with_map_point()
    if bbox:
        minlon, minlat, maxlon, maxlat = bbox
        incidents = incidents.filter(map_lat__range=(minlat, maxlat), map_lon__range=(minlon, maxlon))
    summary = incidents.order_by().aggregate(
        total=Count("pk"),
        approximate=Sum(Case(When(map_approximate=True, then=1), default=0, output_field=IntegerField())),
    )
    total, approximate = summary["total"], summary["approximate"] or 0
    if zoom is not None and zoom < CLUSTER_BELOW_ZOOM and total > MAX_POINTS:
        features = [cluster_feature(cell) for cell in grid_cells(incidents, zoom)]
        clustered = True
    else:
        features = [geojson_feature(i) for i in with_map_relations(incidents).iterator(chunk_size=2000)]
        clustered = False
    return {
        "type": "FeatureCollection",
        "features": features,
        "count": total,
        "approximate": approximate,
        "clustered": clustered,
    }


def grid_cells(incidents, zoom):
    size = 360.0 / (2**zoom) / CELLS_PER_TILE
    return (
        incidents.order_by()
        .annotate(
            cell_x=Floor(Cast(F("map_lon"), FloatField()) / size),
            cell_y=Floor(Cast(F("map_lat"), FloatField()) / size),
        )
        .values("cell_x", "cell_y")
        .annotate(
            count=Count("pk"),
            lat=Avg("map_lat"),
            lon=Avg("map_lon"),
            approximate=Sum(Case(When(map_approximate=True, then=1), default=0, output_field=IntegerField())),
        )
        .values("count", "lat", "lon", "approximate")
    )
