"""The rules the seed data set keeps (README, "The seed data set"; the codebook), checked on every
record, and the migration that brought databases holding the first seed up to it."""

import importlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from incidents import migrations
from incidents.models import (
    Claim,
    Confidence,
    Group,
    GroupRelation,
    Incident,
    IncidentSource,
    Location,
    Source,
    confidence_allowed,
)

pytestmark = pytest.mark.django_db

# The migration that corrected the first seed, by its name (its number changes when branches merge).
MIGRATION = next(path.stem for path in Path(migrations.__file__).parent.glob("*_seed_corrections.py"))
CORRECTIONS = importlib.import_module(f"incidents.migrations.{MIGRATION}")
RANK = {Confidence.LOW: 0, Confidence.MEDIUM: 1, Confidence.HIGH: 2}


@pytest.fixture
def seed():
    call_command("loaddata", "iraq_2019_2020", verbosity=0)


def test_every_published_incident_cites_a_source(seed):
    assert not Incident.objects.published().filter(source_links__isnull=True).exists()


def test_every_claim_rests_on_one_of_its_incidents_sources(seed):
    for claim in Claim.objects.all():
        linked = set(claim.incident.source_links.values_list("source_id", flat=True))
        assert claim.source_problem(linked) is None, (claim.incident_id, str(claim))


@pytest.mark.parametrize(
    ("sources", "allowed"),
    [
        ([("Reuters", "B")], Confidence.HIGH),
        ([("NRT", "C"), ("Rudaw", "C")], Confidence.HIGH),
        ([("NRT", "C"), ("NRT", "C")], Confidence.MEDIUM),  # one publisher counts once
        ([("NRT", "C")], Confidence.MEDIUM),
        ([("Sputnik", "D"), ("RT", "E")], Confidence.MEDIUM),
        ([("Sputnik", "D")], Confidence.LOW),
        ([("Sputnik", "D"), ("Sputnik", "D")], Confidence.LOW),
        ([], Confidence.LOW),
    ],
)
def test_the_confidence_rule(sources, allowed):
    assert confidence_allowed(sources) == allowed


def test_no_incident_is_more_certain_than_its_sources_allow(seed):
    for incident in Incident.objects.published():
        assert RANK[incident.confidence] <= RANK[incident.confidence_allowed()], incident.pk


def test_the_incidents_the_audit_named_are_no_longer_high_confidence(seed):
    """#5 (RT, graded D), #39 (graded E), #66 and #79 (Sputnik, D) were high."""
    confidences = dict(Incident.objects.filter(pk__in=[5, 39, 66, 79]).values_list("pk", "confidence"))
    assert confidences == {5: "low", 39: "medium", 66: "high", 79: "medium"}
    # #66 stays high on a second, well-graded report it now cites (Kurdistan 24, B).
    assert Incident.objects.get(pk=66).source_links.filter(source__reliability="B").exists()


@pytest.mark.parametrize("field", ["killed", "wounded"])
def test_a_zero_rests_on_a_source_that_says_nobody_was(seed, field):
    """Unknown is not zero: 0 only where a linked source says none."""
    zeros = Incident.objects.filter(**{field: 0})
    says_none = IncidentSource.objects.filter(**{f"says_none_{field}": True}).values("incident")
    assert zeros.exists()
    assert list(zeros.exclude(pk__in=says_none).values_list("pk", flat=True)) == []


def test_the_zeros_the_audit_named_are_unknown(seed):
    """#70's summary says casualties are not given; #28's statement did not mention them."""
    for pk in (70, 28):
        assert Incident.objects.filter(pk=pk).values_list("killed", "wounded").get() == (None, None)


def test_every_group_has_an_arabic_name(seed):
    assert list(Group.objects.filter(arabic_name="").values_list("name", flat=True)) == []


def test_ahl_al_kahf_is_an_alias_of_asaib_ahl_al_haq_not_of_ashab_al_kahf(seed):
    assert set(Group.objects.search("People of the Cave").values_list("slug", flat=True)) == {"asaib-ahl-al-haq"}


