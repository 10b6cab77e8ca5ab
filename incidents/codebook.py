"""The codebook: every column of the exports with its type, allowed values and how unknown is
written, plus the rules behind the data. One definition, three renderings: docs/codebook.md
(`manage.py codebook`), the /data/codebook/ page and the spreadsheet's codebook sheet.

The columns come from the export's own column lists (exports/columns.py, claims.py,
sources.py), so a new column is in the codebook the moment it is in the export.
"""

from dataclasses import dataclass

from rest_framework import serializers

from .exports.claims import CLAIMS
from .exports.columns import COLUMNS
from .exports.sources import SOURCES
from .models import Incident

TYPE_NAMES = [  # most specific first
    (serializers.ChoiceField, "choice"),
    (serializers.BooleanField, "true or false"),
    (serializers.UUIDField, "uuid"),
    (serializers.URLField, "url"),
    (serializers.DateField, "date (YYYY-MM-DD)"),
    (serializers.IntegerField, "integer"),
    (serializers.FloatField, "decimal number"),
    (serializers.ListField, "list of names, joined with '; '"),
    (serializers.CharField, "text"),
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
    "IncidentSourceReference": "list of sources, each 'publisher: title <url>', joined with '; '",
    "ClaimSourceReference": "list of claims, each 'kind: who <n>' (n: the number of its source in sources), "
    "joined with '; '",
}


def type_name(field):
    if isinstance(field, serializers.ListSerializer):
        return LIST_TYPE_NAMES[type(field.child).__name__]
    return next(name for kind, name in TYPE_NAMES if isinstance(field, kind))


def unknown_rule(field):
    """How the column writes what is unknown or absent."""
    if getattr(field, "allow_null", False):
        return "empty cell (null in JSON): unknown"
    if isinstance(field, (serializers.ListField, serializers.ListSerializer)):
        return "empty cell (an empty list in JSON): none recorded"
    if isinstance(
        field, (serializers.ChoiceField, serializers.IntegerField, serializers.DateField, serializers.BooleanField)
    ):
        return "always given"
    if isinstance(field, serializers.UUIDField):
        return "always given"
    return "empty cell where not recorded"


def entry(column):
    field = column.api_field()
    allowed = list(field.choices.items()) if isinstance(field, serializers.ChoiceField) else []
    return Entry(
        column.name, type_name(field), [(str(v), str(label)) for v, label in allowed], unknown_rule(field), column.about
    )


FILES = [
    ("incidents", "export.csv, incidents.csv in a release, the incidents sheet: one row per incident.", COLUMNS),
    ("claims", f"claims.csv, the claims sheet: {CLAIMS.about.lower()}", CLAIMS.columns),
    ("sources", f"sources.csv, the sources sheet: {SOURCES.about.lower()}", SOURCES.columns),
]


def tables():
    """[(name, about, [Entry])] for every export file."""
    return [(name, about, [entry(column) for column in columns]) for name, about, columns in FILES]


def attack_types():
    return ", ".join(t for t in Incident.ATTACK_TYPES)


def non_attack_types():
    return ", ".join(t for t in Incident.Type.values if t not in Incident.ATTACK_TYPES)


