"""The codebook: every column of the exports with its type, allowed values and how unknown is
written, plus the rules behind the data. One definition, three renderings: docs/codebook.md
(`manage.py codebook`), the /data/codebook/ page and the spreadsheet's codebook sheet.

The columns come from the export's own column lists (exports/columns.py, claims.py,
sources.py), so a new column is in the codebook the moment it is in the export.

Its texts are written in English and marked for translation (gettext_noop): the page shows them
in its language (gettext at render time), while docs/codebook.md and the spreadsheet's sheet,
like the files and the API they describe, are always in English (`in_english`).
"""

from dataclasses import dataclass
from functools import wraps

from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from rest_framework import serializers

from .exports.claims import CLAIMS
from .exports.columns import COLUMNS
from .exports.sources import SOURCES
from .models import Incident

TYPE_NAMES = [  # most specific first
    (serializers.ChoiceField, gettext_noop("choice")),
    (serializers.BooleanField, gettext_noop("true or false")),
    (serializers.UUIDField, gettext_noop("uuid")),
    (serializers.URLField, gettext_noop("url")),
    (serializers.DateField, gettext_noop("date (YYYY-MM-DD)")),
    (serializers.IntegerField, gettext_noop("integer")),
    (serializers.FloatField, gettext_noop("decimal number")),
    (serializers.ListField, gettext_noop("list of names, joined with '; '")),
    (serializers.CharField, gettext_noop("text")),
]


@dataclass(frozen=True)
class Entry:
    name: str
    type: str
    allowed: list  # [(value, meaning)]; empty where any value of the type goes
    unknown: str
    about: str


# A list of objects, by the name of the object's serializer (exports/columns.py).
LIST_TYPE_NAMES = {
    "IncidentSourceReference": gettext_noop("list of sources, each 'publisher: title <url>', joined with '; '"),
    "ClaimSourceReference": gettext_noop(
        "list of claims, each 'kind: who <n>' (n: the number of its source in sources), joined with '; '"
    ),
}


def in_english(function):
    """`function` written in English whatever the request's language: the files' own codebook."""

    @wraps(function)
    def english(*args, **kwargs):
        with translation.override("en"):
            return function(*args, **kwargs)

    return english


def type_name(field):
    if isinstance(field, serializers.ListSerializer):
        return gettext(LIST_TYPE_NAMES[type(field.child).__name__])
    return gettext(next(name for kind, name in TYPE_NAMES if isinstance(field, kind)))


def unknown_rule(field):
    """How the column writes what is unknown or absent."""
    if getattr(field, "allow_null", False):
        return gettext("empty cell (null in JSON): unknown")
    if isinstance(field, (serializers.ListField, serializers.ListSerializer)):
        return gettext("empty cell (an empty list in JSON): none recorded")
    if isinstance(
        field,
        (
            serializers.ChoiceField,
            serializers.IntegerField,
            serializers.DateField,
            serializers.BooleanField,
            serializers.UUIDField,
        ),
    ):
        return gettext("always given")
    return gettext("empty cell where not recorded")


def entry(column):
    field = column.api_field()
    allowed = list(field.choices.items()) if isinstance(field, serializers.ChoiceField) else []
    return Entry(
        column.name,
        type_name(field),
        [(str(v), str(label)) for v, label in allowed],
        unknown_rule(field),
        gettext(column.about),
    )


FILES = [
    (
        "incidents",
        gettext_noop("export.csv, incidents.csv in a release, the incidents sheet: one row per incident."),
        COLUMNS,
    ),
    ("claims", gettext_noop("claims.csv, the claims sheet: one row per statement of responsibility."), CLAIMS.columns),
    (
        "sources",
        gettext_noop("sources.csv, the sources sheet: one row per link between an incident and a source."),
        SOURCES.columns,
    ),
]


def tables():
    """[(name, about, [Entry])] for every export file, in the active language."""
    return [(name, gettext(about), [entry(column) for column in columns]) for name, about, columns in FILES]


def attack_types():
    return ", ".join(t for t in Incident.ATTACK_TYPES)


def non_attack_types():
    return ", ".join(t for t in Incident.Type.values if t not in Incident.ATTACK_TYPES)


