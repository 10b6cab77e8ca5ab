"""What one imported row says about one incident, and the checks every format shares."""

import functools
import hashlib
import operator
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext, gettext_noop

from .. import outlines
from ..date_input import DateInputError, parse_date
from ..dates import DatePrecision, WindowOutOfRange, date_window
from ..exports.cells import FORMULA_PREFIXES
from ..models import Governorate, Group, Incident, Location, Source
from .names import REGIONS_WITHIN, actor_keys, governorate_key, our_country

# uids of rows identified only by another data set's id are derived from it, so the same
# row always maps to the same incident.
UID_NAMESPACE = uuid.UUID("6f1d4c52-8a0e-4a57-9d3c-2b1f0e5a7c10")
# The namespace hashed once, copied for each uid (derived_uid).
NAMESPACE_HASH = hashlib.sha1(UID_NAMESPACE.bytes, usedforsecurity=False)
# What every publisher's row gives (Record.given); a format adds what its layout also has.
PUBLISHER_GIVES = frozenset(
    [
        "external_id",
        "title",
        "summary",
        "type",
        "target_detail",
        "date",
        "killed",
        "location",
        "claims",
        "claim_sources",  # writing.CITES: every claim rests on the publisher's record (on_the_publishers_record)
        "sources",
        "publisher_record",
    ]
)
# How many files' headers what depends on a header alone is kept for (Given): a file's rows share one.
HEADERS_KEPT = 16


# What a row of our export says of a publisher's incident in our own columns (tracker_type,
# tracker_date …, the claims by kind): the rest of it is the publisher's cells as we held them.
OUR_COLUMNS_GIVE = frozenset(["type", "date", "killed", "wounded", "claims", "claim_sources"])


class Given:
    """What a layout's rows give (Record.given): the fields of `fields` whose columns the row's file
    has (`read_from`: {field: the columns it is read from}); a field whose columns the file lacks is
    not given (a GTD file of fewer columns leaves our wounded, target and sources alone, instead of
    reading them as unknown).

    It depends on the file's header alone, so it is worked out once per header, not per row (a
    frozenset a row, of a check a column, was 4 µs of a GTD row's 47)."""

    def __init__(self, fields, read_from):
        self.fields, self.read_from = fields, read_from
        self.of_header = functools.lru_cache(maxsize=HEADERS_KEPT)(self.worked_out)

    def __call__(self, row):
        return self.of_header(tuple(row))

    def worked_out(self, header):
        columns = set(header)
        return frozenset(
            field for field in self.fields if all(column in columns for column in self.read_from.get(field, ()))
        )


SHORTENED = gettext_noop(
    "had a text longer than our field, cut to fit (the publisher's row, kept with the incident, has it whole)"
)  # Report.summary() translates it
OUT_OF_RANGE = object()  # Checker.coordinate()'s answer for a publisher's coordinate out of range, as shipped
UNPLACED = gettext_noop(
    "had coordinates out of range, left unknown (the publisher's row, kept with the incident, has them as given)"
)  # Report.summary() translates it
SOURCE_LIMITS = {name: Source._meta.get_field(name).max_length for name in ("publisher", "title", "url")}
# One source as our exports write it (exports.cells.SOURCE): `publisher: title <url>`, the URL optional.
SOURCE_URL = re.compile(r"^(?P<rest>.*?)\s*<(?P<url>[^<>\s]+)>$", re.DOTALL)  # a title may hold a newline
# What publishers write for "not known" (R's NA in ACLED's files): missing, in every column.
MISSING = frozenset(["NA", "N/A"])


OUTSIDE_IRAQ = gettext_noop(
    "is empty, and the coordinates %(latitude)s, %(longitude)s lie in no Iraqi governorate's outline, nor "
    "within %(km)s km of one: name the governorate, or check the coordinates"
)