def sections():
    """[(heading, [paragraph])]: the rules behind the data, in plain sentences."""
    return [
        (
            "Dates and their precision",
            [
                "Every incident has a window of possible days: date is the first, date_end the last. "
                "date_precision says how well the date is known: day (date and date_end are the same day), "
                "week (the seven days from date), month (the calendar month) or range (the two dates the "
                "sources allow). A filter by date matches an incident whose window overlaps it.",
                "An incident is placed in a period (a chart's month, say) by its first possible day.",
            ],
        ),
        (
            "Places and their precision",
            [
                "geo_precision says how well the place is known: site (an exact spot), town, district, "
                "governorate or country. latitude and longitude are given only where a source gives them; "
                "they are empty otherwise, never guessed. Maps draw such places at their governorate's centre "
                "and mark them approximate; the exports leave the coordinates empty.",
            ],
        ),
        (
            "What counts as an attack",
            [
                f"Attacks are the types {attack_types()}: a violent act by a non-state armed group against a "
                "person, place or convoy. Events recorded for context but not attacks have their own types: "
                f"{non_attack_types()} (a foiled attack, an arrest or raid, propaganda or a threat). "
                "Counts of attacks on the site never include them; filter by type to leave them out of an export. "
                "A group's claim of an attack known from nothing else is recorded as that attack, at low "
                "confidence; a claim that may describe an attack already recorded, without saying which, is "
                "recorded as propaganda, so that the attack is not counted twice.",
            ],
        ),
        (
            "Claims, attributions and confidence",
            [
                "Responsibility is recorded as separate statements, never merged into one verdict. claimed: "
                "the group says it did it (a statement, a Telegram post, a video). attributed: officials or "
                "analysts name who did it. suspected: a source names a likely perpetrator without a claim or an "
                "attribution. denied: a group says it did not. Statements may contradict each other; all are kept.",
                "Each statement has a confidence (high, medium, low): how sure we are that it was made as "
                "recorded, not whether it is true. Every statement names the source it rests on, one of its "
                "incident's sources; where only a source we hold no address for states it, its confidence is low "
                "and its note says whose statement it is.",
                "Where the files say which source: claims.csv's source_id (joined to sources.csv on incident_id "
                "and source_id), and in the incidents file claim_sources, which numbers it by its place in the "
                "sources cell. Incidents are published only when each of their statements names one.",
                "The incident's own confidence says how sure we are that it happened as described, and its "
                "sources cap it. high needs a source graded A or B, or sources graded C or better from two "
                "publishers; medium needs a source graded C or better, or sources from two publishers; with "
                "anything less it is low. Sources of one publisher count once, as they are not independent. "
                "An analyst may rate an incident lower than its sources allow (a denial, a disputed date), "
                "never higher.",
            ],
        ),
        (
            "Casualties: unknown is not zero",
            [
                "killed and wounded are empty where no source gives a number. 0 means that a source says "
                "nobody was killed (or wounded): the link to that source is marked so (says_none_killed, "
                "says_none_wounded), and the incident's page says it. A report that is silent about "
                "casualties, or mentions only damage, leaves them empty.",
            ],
        ),
        (
            "Source grading",
            [
                "Each source is graded for reliability on the NATO/Admiralty scale, A (completely reliable) to "
                "F (reliability cannot be judged), from its record. Each link between an incident and a source "
                "grades the information for credibility, 1 (confirmed by other sources) to 6 (truth cannot be "
                "judged), and says in our own words what the source supports. Partisan sources (a group's own "
                "channel) are kept as evidence of a claim but carry low grades.",
            ],
        ),
        (
            "What the data set leaves out, and why",
            [
                "Only published incidents are in any export: drafts are unreviewed and retracted incidents "
                "(shown on the site with the reason) are left out. Releases list retractions in their changelog.",
                "State actions are left out: the data set records attacks by non-state armed groups. Iran's "
                "ballistic-missile strike on Ain al-Asad on 8 January 2020 and US strikes on militia positions "
                "are acts of states, recorded elsewhere, and are not incidents here. Protests and riots are not "
                "recorded either.",
                "Attacks whose targets are not US or coalition interests — Iraqi activists, the UN, Iraqi "
                "forces — stay in the data set when they belong to the same campaign, classified by "
                "target_owner; the headline figure of attacks on US and coalition interests counts only what "
                "it names, and the rest are counted apart as other incidents.",
                "Synthetic incidents (external_id synthetic:…) exist only in test databases and are never "
                "research data.",
            ],
        ),
    ]


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


def sheet_rows():
    """The codebook as spreadsheet rows (prose sections as a row each)."""
    for name, _, entries in tables():
        for item in entries:
            allowed = "; ".join(f"{value}: {label}" for value, label in item.allowed)
            yield [name, item.name, item.type, allowed, item.unknown, item.about]
    for heading, paragraphs in sections():
        yield ["rules", heading, "", "", "", " ".join(paragraphs)]
