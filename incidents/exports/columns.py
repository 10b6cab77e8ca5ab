"""The export's columns, in order: the one definition of an incident as researchers get it.

The CSV header and row (csv.py), the SELECT of PostgreSQL's COPY (copy.py) and the API's
item and its OpenAPI schema (api.py) are all made from COLUMNS, so adding a column is one
entry here (and its test). Each column says

* how its value is read (`read`): a field of the incident or its place (`Field`, by its
  values() lookup, converted to its JSON value), the incident's claims of one kind, its
  sources or its URL. The value is the API item's: typed, null where unknown, lists where
  there are several;
* its JSON type (`json`, a DRF field: it types the API item in the OpenAPI schema) and a
  one-line description (`about`: the schema's help text and the codebook's line);
* whether people typed it (`escaped`): every CSV then drops its bidi controls and escapes a
  formula-like start (cells.spreadsheet_safe);
* how its value is written in a CSV cell (`cell`): as it is, as decimal degrees, names
  joined with "; ", or sources as `publisher: title <url>` — in Python and in COPY's SQL.

In COPY's SQL a field is read from the query's tables i (the incident), l (its location)
and g (the location's governorate); claims from cl (a column per kind), sources from src.
"""

from dataclasses import dataclass, field
from functools import partial
from operator import methodcaller
from typing import Any, NamedTuple

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from ..models import Claim, Confidence, Incident, Location
from .cells import (
    LIST_SEPARATOR,
    degrees,
    degrees_sql,
    incident_url,
    incident_url_sql,
    source_cell,
    spreadsheet_safe,
    spreadsheet_safe_sql,
)


class Row(NamedTuple):
    """One incident as records.py reads it."""

    values: dict  # its values() row, by lookup
    claims: dict  # {kind: {name: None}}: each name once, in the order the claims were recorded
    sources: list  # [{"publisher", "title", "url"}] in the order they were linked
    site_url: str


TABLES = {"": "i", "location": "l", "location__governorate": "g"}  # the lookup's path → COPY's table


class Field:
    """A field of the incident or its place, by its values() lookup, converted to its JSON value."""

    def __init__(self, lookup, convert=None):
        self.lookup, self.convert = lookup, convert

    def __call__(self, row):
        value = row.values[self.lookup]
        return value if self.convert is None else self.convert(value)

    def sql(self):
        path, _, name = self.lookup.rpartition("__")
        model = Incident
        for step in path.split("__") if path else ():
            model = model._meta.get_field(step).related_model
        return f'{TABLES[path]}."{model._meta.get_field(name).column}"'


class Claims:
    """The names (a group's, or the actor described) in the incident's claims of one kind."""

    def __init__(self, kind):
        self.kind = Claim.Kind(kind).value

    def __call__(self, row):
        return list(row.claims.get(self.kind, ()))

    def sql(self):
        return f'cl."{self.kind}"'


class Sources:
    def __call__(self, row):
        return row.sources

    def sql(self):
        return "src.sources"


class Url:
    """The incident's page on the site that answers."""

    def __call__(self, row):
        return incident_url(row.site_url, row.values["id"])

    def sql(self):
        return incident_url_sql("%(site)s", "i.id")


@dataclass(frozen=True)
class Cell:
    """How a column's JSON value is written in a CSV cell: in Python, and around its SQL for COPY."""

    python: Any = None  # None: as it is (None is an empty cell)
    sql: Any = None  # None: the read's SQL as it is


AS_IS = Cell()
DEGREES = Cell(degrees, degrees_sql)
JOINED = Cell(LIST_SEPARATOR.join)  # names; COPY joins them as it aggregates the claims (copy.py)
CITATIONS = Cell(source_cell)  # sources; COPY writes them as it aggregates them (cells.source_sql)


