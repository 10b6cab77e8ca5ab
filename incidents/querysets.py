"""The querysets behind the models: what "published", "attack", "responsible" and the rest mean in SQL.

They sit below incidents.models, which builds its managers from them, so they never import
a model: a queryset reaches the other models through its own model's relations
(related_model), and caches through incidents.caching.
"""

import math
from datetime import date, timedelta
from functools import cached_property, partial

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections, models
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, TruncMonth, TruncWeek, TruncYear

from . import search
from .caching import cached
from .dates import moved

EXACT_PRECISIONS = ("site", "town")
PERIODS = {"week": TruncWeek, "month": TruncMonth, "year": TruncYear}  # a chart's intervals but "day"
KM_PER_DEGREE_LATITUDE = 111.32


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine) between two points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, map(float, (lat1, lon1, lat2, lon2)))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


# Points whose likely duplicates one query looks for (likely_duplicates_of): 8 parameters each,
# within SQLite's limit on a statement's parameters.
DUPLICATE_BATCH = 1000


def duplicate_bounds(day, latitude, longitude):
    """((first, last) day, ((lowest, highest) latitude, (lowest, highest) longitude)) around a
    point where its likely duplicates are (within DUPLICATE_WINDOW_DAYS, never past the first or
    last day a date can have, and a box round DUPLICATE_RADIUS_KM): the bounds the database
    narrows the candidates to."""
    window = timedelta(days=settings.DUPLICATE_WINDOW_DAYS)
    radius = settings.DUPLICATE_RADIUS_KM
    lat, lon = float(latitude), float(longitude)
    dlat = radius / KM_PER_DEGREE_LATITUDE
    dlon = radius / (KM_PER_DEGREE_LATITUDE * max(math.cos(math.radians(lat)), 0.01))
    return (moved(day, -window), moved(day, window)), ((lat - dlat, lat + dlat), (lon - dlon, lon + dlon))


def near(lat1, lon1, lat2, lon2):
    """Within DUPLICATE_RADIUS_KM: the exact check on the few candidates the bounds leave."""
    return distance_km(lat1, lon1, lat2, lon2) <= settings.DUPLICATE_RADIUS_KM


def related_model(model, relation):
    """The model at the other end of one of `model`'s relations (e.g. Incident, "claims" -> Claim)."""
    return model._meta.get_field(relation).related_model


def map_point(prefix=""):
    """Where a place is drawn (map_lat, map_lon) and whether that point is approximate.

    A place without coordinates falls back to its governorate's centre, then the
    country's; such points, and district- or governorate-precision places, are
    approximate. `prefix` reaches the place from another model ("location__").
    """
    coordinate = models.DecimalField(max_digits=9, decimal_places=6)
    return {
        "map_lat": Coalesce(
            F(f"{prefix}latitude"),
            F(f"{prefix}governorate__latitude"),
            Value(settings.COUNTRY_CENTRE[0]),
            output_field=coordinate,
        ),
        "map_lon": Coalesce(
            F(f"{prefix}longitude"),
            F(f"{prefix}governorate__longitude"),
            Value(settings.COUNTRY_CENTRE[1]),
            output_field=coordinate,
        ),
        "map_approximate": Case(
            When(**{f"{prefix}latitude__isnull": False, f"{prefix}geo_precision__in": EXACT_PRECISIONS}, then=False),
            default=True,
            output_field=models.BooleanField(),
        ),
    }


TEXT = models.TextField()


