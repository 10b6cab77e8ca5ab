import contextlib
import functools
import operator
import threading
import uuid

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import outlines
from .dataversion import DataVersion as DataVersion  # importable from here, like every model
from .dates import DatePrecision, WindowOutOfRange, date_window
from .localise import full_date, month_year
from .querysets import (
    EXACT_PRECISIONS,
    ClaimQuerySet,
    CorrectionQuerySet,
    FoundWordQuerySet,
    GroupQuerySet,
    GroupRelationQuerySet,
    IncidentQuerySet,
    LocationQuerySet,
    PlaceTallyQuerySet,
    SearchableQuerySet,
    TallyQuerySet,
)
from .search import SEARCHED


class Confidence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


# Grades of the NATO/Admiralty scale (Source.Reliability) that count as usually reliable, and as
# at least fairly reliable, for the confidence rule below.
USUALLY_RELIABLE = ("A", "B")
FAIRLY_RELIABLE = ("A", "B", "C")


def confidence_allowed(sources):
    """The highest confidence an incident's sources allow — the codebook's rule, given
    (publisher, reliability) pairs: high needs an A or B source, or two publishers graded C or
    better; medium a source graded C or better, or two publishers; anything less is low.
    Sources of one publisher are not independent of each other, so they count once."""
    fair = {publisher for publisher, grade in sources if grade in FAIRLY_RELIABLE}
    if any(grade in USUALLY_RELIABLE for _, grade in sources) or len(fair) >= 2:
        return Confidence.HIGH
    if fair or len({publisher for publisher, _ in sources}) >= 2:
        return Confidence.MEDIUM
    return Confidence.LOW


LATITUDE_RANGE = Q(latitude__gte=-90, latitude__lte=90)
LONGITUDE_RANGE = Q(longitude__gte=-180, longitude__lte=180)


def latitude_field(**kwargs):
    kwargs.setdefault("help_text", _("Decimal degrees, −90 to 90 (north is positive)."))
    return models.DecimalField(
        max_digits=9, decimal_places=6, validators=[MinValueValidator(-90), MaxValueValidator(90)], **kwargs
    )


def longitude_field(**kwargs):
    kwargs.setdefault("help_text", _("Decimal degrees, −180 to 180 (east is positive)."))
    return models.DecimalField(
        max_digits=9, decimal_places=6, validators=[MinValueValidator(-180), MaxValueValidator(180)], **kwargs
    )


# Derived from other fields: history keeps those, not it.
SEARCH_TEXT = ["search_text"]
# How many of an incident's published duplicates a refusal to withdraw it names (the rest: "…").
NAMED_DUPLICATES = 10


class History(HistoricalRecords):
    """django-simple-history's records, whose delete honours the library's per-copy switch
    (`skip_history_when_saving`, which it honours on saves only): bulk.delete_with_history sets
    it on the copies it deletes, having written their history rows set-based."""

    def post_delete(self, instance, using=None, **kwargs):
        if not hasattr(instance, "skip_history_when_saving"):
            super().post_delete(instance, using=using, **kwargs)


class SearchTextField(models.TextField):
    """A row's own text normalised for search (incidents.search.SEARCHED says from which fields).

    Written from the row's fields whenever Django writes the row: save() and bulk_create()
    call pre_save(); loaddata and restore (raw saves) go through write_raw_search_text();
    bulk_update() and COPY name it themselves (the import's updates, the synthetic data).
    """

    def __init__(self, **kwargs):
        kwargs.update(blank=True, default="", editable=False)
        super().__init__(**kwargs)

    def pre_save(self, model_instance, add):
        """Also on the historical models of data migrations, which have no methods of ours."""
        value = SEARCHED[model_instance._meta.model_name].text_of(model_instance)
        setattr(model_instance, self.attname, value)
        return value


# The columns of the records many incidents name that those incidents' found text reads
# (querysets.found_text): saving one rewrites their found text only when one of these changed.
FOUND_COLUMNS = {
    "governorate": ("search_text",),
    "location": ("search_text", "governorate_id"),
    "group": ("search_text",),
}
NOT_LOADED = object()  # a column deferred when the record was read


class Searchable(models.Model):
    search_text = SearchTextField()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.found_as_stored = instance.found_columns()
        return instance

    def refresh_search_text(self):
        self._meta.get_field("search_text").pre_save(self, add=False)

    def found_columns(self):
        """The values of this record's FOUND_COLUMNS this copy holds (NOT_LOADED for one deferred)."""
        return tuple(self.__dict__.get(column, NOT_LOADED) for column in FOUND_COLUMNS.get(self._meta.model_name, ()))

    def found_text_changed(self):
        """Whether what incidents' found text reads of this record differs from what was loaded:
        yes for a model not in FOUND_COLUMNS, a copy not read from the database, or one read
        without those columns."""
        if self._meta.model_name not in FOUND_COLUMNS:
            return True
        loaded = getattr(self, "found_as_stored", None)
        return loaded is None or NOT_LOADED in loaded or loaded != self.found_columns()


@receiver(pre_save)
def write_raw_search_text(sender, instance, raw, **kwargs):
    """A raw save (a fixture, a backup) writes fields as given, skipping pre_save(): a file
    written before search_text existed would leave it empty."""
    if raw and isinstance(instance, Searchable):
        instance.refresh_search_text()


class ShownOnIncidents:
    """A record that incidents show (a claim, a source link, a place, a group, a source).

    Saving or deleting one raises the version of every incident showing it, as stored and as
    it is saved (a claim moved to another incident concerns both), so that an incident form
    opened before is refused as stale instead of silently undoing the change.
    """

    def save(self, *args, **kwargs):
        showing = incidents_showing(self)
        raise_versions(showing)
        moved_from = list(showing.values_list("pk", flat=True)) if isinstance(self, Claim) else []
        super().save(*args, **kwargs)
        refresh_found_text(self, moved_from, saved=True)

    def delete(self, *args, **kwargs):
        showing = incidents_showing(self)
        raise_versions(showing)
        found = list(showing.values_list("pk", flat=True)) if isinstance(self, Claim) else []
        result = super().delete(*args, **kwargs)
        Incident.objects.filter(pk__in=found).refresh_found_text()
        return result


