"""Logging incidents in the admin: one form with place, claims and sources; clear errors."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from incidents.models import Claim, Governorate, Group, GroupRelation, Incident, IncidentSource, Location, Source
from tests.admin_forms import change_form_data, incident_form_data, new_place
from tests.factories import make_claim, make_group, make_incident, make_location, make_source

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:incidents_incident_add")
LIST_URL = reverse("admin:incidents_incident_changelist")


def test_all_models_are_registered_although_leaflets_admin_is_skipped():
    for model in (Incident, Claim, Group, GroupRelation, Location, Source, IncidentSource, Governorate):
        assert admin.site.is_registered(model), model


def test_the_add_form_offers_the_map_picker_with_leaflet_served_locally(analyst_client):
    page = analyst_client.get(ADD_URL).content.decode()
    assert 'id="place-map"' in page
    assert "js/place_picker.js" in page
    assert "/static/leaflet/leaflet.js" in page
    assert "/static/leaflet/images/marker-icon.png" in page


def test_an_analyst_logs_an_incident_with_a_claim_and_a_source_in_one_form(analyst_client, analyst):
    place, group, source = make_location(), make_group(name="Usbat al-Thaireen"), make_source()
    data = incident_form_data(
        location=place,
        claims=[
            {
                "kind": "claimed",
                "group": group.pk,
                "channel": "telegram",
                "confidence": "medium",
                "stated_by": "Usbat al-Thaireen",
            }
        ],
        sources=[{"source": source.pk, "excerpt": "Reports three rockets on the base.", "credibility": "2"}],
    )
    response = analyst_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    incident = Incident.objects.get()
    assert incident.status == "draft"
    assert (incident.created_by, incident.updated_by) == (analyst, analyst)
    assert incident.claims.get().group == group
    assert list(incident.sources.all()) == [source]
    assert incident.killed is None and incident.wounded is None


def test_a_new_place_picked_on_the_map_is_created_with_the_incident(analyst_client):
    response = analyst_client.post(ADD_URL, incident_form_data(**new_place(latitude="33.529440")))
    assert response.status_code == 302
    place = Incident.objects.get().location
    assert (place.name, str(place.latitude), str(place.longitude)) == ("Camp Taji", "33.529440", "44.277500")
    assert place.geo_precision == "site"


def test_a_new_place_without_coordinates_keeps_the_precision_the_analyst_chose(analyst_client):
    data = incident_form_data(**new_place(name="Besmaya", latitude="", longitude=""), place_precision="governorate")
    assert analyst_client.post(ADD_URL, data).status_code == 302
    assert Location.objects.get(name="Besmaya").geo_precision == "governorate"


@pytest.mark.parametrize(
    "change, field, message",
    [
        (new_place(latitude="95"), "place_latitude", "less than or equal to 90"),
        (new_place(longitude="-200"), "place_longitude", "greater than or equal to -180"),
        (new_place(longitude=""), "place_latitude", "both latitude and longitude"),
        ({"date_precision": "range", "date": "2020-08-12", "date_end": "2020-08-01"}, "date_end", "before its start"),
        ({"killed": "-2"}, "killed", "greater than or equal to 0"),
        ({"type": "missile-strike"}, "type", "not one of the available choices"),
        ({"date": "2020-02-31"}, "date", "valid date"),
        ({"date_precision": "week", "date": "9999-12-28"}, "date", "would end after 31 December 9999"),
        ({"location": ""}, "location", "Choose an existing place"),
    ],
)
def test_bad_input_gets_a_form_error_that_says_what_is_wrong(analyst_client, change, field, message):
    data = incident_form_data(**{"location": make_location(), **change})
    if "place_name" in change:
        data["location"] = ""
    response = analyst_client.post(ADD_URL, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors.get(field, [])), errors
    assert not Incident.objects.exists()


def test_likely_duplicates_are_shown_before_saving_and_can_be_overridden(analyst_client):
    taji = make_location(name="Camp Taji")
    existing = make_incident(title="Rockets <b>hit</b> Taji", location=taji)
    nearby = new_place(name="Taji north gate", latitude="33.560000", longitude="44.290000")  # ~3.6 km away
    response = analyst_client.post(ADD_URL, incident_form_data(**nearby, date="2020-03-12"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Likely duplicates" in page
    assert f"../{existing.pk}/change/" in page
    assert "Rockets &lt;b&gt;hit&lt;/b&gt; Taji" in page
    assert Incident.objects.count() == 1

    response = analyst_client.post(ADD_URL, incident_form_data(**nearby, date="2020-03-12", not_a_duplicate="on"))
    assert response.status_code == 302
    assert Incident.objects.count() == 2


def test_the_duplicate_warning_states_the_window_and_radius_the_search_used(analyst_client, settings):
    settings.DUPLICATE_WINDOW_DAYS, settings.DUPLICATE_RADIUS_KM = 3, 50
    make_incident(location=make_location(name="Camp Taji"))
    far = new_place(name="Balad Air Base", latitude="33.933330", longitude="44.366670")  # ~45 km away
    page = analyst_client.post(ADD_URL, incident_form_data(**far, date="2020-03-14")).content.decode()
    assert "Likely duplicates (same type, within 3 days, within 50 km)" in page


@pytest.mark.parametrize(
    "change",
    [
        {"type": "ied"},  # another type
        {"date": "2020-03-14"},  # three days later
        new_place(name="Balad Air Base", latitude="33.933330", longitude="44.366670"),  # ~45 km away
    ],
)
def test_incidents_of_another_type_day_or_place_are_not_flagged(analyst_client, change):
    make_incident(location=make_location(name="Camp Taji"))
    data = incident_form_data(**{**new_place(name="Taji"), **change})
    assert analyst_client.post(ADD_URL, data).status_code == 302


def test_the_list_shows_date_type_place_claimants_and_status(analyst_client):
    incident = make_incident(title="Rockets hit Camp Taji", date_precision="month")
    make_claim(incident, make_group(name="Usbat al-Thaireen"), kind="claimed")
    make_claim(incident, make_group(name="Kataib Hezbollah"), kind="attributed")
    page = analyst_client.get(LIST_URL).content.decode()
    assert "March 2020 (month)" in page
    assert "Usbat al-Thaireen" in page
    assert "Kataib Hezbollah" not in page.split('id="result_list"')[1].split("</table>")[0]
    assert "Published" in page


@pytest.mark.parametrize("query", ["Kata'ib Hizballah", "كتائب حزب الله", "Taji", "landed on the base"])
def test_the_list_searches_titles_summaries_places_and_group_aliases(analyst_client, query):
    hit = make_incident(
        title="Rockets hit", summary="Three rockets landed on the base.", location=make_location(name="Camp Taji")
    )
    make_claim(
        hit,
        make_group(name="Kataib Hezbollah", arabic_name="كتائب حزب الله", aliases="Kata'ib Hizballah"),
        kind="attributed",
    )
    miss = make_incident(title="Other", location=make_location(name="Balad Air Base"))
    response = analyst_client.get(LIST_URL, {"q": query})
    shown = list(response.context["cl"].result_list)
    assert hit in shown and miss not in shown


@pytest.mark.parametrize(
    "params",
    [
        {"type__exact": "rocket"},
        {"status__exact": "published"},
        {"date_precision__exact": "day"},
        {"location__geo_precision__exact": "site"},
        {"date__year": "2020"},
    ],
)
def test_the_list_filters(analyst_client, params):
    make_incident(
        type="ied",
        status="draft",
        date_precision="month",
        date=__import__("datetime").date(2019, 11, 1),
        location=make_location(geo_precision="town"),
    )
    wanted = make_incident()
    shown = list(analyst_client.get(LIST_URL, params).context["cl"].result_list)
    assert shown == [wanted]


def test_the_list_filters_by_governorate_and_group(analyst_client):
    basra = make_incident(location=make_location(governorate=Governorate.objects.get(slug="basra")))
    group = make_group()
    make_claim(basra, group)
    make_incident()
    for params in (
        {"location__governorate__id__exact": basra.location.governorate_id},
        {"claims__group__id__exact": group.pk},
    ):
        assert list(analyst_client.get(LIST_URL, params).context["cl"].result_list) == [basra]


def test_the_list_costs_the_same_queries_for_5_and_for_50_incidents(analyst_client, django_assert_max_num_queries):
    def populate(count):
        group = make_group()
        for _ in range(count):
            make_claim(make_incident(), group)

    populate(5)
    # 14: the total is the month tallies' sum and a count of the unpublished incidents
    with django_assert_max_num_queries(14) as five:
        assert analyst_client.get(LIST_URL).status_code == 200
    populate(45)
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert analyst_client.get(LIST_URL).status_code == 200


@pytest.mark.parametrize(
    "name", ["group", "source", "location", "claim", "governorate", "grouprelation", "incidentsource"]
)
def test_every_admin_list_and_add_page_renders(editor_client, name):
    assert editor_client.get(reverse(f"admin:incidents_{name}_changelist")).status_code in (200, 403)
    assert editor_client.get(reverse(f"admin:incidents_{name}_add")).status_code in (200, 403)


def test_group_and_source_autocomplete_find_aliases(analyst_client):
    make_group(name="Usbat al-Thaireen", aliases="League of Revolutionaries")
    url = reverse("admin:autocomplete")
    response = analyst_client.get(
        url, {"term": "revolutionaries", "app_label": "incidents", "model_name": "claim", "field_name": "group"}
    )
    assert [r["text"] for r in response.json()["results"]] == ["Usbat al-Thaireen"]


@pytest.mark.parametrize("claimed_rows", ["101", "3000"])
def test_a_post_claiming_more_inline_rows_than_a_record_holds_is_refused_without_building_them(
    analyst_client, claimed_rows
):
    """A record holds at most 100 claims and 100 source links through the form; a management form
    announcing more is a form error, and the page built at most that many forms."""
    data = incident_form_data(location=make_location(), title="Too many rows")
    data["claims-TOTAL_FORMS"] = claimed_rows
    response = analyst_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Please submit at most 100 forms." in response.content.decode()
    assert len(re.findall(r'name="claims-\d+-kind"', response.content.decode())) == 100
    assert not Incident.objects.filter(title="Too many rows").exists()


def test_a_record_with_up_to_a_hundred_claims_is_saved_whole(analyst_client):
    source = make_source()
    groups = [make_group(name=f"Group {i}") for i in range(100)]
    claims = [
        {"kind": "suspected", "group": group.pk, "channel": "telegram", "confidence": "medium"} for group in groups
    ]
    data = incident_form_data(location=make_location(), claims=claims, sources=[
        {"source": source.pk, "excerpt": "Reports it.", "credibility": "2"}], title="Many claims")  # fmt: skip
    response = analyst_client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Incident.objects.get(title="Many claims").claims.count() == 100


def test_the_lists_total_of_every_incident_is_read_from_the_tallies_and_is_exact(analyst_client):
    """Unfiltered, the changelist's total sums the month tallies (published) and counts the others
    by status, instead of a COUNT(*) over every incident; after each kind of write it is exact."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def total_shown():
        with CaptureQueriesContext(connection) as page:
            response = analyst_client.get(LIST_URL)
        counts = [query["sql"] for query in page.captured_queries if "COUNT(" in query["sql"].upper()]
        assert not any("incidents_incident" in sql and "WHERE" not in sql for sql in counts), counts
        return response.context["cl"].result_count

    make_incident(status=Incident.Status.PUBLISHED)
    assert total_shown() == Incident.objects.count() == 1
    draft = make_incident(status=Incident.Status.DRAFT)
    retracted = make_incident(status=Incident.Status.RETRACTED, retraction_reason="A hoax.")
    original = make_incident(status=Incident.Status.PUBLISHED)
    make_incident(status=Incident.Status.PUBLISHED, duplicate_of=original)
    gone = make_incident(status=Incident.Status.DRAFT)
    assert total_shown() == Incident.objects.count() == 6
    draft.status = Incident.Status.PUBLISHED
    draft.save()
    retracted.status = Incident.Status.PUBLISHED
    retracted.save()
    gone.delete()
    assert total_shown() == Incident.objects.count() == 5
    filtered = analyst_client.get(LIST_URL, {"status__exact": "published"})
    assert filtered.context["cl"].result_count == Incident.objects.published().count() == 5


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_first_and_last_days_a_date_can_have_are_saved(analyst_client, day):
    """The likely-duplicate check looks a day either side: never past the calendar's ends."""
    response = analyst_client.post(ADD_URL, incident_form_data(location=make_location(), date=day))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Incident.objects.get().date.isoformat() == day


