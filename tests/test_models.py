"""The data model's rules: uncertainty kept as data, integrity enforced by the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from incidents.models import Claim, Governorate, Group, GroupRelation, Incident, Location
from tests.factories import link_source, make_claim, make_group, make_incident, make_location, make_source

pytestmark = pytest.mark.django_db


def assert_rejected_by_database(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


@pytest.mark.parametrize("latitude, longitude", [("90.5", "44"), ("-91", "44"), ("33", "180.1"), ("33", "-181")])
def test_database_rejects_coordinates_out_of_range(latitude, longitude):
    assert_rejected_by_database(lambda: make_location(latitude=latitude, longitude=longitude))


def test_database_rejects_a_latitude_without_longitude():
    assert_rejected_by_database(lambda: make_location(latitude="33.1", longitude=None))


def test_a_place_without_coordinates_is_drawn_at_its_governorate_centre_as_approximate():
    basra = Governorate.objects.get(slug="basra")
    place = make_location(name="Jraischan crossing", governorate=basra, latitude=None, longitude=None)
    assert place.map_point() == (float(basra.latitude), float(basra.longitude), True)


def test_an_exact_site_is_drawn_where_it_is_and_not_approximate():
    place = make_location(latitude="35.512500", longitude="44.284170", geo_precision=Location.Precision.SITE)
    assert place.map_point() == (35.5125, 44.28417, False)


def test_a_place_known_only_to_the_country_is_drawn_at_its_centre_as_approximate():
    place = make_location(governorate=None, latitude=None, longitude=None, geo_precision="country")
    assert place.map_point() == (33.2, 43.7, True)


@pytest.mark.parametrize("field", ["killed", "wounded"])
def test_database_rejects_negative_casualties(field):
    incident = make_incident()
    assert_rejected_by_database(lambda: Incident.objects.filter(pk=incident.pk).update(**{field: -1}))


def test_unknown_casualties_stay_unknown_not_zero():
    incident = make_incident(killed=None, wounded=0)
    incident.refresh_from_db()
    assert incident.killed is None
    assert incident.wounded == 0


def test_database_rejects_a_range_that_ends_before_it_starts():
    incident = make_incident(
        date_precision="range", date=datetime.date(2020, 8, 10), date_end=datetime.date(2020, 8, 12)
    )
    assert_rejected_by_database(
        lambda: Incident.objects.filter(pk=incident.pk).update(date_end=datetime.date(2020, 8, 1))
    )


def test_database_rejects_a_retraction_without_a_reason():
    incident = make_incident()
    assert_rejected_by_database(lambda: Incident.objects.filter(pk=incident.pk).update(status="retracted"))


def test_month_precision_spans_the_whole_month():
    incident = make_incident(date_precision="month", date=datetime.date(2020, 2, 17))
    assert (incident.date, incident.date_end) == (datetime.date(2020, 2, 1), datetime.date(2020, 2, 29))
    assert incident.date_display() == "February 2020 (month)"


def test_week_precision_spans_seven_days():
    incident = make_incident(date_precision="week", date=datetime.date(2020, 4, 8))
    assert incident.date_end == datetime.date(2020, 4, 14)


def test_day_precision_is_a_single_day_whatever_end_was_given():
    incident = make_incident(date=datetime.date(2020, 1, 4), date_end=datetime.date(2020, 1, 9))
    assert incident.date_end == incident.date
    assert incident.date_display() == "4 January 2020"


def test_model_validation_explains_a_range_ending_before_it_starts():
    incident = Incident(
        title="x",
        type="rocket",
        target="other",
        confidence="medium",
        location=make_location(),
        date_precision="range",
        date=datetime.date(2020, 8, 10),
        date_end=datetime.date(2020, 8, 1),
    )
    with pytest.raises(ValidationError) as error:
        incident.full_clean()
    assert "before its start" in str(error.value.message_dict["date_end"])


def test_model_validation_asks_why_an_incident_is_retracted():
    incident = make_incident(status="published")
    incident.status = "retracted"
    with pytest.raises(ValidationError) as error:
        incident.full_clean()
    assert "retraction_reason" in error.value.message_dict


def test_published_excludes_drafts_and_retractions():
    shown = make_incident(status="published")
    make_incident(status="draft")
    make_incident(status="retracted", retraction_reason="Duplicate of another report")
    assert list(Incident.objects.published()) == [shown]


@pytest.mark.parametrize("non_attack", ["foiled", "arrest", "propaganda"])
def test_arrests_foiled_attacks_and_propaganda_are_not_attacks(non_attack):
    rocket = make_incident(type="rocket")
    event = make_incident(type=non_attack)
    assert list(Incident.objects.attacks()) == [rocket]
    assert not event.is_attack


def test_an_incident_known_to_the_month_matches_any_bound_inside_that_month():
    august = make_incident(date_precision="month", date=datetime.date(2020, 8, 1))
    assert list(Incident.objects.overlapping(datetime.date(2020, 8, 20), datetime.date(2020, 8, 25))) == [august]
    assert not Incident.objects.overlapping(datetime.date(2020, 9, 1), None).exists()
    assert not Incident.objects.overlapping(None, datetime.date(2020, 7, 31)).exists()


def test_group_slugs_are_unique():
    make_group(name="Kataib Hezbollah", slug="kataib-hezbollah")
    assert_rejected_by_database(lambda: make_group(name="Kata'ib Hezbollah", slug="kataib-hezbollah"))


@pytest.mark.parametrize("query", ["Kataib Hezbollah", "Kata'ib Hizballah", "كتائب حزب الله", "hezbollah brigades"])
def test_group_search_finds_names_arabic_names_and_transliterations(query):
    group = make_group(
        name="Kataib Hezbollah", arabic_name="كتائب حزب الله", aliases="Kata'ib Hizballah\nHezbollah Brigades"
    )
    make_group(name="Asaib Ahl al-Haq")
    assert list(Group.objects.search(query)) == [group]


def test_a_group_with_its_suspected_fronts():
    parent = make_group(name="Kataib Hezbollah")
    front = make_group(name="Usbat al-Thaireen", kind="front")
    make_group(name="Unrelated")
    GroupRelation.objects.create(subject=front, kind="front_for", object=parent, confidence="low")
    assert set(Group.objects.filter(pk=parent.pk).with_suspected_fronts()) == {parent, front}


def test_a_group_cannot_be_related_to_itself():
    group = make_group()
    assert_rejected_by_database(lambda: GroupRelation.objects.create(subject=group, kind="part_of", object=group))


def test_a_claim_names_a_group_or_describes_the_actor():
    incident = make_incident()
    assert_rejected_by_database(lambda: Claim.objects.create(incident=incident, kind="suspected"))
    assert make_claim(incident, actor="unidentified gunmen", kind="suspected").who == "unidentified gunmen"


def test_competing_claims_on_one_incident_are_kept():
    incident = make_incident()
    kh, front = make_group(name="Kataib Hezbollah"), make_group(name="Usbat al-Thaireen")
    make_claim(incident, front, kind="claimed", channel="telegram")
    make_claim(incident, kh, kind="attributed", stated_by="US officials", channel="official")
    make_claim(incident, kh, kind="denied", stated_by="Kataib Hezbollah")
    assert sorted(incident.claims.values_list("kind", flat=True)) == ["attributed", "claimed", "denied"]


def test_deletes_that_would_orphan_records_are_refused():
    incident = make_incident()
    group, source = make_group(), make_source()
    make_claim(incident, group)
    link_source(incident, source)
    for protected in (incident.location, group, source):
        with pytest.raises(ProtectedError):
            protected.delete()


def test_every_change_is_kept_in_history():
    incident = make_incident(title="First wording")
    incident.title = "Second wording"
    incident.save()
    assert [h.title for h in incident.history.order_by("history_date")] == ["First wording", "Second wording"]
    assert [h.history_type for h in incident.history.order_by("history_date")] == ["+", "~"]
