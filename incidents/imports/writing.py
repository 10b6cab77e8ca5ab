"""Writing checked records: what to create, update or leave, then bulk writes with history."""

from collections import Counter

from django.db import connection
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext

from ..bulk import (
    Inserted,
    delete_with_history,
    insert,
    once_per_statement,
    reserve_ids,
    searched_text,
    update,
    write_history,
)
from ..exports.cells import without_bidi
from ..models import Claim, Governorate, Group, Incident, IncidentSource, Location, Source
from ..permissions import refusal
from ..querysets import found_text_of
from .reading import Problem
from .records import OUR_COLUMNS_GIVE, Lookups, publisher_timestamp

BATCH = 2000
IMPORTED_EXCERPT = "Cited for this incident by an imported file."
SCALAR_FIELDS = [
    "external_id",
    "title",
    "summary",
    "title_ar",
    "summary_ar",
    "type",
    "target",
    "target_detail",
    "target_owner",
    "killed",
    "wounded",
    "confidence",
    "publisher_record",
]
DATE_FIELDS = ["date", "date_end", "date_precision"]
PREVIEW_ROWS = 200
# The columns each new row is written with (incidents.bulk; the rest get their defaults).
LOCATION_COLUMNS = ("name", "governorate_id", "country", "latitude", "longitude", "geo_precision", "kind")
SOURCE_COLUMNS = ("publisher", "title", "url")
INCIDENT_COLUMNS = (
    "uid",
    "status",
    "created_by_id",
    "updated_by_id",
    "location_id",
    "published_at",
    "created_at",
    "updated_at",
    *SCALAR_FIELDS,
    *DATE_FIELDS,
)
CLAIM_COLUMNS = ("incident_id", "kind", "group_id", "actor", "stated_by", "channel", "source_id")
LINK_COLUMNS = ("incident_id", "source_id", "excerpt", "says_none_killed", "says_none_wounded")
NOTHING = (False, False)  # a link that says nobody was killed, nobody wounded
SAYS_NONE = {"says_none_killed": "killed", "says_none_wounded": "wounded"}  # each flag, the count it stands for


def no_progress(stage, done, total):
    """Where an import tells how far it is when nobody watches."""


PLACE_KEY_FIELDS = ("name", "governorate_id", "country", "latitude", "longitude", "geo_precision")


def place_key(place):
    """What makes a file's place (records.Place) or a stored Location the same place."""
    return tuple(getattr(place, name) for name in PLACE_KEY_FIELDS)


def source_key(cited):
    return ("url", cited.url) if cited.url else ("untitled", cited.publisher, cited.title)


SOURCE_KEY_FIELDS = ("pk", "url", "publisher", "title")


def existing_source_key(url, publisher, title):
    return ("url", url) if url else ("untitled", publisher, title)


CITES = "claim_sources"  # in Record.given: the file says which source each claim rests on


def cited_source(record, statement):
    """The record's source (a Cited) the statement rests on, or None."""
    return record.sources[statement.source - 1] if statement.source else None


def cited_key(record, statement):
    """The source_key() of the source the statement rests on, or None."""
    cited = cited_source(record, statement)
    return source_key(cited) if cited else None


def stored_source_key(source):
    """A stored source's source_key(), or None for none."""
    return existing_source_key(source.url, source.publisher, source.title) if source is not None else None


def statement_key(record, statement):
    """(kind, who), and the key of the source it rests on where the file says which (claim_sources)."""
    if CITES not in record.given:
        return (statement.kind, statement.who)
    return (statement.kind, statement.who, cited_key(record, statement))


def claim_key(record, claim):
    """A stored claim's statement_key, to compare with the record's."""
    if CITES not in record.given:
        return (claim.kind, claim.who)
    return (claim.kind, claim.who, stored_source_key(claim.source))


REREAD = frozenset(["claims", "claim_sources"])  # what the publisher's row we hold gives again: what_is_new


def ours_is_newer(record, incident):
    """The publisher's row we hold is newer than the file's (ACLED's timestamp), or the file's has
    none (an older layout) where ours has one: keep ours."""
    ours = publisher_timestamp(incident.publisher_record)
    if ours is None or not record.publisher_record:
        return False
    theirs = publisher_timestamp(record.publisher_record)
    return theirs is None or ours > theirs


