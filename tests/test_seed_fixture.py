"""The seed data set: 2019–2020 attacks on US interests in Iraq, sourced, uncertainty kept."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count

from incidents.models import Claim, Group, GroupRelation, Incident, Location, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    call_command("loaddata", "iraq_2019_2020", verbosity=0)


def test_the_seed_loads_with_the_expected_counts(seed):
    assert Incident.objects.count() == 83
    assert Group.objects.count() == 16
    assert Location.objects.count() == 33
    assert Source.objects.count() == 89
    assert Claim.objects.count() == 34
    assert GroupRelation.objects.count() == 15


def test_at_least_39_published_attacks_between_october_2019_and_august_2020(seed):
    attacks = Incident.objects.published().attacks().overlapping(datetime.date(2019, 10, 1), datetime.date(2020, 8, 31))
    assert attacks.count() >= 39
    assert attacks.filter(type="rocket").count() == 52


def test_every_published_incident_has_a_source_with_a_supporting_statement(seed):
    assert not Incident.objects.published().annotate(n=Count("source_links")).filter(n=0).exists()
    for link in Incident.objects.published().values_list("source_links__excerpt", flat=True):
        assert link and len(link) > 20
    # Only the source article has no address: our copy of it gives none, and its notes say so.
    assert list(Source.objects.filter(url="").values_list("title", flat=True)) == [
        "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington"
    ]


def test_arrests_foiled_attacks_and_propaganda_are_typed_as_such_and_not_attacks(seed):
    events = dict(Incident.objects.exclude(type__in=Incident.ATTACK_TYPES).values_list("pk", "type"))
    assert events == {
        31: "propaganda",
        33: "propaganda",
        45: "arrest",
        47: "foiled",
        50: "foiled",
        60: "arrest",
        83: "propaganda",  # the source article's Dhi Qar claim, matched to no attack
    }
    assert not Incident.objects.attacks().filter(pk__in=events).exists()


def test_unknown_casualties_are_empty_and_reported_zero_is_zero(seed):
    assert Incident.objects.get(pk=9).killed == 1  # K-1: one US contractor
    assert Incident.objects.get(pk=4).killed == 0  # Q-West: sources say no casualties
    assert Incident.objects.get(pk=62).killed is None  # Jraischan: not known


def test_places_without_coordinates_are_not_given_a_fake_exact_point(seed):
    besmaya = Location.objects.get(name__startswith="Besmaya")
    assert besmaya.latitude is None and besmaya.longitude is None
    assert besmaya.map_point()[2] is True  # drawn approximately at Baghdad's centre
    unknown = Location.objects.get(name="Iraq (place not reported)")
    assert (unknown.geo_precision, unknown.governorate) == ("country", None)
    assert Location.objects.filter(latitude__isnull=True).count() == 16


def test_month_and_week_precision_are_kept(seed):
    november = Incident.objects.get(pk=2)
    assert (november.date_precision, november.date, november.date_end) == (
        "month",
        datetime.date(2019, 11, 1),
        datetime.date(2019, 11, 30),
    )
    assert Incident.objects.filter(date_precision="week").count() == 2


def test_competing_responsibility_statements_are_kept_as_the_sources_state_them(seed):
    k1 = {(c.kind, c.who) for c in Incident.objects.get(pk=9).claims.select_related("group")}
    assert ("attributed", "Kata'ib Hezbollah") in k1
    assert ("denied", "Kata'ib Hezbollah") in k1
    taji = {(c.kind, c.who) for c in Incident.objects.get(pk=26).claims.select_related("group")}
    assert taji == {("attributed", "Kata'ib Hezbollah"), ("claimed", "Usbat al-Thaireen")}
    jraischan = Incident.objects.get(pk=62)
    assert [(c.kind, c.who) for c in jraischan.claims.all()] == [("claimed", "Ashab al-Kahf")]
    assert jraischan.confidence == "low"  # Iraq and Kuwait denied that it happened


def test_weak_sources_carry_low_grades(seed):
    assert Source.objects.filter(reliability__in="DE").count() >= 5
    assert Incident.objects.filter(confidence="low").count() >= 5


def test_groups_are_found_by_alias_and_arabic_name_and_fronts_by_parent(seed):
    kh = Group.objects.get(slug="kataib-hezbollah")
    for query in ("Kataib Hezbollah", "Kata'ib Hizballah", "كتائب حزب الله"):
        assert kh in Group.objects.search(query)
    with_fronts = set(
        Group.objects.filter(slug="kataib-hezbollah").with_suspected_fronts().values_list("slug", flat=True)
    )
    assert with_fronts == {"kataib-hezbollah", "usbat-al-thaireen"}
    assert GroupRelation.objects.get(subject=kh, kind="part_of").object.slug == "popular-mobilization-forces"


def test_load_seed_twice_duplicates_nothing_and_never_overwrites_existing_work():
    call_command("load_seed", verbosity=0)
    counts = (Incident.objects.count(), Claim.objects.count(), Source.objects.count())
    Incident.objects.filter(pk=1).update(title="Edited by an analyst")
    call_command("load_seed", verbosity=0)
    assert (Incident.objects.count(), Claim.objects.count(), Source.objects.count()) == counts
    assert Incident.objects.get(pk=1).title == "Edited by an analyst"


def test_loaddata_twice_duplicates_nothing():
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    assert Incident.objects.count() == 83
    assert Claim.objects.count() == 34


def test_new_records_after_loading_do_not_collide_with_seed_ids(seed):
    """loaddata resets PostgreSQL's sequences; a new incident gets a fresh id."""
    incident = Incident.objects.create(
        title="New",
        type="rocket",
        date_precision="day",
        target="other",
        confidence="medium",
        date=datetime.date(2021, 1, 1),
        location=Location.objects.first(),
    )
    assert incident.pk > 83