class JoinedText(models.Aggregate):
    """The texts of a group of rows run together (in no particular order)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, '')"
    output_field = models.TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def found_text(incident_model):
    """An incident's found_text as SQL: its own search text, its place's, its governorate's and
    each claim's (the claim's group's and its own). Made only of texts already normalised, so
    the database writes it for any number of incidents: a renamed group or place rewrites the
    incidents that name it in one statement (models.refresh_found_text)."""
    claims = related_model(incident_model, "claims")
    place = related_model(incident_model, "location").objects.filter(pk=OuterRef("location_id"))
    by_claims = (
        claims.objects.filter(incident=OuterRef("pk"))
        .order_by()
        .values("incident")
        .annotate(
            text=JoinedText(
                Concat(Coalesce("group__search_text", Value(""), output_field=TEXT), "search_text", output_field=TEXT)
            )
        )
        .values("text")
    )
    parts = [place.values("search_text"), place.values("governorate__search_text"), by_claims]
    return Concat(
        "search_text",
        *[Coalesce(Subquery(part), Value(""), output_field=TEXT) for part in parts],
        output_field=TEXT,
    )


def found_text_of(own, place, governorate, claims):
    """found_text() of a row not written yet, from the same stored texts: its own search text, its
    place's, its governorate's, then each claim's, `claims` [(its group's text or None, its own)]:
    for bulk writes, which would otherwise write each incident twice. The twin of found_text()
    (docs/architecture.md, "Search", says why there are two; tests/test_import_speed.py checks
    that both give the same text)."""
    return "".join([own, place or "", governorate or "", *(f"{group or ''}{claim}" for group, claim in claims)])


class SearchableQuerySet(models.QuerySet):
    """Rows found by their stored search text (incidents.search): every word of the query
    must match, however the name is spelled."""

    search_field = "search_text"  # the stored text a row is found by

    def found_by(self, condition):
        """The rows a condition on stored search text finds: here, by their own text."""
        return condition

    def matching(self, query):
        """The rows that have every word of `query`; none for a query with no word."""
        words = search.terms(query)
        if not words:
            return self.none()
        return self.filter(*[self.found_by(search.word_matches(word, self.search_field)) for word in words])

    def ranked(self, query):
        """Exact names first, then exact aliases, then the rest (`relevance` 0, 1, 2), each in the
        model's own order."""
        relevance = Case(
            When(self.found_by(search.named(query, search.NAME, self.search_field)), then=Value(0)),
            When(self.found_by(search.named(query, search.ALIAS, self.search_field)), then=Value(1)),
            default=Value(2),
        )
        return self.annotate(relevance=relevance).order_by("relevance", *self.model._meta.ordering)

    def search(self, query):
        """What the admin's search boxes and autocompletes show: matching(), ranked()."""
        return self.matching(query).ranked(query)


class LocationQuerySet(SearchableQuerySet):
    def public(self):
        """The places public outputs may show: where a published incident happened, or marked
        public by an editor. A place named only by drafts or retracted incidents stays private."""
        incidents = related_model(self.model, "incidents").objects.published()
        return self.filter(Q(public=True) | Exists(incidents.filter(location=OuterRef("pk"))))

    def with_map_point(self):
        return self.annotate(**map_point())


# The headline figures a filter can select (IncidentFilter's `headline`): value, label.
HEADLINES = (
    ("us_coalition_attacks", "Attacks on US and coalition interests"),
    ("other", "Other incidents (not attacks on US or coalition interests)"),
    ("attacks", "Attacks (no foiled attacks, arrests or propaganda)"),
)


def counted_condition(incident_model, prefix=""):
    """Published and not a duplicate: an incident the public figures count, reached from another
    model through `prefix` (e.g. "claims__incident__"). IncidentQuerySet.counted() and the group
    counts' join both read it."""
    return Q(**{f"{prefix}status": incident_model.Status.PUBLISHED, f"{prefix}duplicate_of__isnull": True})


class IncidentColumnsQuerySet(models.QuerySet):
    """The rules on an incident's own columns (type, target owner, date window), shared by the
    incidents and the tallies that count them (TallyQuerySet), so a filter means the same on both.
    The model names Incident's ATTACK_TYPES and US_COALITION_OWNERS."""

    def targeting(self, owners):
        """Incidents whose target belongs to one of `owners` (Incident.TargetOwner values)."""
        return self.filter(target_owner__in=owners)

    def us_coalition_attacks_q(self):
        """What the site's title counts: attacks (not foiled attacks, arrests or propaganda) on a
        target of the US or the coalition (Incident.US_COALITION_OWNERS)."""
        return Q(type__in=self.model.ATTACK_TYPES, target_owner__in=self.model.US_COALITION_OWNERS)

    def headline(self, figure):
        """The incidents one headline figure counts (HEADLINES), so each figure links to its filter."""
        if figure == "us_coalition_attacks":
            return self.filter(self.us_coalition_attacks_q())
        if figure == "other":
            return self.exclude(self.us_coalition_attacks_q())
        return self.attacks()

    def attacks(self):
        """Attacks only: arrests, foiled attacks and propaganda are events, not attacks."""
        return self.filter(type__in=self.model.ATTACK_TYPES)

    def overlapping(self, start=None, end=None):
        """Incidents whose date window touches [start, end] (both inclusive, either open).

        An incident known only to the month matches any bound inside that month.
        """
        qs = self
        if start is not None:
            qs = qs.filter(date_end__gte=start)
        if end is not None:
            qs = qs.filter(date__lte=end)
        return qs


