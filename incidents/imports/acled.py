"""ACLED-style CSV read into our model (the mapping: incidents/exports/acled.py and README)."""

from datetime import datetime, timedelta

from ..date_input import DateInputError, parse_date
from ..exports.acled import (
    BATTLES,
    EVENT_FOR_TYPE,
    EXPLOSIONS,
    GEO_PRECISION_CODE,
    TIME_PRECISION_CODE,
    first_key_for_each_value,
    tracker_tags,
)
from ..models import Claim, Confidence, Incident, Location
from .records import Checker, Cited, ImportedPlace, Record, Statement, derived_uid

# (event_type, sub_event_type) → our type: what we export, and events we import but never write
TYPE_FOR_EVENT = {
    **first_key_for_each_value(EVENT_FOR_TYPE),
    (EXPLOSIONS, "Grenade"): "other",
    (EXPLOSIONS, "Suicide bomb"): "other",
    (BATTLES, "Armed clash"): "small_arms",
}
TIME_PRECISION = {str(code): precision for code, precision in first_key_for_each_value(TIME_PRECISION_CODE).items()}
GEO_PRECISION = {str(code): precision for code, precision in first_key_for_each_value(GEO_PRECISION_CODE).items()}
ACLED_ADMIN1 = {  # ACLED's spellings of Iraq's governorates
    "Al-Anbar": "anbar",
    "Anbar": "anbar",
    "Al-Basrah": "basra",
    "Basrah": "basra",
    "Ninewa": "nineveh",
    "Thi-Qar": "dhi-qar",
    "Dhi-Qar": "dhi-qar",
    "Al-Qadissiya": "qadisiyyah",
    "Qadissiya": "qadisiyyah",
    "Kerbala": "karbala",
    "Wassit": "wasit",
    "Al-Muthanna": "muthanna",
    "Al-Najaf": "najaf",
    "Dahuk": "duhok",
    "Sulaymaniyah": "sulaymaniyah",
    "As-Sulaymaniyah": "sulaymaniyah",
    "Salah Al-Din": "salah-al-din",
    "Missan": "maysan",
    "Babylon": "babil",
}
TYPES = Incident.Type.values
PRECISIONS = Location.Precision.values
REQUIRED = [
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "fatalities",
]
IDENTIFIERS = []
# No numbers-only form (11/03/2020): a file saved by a spreadsheet may have turned ACLED's
# day-first dates into month-first ones, and nothing in the cell says which.
ACLED_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y")
GOVERNORATE_ALIASES = ACLED_ADMIN1
# ACLED has no target type, wounded count or confidence: an update keeps ours
GIVES = frozenset(
    ["external_id", "title", "summary", "type", "target_detail", "date", "killed", "location", "claims", "sources"]
)


def identity(row):
    return f"acled:{row.get('event_id_cnty', '').strip()}"


def parse(line, row, lookups):
    check = Checker(line, row, lookups)
    event_id = check.text("event_id_cnty", required=True, max_length=100)
    tags = tracker_tags(check.text("tags"))
    event_date = parse_event_date(check)
    precision = check.choice("time_precision", list(TIME_PRECISION), default="1")
    start, precision = window_for(event_date, TIME_PRECISION[precision]) if event_date else (None, "day")
    start, end = check.date_window(start, None, precision)
    latitude, longitude = check.coordinates("latitude", "longitude")
    geo_code = check.choice("geo_precision", list(GEO_PRECISION), default="1")
    geo_precision = tags.get("geo") if tags.get("geo") in PRECISIONS else GEO_PRECISION[geo_code]
    sub_event = check.text("sub_event_type")
    incident_type = event_type(check, tags)
    is_attack = incident_type in Incident.ATTACK_TYPES
    record = Record(
        line=line,
        uid=derived_uid("acled", event_id) if event_id else None,
        external_id=event_id,
        title=f"{sub_event or 'Event'}: {check.text('location')}"[:200],
        summary=check.text("notes"),
        type=incident_type,
        target=Incident.Target.OTHER,
        target_detail=(check.text("actor2") if is_attack else involved(check))[:300],
        date=start,
        date_end=end,
        date_precision=precision,
        killed=check.count("fatalities", field="killed"),
        wounded=None,
        confidence=Confidence.MEDIUM,
        place=ImportedPlace(
            name=check.text("location", required=True, max_length=200),
            governorate_id=lookups.governorate(check.text("admin1")),
            country=check.text("country", max_length=100) or "Iraq",
            latitude=latitude,
            longitude=longitude,
            geo_precision=geo_precision,
        ),
        claims=actors(check) if is_attack else [],
        sources=[
            Cited(publisher=name[:200], title=f"{name} (as cited by ACLED)"[:500], url="")
            for name in split(check.text("source"))
        ],
        given=GIVES,
    )
    return record, check.problems


def window_for(event_date, precision):
    """(date, date_precision) for an ACLED date: a week centred on it, or its month."""
    if precision == "week":
        return event_date - timedelta(days=3), "week"
    return event_date, precision


def parse_event_date(check):
    value = check.text("event_date", required=True)
    for date_format in ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    if value:
        try:
            return parse_date(value)
        except DateInputError as error:
            check.problem("event_date", str(error))
    return None


def event_type(check, tags):
    if tags.get("type") in TYPES:
        return tags["type"]
    event, sub_event = check.text("event_type"), check.text("sub_event_type")
    found = TYPE_FOR_EVENT.get((event, sub_event))
    if found is None and event:
        check.problem("sub_event_type", f"{event} / {sub_event} is not an event type this tracker records")
    return found


def actors(check):
    """actor1 and its associated actors are who ACLED attributes the event to."""
    names = split(check.text("actor1")) + split(check.text("assoc_actor_1"))
    return [Statement(kind=Claim.Kind.ATTRIBUTED, who=name, stated_by="ACLED") for name in dict.fromkeys(names)]


def involved(check):
    """For arrests and foiled attacks ACLED's actors are who acted and who was acted on, not culprits."""
    return " / ".join(name for name in (check.text("actor1"), check.text("actor2")) if name)


def split(cell):
    return [item.strip() for item in cell.split(";") if item.strip()]
