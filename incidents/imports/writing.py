"""Writing checked records: what to create, update or leave, then bulk writes with history."""

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import Claim, Incident, IncidentSource, Location, Source
from ..permissions import refusal
from .reading import Problem
from .records import Lookups, Statement

BATCH = 2000
IMPORTED_EXCERPT = "Cited for this incident by an imported file."
SCALAR_FIELDS = [
    "external_id",
    "title",
    "summary",
    "type",
    "target",
    "target_detail",
    "target_owner",
    "killed",
    "wounded",
    "confidence",
]
DATE_FIELDS = ["date", "date_end", "date_precision"]
PREVIEW_ROWS = 200


def no_progress(stage, done, total):
    """Where an import tells how far it is when nobody watches."""


def place_key(place):
    return (place.name, place.governorate_id, place.country, place.latitude, place.longitude, place.geo_precision)


def location_key(location):
    return (
        location.name,
        location.governorate_id,
        location.country,
        location.latitude,
        location.longitude,
        location.geo_precision,
    )


def source_key(cited):
    return ("url", cited.url) if cited.url else ("untitled", cited.publisher, cited.title)


def existing_source_key(url, publisher, title):
    return ("url", url) if url else ("untitled", publisher, title)


def claim_key(claim):
    return (claim.kind, claim.who)


