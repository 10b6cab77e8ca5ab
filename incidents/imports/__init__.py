"""Bringing incidents in from CSV: all or nothing, idempotent, fast (bulk, not a save per row).

run_import() is the one path: `manage.py import_incidents` and the admin's import page
both call it. It reads and checks every row first; a single bad row rejects the file with
a report of every problem and writes nothing. A valid file is written in one transaction.

How far it is goes to `progress(stage, done, total)`, when given: a bar on the terminal for
the command, a status the analyst watches for the admin's background imports.
"""

import gc
import hashlib
import uuid
from array import array
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress

from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext, ngettext

from ..bulk import KeptStatistics, loading
from ..corrections import Corrections
from ..models import Incident, map_point, uncounted_duplicate
from . import acled, gtd, native, ucdp
from .gate import unpublishable
from .reading import NO_ROWS, Problem, UnreadableFile, read_rows
from .records import Lookups, derived_uid
from .writing import PREVIEW_ROWS, Known, Plan, counting_uid, no_progress

# Each format a file can be imported from (--format, the admin's choice), and its parser.
IMPORT_PARSERS = {"native": native, "acled": acled, "gtd": gtd, "ucdp": ucdp}
PROGRESS_EVERY_ROWS = 1000
# Rows checked, compared with the database and written at a time: CHUNK_ROWS, or fewer where their
# text passes CHUNK_CHARS. A chunk's memory grows with its rows' text, not their number: GTD's
# rows of 135 columns are three times ACLED's, and 10,000 of them (their records, the incidents
# they update, read for comparing) took the import to 400–700 MB; ACLED's 10,000 are ~3 million.
CHUNK_ROWS = 10_000
CHUNK_CHARS = 2_000_000
REMARK_LINES = 10  # the lines a report names of each remark's rows


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
    duplicates: list = field(default_factory=list)  # (line, title, [incidents]) of the first PREVIEW_ROWS
    duplicate_count: int = 0  # new rows that look like existing incidents
    skipped: Counter = field(default_factory=Counter)  # rows out of scope, by their kind
    remarks: Counter = field(default_factory=Counter)  # what the parser noted, with how many rows
    remark_lines: dict = field(default_factory=dict)  # each remark's first REMARK_LINES lines
    unmatched_kinds: list = field(default_factory=list)  # kinds to keep (--keep-type) that no row has
    kept_newer: int = 0  # rows older than the publisher's version we hold (ACLED's timestamp)
    recoded: list = field(default_factory=list)  # lines of skipped rows that are incidents we hold
    read_from: str = ""  # what was read of a workbook or an archive (reading.Rows.note)
    plan: str = ""  # a preview's (or its confirmation's) digest of what it writes (Plan.digest): the same, or nothing

    def remark(self, records):
        """Counts what the parser noted of each record, and the first lines of each remark."""
        for record in records:
            for remark in record.remarks:
                self.remarks[remark] += 1
                lines = self.remark_lines.setdefault(remark, [])
                if len(lines) < REMARK_LINES:
                    lines.append(record.line)

    def listed_lines(self, remark):
        lines = ", ".join(map(str, self.remark_lines.get(remark, [])))
        return lines + (" …" if self.remarks[remark] > REMARK_LINES else "")

    @property
    def ok(self):
        return not self.problems

    def summary(self):
        """The report in words, in the active language (the admin's page; English on the command
        line). Counts are said with the language's plural forms (Arabic has six). What was read
        of a workbook or an archive comes first."""
        return " ".join(part for part in (self.read_from, self.outcome()) if part)

    def outcome(self):
        count = len(self.problems)
        problems = ngettext("%(count)s problem", "%(count)s problems", count) % {"count": count}
        if not self.ok and not self.rejected:  # no row, or the file as a whole (it changed since its preview)
            return gettext("The file can't be imported (%(problems)s); nothing was written.") % {"problems": problems}
        if not self.ok:
            rejected = {"rejected": self.rejected, "rows": self.rows, "problems": problems}
            return (
                gettext("Rejected: %(rejected)s of %(rows)s rows have problems; nothing was written (%(problems)s).")
                % rejected
            )
        parts = [self.counts_summary()]
        if self.kept_newer:
            kept = ngettext(
                "Kept ours: newer on %(count)s row.", "Kept ours: newer on %(count)s rows.", self.kept_newer
            )
            parts.append(kept % {"count": self.kept_newer})
        if self.skipped:
            parts.append(self.skipped_summary())
        if self.unmatched_kinds:
            kinds = ", ".join(self.unmatched_kinds)
            parts.append(
                gettext("No row is of the kinds to keep %(kinds)s (their spelling is the publisher's).")
                % {"kinds": kinds}
            )
        if self.recoded:
            recoded = ngettext(
                "%(count)s skipped row is an incident we hold, left as it is (its publisher now gives it a kind "
                "the tracker does not record): line %(lines)s.",
                "%(count)s skipped rows are incidents we hold, left as they are (their publisher now gives them "
                "kinds the tracker does not record): lines %(lines)s.",
                len(self.recoded),
            )
            lines = ", ".join(map(str, sorted(self.recoded)[:PREVIEW_ROWS]))
            parts.append(recoded % {"count": len(self.recoded), "lines": lines})
        parts += [
            ngettext(
                "%(count)s row %(remark)s (line %(lines)s).", "%(count)s rows %(remark)s (lines %(lines)s).", count
            )
            % {"count": count, "remark": gettext(remark), "lines": self.listed_lines(remark)}
            for remark, count in sorted(self.remarks.items())
        ]
        if len(self.changes) >= PREVIEW_ROWS and not self.written:
            parts.append(gettext("The preview shows the first %(count)s changes.") % {"count": PREVIEW_ROWS})
        parts.append(self.duplicates_summary())
        return " ".join(parts)

    def counts_summary(self):
        """ "12 rows: 3 would be created, …" (a preview) or "… were created, …" (written)."""
        counts = {"rows": self.rows, "created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        if self.dry_run or not self.written:
            said = ngettext(
                "%(rows)s row: %(created)s would be created, %(updated)s would be updated, "
                "%(unchanged)s unchanged, 0 rejected.",
                "%(rows)s rows: %(created)s would be created, %(updated)s would be updated, "
                "%(unchanged)s unchanged, 0 rejected.",
                self.rows,
            )
        else:
            said = ngettext(
                "%(rows)s row: %(created)s were created, %(updated)s were updated, "
                "%(unchanged)s unchanged, 0 rejected.",
                "%(rows)s rows: %(created)s were created, %(updated)s were updated, "
                "%(unchanged)s unchanged, 0 rejected.",
                self.rows,
            )
        return said % counts

    def skipped_summary(self):
        """ "Skipped 426 out of scope: Protests 301, Riots 112, …", most first. The kinds are the
        publisher's own words: data, never translated."""
        most_first = sorted(self.skipped.items(), key=lambda item: (-item[1], item[0]))
        kinds = ", ".join(f"{kind} {count}" for kind, count in most_first)
        total = self.skipped.total()
        said = ngettext(
            "Skipped %(count)s out of scope: %(kinds)s.", "Skipped %(count)s out of scope: %(kinds)s.", total
        )
        return said % {"count": total, "kinds": kinds}

    def duplicates_summary(self):
        count = self.duplicate_count
        said = ngettext(
            "%(count)s new row looks like existing incidents.",
            "%(count)s new rows look like existing incidents.",
            count,
        )
        return said % {"count": count}


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
    preview=None,
):
    """Check every row of `data` (CSV bytes, or a binary file read as it goes) and, unless
    `dry_run`, write them all or none.

    With a `user` (the admin's import), rows that would change an incident they may not change
    (incidents.permissions) are refused too; without one (the command line) none is. Rows of
    kinds the tracker does not record are skipped and counted (scope.py); `keep_types`, a set
    of the publisher's kinds, replaces the default scope. Rows that would leave an incident
    published (new rows when `publish`, rows changing a published one) must pass the
    publication gate (gate.py), as the admin's publishing does. Rows that change an incident
    that was public are refused without a public correction `note`; with one, each such
    incident's public changes are logged with it (incidents.corrections).

    The rows are checked, compared and written CHUNK_ROWS at a time, in one transaction: memory
    stays flat however long the file, and the first problem rolls back what was written (the
    rest of the file is still read, for every problem to be reported).

    `preview`: the `plan` of the dry run the analyst confirmed. An import that would write anything
    else (the incidents or the file changed since) is refused, and writes nothing.
    """
    parser = IMPORT_PARSERS[file_format]
    report = Report(dry_run=dry_run)
    try:
        refuse_kinds(parser, keep_types)
        read = read_rows(
            data, parser.REQUIRED, parser.IDENTIFIERS, encodings=getattr(parser, "ENCODINGS", ("utf-8-sig",))
        )
    except UnreadableFile as error:
        report.problems = with_format_hint(error, file_format)
        return report
    report.read_from, malformed = read.note, read.problems
    problems = []
    rows = in_scope(read.rows, parser, set(keep_types or ()), report)
    records = parse_rows(rows, parser, problems, progress, read.lines or 1)
    digesting = dry_run or preview is not None  # a preview's token carries it; its confirmation compares it
    chunks = Chunks(report, parser, user=user, publish=publish, note=note, progress=progress, digesting=digesting)

    def clean_so_far():
        return not (problems or malformed or chunks.refused)

    with loading(connection), transaction.atomic():
        # refused rows of every chunk are named: planned, not written
        chunks.take_all(batched(records, CHUNK_ROWS, CHUNK_CHARS), parsed=lambda: not (problems or malformed))
        if not (problems or malformed):  # a row naming an incident twice, beside any refused row
            problems += chunks.repeated_incidents()
        if clean_so_far():
            problems += chunks.link_duplicates()
        report.plan = chunks.written_digest()
        if preview is not None and report.plan != preview and clean_so_far():
            problems = [changed_since_preview(report)]
        report.rows += len({p.line for p in malformed})
        problems += malformed
        if not report.rows and not problems:
            problems = [NO_ROWS]
        refused = problems or chunks.refused
        if refused or dry_run:
            transaction.set_rollback(True)
    if refused:
        report.problems = sorted(refused, key=lambda p: (p.line, p.column))
        report.rejected = len({p.line for p in refused if p.line})
        return report
    report.written = not dry_run
    return report


