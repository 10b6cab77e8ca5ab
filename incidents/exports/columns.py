"""The export's columns, in order: the one definition of an incident as researchers get it.

The CSV header and row (csv.py), the SELECT of PostgreSQL's COPY (copy.py) and the API's
item and its OpenAPI schema (api.py) are all made from COLUMNS, so adding a column is one
entry here (and its test). Each column says

* how its value is read (`read`): a field of the incident or its place (`field`, by its
  values() lookup, converted to its JSON value), the incident's claims of one kind, its
  sources or its page's URL. The value is the API item's: typed, null where unknown,
  lists where there are several;
* its JSON type (`json`, a DRF field: it types the API item in the OpenAPI schema) and a
  one-line description (`about`: the schema's help text and the codebook's line);
* whether people typed it (`escaped`): every CSV then drops its bidi controls and escapes a
  formula-like start (cells.spreadsheet_safe);
* how its value is written in a CSV cell (`cell`): as it is, as decimal degrees, names
  joined with "; ", or sources as `publisher: title <url>` — in Python and in COPY's SQL.

In COPY's SQL a field is read from the query's tables i (the incident), l (its location),
g (the location's governorate) and d (the incident it duplicates); claims from cl (a column per kind), sources from src,
the claims' sources from cs. PostgreSQL keeps every cell written that way current in a table of
its own (stored.py), and the export reads them there; only the page's URL (`stored=False`),
which names the site that answers, is written while exporting.
"""

import dataclasses
from dataclasses import dataclass
from functools import partial
from operator import methodcaller
from typing import Any, NamedTuple

from django.utils.translation import gettext_noop
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from ..models import Claim, Confidence, Incident, Location
from .cells import (
    LIST_SEPARATOR,
    claim_source_cell,
    degrees,
    degrees_sql,
    incident_url,
    incident_url_sql,
    source_cell,
    spreadsheet_safe,
    spreadsheet_safe_sql,
    sql_literal,
)


class Row(NamedTuple):
    """One incident as records.py reads it."""

    values: dict  # its values() row, by lookup
    claims: dict  # {kind: {name: None}}: each name once, in the order the claims were recorded
    sources: list  # [{"publisher", "title", "url"}] in the order they were linked
    claim_sources: list  # [{"kind", "who", "source"}]: each claim once, source its number in `sources` or None
    site_url: str


TABLES = {
    "": "i",
    "location": "l",
    "location__governorate": "g",
    "duplicate_of": "d",
}  # the lookup's path → COPY's table


@dataclass(frozen=True)
class Read:
    """How a column's value is read: in Python from the incident's Row, and in COPY's SQL."""

    python: Any  # Row → the JSON value
    sql: Any  # () → COPY's expression; called when the query is made (a URL needs the URLconf)
    lookup: str | None = None  # a field's values() lookup
    stored: bool = True  # its cell is kept current in PostgreSQL (stored.py); False: written while exporting
    also: tuple = ()  # other values() lookups the value depends on (read with it, and watched by stored.py)

    @property
    def lookups(self):
        return (self.lookup, *self.also) if self.lookup else self.also


def field(lookup, convert=None):
    """A field of the incident or its place, by its values() lookup, converted to its JSON value."""

    def python(row):
        return row.values[lookup]

    def converted(row):
        return convert(row.values[lookup])

    return Read(python if convert is None else converted, partial(field_sql, lookup), lookup)


def field_sql(lookup):
    """The lookup's column in the COPY query: location__name → l."name"."""
    path, _, name = lookup.rpartition("__")
    model = Incident
    for step in path.split("__") if path else ():
        model = model._meta.get_field(step).related_model
    return f'{TABLES[path]}."{model._meta.get_field(name).column}"'


def counting_uid():
    """The uid of the incident this one is a duplicate of, where that one is public (published);
    None otherwise. The rule keeps a published incident from being a duplicate of one that is not
    (Incident.uncounted_problem); for data written before it, an export never names, by its uid,
    an incident the public can't see (a draft, or retracted)."""
    published = Incident.Status.PUBLISHED.value

    def python(row):
        values = row.values
        return as_text(values["duplicate_of__uid"]) if values["duplicate_of__status"] == published else None

    def sql():
        status, uid = field_sql("duplicate_of__status"), field_sql("duplicate_of__uid")
        return f"CASE WHEN {status} = {sql_literal(published)} THEN {uid} END"

    return Read(python, sql, "duplicate_of__uid", also=("duplicate_of__status",))


def claims(kind):
    """The names (a group's, or the actor described) in the incident's claims of one kind."""
    kind = Claim.Kind(kind).value

    def python(row):
        return list(row.claims.get(kind, ()))

    return Read(python, lambda: f'cl."{kind}"')


