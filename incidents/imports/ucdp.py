"""UCDP's Georeferenced Event Dataset (GED) CSV read into our model (README lists the columns).

The row is kept as UCDP wrote it (Incident.publisher_record), its low/best/high estimates
and sides among it; what is read here is our mapping: the best estimate of deaths as our
killed, a date window, a place, and for one-sided violence side_a as the perpetrator.
UCDP codes no means of attack, so every event is of our type "other".
"""

import re
from datetime import date

from django.utils.translation import gettext, gettext_lazy

from ..exports.ucdp import SOURCE_SEPARATOR
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
    Given,
    ImportedPlace,
    Record,
    Statement,
    derived_uid,
    identifier,
    on_the_publishers_record,
    source_pieces,
    whole,
)
from .scope import Scope

NAME = "UCDP GED"
DESCRIPTION = gettext_lazy("a UCDP GED file")
REQUIRED = ["id", "date_start", "date_end", "side_a", "side_b", "best", "country", "latitude", "longitude"]
IDENTIFIERS = []
SIGNATURE = ("id", "date_start", "side_a", "best")
# type_of_violence → its name, the kind the report counts and --keep-type chooses
VIOLENCE = {"1": "State-based conflict", "2": "Non-state conflict", "3": "One-sided violence"}
ONE_SIDED = "3"
SCOPE = Scope()  # every kind of organised violence UCDP codes
# where_prec 1–7 → our geo precision
GEO_PRECISION = {
    "1": "town",
    "2": "town",
    "3": "district",
    "4": "governorate",
    "5": "governorate",
    "6": "country",
    "7": "country",
}
CONFIDENCE = {"1": Confidence.MEDIUM, "2": Confidence.LOW}  # event_clarity: 2 is UCDP's "lower clarity"
GIVES = PUBLISHER_GIVES | {"confidence"}
# The columns each field is read from, beyond the required ones: a file without them doesn't give it.
READ_FROM = {
    "confidence": ("event_clarity",),
    "sources": ("source_article",),
    "summary": ("source_headline",),
    "location": ("where_prec", "adm_1"),
    "claims": ("type_of_violence",),
    "claim_sources": ("type_of_violence",),
}
GIVEN = Given(GIVES, READ_FROM)
# One article of source_article: UCDP quotes each ("publisher,date,headline") and separates them
# by ;, so a ; inside the quotes is the headline's own. A quote never closed is a character.
ARTICLE = re.compile(r'(?:"[^"]*"|[^;"]|")+')
# Our own incidents in our GED export: what that layout carries of them without loss.
OURS_GIVES = frozenset(["type", "target_detail", "killed", "claims"])


def identity(row):
    return f"ucdp:{identifier(row.get('id', ''))}"


def skipped(row, keep=None, matched=None):
    """As scope.Scope.skipped, a kind to keep named by its code (3) or its name (One-sided violence)."""
    code = whole(row.get("type_of_violence", "").strip())
    if keep and code in keep:
        if matched is not None:
            matched |= {code, VIOLENCE.get(code, code)} & keep
        return None
    return SCOPE.skipped(VIOLENCE.get(code, code), "", keep, matched)


