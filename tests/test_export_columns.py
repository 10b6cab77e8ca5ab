"""One list of export columns (incidents/exports/columns.py): the CSV header, the API item and
its OpenAPI schema, and COPY's SELECT are all made from it, in its order."""

import csv
import io

import pytest
from django.urls import reverse

from incidents.exports.columns import COLUMNS, CSV_HEADER, field
from incidents.exports.copy import select_sql
from tests.factories import link_source, make_claim, make_group, make_incident

pytestmark = pytest.mark.django_db


def test_the_csv_header_and_the_api_item_are_the_columns_in_their_order(client):
    make_claim(make_incident(), make_group())
    body = b"".join(client.get(reverse("incident_export_csv")).streaming_content).decode()
    item = client.get("/api/incidents/").json()["results"][0]
    assert next(csv.reader(io.StringIO(body))) == CSV_HEADER == [column.name for column in COLUMNS]
    assert list(item) == CSV_HEADER


def test_the_api_schema_types_and_describes_every_column_in_order(client):
    link_source(make_incident())
    properties = client.get("/api/schema/?format=json").json()["components"]["schemas"]["Incident"]["properties"]
    assert list(properties) == CSV_HEADER
    for column in COLUMNS:  # a choice's description goes on to list the choices
        assert properties[column.name]["description"].startswith(column.about), column.name
    assert properties["killed"]["nullable"] and properties["latitude"]["type"] == "number"
    assert properties["claimed_by"]["type"] == "array" and properties["date"]["format"] == "date"


def test_copys_select_names_the_columns_in_their_order():
    select = select_sql()
    positions = [select.index(f'AS "{column.name}"') for column in COLUMNS]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "lookup, sql",
    [
        ("id", 'i."id"'),
        ("date_end", 'i."date_end"'),
        ("location__name", 'l."name"'),
        ("location__governorate__name", 'g."name"'),
    ],
)
def test_a_field_columns_sql_is_its_lookups_column_in_the_copy_query(lookup, sql):
    assert field(lookup).sql() == sql


def test_the_escaped_columns_are_those_people_type():
    assert [column.name for column in COLUMNS if column.escaped] == [
        "external_id",
        "target_detail",
        "title",
        "summary",
        "title_ar",
        "summary_ar",
        "location",
        "governorate",
        "country",
        "claimed_by",
        "attributed_to",
        "suspected",
        "denied_by",
        "sources",
        "claim_sources",
    ]