def derived_uid(kind, identifier):
    """uuid.uuid5(UID_NAMESPACE, "kind:identifier"), from the namespace's hash made once: uuid5 hashes
    the namespace again (and imports hashlib) for each uid, a uid a row (2.1 → 1.2 µs)."""
    digest = NAMESPACE_HASH.copy()
    digest.update(f"{kind}:{identifier}".encode())
    return uuid.UUID(bytes=digest.digest()[:16], version=5)


def portable_range(field):
    """(smallest, largest) value of an integer column that every supported database stores.

    Each connection's own range differs (SQLite takes 64 bits, PostgreSQL's integer stops at
    2,147,483,647), and a backup of one restores into the other, so a file is checked against
    the range they share: a value beyond it is a problem in the preview, never an error on
    writing.
    """
    return BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]


@dataclass(frozen=True)
class ImportedPlace:
    """Where a row says the incident happened: an existing Location with the same values, or a new one."""

    name: str
    governorate_id: int | None
    country: str
    latitude: Decimal | None
    longitude: Decimal | None
    geo_precision: str
    kind: str = Location.Kind.OTHER

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Statement:
    kind: str
    who: str
    stated_by: str = ""
    source: int | None = None  # the number of the source it rests on among the record's sources, from 1
    channel: str = "other"  # Claim.Channel

    def replaced(self, **changes):
        """The statement with `changes` made: what dataclasses.replace() makes, without its look at
        every field's definition each time (a claim or more a row: 1.35 → 1.0 µs)."""
        return Statement(**{**vars(self), **changes})


@dataclass(frozen=True)
class Cited:
    publisher: str
    title: str
    url: str


def on_the_publishers_record(publisher, identifier, statements, cited):
    """(statements, sources) of a publisher's row: the row itself comes first among the sources,
    and every statement rests on it. What ACLED, GTD or UCDP record about responsibility is
    their statement, made in that row; the sources the row cites are theirs, and a file doesn't
    say which of them names which actor."""
    record = Cited(publisher=publisher, title=f"{publisher} record {identifier}"[:500], url="")
    return [statement.replaced(source=1) for statement in statements], [record, *cited]


@dataclass
class Record:
    line: int
    uid: uuid.UUID
    external_id: str
    title: str
    summary: str
    type: str
    target: str
    target_detail: str
    date: date
    date_end: date
    date_precision: str
    killed: int | None
    wounded: int | None
    confidence: str
    place: ImportedPlace
    claims: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    given: frozenset = frozenset()  # what the file says; the rest of an existing incident is kept
    # (with "claim_sources": which source each claim rests on, so claims differing only in it differ)
    target_owner: str = "unknown"  # Incident.TargetOwner; ACLED files don't say
    publisher_record: dict = field(default_factory=dict)  # Incident.publisher_record
    # the publisher's columns the file has, empty ones too: a cell the file leaves empty clears
    # ours, where a column it lacks keeps ours (writing.with_cells_kept)
    publisher_columns: tuple = ()
    title_ar: str = ""  # our own export's Arabic title and summary; other layouts have none
    summary_ar: str = ""
    remarks: tuple = ()  # what the report counts about this row (e.g. identified by data_id)
    duplicate_of: uuid.UUID | None = None  # our own export's: the uid of the incident that counts
    # (killed, wounded) as the publisher's cells say, where the row's counts are ours (our export's
    # tracker_killed …, an analyst's correction): what the link to the publisher's record says
    publisher_counts: tuple | None = None
    # written by our export (it has our uid): its publisher's cells are those we held, our columns ours
    of_our_export: bool = False
    size: int = 0  # the row's text, in characters: what its chunk's memory grows with (imports.batched)


# The most digits of a whole number a column we read holds (a 64-bit integer has 19): int() refuses
# a text of more than 4,300 digits, and what a count or a year of more would mean is no number anyway.
WHOLE_DIGITS = 18


def is_whole(value):
    """Whether `value` is a whole number int() reads: digits only (not str.isdigit(), which takes
    superscripts and circled numbers, ², ①, that int() refuses), and not more than WHOLE_DIGITS."""
    return value.isdecimal() and len(value) <= WHOLE_DIGITS