@dataclass(frozen=True)
class Column:
    name: str
    read: Any  # Field, Claims, Sources or Url
    json: Any  # a DRF field class (or a partial of one)
    escaped: bool  # ESCAPED: typed by people, so cells.spreadsheet_safe in every CSV
    about: str
    cell: Cell = AS_IS
    csv_cell: Any = field(init=False, repr=False, compare=False)  # the JSON value → its CSV cell

    def __post_init__(self):
        # One call per cell, composed once: the Python export's inner loop.
        writers = [self.cell.python, spreadsheet_safe if self.escaped else None]
        object.__setattr__(self, "csv_cell", compose(*(writer for writer in writers if writer)))

    def copy_sql(self):
        written = self.read.sql() if self.cell.sql is None else self.cell.sql(self.read.sql())
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


def or_empty(value):
    return "" if value is None else value


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
GEO_PRECISIONS, CONFIDENCES = choice(Location.Precision), choice(Confidence)
NO_COORDINATES = "Decimal degrees; empty (null) where the sources give no coordinates."

COLUMNS = [
    Column("id", Field("id"), INTEGER, VERBATIM, "The incident's number on this site."),
    Column("uid", Field("uid", str), UUID, VERBATIM, "Its identifier across databases; imports match on it."),
    Column("external_id", Field("external_id"), TEXT, ESCAPED, "Its id in the data set it came from, or empty."),
    Column("date", Field("date", ISO_DATE), DATE, VERBATIM, "The first possible day."),
    Column("date_end", Field("date_end", ISO_DATE), DATE, VERBATIM, "The last possible day."),
    Column("date_precision", Field("date_precision"), DATE_PRECISIONS, VERBATIM, "How well the date is known."),
    Column("type", Field("type"), TYPES, VERBATIM, "What happened; foiled, arrest and propaganda are not attacks."),
    Column("target", Field("target"), TARGETS, VERBATIM, "The kind of target."),
    Column("target_detail", Field("target_detail"), TEXT, ESCAPED, "The target in words, or empty."),
    Column("title", Field("title"), TEXT, ESCAPED, "A one-line title."),
    Column("summary", Field("summary"), TEXT, ESCAPED, "What the sources say happened, or empty."),
    Column("location", Field("location__name"), TEXT, ESCAPED, "The place's name."),
    Column(
        "governorate",
        Field("location__governorate__name", or_empty),
        TEXT,
        ESCAPED,
        "Empty where only its country is known.",
    ),
    Column("country", Field("location__country"), TEXT, ESCAPED, "The place's country."),
    Column("latitude", Field("location__latitude", as_float), NUMBER_OR_NULL, VERBATIM, NO_COORDINATES, DEGREES),
    Column("longitude", Field("location__longitude", as_float), NUMBER_OR_NULL, VERBATIM, NO_COORDINATES, DEGREES),
    Column("geo_precision", Field("location__geo_precision"), GEO_PRECISIONS, VERBATIM, "How well the place is known."),
    Column("killed", Field("killed"), COUNT_OR_NULL, VERBATIM, "People killed; empty (null): unknown, 0: none."),
    Column("wounded", Field("wounded"), COUNT_OR_NULL, VERBATIM, "People wounded; empty (null): unknown, 0: none."),
    Column(
        "claimed_by",
        Claims("claimed"),
        names,
        ESCAPED,
        "Who claimed it themselves (groups, or actors described).",
        JOINED,
    ),
    Column("attributed_to", Claims("attributed"), names, ESCAPED, "Named by officials or analysts.", JOINED),
    Column("suspected", Claims("suspected"), names, ESCAPED, "Suspected, with no claim or attribution.", JOINED),
    Column("denied_by", Claims("denied"), names, ESCAPED, "Who denied it.", JOINED),
    Column("confidence", Field("confidence"), CONFIDENCES, VERBATIM, "How sure we are it happened as described."),
    Column(
        "sources", Sources(), source_references, ESCAPED, "Each `publisher: title <url>` (no <url> if none).", CITATIONS
    ),
    Column("url", Url(), URL, VERBATIM, "The incident's page on the site."),
]
CSV_HEADER = [column.name for column in COLUMNS]
