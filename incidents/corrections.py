"""The public corrections log: a change to what the public sees of an incident that was public
needs a note for the public, kept with the change (models.Correction).

What the public sees of an incident is what the data set publishes of it, from the exports'
own column lists: its record (exports/columns.py), its claims (claims.csv) and its source
links (sources.csv). A change is found by reading that before and after the write, in the
write's transaction, so every path that calls `Corrections` — the admin's change forms, the
history's revert form, imports — logs exactly what changed, and a change that alters no
public column (a place's kind, a group's aliases, a draft's fields) needs no note and leaves
no entry. A draft that was never published needs none; one that was (Incident.published_at)
does, since it may be published again.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from .exports.cells import LIST_SEPARATOR
from .exports.claims import CLAIMS
from .exports.columns import COLUMNS
from .exports.records import records
from .exports.sources import SOURCES
from .models import Correction, Incident

# Columns that never change with an edit (the site's numbering, the uid, the page's URL).
FIXED = {"id", "uid", "url"}
CELLS = {column.name: column.cell.python for column in COLUMNS if column.cell.python}
# A long-format row (a claim, a source link) is named by its table's number for it ("claim 12",
# "source 7": one entry per row, so that a change to one is one entry) and written as its other
# columns; the incident's identifiers are the record's.
ROW_KEYS = {"claims": "claim_id", "sources": "source_id"}
ROW_SKIPPED = {"incident_uid", "incident_id", "claim_id", "source_id"}
ROW_LABELS = {"claims": "claim", "sources": "source"}


class NoteMissing(Exception):
    """A public change without a public note; `changes` is {incident: [[what, before, after], …]}."""

    def __init__(self, changes):
        super().__init__("A public correction note is needed.")
        self.changes = changes

    def summary(self, shown_incidents=3):
        """The changes in words, for the editor asked for a note (a place's rename may change
        hundreds of incidents: the first few, and how many more)."""
        items = list(self.changes.items())
        words = [
            f"“{incident}”: " + "; ".join(describe(change) for change in changes) + "."
            for incident, changes in items[:shown_incidents]
        ]
        if len(items) > shown_incidents:
            words.append(f"And {len(items) - shown_incidents} more incidents.")
        return " ".join(words)


def describe(change):
    """'killed: 0 → unknown': one change in the admin's refusal."""
    what, before, after = change
    return f"{what}: {before} → {after}"


# How the log writes unknown (null) and nothing; the pages show them in their language (LOGGED_WORDS).
UNKNOWN, EMPTY = "unknown", "(empty)"
LOGGED_WORDS = {UNKNOWN: gettext_lazy("unknown"), EMPTY: gettext_lazy("(empty)")}


def shown(value, cell=None):
    """A value as the log writes it: unknown (null) as 'unknown', nothing as '(empty)'."""
    if value is None:
        return UNKNOWN
    if value in ("", []):
        return EMPTY
    if cell is not None:
        return str(cell(value))
    return LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)


def public_state(ids):
    """{incident id: {what: text}}: what the data set publishes of each incident."""
    incidents = Incident.objects.filter(pk__in=ids)
    states = {pk: {} for pk in ids}
    for record, values in records(incidents, site_url=""):
        states[values["id"]] = {
            name: shown(value, CELLS.get(name)) for name, value in record.items() if name not in FIXED
        }
    for key, table in (("claims", CLAIMS), ("sources", SOURCES)):
        for values in table.values(incidents):
            row = [(column.name, column.value(values)) for column in table.columns]
            label = f"{ROW_LABELS[key]} {dict(row)[ROW_KEYS[key]]}"
            text = ", ".join(f"{name} {shown(value)}" for name, value in row if name not in ROW_SKIPPED and value)
            states[values["incident_id"]][label] = text
    return states


def changes_between(before, after):
    """[[what, before, after], …]: the entries that differ, in the record's order, then the rows'."""
    names = list(dict.fromkeys([*before, *after]))
    return [
        [name, before.get(name, "—"), after.get(name, "—")] for name in names if before.get(name) != after.get(name)
    ]


class Corrections:
    """Reads what the public sees of the incidents a write may change before it, and after it logs
    what changed, with the note; with changes and no note it raises NoteMissing (call it inside
    the write's transaction, which that rolls back)."""

    def __init__(self, incidents):
        self.ids = list(incidents.public_once().order_by().values_list("pk", flat=True).distinct())
        self.before = public_state(self.ids) if self.ids else {}

    def changes(self):
        after = public_state(self.ids) if self.ids else {}
        found = {pk: changes_between(self.before[pk], after[pk]) for pk in self.ids}
        return {pk: changes for pk, changes in found.items() if changes}

    def log(self, note, user=None):
        """Logs the changes with `note`; returns how many incidents changed."""
        changes = self.changes()
        note = (note or "").strip()
        if changes and not note:
            titles = Incident.objects.in_bulk(list(changes))
            raise NoteMissing({titles[pk]: found for pk, found in changes.items()})
        user = user if user is not None and user.is_authenticated else None
        now = timezone.now()
        Correction.objects.bulk_create(
            Correction(incident_id=pk, made_at=now, made_by=user, note=note, changes=found)
            for pk, found in changes.items()
        )
        return len(changes)