def whole(value):
    """A whole number written as a decimal (3.0, -99.0) as the whole number; any other text as it is."""
    if value.endswith(".0") and is_whole(value[:-2].lstrip("-")):
        return value[:-2]
    return value


# A long number as a spreadsheet writes it in its "General" format: GTD's eventid 201901010001
# saved by Excel as 2.01901E+11. Its last digits are gone, and with them which record it was.
SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+")
ROUNDED_ID = gettext_noop(
    "%(value)s is a number a spreadsheet wrote in scientific notation: its last digits are lost, so it "
    "can't say which record the row is (use the publisher's file, or format the column as text before saving)"
)


def identifier(value):
    """A publisher's id as it identifies its row: without the spaces around it, and a number written
    as a decimal (pandas' 201901010001.0) as the number it is, so that the same record is found
    again, never taken for another one and imported twice."""
    return whole(value.strip())


class Checker:
    """Reads one row's cells, noting every problem instead of stopping at the first."""

    def __init__(self, line, row, lookups):
        self.line, self.row, self.lookups = line, row, lookups
        self.problems = []
        self.remarks = []  # what the report counts about the row (Record.remarks)

    def fitted(self, value, limit):
        """A publisher's text for one of our fields, cut to the field's length if longer, and the
        report says so: the row is not refused for it, as the publisher's row keeps it whole."""
        if len(value) <= limit:
            return value
        if SHORTENED not in self.remarks:
            self.remarks.append(SHORTENED)
        return value[:limit]

    def problem(self, column, message):
        self.problems.append((self.line, column, message))

    def text(self, column, required=False, max_length=None):
        value = self.row.get(column, "").strip()
        if value.startswith("'"):
            value = unneutralised(value)
        if value in MISSING:
            value = ""
        if required and not value:
            self.problem(column, gettext("is empty"))
        if max_length and len(value) > max_length:
            self.problem(column, gettext("is longer than %(limit)s characters") % {"limit": max_length})
            value = value[:max_length]
        return value

    def code(self, column, required=False):
        """A code or flag (GTD's claimed, UCDP's where_prec): text, with a whole number written as
        a decimal, as files saved through a spreadsheet or pandas write them (1.0), read as one."""
        return whole(self.text(column, required=required))

    def identifier(self, column, required=False):
        """A publisher's id (identifier()); one a spreadsheet rounded (SCIENTIFIC) is a problem: read as
        it is, it would be a record of its own, or the same as every other id it was rounded to."""
        value = identifier(self.text(column, required=required, max_length=100))
        if SCIENTIFIC.fullmatch(value):
            self.problem(column, gettext(ROUNDED_ID) % {"value": value})
        return value

    def choice(self, column, choices, default=None):
        value = self.code(column)
        if not value and default is not None:
            return default
        if not value:
            message = gettext("is empty: choose one of %(choices)s (nothing is assumed)")
            self.problem(column, message % {"choices": ", ".join(choices)})
            return None
        if value not in choices:
            message = gettext("unknown value %(value)s (one of: %(choices)s)")
            self.problem(column, message % {"value": repr(value), "choices": ", ".join(choices)})
            return default
        return value

    def date(self, column, required=False):
        """A date as the admin reads one: ISO or a written month; 11/03/2020 is refused, not guessed."""
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            return parse_date(value)
        except DateInputError as error:
            self.problem(column, str(error))
            return None

    def count(self, column, field=None, unknown=()):
        """A number of people for Incident.<field> (default: the column's name): empty (or one of
        the publisher's `unknown` codes, GTD's -99) means unknown (None), never 0. A whole number
        written as a decimal (GTD's 3.0) is read as one."""
        value = self.code(column)
        if not value or value in unknown:
            return None
        try:
            number = int(value)
        except ValueError:
            self.problem(column, gettext("%(value)s is not a whole number") % {"value": repr(value)})
            return None
        if number < 0:
            self.problem(column, gettext("%(number)s is negative") % {"number": number})
            return None
        _, highest = portable_range(Incident._meta.get_field(field or column))
        if number > highest:
            message = gettext("%(number)s is too large: at most %(highest)s")
            self.problem(column, message % {"number": f"{number:,}", "highest": f"{highest:,}"})
            return None
        return number

    def coordinate(self, column, limit, as_shipped=False):
        """A latitude or longitude within ±`limit`. A comma is read as the decimal mark, as a
        spreadsheet in a European locale writes it (35,9306): a coordinate has no thousands to
        separate, so it can mean nothing else. The publisher's record keeps the cell as written.

        A number out of range is a problem, except `as_shipped` (GTD, whose own distribution has
        such errors: event 198212240004's longitude is -86185896): the row is no less the
        publisher's, so it is imported with both coordinates unknown, and the report says so
        (UNPLACED), rather than leave the whole database impossible to import unless edited."""
        value = self.text(column)
        if not value:
            return None
        try:
            number = Decimal(value.replace(",", ".", 1) if value.count(",") == 1 and "." not in value else value)
        except InvalidOperation:
            self.problem(column, gettext("%(value)s is not a number") % {"value": repr(value)})
            return None
        if not number.is_finite() or not -limit <= number <= limit:
            if as_shipped and number.is_finite():
                return OUT_OF_RANGE
            self.problem(
                column,
                gettext("%(value)s is out of range (−%(limit)s to %(limit)s)") % {"value": value, "limit": limit},
            )
            return None
        return number.quantize(Decimal("0.000001"))

    def coordinates(self, lat_column, lon_column, as_shipped=False):
        """(latitude, longitude), both or neither (`as_shipped`: coordinate())."""
        latitude = self.coordinate(lat_column, 90, as_shipped)
        longitude = self.coordinate(lon_column, 180, as_shipped)
        if OUT_OF_RANGE in (latitude, longitude):
            self.remarks.append(UNPLACED)
            return None, None
        if (latitude is None) != (longitude is None) and not self.problems_in(lat_column, lon_column):
            self.problem(lat_column, gettext("give both latitude and longitude, or neither"))
        return latitude, longitude

    def problems_in(self, *columns):
        return any(column in columns for _, column, _ in self.problems)

    def governorate(self, column):
        value = self.text(column)
        if not value:
            return None
        found = self.lookups.governorate(value)
        if found is None:
            self.problem(column, gettext("unknown governorate %(value)s") % {"value": repr(value)})
        return found

    def country(self, column):
        """The row's country, required, as the tracker names it (names.our_country: IRAQ and
        العراق are Iraq, whose places have governorates); the publisher's record keeps its cell."""
        return our_country(self.text(column, required=True, max_length=100))

    def admin1_governorate(self, column, country, unknown=(), point=(None, None), precision=None):
        """Our governorate for an Iraqi row's first-level region in any publisher's spelling
        (names.py); a spelling that matches none is a problem, never a place left without one.
        Other countries' regions are kept in the publisher's record only. A value in `unknown`
        (GTD's "Unknown") is no region: the governorate is then the one its `point` (latitude,
        longitude) lies in (governorate_at)."""
        value = self.text(column)
        if country != "Iraq":
            return None
        if not value or value in unknown:
            return self.governorate_at(column, point, precision)
        found = self.lookups.governorate(value)
        if found is None:
            message = gettext("unknown Iraqi governorate %(value)s: no governorate goes by that name")
            self.problem(column, message % {"value": repr(value)})
        return found

    def governorate_at(self, column, point, precision):
        """The governorate of an Iraqi place that names none, from its coordinates, as the admin's
        form takes it (Location's rule: an Iraqi place with coordinates has a governorate, or the
        governorate's filters, counts and map leave it out); coordinates in none (0, 0) are a
        problem. A place known only to the country has its centre for coordinates: no governorate."""
        if None in point or precision == Location.Precision.COUNTRY:
            return None
        found = self.lookups.governorate_at(*point)
        if found is None:
            where = {"latitude": point[0], "longitude": point[1], "km": outlines.NEAR_KM}
            self.problem(column, gettext(OUTSIDE_IRAQ) % where)
        return found

    def uid(self, column):
        """A uid the row gives (our export's), or None."""
        value = self.text(column)
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            self.problem(column, gettext("%(value)s is not a UUID") % {"value": repr(value)})
            return None

    def publisher_record(self, layout, excluded=(), empty=True):
        """The row as its publisher wrote it (Incident.publisher_record), our own columns left out.

        Without `empty`, only the cells that say something: GTD's and GED's rows are mostly empty
        cells, and a file may have any subset of the codebook's columns (our export has them all),
        so the same row compares equal whichever columns its file had.

        Made without a line of Python a cell (dict, zip, filter), unless a cell starts with a '
        (one our exports neutralised): an ACLED row's parse 33 → 31 µs."""
        columns = self.publisher_columns(excluded)
        values = list(map(self.row.__getitem__, columns))
        cells = zip(columns, values, strict=True)
        row = dict(cells if empty else filter(operator.itemgetter(1), cells))
        if any_quoted(values):
            row = {column: unneutralised(value) for column, value in row.items()}
        return {"format": layout, "row": row}

    def publisher_columns(self, excluded=()):
        """The columns of the row a publisher's record keeps, empty or not (publisher_columns())."""
        return publisher_columns(tuple(self.row), tuple(excluded))

    def cited(self, column, pieces):
        """The sources `pieces` of `column` name, each written as our exports write one
        (`publisher: title <url>`); a piece of another shape or too long for its field is a problem."""
        sources = []
        for piece in pieces:
            url = ""
            match = SOURCE_URL.match(piece)
            if match:
                piece, url = match["rest"], match["url"]
                if not url.startswith(("http://", "https://")):
                    self.problem(column, gettext("%(url)s is not an http(s) URL") % {"url": repr(url)})
            publisher, _, title = piece.partition(": ")
            if not title:
                self.problem(column, gettext("%(piece)s is not “publisher: title <url>”") % {"piece": repr(piece)})
                continue
            source = Cited(publisher=publisher.strip(), title=title.strip(), url=url)
            too_long = [name for name, limit in SOURCE_LIMITS.items() if len(getattr(source, name)) > limit]
            if too_long:
                limits = ", ".join(
                    gettext("%(field)s longer than %(limit)s characters")
                    % {"field": name, "limit": f"{SOURCE_LIMITS[name]:,}"}
                    for name in too_long
                )
                message = gettext("a source by %(publisher)s has a %(limits)s")
                self.problem(column, message % {"publisher": repr(source.publisher[:50]), "limits": limits})
                continue
            sources.append(source)
        return sources

    def date_window(self, start, end, precision, column="date"):
        """(date, date_end) as the model stores them, checking the range is ordered and that a
        week from the start (`column`'s date) is still a date: 9999-12-31 has no week after it."""
        if start is None or precision is None:
            return start, None
        if precision == DatePrecision.RANGE and end is None:
            if not self.problems_in("date_end"):  # a date_end that is no date is said once
                self.problem("date_end", gettext("a range needs its last day"))
            return None, None
        try:
            first, last = date_window(start, precision, end)
        except WindowOutOfRange as error:
            self.problem(column, str(error))
            return None, None
        if last < first:
            self.problem("date_end", gettext("%(last)s is before %(first)s") % {"last": last, "first": first})
        return first, last


