"""Dates are never misread: ISO or a written month is read; 11/03/2020 and two-digit years are refused, saying why.

The same reading everywhere a person or a file gives a date: the admin's forms (inlines and
user accounts included), the native CSV import, ACLED's, and the public filters.
"""

import datetime
from pathlib import Path

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from incidents import date_input
from incidents.imports import run_import
from incidents.models import Claim, Incident, Source
from tests.admin_forms import change_form_data, incident_form_data
from tests.factories import make_incident, make_location, make_source

MARCH_11 = datetime.date(2020, 3, 11)
NATIVE_ROW = (
    "uid,title,date,type,location,governorate,date_precision,geo_precision,target,confidence\n"
    "00000000-0000-4000-8000-000000000001,Rockets,{},rocket,Taji,baghdad,day,town,other,medium\n"
)
ACLED_SAMPLE = Path(__file__).parent / "data" / "acled_sample.csv"
AMBIGUOUS = "11/03/2020 is ambiguous (11 March or 3 November?): write 2020-03-11 or 11 Mar 2020"


@pytest.mark.parametrize(
    "text",
    [
        "2020-03-11",
        "2020-3-11",
        " 2020-03-11 ",
        "11 Mar 2020",
        "11 March 2020",
        "11 mar 2020",
        "11-Mar-2020",
        "11th March 2020",
        "March 11, 2020",
        "Mar 11 2020",
        "٢٠٢٠-٠٣-١١",
    ],
)
def test_iso_dates_and_written_months_are_read(text):
    assert date_input.parse_date(text) == MARCH_11


@pytest.mark.parametrize(
    "text, message",
    [
        ("11/03/2020", AMBIGUOUS),
        ("11.03.2020", "11.03.2020 is ambiguous (11 March or 3 November?): write 2020-03-11 or 11 Mar 2020"),
        ("03/11/2020", "03/11/2020 is ambiguous (3 November or 11 March?): write 2020-11-03 or 3 Nov 2020"),
        (
            "25/03/2020",
            "25/03/2020 is ambiguous (day and month as numbers are read in either order): "
            "write 2020-03-25 or 25 Mar 2020",
        ),
        (
            "03/25/2020",
            "03/25/2020 is ambiguous (day and month as numbers are read in either order): "
            "write 2020-03-25 or 25 Mar 2020",
        ),
        (
            "11/03/20",
            "11/03/20 is ambiguous (a two-digit year: 1920 or 2020?; 11 March or 3 November?): "
            "write 2020-03-11 or 11 Mar 2020",
        ),
        ("11 Mar 20", "11 Mar 20 is ambiguous (a two-digit year: 1920 or 2020?): write 2020-03-11 or 11 Mar 2020"),
        ("2020/03/11", "2020/03/11: write dates as 2020-03-11 or 11 Mar 2020"),
    ],
)
def test_numbers_for_day_and_month_and_two_digit_years_are_refused_showing_the_iso_form(text, message):
    with pytest.raises(date_input.DateInputError) as refused:
        date_input.parse_date(text)
    assert str(refused.value) == message


@pytest.mark.parametrize("text", ["2020-02-30", "2020-13-01", "32/13/2020", "yesterday", "March 2020", "11 Foo 2020"])
def test_what_is_not_a_date_is_refused_as_such(text):
    with pytest.raises(date_input.DateInputError, match="is not a valid date"):
        date_input.parse_date(text)


def date_fields(form_class):
    """The date fields of a form, the date half of a date-and-time field included."""
    for name, field in form_class.base_fields.items():
        for part in field.fields if isinstance(field, forms.MultiValueField) else [field]:
            if isinstance(part, forms.DateField):
                yield name, part


def admin_forms():
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    for model, model_admin in admin.site._registry.items():
        yield model.__name__, model_admin.get_form(request, obj=model())
        for inline in model_admin.get_inline_instances(request, model()):
            yield f"{model.__name__} inline {inline.model.__name__}", inline.get_formset(request).form


def test_every_date_field_of_every_admin_form_reads_dates_unambiguously():
    found = {(form_name, name): type(field) for form_name, form in admin_forms() for name, field in date_fields(form)}
    assert {
        ("Incident", "date"),
        ("Incident", "date_end"),
        ("Incident inline Claim", "stated_on"),
        ("Claim", "stated_on"),
        ("Source", "published_on"),
        ("User", "date_joined"),
    } <= set(found)
    assert {kind for kind in found.values()} == {date_input.DateField}


ADD_INCIDENT = reverse("admin:incidents_incident_add")


