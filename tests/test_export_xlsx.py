"""/incidents/export.xlsx: sheets incidents, claims, sources and codebook of the filtered set, matching
the CSVs row for row, typed (numbers, dates, empty for unknown), with no cell a formula."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from incidents.exports import xlsx
from incidents.exports.columns import CSV_HEADER
from tests.factories import link_source, make_claim, make_incident, make_location, make_source
from tests.hostile_values import CELL_TEXT_VALUES

pytestmark = pytest.mark.django_db
SHEETS = {"incidents": "incident_export_csv", "claims": "incident_claims_csv", "sources": "incident_sources_csv"}


def workbook(client, query=""):
    response = client.get(reverse("incident_export_xlsx") + query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="incidents-')
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def csv_rows(client, name, query=""):
    body = b"".join(client.get(reverse(name) + query).streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


def as_csv_cell(value):
    """A spreadsheet cell as the CSV writes it: dates ISO, whole numbers without .0, empty for none."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def sheet_rows(sheet):
    return [[as_csv_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]


def test_it_has_the_four_sheets(client):
    assert workbook(client).sheetnames == ["incidents", "claims", "sources", "codebook"]


@pytest.mark.parametrize("query", ["", "?type=rocket", "?group=kataib-hezbollah&with_fronts=on", "?governorate=basra"])
def test_each_sheet_matches_its_csv_row_for_row(client, query):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    book = workbook(client, query)
    for sheet, name in SHEETS.items():
        expected = csv_rows(client, name, query)
        got = sheet_rows(book[sheet])
        if sheet == "incidents":  # degrees: the CSV rounds trailing zeros, the sheet holds the number
            columns = [CSV_HEADER.index("latitude"), CSV_HEADER.index("longitude")]
            for row in [*expected[1:], *got[1:]]:
                for column in columns:
                    row[column] = f"{float(row[column]):.6f}" if row[column] else ""
        assert got == expected, sheet


def test_numbers_are_numbers_dates_are_dates_and_unknown_is_empty(client):
    place = make_location(latitude="33.529440", longitude="44.277500")
    make_incident(date=datetime.date(2020, 3, 11), killed=2, wounded=None, location=place)
    sheet = workbook(client)["incidents"]
    header, row = list(sheet.iter_rows(values_only=True))
    cells = dict(zip(header, row, strict=True))
    assert cells["date"] == datetime.datetime(2020, 3, 11)
    assert cells["killed"] == 2 and isinstance(cells["killed"], int)
    assert cells["wounded"] is None
    assert cells["latitude"] == pytest.approx(33.52944)


def test_hostile_text_is_inert_in_every_sheet(client):
    for text in CELL_TEXT_VALUES:
        incident = make_incident(title=text[:200] or "x", summary=text)
        make_claim(incident, actor=text[:200] or "x", kind="claimed", note=text)
        link_source(incident, make_source(publisher=text[:200] or "x"), excerpt=text or "x")
    make_incident(title='=HYPERLINK("http://evil","x")', summary="@SUM(1+1)")
    book = workbook(client)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    titles = [row[CSV_HEADER.index("title")] for row in book["incidents"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil","x")' in titles


def test_the_codebook_sheet_lists_every_column(client):
    rows = list(workbook(client)["codebook"].iter_rows(min_row=2, values_only=True))
    assert {row[1] for row in rows if row[0] == "incidents"} == set(CSV_HEADER)


def test_a_bad_filter_is_a_400(client):
    response = client.get(reverse("incident_export_xlsx") + "?date_after=2020-02-30")
    assert response.status_code == 400
    assert "date_after" in response.json()["errors"]


def test_more_rows_than_a_sheet_holds_is_a_400_not_a_cut_short_file(client, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)  # a sheet of a header and two rows
    for _ in range(3):
        make_incident(type="rocket")
    response = client.get(reverse("incident_export_xlsx") + "?type=rocket")
    assert response.status_code == 400
    assert "incidents sheet would need more than 2 rows" in response.json()["errors"]["rows"][0]