class GovernorateManager(models.Manager.from_queryset(SearchableQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def at(self, latitude, longitude):
        """(governorate, placement) for the point from the bundled outlines (incidents.outlines:
        inside one, or the nearest within outlines.NEAR_KM); None where no outline is that near."""
        placement = outlines.place(latitude, longitude)
        governorate = placement and self.filter(iso_code=placement.iso_code).first()
        return (governorate, placement) if governorate else None


class Governorate(Searchable, models.Model):
    """A first-level administrative area; its centre draws places known only to it."""

    name = models.CharField(verbose_name=_("name"), max_length=100, unique=True)
    slug = models.SlugField(verbose_name=_("slug"), max_length=100, unique=True)
    arabic_name = models.CharField(verbose_name=_("arabic name"), max_length=100, blank=True)
    aliases = models.TextField(
        verbose_name=_("aliases"),
        blank=True,
        help_text=_(
            "Other spellings, one per line (Ninewa, Sala al-Din): search finds its incidents by them, "
            "and imports read them as this governorate."
        ),
    )
    country = models.CharField(verbose_name=_("country"), max_length=100, default="Iraq")
    iso_code = models.CharField(
        _("ISO 3166-2 code"),
        max_length=6,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Joins the bundled outline (static/geo/iraq-governorates.geojson, property shapeISO)."),
    )
    latitude = latitude_field(
        verbose_name=_("latitude"), help_text=_("Approximate centre, used to draw governorate-level places.")
    )
    longitude = longitude_field(
        verbose_name=_("longitude"), help_text=_("Approximate centre, used to draw governorate-level places.")
    )

    objects = GovernorateManager()

    class Meta:
        verbose_name = _("governorate")
        verbose_name_plural = _("governorates")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=LATITUDE_RANGE, name="governorate_latitude_range"),
            models.CheckConstraint(condition=LONGITUDE_RANGE, name="governorate_longitude_range"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        refresh_found_text(self, saved=True)


class Location(ShownOnIncidents, Searchable, models.Model):
    class Precision(models.TextChoices):
        SITE = "site", _("Exact site")
        TOWN = "town", _("Town or city")
        DISTRICT = "district", _("District")
        GOVERNORATE = "governorate", _("Governorate")
        COUNTRY = "country", _("Country")

    class Kind(models.TextChoices):
        MILITARY_BASE = "military_base", _("Military base")
        DIPLOMATIC = "diplomatic", _("Diplomatic site")
        AIRPORT = "airport", _("Airport")
        ROAD = "road", _("Road or convoy route")
        CHECKPOINT = "checkpoint", _("Checkpoint or border crossing")
        CITY = "city", _("City, town or district")
        INDUSTRIAL = "industrial", _("Oil or industrial site")
        REGION = "region", _("Region")
        OTHER = "other", _("Other")

    name = models.CharField(verbose_name=_("name"), max_length=200)
    arabic_name = models.CharField(verbose_name=_("arabic name"), max_length=200, blank=True)
    governorate = models.ForeignKey(
        Governorate,
        verbose_name=_("governorate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locations",
        help_text=_("Empty only for places known no better than the country."),
    )
    country = models.CharField(verbose_name=_("country"), max_length=100, default="Iraq")
    latitude = latitude_field(verbose_name=_("latitude"), null=True, blank=True)
    longitude = longitude_field(verbose_name=_("longitude"), null=True, blank=True)
    # No default, here or on the incident's precision, target and confidence below: every path
    # that writes one (forms, imports, the generator, fixtures) states it, so "somewhere near
    # Erbil" can't go out as an exact site because nobody chose.
    geo_precision = models.CharField(verbose_name=_("geo precision"), max_length=12, choices=Precision.choices)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    notes = models.TextField(
        verbose_name=_("notes"), blank=True, help_text=_("Where the coordinates come from; caveats.")
    )
    public = models.BooleanField(
        verbose_name=_("public"),
        default=False,
        help_text=_(
            "Show it on the public site before any published incident happens there (editors only). "
            "A place of a published incident is public anyway; one named only by drafts stays private."
        ),
    )
    history = History(excluded_fields=SEARCH_TEXT)

    objects = LocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=LATITUDE_RANGE, name="location_latitude_range"),
            models.CheckConstraint(condition=LONGITUDE_RANGE, name="location_longitude_range"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="location_coordinates_both_or_neither",
                violation_error_message="Give both latitude and longitude, or neither.",
            ),
        ]
        indexes = [models.Index(fields=["governorate", "name"])]

    def __str__(self):
        where = self.governorate.name if self.governorate_id else self.country
        return f"{self.name} ({where})" if where and where not in self.name else self.name

    GOVERNORATE_NEEDED = _(
        "Choose the governorate: every place in Iraq needs it, with coordinates too, so the governorate filter finds "
        "its incidents."
    )

    # How well the place is known, said after its name (templatetags' `place` and the map's
    # popups): "Hilla–Diwaniyah highway (Babil) — known to the governorate". An exact site says nothing.
    KNOWN_TO = {
        Precision.TOWN: _("known to the town"),
        Precision.DISTRICT: _("known to the district"),
        Precision.GOVERNORATE: _("known to the governorate"),
        Precision.COUNTRY: _("known only to the country"),
    }

    @property
    def known_to(self):
        return self.KNOWN_TO.get(self.geo_precision, "")

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        super().clean()
        if self.has_coordinates and self.governorate_id is None and self.country == "Iraq":
            raise ValidationError({"governorate": self.GOVERNORATE_NEEDED})

    def map_point(self):
        """(latitude, longitude, approximate) to draw this place.

        Without its own coordinates a place is drawn at its governorate's centre (or the
        country's), flagged approximate — never as if it were an exact point. The same rule
        in SQL: IncidentQuerySet.with_map_point().
        """
        governorate = self.governorate if self.governorate_id else None
        return map_point(self.latitude, self.longitude, self.geo_precision, governorate)


def publication_problems(summary, place, source_ids, claims):
    """Incident.publication_problems() of values: an import asks it of rows, not incidents. `place`
    has governorate_id and has_coordinates (or is None); each claim has source_problem() and
    reads as claim_text() (a Claim, or an import's statement)."""
    problems = [] if source_ids else [gettext("it cites no source: link at least one")]
    if place is None or (place.governorate_id is None and not place.has_coordinates):
        problems.append(gettext("its place has neither a governorate nor coordinates"))
    if not summary.strip():
        problems.append(gettext("it has no summary"))
    for claim in claims:
        problem = claim.source_problem(source_ids)
        if problem:
            problems.append(gettext("the statement “%(claim)s” %(problem)s") % {"claim": claim, "problem": problem})
    return problems


def uncounted_duplicate(counting):
    """What is wrong with a published incident that is a duplicate of `counting`, which is not
    published (Incident.uncounted_problem; the import's links say it of rows)."""
    return gettext(
        "it is a duplicate of “%(incident)s”, which is not published: publish that one first, "
        "or leave this incident counting"
    ) % {"incident": counting}


def claim_text(kind, who):
    """A claim in words ("Claimed: Kataib Hezbollah"): Claim.__str__, and an import's statements."""
    return f"{dict(Claim.Kind.choices).get(kind, kind)}: {who}"


def source_problem(source_id, linked_source_ids):
    """What is wrong with the source a statement cites, given its incident's linked sources."""
    if source_id is None:
        return gettext("names no source it rests on")
    if source_id not in linked_source_ids:
        return gettext("rests on a source that is not among the incident's sources: link it to the incident")
    return None


def map_point(latitude, longitude, geo_precision, governorate):
    """Location.map_point() of a place's values (an import's rows are not Locations)."""
    if latitude is not None and longitude is not None:
        return float(latitude), float(longitude), geo_precision not in EXACT_PRECISIONS
    if governorate is not None:
        return float(governorate.latitude), float(governorate.longitude), True
    return settings.COUNTRY_CENTRE[0], settings.COUNTRY_CENTRE[1], True


class Group(ShownOnIncidents, Searchable, models.Model):
    class Kind(models.TextChoices):
        MILITIA = "militia", _("Militia")
        FRONT = "front", _("Front group")
        UMBRELLA = "umbrella", _("Umbrella or coalition")
        STATE = "state", _("State actor")

    name = models.CharField(verbose_name=_("name"), max_length=200, unique=True)
    slug = models.SlugField(verbose_name=_("slug"), max_length=200, unique=True)
    arabic_name = models.CharField(verbose_name=_("arabic name"), max_length=200, blank=True)
    aliases = models.TextField(
        verbose_name=_("aliases"), blank=True, help_text=_("Other names and transliterations, one per line.")
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=Kind.choices, default=Kind.MILITIA)
    description = models.TextField(verbose_name=_("description"), blank=True)
    public = models.BooleanField(
        verbose_name=_("public"),
        default=False,
        help_text=_(
            "Show it on the public site before a published incident names it (editors only). "
            "A group named by a claim on a published incident is public anyway; one named only on drafts stays private."
        ),
    )
    history = History(excluded_fields=SEARCH_TEXT)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class GroupRelation(models.Model):
    """A typed, sourced statement that one group stands in a relation to another."""

    class Kind(models.TextChoices):
        FRONT_FOR = "front_for", _("is suspected to be a front for")
        PART_OF = "part_of", _("is part of")
        SPLINTER_OF = "splinter_of", _("is a splinter of")
        SPONSORED_BY = "sponsored_by", _("is sponsored by")

    subject = models.ForeignKey(Group, verbose_name=_("subject"), on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(verbose_name=_("kind"), max_length=15, choices=Kind.choices)
    object = models.ForeignKey(
        Group, verbose_name=_("object"), on_delete=models.CASCADE, related_name="inbound_relations"
    )
    confidence = models.CharField(
        verbose_name=_("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    source = models.ForeignKey(
        "Source", verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(verbose_name=_("note"), blank=True)
    history = History()

    objects = GroupRelationQuerySet.as_manager()

    class Meta:
        verbose_name = _("group relation")
        verbose_name_plural = _("group relations")
        ordering = ["subject__name", "kind", "object__name"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "kind", "object"], name="unique_group_relation"),
            models.CheckConstraint(condition=~Q(subject=F("object")), name="group_relation_not_reflexive"),
        ]

    def __str__(self):
        return f"{self.subject} {self.get_kind_display()} {self.object}"


class Source(ShownOnIncidents, models.Model):
    class Reliability(models.TextChoices):
        """Source grade on the NATO/Admiralty scale."""

        A = "A", _("A — completely reliable")
        B = "B", _("B — usually reliable")
        C = "C", _("C — fairly reliable")
        D = "D", _("D — not usually reliable")
        E = "E", _("E — unreliable")
        F = "F", _("F — reliability cannot be judged")

    publisher = models.CharField(verbose_name=_("publisher"), max_length=200)
    title = models.CharField(verbose_name=_("title"), max_length=500)
    url = models.URLField(
        verbose_name=_("url"), max_length=1000, blank=True, help_text=_("Empty only where the source gives none.")
    )
    published_on = models.DateField(verbose_name=_("published on"), null=True, blank=True)
    language = models.CharField(verbose_name=_("language"), max_length=8, default="en")
    archive_url = models.URLField(verbose_name=_("archive url"), max_length=1000, blank=True)
    reliability = models.CharField(
        verbose_name=_("reliability"), max_length=1, choices=Reliability.choices, default=Reliability.F
    )
    notes = models.TextField(verbose_name=_("notes"), blank=True)
    history = History()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["publisher", "title"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="unique_source_url"),
        ]
        # an import finds the sources a chunk of rows cites without a URL by their titles
        # (imports.writing.stored_sources): a publisher's record source is one per row
        indexes = [models.Index(fields=["title"], name="source_title")]

    def __str__(self):
        return f"{self.publisher}: {self.title}"


# Ends the label of every incident type that is logged for context but is not an attack: the
# label says so to readers, and the figures' and exports' attack counts leave those types out.


# The incident types labelled "(not an attack)": counted as incidents, never as attacks.
NOT_ATTACK_TYPES = ("foiled", "arrest", "propaganda", "other_event")


class Incident(Searchable, models.Model):
    class Type(models.TextChoices):
        ROCKET = "rocket", _("Rocket or mortar")
        IED = "ied", _("IED")
        DRONE = "drone", _("Drone")
        SMALL_ARMS = "small_arms", _("Small arms")
        KIDNAPPING = "kidnapping", _("Kidnapping")
        ASSASSINATION = "assassination", _("Assassination")
        ARSON = "arson", _("Arson or storming")
        OTHER = "other", _("Other attack")
        FOILED = "foiled", _("Foiled attack (not an attack)")
        ARREST = "arrest", _("Arrest or raid (not an attack)")
        PROPAGANDA = "propaganda", _("Propaganda or threat (not an attack)")
        # A publisher's event kept that is no attack: a protest, a displacement, an agreement.
        OTHER_EVENT = "other_event", _("Other event (not an attack)")

    ATTACK_TYPES = tuple(value for value in Type.values if value not in NOT_ATTACK_TYPES)

    DatePrecision = DatePrecision  # defined in incidents.dates, beside the window each stands for

    class Target(models.TextChoices):
        MILITARY_BASE = "military_base", _("Military base")
        DIPLOMATIC = "diplomatic", _("Diplomatic mission")
        AIRPORT = "airport", _("Airport")
        CONVOY = "convoy", _("Logistics convoy")
        OIL_INDUSTRY = "oil_industry", _("Oil or industry")
        PERSON = "person", _("Individual (activist, analyst …)")
        SECURITY_FORCES = "security_forces", _("Security forces")
        MILITIA = "militia", _("Militia")
        OTHER = "other", _("Other")

    class TargetOwner(models.TextChoices):
        """Whose the target is: the site's title promises attacks on US interests, and this says which are."""

        US_MILITARY = "us_military", _("US military")
        US_DIPLOMATIC = "us_diplomatic", _("US diplomatic")
        COALITION_LOGISTICS = "coalition_logistics", _("Coalition logistics (contractors and convoys supplying it)")
        COALITION_OTHER = "coalition_other", _("Other coalition members")
        INTERNATIONAL = "international", _("The UN and international organisations")
        IRAQI_STATE = "iraqi_state", _("Iraqi state")
        IRAQI_CIVILIANS = "iraqi_civilians", _("Civilians in Iraq (activists, journalists)")
        MILITIA = "militia", _("Militia")
        UNKNOWN = "unknown", _("Unknown")

    # The owners that make an incident one on US or coalition interests (filter value `us_coalition`).
    US_COALITION_OWNERS = (
        TargetOwner.US_MILITARY,
        TargetOwner.US_DIPLOMATIC,
        TargetOwner.COALITION_LOGISTICS,
        TargetOwner.COALITION_OTHER,
    )

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETRACTED = "retracted", _("Retracted")

    uid = models.UUIDField(
        verbose_name=_("uid"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Stable identifier across databases: exports carry it and imports match on it."),
    )
    external_id = models.CharField(
        verbose_name=_("external id"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Its identifier in the data set it came from, e.g. ACLED's event_id_cnty."),
    )
    publisher_record = models.JSONField(
        verbose_name=_("publisher record"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "For an imported row, the publisher's own row as given ({'format': 'acled'|'gtd'|'ucdp', "
            "'row': {column: cell}}): its taxonomy, actors and places, written back unchanged by the export "
            "in its layout. Our type, claims and place are the mapping of it for our filters."
        ),
    )
    title = models.CharField(verbose_name=_("title"), max_length=200)
    summary = models.TextField(verbose_name=_("summary"), blank=True)
    # Shown on the Arabic pages; where empty they show the English text, marked as English.
    title_ar = models.CharField(_("Arabic title"), max_length=200, blank=True)
    summary_ar = models.TextField(_("Arabic summary"), blank=True)
    type = models.CharField(verbose_name=_("type"), max_length=15, choices=Type.choices)
    date = models.DateField(
        verbose_name=_("date"), help_text=_("The day; for week, month or range precision, the first possible day.")
    )
    date_end = models.DateField(
        verbose_name=_("date end"),
        blank=True,
        help_text=_("The last possible day. Set automatically unless the precision is a range."),
    )
    date_precision = models.CharField(verbose_name=_("date precision"), max_length=5, choices=DatePrecision.choices)
    time = models.TimeField(verbose_name=_("time"), null=True, blank=True, help_text=_("Local time, if known."))
    target = models.CharField(verbose_name=_("target"), max_length=20, choices=Target.choices)
    target_detail = models.CharField(verbose_name=_("target detail"), max_length=300, blank=True)
    target_owner = models.CharField(
        verbose_name=_("target owner"),
        max_length=20,
        choices=TargetOwner.choices,
        default=TargetOwner.UNKNOWN,
        help_text=_("Whose the target is: US, coalition, international, Iraqi, militia."),
    )
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, related_name="incidents"
    )
    killed = models.PositiveIntegerField(
        verbose_name=_("killed"), null=True, blank=True, help_text=_("Empty means unknown; 0 means none.")
    )
    wounded = models.PositiveIntegerField(
        verbose_name=_("wounded"), null=True, blank=True, help_text=_("Empty means unknown; 0 means none.")
    )
    confidence = models.CharField(
        verbose_name=_("confidence"),
        max_length=6,
        choices=Confidence.choices,
        help_text=_("How sure we are that it happened as described."),
    )
    status = models.CharField(verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    retraction_reason = models.TextField(verbose_name=_("retraction reason"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        help_text=_(
            "The incident that counts for the event this one also describes. "
            "A duplicate is left out of every public figure, list and export unless asked for."
        ),
    )
    duplicate_reason = models.TextField(
        verbose_name=_("duplicate reason"), blank=True, help_text=_("Why the two describe one event.")
    )
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), through="IncidentSource", related_name="incidents"
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)
    published_at = models.DateTimeField(
        verbose_name=_("published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When it was first published (the feed's order)."),
    )
    found_text = models.TextField(
        blank=True,
        default="",
        editable=False,
        help_text="What search finds it by: its search_text, its place's, governorate's and claims' "
        "(IncidentQuerySet.refresh_found_text).",
    )
    version = models.PositiveIntegerField(
        verbose_name=_("version"),
        default=1,
        db_default=1,
        editable=False,
        help_text=_("Raised by every save: an edit begun on an older version is refused (IncidentAdminForm)."),
    )
    not_duplicate_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("not duplicate confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Who saved it although likely duplicates were listed (“Not a duplicate”)."),
    )
    not_duplicate_confirmed_at = models.DateTimeField(
        verbose_name=_("not duplicate confirmed at"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = History(excluded_fields=[*SEARCH_TEXT, "found_text"])

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-date", "-pk"]
        permissions = [("publish_incident", "Can publish and retract incidents")]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_end__gte=F("date")),
                name="incident_date_range_ordered",
                violation_error_message="The end of the date range is before its start.",
            ),
            models.CheckConstraint(
                condition=~Q(date_precision="day") | Q(date_end=F("date")),
                name="incident_day_precision_single_day",
            ),
            models.CheckConstraint(
                condition=~Q(status="retracted") | ~Q(retraction_reason=""),
                name="incident_retraction_has_reason",
                violation_error_message="A retracted incident needs a reason.",
            ),
            models.CheckConstraint(condition=Q(killed__gte=0), name="incident_killed_not_negative"),
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("pk")),
                name="incident_not_duplicate_of_itself",
                violation_error_message="An incident can't be a duplicate of itself.",
            ),
            models.CheckConstraint(condition=Q(wounded__gte=0), name="incident_wounded_not_negative"),
        ]
        indexes = [
            # The list's order (-date, -pk) read backwards, and its pages' ids from the index alone.
            models.Index(fields=["status", "date", "id"], name="incident_status_date_id"),
            # The same for what public outputs count (querysets.counted_condition: duplicates left
            # out): without it, the list's pages and counts read every row's duplicate_of from the
            # table instead of the index alone (a deep page 10× slower, EXPLAIN in README).
            models.Index(
                fields=["status", "date", "id"], condition=Q(duplicate_of__isnull=True), name="incident_counted_date_id"
            ),
            # The admin's list (all statuses) in the same order, and its date hierarchy's bounds.
            models.Index(fields=["date", "id"], name="incident_date_id"),
            # The feed: newest publications first.
            models.Index(fields=["status", "published_at"], name="incident_status_published_at"),
            # The map's incidents per place, and what a governorate's pages count (headline figures,
            # per day, per place) read from the index alone: at 1M, a governorate's 50,000
            # incidents in 12-40 ms instead of 150-300 ms from the table. PostgreSQL only (SQLite
            # has no INCLUDE: its index is the two key columns, settings.SILENCED_SYSTEM_CHECKS).
            models.Index(
                fields=["status", "location"],
                include=["id", "duplicate_of", "type", "target_owner", "date", "date_end", "killed", "wounded"],
                name="incident_status_location_cover",
            ),
            models.Index(fields=["status", "type", "date"], name="incident_status_type_date"),
            models.Index(fields=["status", "target", "date"], name="incident_status_target_date"),
            # Where a date filter's incidents are (date_end >= from, date <= to) and what its counts per
            # place read, from the index alone: at 1M, a year's choropleth and overview 170-500 ms -> 110-170.
            models.Index(
                fields=["date_end"],
                include=["status", "duplicate_of", "date", "location", "id", "type", "target_owner"],
                name="incident_date_end_cover",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}" if self.date else self.title

    def get_absolute_url(self):
        return reverse("incident_detail", args=[self.pk])

    @functools.cached_property
    def was_public(self):
        """Public now or once, as stored (IncidentQuerySet.public_once, the one definition; never
        this copy in memory, which a form or a revert may have changed): its public changes need a
        public note (incidents.corrections). Read once per copy."""
        return self.pk is not None and type(self).objects.filter(pk=self.pk).public_once().exists()

    @property
    def is_attack(self):
        return self.type in self.ATTACK_TYPES

    def normalise_dates(self):
        """Derive the window's end from the precision (a range keeps the end it was given)."""
        if self.date is not None:
            self.date, self.date_end = date_window(self.date, self.date_precision, self.date_end)

    def clean(self):
        super().clean()
        if self.date_precision == self.DatePrecision.RANGE and self.date_end is None:
            raise ValidationError({"date_end": gettext("A date range needs its last possible day.")})
        try:
            self.normalise_dates()
        except WindowOutOfRange as error:
            raise ValidationError({"date": str(error)}) from None
        if self.date and self.date_end and self.date_end < self.date:
            raise ValidationError({"date_end": gettext("The end of the date range is before its start.")})
        if self.status == self.Status.RETRACTED and not self.retraction_reason.strip():
            raise ValidationError({"retraction_reason": gettext("Say why the incident is retracted.")})
        if self.retracted_unseen():
            raise ValidationError(
                {
                    "status": gettext(
                        "This incident was never published: there is nothing public to retract. Leave it "
                        "a draft, or delete it."
                    )
                }
            )
        withdrawn = self.withdrawal_problem()
        if withdrawn:
            raise ValidationError({"status": withdrawn})
        self.clean_duplicate_of()

    def clean_duplicate_of(self):
        """A duplicate points at the incident that counts, never at itself or at another duplicate
        (a chain would leave the event counted nowhere), and says why."""
        if self.duplicate_of_id is None:
            return
        if self.duplicate_of_id == self.pk:
            raise ValidationError({"duplicate_of": gettext("An incident can't be a duplicate of itself.")})
        if self.duplicate_of.duplicate_of_id is not None:
            raise ValidationError(
                {
                    "duplicate_of": gettext("“%(incident)s” is itself a duplicate: link the one that counts.")
                    % {"incident": self.duplicate_of}
                }
            )
        if self.pk is not None and self.duplicates.exists():
            raise ValidationError(
                {"duplicate_of": gettext("Other incidents are duplicates of this one: link them elsewhere first.")}
            )
        uncounted = self.uncounted_problem()
        if uncounted and not self.was_uncounted_so():
            raise ValidationError({"duplicate_of": f"{capfirst(uncounted)}."})
        if not self.duplicate_reason.strip():
            raise ValidationError({"duplicate_reason": gettext("Say why the two describe one event.")})

    def retracted_unseen(self):
        """Whether this copy retracts an incident readers never saw. Retracting withdraws what was
        public, and the incident's page stays to say why (a 410 with the reason); a draft never
        published showed nothing, so retracting it would make public that it existed and why it
        was dropped. Public once is decided on the stored row, as for deleting
        (IncidentQuerySet.undeletable: not a draft, or published before)."""
        if self.status != self.Status.RETRACTED:
            return False
        return not type(self).objects.filter(pk=self.pk).undeletable().exists()

    def uncounted_problem(self, status=None):
        """Why this incident, given `status` (by default this copy's), would count nowhere, in words;
        None where it counts.

        The rule: a published incident may be a duplicate only of a published one. A duplicate is
        left out of every public count, so the event counts through the incident it points at;
        were that one a draft or retracted, the event would be counted nowhere, and the
        duplicate's `duplicate_of` would name an incident that is not public. Asked on every path
        that links or publishes (the admin's form, its publish action, the import);
        withdrawal_problem() is the same rule seen from the incident that counts, and
        IncidentQuerySet.counted_nowhere() finds what breaks it.
        """
        status = self.status if status is None else status
        if status != self.Status.PUBLISHED or self.duplicate_of_id is None:
            return None
        counting = self.duplicate_of
        if counting.status == self.Status.PUBLISHED:
            return None
        return uncounted_duplicate(counting)

    def was_uncounted_so(self):
        """Whether the stored row was already published and a duplicate of the same unpublished
        incident: data written before the rule (IncidentQuerySet.counted_nowhere lists it for the
        editors). An edit that doesn't make it worse goes through, as the publication gate lets an
        incident published before it be edited."""
        if self.pk is None:
            return False
        stored = type(self).objects.filter(pk=self.pk).values_list("status", "duplicate_of_id").first()
        return stored == (self.Status.PUBLISHED, self.duplicate_of_id)

    def left_uncounted(self, status=None):
        """The published incidents linked as duplicates of this one that would count nowhere were it,
        published as stored, given `status` (by default this copy's): draft (unpublished) or
        retracted. Empty where it stays published, or was not published (nothing changes for them)."""
        status = self.status if status is None else status
        if self.pk is None or status == self.Status.PUBLISHED:
            return []
        published = self.Status.PUBLISHED
        duplicates = type(self).objects.filter(duplicate_of_id=self.pk, duplicate_of__status=published)
        return list(duplicates.filter(status=published).order_by("date", "pk")[: NAMED_DUPLICATES + 1])

    def withdrawal_problem(self, status=None):
        """Why this incident, published, can't be given `status` (by default this copy's: set back
        to draft or retracted), in words; None where it can. Published duplicates of it would count
        nowhere (uncounted_problem, the same rule): the editor links them elsewhere, or lets one
        count, first. Asked by the change form (retracting), Unpublish and unpublish()."""
        left = self.left_uncounted(status)
        if not left:
            return None
        named = [gettext("#%(id)s “%(incident)s”") % {"id": i.pk, "incident": i} for i in left[:NAMED_DUPLICATES]]
        more = len(left) > NAMED_DUPLICATES  # left holds one more than it names: counted only then
        listed = gettext("; ").join(named) + ("; …" if more else "")
        published = type(self).objects.filter(duplicate_of_id=self.pk, status=self.Status.PUBLISHED)
        count = published.count() if more else len(left)
        return ngettext(
            "%(count)d published incident is a duplicate of this one and would count nowhere: %(incidents)s. "
            "Empty its “Duplicate of” (it then counts instead), or link it to another published incident, first.",
            "%(count)d published incidents are duplicates of this one and would count nowhere: %(incidents)s. "
            "Let one of them count (empty its “Duplicate of”) and link the others to it, or link them to another "
            "published incident, first.",
            count,
        ) % {"count": count, "incidents": listed}

    def save(self, *args, **kwargs):
        self.normalise_dates()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if not self._state.adding:
            # One more than the stored version, not than this copy's: a copy read before a
            # change to its claims or place (ShownOnIncidents) must not write a version twice.
            stored = type(self).objects.filter(pk=self.pk).values_list("version", flat=True).first()
            self.version = max(self.version, stored or 0) + 1
        super().save(*args, **kwargs)
        refresh_found_text(self)

    def deletion_refusal(self):
        """Why this incident can't be deleted, or None for a draft that was never public: the
        rule of IncidentQuerySet.undeletable, asked of the stored row (never this copy in memory:
        a published incident set back to draft was still public once)."""
        return type(self).objects.filter(pk=self.pk).deletion_refusals().get(self.pk)

    def undeletable_because(self):
        """Why, in words, this incident as read from an undeletable() queryset can't be deleted."""
        if self.status != self.Status.DRAFT:
            return gettext("“%(incident)s” has been %(status)s: retract it instead of deleting it.") % {
                "incident": self,
                "status": str(self.Status(self.status).label).lower(),
            }
        return gettext("“%(incident)s” was public once: it is kept, with its history, and can't be deleted.") % {
            "incident": self
        }

    def delete(self, *args, **kwargs):
        refusal = self.deletion_refusal()
        if refusal:
            raise models.ProtectedError(refusal, {self})
        return super().delete(*args, **kwargs)

    def unpublish(self, user, reason):
        """Back to draft: an editor's explicit step, its reason kept in the history. The incident
        stays on record (published_at is kept, so it can't then be deleted, and a change to it
        needs a public correction note). One loaded in bulk (the seed) has no publication time:
        it gets this one, the last it was known public. Refused (ValidationError) while published
        duplicates of it count through it (withdrawal_problem)."""
        problem = self.withdrawal_problem(self.Status.DRAFT)
        if problem:
            raise ValidationError({"status": problem})
        if self.published_at is None:
            self.published_at = timezone.now()
        self.status = self.Status.DRAFT
        self.updated_by = user
        self._history_user = user
        self._change_reason = reason
        self.save()

    def publication_problems(self, source_ids=None, claims=None):
        """Why this incident can't be published as it stands, in words; empty when it can.

        The one rule of what a published incident needs — a source, a place known at least to
        its governorate or coordinates, a summary, and claims that each name the source they
        rest on — asked by the admin's status field and publish action. `source_ids` and
        `claims` stand for the links and claims a form is about to save; by default the stored
        ones. Who may publish is another rule (incidents.permissions).
        """
        if source_ids is None:
            source_ids = set(self.source_links.values_list("source_id", flat=True)) if self.pk else set()
        if claims is None:
            claims = list(self.claims.select_related("group")) if self.pk else []
        place = self._state.fields_cache.get("location") or (self.location if self.location_id else None)
        return publication_problems(self.summary, place, source_ids, claims)

    def confidence_allowed(self):
        """The highest confidence its linked sources allow (confidence_allowed, the codebook's rule)."""
        return confidence_allowed(list(self.source_links.values_list("source__publisher", "source__reliability")))

    def date_display(self):
        """The date as precisely as it is known, in the page's language (localise), e.g.
        "August 2020 (month)", "آب/أغسطس 2020 (شهر)"."""
        if self.date_precision == self.DatePrecision.DAY:
            return full_date(self.date)
        if self.date_precision == self.DatePrecision.MONTH:
            return f"{month_year(self.date)} ({gettext('month')})"
        precision = self.get_date_precision_display().lower()
        return f"{full_date(self.date)} – {full_date(self.date_end)} ({precision})"


# The target a place of each kind stands for, where the kind says it: the admin's place picker
# fills an empty target with it when the analyst chooses such a place (visibly; it can be changed).
TARGET_AT_PLACE = {
    Location.Kind.MILITARY_BASE: Incident.Target.MILITARY_BASE,
    Location.Kind.DIPLOMATIC: Incident.Target.DIPLOMATIC,
    Location.Kind.AIRPORT: Incident.Target.AIRPORT,
    Location.Kind.INDUSTRIAL: Incident.Target.OIL_INDUSTRY,
}


class Claim(ShownOnIncidents, Searchable, models.Model):
    """One statement about who is responsible: competing statements are normal."""

    class Kind(models.TextChoices):
        CLAIMED = "claimed", _("Claimed by the group")
        ATTRIBUTED = "attributed", _("Attributed by officials or analysts")
        DENIED = "denied", _("Denied by the group")
        SUSPECTED = "suspected", _("Suspected")

    # Others hold the group responsible (ClaimQuerySet.attributed).
    ATTRIBUTED_KINDS = (Kind.ATTRIBUTED, Kind.SUSPECTED)
    # What makes a group responsible for an incident (ClaimQuerySet.responsible): it claimed it,
    # or others hold it responsible. A denial does not count.
    RESPONSIBLE_KINDS = (Kind.CLAIMED, *ATTRIBUTED_KINDS)

    class Channel(models.TextChoices):
        TELEGRAM = "telegram", _("Telegram")
        STATEMENT = "statement", _("Statement")
        VIDEO = "video", _("Video")
        MEDIA_REPORT = "media_report", _("Media report")
        OFFICIAL = "official", _("Official statement")
        SOCIAL_MEDIA = "social_media", _("Social media")
        ANALYSIS = "analysis", _("Analysis")
        OTHER = "other", _("Other")

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="claims")
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    actor = models.CharField(
        verbose_name=_("actor"),
        max_length=200,
        blank=True,
        help_text=_("Who, when it is not a group in the database (e.g. unidentified gunmen)."),
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=Kind.choices)
    stated_by = models.CharField(
        verbose_name=_("stated by"), max_length=200, blank=True, help_text=_("Who made the statement.")
    )
    stated_on = models.DateField(verbose_name=_("stated on"), null=True, blank=True)
    channel = models.CharField(
        verbose_name=_("channel"), max_length=15, choices=Channel.choices, default=Channel.MEDIA_REPORT
    )
    url = models.URLField(verbose_name=_("url"), max_length=1000, blank=True)
    confidence = models.CharField(verbose_name=_("confidence"), max_length=6, choices=Confidence.choices)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text=_("The source this statement rests on: one of the incident's sources."),
    )
    note = models.TextField(verbose_name=_("note"), blank=True)
    history = History(excluded_fields=SEARCH_TEXT)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["incident", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=False) | ~Q(actor=""),
                name="claim_names_group_or_actor",
                violation_error_message="Name a group or describe the actor.",
            ),
        ]
        # A group's claims of a kind, with their incidents from the index alone: the
        # group page's lists and the group filter join them to the incidents.
        indexes = [models.Index(fields=["group", "kind", "incident"], name="claim_group_kind")]

    # What __str__ reads of other tables: the admin's deletion summary selects it with each claim.
    label_relations = ("group",)

    def __str__(self):
        return claim_text(self.kind, self.who)

    @property
    def who(self):
        if not self.group_id:
            return self.actor
        try:
            return self.group.name
        except ObjectDoesNotExist:  # a history version naming a group deleted since
            return gettext("a deleted group (#%(id)s)") % {"id": self.group_id}

    def source_problem(self, linked_source_ids):
        """What is wrong with the source this statement cites, given its incident's linked sources."""
        return source_problem(self.source_id, linked_source_ids)