@pytest.mark.django_db
def test_the_incident_form_refuses_an_ambiguous_date_and_saves_nothing(analyst_client):
    response = analyst_client.post(ADD_INCIDENT, incident_form_data(location=make_location(), date="11/03/2020"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["date"] == [AMBIGUOUS]
    assert AMBIGUOUS in response.content.decode()
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_the_incident_form_saves_a_written_month_as_that_day(analyst_client):
    response = analyst_client.post(ADD_INCIDENT, incident_form_data(location=make_location(), date="11 Mar 2020"))
    assert response.status_code == 302
    assert Incident.objects.get().date == MARCH_11


@pytest.mark.django_db
def test_a_claims_date_in_the_incidents_inline_is_read_the_same_way(analyst_client):
    claim = {"kind": "claimed", "actor": "Unknown gunmen", "channel": "telegram", "confidence": "medium"}
    data = incident_form_data(location=make_location(), claims=[{**claim, "stated_on": "03/11/2020"}])
    response = analyst_client.post(ADD_INCIDENT, data)
    assert response.status_code == 200
    assert "03/11/2020 is ambiguous" in response.content.decode()
    assert not Claim.objects.exists()
    data = incident_form_data(location=make_location(), claims=[{**claim, "stated_on": "March 11, 2020"}])
    assert analyst_client.post(ADD_INCIDENT, data).status_code == 302
    assert Claim.objects.get().stated_on == MARCH_11


@pytest.mark.django_db
def test_a_sources_date_is_read_the_same_way(editor_client):
    source = make_source(published_on=MARCH_11)
    url = reverse("admin:incidents_source_change", args=[source.pk])
    form = {"publisher": source.publisher, "title": source.title, "url": source.url, "reliability": "B"}
    response = editor_client.post(url, {**form, "language": "en", "published_on": "11.03.2020", "archive_url": ""})
    assert response.status_code == 200
    assert "11.03.2020 is ambiguous" in response.content.decode()
    assert Source.objects.get().published_on == MARCH_11


@pytest.mark.django_db
def test_the_change_form_shows_dates_as_iso_and_saves_them_unchanged(analyst_client):
    incident = make_incident(date=MARCH_11, status=Incident.Status.DRAFT)
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    assert 'value="2020-03-11"' in analyst_client.get(url).content.decode()
    assert analyst_client.post(url, change_form_data(incident, summary="Edited.")).status_code == 302
    assert Incident.objects.get().date == MARCH_11


@pytest.mark.django_db
def test_every_admin_page_loads_the_script_that_drops_the_time_zone_note(analyst_client):
    """tests/browser/test_admin.py shows the note gone in a browser in another time zone."""
    for url in (reverse("admin:index"), ADD_INCIDENT, reverse("admin:incidents_source_add")):
        assert '<script src="/static/js/admin_dates.js" defer></script>' in analyst_client.get(url).content.decode()


@pytest.mark.django_db
def test_the_native_import_refuses_an_ambiguous_date_and_reads_a_written_one():
    report = run_import(NATIVE_ROW.format("11/03/2020").encode(), "native")
    assert [str(problem) for problem in report.problems] == [f"line 2, column date: {AMBIGUOUS}"]
    assert not Incident.objects.exists()
    run_import(NATIVE_ROW.format("11 Mar 2020").encode(), "native", publish=False)
    assert Incident.objects.get().date == MARCH_11


@pytest.mark.django_db
def test_the_acled_import_no_longer_reads_numbers_only_dates_as_day_first():
    data = ACLED_SAMPLE.read_bytes().replace(b"IRQ9002,2020-03-11,", b"IRQ9002,11/03/2020,")
    report = run_import(data, "acled")
    assert [str(problem) for problem in report.problems] == [f"line 3, column event_date: {AMBIGUOUS}"]
    assert not Incident.objects.exists()


DATA_ENDPOINTS = ["/incidents/export.csv", "/incidents/map.geojson", "/incidents/chart.json", "/api/incidents/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", DATA_ENDPOINTS)
def test_data_endpoints_refuse_an_ambiguous_filter_date_with_the_reason(client, path):
    make_incident(date=datetime.date(2020, 11, 3))
    response = client.get(path, {"date_after": "11/03/2020"})
    assert response.status_code == 400
    assert response.json() == {"errors": {"date_after": [AMBIGUOUS]}}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/incidents/"])
def test_pages_show_an_ambiguous_filter_date_as_a_form_error(client, path):
    make_incident(title="Should not show")
    response = client.get(path, {"date_before": "11/03/2020"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "11/03/2020 is ambiguous (11 March or 3 November?)" in html
    assert "Should not show" not in html


@pytest.mark.django_db
def test_a_written_month_filters_as_its_iso_date_does(client):
    before, on, after = (make_incident(date=MARCH_11 + datetime.timedelta(days=shift)) for shift in (-1, 0, 1))
    by_iso = client.get("/api/incidents/", {"date_after": "2020-03-11", "date_before": "2020-03-11"}).json()
    by_name = client.get("/api/incidents/", {"date_after": "11 Mar 2020", "date_before": "March 11, 2020"}).json()
    assert [item["id"] for item in by_name["results"]] == [item["id"] for item in by_iso["results"]] == [on.pk]