# What headline_figures() counts, over the rows of summed_source(): each figure's name and SQL.
SUMS = {
    "incidents": "COUNT(*)",
    "attacks": "COUNT(*) FILTER (WHERE s_attack)",
    "us_coalition_attacks": "COUNT(*) FILTER (WHERE s_us_coalition)",
    "killed_total": "SUM(s_killed)",
    "killed_unknown": "COUNT(*) FILTER (WHERE s_killed IS NULL)",
    "wounded_total": "SUM(s_wounded)",
    "wounded_unknown": "COUNT(*) FILTER (WHERE s_wounded IS NULL)",
    "first": "MIN(s_date)",
    "last": "MAX(s_date_end)",
}
# The groupings they are summed by: the headline figures, the chart's months, the map's places. A
# chart by day or week sums by ("date", "type") on its own.
SUMMED_BY = [(), ("month", "type"), ("location_id",)]
MONTHLY_INTERVALS = ("month", "year")  # a chart's periods of whole months


# The first day of a date's month, in each database's SQL (MonthTally's `date`, a chart's month).
MONTH_OF = {
    "postgresql": "DATE_TRUNC('month', {}::timestamp)::date",
    "sqlite": "DATE({}, 'start of month')",
}


class MonthOf(Func):
    """MONTH_OF as an expression: a date, on either database."""

    output_field = models.DateField()

    def as_sql(self, compiler, connection, **extra_context):
        template = MONTH_OF[connection.vendor].format("%(expressions)s")
        return super().as_sql(compiler, connection, template=template, **extra_context)


def summed_source(incidents, month=False):
    """The incidents as the rows SUMS are summed over (with the first day of their first month,
    `month`, where a grouping asks for it): (SQL, parameters), or None where Django
    knows no row can match. Whether a row is an attack, and one on the US or the coalition, is
    the querysets' own rule (ATTACK_TYPES, us_coalition_attacks_q), written by Django here. The
    incident's id is one of the columns, so that rows made DISTINCT (FoundWordQuerySet's: an
    incident has a row per word) are one per incident, however alike two incidents are."""
    columns = {
        "s_id": F("pk"),
        **{f"s_{name}": F(name) for name in ("date", "date_end", "type", "location_id", "killed", "wounded")},
        **({"s_month": MonthOf("date")} if month else {}),
        "s_attack": ExpressionWrapper(Q(type__in=incidents.model.ATTACK_TYPES), output_field=models.BooleanField()),
        "s_us_coalition": ExpressionWrapper(incidents.us_coalition_attacks_q(), output_field=models.BooleanField()),
    }
    rows = incidents.order_by().annotate(**columns).values_list(*columns)
    try:
        return rows.query.sql_with_params()
    except EmptyResultSet:
        return None


def summed_rows(incidents, groupings):
    """{grouping: rows} over `incidents` for each of `groupings` (from SUMMED_BY), in one statement
    (GROUPING SETS where there are several): for () the headline figures' sums (a dict), for the
    others tuples of the grouping's columns and the number of incidents."""
    columns = list(dict.fromkeys(column for grouping in groupings for column in grouping))
    sums = SUMS if () in groupings else {"incidents": SUMS["incidents"]}  # the groupings' rows count
    source = summed_source(incidents, month="month" in columns)
    rows = [] if source is None else summed_statement(incidents.db, source, groupings, columns, sums)
    if len(groupings) == 1 and groupings[0]:
        return {groupings[0]: [row[1:] for row in rows]}  # GROUPING(), then its columns and the count
    found = {grouping: [] for grouping in groupings}
    by_mask = {grouping_mask(grouping, columns): grouping for grouping in groupings}
    places = {grouping: [1 + columns.index(column) for column in grouping] for grouping in groupings}
    counted_at = 1 + len(columns) + list(sums).index("incidents")
    for row in rows:
        grouping = by_mask[row[0]]
        if grouping:
            found[grouping].append((*[row[place] for place in places[grouping]], row[counted_at]))
        else:
            found[()] = dict(zip(sums, row[1 + len(columns) :], strict=True))
    if () in found:
        found[()] = figures_of(found[()] or None)
    return found


def summed_statement(alias, source, groupings, columns, sums):
    """The rows of the statement summed_rows() runs: GROUPING() of its columns (0 for one grouping),
    the grouping's columns, the sums."""
    names = [f"s_{column}" for column in columns]
    if len(groupings) > 1:
        sets = ", ".join("(" + ", ".join(f"s_{column}" for column in grouping) + ")" for grouping in groupings)
        which, group_by = f"GROUPING({', '.join(names)})", f"GROUP BY GROUPING SETS ({sets})"
    else:
        which, group_by = "0", f"GROUP BY {', '.join(names)}" if names else ""
    sql, params = source
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join([which, *names, *sums.values()])} FROM ({sql}) s {group_by}", params)
        return cursor.fetchall()


def figures_of(summed):
    """The headline figures' sums as Django's aggregates give them: days as dates, and for no row
    (None) counts of 0 and no totals or days."""
    if summed is None:
        summed = {name: 0 if sum_.startswith("COUNT") else None for name, sum_ in SUMS.items()}
    return {name: as_date(value) if name in ("first", "last") else value for name, value in summed.items()}