class IncidentSource(ShownOnIncidents, models.Model):
    """Links a source to an incident with what, in our words, it supports."""

    class Credibility(models.IntegerChoices):
        CONFIRMED = 1, _("1 — confirmed by other sources")
        PROBABLY_TRUE = 2, _("2 — probably true")
        POSSIBLY_TRUE = 3, _("3 — possibly true")
        DOUBTFUL = 4, _("4 — doubtful")
        IMPROBABLE = 5, _("5 — improbable")
        UNKNOWN = 6, _("6 — truth cannot be judged")

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="source_links"
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="incident_links"
    )
    excerpt = models.TextField(verbose_name=_("excerpt"), help_text=_("What this source supports, in our own words."))
    credibility = models.PositiveSmallIntegerField(
        verbose_name=_("credibility"), choices=Credibility.choices, default=Credibility.UNKNOWN
    )
    # Unknown is not zero: an incident's 0 killed (or wounded) rests on a source that says so.
    says_none_killed = models.BooleanField(
        verbose_name=_("says none killed"),
        default=False,
        help_text=_("The source says nobody was killed (what a 0 in “killed” rests on)."),
    )
    says_none_wounded = models.BooleanField(
        verbose_name=_("says none wounded"),
        default=False,
        help_text=_("The source says nobody was wounded (what a 0 in “wounded” rests on)."),
    )
    history = History()

    class Meta:
        verbose_name = _("incident source")
        verbose_name_plural = _("incident sources")
        ordering = ["incident", "pk"]
        constraints = [models.UniqueConstraint(fields=["incident", "source"], name="unique_incident_source")]

    label_relations = ("source",)  # what __str__ reads of other tables (as Claim's)

    def __str__(self):
        try:
            return str(self.source)
        except ObjectDoesNotExist:  # a history version citing a source deleted since
            return gettext("a deleted source (#%(id)s)") % {"id": self.source_id}

    def resting_claims_refusal(self):
        """Why this link, as stored, can't be removed or pointed elsewhere: statements of its
        incident rest on its source (Claim.source must stay among the incident's sources). None if
        none do."""
        return resting_claims_refusals([self]).get(self.pk)


