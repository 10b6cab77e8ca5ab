"""Date precision, place precision, target and confidence are chosen, never assumed: the add form
shows what it offers (date precision: day, selected before the analyst's eyes), and derives only
what a rule says (a confidence from the sources, by the codebook's rule)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from incidents.forms import GOVERNORATE_NOT_FOUND, MUST_CHOOSE
from incidents.models import Governorate, Incident, Location
from incidents.outlines import NEAR_KM
from tests.admin_forms import incident_form_data, new_place

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:incidents_incident_add")
PLACE_ADD_URL = reverse("admin:incidents_location_add")


def selected_options(html, name):
    """The options of the <select name=…> as (value, selected)."""
    start = html.index(f'name="{name}"')
    select = html[start : html.index("</select>", start)]
    return [(part.split('"')[0], "selected" in part.split(">")[0]) for part in select.split('<option value="')[1:]]


@pytest.mark.parametrize("name", ["target", "confidence", "place_precision", "claims-0-confidence"])
def test_the_add_form_offers_an_empty_choice_first_and_preselects_nothing(analyst_client, name):
    options = selected_options(analyst_client.get(ADD_URL).content.decode(), name)
    assert options[0] == ("", True)
    assert not any(selected for value, selected in options[1:])


def test_the_add_form_shows_day_selected_as_the_date_precision_the_analyst_can_change(analyst_client):
    options = selected_options(analyst_client.get(ADD_URL).content.decode(), "date_precision")
    assert [value for value, selected in options if selected] == ["day"]
    assert options[0] == ("", False)  # still offered: posting it is an error (below)


def test_the_place_form_preselects_no_precision(analyst_client):
    options = selected_options(analyst_client.get(PLACE_ADD_URL).content.decode(), "geo_precision")
    assert options[0] == ("", True) and not any(selected for _, selected in options[1:])


@pytest.mark.parametrize("field", ["date_precision", "target"])
def test_an_unchosen_fact_is_a_form_error_saying_what_to_choose(analyst_client, field):
    response = analyst_client.post(ADD_URL, incident_form_data(**new_place(), **{field: ""}))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [MUST_CHOOSE[field]]
    assert not Incident.objects.exists()


def test_an_unchosen_confidence_without_a_source_to_take_it_from_is_an_error(analyst_client):
    response = analyst_client.post(ADD_URL, incident_form_data(**new_place(), confidence=""))
    assert response.status_code == 200
    claims = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "claims").formset
    message = MUST_CHOOSE["confidence"] + " Or link a source: an empty one is what it allows."
    assert claims.non_form_errors() == [message]
    assert not Incident.objects.exists()


def test_a_new_place_needs_its_precision_chosen(analyst_client):
    response = analyst_client.post(ADD_URL, incident_form_data(**new_place(), place_precision=""))
    assert response.context["adminform"].form.errors["place_precision"] == [MUST_CHOOSE["place_precision"]]
    assert not Location.objects.exists()


def test_a_new_place_without_coordinates_needs_its_governorate(analyst_client):
    data = incident_form_data(**new_place(governorate="", latitude="", longitude=""))
    response = analyst_client.post(ADD_URL, data)
    assert response.context["adminform"].form.errors["place_governorate"] == [Location.GOVERNORATE_NEEDED]
    assert not Incident.objects.exists()


def test_a_new_place_whose_coordinates_lie_in_no_governorate_needs_it_chosen(analyst_client):
    data = incident_form_data(**new_place(governorate="", latitude="35.700000", longitude="51.400000"))  # Tehran
    response = analyst_client.post(ADD_URL, data)
    assert response.context["adminform"].form.errors["place_governorate"] == [GOVERNORATE_NOT_FOUND.format(km=NEAR_KM)]
    assert not Incident.objects.exists()


def test_a_place_with_coordinates_in_no_governorate_is_refused_on_its_own_form(editor_client):
    data = {"name": "Over the border", "country": "Iraq", "latitude": "35.7", "longitude": "51.4", "kind": "other"}
    response = editor_client.post(PLACE_ADD_URL, {**data, "geo_precision": "town", "governorate": ""})
    assert GOVERNORATE_NOT_FOUND.format(km=NEAR_KM) in response.context["adminform"].form.errors["governorate"]
    response = editor_client.post(PLACE_ADD_URL, {**data, "geo_precision": "", "governorate": ""})
    assert response.context["adminform"].form.errors["geo_precision"] == [MUST_CHOOSE["geo_precision"]]
    erbil = Governorate.objects.get(slug="erbil").pk
    assert editor_client.post(PLACE_ADD_URL, {**data, "geo_precision": "town", "governorate": erbil}).status_code == 302
    assert Location.objects.get().geo_precision == "town"


def test_a_native_row_without_the_chosen_facts_is_refused_line_by_line(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        "uid,title,date,type,location,governorate,date_precision,geo_precision,target,confidence\n"
        "00000000-0000-4000-8000-000000000001,Rockets,2020-01-01,rocket,Erbil,Erbil,,,,\n"
        "00000000-0000-4000-8000-000000000002,Rockets,2020-01-02,rocket,Erbil,Erbil,day,town,airport,low\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_incidents", str(path), stdout=io.StringIO(), stderr=err)
    for column in ["date_precision", "geo_precision", "target", "confidence"]:
        assert f"line 2, column {column}: is empty: choose one of" in err.getvalue()
    assert "line 3" not in err.getvalue()
    assert not Incident.objects.exists()


def test_the_model_assumes_none_of_them():
    incident, place = Incident(), Location()
    assert (incident.date_precision, incident.target, incident.confidence, place.geo_precision) == ("", "", "", "")
