"""Our own CSV (/incidents/export.csv) read back: export → import → export gives the same rows."""

import re
import uuid

from django.utils.translation import gettext, gettext_lazy

from ..models import Claim, Confidence, Incident, Location
from .records import WHOLE_DIGITS, Checker, ImportedPlace, Record, Statement, derived_uid, source_pieces

REQUIRED = ["title", "date", "type", "location"]
DESCRIPTION = gettext_lazy("this tracker's own CSV export")
SIGNATURE = REQUIRED  # a file written by hand in this layout has them too; no publisher's has `title`
DATE_PRECISIONS = Incident.DatePrecision.values
GEO_PRECISIONS = Location.Precision.values
TYPES = Incident.Type.values
TARGETS = Incident.Target.values
TARGET_OWNERS = Incident.TargetOwner.values
CONFIDENCES = Confidence.values
IDENTIFIERS = ["uid", "id"]
# Each column of names, and the kind of claim each name in it makes.
CLAIM_KIND_BY_COLUMN = {
    "claimed_by": Claim.Kind.CLAIMED,
    "attributed_to": Claim.Kind.ATTRIBUTED,
    "suspected": Claim.Kind.SUSPECTED,
    "denied_by": Claim.Kind.DENIED,
}
COLUMN_OF_KIND = {kind: column for column, kind in CLAIM_KIND_BY_COLUMN.items()}
KINDS = ", ".join(Claim.Kind.values)
# columns → what they set; a column the file lacks leaves an existing incident's value alone
GIVES = {
    "external_id": "external_id",
    "title": "title",
    "summary": "summary",
    "title_ar": "title_ar",
    "summary_ar": "summary_ar",
    "type": "type",
    "target": "target",
    "target_detail": "target_detail",
    "target_owner": "target_owner",
    "date": "date",
    "killed": "killed",
    "wounded": "wounded",
    "confidence": "confidence",
    "location": "location",
    "claimed_by": "claims",
    "sources": "sources",
    "claim_sources": "claim_sources",
    "duplicate_of": "duplicate_of",
}
# One entry of claim_sources (exports/cells.CLAIM_SOURCE): `kind: who`, then ` <n>` where it names a source
# (a number of at most WHOLE_DIGITS: int() refuses a text of thousands).
CLAIM_SOURCE = re.compile(
    rf"^(?P<kind>{'|'.join(Claim.Kind.values)}): (?P<who>.+?)(?: <(?P<source>[1-9][0-9]{{0,{WHOLE_DIGITS - 1}}})>)?$",
    re.DOTALL,  # an actor described over two lines
)


def identity(row):
    """The row's stable identifier: its uid, or one derived from its id."""
    if row.get("uid", "").strip():
        return row["uid"].strip()
    return f"id:{row.get('id', '').strip()}"


def parse(line, row, lookups):
    check = Checker(line, row, lookups)
    uid = parse_uid(check)
    precision = check.choice("date_precision", DATE_PRECISIONS)
    start, end = check.date_window(check.date("date", required=True), check.date("date_end"), precision)
    latitude, longitude = check.coordinates("latitude", "longitude")
    governorate = check.governorate("governorate")
    place = ImportedPlace(
        name=check.text("location", required=True, max_length=200),
        governorate_id=governorate,
        country=check.text("country", max_length=100) or "Iraq",
        latitude=latitude,
        longitude=longitude,
        geo_precision=check.choice("geo_precision", GEO_PRECISIONS),
    )
    sources = parse_sources(check)
    record = Record(
        line=line,
        uid=uid,
        external_id=check.text("external_id", max_length=100),
        title=check.text("title", required=True, max_length=200),
        summary=check.text("summary"),
        title_ar=check.text("title_ar", max_length=200),
        summary_ar=check.text("summary_ar"),
        type=check.choice("type", TYPES),
        target=check.choice("target", TARGETS),
        target_detail=check.text("target_detail", max_length=300),
        target_owner=check.choice("target_owner", TARGET_OWNERS, default=Incident.TargetOwner.UNKNOWN),
        date=start,
        date_end=end,
        date_precision=precision,
        killed=check.count("killed"),
        wounded=check.count("wounded"),
        confidence=check.choice("confidence", CONFIDENCES),
        place=place,
        claims=parse_claims(check, len(sources)),
        sources=sources,
        given=frozenset(fld for column, fld in GIVES.items() if column in row),
        duplicate_of=check.uid("duplicate_of"),
    )
    return record, check.problems


def parse_uid(check):
    value = check.row.get("uid", "").strip()
    if value:
        try:
            return uuid.UUID(value)
        except ValueError:
            check.problem("uid", gettext("%(value)s is not a UUID") % {"value": repr(value)})
            return None
    identifier = check.row.get("id", "").strip()
    if not identifier:
        check.problem("id", gettext("is empty (a row needs a uid or an id)"))
        return None
    return derived_uid("native", identifier)


def split_list(cell):
    return [item.strip() for item in cell.split("; ") if item.strip()]


def parse_claims(check, source_count):
    """The claims the name columns list, each resting on the source claim_sources gives it (if any),
    in claim_sources' order (the order they were recorded), then those it leaves out.

    claim_sources may give a listed claim several sources (one claim each) or none; it may not
    name a claim the name columns don't list, nor a source the row doesn't cite.
    """
    listed = [(kind, name) for column, kind in CLAIM_KIND_BY_COLUMN.items() for name in split_list(check.text(column))]
    cited = []
    for piece in split_list(check.text("claim_sources")):
        match = CLAIM_SOURCE.match(piece)
        if match is None:
            message = gettext("%(piece)s is not “kind: who <source number>” (kinds: %(kinds)s)")
            check.problem("claim_sources", message % {"piece": repr(piece), "kinds": KINDS})
            continue
        kind, who, number = match["kind"], match["who"].strip(), int(match["source"]) if match["source"] else None
        if (kind, who) not in listed:
            message = gettext("%(piece)s: %(who)s is not in the row's %(column)s column")
            check.problem(
                "claim_sources", message % {"piece": repr(piece), "who": repr(who), "column": COLUMN_OF_KIND[kind]}
            )
        elif number is not None and number > source_count:
            message = gettext("%(piece)s: the row cites %(count)s source(s), not %(number)s")
            check.problem("claim_sources", message % {"piece": repr(piece), "count": source_count, "number": number})
        else:
            cited.append(Statement(kind=kind, who=who, source=number))
    named = {(statement.kind, statement.who) for statement in cited}
    return list(dict.fromkeys(cited + [Statement(kind=k, who=w) for k, w in listed if (k, w) not in named]))


def parse_sources(check):
    """ "publisher: title <url>; …" back into sources (a title may itself hold "; ")."""
    return check.cited("sources", source_pieces(check.text("sources"), "; "))