class Correction(models.Model):
    """A change to what the public sees of an incident that was public, with the editor's public note.

    Written by incidents.corrections in the transaction of the change itself: `changes` is what
    changed as the public saw it before and after (export columns, claims, source links), as
    text. The history (django-simple-history) keeps every change; this is the public log.
    """

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="corrections"
    )
    made_at = models.DateTimeField(verbose_name=_("made at"), default=timezone.now, editable=False)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    note = models.TextField(verbose_name=_("note"), help_text=_("Why, in words for the public: shown with the change."))
    changes = models.JSONField(
        verbose_name=_("changes"), help_text=_("[[what, before, after], …] as the public saw them.")
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-made_at", "-pk"]
        indexes = [
            models.Index(fields=["incident", "made_at"], name="correction_incident_made_at"),
            models.Index(fields=["made_at"], name="correction_made_at"),
        ]

    def __str__(self):
        return f"{self.made_at:%Y-%m-%d}: {self.incident}"


# How an incident reaches each kind of record it shows: the lookup from Incident to it.
SHOWN_THROUGH = {
    Incident: "pk",
    Claim: "claims",
    IncidentSource: "source_links",
    Location: "location",
    Group: "claims__group",
    Source: "source_links__source",
}


def resting_claims_refusals(links):
    """{link pk: IncidentSource.resting_claims_refusal()} of the links (saved ones) whose removal
    is refused, in two queries however many links: the admin's bulk delete asks it of each."""
    stored = {
        pk: (incident, source)
        for pk, incident, source in IncidentSource.objects.filter(pk__in=[link.pk for link in links]).values_list(
            "pk", "incident_id", "source_id"
        )
    }
    if not stored:
        return {}
    incidents, sources = ({pair[i] for pair in stored.values()} for i in (0, 1))
    resting = (
        Claim.objects.filter(incident__in=incidents, source__in=sources)
        .values_list("incident_id", "source_id")
        .annotate(count=models.Count("pk"))
        .order_by()
    )
    counts = {(incident, source): count for incident, source, count in resting}
    refusals = {}
    for link in links:
        count = counts.get(stored.get(link.pk))
        if count:
            refusals[link.pk] = ngettext(
                "a statement of its incident rests on “%(source)s”: point them at another of its sources first.",
                "%(count)d statements of its incident rest on “%(source)s”: point them at another of its sources "
                "first.",
                count,
            ) % {"count": count, "source": link.source}
    return refusals


def incidents_showing(obj):
    """The incidents whose public record includes `obj` (GroupRelation: none), both as stored
    and as `obj` stands in memory — a claim moved to another incident concerns both."""
    return incidents_reaching(obj, SHOWN_THROUGH)


def incidents_reaching(obj, through):
    """The incidents that reach `obj` by its model's lookup in `through`, and the one `obj`
    names by its incident_id (as it stands in memory); none for a model `through` lacks."""
    return incidents_reaching_any([obj], through)


def incidents_reaching_any(records, through):
    """incidents_reaching() of several records at once, in one query."""
    stored = {}
    for record in records:
        if type(record) in through and record.pk is not None:
            stored.setdefault(through[type(record)], []).append(record.pk)
    conditions = [Q(**{f"{path}__in": pks}) for path, pks in stored.items()]
    named = [record.incident_id for record in records if getattr(record, "incident_id", None) is not None]
    if named:
        conditions.append(Q(pk__in=named))
    if not conditions:
        return Incident.objects.none()
    return Incident.objects.filter(functools.reduce(operator.or_, conditions))


def raise_versions(incidents):
    """Raise the version of these incidents: forms opened on them before are now stale."""
    Incident.objects.filter(pk__in=incidents.values("pk")).update(version=F("version") + 1)


# How an incident reaches each record whose search text it is found by (IncidentQuerySet.found_text):
# the records it shows that are searched, and its place's governorate.
FOUND_THROUGH = {
    **{model: SHOWN_THROUGH[model] for model in (Incident, Claim, Location, Group)},
    Governorate: "location__governorate",
}


def refresh_found_text(obj, also=(), saved=False):
    """After `obj` is written, rewrite the found text of the incidents found through it (and of
    the incidents `also`: where a claim was before it moved). Records of other kinds: nothing.

    saved: after obj's own save(), which rewrites them only when it changed what they read of
    obj (Searchable.found_text_changed): saving a group or place as it was touches no incident.
    A raw load always rewrites them (its rows come in any order)."""
    if type(obj) not in FOUND_THROUGH or (saved and not obj.found_text_changed()):
        return
    found = incidents_reaching(obj, FOUND_THROUGH).values("pk")
    Incident.objects.filter(Q(pk__in=found) | Q(pk__in=list(also))).refresh_found_text()
    obj.found_as_stored = obj.found_columns()


_raw_loads = threading.local()


@contextlib.contextmanager
def found_text_written_once():
    """Raw saves inside this block (loaddata's) only note what they wrote; at its end the found
    text of every incident found through those records is rewritten in one UPDATE. Row by row,
    the seed's 377 records cost 166 UPDATEs, two thirds of loaddata's time."""
    if getattr(_raw_loads, "records", None) is not None:
        yield
        return
    _raw_loads.records = []
    try:
        yield
        records = _raw_loads.records
    finally:
        _raw_loads.records = None
    found = incidents_reaching_any(records, FOUND_THROUGH).values("pk")
    Incident.objects.filter(pk__in=found).refresh_found_text()


@receiver(post_save)
def write_raw_found_text(sender, instance, raw, **kwargs):
    """Raw saves (loaddata, restore) skip save(): the found text is written here, for any order
    of rows (a claim loaded after its incident rewrites the incident's), or at the end of the
    block found_text_written_once."""
    if not raw:
        return
    if getattr(_raw_loads, "records", None) is not None:
        _raw_loads.records.append(instance)
    else:
        refresh_found_text(instance)


class TallyDimensions(models.Model):
    """What a tally row counts by: the columns of an incident that the public filters on dates,
    type and target owner read (README's filters), and whether it is a linked duplicate. Only
    published incidents are counted; incidents.tallies keeps the counts exact in the writer's own
    transaction. Few columns, so that a million incidents make some 90,000 rows: a filter on
    another column (place, target, confidence, text) counts the incidents instead."""

    date = models.DateField()
    date_end = models.DateField()
    type = models.CharField(max_length=15)
    target_owner = models.CharField(max_length=20)
    duplicate = models.BooleanField()

    DIMENSIONS = ("date", "date_end", "type", "target_owner", "duplicate")
    ATTACK_TYPES, US_COALITION_OWNERS = Incident.ATTACK_TYPES, Incident.US_COALITION_OWNERS

    class Meta:
        abstract = True


class Tally(TallyDimensions):
    """Published incidents and their casualties per combination of dimensions: the headline
    figures and the chart read it instead of the incidents (TallyQuerySet)."""

    incidents = models.IntegerField()
    killed = models.IntegerField(help_text="Sum of the known figures.")
    killed_unknown = models.IntegerField()
    wounded = models.IntegerField(help_text="Sum of the known figures.")
    wounded_unknown = models.IntegerField()

    COUNTED = "incidents"
    objects = TallyQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=TallyDimensions.DIMENSIONS, name="tally_dimensions")]
        indexes = [
            models.Index(fields=["incidents"], condition=Q(incidents__lte=0), name="tally_empty"),
            # The last day of the headline figures, read by its index where MonthTally gives the sums.
            models.Index(fields=["date_end"], name="tally_date_end"),
        ]