def what_is_new(record, held):
    """The fields a row gives for an incident we hold. A row whose publisher's cells are the row we
    hold gives only its claims, read again so that an alias added since matches its actors (the
    claims an analyst added are theirs and stay: replaced_by): its title, summary, counts, place
    and sources are the publisher's as imported, which an analyst may have corrected since, and
    importing the same download again must not undo that. A row of our export gives what our
    columns say; the publisher's next version of its row gives every field."""
    if not record.publisher_record or record.publisher_record != held:
        return record.given
    return record.given & (OUR_COLUMNS_GIVE if record.of_our_export else REREAD)


def replaced_by(record, incident):
    """(claims, source links) of `incident` that the row's claims and sources replace: all of them
    for a row of ours (our export lists an incident whole); for a publisher's row, only those an
    import wrote (the links with IMPORTED_EXCERPT and the claims resting on their sources). A
    claim or source an analyst added since is theirs: the publisher's next version of the row
    doesn't know it, and must not delete it."""
    claims, links = list(incident.claims.all()), list(incident.source_links.all())
    if not record.publisher_record:
        return claims, links
    imported = [link for link in links if link.excerpt == IMPORTED_EXCERPT]
    sources = {link.source_id for link in imported}
    return [claim for claim in claims if claim.source_id in sources], imported


def by_canonical_actor(statement, lookups):
    """The statement naming its actor as a known group's own name (Lookups.canonical_actor): the
    same statement where it does already, as most do (no new one a claim)."""
    who = lookups.canonical_actor(statement.who)
    return statement if who == statement.who else statement.replaced(who=who)


def counting_uid(incident):
    """The uid of the incident `incident` duplicates (its duplicate_of), or None."""
    return incident.duplicate_of.uid if incident.duplicate_of else None


def changed_flags(link, says, given):
    """{flag: value} of the link's says_none_killed and says_none_wounded that differ from what a
    row that gives the count says (`says`, Plan.said_none)."""
    return {
        flag: value
        for (flag, count), value in zip(SAYS_NONE.items(), says, strict=True)
        if count in given and getattr(link, flag) != value
    }


def with_cells_kept(theirs, ours, columns):
    """The publisher's row a file gives for an incident imported from the same publisher, with the
    cells of columns the file lacks kept from ours (an older layout's data_id, a subset of GTD's
    columns): a column a file doesn't have leaves our value alone; one it has (`columns`) and
    leaves empty says the publisher blanked the cell (GTD and GED rows keep only the cells that
    say something), so ours goes. A row that differs from ours only in cells empty on one side
    and absent on the other is ours, unchanged."""
    if not theirs or not ours or theirs.get("format") != ours.get("format"):
        return theirs
    blanked = set(columns).difference(theirs["row"])
    merged = {column: cell for column, cell in ours["row"].items() if column not in blanked} | theirs["row"]
    if merged == ours["row"] or said(merged) == said(ours["row"]):  # the first: no cell read twice
        return ours
    return {**theirs, "row": merged}


def said(row):
    """The cells of a publisher's row that say something, as our exports write them (a cell of
    bidi controls alone, which they write empty, says nothing)."""
    exported = ((column, as_exported(value)) for column, value in row.items())
    return {column: value for column, value in exported if value}


def as_exported(value):
    """A value as our exports write it: text without bidi controls (exports.cells), so that our
    export of a row whose text has them (an Arabic note's right-to-left marks) imports unchanged."""
    return without_bidi(value) if isinstance(value, str) else value


def described(changes):
    """["field: old → new", …] for a preview, each side cut short; the publisher's row by its cells."""
    lines = []
    for name, (old, new) in changes.items():
        if name == "publisher_record":
            ours, theirs = (old or {}).get("row", {}), (new or {}).get("row", {})
            lines += [
                f"{new.get('format', '')} {column}: {shorten(ours.get(column))} → {shorten(theirs.get(column))}"
                for column in dict.fromkeys([*ours, *theirs])
                if (ours.get(column) or "") != (theirs.get(column) or "")
            ]
        else:
            lines.append(f"{name}: {shorten(old)} → {shorten(new)}")
    return lines


def comparable(value):
    """A side of a change, the same however the database ordered it."""
    return sorted(map(repr, value)) if isinstance(value, list) else repr(value)


