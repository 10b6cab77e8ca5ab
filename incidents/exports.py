"""The researchers' exports: CSV (streamed, spreadsheet-safe) and GeoJSON."""

import csv
import io

from django.db.models import Prefetch

from .models import Claim, IncidentSource

CSV_HEADER = [
    "id", "date", "date_end", "date_precision", "type", "target", "title", "location", "governorate", "country",
    "latitude", "longitude", "geo_precision", "killed", "wounded", "claimed_by", "attributed_to", "suspected",
    "denied_by", "confidence", "sources", "url",
]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK_BYTES = 64 * 1024
ROWS_PER_QUERY = 2000


def spreadsheet_safe(value):
    """Neutralise a cell a spreadsheet would run as a formula (numbers stay numbers)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def with_export_relations(queryset):
    """Everything a row needs in a constant number of queries per chunk of rows."""
    return queryset.select_related("location__governorate").prefetch_related(
        Prefetch("claims", queryset=Claim.objects.select_related("group").order_by("pk")),
        Prefetch("source_links", queryset=IncidentSource.objects.select_related("source").order_by("pk")),
    )


def who(claims, kind):
    return "; ".join(dict.fromkeys(c.who for c in claims if c.kind == kind))


def source_cell(links):
    return "; ".join(f"{link.source.publisher}: {link.source.title} <{link.source.url}>" for link in links)


def csv_row(incident, site_url):
    place, claims = incident.location, list(incident.claims.all())
    return [
        incident.pk,
        incident.date.isoformat(),
        incident.date_end.isoformat(),
        incident.date_precision,
        incident.type,
        incident.target,
        incident.title,
        place.name,
        place.governorate.name if place.governorate_id else "",
        place.country,
        place.latitude,
        place.longitude,
        place.geo_precision,
        incident.killed,
        incident.wounded,
        who(claims, Claim.Kind.CLAIMED),
        who(claims, Claim.Kind.ATTRIBUTED),
        who(claims, Claim.Kind.SUSPECTED),
        who(claims, Claim.Kind.DENIED),
        incident.confidence,
        source_cell(incident.source_links.all()),
        site_url + incident.get_absolute_url(),
    ]


def csv_chunks(queryset, site_url):
    """Yields the CSV in ~64 KiB pieces: constant memory, few writes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for incident in with_export_relations(queryset).iterator(chunk_size=ROWS_PER_QUERY):
        writer.writerow([spreadsheet_safe(cell) for cell in csv_row(incident, site_url)])
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


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
            "claimed_by": list(dict.fromkeys(c.who for c in claims if c.kind == Claim.Kind.CLAIMED)),
            "attributed_to": list(dict.fromkeys(c.who for c in claims if c.kind == Claim.Kind.ATTRIBUTED)),
            "url": incident.get_absolute_url(),
        },
    }


def cluster_feature(cell):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(float(cell["lon"]), 5), round(float(cell["lat"]), 5)]},
        "properties": {"cluster": True, "count": cell["count"], "approximate": cell["approximate"]},
    }