class Plan:
    """Compares the records with the database: new incidents, changed ones, unchanged ones."""

    def __init__(self, records, progress=no_progress):
        self.records, self.progress = records, progress
        self.lookups = Lookups()
        for record in records:
            record.claims = list(
                dict.fromkeys(
                    Statement(s.kind, self.lookups.canonical_actor(s.who), s.stated_by) for s in record.claims
                )
            )
        self.locations = {location_key(loc): loc.pk for loc in Location.objects.all().iterator(chunk_size=BATCH)}
        self.sources = {
            existing_source_key(*values): pk
            for pk, *values in Source.objects.values_list("pk", "url", "publisher", "title").iterator()
        }
        existing = self.existing_incidents()
        self.new = [r for r in records if r.uid not in existing]
        self.changed = [(r, existing[r.uid]) for r in records if r.uid in existing and self.differs(r, existing[r.uid])]
        self.unchanged = len(records) - len(self.new) - len(self.changed)

    def existing_incidents(self):
        uids = [r.uid for r in self.records]
        found = {}
        for start in range(0, len(uids), BATCH):
            chunk = (
                Incident.objects.filter(uid__in=uids[start : start + BATCH])
                .select_related("location")
                .prefetch_related("claims__group", "source_links__source")
            )
            found.update((incident.uid, incident) for incident in chunk)
            self.progress("Comparing with the database", min(start + BATCH, len(uids)), len(uids))
        return found

    def differs(self, record, incident):
        given = record.given
        if any(getattr(record, f) != getattr(incident, f) for f in SCALAR_FIELDS if f in given):
            return True
        if "date" in given and any(getattr(record, f) != getattr(incident, f) for f in DATE_FIELDS):
            return True
        if "location" in given and place_key(record.place) != location_key(incident.location):
            return True
        if "claims" in given and sorted(map(claim_key, record.claims)) != sorted(
            (c.kind, c.who) for c in incident.claims.all()
        ):
            return True
        if "sources" in given and sorted(map(source_key, record.sources)) != sorted(
            existing_source_key(link.source.url, link.source.publisher, link.source.title)
            for link in incident.source_links.all()
        ):
            return True
        return False

    def refused(self, user, column):
        """The rows that would change an incident `user` may not change, each with why."""
        if user is None:
            return []
        refusals = ((record, refusal(user, incident)) for record, incident in self.changed)
        return [Problem(record.line, column, reason) for record, reason in refusals if reason]

    def preview(self):
        changes = [("create", r.line, r.title) for r in self.new] + [
            ("update", r.line, r.title) for r, _ in self.changed
        ]
        return sorted(changes, key=lambda change: change[1])[:PREVIEW_ROWS]

    # writing

    def apply(self, user=None, publish=True):
        self.user = user if user is not None and user.is_authenticated else None
        self.create_locations()
        self.create_sources()
        created = self.create_incidents(Incident.Status.PUBLISHED if publish else Incident.Status.DRAFT)
        updated = self.update_incidents()
        self.write_claims(created, updated)
        self.write_source_links(created, updated)
        # bulk writes skip save(): what search finds them by is written once for all of them
        touched = [incident.pk for _, incident in created + updated]
        for start in range(0, len(touched), BATCH):
            Incident.objects.filter(pk__in=touched[start : start + BATCH]).refresh_found_text()

    def bulk_create(self, objects, model):
        created = []
        for start in range(0, len(objects), BATCH):
            created += bulk_create_with_history(objects[start : start + BATCH], model, default_user=self.user)
            self.progress(f"Writing {model._meta.verbose_name_plural}", len(created), len(objects))
        return created

    def create_locations(self):
        missing = {}
        for record in self.new + [r for r, _ in self.changed if "location" in r.given]:
            key = place_key(record.place)
            if key not in self.locations and key not in missing:
                p = record.place
                missing[key] = Location(
                    name=p.name,
                    governorate_id=p.governorate_id,
                    country=p.country,
                    latitude=p.latitude,
                    longitude=p.longitude,
                    geo_precision=p.geo_precision,
                    kind=p.kind,
                )
        for location in self.bulk_create(list(missing.values()), Location):
            self.locations[location_key(location)] = location.pk

    def create_sources(self):
        missing = {}
        for record in self.new + [r for r, _ in self.changed if "sources" in r.given]:
            for cited in record.sources:
                key = source_key(cited)
                if key not in self.sources and key not in missing:
                    missing[key] = Source(publisher=cited.publisher, title=cited.title, url=cited.url)
        for source in self.bulk_create(list(missing.values()), Source):
            self.sources[existing_source_key(source.url, source.publisher, source.title)] = source.pk

    def create_incidents(self, status):
        incidents = [self.build_incident(record, status) for record in self.new]
        created = self.bulk_create(incidents, Incident)
        return list(zip(self.new, created, strict=True))

    def build_incident(self, record, status):
        incident = Incident(
            uid=record.uid,
            status=status,
            created_by=self.user,
            updated_by=self.user,
            location_id=self.locations[place_key(record.place)],
            published_at=timezone.now() if status == Incident.Status.PUBLISHED else None,
        )
        for name in SCALAR_FIELDS + DATE_FIELDS:
            setattr(incident, name, getattr(record, name))
        return incident

    def update_incidents(self):
        fields = set()
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
            incident.updated_by = self.user
            incident.version += 1
            incident.refresh_search_text()  # bulk_update writes only what it is given
        fields.update(["updated_by", "version", "search_text"])
        incidents = [incident for _, incident in self.changed]
        if incidents:
            bulk_update_with_history(incidents, Incident, sorted(fields), batch_size=BATCH, default_user=self.user)
            self.progress("Updating incidents", len(incidents), len(incidents))
        return self.changed

    def write_claims(self, created, updated):
        wanted = [(record, incident, []) for record, incident in created]
        stale = []
        for record, incident in updated:
            if "claims" not in record.given:
                continue
            existing = {claim_key(c): c for c in incident.claims.all()}
            keep = {claim_key(s) for s in record.claims}
            stale += [c.pk for key, c in existing.items() if key not in keep]
            wanted.append((record, incident, list(existing)))
        Claim.objects.filter(pk__in=stale).delete()
        claims = [
            self.build_claim(incident, statement)
            for record, incident, already in wanted
            for statement in record.claims
            if claim_key(statement) not in already
        ]
        self.bulk_create(claims, Claim)

    def build_claim(self, incident, statement):
        group = self.lookups.group(statement.who)
        return Claim(
            incident=incident,
            kind=statement.kind,
            group_id=group,
            actor="" if group else statement.who[:200],
            stated_by=statement.stated_by,
            channel=Claim.Channel.OTHER,
        )

    def write_source_links(self, created, updated):
        wanted = [(record, incident, set()) for record, incident in created]
        stale = []
        for record, incident in updated:
            if "sources" not in record.given:
                continue
            keep = {self.sources[source_key(c)] for c in record.sources}
            existing = {link.source_id: link for link in incident.source_links.all()}
            stale += [link.pk for source_id, link in existing.items() if source_id not in keep]
            wanted.append((record, incident, set(existing)))
        IncidentSource.objects.filter(pk__in=stale).delete()
        links = []
        for record, incident, already in wanted:
            for source_id in dict.fromkeys(self.sources[source_key(c)] for c in record.sources):
                if source_id not in already:
                    links.append(IncidentSource(incident=incident, source_id=source_id, excerpt=IMPORTED_EXCERPT))
        self.bulk_create(links, IncidentSource)