def shorten(value, limit=80):
    text = gettext("(empty)") if value in (None, "", []) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Known:
    """What an import looks rows up in, read once for all its chunks: governorates and groups by
    name (Lookups). Places and sources, which grow with a file (a million GTD rows name a
    quarter of a million places), are looked up a chunk at a time: stored_places, stored_sources."""

    def __init__(self):
        self.lookups = Lookups()
        self.governorates = Governorate.objects.in_bulk()
        self.group_texts = dict(Group.objects.values_list("pk", "search_text"))


def stored_places(keys):
    """{place_key: (id, search text)} of the stored places among `keys`, asked by governorate
    and name (the index (governorate, name); most places outside Iraq have no governorate).
    Where the same place is stored twice, the first stored is the one."""
    names = sorted({key[0] for key in keys})
    where = Q(governorate__isnull=True)
    if governorates := sorted({key[1] for key in keys if key[1] is not None}):
        where |= Q(governorate__in=governorates)
    found = {}
    for start in range(0, len(names), BATCH):
        chunk = Location.objects.filter(where, name__in=names[start : start + BATCH]).order_by("-pk")
        found.update(
            (tuple(key), (pk, text)) for pk, *key, text in chunk.values_list("pk", *PLACE_KEY_FIELDS, "search_text")
        )
    return {key: found[key] for key in keys if key in found}


def stored_sources(keys):
    """{source_key: id} of the stored sources among `keys`: by URL, and by title (indexed) for those without."""
    urls = sorted({key[1] for key in keys if key[0] == "url"})
    titles = sorted({key[2] for key in keys if key[0] == "untitled"})
    found = {}
    for start in range(0, len(urls), BATCH):
        chunk = Source.objects.filter(url__in=urls[start : start + BATCH])
        found.update((existing_source_key(*values), pk) for pk, *values in chunk.values_list(*SOURCE_KEY_FIELDS))
    for start in range(0, len(titles), BATCH):
        chunk = Source.objects.filter(url="", title__in=titles[start : start + BATCH])
        found.update((existing_source_key(*values), pk) for pk, *values in chunk.values_list(*SOURCE_KEY_FIELDS))
    return {key: pk for key, pk in found.items() if key in keys}


