"""Deterministic, plausible synthetic incidents for scale tests (`manage.py generate_incidents`).

Shared pools of places, groups (with fronts) and sources are made once per database and
reused by every run; each run then inserts its incidents, their claims and their source
links in batches (COPY on PostgreSQL, bulk_create elsewhere). Every incident draws its
own claims and links right after its own values from one random stream, so a seed gives
the same data whatever the batch size. The uids come from a stream of their own: a seed
always gives the same uids, even where the pools differ, so the unique uid stops a seed
from being added twice. No history rows: this is test data, not analysts' work.
"""

import bisect
import calendar
import functools
import itertools
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as time_of_day
from operator import attrgetter
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from .bulk import KeptStatistics, insert, loading, reserve_ids, searched_text
from .dates import DatePrecision, date_window
from .models import Claim, Governorate, Group, GroupRelation, Incident, IncidentSource, Location, Source
from .querysets import found_text_of

NAME_PREFIX = "Synthetic"
SLUG_PREFIX = "synthetic-"
SOURCE_URL = "https://synthetic.invalid/report/{}"
POOL_SEED = "synthetic pools"
PLACES_PER_GOVERNORATE = 40
COUNTRY_PLACES = 3
SOURCE_POOL = 500
MILITIAS, FRONTS = 8, 16


class Weighted:
    """A fixed discrete distribution, drawn with one random() and a bisect."""

    def __init__(self, weights):
        self.values = list(weights)
        self.cumulative = list(itertools.accumulate(weights.values()))

    def draw(self, rng):
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


TYPES = Weighted(
    {
        "rocket": 38,
        "ied": 30,
        "drone": 9,
        "small_arms": 7,
        "kidnapping": 2,
        "assassination": 3,
        "arson": 2,
        "other": 3,
        "foiled": 3,
        "arrest": 2,
        "propaganda": 1,
    }
)
DATE_PRECISIONS = Weighted({"day": 84, "week": 5, "month": 8, "range": 3})
STATUSES = Weighted({"published": 92, "draft": 6, "retracted": 2})
CONFIDENCES = Weighted({"high": 45, "medium": 40, "low": 15})
PLACE_PRECISIONS = Weighted({"site": 35, "town": 35, "district": 15, "governorate": 15})
CLAIMS_PER_INCIDENT = Weighted({0: 35, 1: 40, 2: 18, 3: 7})
CLAIM_KINDS_BY_GROUP_KIND = {
    "front": Weighted({"claimed": 75, "denied": 5, "suspected": 10, "attributed": 10}),
    "militia": Weighted({"attributed": 45, "suspected": 35, "denied": 20}),
    None: Weighted({"suspected": 70, "attributed": 30}),
}
CHANNELS_BY_CLAIM_KIND = {
    "claimed": Weighted({"telegram": 70, "video": 15, "statement": 15}),
    "denied": Weighted({"statement": 60, "telegram": 40}),
    "attributed": Weighted({"official": 55, "media_report": 30, "analysis": 15}),
    "suspected": Weighted({"media_report": 50, "analysis": 35, "official": 15}),
}
LINKS_PER_INCIDENT = Weighted({1: 65, 2: 35})
SITE_KINDS = Weighted(
    {"military_base": 45, "airport": 10, "diplomatic": 8, "road": 20, "industrial": 9, "checkpoint": 8}
)
TARGETS_BY_PLACE_KIND = {
    "military_base": "military_base",
    "airport": "airport",
    "diplomatic": "diplomatic",
    "road": "convoy",
    "industrial": "oil_industry",
    "checkpoint": "security_forces",
}
TARGETS_IN_TOWNS = Weighted({"security_forces": 30, "person": 20, "convoy": 20, "militia": 10, "other": 20})
STATED_BY = {
    "claimed": f"{NAME_PREFIX} spokesman",
    "denied": f"{NAME_PREFIX} spokesman",
    "attributed": f"{NAME_PREFIX} officials",
    "suspected": f"{NAME_PREFIX} analysts",
}
ANONYMOUS_ACTORS = ["Unidentified gunmen", "Unknown militants", "Unnamed Iran-aligned militia"]
RETRACTION_REASONS = ["Duplicate of another synthetic incident.", "The only source withdrew its report."]
TITLES = {
    "rocket": "Rockets strike",
    "ied": "IED explodes near",
    "drone": "Drone attack on",
    "small_arms": "Gunfire at",
    "kidnapping": "Kidnapping near",
    "assassination": "Assassination in",
    "arson": "Arson attack at",
    "other": "Attack at",
    "foiled": "Attack foiled near",
    "arrest": "Arrests near",
    "propaganda": "Threat against",
}
# How busy each year was (ISIS-era IEDs, the 2019–2020 rocket campaign, the 2023–2024 drone attacks).
YEAR_WEIGHTS = {
    2014: 10,
    2015: 9,
    2016: 8,
    2017: 6,
    2018: 3,
    2019: 5,
    2020: 12,
    2021: 8,
    2022: 3,
    2023: 5,
    2024: 9,
    2025: 3,
}
SURGE_MONTHS = {(2020, 1), (2020, 3), (2020, 7), (2023, 10), (2023, 11), (2023, 12), (2024, 1)}
MONTHS = Weighted(
    {
        (year, month): weight * (4 if (year, month) in SURGE_MONTHS else 1)
        for year, weight in YEAR_WEIGHTS.items()
        for month in range(1, 13)
    }
)