# The rules behind the data, in plain sentences: [(heading, [paragraph])].
SECTIONS = [
    (
        gettext_noop("Dates and their precision"),
        [
            gettext_noop(
                "Every incident has a window of possible days: date is the first, date_end the last. "
                "date_precision says how well the date is known: day (date and date_end are the same day), "
                "week (the seven days from date), month (the calendar month) or range (the two dates the "
                "sources allow). A filter by date matches an incident whose window overlaps it."
            ),
            gettext_noop("An incident is placed in a period (a chart's month, say) by its first possible day."),
        ],
    ),
    (
        gettext_noop("Places and their precision"),
        [
            gettext_noop(
                "geo_precision says how well the place is known: site (an exact spot), town, district, "
                "governorate or country. latitude and longitude are given only where a source gives them; "
                "they are empty otherwise, never guessed. Maps draw such places at their governorate's centre "
                "and mark them approximate; the exports leave the coordinates empty."
            ),
        ],
    ),
    (
        gettext_noop("What counts as an attack"),
        [
            gettext_noop(
                "Attacks are the types %(attacks)s: a violent act by a non-state armed group against a "
                "person, place or convoy. Events recorded for context but not attacks have their own types: "
                "%(non_attacks)s (a foiled attack, an arrest or raid, propaganda or a threat, another event of a "
                "publisher's data set: a protest, a displacement, an agreement). "
                "Counts of attacks on the site never include them; filter by type to leave them out of an export. "
                "A group's claim of an attack known from nothing else is recorded as that attack, at low "
                "confidence; a claim that may describe an attack already recorded, without saying which, is "
                "recorded as propaganda, so that the attack is not counted twice."
            ),
        ],
    ),
    (
        gettext_noop("Claims, attributions and confidence"),
        [
            gettext_noop(
                "Responsibility is recorded as separate statements, never merged into one verdict. claimed: "
                "the group says it did it (a statement, a Telegram post, a video). attributed: officials or "
                "analysts name who did it. suspected: a source names a likely perpetrator without a claim or an "
                "attribution. denied: a group says it did not. Statements may contradict each other; all are kept."
            ),
            gettext_noop(
                "Each statement has a confidence (high, medium, low): how sure we are that it was made as "
                "recorded, not whether it is true. Every statement names the source it rests on, one of its "
                "incident's sources; where only a source we hold no address for states it, its confidence is low "
                "and its note says whose statement it is."
            ),
            gettext_noop(
                "Where the files say which source: claims.csv's source_id (joined to sources.csv on incident_id "
                "and source_id), and in the incidents file claim_sources, which numbers it by its place in the "
                "sources cell. Incidents are published only when each of their statements names one."
            ),
            gettext_noop(
                "The incident's own confidence says how sure we are that it happened as described, and its "
                "sources cap it. high needs a source graded A or B, or sources graded C or better from two "
                "publishers; medium needs a source graded C or better, or sources from two publishers; with "
                "anything less it is low. Sources of one publisher count once, as they are not independent. "
                "An analyst may rate an incident lower than its sources allow (a denial, a disputed date), "
                "never higher."
            ),
        ],
    ),
    (
        gettext_noop("Casualties: unknown is not zero"),
        [
            gettext_noop(
                "killed and wounded are empty where no source gives a number. 0 means that a source says "
                "nobody was killed (or wounded): the link to that source is marked so (says_none_killed, "
                "says_none_wounded), and the incident's page says it. A report that is silent about "
                "casualties, or mentions only damage, leaves them empty."
            ),
        ],
    ),
    (
        gettext_noop("Source grading"),
        [
            gettext_noop(
                "Each source is graded for reliability on the NATO/Admiralty scale, A (completely reliable) to "
                "F (reliability cannot be judged), from its record. Each link between an incident and a source "
                "grades the information for credibility, 1 (confirmed by other sources) to 6 (truth cannot be "
                "judged), and says in our own words what the source supports. Partisan sources (a group's own "
                "channel) are kept as evidence of a claim but carry low grades."
            ),
        ],
    ),
    (
        gettext_noop("What the data set leaves out, and why"),
        [
            gettext_noop(
                "Only published incidents are in any export: drafts are unreviewed and retracted incidents "
                "(shown on the site with the reason) are left out. Releases list retractions in their changelog."
            ),
            gettext_noop(
                "State actions are left out: the data set records attacks by non-state armed groups. Iran's "
                "ballistic-missile strike on Ain al-Asad on 8 January 2020 and US strikes on militia positions "
                "are acts of states, recorded elsewhere, and are not incidents here. Protests and riots are not "
                "recorded either."
            ),
            gettext_noop(
                "Attacks whose targets are not US or coalition interests — Iraqi activists, the UN, Iraqi "
                "forces — stay in the data set when they belong to the same campaign, classified by "
                "target_owner; the headline figure of attacks on US and coalition interests counts only what "
                "it names, and the rest are counted apart as other incidents."
            ),
            gettext_noop(
                "Synthetic incidents (external_id synthetic:…) exist only in test databases and are never "
                "research data."
            ),
        ],
    ),
]


def sections():
    """[(heading, [paragraph])] in the active language."""
    types = {"attacks": attack_types(), "non_attacks": non_attack_types()}
    return [
        (gettext(heading), [gettext(paragraph) % types for paragraph in paragraphs]) for heading, paragraphs in SECTIONS
    ]


@in_english
def markdown():
    """docs/codebook.md, as `manage.py codebook` writes it."""
    lines = ["# Codebook", "", "Generated by `manage.py codebook` from the export's column lists; do not edit.", ""]
    for name, about, entries in tables():
        lines += [
            f"## {name}",
            "",
            about,
            "",
            "| column | type | allowed values | unknown | meaning |",
            "|---|---|---|---|---|",
        ]
        for item in entries:
            allowed = "; ".join(f"`{value}` {label}" for value, label in item.allowed)
            lines.append(
                f"| `{item.name}` | {item.type} | {allowed} | {item.unknown} | {item.about} |".replace("\n", " ")
            )
        lines.append("")
    for heading, paragraphs in sections():
        lines += [f"## {heading}", ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    return "\n".join(lines)


SHEET_HEADER = ["file", "column", "type", "allowed values", "unknown", "meaning"]


@in_english
def sheet_rows():
    """The codebook as spreadsheet rows (prose sections as a row each), in English like the sheets."""
    rows = [
        [
            name,
            item.name,
            item.type,
            "; ".join(f"{value}: {label}" for value, label in item.allowed),
            item.unknown,
            item.about,
        ]
        for name, _, entries in tables()
        for item in entries
    ]
    return rows + [["rules", heading, "", "", "", " ".join(paragraphs)] for heading, paragraphs in sections()]
