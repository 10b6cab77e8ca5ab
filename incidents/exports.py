"""The researchers' exports: CSV (streamed, spreadsheet-safe) and GeoJSON."""

import csv
import io
from datetime import date
from itertools import islice

from django.db import transaction
from django.urls import reverse

from . import acled
from .models import Claim, IncidentSource

CSV_HEADER = [
    "id",
    "uid",
    "external_id",
    "date",
    "date_end",
    "date_precision",
    "type",
    "target",
    "target_detail",
    "title",
    "summary",
    "location",
    "governorate",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "killed",
    "wounded",
    "claimed_by",
    "attributed_to",
    "suspected",
    "denied_by",
    "confidence",
    "sources",
    "url",
]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_STARTS = frozenset(FORMULA_PREFIXES)
CHUNK_BYTES = 64 * 1024
ROWS_PER_QUERY = 2000


def spreadsheet_safe(value):
    """Neutralise a cell a spreadsheet would run as a formula (numbers stay numbers)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text and text[0] in FORMULA_STARTS and not _is_number(text):
        return "'" + text
    return text


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


INCIDENT_VALUES = [
    "pk",
    "uid",
    "external_id",
    "date",
    "date_end",
    "date_precision",
    "type",
    "target",
    "target_detail",
    "title",
    "summary",
    "location__name",
    "location__governorate__name",
    "location__country",
    "location__latitude",
    "location__longitude",
    "location__geo_precision",
    "killed",
    "wounded",
    "confidence",
]
CLAIM_COLUMNS = {
    "claimed": "claimed_by",
    "attributed": "attributed_to",
    "suspected": "suspected",
    "denied": "denied_by",
}


def records(queryset, site_url, extra=()):
    """Yields (record, extra values) per incident: the one definition of an incident as
    researchers get it — the CSV row, the ACLED row and the API item all come from it.

    Values are typed (numbers, None for unknown, lists for several values). Plain value
    queries, three per chunk of rows, keep it fast and its memory constant.
    """
    url = reverse("incident_detail", args=[0]).replace("/0/", "/{}/")
    rows = queryset.values_list(*INCIDENT_VALUES, *extra).iterator(chunk_size=ROWS_PER_QUERY)
    while chunk := list(islice(rows, ROWS_PER_QUERY)):
        ids = [row[0] for row in chunk]
        claims, sources = claims_of(ids), sources_of(ids)
        for row in chunk:
            yield (
                record(row, claims.get(row[0], {}), sources.get(row[0], []), site_url + url),
                row[len(INCIDENT_VALUES) :],
            )


def record(row, claims, sources, url):
    (
        pk,
        uid,
        external_id,
        date,
        date_end,
        date_precision,
        type_,
        target,
        target_detail,
        title,
        summary,
        place,
        governorate,
        country,
        latitude,
        longitude,
        geo_precision,
        killed,
        wounded,
        confidence,
    ) = row[:20]
    return {
        "id": pk,
        "uid": str(uid),
        "external_id": external_id,
        "date": date.isoformat(),
        "date_end": date_end.isoformat(),
        "date_precision": date_precision,
        "type": type_,
        "target": target,
        "target_detail": target_detail,
        "title": title,
        "summary": summary,
        "location": place,
        "governorate": governorate or "",
        "country": country,
        "latitude": float(latitude) if latitude is not None else None,
        "longitude": float(longitude) if longitude is not None else None,
        "geo_precision": geo_precision,
        "killed": killed,
        "wounded": wounded,
        **{column: list(claims.get(kind, ())) for kind, column in CLAIM_COLUMNS.items()},
        "confidence": confidence,
        "sources": sources,
        "url": url.format(pk),
    }


def claims_of(ids):
    """{incident id: {kind: [who, …]}} in the order the claims were recorded, each name once."""
    found = {}
    claims = Claim.objects.filter(incident_id__in=ids).order_by("pk")
    for incident, kind, group, actor in claims.values_list("incident_id", "kind", "group__name", "actor"):
        found.setdefault(incident, {}).setdefault(kind, {}).setdefault(group or actor, None)
    return found


def sources_of(ids):
    found = {}
    links = IncidentSource.objects.filter(incident_id__in=ids).order_by("pk")
    for incident, publisher, title, url in links.values_list(
        "incident_id", "source__publisher", "source__title", "source__url"
    ):
        found.setdefault(incident, []).append({"publisher": publisher, "title": title, "url": url})
    return found


def source_cell(sources):
    return "; ".join(
        f"{s['publisher']}: {s['title']} <{s['url']}>" if s["url"] else f"{s['publisher']}: {s['title']}"
        for s in sources
    )


def csv_row(record):
    """The record flattened: lists joined with "; ", unknown as an empty cell.

    Text that people typed is made spreadsheet-safe; numbers, dates, choices and our own
    URLs can't start a formula.
    """
    safe, r = spreadsheet_safe, record
    return [
        r["id"],
        r["uid"],
        safe(r["external_id"]),
        r["date"],
        r["date_end"],
        r["date_precision"],
        r["type"],
        r["target"],
        safe(r["target_detail"]),
        safe(r["title"]),
        safe(r["summary"]),
        safe(r["location"]),
        safe(r["governorate"]),
        safe(r["country"]),
        r["latitude"],
        r["longitude"],
        r["geo_precision"],
        r["killed"],
        r["wounded"],
        safe("; ".join(r["claimed_by"])),
        safe("; ".join(r["attributed_to"])),
        safe("; ".join(r["suspected"])),
        safe("; ".join(r["denied_by"])),
        r["confidence"],
        safe(source_cell(r["sources"])),
        r["url"],
    ]


def native_row(record, extra):
    return csv_row(record)


ACLED_EXTRA = ["map_lat", "map_lon", "updated_at"]


def acled_row(record, extra):
    """The incident in ACLED's columns (incidents/acled.py has the mapping; README explains it)."""
    map_lat, map_lon, updated_at = extra
    event_type, sub_event_type = acled.EVENT_FOR_TYPE[record["type"]]
    event_date, time_precision = acled.event_date_and_precision(
        date.fromisoformat(record["date"]), date.fromisoformat(record["date_end"]), record["date_precision"]
    )
    actors = list(dict.fromkeys(record["claimed_by"] + record["attributed_to"] + record["suspected"]))
    country = record["country"]
    values = {
        "event_id_cnty": record["external_id"] or f"TRK{record['id']}",
        "event_date": event_date.isoformat(),
        "year": event_date.year,
        "time_precision": time_precision,
        "disorder_type": "Strategic developments" if event_type == acled.STRATEGIC else "Political violence",
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actors[0] if actors else acled.UNIDENTIFIED.format(country=country),
        "assoc_actor_1": "; ".join(actors[1:]),
        "actor2": record["target_detail"],
        "iso": acled.COUNTRY_ISO.get(country, ""),
        "country": country,
        "admin1": record["governorate"],
        "location": record["location"],
        "latitude": f"{map_lat:.4f}",
        "longitude": f"{map_lon:.4f}",
        "geo_precision": acled.geo_precision_code(record["geo_precision"], record["latitude"] is not None),
        "source": "; ".join(dict.fromkeys(s["publisher"] for s in record["sources"])),
        "notes": record["summary"],
        "fatalities": record["killed"],
        "tags": f"tracker_type={record['type']}; tracker_geo={record['geo_precision']}",
        "timestamp": int(updated_at.timestamp()),
    }
    return [spreadsheet_safe(values.get(column, "")) for column in acled.HEADER]


FORMATS = {"native": (CSV_HEADER, native_row, ()), "acled": (acled.HEADER, acled_row, ACLED_EXTRA)}


def csv_chunks(queryset, site_url, file_format="native"):
    """Yields the CSV in ~64 KiB pieces: constant memory, few writes.

    In a transaction, so PostgreSQL's server-side cursor streams instead of materialising
    every row first.
    """
    header, row, extra = FORMATS[file_format]
    if file_format == "acled":
        queryset = queryset.with_map_point()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    with transaction.atomic():
        for record_, extra_values in records(queryset, site_url, extra):
            writer.writerow(row(record_, extra_values))
            if buffer.tell() >= CHUNK_BYTES:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()