def grouping_mask(grouping, columns):
    """What GROUPING(every column) gives a row of `grouping`: a bit for each column it isn't grouped
    by, the first column's the highest."""
    return sum(1 << (len(columns) - 1 - place) for place, column in enumerate(columns) if column not in grouping)


def as_date(value):
    """A date from the database: SQLite's aggregates give ISO text."""
    return date.fromisoformat(value) if isinstance(value, str) else value


class SummedQuerySet(models.QuerySet):
    """The counts of the public figures over rows of incidents, one row each (their `pk` is the
    incident's id): the incidents themselves (IncidentQuerySet), or the rows of a search's words
    (FoundWordQuerySet), which carry the columns these read."""

    def groups_responsible(self):
        """The groups responsible (Claim.RESPONSIBLE_KINDS) for any of these incidents. Asked group by
        group (does it have such a claim?), each answer found at its first match in the claims'
        (group, kind, incident) index: a DISTINCT over the claims of every incident would read
        them all (at 1M, a governorate's 50,000 incidents: 450 ms against 35 ms)."""
        claims = self.model._meta.apps.get_model("incidents", "Claim")
        responsible = claims.objects.responsible().filter(group=OuterRef("pk"), incident__in=self.values("pk"))
        return related_model(claims, "group").objects.filter(Exists(responsible))

    def headline_figures(self, incidents=None):
        """Counts for the current filter; unknown casualties are counted apart, never as 0.

        `us_coalition_attacks` and `other_incidents` split `incidents` in two: what the site's
        title promises, and the rest (headline() gives the incidents behind each).

        incidents: the same incidents as an IncidentQuerySet, whose groups_responsible() these rows
        ask instead of their own (a search's words: a group's first claim, checked against its
        incident's own row, is found at once; the words' rows would first read every match).
        """
        figures = self.summed((), together=True)
        figures["groups"] = (self if incidents is None else incidents).groups_responsible().count()
        figures["other_incidents"] = figures["incidents"] - figures["us_coalition_attacks"]
        return figures

    def counts_by_date_and_type(self, interval="day"):
        """(date, type, count) rows in that order, from which charts.chart_data rolls up its
        periods. Grouped in SQL on the plain date column, at most days × types rows: grouping on
        the column (not a Trunc function) stays fast on SQLite. On PostgreSQL a chart of whole
        months is grouped by month there (the first day of each): the overview's chart of a search
        at 1M incidents was 20,570 rows of days (50 ms to read and roll up), its months 312."""
        monthly = interval in MONTHLY_INTERVALS and connections[self.db].vendor == "postgresql"
        rows = self.summed(("month" if monthly else "date", "type"))
        if rows and isinstance(rows[0][0], str):  # SQLite's dates
            rows = [(as_date(day), type_, count) for day, type_, count in rows]
        return sorted(rows)

    def counts_by_place(self):
        """{place id: incidents} (maps.places_of); PlaceTallyQuerySet answers the same from its rows."""
        return dict(self.summed(("location_id",)))

    def summed(self, grouping, together=False):
        """The rows summed_rows() gives these incidents for `grouping` (one of SUMMED_BY).

        together (the headline figures, which only the overview shows, beside its chart and map):
        on PostgreSQL, all three groupings in one statement (GROUPING SETS), kept with this
        queryset for the chart's and the map's counts that follow. Where no tally answers the
        filter (a text search, a target, a group's places), each grouping reads every matching
        incident: at 1M, q=Kataeb's three reads of 270,000 incidents took 1.35 s, the one 0.9 s.
        Asked alone (chart.json, map.geojson), one grouping. SQLite has no grouping sets."""
        if grouping in SUMMED_BY and (
            "summed_together" in self.__dict__ or (together and connections[self.db].vendor == "postgresql")
        ):
            return self.summed_together[grouping]
        return summed_rows(self, [grouping])[grouping]

    @cached_property
    def summed_together(self):
        return summed_rows(self, SUMMED_BY)