@dataclass(frozen=True)
class PoolPlace:
    """A place of the shared synthetic pool, as incidents are drawn at it."""

    pk: int
    title_name: str  # without the prefix: "military base 3, Baghdad"
    target: str | None  # None: a town or area, where targets vary


@dataclass
class Pools:
    places: list
    fronts: list
    militias: list
    sources: list


class Drawn(NamedTuple):
    incident: tuple  # in DRAWN_INCIDENT_FIELDS order
    claims: list  # tuples in DRAWN_CLAIM_FIELDS order, without the incident
    links: list  # tuples in DRAWN_LINK_FIELDS order, without the incident

    @property
    def uid(self):
        return self.incident[0]


class SeedAlreadyGenerated(Exception):
    pass


# The shared pools: made once per database, identical everywhere.


def ensure_pools():
    """The pools, and how many rows of each were missing and made now."""
    rng = random.Random(POOL_SEED)
    created = {}
    created["places"] = create_missing(
        Location.objects.filter(name__startswith=NAME_PREFIX), pool_places(rng), attrgetter("name")
    )
    synthetic_groups = Group.objects.filter(slug__startswith=SLUG_PREFIX)
    created["groups"] = create_missing(synthetic_groups, pool_groups(), attrgetter("slug"))
    created["group relations"] = create_missing(
        GroupRelation.objects.filter(subject__slug__startswith=SLUG_PREFIX),
        pool_relations(rng, {group.slug: group for group in synthetic_groups}),
        attrgetter("subject_id", "kind", "object_id"),
    )
    created["sources"] = create_missing(
        Source.objects.filter(url__startswith=SOURCE_URL.format("")), pool_sources(rng), attrgetter("url")
    )
    return load_pools(), created


def create_missing(existing, wanted, key):
    """Bulk-creates the wanted rows whose key is not in `existing`; returns how many."""
    have = {key(row) for row in existing.iterator()}
    missing = [row for row in wanted if key(row) not in have]
    existing.model.objects.bulk_create(missing)
    return len(missing)


def pool_places(rng):
    for governorate in Governorate.objects.order_by("slug"):
        for number in range(1, PLACES_PER_GOVERNORATE + 1):
            yield governorate_place(rng, governorate, number)
    for number in range(1, COUNTRY_PLACES + 1):
        yield Location(name=f"{NAME_PREFIX} area {number}, Iraq", geo_precision="country", kind="region")


def governorate_place(rng, governorate, number):
    precision = PLACE_PRECISIONS.draw(rng)
    kind = SITE_KINDS.draw(rng) if precision == "site" else "city" if precision == "town" else "region"
    label = {"site": kind.replace("_", " "), "town": "town", "district": "district", "governorate": "rural area"}
    place = Location(
        name=f"{NAME_PREFIX} {label[precision]} {number}, {governorate.name}",
        governorate=governorate,
        geo_precision=precision,
        kind=kind,
        notes="Synthetic place for scale tests.",
    )
    if precision in ("site", "town"):
        place.latitude = round(float(governorate.latitude) + rng.uniform(-0.5, 0.5), 6)
        place.longitude = round(float(governorate.longitude) + rng.uniform(-0.5, 0.5), 6)
    return place