@functools.lru_cache(maxsize=HEADERS_KEPT)
def publisher_columns(header, excluded):
    """The columns of a file's `header` a publisher's record keeps (Checker.publisher_record): every
    named one but ours (`excluded`). Worked out once per header: checked for every cell of every row,
    they were 4 µs of a GTD row's parse (of 43), 2 of an ACLED row's (of 36)."""
    return tuple(column for column in header if column and column not in excluded)


def source_pieces(cell, separator):
    """A cell of sources our exports joined by `separator`, one piece a source: a piece without
    "publisher: " is the rest of the title before it, which held the separator itself."""
    pieces = []
    for piece in cell.split(separator):
        if pieces and ": " not in piece:
            pieces[-1] += separator + piece
        elif piece.strip():
            pieces.append(piece.strip())
    return pieces


def split_names(cell):
    """The names in a publisher's list cell ("A; B"), each once: "SOHR; Twitter; SOHR" cites SOHR
    once, as the incident links it once."""
    names = (item.strip() for item in cell.split(";"))
    return list(dict.fromkeys(name for name in names if name and name not in MISSING))


def publisher_timestamp(publisher_record):
    """When the publisher last changed its row (ACLED's timestamp), or None."""
    value = whole(publisher_record.get("row", {}).get("timestamp", "").strip()) if publisher_record else ""
    return int(value) if is_whole(value) else None