def test_the_article_name_of_the_dhi_qar_claimant_finds_the_2020_group(seed):
    found = set(Group.objects.search("Brigades of the Twentieth Revolution").values_list("slug", flat=True))
    assert found == {"saraya-thawrat-al-ishreen-al-thaniya"}
    # "Twentieth Revolution" alone also finds the Sunni group, whose description says it is not this one.
    sunni = Group.objects.get(slug="1920-revolution-brigades")
    assert sunni in Group.objects.search("Twentieth Revolution")
    assert "not this group" in sunni.description


def test_the_five_july_airport_rocket_is_linked_as_a_duplicate(seed):
    assert Incident.objects.get(pk=48).duplicate_of_id == 46


def historical_apps():
    """Historical models, as a migration sees them (no custom save or delete), of the tables the test
    database has: those of the last migration, since later ones add columns the corrections'
    migration doesn't know (a NOT NULL column without a database default among them)."""
    return MigrationLoader(connection).project_state().apps


def snapshot():
    """Everything the corrections touch, by what identifies each record (not its id)."""
    tables = [
        Incident.objects.values_list(
            "uid",
            "summary",
            "killed",
            "wounded",
            "confidence",
            "date",
            "date_end",
            "date_precision",
            "location__name",
            "duplicate_of__uid",
            "duplicate_reason",
        ),
        Claim.objects.values_list("incident__uid", "group__slug", "actor", "kind", "confidence", "source__url", "note"),
        IncidentSource.objects.values_list(
            "incident__uid", "source__url", "source__title", "excerpt", "says_none_killed", "says_none_wounded"
        ),
        Group.objects.values_list("slug", "arabic_name", "aliases", "description"),
        GroupRelation.objects.values_list("subject__slug", "kind", "object__slug", "source__url", "note"),
        Source.objects.values_list("url", "title", "notes"),
        Location.objects.values_list("name", "arabic_name", "geo_precision", "latitude", "notes"),
    ]
    return [sorted(map(repr, table)) for table in tables]


def test_the_migration_turns_the_first_seed_into_this_fixture_and_back(seed):
    """Undoing the corrections on the fixture gives the first seed; applying them gives the fixture again."""
    apps, corrected = historical_apps(), snapshot()
    assert CORRECTIONS.apply(apps, CORRECTIONS.CHANGES) == set()  # the fixture is already corrected

    CORRECTIONS.apply(apps, list(CORRECTIONS.undone(CORRECTIONS.CHANGES)))
    assert Incident.objects.filter(pk=70).values_list("killed", "wounded").get() == (0, 0)
    first_seed = (Incident, Claim, Source, Location, IncidentSource)
    assert [model.objects.count() for model in first_seed] == [82, 35, 86, 31, 90]
    assert snapshot() != corrected

    CORRECTIONS.apply(apps, CORRECTIONS.CHANGES)
    assert snapshot() == corrected


def test_the_migration_keeps_an_analysts_later_edit(seed):
    apps = historical_apps()
    CORRECTIONS.apply(apps, list(CORRECTIONS.undone(CORRECTIONS.CHANGES)))
    Incident.objects.filter(pk=70).update(killed=2)  # an analyst's edit since the first seed
    CORRECTIONS.apply(apps, CORRECTIONS.CHANGES)
    assert Incident.objects.filter(pk=70).values_list("killed", "wounded").get() == (2, None)
    assert Incident.history.filter(id=70, history_change_reason=CORRECTIONS.REASON).exists()


def test_the_migration_does_nothing_to_a_database_without_the_seed():
    assert CORRECTIONS.apply(historical_apps(), CORRECTIONS.CHANGES) == set()
    assert not Incident.objects.exists()


def test_an_incident_page_says_which_source_reports_no_casualties_and_which_source_has_no_address(client, seed):
    page = client.get(reverse("incident_detail", args=[72])).content.decode()
    assert "says nobody was killed or wounded" in page
    page = client.get(reverse("incident_detail", args=[31])).content.decode()
    assert "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington</bdi> (no address)" in page


def test_a_relation_resting_on_the_source_article_names_it_without_a_link(client, seed):
    page = client.get(reverse("group_detail", args=["ansar-allah-al-awfiya"])).content.decode()
    assert "Unnamed outlet (dateline Baghdad)</bdi> (no address)" in page
    assert 'href=""' not in page