def pool_groups():
    yield Group(name=f"{NAME_PREFIX} Resistance Coordination", slug=f"{SLUG_PREFIX}coordination", kind="umbrella")
    for number in range(1, MILITIAS + 1):
        yield Group(
            name=f"{NAME_PREFIX} Brigade {number}",
            slug=f"{SLUG_PREFIX}brigade-{number}",
            kind="militia",
            aliases=f"{NAME_PREFIX} Kata'ib {number}\n{NAME_PREFIX} Kataib {number}",
            description="Synthetic militia for scale tests.",
        )
    for number in range(1, FRONTS + 1):
        yield Group(
            name=f"{NAME_PREFIX} Front {number}",
            slug=f"{SLUG_PREFIX}front-{number}",
            kind="front",
            description="Synthetic front group for scale tests.",
        )


def pool_relations(rng, groups):
    """Militias are part of the umbrella; each front is suspected to be a front for one militia."""
    militias = [groups[f"{SLUG_PREFIX}brigade-{number}"] for number in range(1, MILITIAS + 1)]
    for militia in militias:
        yield GroupRelation(
            subject=militia, kind="part_of", object=groups[f"{SLUG_PREFIX}coordination"], confidence="high"
        )
    for number in range(1, FRONTS + 1):
        yield GroupRelation(
            subject=groups[f"{SLUG_PREFIX}front-{number}"],
            kind="front_for",
            object=rng.choice(militias),
            confidence=CONFIDENCES.draw(rng),
        )


def pool_sources(rng):
    first_day = date(min(YEAR_WEIGHTS), 1, 1)
    for number in range(1, SOURCE_POOL + 1):
        yield Source(
            publisher=f"{NAME_PREFIX} Wire {number % 20 + 1}",
            title=f"{NAME_PREFIX} report {number}",
            url=SOURCE_URL.format(number),
            language=rng.choice(["en", "en", "ar"]),
            reliability=rng.choice("ABBCCCDF"),
            published_on=first_day + timedelta(days=rng.randrange(365 * len(YEAR_WEIGHTS))),
        )


def load_pools():
    places = [
        PoolPlace(pk, name.removeprefix(f"{NAME_PREFIX} "), TARGETS_BY_PLACE_KIND.get(kind))
        for pk, name, kind in Location.objects.filter(name__startswith=NAME_PREFIX)
        .order_by("name")
        .values_list("pk", "name", "kind")
    ]
    groups = Group.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug")
    return Pools(
        places=places,
        fronts=list(groups.filter(kind="front").values_list("pk", flat=True)),
        militias=list(groups.filter(kind="militia").values_list("pk", flat=True)),
        sources=list(
            Source.objects.filter(url__startswith=SOURCE_URL.format("")).order_by("url").values_list("pk", flat=True)
        ),
    )


# One incident with its claims and source links, as column values.

DRAWN_INCIDENT_FIELDS = (
    "uid",
    "external_id",
    "title",
    "summary",
    "type",
    "target",
    "target_detail",
    "location_id",
    "killed",
    "wounded",
    "confidence",
    "status",
    "retraction_reason",
    "date",
    "date_end",
    "date_precision",
    "time",
)
DRAWN_CLAIM_FIELDS = ("group_id", "actor", "kind", "stated_by", "stated_on", "channel", "url", "confidence", "note")
DRAWN_LINK_FIELDS = ("source_id", "excerpt", "credibility")


def draw_incident(rng, pools, seed, number, uid):
    place = rng.choice(pools.places)
    incident_type = TYPES.draw(rng)
    status = STATUSES.draw(rng)
    day, day_end, precision, at = draw_dates(rng)
    incident = (
        uid,
        f"synthetic:{seed}:{number}",
        f"{TITLES[incident_type]} {place.title_name}",
        f"Synthetic incident for scale tests (seed {seed}).",
        incident_type,
        place.target or TARGETS_IN_TOWNS.draw(rng),
        "",
        place.pk,
        casualties(rng),
        casualties(rng),
        CONFIDENCES.draw(rng),
        status,
        rng.choice(RETRACTION_REASONS) if status == "retracted" else "",
        day,
        day_end,
        precision,
        at,
    )
    return Drawn(incident, draw_claims(rng, pools, day), draw_links(rng, pools))