def any_quoted(values):
    """Whether any of `values` starts with a ', looked for in one text (each value after a NUL)
    rather than value by value: a NUL before a ' inside a value makes a false yes, which costs
    only unneutralised()'s look at every value."""
    return "\0'" in "\0" + "\0".join(values)


def unneutralised(value):
    """Undo the leading ' our exports put before formula-like cells, so text round-trips."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def governorate_keys():
    """{key: governorate id} of every governorate's name, slug and Arabic name, then of its
    aliases and the regions within it that publishers give as a region (names.REGIONS_WITHIN),
    where no name has the key already."""
    keys, spellings = {}, []
    rows = Governorate.objects.values_list("pk", "name", "slug", "arabic_name", "aliases")
    for pk, name, slug, arabic, aliases in rows:
        keys.update((governorate_key(key), pk) for key in (name, slug, arabic) if key)
        spellings += [(spelling, pk) for spelling in [*aliases.splitlines(), *REGIONS_WITHIN.get(slug, [])]]
    for spelling, pk in spellings:
        if spelling.strip():
            keys.setdefault(governorate_key(spelling), pk)
    return keys


class Lookups:
    """Governorates and groups by every name they go by (names.py's keys), read once per import."""

    def __init__(self):
        self.governorates, self.found_governorates = governorate_keys(), {}
        self.iso_codes = dict(Governorate.objects.exclude(iso_code="").values_list("iso_code", "pk"))
        self.placed = {}
        self.groups, self.group_names, self.found = {}, {}, {}
        for pk, name, aliases in Group.objects.values_list("pk", "name", "aliases"):
            self.group_names[pk] = name
            for alias in [name, *aliases.splitlines()]:
                if alias.strip():
                    self.groups.setdefault(actor_keys(alias)[0], pk)

    def governorate(self, name):
        """The governorate `name` means, or None; each spelling is normalised once per import."""
        if name not in self.found_governorates:
            self.found_governorates[name] = self.governorates.get(governorate_key(name))
        return self.found_governorates[name]

    def governorate_at(self, latitude, longitude):
        """The governorate a point lies in, as Governorate.objects.at() finds it (inside an outline,
        or within outlines.NEAR_KM of one), or None; each point is placed once per import."""
        if (latitude, longitude) not in self.placed:
            placement = outlines.place(latitude, longitude)
            self.placed[latitude, longitude] = placement and self.iso_codes.get(placement.iso_code)
        return self.placed[latitude, longitude]

    def group(self, name):
        """The group an actor's name means: by its whole name, else by ACLED's unit or its name
        without parentheses (names.actor_keys). Each name is looked up once per import."""
        if name not in self.found:
            self.found[name] = next((self.groups[key] for key in actor_keys(name) if key in self.groups), None)
        return self.found[name]

    def canonical_actor(self, name):
        """A known group's own name for any of its aliases; other actors as written."""
        pk = self.group(name)
        return self.group_names[pk] if pk else name.strip()