def parse(line, row, lookups):
    check = Checker(line, row, lookups)
    event_id = check.identifier("id", required=True)
    ours = is_ours(check, "id")
    start, end = day(check, "date_start"), day(check, "date_end")
    precision = "day" if start == end else "range"
    start, end = check.date_window(start, end, precision, column="date_start")
    latitude, longitude = check.coordinates("latitude", "longitude")
    (start, end, precision), (latitude, longitude) = our_where_and_when(
        check, ours, (start, end, precision), (latitude, longitude)
    )
    country = check.country("country")
    place_name = check.text("where_coordinates") or check.text("adm_2") or check.text("adm_1") or country
    one_sided = check.choice("type_of_violence", list(VIOLENCE), default="") == ONE_SIDED
    side_a, side_b = check.text("side_a", required=not ours), check.text("side_b")
    attributed = [Statement(kind=Claim.Kind.ATTRIBUTED, who=side_a, stated_by=NAME)] if one_sided and side_a else []
    statements = our_claims(check)
    if statements is None:
        statements = attributed
    where_prec = check.choice("where_prec", list(GEO_PRECISION), default="1")
    geo_precision = our_geo_precision(check, default=GEO_PRECISION.get(where_prec, "town"))
    sources = cited(check, ours)
    if not ours:
        statements, sources = on_the_publishers_record(NAME, event_id, statements, sources)
    record = Record(
        line=line,
        uid=check.uid("tracker_uid") or (derived_uid("ucdp", event_id) if event_id else None),
        external_id="" if ours else event_id,
        **title_and_summary(check, ours, side_a, side_b, place_name),
        type=our_type(check, default="other"),
        target=Incident.Target.OTHER,
        target_detail=check.fitted(side_b if one_sided or ours else " / ".join(filter(None, (side_a, side_b))), 300),
        date=start,
        date_end=end,
        date_precision=precision,
        **our_counts(check, ours, killed=check.count("best", field="killed"), wounded=None),
        confidence=CONFIDENCE[check.choice("event_clarity", list(CONFIDENCE), default="1")],
        place=ImportedPlace(
            name=check.fitted(place_name, 200),
            governorate_id=check.admin1_governorate(
                "adm_1", country, point=(latitude, longitude), precision=geo_precision
            ),
            country=country,
            latitude=latitude,
            longitude=longitude,
            geo_precision=geo_precision,
        ),
        claims=statements,
        sources=sources,
        given=OURS_GIVES if ours else GIVEN(check.row),
        of_our_export=of_our_export(check),
        publisher_record={} if ours else check.publisher_record("ucdp", excluded=TRACKER_COLUMNS, empty=False),
        publisher_columns=() if ours else check.publisher_columns(TRACKER_COLUMNS),
        remarks=tuple(check.remarks),
    )
    for column in ("low", "high"):
        check.count(column, field="killed")
    return record, check.problems


def cited(check, ours):
    """The articles source_article cites, published by UCDP GED; our own incidents' sources as our
    export wrote them (`publisher: title <url>`, separated by ;), each by its own publisher."""
    if ours:
        return check.cited("source_article", source_pieces(check.text("source_article"), SOURCE_SEPARATOR))
    return [
        Cited(publisher=NAME, title=check.fitted(article, 500), url="")
        for article in articles(check.text("source_article"))
    ]


def title_and_summary(check, ours, side_a, side_b, place_name):
    """UCDP's row: its dyad (else its sides) at its place, and the headline as the summary. Our own
    incident's: our title, which our export wrote as the headline (the layout has no summary of ours)."""
    if ours:
        return {"title": check.text("source_headline", required=True, max_length=200), "summary": ""}
    return {
        "title": f"{check.text('dyad_name') or f'{side_a} – {side_b}'}: {place_name}"[:200],
        "summary": check.text("source_headline"),
    }


def articles(cell):
    """The articles a source_article cell cites, each once, as UCDP wrote them (quotes included):
    split at each ; outside an article's quotes, never inside a headline."""
    found = (article.strip() for article in ARTICLE.findall(cell))
    return list(dict.fromkeys(article for article in found if article and article not in MISSING))


def day(check, column):
    """A GED date: 2020-01-03, or with a time UCDP's files may add (2020-01-03 00:00:00.000)."""
    value = check.text(column, required=True)
    if not value:
        return None
    if len(value) > 10 and value[10] in " T":
        value = value[:10]
    if len(value) != 10:
        return check.date(column)  # a written date; 1/5/2019 is refused, not guessed
    try:
        return date.fromisoformat(value)
    except ValueError:
        check.problem(column, gettext("%(value)s is not a date (YYYY-MM-DD)") % {"value": repr(value)})
        return None