def draw_dates(rng):
    """(date, date_end, precision, time): the window of possible days, as the model stores it."""
    year, month = MONTHS.draw(rng)
    day = date(year, month, rng.randint(1, calendar.monthrange(year, month)[1]))
    precision = DATE_PRECISIONS.draw(rng)
    range_end = day + timedelta(days=rng.randint(2, 20)) if precision == DatePrecision.RANGE else None
    first, last = date_window(day, precision, range_end)
    at = None
    if precision == DatePrecision.DAY and rng.random() < 0.3:
        at = time_of_day(rng.randrange(24), rng.randrange(0, 60, 5))
    return first, last, precision, at


def casualties(rng):
    """About a third unknown (None), which is not the same as none (0)."""
    roll = rng.random()
    if roll < 0.35:
        return None
    if roll < 0.75:
        return 0
    return rng.choice((1, 1, 1, 2, 2, 3, 4, 5, 7, 12))


def draw_claims(rng, pools, incident_date):
    claims = []
    for _ in range(CLAIMS_PER_INCIDENT.draw(rng)):
        group_kind, group_pk = draw_claimant(rng, pools)
        kind = CLAIM_KINDS_BY_GROUP_KIND[group_kind].draw(rng)
        claims.append(
            (
                group_pk,
                "" if group_pk else rng.choice(ANONYMOUS_ACTORS),
                kind,
                STATED_BY[kind],
                incident_date + timedelta(days=rng.randrange(4)),
                CHANNELS_BY_CLAIM_KIND[kind].draw(rng),
                "",
                CONFIDENCES.draw(rng),
                "",
            )
        )
    return claims


def draw_claimant(rng, pools):
    """(group kind, group pk): mostly fronts and militias, sometimes an actor not in the database."""
    roll = rng.random()
    if roll < 0.5:
        return "front", rng.choice(pools.fronts)
    if roll < 0.85:
        return "militia", rng.choice(pools.militias)
    return None, None


def draw_links(rng, pools):
    return [
        (source_pk, "Reports the synthetic incident.", rng.randint(1, 6))
        for source_pk in rng.sample(pools.sources, LINKS_PER_INCIDENT.draw(rng))
    ]


# Writing a batch: COPY on PostgreSQL, bulk_create elsewhere.


def insert_with_bulk_create(batch, batch_size):
    """bulk_create gives back the new incidents' pks (on SQLite too, since 3.35)."""
    incidents = Incident.objects.bulk_create(
        [Incident(**dict(zip(DRAWN_INCIDENT_FIELDS, drawn.incident, strict=True))) for drawn in batch],
        batch_size=batch_size,
    )
    claims, links = [], []
    for incident, drawn in zip(incidents, batch, strict=True):
        claims += [
            Claim(incident_id=incident.pk, **dict(zip(DRAWN_CLAIM_FIELDS, values, strict=True)))
            for values in drawn.claims
        ]
        links += [
            IncidentSource(incident_id=incident.pk, **dict(zip(DRAWN_LINK_FIELDS, values, strict=True)))
            for values in drawn.links
        ]
    Claim.objects.bulk_create(claims, batch_size=batch_size)
    IncidentSource.objects.bulk_create(links, batch_size=batch_size)
    Incident.objects.filter(pk__in=[incident.pk for incident in incidents]).refresh_found_text()
    return {"incidents": len(incidents), "claims": len(claims), "source links": len(links)}


