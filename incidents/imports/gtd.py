"""The Global Terrorism Database's CSV read into our model (its codebook's columns; README lists them).

GTD ships Windows-1252 (or Latin-1) files with any line ending; 0 in imonth or iday and
-99 or -9 in a count mean unknown. The row is kept as GTD wrote it
(Incident.publisher_record); what is read here is our mapping: a type where one maps,
claims from its group and claim fields, a place, a date window.
"""

from datetime import MAXYEAR, MINYEAR, date

from django.utils.translation import gettext, gettext_lazy

from ..exports.gtd import BOMBING, PROJECTILE
from ..models import Claim, Confidence, Incident
from .ours import (
    TRACKER_COLUMNS,
    is_ours,
    of_our_export,
    our_claims,
    our_counts,
    our_geo_precision,
    our_type,
    our_where_and_when,
)
from .records import (
    PUBLISHER_GIVES,
    Checker,
    Cited,
    Given,
    ImportedPlace,
    Record,
    Statement,
    derived_uid,
    identifier,
    is_whole,
    on_the_publishers_record,
)
from .scope import Scope

NAME = "GTD"
DESCRIPTION = gettext_lazy("a Global Terrorism Database (GTD) file")
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
REQUIRED = ["eventid", "iyear", "imonth", "iday", "country_txt", "attacktype1_txt", "gname"]
IDENTIFIERS = []
SIGNATURE = ("eventid", "iyear", "attacktype1_txt")
SCOPE = Scope()  # every GTD event is an attack; --keep-type chooses attack types
# attacktype1_txt → our type; a bombing by its weapon (weapsubtype1_txt); the rest is "other"
TYPE_FOR_ATTACK = {
    "Assassination": "assassination",
    "Armed Assault": "small_arms",
    "Hostage Taking (Kidnapping)": "kidnapping",
}
BOMB_TYPES = {PROJECTILE: "rocket", "Grenade": "other"}  # any other explosive: an IED
TARGET_FOR_TYPE = {
    "Military": Incident.Target.SECURITY_FORCES,
    "Police": Incident.Target.SECURITY_FORCES,
    "Government (Diplomatic)": Incident.Target.DIPLOMATIC,
    "Airports & Aircraft": Incident.Target.AIRPORT,
    "Terrorists/Non-State Militia": Incident.Target.MILITIA,
}
# specificity 1–5 → our geo precision (5: no region known, so no coordinates either)
GEO_PRECISION = {"1": "town", "2": "district", "3": "district", "4": "governorate", "5": "country"}
UNKNOWN_COUNTS = ("-99", "-9")
UNKNOWN = "Unknown"  # GTD's word for a city, province or group it doesn't know
# claimmode_txt → Claim.Channel
CHANNEL_FOR_MODE = {
    "Video": Claim.Channel.VIDEO,
    "Posted to website, blog, etc.": Claim.Channel.SOCIAL_MEDIA,
    "Letter": Claim.Channel.STATEMENT,
    "Note left at scene": Claim.Channel.STATEMENT,
    "Personal claim": Claim.Channel.STATEMENT,
    "E-mail": Claim.Channel.STATEMENT,
    "Call (post-incident)": Claim.Channel.STATEMENT,
    "Call (pre-incident)": Claim.Channel.STATEMENT,
}
# each group's name, whether it claimed the attack and its claim's mode, whether its role is uncertain
GROUPS = (
    ("gname", "claimed", "claimmode_txt", "guncertain1"),
    ("gname2", "claim2", "claimmode2_txt", "guncertain2"),
    ("gname3", "claim3", "claimmode3_txt", "guncertain3"),
)
GROUP_COLUMNS = tuple(column for group in GROUPS for column in group)
CITATIONS = ("scite1", "scite2", "scite3")
GIVES = PUBLISHER_GIVES | {"target", "wounded"}
# The columns each field is read from, beyond the required ones: a file without them doesn't give it.
READ_FROM = {
    "target": ("targtype1_txt",),
    "target_detail": ("target1",),
    "wounded": ("nwound",),
    "killed": ("nkill",),
    "summary": ("summary",),
    # every column they are read from: a file without gname2 or scite2 leaves ours alone, rather than
    # dropping the claim or source it holds (its cell, kept with ours, would say otherwise)
    "sources": (*CITATIONS, "dbsource"),
    "location": ("provstate", "city", "latitude", "longitude", "specificity"),
    "claims": GROUP_COLUMNS,
    "claim_sources": GROUP_COLUMNS,
    "type": ("weapsubtype1_txt",),  # for a bombing; any other attack type is all a type needs
}
GIVEN = Given(GIVES, READ_FROM)
# Our own incidents in our GTD export: what that layout carries of them without loss.
OURS_GIVES = frozenset(["type", "target_detail", "killed", "wounded", "summary", "claims"])


def identity(row):
    return f"gtd:{identifier(row.get('eventid', ''))}"


def skipped(row, keep=None, matched=None):
    return SCOPE.skipped(row.get("attacktype1_txt", "").strip(), "", keep, matched)


