"""Our own incidents in a publisher's layout (ACLED, GTD, UCDP GED) read back: the columns our
export adds after the publisher's (exports/tracker.py), so export → import changes nothing
and keeps the kinds of claims."""

from ..exports.tracker import CLAIM_COLUMNS, NATIVE_ID_PREFIX, TRACKER_COLUMNS
from ..models import Incident, Location
from .records import Statement, split_names

__all__ = ["TRACKER_COLUMNS", "is_ours", "our_claims", "our_geo_precision", "our_type"]
TYPES, PRECISIONS = Incident.Type.values, Location.Precision.values


def is_ours(check, id_column):
    """An incident described by our export, not the publisher's own row: the publisher's id is
    our TRK<id> (every incident but one imported from this publisher: exports.tracker.native_id)
    and the row has our uid."""
    return check.text(id_column).startswith(NATIVE_ID_PREFIX) and bool(check.text("tracker_uid"))


def our_claims(check):
    """The claims by kind our export lists, or None where the file has none of those columns."""
    if not any(column in check.row for column in CLAIM_COLUMNS):
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
