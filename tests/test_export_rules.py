"""Each rule that writes an export cell is defined once (incidents/exports/cells.py) and runs
twice: in Python (the Python CSV, the API item's cells) and in PostgreSQL (COPY). Here both
run on the same hostile input and must write the same cell.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.exports.cells import (
    LIST_SEPARATOR,
    degrees,
    degrees_sql,
    incident_url,
    incident_url_sql,
    source_cell,
    source_sql,
    spreadsheet_safe,
    spreadsheet_safe_sql,
    sql_literal,
)
from tests.hostile_values import CELL_TEXT, CELL_TEXT_VALUES

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the rules' SQL is for COPY, which only PostgreSQL runs"
)
BOTH_WAYS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
URLS = st.sampled_from(["", "https://example.org/a", "https://example.org/?q=1;2", "http://x/<>"])
SOURCES = st.lists(st.fixed_dictionaries({"publisher": CELL_TEXT, "title": CELL_TEXT, "url": URLS}), max_size=4)


def in_postgresql(expression, **values):
    """`expression` evaluated by PostgreSQL over a row with these values (each a column of t)."""
    with connection.cursor() as cursor:
        columns = ", ".join(f"%({name})s AS {name}" for name in values)
        cursor.execute(f"SELECT {expression} FROM (SELECT {columns}) AS t", values)
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    "text, cell",
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-inf", "'-inf"),
        ("-5\n", "'-5\n"),
        ("\t5", "'\t5"),
        ("-٣", "'-٣"),
        ("-5", "-5"),
        ("+1.5e3", "+1.5e3"),
        ("-.5", "-.5"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_formula_like_cell_gets_a_leading_quote_and_a_plain_number_does_not(text, cell):
    assert spreadsheet_safe(text) == cell


def test_degrees_keep_the_stored_places_without_trailing_zeros_or_an_exponent():
    assert [degrees(value) for value in (33.52944, 44.0, -0.00001, 0.000001, 180.0, None)] == [
        "33.52944",
        "44.0",
        "-0.00001",
        "0.000001",
        "180.0",
        None,
    ]


def test_a_source_cell_reads_publisher_title_and_url_where_there_is_one():
    sources = [
        {"publisher": "AFP", "title": "Rockets", "url": "https://a.example"},
        {"publisher": "X", "title": "Y", "url": ""},
    ]
    assert source_cell(sources) == "AFP: Rockets <https://a.example>; X: Y"


def test_the_incident_url_is_the_one_the_urlconf_gives():
    assert incident_url("http://site.example", 42) == "http://site.example" + reverse("incident_detail", args=[42])


@postgres_only
@pytest.mark.parametrize("text", CELL_TEXT_VALUES)
def test_python_and_postgresql_make_the_same_listed_hostile_text_spreadsheet_safe(text):
    assert (in_postgresql(spreadsheet_safe_sql("t.text"), text=text) or "") == spreadsheet_safe(text)


@postgres_only
@BOTH_WAYS
@given(text=CELL_TEXT)
def test_python_and_postgresql_make_any_hostile_text_spreadsheet_safe_alike(text):
    assert (in_postgresql(spreadsheet_safe_sql("t.text"), text=text) or "") == spreadsheet_safe(text)


@postgres_only
@BOTH_WAYS
@given(sources=SOURCES)
def test_python_and_postgresql_write_the_same_sources_cell(sources):
    aggregate = f"string_agg({source_sql('s')}, {sql_literal(LIST_SEPARATOR)} ORDER BY s.n)"
    written = in_postgresql(
        f"(SELECT {aggregate} FROM unnest(t.p::text[], t.ti::text[], t.u::text[]) WITH ORDINALITY"
        " AS s(publisher, title, url, n))",
        p=[source["publisher"] for source in sources],
        ti=[source["title"] for source in sources],
        u=[source["url"] for source in sources],
    )
    assert (written or "") == source_cell(sources)


@postgres_only
@BOTH_WAYS
@given(site=CELL_TEXT, pk=st.integers(1, 2**31 - 1))
def test_python_and_postgresql_write_the_same_incident_url(site, pk):
    assert in_postgresql(incident_url_sql("t.site", "t.pk"), site=site, pk=pk) == incident_url(site, pk)


@postgres_only
@BOTH_WAYS
@given(value=st.decimals(-180, 180, places=6))
def test_python_and_postgresql_write_the_same_decimal_degrees(value):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT x, {degrees_sql('x')} FROM (SELECT %s::numeric(9, 6) AS x) AS t", [value])
        stored, written = cursor.fetchone()
    assert isinstance(stored, Decimal)
    assert written == degrees(float(stored))
