"""Our incidents in UCDP's Georeferenced Event Dataset layout (GED codebook columns; README has the mapping).

imports/ucdp.py reads the same layout back. An incident imported from UCDP GED gets UCDP's
own cells back unchanged (publisher_record), so export → import → export is byte-identical
in GED's columns. Our own incidents are described in GED's terms where GED has one: the
date window with its date_prec, the place with its where_prec, killed as the best estimate
(empty where we don't know it; low and high are left empty, as we keep none), the first
group responsible as side_a and the target as side_b. UCDP's conflict, dyad and actor codes
and its type of violence are UCDP's coding, which we don't make: they are empty. After GED's
columns come ours (tracker.TRACKER_COLUMNS), so importing our export keeps every claim and its kind.
"""

from datetime import date

from .cells import degrees, source_cell, spreadsheet_safe
from .tracker import EXTRA, TRACKER_COLUMNS, native_id, publisher_row, responsible, tracker_cells

# the GED codebook's columns, in UCDP's order
UCDP_COLUMNS = (
    "id relid year active_year code_status type_of_violence conflict_dset_id conflict_new_id conflict_name "
    "dyad_dset_id dyad_new_id dyad_name side_a_dset_id side_a_new_id side_a side_b_dset_id side_b_new_id side_b "
    "number_of_sources source_article source_office source_date source_headline source_original where_prec "
    "where_coordinates where_description adm_1 adm_2 latitude longitude geom_wkt priogrid_gid country country_id "
    "region event_clarity date_prec date_start date_end deaths_a deaths_b deaths_civilians deaths_unknown best "
    "high low gwnoa gwnob"
).split()
HEADER = [*UCDP_COLUMNS, *TRACKER_COLUMNS]
__all__ = ["EXTRA", "HEADER", "ucdp_row"]

# our geo precision → where_prec (1 the place, 3 its second-order region, 4 its first, 6 the country)
WHERE_PRECISION = {"site": 1, "town": 1, "district": 3, "governorate": 4, "country": 6}
# date_prec by the window's days: 1 the day, 2 two to six days, 3 a week, 4 a month, 5 longer
DATE_PRECISION = ((1, 1), (6, 2), (7, 3), (31, 4))
LONGER = 5
COUNTRY = {"Iraq": (645, "Middle East")}  # country → (country_id, region)
LOWER_CLARITY = "low"  # our confidence given as event_clarity 2; any other is 1
SOURCE_SEPARATOR = ";"  # between source_article's entries, as UCDP writes them


def date_precision(start, end):
    days = (end - start).days + 1
    return next((code for most, code in DATE_PRECISION if days <= most), LONGER)


def ucdp_row(record, values):
    """The incident in GED's columns, then ours; every cell spreadsheet-safe. An incident imported
    from UCDP GED gets its own cells back as they were (the columns its file lacked empty), ours
    are described (described())."""
    cells = {**(publisher_row(values["publisher_record"], "ucdp") or described(record)), **tracker_cells(record)}
    return [spreadsheet_safe(cells.get(column, "")) for column in HEADER]


def described(record):
    """Our incident in the publisher's terms (the module's docstring says how)."""
    start, end = date.fromisoformat(record["date"]), date.fromisoformat(record["date_end"])
    latitude, longitude = degrees(record["latitude"]), degrees(record["longitude"])
    groups, sources = responsible(record), record["sources"]
    country = record["country"]
    country_id, region = COUNTRY.get(country, ("", ""))
    return {
        "id": native_id(record),
        "year": start.year,
        "side_a": groups[0] if groups else "",
        "side_b": record["target_detail"],
        "number_of_sources": len(sources),
        "source_article": SOURCE_SEPARATOR.join(source_cell([source]) for source in sources),
        "source_office": SOURCE_SEPARATOR.join(dict.fromkeys(source["publisher"] for source in sources)),
        "source_headline": record["title"],
        "where_prec": WHERE_PRECISION[record["geo_precision"]],
        "where_coordinates": record["location"],
        "adm_1": record["governorate"],
        "latitude": latitude,
        "longitude": longitude,
        "geom_wkt": f"POINT ({longitude} {latitude})" if latitude is not None else "",
        "country": country,
        "country_id": country_id,
        "region": region,
        "event_clarity": 2 if record["confidence"] == LOWER_CLARITY else 1,
        "date_prec": date_precision(start, end),
        "date_start": start.isoformat(),
        "date_end": end.isoformat(),
        "best": record["killed"],
    }
