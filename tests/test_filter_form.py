"""The pages' filter form: every choice a checkbox or a single select (usable from the
keyboard), applied on Apply only (static/js/filters.js; tests/browser/test_filtering.py),
behind a summary that says how many filters are active."""

import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from incidents.filters import IncidentFilter
from incidents.models import Incident
from tests.factories import make_claim, make_group, make_incident

pytestmark = pytest.mark.django_db


def active(query):
    return IncidentFilter(QueryDict(query), queryset=Incident.objects.none()).active


def test_the_active_filters_are_the_parameters_given_a_value_but_never_the_sort():
    assert active("") == []
    assert active("type=rocket&type=ied&governorate=baghdad&sort=-date&q=") == ["type", "governorate"]
    assert active("with_fronts=0&include_duplicates=off") == []
    assert active("with_fronts=on&headline=other") == ["with_fronts", "headline"]


@pytest.mark.parametrize("url_name", ["overview", "incident_list"])
def test_the_summary_counts_the_active_filters(client, url_name):
    html = client.get(reverse(url_name) + "?type=rocket&type=ied&target=airport&sort=-date").content.decode()
    assert "Filters (2 active)" in html
    assert "Filters (0 active)" in client.get(reverse(url_name)).content.decode()


def test_the_list_opens_the_form_the_overview_keeps_it_behind_its_summary(client):
    assert '<details class="filter-panel" id="filter-panel" open data-collapse-narrow>' in (
        client.get(reverse("incident_list")).content.decode()
    )
    assert '<details class="filter-panel" id="filter-panel">' in client.get(reverse("overview")).content.decode()


def test_a_filter_error_opens_the_form_everywhere(client):
    html = client.get(reverse("overview") + "?date_after=11/03/2020").content.decode()
    assert '<details class="filter-panel" id="filter-panel" open>' in html
    assert "ambiguous" in html


def test_groups_are_checkboxes_and_the_chosen_ones_are_ticked(client):
    for slug in ("kh", "aah"):
        make_claim(make_incident(), make_group(slug=slug))
    html = client.get(reverse("overview") + "?group=kh").content.decode()
    assert '<select name="group"' not in html
    assert re.search(r'<input type="checkbox" name="group" value="kh" [^>]*checked>', html)
    assert re.search(r'<input type="checkbox" name="group" value="aah" id="[^"]+">', html)


def test_filters_the_form_has_no_field_for_are_kept_as_ticked_boxes(client):
    query = "?headline=other&target_owner=us_military&target_owner=militia"
    html = client.get(reverse("overview") + query).content.decode()
    assert "Filters (2 active)" in html
    for name, value in [("headline", "other"), ("target_owner", "us_military"), ("target_owner", "militia")]:
        assert f'<input type="checkbox" name="{name}" value="{value}" checked>' in html


def test_a_governorate_or_group_written_in_another_case_shows_chosen_so_applying_keeps_it(client):
    make_claim(make_incident(), make_group(slug="kh"))
    html = client.get(reverse("overview") + "?governorate=Baghdad&group=KH").content.decode()
    assert re.search(r'<option value="baghdad" selected>', html)
    assert re.search(r'<input type="checkbox" name="group" value="kh" [^>]*checked>', html)