def sources():
    return Read(lambda row: row.sources, lambda: "src.sources")


def claim_sources():
    return Read(lambda row: row.claim_sources, lambda: "cs.claim_sources")


def page_url():
    """The incident's page on the site that answers."""
    return Read(
        lambda row: incident_url(row.site_url, row.values["id"]),
        lambda: incident_url_sql("%(site)s", "i.id"),
        stored=False,
    )


@dataclass(frozen=True)
class Cell:
    """How a column's JSON value is written in a CSV cell: in Python, and around its SQL for COPY."""

    python: Any = None  # None: as it is (None is an empty cell)
    sql: Any = None  # None: the read's SQL as it is


AS_IS = Cell()
DEGREES = Cell(degrees, degrees_sql)
JOINED = Cell(LIST_SEPARATOR.join)  # names; COPY joins them as it aggregates the claims (copy.py)
CITATIONS = Cell(source_cell)  # sources; COPY writes them as it aggregates them (cells.source_sql)
CLAIM_CITATIONS = Cell(claim_source_cell)  # claims' sources; COPY writes them as it aggregates them


@dataclass(frozen=True)
class Column:
    name: str
    read: Read
    json: Any  # a DRF field class (or a partial of one)
    escaped: bool  # ESCAPED: typed by people, so cells.spreadsheet_safe in every CSV
    about: str
    cell: Cell = AS_IS
    csv_cell: Any = dataclasses.field(init=False, repr=False, compare=False)  # the JSON value → its CSV cell

    def __post_init__(self):
        # One call per cell, composed once: the Python export's inner loop.
        writers = [self.cell.python, spreadsheet_safe if self.escaped else None]
        object.__setattr__(self, "csv_cell", compose(*(writer for writer in writers if writer)))

    def copy_sql(self):
        """The cell as COPY writes it, computed from the query's tables (for a stored cell: as stored.py keeps it)."""
        read = self.read.sql()
        written = read if self.cell.sql is None else self.cell.sql(read)
        return spreadsheet_safe_sql(written) if self.escaped else written

    def api_field(self):
        return self.json(help_text=self.about)


def compose(*functions):
    if not functions:
        return lambda value: value
    if len(functions) == 1:
        return functions[0]
    first, then = functions
    return lambda value: then(first(value))


def choice(choices):
    return partial(serializers.ChoiceField, choices.choices)


def names(**kwargs):
    return serializers.ListField(child=serializers.CharField(), **kwargs)


def source_references(**kwargs):
    fields = {
        "publisher": serializers.CharField(),
        "title": serializers.CharField(),
        "url": serializers.CharField(help_text="Empty only where the source gives none."),
    }
    return inline_serializer("IncidentSourceReference", fields, many=True, **kwargs)


def claim_source_references(**kwargs):
    fields = {
        "kind": serializers.ChoiceField(Claim.Kind.choices),
        "who": serializers.CharField(help_text="As in claimed_by, attributed_to, suspected or denied_by."),
        "source": serializers.IntegerField(
            allow_null=True,
            help_text="The number of the source it rests on in `sources` (1 is the first); null where it names "
            "none of them.",
        ),
    }
    return inline_serializer("ClaimSourceReference", fields, many=True, **kwargs)


def or_empty(value):
    return "" if value is None else value


def as_text(value):
    return None if value is None else str(value)


def as_float(value):
    return None if value is None else float(value)


ESCAPED, VERBATIM = True, False  # VERBATIM: numbers, dates, choices and our own URLs can't start a formula
ISO_DATE = methodcaller("isoformat")
INTEGER, UUID, DATE, URL, TEXT = (
    serializers.IntegerField,
    serializers.UUIDField,
    serializers.DateField,
    serializers.URLField,
    serializers.CharField,
)
NUMBER_OR_NULL = partial(serializers.FloatField, allow_null=True)
COUNT_OR_NULL = partial(serializers.IntegerField, allow_null=True)
DATE_PRECISIONS, TYPES, TARGETS = choice(Incident.DatePrecision), choice(Incident.Type), choice(Incident.Target)
TARGET_OWNERS = choice(Incident.TargetOwner)
UUID_OR_NULL = partial(serializers.UUIDField, allow_null=True)
GEO_PRECISIONS, CONFIDENCES = choice(Location.Precision), choice(Confidence)
NO_COORDINATES = gettext_noop("Decimal degrees; empty (null) where the sources give no coordinates.")

