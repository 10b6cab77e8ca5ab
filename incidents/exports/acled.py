"""Our incidents in ACLED's terms (ACLED codebook columns; README has the mapping as a table).

imports/acled.py reads the same layout back; every term both directions use (event
types, precision codes, the extra columns) is defined here once and the import derives its side.

An incident imported from ACLED keeps ACLED's row (Incident.publisher_record): its cells
are written back unchanged, so ACLED's taxonomy, actors, places, dates and timestamp
survive the round trip. Our own incidents are described in ACLED's terms. After ACLED's
columns come ours (TRACKER_COLUMNS): the incident's uid, our type and geo precision and
its claims by kind, so that importing our export matches every incident and keeps the
kinds of its claims.
"""

from datetime import date, timedelta

from ..models import Incident
from .cells import LIST_SEPARATOR, spreadsheet_safe
from .tracker import TRACKER_COLUMNS, native_id, publisher_row, responsible, tracker_cells

POPULATION_COLUMNS = ["population_1km", "population_2km", "population_5km", "population_best"]
# The older layout's columns the current one dropped: a row identified by data_id alone keeps it.
OLDER_LAYOUT_COLUMNS = ["data_id", "event_id_no_cnty", "iso3"]
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    # ACLED's estimates of the people living within 1, 2 and 5 km of the event and its best one,
    # which its export adds on request: kept with the row, so written back with it
    *POPULATION_COLUMNS,
    # kept with an older layout's row, so written back with it (empty for the current layout's)
    *OLDER_LAYOUT_COLUMNS,
]
HEADER = ACLED_COLUMNS + TRACKER_COLUMNS
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
STRATEGIC = "Strategic developments"
BATTLES = "Battles"

# our type → (event_type, sub_event_type), for our own incidents (imports/acled.py maps ACLED's to ours)
EVENT_FOR_TYPE = {
    "rocket": (EXPLOSIONS, "Shelling/artillery/missile attack"),
    "ied": (EXPLOSIONS, "Remote explosive/landmine/IED"),
    "drone": (EXPLOSIONS, "Air/drone strike"),
    "small_arms": (VIOLENCE_AGAINST_CIVILIANS, "Attack"),
    "assassination": (VIOLENCE_AGAINST_CIVILIANS, "Attack"),
    "kidnapping": (VIOLENCE_AGAINST_CIVILIANS, "Abduction/forced disappearance"),
    "arson": (STRATEGIC, "Looting/property destruction"),
    "other": (VIOLENCE_AGAINST_CIVILIANS, "Attack"),
    "foiled": (STRATEGIC, "Disrupted weapons use"),
    "arrest": (STRATEGIC, "Arrests"),
    "propaganda": (STRATEGIC, "Other"),
    "other_event": (STRATEGIC, "Other"),
}
# our date precision → ACLED's time_precision (a range is a week or a month: event_date_and_precision)
TIME_PRECISION_CODE = {"day": 1, "week": 2, "month": 3}
# our geo precision → ACLED's geo_precision; a code imports as the first precision listed for it
GEO_PRECISION_CODE = {"town": 1, "site": 1, "district": 2, "governorate": 3, "country": 3}
COUNTRY_ISO = {"Iraq": 368}
UNIDENTIFIED = "Unidentified Armed Group ({country})"
EXTRA = ("map_lat", "map_lon", "updated_at", "publisher_record")  # what acled_row reads beyond the record


def first_key_for_each_value(mapping):
    """The mapping turned round; where several keys share a value, the first listed wins."""
    inverse = {}
    for key, value in mapping.items():
        inverse.setdefault(value, key)
    return inverse


def event_date_and_precision(start, end, precision):
    """ACLED's (event_date, time_precision): a window is given by its middle day."""
    span = (end - start).days
    middle = start + timedelta(days=span // 2)
    if precision == "day":
        return start, TIME_PRECISION_CODE["day"]
    if precision == "week" or span <= 6:  # seven days: ACLED's week around its middle day
        return middle, TIME_PRECISION_CODE["week"]
    return middle, TIME_PRECISION_CODE["month"]


def geo_precision_code(geo_precision, has_coordinates):
    """Places without coordinates are exported at their governorate's centre, as ACLED does."""
    return GEO_PRECISION_CODE[geo_precision] if has_coordinates else GEO_PRECISION_CODE["governorate"]


def with_map_point(queryset):
    return queryset.with_map_point()


def described(record, values):
    """Our incident in ACLED's terms (the module's docstring says how)."""
    event_type, sub_event_type = EVENT_FOR_TYPE[record["type"]]
    event_date, time_precision = event_date_and_precision(
        date.fromisoformat(record["date"]), date.fromisoformat(record["date_end"]), record["date_precision"]
    )
    actors = responsible(record)
    country = record["country"]
    unidentified = UNIDENTIFIED.format(country=country) if record["type"] in Incident.ATTACK_TYPES else ""
    return {
        "event_id_cnty": native_id(record),
        "event_date": event_date.isoformat(),
        "year": event_date.year,
        "time_precision": time_precision,
        "disorder_type": "Strategic developments" if event_type == STRATEGIC else "Political violence",
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actors[0] if actors else unidentified,
        "assoc_actor_1": LIST_SEPARATOR.join(actors[1:]),
        "actor2": record["target_detail"],
        "iso": COUNTRY_ISO.get(country, ""),
        "country": country,
        "admin1": record["governorate"],
        "location": record["location"],
        "latitude": f"{values['map_lat']:.4f}",
        "longitude": f"{values['map_lon']:.4f}",
        "geo_precision": geo_precision_code(record["geo_precision"], record["latitude"] is not None),
        "source": LIST_SEPARATOR.join(dict.fromkeys(source["publisher"] for source in record["sources"])),
        "notes": record["summary"],
        "fatalities": record["killed"],
        "timestamp": int(values["updated_at"].timestamp()),
    }


def acled_row(record, values):
    """The incident in ACLED's columns, then ours; every cell spreadsheet-safe. An incident imported
    from ACLED gets ACLED's own cells back (publisher_row), the columns its layout lacked empty
    (an older one has no timestamp or disorder_type: ours would pass for ACLED's); ours are
    described (described())."""
    acleds = publisher_row(values["publisher_record"], "acled")
    cells = {**(acleds or described(record, values)), **tracker_cells(record)}
    return [spreadsheet_safe(cells.get(column, "")) for column in HEADER]