class IncidentQuerySet(IncidentColumnsQuerySet, SummedQuerySet, SearchableQuerySet):
    # An incident is found by its own text and its place's, governorate's and claims' (their
    # groups' names and aliases, the actors they name), run together in one column with a
    # trigram index: one indexed lookup per word. An OR of subqueries over those tables read
    # every incident (0.7 s at 200,000).
    search_field = "found_text"

    def refresh_found_text(self):
        """Rewrite these incidents' found_text from the stored texts, in one UPDATE."""
        return self.update(found_text=found_text(self.model))

    def published(self):
        """The only incidents any public output may show."""
        return self.filter(status=self.model.Status.PUBLISHED)

    def without_duplicates(self):
        """Leaves out incidents linked as duplicates of another (Incident.duplicate_of): the one
        rule by which every public count, list, map, chart, feed and export counts an event once.
        IncidentFilter applies it unless `include_duplicates` is asked for."""
        return self.filter(duplicate_of__isnull=True)

    def counted_nowhere(self):
        """Published incidents linked as duplicates of an incident that is not published: left out
        of every public count as duplicates, while the one they point at is in none (a draft, or
        retracted) — the event counted nowhere. The rule every path that links, publishes,
        unpublishes or retracts asks (Incident.uncounted_problem and Incident.left_uncounted ask it of
        one incident) is that none exists; this finds those written before it (or around it: raw
        SQL, a restore), for the import's links, the admin's list filter and check incidents.W002."""
        published = self.model.Status.PUBLISHED
        return self.filter(status=published, duplicate_of__isnull=False).exclude(duplicate_of__status=published)

    def counted(self):
        """Published incidents as public outputs count them: duplicates left out."""
        return self.filter(counted_condition(self.model))

    def with_list_relations(self):
        """Place, governorate and the claims of responsibility, for lists of incidents."""
        claims = related_model(self.model, "claims").objects
        claimed = claims.claimed().select_related("group").order_by("pk")
        return self.select_related("location__governorate").prefetch_related(
            models.Prefetch("claims", queryset=claimed, to_attr="claimed_claims")
        )

    def newly_published(self):
        """Published incidents, the latest publication first (those loaded in bulk, with
        no publication time, last)."""
        return self.counted().order_by(F("published_at").desc(nulls_last=True), "-pk")

    def with_map_point(self):
        """Annotates where to draw each incident and whether that point is approximate
        (the rule is its place's: see map_point)."""
        return self.annotate(**map_point("location__"))

    def dates(self, field_name, kind, order="ASC"):
        """As QuerySet.dates, cached under the data version: the admin's date hierarchy
        asks for the distinct years of the whole table on every page (years())."""
        if kind == "year":
            compute = partial(self.years, field_name, order)
        else:
            compute = partial(list, super().dates(field_name, kind, order))
        return cached("dates", self, compute, field_name, kind, order)

    def years(self, field_name, order="ASC"):
        """dates(field_name, "year"), from the index rather than every row (0.9 s at a million
        after each write): the first and last day, then whether each year between has a row."""
        bounds = self.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        first, last = bounds["first"].year, bounds["last"].year
        between = [year for year in range(first + 1, last) if self.filter(**{f"{field_name}__year": year}).exists()]
        years = [date(year, 1, 1) for year in sorted({first, *between, last})]
        return years if order == "ASC" else years[::-1]

    def on_record(self):
        """Published and retracted: what an incident's own page may acknowledge.

        A retracted incident shows only its retraction notice; drafts are not there at all.
        """
        return self.filter(status__in=[self.model.Status.PUBLISHED, self.model.Status.RETRACTED])

    def previewable_by(self, user):
        """Drafts, for staff who may view incidents in the admin (the draft preview); nothing for
        anyone else, so the preview answers them as if the incident did not exist."""
        options = self.model._meta
        if not (user.is_active and user.is_staff and user.has_perm(f"{options.app_label}.view_{options.model_name}")):
            return self.none()
        return self.filter(status=self.model.Status.DRAFT)

    def total(self):
        """How many incidents this queryset selects. Unfiltered (the admin's list of every
        incident): the published ones summed from the month tallies, which the database keeps
        exact in the writer's transaction, and the others counted through the status index,
        instead of a COUNT(*) over every incident after each write. Filtered: COUNT(*)."""
        query = self.query
        if query.where or query.is_sliced or query.distinct or query.combinator:
            return self.count()
        month_tallies = self.model._meta.apps.get_model("incidents", "MonthTally").objects
        unpublished = [status for status in self.model.Status.values if status != self.model.Status.PUBLISHED]
        return month_tallies.incident_count() + self.filter(status__in=unpublished).count()

    def public_once(self):
        """Published or retracted now, or published before and set back to draft since: the
        incidents whose public changes need a public correction note (incidents.corrections)."""
        return self.filter(
            Q(status__in=[self.model.Status.PUBLISHED, self.model.Status.RETRACTED]) | Q(published_at__isnull=False)
        )

    def undeletable(self):
        """These incidents that can't be deleted, decided on the stored rows: every one that is not
        a draft, and a draft that was public once — with a first publication time, or published in
        its history (set back with its publication time lost). Once published, an incident is
        retracted instead, keeping its record, its history and its URL. Incident.deletion_refusal
        and deletion_refusals say why."""
        draft = self.model.Status.DRAFT
        published_in_history = self.model.history.filter(id=OuterRef("pk")).exclude(status=draft)
        return self.filter(~Q(status=draft) | Q(published_at__isnull=False) | Exists(published_in_history))

    def deletion_refusals(self):
        """{id: why it can't be deleted} of these incidents that can't be (undeletable), for a
        whole selection in one query; an incident left out may be deleted."""
        refused = self.undeletable().order_by().only("pk", "date", "title", "status")
        return {incident.pk: incident.undeletable_because() for incident in refused}

    def likely_duplicates(self, *, type, date, latitude, longitude, exclude_pk=None):
        """Same type, within DUPLICATE_WINDOW_DAYS, within DUPLICATE_RADIUS_KM of the point.

        A bounding box narrows the candidates in SQL; the exact distance is checked on the
        few that remain. Places are compared where the map draws them (with_map_point).
        """
        (first, last), ((lat_low, lat_high), (lon_low, lon_high)) = duplicate_bounds(date, latitude, longitude)
        candidates = (
            self.filter(type=type)
            .overlapping(first, last)
            .with_map_point()
            .filter(map_lat__range=(lat_low, lat_high), map_lon__range=(lon_low, lon_high))
            .order_by("date", "pk")
        )
        if exclude_pk is not None:
            candidates = candidates.exclude(pk=exclude_pk)
        return [c for c in candidates if near(latitude, longitude, c.map_lat, c.map_lon)]

    def likely_duplicates_of(self, points):
        """likely_duplicates() of many points at once: {key: [incidents]} for `points`, {key: (type,
        date, latitude, longitude)}, a query per DUPLICATE_BATCH points (a join of them, as VALUES,
        with the incidents' map points), where an import made a query per row."""
        items = list(points.items())
        found = {}
        for start in range(0, len(items), DUPLICATE_BATCH):
            found.update(self.duplicate_batch(dict(items[start : start + DUPLICATE_BATCH])))
        return found

    def duplicate_batch(self, points):
        if not points:
            return {}
        named = {"pk": "i_id", "type": "i_type", "date": "i_date", "date_end": "i_end", "map_lat": "i_lat"}
        named["map_lon"] = "i_lon"  # named apart from the table's columns: SQLite names none of a subquery's
        incidents = self.with_map_point().values(**{alias: F(name) for name, alias in named.items()})
        sql, params = incidents.order_by().query.sql_with_params()
        day = "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"
        rows, values = [], []
        for key, (type, day_of, latitude, longitude) in points.items():
            (first, last), ((lat_low, lat_high), (lon_low, lon_high)) = duplicate_bounds(day_of, latitude, longitude)
            rows.append(f"(%s, %s, {day}, {day}, %s, %s, %s, %s)")
            values += [key, type, first.isoformat(), last.isoformat(), lat_low, lat_high, lon_low, lon_high]
        query = (
            f"WITH point (k, t, first, last, lat_low, lat_high, lon_low, lon_high) AS (VALUES {', '.join(rows)}) "
            f"SELECT point.k, i.i_id, i.i_lat, i.i_lon FROM point JOIN ({sql}) i ON i.i_type = point.t "
            "AND i.i_end >= point.first AND i.i_date <= point.last "
            "AND i.i_lat BETWEEN point.lat_low AND point.lat_high "
            "AND i.i_lon BETWEEN point.lon_low AND point.lon_high"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, [*values, *params])
            pairs = [
                (key, pk) for key, pk, lat, lon in cursor.fetchall() if near(points[key][2], points[key][3], lat, lon)
            ]
        incidents = self.filter(pk__in={pk for _, pk in pairs}).with_map_point().in_bulk()
        found = {}
        for key, pk in sorted(pairs, key=lambda pair: (incidents[pair[1]].date, pair[1])):
            found.setdefault(key, []).append(incidents[pk])
        return found


