"""Files as their publishers ship them: GTD's workbook (.xlsx), UCDP's ZIP of one CSV, a gzip
of a CSV. Each reads as the CSV inside it would, and the report says what was read."""

import csv
import datetime
import gzip
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from incidents.imports import run_import
from incidents.models import Incident
from tests.admin_imports import upload

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
NUMBER = re.compile(r"-?\d+(\.\d*[1-9])?$")  # as Excel shows it: 1.0 is not such a number


def as_stored_by_excel(cell):
    """A CSV cell as a workbook stores it: numbers as numbers (a GTD eventid a double,
    201912270001.0), ISO dates as dates, the rest as text."""
    if ISO_DATE.match(cell):
        return datetime.datetime.fromisoformat(cell)
    if NUMBER.match(cell):
        return float(cell) if "." in cell else int(cell)
    return cell or None


def workbook(rows, *, other_sheets=()):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in rows:
        sheet.append([as_stored_by_excel(cell) for cell in row])
    for name in other_sheets:
        book.create_sheet(name).append(["notes"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_of(path, encoding="utf-8"):
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding))))


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def snapshot():
    return sorted(
        Incident.objects.values_list(
            "external_id", "title", "date", "date_end", "location__name", "killed", "wounded", "publisher_record"
        ),
        key=str,
    )


@pytest.mark.parametrize(
    "name, file_format, encoding",
    [("gtd_sample_cp1252.csv", "gtd", "cp1252"), ("acled_sample.csv", "acled", "utf-8")],
)
def test_a_publishers_workbook_imports_as_its_csv_does(name, file_format, encoding):
    """GTD ships as .xlsx, ACLED offers it: ids and codes stored as numbers are read as the digits
    the CSV has, a date cell as its ISO day — importing the CSV after the workbook changes nothing."""
    data = DATA / name
    from_workbook = run_import(workbook(csv_of(data, encoding)), file_format, publish=False)
    assert from_workbook.ok, from_workbook.problems
    assert from_workbook.summary().startswith("Read the workbook's sheet “Data”.")
    made = snapshot()
    assert len(made) == from_workbook.created > 0
    again = run_import(data.read_bytes(), file_format, publish=False)
    assert again.ok and again.created == again.updated == 0, again.changes
    assert snapshot() == made


def test_a_workbook_of_several_sheets_is_read_from_its_first_and_says_so():
    report = run_import(
        workbook(csv_of(DATA / "ucdp_ged_sample.csv"), other_sheets=("Codebook", "Sources")),
        "ucdp",
        dry_run=True,
        publish=False,
    )
    assert report.ok, report.problems
    assert report.summary().startswith("Read the workbook's first sheet, “Data”; its 2 other sheets were not read.")


def test_a_workbook_rows_problems_are_named_by_their_row():
    rows = csv_of(DATA / "acled_sample.csv")
    rows[2] = [*rows[2], "stray"]
    rows[3][rows[0].index("fatalities")] = "many"
    report = run_import(workbook(rows), "acled", dry_run=True)
    said = [str(problem) for problem in report.problems]
    assert f"line 3: has a value beyond the header's last column (column {len(rows[0]) + 1})" in said
    assert any(problem.startswith("line 4, column fatalities") for problem in said), said
    assert not Incident.objects.exists()


def test_ucdps_zip_of_one_csv_imports_as_the_csv():
    data = (DATA / "ucdp_ged_sample.csv").read_bytes()
    report = run_import(
        zipped({"GEDEvent_v24_1.csv": data, "__MACOSX/._GEDEvent_v24_1.csv": b"\0"}), "ucdp", publish=False
    )
    assert report.ok, report.problems
    assert report.summary().startswith("Read GEDEvent_v24_1.csv from the ZIP archive.")
    made = snapshot()
    again = run_import(data, "ucdp", publish=False)
    assert again.ok and again.created == again.updated == 0 and snapshot() == made


@pytest.mark.parametrize("readme", ["README.txt", "docs/terms_of_use.txt"])
def test_a_read_me_beside_the_csv_in_a_zip_is_not_taken_for_a_second_csv(readme):
    data = (DATA / "acled_sample.csv").read_bytes()
    report = run_import(zipped({"acled_iraq.csv": data, readme: b"Terms of use."}), "acled", dry_run=True)
    assert report.ok, report.problems
    assert report.created == 4 and "Read acled_iraq.csv from the ZIP archive." in report.summary()


def test_a_zip_of_one_text_file_is_read_as_its_csv():
    data = (DATA / "acled_sample.csv").read_bytes()
    assert run_import(zipped({"acled_iraq.txt": data}), "acled", dry_run=True).created == 4


def test_a_gzip_of_a_csv_imports_as_the_csv():
    report = run_import(gzip.compress((DATA / "acled_sample.csv").read_bytes(), mtime=0), "acled", dry_run=True)
    assert report.ok, report.problems
    assert report.created == 4 and report.summary().startswith("Read the CSV inside the gzip file.")


@pytest.mark.parametrize(
    "data, said",
    [
        (zipped({"a.csv": b"x\n1\n", "b.csv": b"x\n2\n"}), "a ZIP archive of 2 CSV files (a.csv, b.csv)"),
        (zipped({"codebook.pdf": b"%PDF"}), "a ZIP archive with no CSV file in it (it holds: codebook.pdf)"),
        (zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "an OpenDocument (.ods)"),
        (b"PK\x03\x04" + b"\0" * 64, "a damaged ZIP archive"),
        (zipped({"xl/workbook.xml": b"<not a workbook", "[Content_Types].xml": b""}), "a workbook that can't be read"),
        (gzip.compress(b"event_id_cnty,event_date\n", mtime=0)[:-12], "the compressed file can't be unpacked"),
    ],
    ids=["two CSVs", "no CSV", "ods", "damaged zip", "damaged workbook", "cut gzip"],
)
def test_an_archive_that_gives_no_one_csv_is_refused_saying_why(data, said):
    report = run_import(data, "acled", dry_run=True)
    assert len(report.problems) == 1 and said in str(report.problems[0]), report.problems
    assert not Incident.objects.exists()


def test_an_archive_that_unpacks_beyond_the_limit_is_refused(settings):
    settings.IMPORT_MAX_UNPACKED_MB = 1
    bomb = gzip.compress(b"event_id_cnty,event_date\n" + b"," * (3 * 2**20), mtime=0)
    assert len(bomb) < 2**20 // 100
    report = run_import(bomb, "acled", dry_run=True)
    assert [str(problem) for problem in report.problems] == ["file: the compressed file unpacks to more than 1 MB"]


def test_the_admin_takes_a_workbook_through_the_same_path(analyst_client, settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)
    response = upload(analyst_client, workbook(csv_of(DATA / "acled_sample.csv")), "acled")
    summary = response.content.decode()
    assert "Read the workbook&#x27;s sheet “Data”. 4 rows: 4 would be created" in summary
    assert not Incident.objects.exists()
