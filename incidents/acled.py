"""Our model in ACLED's terms and back (ACLED codebook columns; the mapping is in README).

The tracker's own type and geo precision travel in ACLED's free-text `tags` column
("tracker_type=…; tracker_geo=…"), so our ACLED export imports back without loss.
"""

import re
from datetime import timedelta

from .models import Incident, Location

HEADER = [
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
]
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
STRATEGIC = "Strategic developments"
BATTLES = "Battles"

# our type → (event_type, sub_event_type) on export
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
}
# (event_type, sub_event_type) → our type on import; events we don't record are absent
TYPE_FOR_EVENT = {
    (EXPLOSIONS, "Shelling/artillery/missile attack"): "rocket",
    (EXPLOSIONS, "Remote explosive/landmine/IED"): "ied",
    (EXPLOSIONS, "Air/drone strike"): "drone",
    (EXPLOSIONS, "Grenade"): "other",
    (EXPLOSIONS, "Suicide bomb"): "other",
    (VIOLENCE_AGAINST_CIVILIANS, "Attack"): "small_arms",
    (VIOLENCE_AGAINST_CIVILIANS, "Abduction/forced disappearance"): "kidnapping",
    (BATTLES, "Armed clash"): "small_arms",
    (STRATEGIC, "Looting/property destruction"): "arson",
    (STRATEGIC, "Disrupted weapons use"): "foiled",
    (STRATEGIC, "Arrests"): "arrest",
    (STRATEGIC, "Other"): "propaganda",
}
TIME_PRECISION = {"1": "day", "2": "week", "3": "month"}
GEO_PRECISION = {"1": "town", "2": "district", "3": "governorate"}
ACLED_GEO = {"site": 1, "town": 1, "district": 2, "governorate": 3, "country": 3}
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
COUNTRY_ISO = {"Iraq": 368}
TAG = re.compile(r"tracker_(type|geo)=([a-z_]+)")
UNIDENTIFIED = "Unidentified Armed Group ({country})"


def tracker_tags(tags):
    """{'type': …, 'geo': …} from our own tags in ACLED's tags column."""
    return dict(TAG.findall(tags or ""))


def event_date_and_precision(start, end, precision):
    """ACLED's (event_date, time_precision): a window is given by its middle day."""
    span = (end - start).days
    middle = start + timedelta(days=span // 2)
    if precision == "day":
        return start, 1
    if precision == "week" or span <= 7:
        return middle, 2
    return middle, 3


def window_for(event_date, precision):
    """(date, date_precision) for an ACLED date: a week centred on it, or its month."""
    if precision == "week":
        return event_date - timedelta(days=3), "week"
    return event_date, precision


def geo_precision_code(geo_precision, has_coordinates):
    return ACLED_GEO[geo_precision] if has_coordinates else 3


TYPES = Incident.Type.values
PRECISIONS = Location.Precision.values
