"""?bom=1 (or ?excel=1): the CSV starts with a UTF-8 byte-order mark, so Excel on Windows reads
en-dashes and Arabic as written; without it, no mark. On PostgreSQL the COPY path does the same."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_incident

pytestmark = pytest.mark.django_db
BOM = "\ufeff".encode()
CSVS = ["incident_export_csv", "incident_claims_csv", "incident_sources_csv"]


def body(client, name, query=""):
    response = client.get(reverse(name) + query)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("name", CSVS)
@pytest.mark.parametrize("query", ["?bom=1", "?excel=1", "?bom=true", "?excel=on&type=rocket"])
def test_the_bom_option_prefixes_a_utf8_bom(client, name, query):
    make_incident(title="Rockets – Taji", type="rocket")
    data = body(client, name, query)
    assert data.startswith(BOM)
    assert data[len(BOM) :] == body(client, name, re.sub(r"(bom|excel)=[^&]*", r"\1=0", query))


@pytest.mark.parametrize("name", CSVS)
def test_without_the_option_there_is_no_bom(client, name):
    make_incident(title="Rockets – Taji")
    assert not body(client, name).startswith(BOM)
    assert not body(client, name, "?bom=0").startswith(BOM)


def test_the_bom_keeps_the_en_dash_readable(client):
    make_incident(title="Rockets – Taji")
    assert "Rockets – Taji" in body(client, "incident_export_csv", "?bom=1").decode("utf-8-sig")


def test_a_bom_value_that_cant_be_read_is_a_400(client):
    response = client.get(reverse("incident_export_csv") + "?excel=yes please")
    assert response.status_code == 400
    assert response.json()["errors"]["excel"] == [
        "“yes please” is neither on nor off: write on (or 1, true, yes), or off (0, false, no)."
    ]


def test_under_ar_a_bom_that_cant_be_read_or_disagrees_is_refused_in_arabic(client):
    unread = client.get("/ar/incidents/export.csv?bom=maybe").json()["errors"]["bom"][0]
    assert "ليست تشغيلًا ولا إيقافًا" in unread and "maybe" in unread
    opposite = client.get("/ar/incidents/export.csv?bom=1&excel=0").json()["errors"]["excel"][0]
    assert "say opposite" not in opposite and "bom" in opposite and "excel" in opposite


@pytest.mark.parametrize("name", CSVS)
def test_bom_and_excel_saying_opposite_things_is_a_400_not_either(client, name):
    response = client.get(reverse(name) + "?bom=1&excel=0")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "excel": ["bom and excel are one option and say opposite things here: give one of them."]
    }
    assert body(client, name, "?bom=1&excel=yes").startswith(BOM)
    assert not body(client, name, "?bom=no&excel=off").startswith(BOM)
