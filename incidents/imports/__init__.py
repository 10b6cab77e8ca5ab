"""Bringing incidents in from CSV: all or nothing, idempotent, fast (bulk, not a save per row).

run_import() is the one path: `manage.py import_incidents` and the admin's import page
both call it. It reads and checks every row first; a single bad row rejects the file with
a report of every problem and writes nothing. A valid file is written in one transaction.

How far it is goes to `progress(stage, done, total)`, when given: a bar on the terminal for
the command, a status the analyst watches for the admin's background imports.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from ..corrections import Corrections
from ..models import Incident, Location
from . import acled, gtd, native, ucdp
from .gate import unpublishable
from .reading import NO_ROWS, Problem, UnreadableFile, read_rows
from .records import Lookups
from .writing import PREVIEW_ROWS, Plan, no_progress

# Each format a file can be imported from (--format, the admin's choice), and its parser.
IMPORT_PARSERS = {"native": native, "acled": acled, "gtd": gtd, "ucdp": ucdp}
PROGRESS_EVERY_ROWS = 1000
# Likely duplicates are looked for with a query per new row: up to this many new rows.
DUPLICATE_CHECK_ROWS = 1000


@dataclass
class Report:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    changes: list = field(default_factory=list)  # (action, line, title, changed fields) for a preview
    duplicates: list | None = field(default_factory=list)  # (line, title, [incidents]); None: not checked
    skipped: Counter = field(default_factory=Counter)  # rows out of scope, by their kind
    remarks: Counter = field(default_factory=Counter)  # what the parser noted, with how many rows
    kept_newer: int = 0  # rows older than the publisher's version we hold (ACLED's timestamp)

    @property
    def ok(self):
        return not self.problems

    def summary(self):
        verb = "would be" if self.dry_run or not self.written else "were"
        problems = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        if not self.ok and not self.rows:
            return f"The file can't be imported ({problems}); nothing was written."
        if not self.ok:
            return f"Rejected: {self.rejected} of {self.rows} rows have problems; nothing was written ({problems})."
        parts = [
            f"{self.rows} rows: {self.created} {verb} created, {self.updated} {verb} updated, "
            f"{self.unchanged} unchanged, 0 rejected."
        ]
        if self.kept_newer:
            parts.append(f"Kept ours: newer on {self.kept_newer} row{'s' if self.kept_newer != 1 else ''}.")
        if self.skipped:
            parts.append(self.skipped_summary())
        parts += [f"{count} row{'s' if count != 1 else ''} {remark}." for remark, count in sorted(self.remarks.items())]
        if len(self.changes) >= PREVIEW_ROWS:
            parts.append(f"The preview shows the first {PREVIEW_ROWS} changes.")
        parts.append(self.duplicates_summary())
        return " ".join(parts)

    def skipped_summary(self):
        """ "Skipped 426 out of scope: Protests 301, Riots 112, …", most first."""
        most_first = sorted(self.skipped.items(), key=lambda item: (-item[1], item[0]))
        kinds = ", ".join(f"{kind} {count}" for kind, count in most_first)
        return f"Skipped {self.skipped.total()} out of scope: {kinds}."

    def duplicates_summary(self):
        if self.duplicates is None:
            return f"Likely duplicates not checked (over {DUPLICATE_CHECK_ROWS} new rows)."
        count = len(self.duplicates)
        return f"{count} new row{'s' if count != 1 else ''} look{'s' if count == 1 else ''} like existing incidents."


def run_import(
    data,
    file_format="native",
    *,
    dry_run=False,
    user=None,
    publish=True,
    note="",
    progress=no_progress,
    keep_types=None,
):
    """Check every row of `data` (CSV bytes) and, unless `dry_run`, write them all or none.

    With a `user` (the admin's import), rows that would change an incident they may not change
    (incidents.permissions) are refused too; without one (the command line) none is. Rows of
    kinds the tracker does not record are skipped and counted (scope.py); `keep_types`, a set
    of the publisher's kinds, replaces the default scope. Rows that would leave an incident
    published (new rows when `publish`, rows changing a published one) must pass the
    publication gate (gate.py), as the admin's publishing does. Rows that change an incident
    that was public are refused without a public correction `note`; with one, each such
    incident's public changes are logged with it (incidents.corrections).
    """
    parser = IMPORT_PARSERS[file_format]
    report = Report(dry_run=dry_run)
    try:
        rows, malformed = read_rows(
            data, parser.REQUIRED, parser.IDENTIFIERS, encodings=getattr(parser, "ENCODINGS", ("utf-8-sig",))
        )
    except UnreadableFile as error:
        report.problems = with_format_hint(error, data, file_format)
        return report
    problems = []
    lines = data.count(b"\n") or 1  # about the rows, for the progress of a file read as it goes
    records = parse_rows(in_scope(rows, parser, set(keep_types or ()), report), parser, problems, progress, lines)
    report.rows += len({p.line for p in malformed})
    problems += malformed
    if not report.rows and not problems:
        problems = [NO_ROWS]
    if problems:
        report.problems = sorted(problems, key=lambda p: (p.line, p.column))
        report.rejected = len({p.line for p in problems if p.line})
        return report
    report.remarks = Counter(remark for record in records for remark in record.remarks)
    plan = Plan(records, progress)
    refused = plan.refused(user, identity_column(parser)) + unpublishable(plan, publish) or (
        [] if note.strip() else plan.unnoted(identity_column(parser))
    )
    if refused:
        report.problems = sorted(refused, key=lambda p: p.line)
        report.rejected = len({p.line for p in refused})
        return report
    report.created, report.updated, report.unchanged = len(plan.new), len(plan.changed), plan.unchanged
    report.kept_newer = plan.kept_newer
    report.changes = plan.preview()
    report.duplicates = likely_duplicates(plan.new)
    if not dry_run:
        with transaction.atomic():
            corrections = Corrections(Incident.objects.filter(pk__in=[incident.pk for _, incident in plan.changed]))
            plan.apply(user=user, publish=publish)
            corrections.log(note, user)
        report.written = True
    return report


def likely_duplicates(new_records):
    """(line, title, [existing incidents]) for each new row that looks like an incident already
    recorded, by the admin form's rule (IncidentQuerySet.likely_duplicates, where the map draws
    the place). None over DUPLICATE_CHECK_ROWS new rows."""
    if len(new_records) > DUPLICATE_CHECK_ROWS:
        return None
    found = []
    for record in new_records:
        place = record.place
        location = Location(
            governorate_id=place.governorate_id,
            country=place.country,
            latitude=place.latitude,
            longitude=place.longitude,
            geo_precision=place.geo_precision,
        )
        latitude, longitude, _ = location.map_point()
        matches = Incident.objects.likely_duplicates(
            type=record.type, date=record.date, latitude=latitude, longitude=longitude
        )
        if matches:
            found.append((record.line, record.title, matches))
    return found


def in_scope(rows, parser, keep, report):
    """The rows of kinds the tracker records, as they are read; each row counted in report.rows,
    the others by kind in report.skipped."""
    skipped = getattr(parser, "skipped", None)
    for line, row in rows:
        report.rows += 1
        kind = skipped(row, keep) if skipped else None
        if kind:
            report.skipped[kind] += 1
        else:
            yield line, row


def with_format_hint(error, data, file_format):
    """A file of another format than the one chosen says which one it looks like (by its header,
    read roughly when the file could not be: a GTD file in Windows-1252 chosen as UTF-8)."""
    first_line = (data[:4096].splitlines() or [b""])[0]
    header = error.header or set(first_line.decode("latin-1").replace('"', "").split(","))
    for name, parser in IMPORT_PARSERS.items():
        if name != file_format and all(column in header for column in parser.SIGNATURE):
            hint = f"this looks like {parser.DESCRIPTION} — use --format {name} (in the admin: Format “{name}”)"
            return [Problem(1, "", hint), *error.problems]
    return error.problems


def identity_column(parser):
    return parser.IDENTIFIERS[0] if parser.IDENTIFIERS else parser.REQUIRED[0]


def parse_rows(rows, parser, problems, progress, lines):
    """The rows' records, each row's problems added to `problems`; `lines`: the file's, for the progress."""
    lookups = Lookups()
    seen, records = {}, []
    for number, (line, row) in enumerate(rows, 1):
        if number % PROGRESS_EVERY_ROWS == 0:
            progress("Checking rows", min(line, lines), lines)
        identity = parser.identity(row)
        if identity in seen:
            problems.append(Problem(line, identity_column(parser), f"duplicate id: the same as line {seen[identity]}"))
            continue
        seen[identity] = line
        record, row_problems = parser.parse(line, row, lookups)
        if row_problems:
            problems.extend(Problem(*p) for p in row_problems)
        else:
            records.append(record)
    progress("Checking rows", lines, lines)
    return records
