"""The researchers' exports: CSV (streamed, spreadsheet-safe) and GeoJSON."""

import csv
import io

from django.db.models import Prefetch

from . import acled
from .models import Claim, IncidentSource

CSV_HEADER = [
    "id", "uid", "external_id", "date", "date_end", "date_precision", "type", "target", "target_detail", "title",
    "summary",
    "location", "governorate", "country", "latitude", "longitude", "geo_precision", "killed", "wounded",
    "claimed_by", "attributed_to", "suspected", "denied_by", "confidence", "sources", "url",
]
MULTI_VALUED = {"claimed_by", "attributed_to", "suspected", "denied_by"}
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
    return list(dict.fromkeys(c.who for c in claims if c.kind == kind))


def incident_record(incident, site_url):
    """One incident as researchers get it, in every format: the CSV row and the API item.

    Needs the relations of with_export_relations(). Values are typed (numbers, None for
    unknown, lists for several values); the CSV flattens them.
    """
    place, claims = incident.location, list(incident.claims.all())
    return {
        "id": incident.pk,
        "uid": str(incident.uid),
        "external_id": incident.external_id,
        "date": incident.date.isoformat(),
        "date_end": incident.date_end.isoformat(),
        "date_precision": incident.date_precision,
        "type": incident.type,
        "target": incident.target,
        "target_detail": incident.target_detail,
        "title": incident.title,
        "summary": incident.summary,
        "location": place.name,
        "governorate": place.governorate.name if place.governorate_id else "",
        "country": place.country,
        "latitude": float(place.latitude) if place.latitude is not None else None,
        "longitude": float(place.longitude) if place.longitude is not None else None,
        "geo_precision": place.geo_precision,
        "killed": incident.killed,
        "wounded": incident.wounded,
        "claimed_by": who(claims, Claim.Kind.CLAIMED),
        "attributed_to": who(claims, Claim.Kind.ATTRIBUTED),
        "suspected": who(claims, Claim.Kind.SUSPECTED),
        "denied_by": who(claims, Claim.Kind.DENIED),
        "confidence": incident.confidence,
        "sources": [
            {"publisher": link.source.publisher, "title": link.source.title, "url": link.source.url}
            for link in incident.source_links.all()
        ],
        "url": site_url + incident.get_absolute_url(),
    }


def source_cell(sources):
    return "; ".join(
        f"{s['publisher']}: {s['title']} <{s['url']}>" if s["url"] else f"{s['publisher']}: {s['title']}"
        for s in sources
    )


def csv_row(record):
    """The record flattened: lists joined with "; ", unknown as an empty cell, all spreadsheet-safe."""
    row = []
    for column in CSV_HEADER:
        value = record[column]
        if column in MULTI_VALUED:
            value = "; ".join(value)
        elif column == "sources":
            value = source_cell(value)
        row.append(spreadsheet_safe(value))
    return row


def native_row(incident, site_url):
    return csv_row(incident_record(incident, site_url))


def acled_row(incident, site_url):
    """The incident in ACLED's columns (incidents/acled.py has the mapping; README explains it)."""
    record = incident_record(incident, site_url)
    event_type, sub_event_type = acled.EVENT_FOR_TYPE[incident.type]
    event_date, time_precision = acled.event_date_and_precision(incident)
    actors = list(dict.fromkeys(record["claimed_by"] + record["attributed_to"] + record["suspected"]))
    country = record["country"]
    values = {
        "event_id_cnty": incident.external_id or f"TRK{incident.pk}",
        "event_date": event_date.isoformat(),
        "year": event_date.year,
        "time_precision": time_precision,
        "disorder_type": "Strategic developments" if event_type == acled.STRATEGIC else "Political violence",
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actors[0] if actors else acled.UNIDENTIFIED.format(country=country),
        "assoc_actor_1": "; ".join(actors[1:]),
        "actor2": incident.target_detail,
        "iso": acled.COUNTRY_ISO.get(country, ""),
        "country": country,
        "admin1": record["governorate"],
        "location": record["location"],
        "latitude": f"{incident.map_lat:.4f}",
        "longitude": f"{incident.map_lon:.4f}",
        "geo_precision": acled.geo_precision_code(incident.location),
        "source": "; ".join(dict.fromkeys(s["publisher"] for s in record["sources"])),
        "notes": record["summary"],
        "fatalities": record["killed"],
        "tags": f"tracker_type={incident.type}; tracker_geo={record['geo_precision']}",
        "timestamp": int(incident.updated_at.timestamp()),
    }
    return [spreadsheet_safe(values.get(column, "")) for column in acled.HEADER]


FORMATS = {"native": (CSV_HEADER, native_row), "acled": (acled.HEADER, acled_row)}


def csv_chunks(queryset, site_url, file_format="native"):
    """Yields the CSV in ~64 KiB pieces: constant memory, few writes."""
    header, row = FORMATS[file_format]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    if file_format == "acled":
        queryset = queryset.with_map_point()
    for incident in with_export_relations(queryset).iterator(chunk_size=ROWS_PER_QUERY):
        writer.writerow(row(incident, site_url))
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
            "claimed_by": who(claims, Claim.Kind.CLAIMED),
            "attributed_to": who(claims, Claim.Kind.ATTRIBUTED),
            "url": incident.get_absolute_url(),
        },
    }


def cluster_feature(cell):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(float(cell["lon"]), 5), round(float(cell["lat"]), 5)]},
        "properties": {"cluster": True, "count": cell["count"], "approximate": cell["approximate"]},
    }