def parse(line, row, lookups):
    check = Checker(line, row, lookups)
    event_id = check.identifier("eventid", required=True)
    ours = is_ours(check, "eventid")
    start, end, precision = event_window(check)
    attack = check.text("attacktype1_txt", required=True)
    country = check.country("country_txt")
    city, province = (known(check.text(column)) for column in ("city", "provstate"))
    latitude, longitude = check.coordinates("latitude", "longitude", as_shipped=True)
    (start, end, precision), (latitude, longitude) = our_where_and_when(
        check, ours, (start, end, precision), (latitude, longitude)
    )
    specificity = check.choice("specificity", list(GEO_PRECISION), default="1")
    place_name = city or province or country
    geo_precision = our_geo_precision(check, default=GEO_PRECISION.get(specificity, "town"))
    statements, cited = claims(check), sources(check, ours)
    if not ours:
        statements, cited = on_the_publishers_record(NAME, event_id, statements, cited)
    record = Record(
        line=line,
        uid=check.uid("tracker_uid") or (derived_uid("gtd", event_id) if event_id else None),
        external_id="" if ours else event_id,
        title=f"{attack or 'Attack'}: {place_name}"[:200],
        summary=check.text("summary"),
        type=our_type(check, default=attack_type(attack, check.text("weapsubtype1_txt"))),
        target=TARGET_FOR_TYPE.get(check.text("targtype1_txt"), Incident.Target.OTHER),
        target_detail=check.fitted(check.text("target1"), 300),
        date=start,
        date_end=end,
        date_precision=precision,
        **our_counts(
            check,
            ours,
            killed=check.count("nkill", field="killed", unknown=UNKNOWN_COUNTS),
            wounded=check.count("nwound", field="wounded", unknown=UNKNOWN_COUNTS),
        ),
        confidence=Confidence.MEDIUM,
        place=ImportedPlace(
            name=check.fitted(place_name, 200),
            governorate_id=check.admin1_governorate(
                "provstate", country, unknown=(UNKNOWN,), point=(latitude, longitude), precision=geo_precision
            ),
            country=country,
            latitude=latitude,
            longitude=longitude,
            geo_precision=geo_precision,
        ),
        claims=statements,
        sources=cited,
        given=OURS_GIVES if ours else given(check, attack),
        of_our_export=of_our_export(check),
        publisher_record={} if ours else check.publisher_record("gtd", excluded=TRACKER_COLUMNS, empty=False),
        publisher_columns=() if ours else check.publisher_columns(TRACKER_COLUMNS),
        remarks=tuple(check.remarks),
    )
    return record, check.problems


def sources(check, ours):
    """The sources scite1–scite3 cite: GTD's citations, published by its dbsource; our own incidents'
    as our export wrote them, `publisher: title <url>`, each by its own publisher."""
    citations = [(column, check.text(column)) for column in CITATIONS]
    if ours:
        return [source for column, citation in citations if citation for source in check.cited(column, [citation])]
    publisher = check.fitted(check.text("dbsource") or NAME, 200)
    return [
        Cited(publisher=publisher, title=check.fitted(citation, 500), url="")
        for citation in dict.fromkeys(citation for _, citation in citations)
        if citation
    ]


def given(check, attack):
    """What a row of GTD's gives, by the columns its file has (READ_FROM); the type of any attack
    but a bombing needs no more than attacktype1_txt."""
    found = GIVEN(check.row)
    return found if attack == BOMBING else found | {"type"}


def known(value):
    """GTD's "Unknown" city or province as no value."""
    return "" if value == UNKNOWN else value


def attack_type(attack, weapon):
    if attack == BOMBING:
        return BOMB_TYPES.get(weapon, "ied")
    return TYPE_FOR_ATTACK.get(attack, "other")


def event_window(check):
    """(date, date_end, precision) from iyear/imonth/iday, 0 being unknown: a day, a month or the year."""
    numbers = {}
    for column in ("iyear", "imonth", "iday"):
        value = check.code(column, required=True)
        if value and not is_whole(value):
            check.problem(column, gettext("%(value)s is not a whole number") % {"value": repr(value)})
        numbers[column] = int(value) if is_whole(value) else None
    year, month, day = numbers["iyear"], numbers["imonth"], numbers["iday"]
    if year is None or month is None or day is None:
        return None, None, "day"
    try:
        if month == 0:
            return date(year, 1, 1), date(year, 12, 31), "range"
        if day == 0:
            start, end = check.date_window(date(year, month, 1), None, "month")
            return start, end, "month"
        return date(year, month, day), date(year, month, day), "day"
    except (ValueError, OverflowError) as error:  # OverflowError: a number beyond C's int (imonth 99999999999)
        check.problem(
            wrong_column(year, month),
            gettext("%(date)s is not a date (%(error)s)") % {"date": f"{year}-{month}-{day}", "error": error},
        )
        return None, None, "day"


def wrong_column(year, month):
    """The column of a date that is none (iyear 0, imonth 13, iday 31 of a month of 30 days): the
    first that is out of its range, so the problem names the cell to correct."""
    if not MINYEAR <= year <= MAXYEAR:
        return "iyear"
    if month > 12:
        return "imonth"
    return "iday"


def claims(check):
    """Each named group: claimed (by itself, through claimmode) where its claim field is 1;
    suspected where GTD marks its attribution uncertain; attributed otherwise. Competing
    claims (compclaim) are several groups' claims side by side. Our export's claims by kind
    where the file has them (imports/ours.py)."""
    ours = our_claims(check)
    if ours is not None:
        return ours
    found = []
    for name_column, claimed_column, mode_column, uncertain_column in GROUPS:
        name = check.text(name_column)
        if not name or name == UNKNOWN:
            continue
        if check.code(claimed_column) == "1":
            channel = CHANNEL_FOR_MODE.get(check.text(mode_column), Claim.Channel.OTHER)
            found.append(Statement(kind=Claim.Kind.CLAIMED, who=name, stated_by=name, channel=channel))
        elif check.code(uncertain_column) == "1":
            found.append(Statement(kind=Claim.Kind.SUSPECTED, who=name, stated_by=NAME))
        else:
            found.append(Statement(kind=Claim.Kind.ATTRIBUTED, who=name, stated_by=NAME))
    return found
