"""ACLED's CSV read into our model, the layouts ACLED has shipped since 2019 (README lists the columns).

The row itself is kept as ACLED wrote it (Incident.publisher_record) and exported back
unchanged; what is read from it here is only our mapping, for our filters and charts: a
type where one maps (else "other", or "other_event" for what is no attack), a place, a date
window, claims for attacks.
Events of kinds the tracker does not record (protests, riots, …) are skipped and counted.
Rows of our own ACLED export carry our columns too (exports.acled.TRACKER_COLUMNS): their
uid, type and claims by kind are read from those, so export → import changes nothing.
"""

import functools
from datetime import date, datetime

from django.utils.translation import gettext, gettext_lazy, gettext_noop

from ..dates import WindowOutOfRange, centred_week_start
from ..exports.acled import (
    BATTLES,
    EXPLOSIONS,
    GEO_PRECISION_CODE,
    STRATEGIC,
    TIME_PRECISION_CODE,
    VIOLENCE_AGAINST_CIVILIANS,
    first_key_for_each_value,
)
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
    MISSING,
    PUBLISHER_GIVES,
    Checker,
    Cited,
    ImportedPlace,
    Record,
    Statement,
    derived_uid,
    identifier,
    is_whole,
    on_the_publishers_record,
    split_names,
)
from .scope import Scope

