"""What every publisher's layout we export (ACLED, GTD, UCDP GED) shares: the publisher's own
cells of an incident imported from it, and our columns after the publisher's.

An incident imported from a publisher keeps its row (Incident.publisher_record), and that
layout's export writes those cells back unchanged. After the publisher's columns come ours
(TRACKER_COLUMNS): the incident's uid, our type and geo precision and its claims by kind, so
that importing our export matches every incident and keeps the kinds of its claims.
The imports (imports/ours.py) read the same columns back.
"""

from .cells import LIST_SEPARATOR

# our columns after the publisher's: the claims of each kind → (that kind, the record's column of them)
CLAIM_COLUMNS = {
    "tracker_claimed_by": ("claimed", "claimed_by"),
    "tracker_attributed_to": ("attributed", "attributed_to"),
    "tracker_suspected": ("suspected", "suspected"),
    "tracker_denied_by": ("denied", "denied_by"),
}
# our window and coordinates, which a publisher's layout may not hold (ACLED's week or month
# around a day; its governorate's centre for a place without coordinates)
WHERE_AND_WHEN = [
    "tracker_latitude",
    "tracker_longitude",
    "tracker_date",
    "tracker_date_end",
    "tracker_date_precision",
]
# our counts: an analyst's correction, and unknown as empty, where the publisher's cells say otherwise
COUNTS = ["tracker_killed", "tracker_wounded"]
TRACKER_COLUMNS = ["tracker_uid", "tracker_type", "tracker_geo_precision", *WHERE_AND_WHEN, *COUNTS, *CLAIM_COLUMNS]
# what a publisher's layout reads of an incident beyond its record: the publisher's own cells
EXTRA = ("publisher_record",)
# the publisher's id of an incident entered here (no publisher's own ids start so)
NATIVE_ID_PREFIX = "TRK"
# the record's names of people a claim makes responsible, most certain first (denials are not)
RESPONSIBLE = ("claimed_by", "attributed_to", "suspected")


def publisher_row(publisher_record, layout):
    """The publisher's own cells of an imported incident in `layout` ('acled', 'gtd', 'ucdp'); {} otherwise."""
    if publisher_record and publisher_record.get("format") == layout:
        return publisher_record["row"]
    return {}


def native_id(record):
    """The publisher's id column of an incident this layout describes (not imported from its
    publisher): TRK<our id>, never its external id, which may be another publisher's (a UCDP
    event's in GTD's eventid) and would pass for this one's: importing the file would take our
    description for the publisher's row."""
    return f"{NATIVE_ID_PREFIX}{record['id']}"


def responsible(record):
    """Everyone a claim names as responsible, each once, the claimants first."""
    return list(dict.fromkeys(name for column in RESPONSIBLE for name in record[column]))


def tracker_cells(record):
    """Our columns of the record (TRACKER_COLUMNS)."""
    return {
        "tracker_uid": record["uid"],
        "tracker_type": record["type"],
        "tracker_geo_precision": record["geo_precision"],
        "tracker_latitude": record["latitude"],
        "tracker_longitude": record["longitude"],
        "tracker_date": record["date"],
        "tracker_date_end": record["date_end"],
        "tracker_date_precision": record["date_precision"],
        "tracker_killed": record["killed"],
        "tracker_wounded": record["wounded"],
        **{column: LIST_SEPARATOR.join(record[name]) for column, (_, name) in CLAIM_COLUMNS.items()},
    }
