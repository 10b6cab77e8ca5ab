"""Our own incidents in a publisher's layout (ACLED, GTD, UCDP GED) read back: the columns our
export adds after the publisher's (exports/tracker.py), so export → import changes nothing
and keeps the kinds of claims."""

from ..dates import DatePrecision
from ..exports.tracker import CLAIM_COLUMNS, NATIVE_ID_PREFIX, TRACKER_COLUMNS
from ..models import Incident, Location
from .records import UNPLACED, Statement, split_names

__all__ = [
    "TRACKER_COLUMNS",
    "is_ours",
    "of_our_export",
    "our_claims",
    "our_counts",
    "our_geo_precision",
    "our_type",
    "our_where_and_when",
]
TYPES, PRECISIONS = Incident.Type.values, Location.Precision.values


def is_ours(check, id_column):
    """An incident described by our export, not the publisher's own row: the publisher's id is
    our TRK<id> (every incident but one imported from this publisher: exports.tracker.native_id)
    and the row has our uid."""
    return check.text(id_column).startswith(NATIVE_ID_PREFIX) and bool(check.text("tracker_uid"))


def of_our_export(check):
    """Whether the row is one our export wrote (it has our uid), where our columns say what we hold.
    A publisher's row stacked under our export's header has them empty: its own cells say it all."""
    return bool(check.text("tracker_uid"))


def our_claims(check):
    """The claims by kind our export lists, or None where the row is not our export's (of_our_export)."""
    if not of_our_export(check):
        return None
    return [
        Statement(kind=kind, who=name)
        for column, (kind, _) in CLAIM_COLUMNS.items()
        for name in split_names(check.text(column))
    ]


def our_type(check, default):
    return check.choice("tracker_type", TYPES, default=default)


def our_geo_precision(check, default):
    return check.choice("tracker_geo_precision", PRECISIONS, default=default)


def our_where_and_when(check, ours, window, coordinates):
    """(window, coordinates) of a row of our export (ours, or a publisher's incident: an
    analyst's correction is written there, the publisher's cells left as it wrote them): our
    incident's as our export wrote them (tracker_date …, tracker_latitude …) where the row has
    the columns; else the publisher's (`window`, `coordinates`). ACLED's week or month around a
    day holds no window of eight days, GTD's month none of a week, and a layout that needs a
    point gets the governorate's centre."""
    if not (ours or of_our_export(check)):
        return window, coordinates
    if check.text("tracker_date"):
        precision = check.choice("tracker_date_precision", DatePrecision.values, default=DatePrecision.DAY)
        start, end = check.date("tracker_date"), check.date("tracker_date_end")
        window = (*check.date_window(start, end, precision, column="tracker_date"), precision)
    if "tracker_latitude" in check.row:
        coordinates = check.coordinates("tracker_latitude", "tracker_longitude")
        if UNPLACED in check.remarks:  # the publisher's coordinates were out of range; ours are read
            check.remarks.remove(UNPLACED)
    return window, coordinates


def our_counts(check, ours, killed, wounded):
    """{killed, wounded} of a row: as our export wrote them (tracker_killed …, empty: unknown) where
    the row has the columns, else the publisher's (`killed`, `wounded`).

    Ours, and a publisher's row of our export too: an analyst's correction of an imported incident's count is
    written there, the publisher's cell (fatalities, nkill, best) left as the publisher wrote it, so
    importing our export must not read the correction back as the publisher's count. The
    publisher's own counts are kept beside ours (Record.publisher_counts): its record says what
    they say."""
    if "tracker_killed" not in check.row or not of_our_export(check):
        return {"killed": killed, "wounded": wounded}
    counts = {
        "killed": check.count("tracker_killed", field="killed"),
        "wounded": check.count("tracker_wounded", field="wounded"),
    }
    return counts if ours else {**counts, "publisher_counts": (killed, wounded)}