def insert_with_copy(batch, texts):
    """2.5x faster than bulk_create at 100,000 incidents; ids come from the table's own sequence.

    Each incident is written once, with its found text (querysets.found_text_of, from `texts`:
    FoundTexts of the pools), after its claims and links, as imports write theirs: the
    incident's insert then counts them in the tallies and export cells, and no second write of
    every row (and its indexes) sets the found text afterwards."""
    now = timezone.now()
    with connection.cursor() as cursor:
        ids = reserve_ids(cursor, Incident, len(batch))
        claims = [(pk, *values) for pk, drawn in zip(ids, batch, strict=True) for values in drawn.claims]
        links = [(pk, *values) for pk, drawn in zip(ids, batch, strict=True) for values in drawn.links]
        insert(cursor, Claim, CLAIM_COLUMNS, claims)
        insert(cursor, IncidentSource, ("incident_id", *DRAWN_LINK_FIELDS), links)
        claim_texts = {}
        for claim in claims:
            claim_texts.setdefault(claim[0], []).append(texts.of_claim(claim))
        insert(
            cursor,
            Incident,
            (*INCIDENT_COLUMNS, "search_text", "found_text"),
            (
                texts.with_incidents_texts((pk, *drawn.incident, now, now), claim_texts.get(pk, ()))
                for pk, drawn in zip(ids, batch, strict=True)
            ),
        )
    return {"incidents": len(batch), "claims": len(claims), "source links": len(links)}


INCIDENT_COLUMNS = ("id", *DRAWN_INCIDENT_FIELDS, "created_at", "updated_at")
CLAIM_COLUMNS = ("incident_id", *DRAWN_CLAIM_FIELDS)
PLACE_AT, GROUP_AT = INCIDENT_COLUMNS.index("location_id"), CLAIM_COLUMNS.index("group_id")


class FoundTexts:
    """The stored search texts an incident's found text is made of: its places' (with their
    governorates') and its claims' groups', read once per run."""

    def __init__(self):
        self.places = {
            place.pk: (place.search_text, place.governorate.search_text if place.governorate else "")
            for place in Location.objects.select_related("governorate")
        }
        self.groups = dict(Group.objects.values_list("pk", "search_text"))

    def of_claim(self, claim):
        """(its group's text or None, its own) of a row in CLAIM_COLUMNS order."""
        return self.groups.get(claim[GROUP_AT]), searched_text(Claim, CLAIM_COLUMNS, claim)

    def with_incidents_texts(self, row, claims):
        """A row in INCIDENT_COLUMNS order with its search text and found text added."""
        own = searched_text(Incident, INCIDENT_COLUMNS, row)
        place = self.places[row[PLACE_AT]]
        return (*row, own, found_text_of(own, *place, claims))


# The run.


def generate(count, seed=1, batch_size=5000, progress=True):
    """Adds `count` incidents drawn from `seed`, all or nothing: ({table: rows created}, seconds).

    The time includes the commit, where PostgreSQL checks the deferred foreign keys.
    """
    started = time.perf_counter()
    with loading(connection), transaction.atomic():
        created = generate_rows(count, seed, batch_size, progress)
    return created, time.perf_counter() - started


def generate_rows(count, seed, batch_size, progress):
    rng, uids = random.Random(seed), random.Random(f"uids {seed}")
    pools, pool_rows_created = ensure_pools()
    created, statistics = Counter(), KeptStatistics()
    if connection.vendor == "postgresql":
        insert = functools.partial(insert_with_copy, texts=FoundTexts())
    else:
        insert = functools.partial(insert_with_bulk_create, batch_size=batch_size)
    with tqdm(total=count, unit=" incidents", disable=not progress) as bar:
        for numbers in numbered_batches(count, batch_size):
            batch = [draw_incident(rng, pools, seed, number, new_uid(uids)) for number in numbers]
            if numbers.start == 1:
                refuse_if_generated(seed, first_uid=batch[0].uid)
            created.update(insert(batch))
            statistics.wrote(len(batch))
            bar.update(len(batch))
    created.update({table: rows for table, rows in pool_rows_created.items() if rows})
    return created


def new_uid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def numbered_batches(count, batch_size):
    """range(1, 1 + batch_size), range(1 + batch_size, ...), … up to count."""
    return (range(first, min(first + batch_size, count + 1)) for first in range(1, count + 1, batch_size))


def refuse_if_generated(seed, first_uid):
    if Incident.objects.filter(uid=first_uid).exists():
        raise SeedAlreadyGenerated(f"seed {seed} has already been generated in this database")