class MonthTally(models.Model):
    """Tally's rows rolled up to the month of their first possible day (`date`: the month's first
    day), per type, target owner and duplicate: the same counts in a few thousand rows, which the
    headline figures, the monthly and yearly charts and the list's total read where the filter
    asks no dates (IncidentFilter.monthly). The first and last days still come from Tally."""

    date = models.DateField(help_text="The first day of the month.")
    type = models.CharField(max_length=15)
    target_owner = models.CharField(max_length=20)
    duplicate = models.BooleanField()
    incidents = models.IntegerField()
    killed = models.IntegerField(help_text="Sum of the known figures.")
    killed_unknown = models.IntegerField()
    wounded = models.IntegerField(help_text="Sum of the known figures.")
    wounded_unknown = models.IntegerField()

    DIMENSIONS = ("date", "type", "target_owner", "duplicate")
    ATTACK_TYPES, US_COALITION_OWNERS = Incident.ATTACK_TYPES, Incident.US_COALITION_OWNERS
    COUNTED = "incidents"
    objects = TallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("date", "type", "target_owner", "duplicate"), name="month_tally_dimensions")
        ]
        indexes = [models.Index(fields=["incidents"], condition=Q(incidents__lte=0), name="month_tally_empty")]


class GroupTally(TallyDimensions):
    """Per group, published incidents it is responsible for (claimed, attributed or suspected:
    Claim.RESPONSIBLE_KINDS), claimed, attributed or suspected, and denied: each incident once
    per group. A row may count denials only: what counts responsibility reads counting()."""

    group = models.ForeignKey(Group, on_delete=models.DO_NOTHING, db_constraint=False, related_name="tallies")
    responsible = models.IntegerField()
    claimed = models.IntegerField()
    attributed = models.IntegerField()
    denied = models.IntegerField()

    COUNTED = "responsible"
    KEPT_WHILE = ("responsible", "denied")  # a row goes when neither counts any incident
    objects = TallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", *TallyDimensions.DIMENSIONS], name="group_tally_dimensions")
        ]
        indexes = [models.Index(fields=["responsible"], condition=Q(responsible__lte=0), name="group_tally_empty")]


