"""How a value is written into a CSV cell: every rule once, for Python and for COPY's SQL.

PostgreSQL writes the native export itself (copy.py), so each rule that shapes a cell is
needed in SQL too. Each is defined here once: the SQL is generated from the same regex,
characters, template or URL as the Python, never written a second time by hand. Where
the two can only be written separately (decimal degrees), tests/test_export_rules.py runs
both on the same hostile input.
"""

import re
from dataclasses import dataclass
from functools import cache
from string import Formatter

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from ..models import Location

LIST_SEPARATOR = "; "  # between the names of a multi-valued cell, and between sources

# Text a spreadsheet would run as a formula starts with one of these, and is not a plain
# decimal number ("-5" and "+1.5e3" stay numbers). Such a cell gets a leading '.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER = r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?"

# Bidirectional controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM) are
# invisible and reorder what a spreadsheet shows ("\u202efdp.exe" reads "exe.pdf"), so
# text cells drop them — before the formula rule, which then sees the text as shown.
BIDI_CONTROLS = "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]))


def escapes(characters):
    """Characters as \\uXXXX escapes, which Python's re and PostgreSQL's regexes (and E'' strings) read alike."""
    return "".join(f"\\u{ord(character):04x}" for character in characters)


# Where the ' goes: at the start of a formula-like cell. Python's \A and \Z mean what
# PostgreSQL's do (start and end of the text, whatever newlines it holds).
FORMULA = rf"\A(?=[{escapes(FORMULA_PREFIXES)}])(?!{NUMBER}\Z)"
_FORMULA = re.compile(FORMULA)
_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))


@dataclass(frozen=True)
class Entry:
    """How each item of a list cell is written: `text`, then `extra` only where the item's `key` is set."""

    text: str
    extra: str
    key: str

    def cell(self, items):
        """The items as one cell, joined with LIST_SEPARATOR."""
        return LIST_SEPARATOR.join(
            self.text.format_map(item) + (self.extra.format_map(item) if item[self.key] else "") for item in items
        )

    def sql(self, table):
        """One item as cell() writes it, from `table`'s columns of the same names."""
        text, extra = template_sql(self.text, table), template_sql(self.extra, table)
        return f"{text} || CASE WHEN COALESCE({table}.{self.key}::text, '') <> '' THEN {extra} ELSE '' END"


# A source: its URL, in angle brackets, only where it has one.
SOURCE = Entry("{publisher}: {title}", " <{url}>", "url")
# A claim: its kind and who, then the number of the source it rests on (its place in the sources
# cell, from 1), only where that source is one of the incident's.
CLAIM_SOURCE = Entry("{kind}: {who}", " <{source}>", "source")


def without_bidi(text):
    """The text without bidi controls, which every export drops (spreadsheet_safe)."""
    return text.translate(_BIDI)


def spreadsheet_safe(value):
    """A text cell as every export writes it: bidi controls dropped, a formula-like start escaped."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if not text.isascii():  # bidi controls aren't ASCII
        text = without_bidi(text)
    if text[:1] in FORMULA_PREFIXES:
        return _FORMULA.sub("'", text, count=1)
    return text


def spreadsheet_safe_sql(expression):
    """spreadsheet_safe() in PostgreSQL; NULL and '' both become an empty (NULL) cell.

    The same characters and regex, with the same shortcuts: only text that starts like a
    formula meets the regex, and all-ASCII text (as many bytes as characters) holds no
    bidi control to drop. Without them, COPY ran at half its speed.
    """
    text = (
        f"CASE WHEN octet_length({expression}) = char_length({expression}) THEN {expression} "
        f"ELSE translate({expression}, E'{escapes(BIDI_CONTROLS)}', '') END"
    )
    starts = ", ".join(f"E'{escapes(prefix)}'" for prefix in FORMULA_PREFIXES)
    safe = f"CASE WHEN left({text}, 1) IN ({starts}) THEN regexp_replace({text}, '{FORMULA}', '''') ELSE {text} END"
    return f"NULLIF({safe}, '')"


def source_cell(sources):
    """Sources as one cell: `publisher: title <url>; …`."""
    return SOURCE.cell(sources)


def source_sql(table):
    """One source as source_cell() writes it, from `table`'s publisher, title and url columns."""
    return SOURCE.sql(table)


def claim_source_cell(claims):
    """Claims and the sources they rest on as one cell: `claimed: Kataib Hezbollah <2>; …`."""
    return CLAIM_SOURCE.cell(claims)


def claim_source_sql(table):
    """One claim as claim_source_cell() writes it, from `table`'s kind, who and source columns."""
    return CLAIM_SOURCE.sql(table)


def template_sql(template, table):
    """A str.format template as SQL concatenation of its literal text and `table`'s columns."""
    pieces = []
    for literal, field, _, _ in Formatter().parse(template):
        pieces += [sql_literal(literal)] if literal else []
        pieces += [f"{table}.{field}"] if field else []
    return " || ".join(pieces)


def sql_literal(text):
    return "'" + text.replace("'", "''") + "'"


@cache
def incident_path():
    """(before, after) the id in an incident page's path, as the URLconf has it: the page's
    address in the default language, whichever language the export was asked in. The file is the
    same for every reader, and this is kept for the process: reversed under the first request's
    language, an Arabic export first gave every later export /ar/ addresses."""
    with translation.override(settings.LANGUAGE_CODE):
        before, _, after = reverse("incident_detail", args=[123456789]).rpartition("123456789")
    return before, after


def incident_url(site_url, pk):
    before, after = incident_path()
    return f"{site_url}{before}{pk}{after}"


def incident_url_sql(site_sql, id_sql):
    """incident_url() in SQL: the path's pieces come from the same reverse()."""
    before, after = incident_path()
    return f"{site_sql} || {sql_literal(before)} || {id_sql} || {sql_literal(after)}"


DEGREE_PLACES = Location._meta.get_field("latitude").decimal_places


def degrees(value):
    """Decimal degrees to the places stored, trailing zeros dropped but one decimal kept: 33.52944, 44.0."""
    if value is None:
        return None
    text = f"{value:.{DEGREE_PLACES}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def degrees_sql(expression):
    """degrees() in SQL, from the numeric column (written separately: tests compare the two)."""
    return f"regexp_replace(rtrim({expression}::text, '0'), '\\.$', '.0')"