def changed_since_preview(report):
    """The problem of a confirmation that would not write what its preview showed."""
    message = gettext(
        "the incidents or the file changed since the preview: the file would now create %(created)s, "
        "update %(updated)s and leave %(unchanged)s unchanged, not what the preview showed; "
        "check the file again for a new preview"
    )
    counts = {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
    return Problem(0, "", message % counts)


class Chunks:
    """Plans and writes an import's records a chunk at a time, adding to its report."""

    def __init__(self, report, parser, *, user, publish, note, progress, digesting=False):
        self.report, self.user, self.publish, self.note, self.progress = report, user, publish, note, progress
        self.column = identity_column(parser)
        self.known = Known()
        self.refused = []
        self.incidents = Identities()  # the uids of the rows taken: repeated_incidents
        self.links = []  # (line, uid, uid of the incident that counts or None) of our own rows
        self.statistics = KeptStatistics()
        self.digest = hashlib.sha256() if digesting else None  # of what it writes (Plan.digest), for previews
        # Likely duplicates are incidents that were there before the import, not its own rows.
        self.before = Incident.objects.aggregate(last=Max("pk"))["last"] or 0

    def written_digest(self):
        """Plan.digest of every chunk taken; empty when not digesting."""
        return "" if self.digest is None else self.digest.hexdigest()

    def take_all(self, chunks, parsed):
        """Takes each chunk while every row read so far parses (`parsed()`); the rest of the file is
        still read, for its problems."""
        for chunk in chunks:
            if parsed() and self.take(list(chunk)):
                # The incidents a chunk was compared with and their prefetched claims and links
                # refer to each other (Django's prefetch): cycles that Python frees only at its
                # rarer full collections, so without one a long re-import's chunks piled up
                # (60,000 rows of GTD's whole layout into SQLite: 403 MB, and 222 MB with this).
                # A first import compares none: a collection a chunk was 5% of its time.
                gc.collect()

    def take(self, records):
        """Plans the chunk's records and, unless a row of this chunk or an earlier one is refused,
        writes them; how many incidents held they were compared with."""
        records = self.one_per_incident(records)
        self.report.remark(records)
        plan = Plan(records, self.progress, self.known)
        self.refused += plan.refused(self.user, self.column) + unpublishable(plan, self.publish) or (
            [] if self.note.strip() else plan.unnoted(self.column)
        )
        if not self.refused:
            self.write(plan)
        return plan.compared

    def write(self, plan):
        """Counts the plan's rows in the report and, unless a dry run, writes them."""
        report = self.report
        if self.digest is not None:
            plan.digest(self.digest)
        report.created += len(plan.new)
        report.updated += len(plan.changed)
        report.unchanged += plan.unchanged
        report.kept_newer += plan.kept_newer
        report.changes += plan.preview()[: PREVIEW_ROWS - len(report.changes)]
        found = likely_duplicates(plan.new, self.before, self.known.governorates)
        report.duplicate_count += len(found)
        report.duplicates += found[: PREVIEW_ROWS - len(report.duplicates)]
        self.links += [(r.line, r.uid, r.duplicate_of) for r in plan.new if r.duplicate_of] + [
            (r.line, r.uid, r.duplicate_of)
            for r, incident in plan.changed
            if "duplicate_of" in r.given and r.duplicate_of != counting_uid(incident)
        ]
        if not report.dry_run:
            corrections = Corrections(Incident.objects.filter(pk__in=[incident.pk for _, incident in plan.changed]))
            plan.apply(user=self.user, publish=self.publish)
            corrections.log(self.note, self.user)
            self.statistics.wrote(len(plan.new))

    def link_duplicates(self):
        """Links each row of our own export whose duplicate_of is new or changed to the incident
        that counts, once every row is written (it may come later in the file), and the problems
        of the links: an incident no one holds, or a chain, which the admin refuses too
        (Incident.clean_duplicate_of). Public incidents' changes are logged with the note. A dry
        run, which writes no new incident, checks none of them."""
        if not self.links or self.report.dry_run:  # a dry run wrote no new incident to link or check
            return []
        uids = {uid for _, uid, _ in self.links} | {target for _, _, target in self.links if target}
        ids = dict(Incident.objects.filter(uid__in=uids).values_list("uid", "pk"))
        problems = [
            Problem(line, "duplicate_of", gettext("no incident has the uid %(uid)s") % {"uid": target})
            for line, uid, target in self.links
            if target and (target not in ids or target == uid)
        ]
        if problems:
            return problems
        # only incidents held before the import can have been public: the new ones are not corrected
        held = Incident.objects.filter(pk__in=[ids[uid] for _, uid, _ in self.links], pk__lte=self.before)
        corrections = Corrections(held)
        by_target = {}
        for _, uid, target in self.links:
            by_target.setdefault(ids.get(target), []).append(ids[uid])
        for target_id, linked_ids in by_target.items():  # a statement per incident that counts
            Incident.objects.filter(pk__in=linked_ids).update(duplicate_of_id=target_id)
            written_now(linked_ids).update(duplicate_of_id=target_id)
        chained = set(
            Incident.objects.filter(
                pk__in=ids.values(), duplicate_of__isnull=False, duplicates__isnull=False
            ).values_list("uid", flat=True)
        )
        problems = [
            Problem(line, "duplicate_of", gettext("a duplicate names a duplicate: link the incident that counts"))
            for line, uid, target in self.links
            if uid in chained or target in chained
        ] or self.uncounted(ids)
        if not problems:
            corrections.log(self.note, self.user)
        return problems

    def uncounted(self, ids):
        """The problems of the links that leave a published incident a duplicate of one that is not
        published (a draft, or retracted; also a row imported as a draft), which would count nowhere:
        the rule the admin asks (Incident.uncounted_problem), asked of every linked row at once
        (IncidentQuerySet.counted_nowhere) once the links are written. `ids`: {uid: id}."""
        linked = [ids[uid] for _, uid, _ in self.links]
        uncounted = Incident.objects.filter(pk__in=linked).counted_nowhere().select_related("duplicate_of")
        counting = {incident.uid: incident.duplicate_of for incident in uncounted}
        return [
            Problem(line, "duplicate_of", uncounted_duplicate(counting[uid]))
            for line, uid, _ in self.links
            if uid in counting
        ]

    def repeated_incidents(self):
        """The problems of rows naming the same incident as an earlier row (rows of different ids:
        our export's and the publisher's own), in whichever chunks they are."""
        message = gettext("the same incident as line %(line)s")
        return [Problem(line, self.column, message % {"line": first}) for line, first in self.incidents.repeated()]

    def one_per_incident(self, records):
        """The records, each incident's first row only: a later row naming it is a problem
        (repeated_incidents) once every chunk is taken."""
        first = {}
        for record in records:
            self.incidents.add(record.uid, record.line)
            first.setdefault(record.uid, record)
        return list(first.values())


def written_now(incident_ids):
    """The history row the import wrote for each of the incidents (created or changed: their
    latest), which their duplicate_of, linked once every row is written, goes into: one version,
    one history row."""
    history = Incident.history.model
    latest = history.objects.filter(id__in=incident_ids).values("id").annotate(last=Max("history_id"))
    return history.objects.filter(history_id__in=latest.values("last"))


def likely_duplicates(new_records, before, governorates):
    """(line, title, [existing incidents]) for each new row that looks like an incident recorded
    before the import (ids up to `before`), by the admin form's rule, in a query per thousand
    rows (IncidentQuerySet.likely_duplicates_of; places compared where the map draws them).
    `governorates`: {id: Governorate}, for their centres. Into a database that had no incident
    there is nothing to look for (0.5 s of queries per 20,000 rows)."""
    if not before:
        return []
    points = {}
    for record in new_records:
        place = record.place
        governorate = governorates.get(place.governorate_id)
        latitude, longitude, _ = map_point(place.latitude, place.longitude, place.geo_precision, governorate)
        points[record.line] = (record.type, record.date, latitude, longitude)
    found = Incident.objects.filter(pk__lte=before).likely_duplicates_of(points)
    return [(record.line, record.title, found[record.line]) for record in new_records if record.line in found]


def in_scope(rows, parser, keep, report):
    """Every row, with its kind where the tracker doesn't record it (None where it does), as they
    are read; each row counted in report.rows, the others by kind in report.skipped, and those
    that are incidents we hold (a publisher recoded an attack as a protest) in report.recoded."""
    skipped = getattr(parser, "skipped", None)
    held = HeldIncidents(report)
    kept = set()  # the kinds to keep that a row has
    for line, row in rows:
        report.rows += 1
        kind = skipped(row, keep, kept) if skipped else None
        if kind:
            report.skipped[kind] += 1
            held.add(parser.identity(row), line)
        yield line, row, kind
    held.look_up()
    report.unmatched_kinds = sorted(keep - kept)


class HeldIncidents:
    """The lines of skipped rows whose identity is an incident we hold, looked up CHUNK_ROWS rows
    at a time (a raw export is mostly protests: their identities are not kept)."""

    def __init__(self, report):
        self.report, self.waiting = report, {}

    def add(self, identity, line):
        kind, _, identifier = identity.partition(":")
        try:
            uid = uuid.UUID(identifier) if kind == "uid" else derived_uid(kind, identifier)
        except ValueError:
            return
        self.waiting[uid] = line
        if len(self.waiting) >= CHUNK_ROWS:
            self.look_up()

    def look_up(self):
        found = Incident.objects.filter(uid__in=list(self.waiting)).values_list("uid", flat=True)
        self.report.recoded += [self.waiting[uid] for uid in found]
        self.waiting = {}


def batched(records, size, chars):
    """Lists of `size` records, or fewer whose rows' text (Record.size) reaches `chars`, as
    `records` is read."""
    chunk, text = [], 0
    for record in records:
        chunk.append(record)
        text += record.size
        if len(chunk) >= size or text >= chars:
            yield chunk
            chunk, text = [], 0
    if chunk:
        yield chunk


def refuse_kinds(parser, keep_types):
    """Kinds to keep given for a format whose rows have no kinds (ours) refuse the file unread."""
    if keep_types and not hasattr(parser, "skipped"):
        message = gettext("kinds to keep choose among a publisher's kinds of event; %(description)s has none")
        raise UnreadableFile([Problem(0, "", message % {"description": parser.DESCRIPTION})])


def with_format_hint(error, file_format):
    """A file of another format than the one chosen says which one it looks like (by its header,
    read roughly when the file could not be: a GTD file in Windows-1252 chosen as UTF-8)."""
    first_line = (error.start[:4096].splitlines() or [b""])[0]
    header = error.header or set(first_line.decode("latin-1").replace('"', "").split(","))
    retired = getattr(IMPORT_PARSERS[file_format], "retired_layout", lambda header: None)(header)
    if retired:
        return [Problem(1, "", retired)]  # alone: the columns it lacks are what makes it that layout
    for name, parser in IMPORT_PARSERS.items():
        if name != file_format and all(column in header for column in parser.SIGNATURE):
            hint = gettext(
                "this looks like %(description)s — use --format %(name)s (in the admin: Format “%(name)s”)"
            ) % {
                "description": parser.DESCRIPTION,
                "name": name,
            }
            return [Problem(1, "", hint), *error.problems]
    return error.problems


def identity_column(parser):
    return parser.IDENTIFIERS[0] if parser.IDENTIFIERS else parser.REQUIRED[0]


def parse_rows(rows, parser, problems, progress, lines):
    """Yields the rows' records, each row's problems added to `problems`; `lines`: the file's, for
    the progress. Rows of the same identity are found once the file is read (Identities)."""
    lookups = Lookups()
    identities = Identities()
    for number, (line, row, skipped) in enumerate(rows, 1):
        if number % PROGRESS_EVERY_ROWS == 0:
            progress(gettext("Checking rows"), min(line, lines), lines)
        identities.add(parser.identity(row), line)  # a skipped row's too: an id twice is an error
        if skipped:
            continue
        record, row_problems = parser.parse(line, row, lookups)
        if row_problems:
            problems.extend(Problem(*p) for p in row_problems)
        else:
            record.size = sum(len(value) for value in row.values() if value)
            yield record
    problems.extend(
        Problem(line, identity_column(parser), gettext("duplicate id: the same as line %(line)s") % {"line": first})
        for line, first in identities.repeated()
    )
    progress(gettext("Checking rows"), lines, lines)


class Identities:
    """The identities of a file's rows, 16 bytes a row (a million rows in 16 MB, where a dict of
    them took over 100 MB): each identity's hash, and its line. Repeated identities are looked for
    once the file is read; before that, the import writes and compares as if each row were the
    only one of its identity (the whole import is then rolled back). Two identities of the same
    64-bit hash would be taken for one: for a million rows, once in ten million files or so."""

    PARTS = 16  # a power of two

    def __init__(self):
        self.hashes, self.lines = array("q"), array("q")

    def add(self, identity, line):
        self.hashes.append(hash(identity))
        self.lines.append(line)

    def repeated(self):
        """(line, first line of the same identity) of each row whose identity came before, in the
        file's order. The hashes are read a sixteenth at a time (by their last bits), each part's
        first lines in a dict: sorting all the rows by hash at once held two lists of Python ints
        as long as the file (87 MB for a million rows: the import's peak), a part holds 6 MB."""
        found = []
        for part in range(self.PARTS):
            in_part = map(part.__eq__, map((self.PARTS - 1).__and__, self.hashes))
            first = {}
            for identity, line in compress(zip(self.hashes, self.lines, strict=True), in_part):
                if identity in first:
                    found.append((line, first[identity]))
                else:
                    first[identity] = line
        return sorted(found)