def test_a_draft_never_published_cannot_be_retracted(editor_client):
    """Its page would then be public, a 410 giving the reason, for an incident readers never saw."""
    draft = make_incident(status="draft", title="An unchecked report")
    data = change_form_data(draft, status="retracted", retraction_reason="Our source made it up.")
    response = editor_client.post(reverse("admin:incidents_incident_change", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "This incident was never published: there is nothing public to retract." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert editor_client.get(reverse("incident_detail", args=[draft.pk])).status_code == 404


def test_an_incident_published_once_can_be_retracted_even_from_draft(editor_client, client):
    incident = make_incident(status="published", title="A claimed attack")
    incident.status = "draft"
    incident.save()
    data = change_form_data(
        incident, status="retracted", retraction_reason="The claim was a hoax.", correction_note="Retracted."
    )
    response = editor_client.post(reverse("admin:incidents_incident_change", args=[incident.pk]), data)
    assert response.status_code == 302
    page = client.get(reverse("incident_detail", args=[incident.pk]))
    assert page.status_code == 410 and "The claim was a hoax." in page.content.decode()


def test_a_published_incident_stored_without_a_publication_time_can_be_retracted(editor_client, client):
    """As the seed and the synthetic data store them: published, published_at empty."""
    incident = make_incident(status="published", title="A claimed attack")
    Incident.objects.filter(pk=incident.pk).update(published_at=None)
    incident.refresh_from_db()
    data = change_form_data(
        incident, status="retracted", retraction_reason="The claim was a hoax.", correction_note="Retracted."
    )
    response = editor_client.post(reverse("admin:incidents_incident_change", args=[incident.pk]), data)
    assert response.status_code == 302
    assert client.get(reverse("incident_detail", args=[incident.pk])).status_code == 410