def period_start(field, interval, using):
    """The first day of the `interval` (day, week, month, year) the date `field` falls in, as a date.
    On PostgreSQL the date is truncated as a timestamp without time zone and cast back: Django's
    Trunc truncates it as a timestamp with time zone, and then converts every row in Python,
    which took most of a cold chart's time over the tallies' rows."""
    if interval == "day":
        return F(field)
    if connections[using].vendor == "postgresql":
        truncated = f"DATE_TRUNC('{interval}', %(expressions)s::timestamp)::date"
        return Func(F(field), template=truncated, output_field=models.DateField())
    return PERIODS[interval](field, output_field=models.DateField())


class TallyQuerySet(IncidentColumnsQuerySet):
    """Rows of a tally (models.Tally, GroupTally): how many published incidents have each
    combination of the filters' columns. Answers headline_figures() and counts_by_date_and_type()
    as IncidentQuerySet does, summing a few thousand rows instead of counting a million; the
    model's COUNTED column is the count (GroupTally: incidents the group is responsible for)."""

    def counts_by_date_and_type(self, interval="day"):
        """(date, type, count) rows, each date the first day of its period (charts.period_start):
        rolled up in SQL, so a chart by month reads a few thousand sums, not one row per day."""
        rows = self.order_by().annotate(period=period_start("date", interval, self.db)).values_list("period", "type")
        return rows.annotate(count=Sum(self.model.COUNTED)).order_by("period", "type")

    def counting(self):
        """The rows that count any incident in COUNTED (GroupTally keeps rows of denials only)."""
        return self.filter(**{f"{self.model.COUNTED}__gt": 0})

    def incident_count(self):
        return self.aggregate(count=Sum(self.model.COUNTED))["count"] or 0

    def counts_by_day_newest_first(self):
        """([day, …], [incidents that day, …]), the newest day first (caching.TalliedPaginator)."""
        rows = self.order_by().values_list("date").annotate(count=Sum(self.model.COUNTED)).order_by("-date")
        return [day for day, _ in rows], [count for _, count in rows]

    def first_days_of_newest(self, number, columns):
        """{column: the day from which on these rows count at least `number` incidents in it}
        (a column whose rows count fewer is left out): the `number` newest incidents all lie on
        or after it, so a list of them scans no further. One query for all the columns."""
        rows = self.order_by().values_list("date").annotate(*[Sum(column) for column in columns]).order_by("-date")
        totals, days = dict.fromkeys(columns, 0), {}
        for day, *counts in rows:
            for column, count in zip(columns, counts, strict=True):
                totals[column] += count
                if totals[column] >= number:
                    days.setdefault(column, day)
            if len(days) == len(columns):
                break
        return days

    def headline_figures(self, group_tallies, days=None):
        """IncidentQuerySet.headline_figures(): `groups` counts the groups of group_tallies (the
        GroupTally rows of the same filter) that are responsible for any of these incidents.

        days: where these rows are MonthTally's, Tally's rows of the same filter, which give the
        first and last day (two probes of their indexes)."""
        bounds = {"first": Min("date"), "last": Max("date_end")}
        counted = self.model.COUNTED
        known = {
            f"{measure}_total": Sum(measure, filter=Q(**{f"{measure}_unknown__lt": F(counted)}))
            for measure in ("killed", "wounded")
        }
        sums = {
            "incidents": Sum(counted),
            "attacks": Sum(counted, filter=Q(type__in=self.model.ATTACK_TYPES)),
            "us_coalition_attacks": Sum(counted, filter=self.us_coalition_attacks_q()),
            "killed_unknown": Sum("killed_unknown"),
            "wounded_unknown": Sum("wounded_unknown"),
        }
        # Aliased: an aggregate can't share the name of the column it sums.
        sums = {f"sum_{name}": sum_ for name, sum_ in sums.items()}
        figures = self.aggregate(**({} if days is not None else bounds), **known, **sums)
        if days is not None:
            figures.update(days.aggregate(**bounds))
        figures.update({name.removeprefix("sum_"): figures.pop(name) or 0 for name in sums})
        groups = related_model(group_tallies.model, "group").objects
        figures["groups"] = groups.filter(Exists(group_tallies.filter(group=OuterRef("pk")))).count()
        figures["other_incidents"] = figures["incidents"] - figures["us_coalition_attacks"]
        return figures