class Plan:
    """Compares the records with the database: new incidents, changed ones, unchanged ones."""

    def __init__(self, records, progress=no_progress, known=None):
        self.records, self.progress = records, progress
        self.known = known = known or Known()
        self.lookups = known.lookups
        for record in records:
            record.claims = list(dict.fromkeys(by_canonical_actor(s, self.lookups) for s in record.claims))
        places = stored_places({place_key(record.place) for record in records})
        self.locations = {key: pk for key, (pk, _) in places.items()}
        self.place_texts = dict(places.values())
        self.sources = stored_sources({source_key(cited) for record in records for cited in record.sources})
        existing = self.existing_incidents()
        self.compared = len(existing)  # incidents held that the rows name
        older = {r.uid for r in records if r.uid in existing and ours_is_newer(r, existing[r.uid])}
        for record in records:
            if record.uid in existing:
                ours = existing[record.uid].publisher_record
                record.publisher_record = with_cells_kept(record.publisher_record, ours, record.publisher_columns)
                record.given = what_is_new(record, ours)
        self.new = [r for r in records if r.uid not in existing]
        changed = [(r, existing[r.uid]) for r in records if r.uid in existing and self.differs(r, existing[r.uid])]
        self.changed = [(r, incident) for r, incident in changed if r.uid not in older]
        self.kept_newer = len(changed) - len(self.changed)
        self.unchanged = len(records) - len(self.new) - len(changed)

    def existing_incidents(self):
        uids = [r.uid for r in self.records]
        found = {}
        for start in range(0, len(uids), BATCH):
            chunk = (
                Incident.objects.filter(uid__in=uids[start : start + BATCH])
                .select_related("location", "duplicate_of")
                .prefetch_related(
                    # Joined, not prefetched: Django's prefetch of a foreign key's targets asks
                    # for them as `id = … OR id = …`, which SQLite refuses past 1,000 terms.
                    Prefetch("claims", Claim.objects.select_related("group", "source")),
                    Prefetch("source_links", IncidentSource.objects.select_related("source")),
                )
            )
            found.update((incident.uid, incident) for incident in chunk)
            self.progress(gettext("Comparing with the database"), min(start + BATCH, len(uids)), len(uids))
        return found

    def differs(self, record, incident):
        return bool(self.changes(record, incident))

    def changes(self, record, incident):
        """{field: (ours, the file's)} for every field the row would change."""
        given = record.given
        compared = [name for name in SCALAR_FIELDS if name in given] + (DATE_FIELDS if "date" in given else [])
        found = {
            name: (getattr(incident, name), getattr(record, name))
            for name in compared
            if as_exported(getattr(record, name)) != as_exported(getattr(incident, name))
        }
        related = {
            "location": lambda: ([place_key(incident.location)], [place_key(record.place)]),
            "duplicate_of": lambda: (
                [counting_uid(incident)],
                [record.duplicate_of],
            ),
            "claims": lambda: (
                [claim_key(record, c) for c in replaced_by(record, incident)[0]],
                [statement_key(record, s) for s in record.claims],
            ),
            "sources": lambda: (
                [
                    existing_source_key(link.source.url, link.source.publisher, link.source.title)
                    for link in replaced_by(record, incident)[1]
                ],
                list(map(source_key, record.sources)),
            ),
        }
        for name, sides in related.items():
            if name in given:
                ours, theirs = sides()
                if Counter(ours) != Counter(theirs):
                    found[name] = (ours, theirs)
        return found

    def digest(self, hasher):
        """Adds to `hasher` what the plan would write: each new row, and each change old → new (lists
        sorted: the order the database gives a record's claims and sources in says nothing)."""
        for record in self.new:
            hasher.update(repr(("create", record.line, str(record.uid))).encode())
        for record, incident in self.changed:
            changes = self.changes(record, incident).items()
            changes = sorted((name, tuple(map(comparable, sides))) for name, sides in changes)
            hasher.update(repr(("update", record.line, str(record.uid), changes)).encode())

    def refused(self, user, column):
        """The rows that would change an incident `user` may not change, each with why."""
        if user is None:
            return []
        refusals = ((record, refusal(user, incident)) for record, incident in self.changed)
        return [Problem(record.line, column, reason) for record, reason in refusals if reason]

    def unnoted(self, column):
        """The rows that would change an incident that was public, each with why a note is needed."""
        why = gettext(
            "“%(incident)s” was published: a public correction note is needed (shown with the change on its page)"
        )
        changed = Incident.objects.filter(pk__in=[incident.pk for _, incident in self.changed])
        public = set(changed.public_once().values_list("pk", flat=True))
        return [
            Problem(record.line, column, why % {"incident": incident})
            for record, incident in self.changed
            if incident.pk in public
        ]

    def preview(self):
        """(action, line, title, changed fields) of the first PREVIEW_ROWS rows that change anything;
        an update lists each field it changes as "field: old → new"."""
        changes = [("create", r.line, r.title, []) for r in self.new] + [
            ("update", r.line, r.title, None) for r, _ in self.changed
        ]
        first = sorted(changes, key=lambda change: change[1])[:PREVIEW_ROWS]
        incidents = {r.line: (r, incident) for r, incident in self.changed}
        return [
            (action, line, title, fields if fields is not None else described(self.changes(*incidents[line])))
            for action, line, title, fields in first
        ]

    # writing

    def apply(self, user=None, publish=True):
        """Writes the plan. New incidents' claims and source links go in before the incidents
        (their ids reserved first; the foreign keys are checked at commit), so the incidents'
        rows are written once, found text included, and the triggers that count and aggregate
        claims (tallies, export cells) run once per statement for them (incidents.tallies and
        incidents.exports.stored count claims written before their incident); on SQLite, whose
        triggers run per row, once for all the new rows (bulk.once_per_statement)."""
        self.user = user if user is not None and user.is_authenticated else None
        self.user_id, self.now = getattr(self.user, "pk", None), timezone.now()
        with connection.cursor() as cursor:
            created = list(zip(self.new, reserve_ids(cursor, Incident, len(self.new)), strict=True))
        with once_per_statement(connection) as self.inserted:
            self.create_locations()
            self.create_sources()
            claim_texts = self.write_claims(created, [])
            self.write_source_links(created, [])
            self.create_incidents(created, Incident.Status.PUBLISHED if publish else Incident.Status.DRAFT, claim_texts)
        self.inserted = Inserted()
        self.write_claims([], self.changed)
        self.write_source_links([], self.changed)
        updated = self.update_incidents()
        # bulk updates skip save(): what search finds the changed ones by is written for all of them
        touched = [incident.pk for _, incident in updated]
        for start in range(0, len(touched), BATCH):
            Incident.objects.filter(pk__in=touched[start : start + BATCH]).refresh_found_text()

    def write(self, model, columns, rows, ids=None):
        """New rows of `model` (tuples in the order of `columns`), with their history rows, a
        batch at a time (incidents.bulk: no model instance, no per-row query); their ids
        (`ids`, when reserved before)."""
        written = []
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                batch = rows[start : start + BATCH]
                batch_ids = ids[start : start + BATCH] if ids is not None else reserve_ids(cursor, model, len(batch))
                insert(cursor, model, ("id", *columns), [(pk, *row) for pk, row in zip(batch_ids, batch, strict=True)])
                write_history(cursor, model, batch_ids, "+", self.user_id, self.now)
                written += batch_ids
                self.inserted.add(model, batch_ids)
                stage = gettext("Writing %(records)s") % {"records": model._meta.verbose_name_plural}
                self.progress(stage, len(written), len(rows))
        return written

    def create_locations(self):
        missing = {}
        for record in self.new + [r for r, _ in self.changed if "location" in r.given]:
            key = place_key(record.place)
            if key not in self.locations and key not in missing:
                p = record.place
                row = (p.name, p.governorate_id, p.country, p.latitude, p.longitude, p.geo_precision, p.kind)
                missing[key] = (*row, searched_text(Location, LOCATION_COLUMNS, row))
        ids = self.write(Location, (*LOCATION_COLUMNS, "search_text"), list(missing.values()))
        self.locations.update(zip(missing, ids, strict=True))
        self.place_texts.update((pk, row[-1]) for pk, row in zip(ids, missing.values(), strict=True))

    def create_sources(self):
        missing = {}
        for record in self.new + [r for r, _ in self.changed if "sources" in r.given]:
            for cited in record.sources:
                key = source_key(cited)
                if key not in self.sources and key not in missing:
                    missing[key] = (cited.publisher, cited.title, cited.url)
        ids = self.write(Source, SOURCE_COLUMNS, list(missing.values()))
        self.sources.update(zip(missing, ids, strict=True))

    def create_incidents(self, created, status, claim_texts):
        """The new incidents, `created` [(record, reserved id)], with their found text (written
        here: their claims, `claim_texts` {id: [(group's text, claim's)]}, and places are written already)."""
        published_at = self.now if status == Incident.Status.PUBLISHED else None
        governorates = self.known.governorates
        rows = []
        for record, pk in created:
            location_id = self.locations[place_key(record.place)]
            row = (
                record.uid,
                status,
                self.user_id,
                self.user_id,
                location_id,
                published_at,
                self.now,
                self.now,
                *(getattr(record, name) for name in SCALAR_FIELDS + DATE_FIELDS),
            )
            own = searched_text(Incident, INCIDENT_COLUMNS, row)
            governorate = governorates.get(record.place.governorate_id)
            place = (self.place_texts[location_id], governorate.search_text if governorate else "")
            rows.append((*row, own, found_text_of(own, *place, claim_texts.get(pk, ()))))
        self.write(Incident, (*INCIDENT_COLUMNS, "search_text", "found_text"), rows, [pk for _, pk in created])

    def update_incidents(self):
        """The changed incidents' fields the rows give, their version, who and when, and their
        history rows (bulk.update, bulk.write_history: no query per row)."""
        fields = {"updated_by", "updated_at", "version", "search_text"}
        for record, incident in self.changed:
            given = record.given
            for name in SCALAR_FIELDS:
                if name in given:
                    setattr(incident, name, getattr(record, name))
                    fields.add(name)
            if "date" in given:
                for name in DATE_FIELDS:
                    setattr(incident, name, getattr(record, name))
                fields.update(DATE_FIELDS)
            if "location" in given:
                incident.location_id = self.locations[place_key(record.place)]
                fields.add("location")
            incident.updated_by, incident.updated_at = self.user, self.now
            incident.version += 1
            incident.refresh_search_text()
        if not self.changed:
            return self.changed
        columns = sorted(Incident._meta.get_field(name).column for name in fields)
        ids = [incident.pk for _, incident in self.changed]
        with connection.cursor() as cursor:
            for start in range(0, len(self.changed), BATCH):
                batch = self.changed[start : start + BATCH]
                update(cursor, Incident, columns, [(i.pk, *(getattr(i, c) for c in columns)) for _, i in batch])
                self.progress(gettext("Updating incidents"), start + len(batch), len(self.changed))
            write_history(cursor, Incident, ids, "~", self.user_id, self.now)
        return self.changed

    def write_claims(self, created, updated):
        """Writes the claims the plan adds and deletes those it drops; each incident's claims'
        texts, {incident id: [(group's search text or None, claim's)]}, for its found text."""
        wanted = [(record, pk, []) for record, pk in created]
        stale = []
        for record, incident in updated:
            if "claims" not in record.given:
                continue
            replaced = {claim_key(record, c): c for c in replaced_by(record, incident)[0]}
            keep = {statement_key(record, s) for s in record.claims}
            stale += [c.pk for key, c in replaced.items() if key not in keep]
            wanted.append((record, incident.pk, [claim_key(record, c) for c in incident.claims.all()]))
        delete_with_history(Claim.objects.filter(pk__in=stale), self.user_id)
        claims, texts = [], {}
        for record, pk, already in wanted:
            for statement in record.claims:
                if statement_key(record, statement) not in already:
                    row = self.claim_row(pk, statement, record)
                    own = searched_text(Claim, CLAIM_COLUMNS, row)
                    claims.append((*row, own))
                    texts.setdefault(pk, []).append((self.known.group_texts.get(row[2]), own))
        self.write(Claim, (*CLAIM_COLUMNS, "search_text"), claims)
        return texts

    def claim_row(self, incident_id, statement, record):
        group = self.lookups.group(statement.who)
        actor = "" if group else statement.who[:200]
        cited = cited_source(record, statement)
        source_id = self.sources[source_key(cited)] if cited else None
        return (incident_id, statement.kind, group, actor, statement.stated_by, statement.channel, source_id)

    def write_source_links(self, created, updated):
        wanted = [(record, pk, set()) for record, pk in created]
        stale = []
        for record, incident in updated:
            if "sources" not in record.given:
                continue
            keep = {self.sources[source_key(c)] for c in record.sources}
            stale += [link.pk for link in replaced_by(record, incident)[1] if link.source_id not in keep]
            wanted.append((record, incident.pk, {link.source_id for link in incident.source_links.all()}))
        delete_with_history(IncidentSource.objects.filter(pk__in=stale), self.user_id)
        links = []
        for record, pk, already in wanted:
            record_source, says = self.said_none(record)
            for source_id in dict.fromkeys(self.sources[source_key(c)] for c in record.sources):
                if source_id not in already:
                    links.append((pk, source_id, IMPORTED_EXCERPT, *(says if source_id == record_source else NOTHING)))
        self.write(IncidentSource, LINK_COLUMNS, links)
        self.mark_what_records_say(updated)

    def mark_what_records_say(self, updated):
        """The updated rows' links to their publisher's record say nobody was killed (or wounded)
        as the row now does (said_none): written only where a flag changes, a statement per outcome."""
        changed = {}
        for record, incident in updated:
            record_source, says = self.said_none(record)
            for link in (link for link in incident.source_links.all() if link.source_id == record_source):
                if flags := changed_flags(link, says, record.given):
                    changed.setdefault(tuple(flags.items()), []).append(link.pk)
        for flags, pks in changed.items():
            IncidentSource.objects.filter(pk__in=pks).update(**dict(flags))
        with connection.cursor() as cursor:
            write_history(
                cursor, IncidentSource, [pk for pks in changed.values() for pk in pks], "~", self.user_id, self.now
            )

    def said_none(self, record):
        """(the id of the publisher's own record, what its link says of nobody killed and wounded):
        a 0 in a publisher's row is what that row says, and the link to it is marked so (the
        codebook's rule for a 0); (None, NOTHING) for a row of ours."""
        if not record.publisher_record or not record.sources:
            return None, NOTHING
        killed, wounded = record.publisher_counts or (record.killed, record.wounded)
        return self.sources[source_key(record.sources[0])], (killed == 0, wounded == 0)