NAME = "ACLED"
DESCRIPTION = gettext_lazy("an ACLED file")
# (event_type, sub_event_type) → our type (type_for_event). Its own type is kept beside it.
TYPE_FOR_EVENT = {
    (EXPLOSIONS, "Shelling/artillery/missile attack"): "rocket",
    (EXPLOSIONS, "Remote explosive/landmine/IED"): "ied",
    (EXPLOSIONS, "Air/drone strike"): "drone",
    (VIOLENCE_AGAINST_CIVILIANS, "Abduction/forced disappearance"): "kidnapping",
    (STRATEGIC, "Arrests"): "arrest",
    (STRATEGIC, "Disrupted weapons use"): "foiled",
    (STRATEGIC, "Looting/property destruction"): "other",
}
# The kinds whose other events are no attacks: a protest, a displacement, a government formed.
NOT_ATTACKS = ("Protests", STRATEGIC)
# What the tracker records unless told otherwise: every event of these types, and these
# strategic developments. Protests, riots and the other developments are skipped.
SCOPE = Scope(
    whole=(BATTLES, EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS),
    parts={STRATEGIC: ("Arrests", "Disrupted weapons use", "Looting/property destruction", "Other")},
)
# Whose actor1 ACLED names as the perpetrator: attacks. In battles both sides fight, and in
# strategic developments actor1 is who acted (police arresting), so no one is blamed.
ATTRIBUTING = (EXPLOSIONS, VIOLENCE_AGAINST_CIVILIANS)
TIME_PRECISION = {str(code): precision for code, precision in first_key_for_each_value(TIME_PRECISION_CODE).items()}
GEO_PRECISION = {str(code): precision for code, precision in first_key_for_each_value(GEO_PRECISION_CODE).items()}
REQUIRED = [
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
# current layouts identify a row by event_id_cnty; old ones (and rows without it) by data_id
IDENTIFIERS = ["event_id_cnty", "data_id"]
SIGNATURE = ("event_type", "sub_event_type", "actor1", "event_date")
# ACLED's dates over the years: 2020-05-09, 09 May 2020, 9 May 2020, 28 December 2022, 9-May-20.
ACLED_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%b-%y", "%d-%B-%Y", "%d-%b-%Y", "%d %b %y")
# ACLED has no target type, wounded count or confidence: an update keeps ours
GIVES = PUBLISHER_GIVES
# Our own incidents in our ACLED export: what that layout carries of them without loss (its
# title, place and dates are ACLED's approximations of ours, and its sources only publishers).
OURS_GIVES = frozenset(["type", "target_detail", "killed", "summary", "claims"])
DATA_ID_REMARK = gettext_noop("identified by data_id (no event_id_cnty)")  # Report.summary() translates it


# Columns only ACLED's layouts since its 2019 recoding have: a file with event_type and none of
# these, nor sub_event_type, is of a layout before it (version 7's GWNO and ALLY_ACTOR_1, or 2018's
# lower-case one with assoc_actor_1)
RECODED_COLUMNS = frozenset(["sub_event_type", "disorder_type", "civilian_targeting", "timestamp", "source_scale"])


def retired_layout(header):
    """What to do with a file of ACLED's layouts before 2019 (version 7 and older: no sub-event
    type, other event types, its columns in capitals), or None for another header. ACLED has
    since recoded every year into its current layout, which its export tool gives."""
    names = {name.casefold() for name in header}
    if names & RECODED_COLUMNS or not {"event_type", "actor1", "event_date"} <= names:
        return None  # today's layout with sub_event_type left out: that column is said missing
    return gettext(
        "this is ACLED's layout from before 2019 (no sub_event_type; version 7 and older, its columns often in "
        "capitals), which the tracker doesn't read: ACLED has recoded every year since into its current layout — "
        "download these events again from ACLED's export tool"
    )


def cell(row, column):
    value = row.get(column, "").strip()
    return "" if value in MISSING else value


def identity(row):
    """event_id_cnty; an old row without one falls back on data_id; our export's rows on their uid."""
    if cell(row, "tracker_uid"):
        return f"uid:{cell(row, 'tracker_uid')}"
    if cell(row, "event_id_cnty"):
        return f"acled:{cell(row, 'event_id_cnty')}"
    return f"acled-data_id:{identifier(cell(row, 'data_id'))}"


def type_for_event(event, sub_event):
    """Our type for ACLED's kinds: where one maps, that; any other event of a kind that is no
    attack (NOT_ATTACKS) "other_event", else "other" (an attack of no type of ours)."""
    return TYPE_FOR_EVENT.get((event, sub_event), "other_event" if event in NOT_ATTACKS else "other")


def skipped(row, keep=None, matched=None):
    """The row's kind when the tracker does not record it (scope.Scope), else None."""
    return SCOPE.skipped(cell(row, "event_type"), cell(row, "sub_event_type"), keep, matched)


def parse(line, row, lookups):
    check = Checker(line, row, lookups)
    event_id = check.text("event_id_cnty", max_length=100)
    data_id = check.identifier("data_id")
    identified = bool(event_id or data_id)
    if not identified and not check.text("tracker_uid"):
        check.problem("event_id_cnty", gettext("is empty, and so is data_id: a row needs one of them"))
    # Our export of a row ACLED identified by data_id alone (a column the current layout lacks)
    # is read as ours: found by its uid, it can't say which ACLED record it was.
    ours = is_ours(check, "event_id_cnty") or not identified
    start, end, precision = event_window(check)
    check_timestamp(check)
    latitude, longitude = check.coordinates("latitude", "longitude")
    (start, end, precision), (latitude, longitude) = our_where_and_when(
        check, ours, (start, end, precision), (latitude, longitude)
    )
    geo_code = check.choice("geo_precision", list(GEO_PRECISION), default="1")
    geo_precision = our_geo_precision(check, default=GEO_PRECISION.get(geo_code))
    event, sub_event = check.text("event_type", required=True), check.text("sub_event_type")
    incident_type = our_type(check, default=type_for_event(event, sub_event))
    country = check.country("country")
    record = Record(
        line=line,
        uid=check.uid("tracker_uid") or derived_uid(*acled_identity(event_id, data_id)),
        external_id="" if ours else event_id or data_id,
        title=f"{sub_event or event or 'Event'}: {check.text('location')}"[:200],
        summary=check.text("notes"),
        type=incident_type,
        target=Incident.Target.OTHER,
        target_detail=check.fitted(target_detail(check, event, ours), 300),
        date=start,
        date_end=end,
        date_precision=precision,
        **our_counts(check, ours, killed=check.count("fatalities", field="killed"), wounded=None),
        confidence=Confidence.MEDIUM,
        place=ImportedPlace(
            name=check.text("location", required=True, max_length=200),
            governorate_id=check.admin1_governorate(
                "admin1", country, point=(latitude, longitude), precision=geo_precision
            ),
            country=country,
            latitude=latitude,
            longitude=longitude,
            geo_precision=geo_precision,
        ),
        **statements_and_sources(check, event, event_id or data_id, ours),
        given=OURS_GIVES if ours else GIVES,
        of_our_export=of_our_export(check),
        publisher_record={} if ours else check.publisher_record("acled", excluded=TRACKER_COLUMNS),
        publisher_columns=() if ours else check.publisher_columns(TRACKER_COLUMNS),
        remarks=((DATA_ID_REMARK,) if not event_id and data_id else ()) + tuple(check.remarks),
    )
    return record, check.problems


def check_timestamp(check):
    """ACLED's timestamp decides whether the row is newer than ours (writing.Plan): a whole number
    of seconds, or empty (an older layout). Anything else would be taken for none, and the row
    for older than ours."""
    value = check.code("timestamp")
    if value and not is_whole(value):
        check.problem("timestamp", gettext("%(value)s is not a whole number") % {"value": repr(value)})


def statements_and_sources(check, event, identifier, ours):
    """Our own export's claims and sources as they were; else ACLED's attributions, resting on its
    record, and the sources it cites."""
    cited = [
        Cited(publisher=check.fitted(name, 200), title=check.fitted(f"{name} (as cited by ACLED)", 500), url="")
        for name in split_names(check.text("source"))
    ]
    if ours:
        return {"claims": claims(check, event), "sources": cited}
    statements, sources = on_the_publishers_record(NAME, identifier, claims(check, event), cited)
    return {"claims": statements, "sources": sources}


def acled_identity(event_id, data_id):
    return ("acled", event_id) if event_id else ("acled-data_id", data_id)


def event_window(check):
    """(date, date_end, date_precision) for ACLED's date: a week around it, or its month."""
    event_date = parse_event_date(check)
    code = check.choice("time_precision", list(TIME_PRECISION), default="1")
    if event_date is None or code is None:
        return None, None, "day"
    precision = TIME_PRECISION[code]
    if precision == "week":
        try:
            event_date = centred_week_start(event_date)
        except WindowOutOfRange as error:
            check.problem("event_date", str(error))
            return None, None, "day"
    start, end = check.date_window(event_date, None, precision, column="event_date")
    return start, end, precision


def parse_event_date(check):
    value = check.text("event_date", required=True)
    found = acled_date(value)
    if found is None and value:
        return check.date("event_date")
    return found


@functools.lru_cache(maxsize=4096)
def acled_date(value):
    """The date `value` says in one of ACLED's formats, or None. Each distinct text is read once:
    a file repeats a few thousand dates, and an old layout's (9-May-20) took 15 µs of failed
    and found strptime formats a row."""
    if len(value) == 10 and value[4] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    for date_format in ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    return None


def claims(check, event):
    """Our export's claims by kind where the file has them; else, for an attack, actor1 and its
    associated actors, to whom ACLED attributes it. actor2 and its associates are targets."""
    ours = our_claims(check)
    if ours is not None:
        return ours
    if event not in ATTRIBUTING:
        return []
    names = split_names(check.text("actor1")) + split_names(check.text("assoc_actor_1"))
    return [Statement(kind=Claim.Kind.ATTRIBUTED, who=name, stated_by=NAME) for name in dict.fromkeys(names)]


def target_detail(check, event, ours):
    """Our incidents' rows: actor2 is our target detail. ACLED's: for an attack, actor2 and its
    associated actors are its targets; otherwise who acted on whom."""
    if ours:
        return check.text("actor2")
    if event in ATTRIBUTING:
        return "; ".join(split_names(check.text("actor2")) + split_names(check.text("assoc_actor_2")))
    return involved(check)


def involved(check):
    """Battles and strategic developments: who acted and who was acted on, neither a culprit."""
    return " / ".join(name for name in (check.text("actor1"), check.text("actor2")) if name)