class FoundWordQuerySet(IncidentColumnsQuerySet, SummedQuerySet):
    """The rows of the words counted incidents are found by (models.FoundWord,
    incidents.found_words): a public search counted from one index, not from each match's row."""

    def matching(self, query):
        """The rows of the incidents that have every word of `query` (IncidentQuerySet.matching's
        incidents, where they count), one per incident: those of one whole word of the query (an
        incident has each of its words once), else made DISTINCT — to be read by incident, with
        values() that leave out `word`."""
        words = search.terms(query)
        if not words:
            return self.none()
        # Read first a whole word (one row per incident, where a word's start may be several of its
        # words), else the longest start, which fewer words have; the others are asked of those.
        first, *others = sorted(words, key=lambda word: (len(word) >= search.PREFIX_MIN, -len(word)))
        rows = self.filter(word_found(first))
        for word in others:
            rows = rows.filter(pk__in=self.model.objects.filter(word_found(word)).values("pk"))
        return rows if len(first) < search.PREFIX_MIN else rows.distinct()

    def count(self):
        """How many incidents (not words) the rows are of."""
        return models.QuerySet.count(self.values("pk"))

    def ranked_page(self, query, bottom, top):
        """([id, …] of the incidents from bottom to top in IncidentQuerySet.ranked()'s order — an
        exact name first, then an exact alias, then the rest, newest first in each — and how many
        there are in all (None when none is that far)), in one statement: the matches' (id, date)
        from the index, their rank from the rows of the query as a name or alias."""
        matches, params = self.values("incident_id", "date").query.sql_with_params()
        name, alias = (f"{mark}{search.normalise(query)}" for mark in (search.NAME, search.ALIAS))
        statement = (
            f"SELECT m.incident_id, COUNT(*) OVER () FROM ({matches}) m LEFT JOIN ("
            f"SELECT incident_id, MIN(CASE WHEN word = %s THEN 0 ELSE 1 END) AS relevance "
            f"FROM {self.model._meta.db_table} WHERE word IN (%s, %s) GROUP BY incident_id"
            ") n ON n.incident_id = m.incident_id "
            "ORDER BY COALESCE(n.relevance, 2), m.date DESC, m.incident_id DESC LIMIT %s OFFSET %s"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(statement, [*params, name, name, alias, top - bottom, bottom])
            rows = cursor.fetchall()
        return [pk for pk, _ in rows], (rows[0][1] if rows else None)


def word_found(word):
    """The rows of a query's word (search.terms): the whole word, or for one search.PREFIX_MIN long
    or longer the words it starts — what search.word_matches() finds in the found text."""
    return Q(word=word) if len(word) < search.PREFIX_MIN else Q(word__startswith=word)


class PlaceTallyQuerySet(IncidentColumnsQuerySet):
    """Rows of models.PlaceTally: published incidents per place, type and target owner, filtered by
    the same rules as the incidents and answering as IncidentQuerySet does."""

    def counts_by_place(self):
        return dict(self.order_by().values_list("location").annotate(count=Sum("incidents")))


class GroupQuerySet(SearchableQuerySet):
    def public(self):
        """The groups public outputs may show: named by a claim (of any kind) on a published
        incident, or marked public by an editor. A group named only on drafts or retracted
        incidents stays private, whatever it is related to."""
        named = related_model(self.model, "totals").objects.filter(group=OuterRef("pk"))
        return self.filter(Q(public=True) | Exists(named))

    def with_incident_counts(self):
        """Published incidents each group claimed (incidents_claimed), and was attributed or
        suspected of (incidents_attributed); duplicates left out, as counted() does. Read from
        the group's totals (models.GroupTotal), which count each incident once per group."""
        totals = related_model(self.model, "totals").objects.filter(group=OuterRef("pk"), duplicate=False)
        return self.annotate(
            **{f"incidents_{count}": Coalesce(Subquery(totals.values(count)), 0) for count in ("claimed", "attributed")}
        )

    def with_suspected_fronts(self):
        """These groups plus every group suspected or known to be a front for one of them."""
        relations = related_model(self.model, "relations")
        fronts = relations.objects.filter(kind=relations.Kind.FRONT_FOR, object__in=self).values("subject")
        return self.model.objects.filter(models.Q(pk__in=self.values("pk")) | models.Q(pk__in=fronts))


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """The corrections public lists show with their values: those of published incidents. A
        retracted incident's own page keeps its corrections without the values it withdrew."""
        incidents = related_model(self.model, "incident")
        return self.filter(incident__in=incidents.objects.published().values("pk"))


class ClaimQuerySet(SearchableQuerySet):
    def found_by(self, condition):
        """Claims found by the actor they name, their group's names and aliases, or their
        incident's title and summary (the admin's list of claims)."""
        groups = related_model(self.model, "group")
        incidents = related_model(self.model, "incident")
        return (
            condition
            | Q(group__in=groups.objects.filter(condition))
            | Q(incident__in=incidents.objects.filter(condition))
        )

    def responsible(self):
        """Claims that make a group responsible for an incident: claimed, attributed or
        suspected (Claim.RESPONSIBLE_KINDS) — a denial does not."""
        return self.filter(kind__in=self.model.RESPONSIBLE_KINDS)

    def claimed(self):
        """Responsibility the group itself claimed."""
        return self.filter(kind=self.model.Kind.CLAIMED)

    def attributed(self):
        """Responsibility on others' word: attributed or suspected (Claim.ATTRIBUTED_KINDS)."""
        return self.filter(kind__in=self.model.ATTRIBUTED_KINDS)

    def denied(self):
        return self.filter(kind=self.model.Kind.DENIED)


class GroupRelationQuerySet(models.QuerySet):
    def public(self):
        """Relations between two public groups: a relation makes neither side public."""
        groups = related_model(self.model, "subject").objects.public()
        return self.filter(subject__in=groups, object__in=groups)