COLUMNS = [
    Column("id", field("id"), INTEGER, VERBATIM, gettext_noop("The incident's number on this site.")),
    Column(
        "uid", field("uid", str), UUID, VERBATIM, gettext_noop("Its identifier across databases; imports match on it.")
    ),
    Column(
        "external_id",
        field("external_id"),
        TEXT,
        ESCAPED,
        gettext_noop("Its id in the data set it came from, or empty."),
    ),
    Column("date", field("date", ISO_DATE), DATE, VERBATIM, gettext_noop("The first possible day.")),
    Column("date_end", field("date_end", ISO_DATE), DATE, VERBATIM, gettext_noop("The last possible day.")),
    Column(
        "date_precision",
        field("date_precision"),
        DATE_PRECISIONS,
        VERBATIM,
        gettext_noop("How well the date is known."),
    ),
    Column(
        "type",
        field("type"),
        TYPES,
        VERBATIM,
        gettext_noop("What happened; foiled, arrest, propaganda and other_event are not attacks."),
    ),
    Column("target", field("target"), TARGETS, VERBATIM, gettext_noop("The kind of target.")),
    Column("target_detail", field("target_detail"), TEXT, ESCAPED, gettext_noop("The target in words, or empty.")),
    Column(
        "target_owner",
        field("target_owner"),
        TARGET_OWNERS,
        VERBATIM,
        gettext_noop("Whose the target is (US, coalition, …)."),
    ),
    Column("title", field("title"), TEXT, ESCAPED, gettext_noop("A one-line title.")),
    Column("summary", field("summary"), TEXT, ESCAPED, gettext_noop("What the sources say happened, or empty.")),
    Column(
        "title_ar",
        field("title_ar"),
        TEXT,
        ESCAPED,
        gettext_noop("The title in Arabic, or empty (the site shows the English one)."),
    ),
    Column("summary_ar", field("summary_ar"), TEXT, ESCAPED, gettext_noop("The summary in Arabic, or empty.")),
    Column("location", field("location__name"), TEXT, ESCAPED, gettext_noop("The place's name.")),
    Column(
        "governorate",
        field("location__governorate__name", or_empty),
        TEXT,
        ESCAPED,
        gettext_noop("Empty where only its country is known."),
    ),
    Column("country", field("location__country"), TEXT, ESCAPED, gettext_noop("The place's country.")),
    Column("latitude", field("location__latitude", as_float), NUMBER_OR_NULL, VERBATIM, NO_COORDINATES, DEGREES),
    Column("longitude", field("location__longitude", as_float), NUMBER_OR_NULL, VERBATIM, NO_COORDINATES, DEGREES),
    Column(
        "geo_precision",
        field("location__geo_precision"),
        GEO_PRECISIONS,
        VERBATIM,
        gettext_noop("How well the place is known."),
    ),
    Column(
        "killed",
        field("killed"),
        COUNT_OR_NULL,
        VERBATIM,
        gettext_noop("People killed; empty (null): unknown, 0: none."),
    ),
    Column(
        "wounded",
        field("wounded"),
        COUNT_OR_NULL,
        VERBATIM,
        gettext_noop("People wounded; empty (null): unknown, 0: none."),
    ),
    Column(
        "claimed_by",
        claims("claimed"),
        names,
        ESCAPED,
        gettext_noop("Who claimed it themselves (groups, or actors described)."),
        JOINED,
    ),
    Column(
        "attributed_to", claims("attributed"), names, ESCAPED, gettext_noop("Named by officials or analysts."), JOINED
    ),
    Column(
        "suspected",
        claims("suspected"),
        names,
        ESCAPED,
        gettext_noop("Suspected, with no claim or attribution."),
        JOINED,
    ),
    Column("denied_by", claims("denied"), names, ESCAPED, gettext_noop("Who denied it."), JOINED),
    Column(
        "confidence",
        field("confidence"),
        CONFIDENCES,
        VERBATIM,
        gettext_noop("How sure we are it happened as described."),
    ),
    Column(
        "duplicate_of",
        counting_uid(),
        UUID_OR_NULL,
        VERBATIM,
        gettext_noop(
            "The uid of the incident that counts for this event; empty (null) unless this one is a duplicate "
            "of a published incident."
        ),
    ),
    Column(
        "sources",
        sources(),
        source_references,
        ESCAPED,
        gettext_noop("Each `publisher: title <url>` (no <url> if none)."),
        CITATIONS,
    ),
    Column(
        "claim_sources",
        claim_sources(),
        claim_source_references,
        ESCAPED,
        gettext_noop(
            "Each claim, its kind and who, with the number of the source it rests on in `sources` (1 is the "
            "first; none where it names none of them); a CSV cell reads `kind: who <n>`."
        ),
        CLAIM_CITATIONS,
    ),
    Column("url", page_url(), URL, VERBATIM, gettext_noop("The incident's page on the site.")),
]
CSV_HEADER = [column.name for column in COLUMNS]