class GroupTotal(models.Model):
    """Per group, duplicates apart, the published incidents it is named on by a claim of any kind
    (GroupQuerySet.public), that it claimed, and that it was attributed or suspected of
    (GroupQuerySet.with_incident_counts): each incident once per group."""

    group = models.ForeignKey(Group, on_delete=models.DO_NOTHING, db_constraint=False, related_name="totals")
    duplicate = models.BooleanField()
    named = models.IntegerField()
    claimed = models.IntegerField()
    attributed = models.IntegerField()

    COUNTED = "named"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "duplicate"], name="group_total_dimensions")]


class FoundWord(models.Model):
    """A word a counted incident (published, not a duplicate) is found by, or one of its names or
    aliases whole after its mark, with the incident's columns that a search's public figures sum
    and filter on. PostgreSQL only, in a table its triggers keep (incidents.found_words, which
    says why); not made by migrations (managed = False)."""

    incident_id = models.BigIntegerField(primary_key=True)  # the incident's: one row per word of it
    word = models.TextField()
    date = models.DateField()
    date_end = models.DateField()
    type = models.CharField(max_length=15)
    target_owner = models.CharField(max_length=20)
    # a key without a constraint (the table has none): the filter on governorates joins the places
    location = models.ForeignKey(Location, models.DO_NOTHING, db_constraint=False, related_name="+")
    killed = models.IntegerField(null=True)
    wounded = models.IntegerField(null=True)

    ATTACK_TYPES, US_COALITION_OWNERS = Incident.ATTACK_TYPES, Incident.US_COALITION_OWNERS
    objects = FoundWordQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = "incidents_foundword"


class PlaceTally(models.Model):
    """Published incidents per place, type and target owner, duplicates apart: the map's and the
    choropleth's counts (maps.places_of) for the filters on those columns (IncidentFilter.places).
    No date: a million synthetic incidents at 723 places make 7,953 of these rows, where a month
    more would make 398,862, 43% of the published incidents; a filter on dates counts the
    incidents instead."""

    location = models.ForeignKey(Location, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    type = models.CharField(max_length=15)
    target_owner = models.CharField(max_length=20)
    duplicate = models.BooleanField()
    incidents = models.IntegerField()

    DIMENSIONS = ("type", "target_owner", "duplicate")
    ATTACK_TYPES, US_COALITION_OWNERS = Incident.ATTACK_TYPES, Incident.US_COALITION_OWNERS
    objects = PlaceTallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["location", "type", "target_owner", "duplicate"], name="place_tally_dimensions"
            )
        ]
        indexes = [models.Index(fields=["incidents"], condition=Q(incidents__lte=0), name="place_tally_empty")]
