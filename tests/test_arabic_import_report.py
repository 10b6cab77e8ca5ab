"""The admin's import under /ar/admin/: its report, its problems and its hints in Arabic, with
Arabic's plural forms for the counts; the publisher's own words (event types) left as they
are; the command line's report in English whatever language was active."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.admin_imports import URL, upload, wait_for_imports
from tests.test_admin_import import background

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
ARABIC_URL = f"/ar{URL}"
HEADER = b"uid,title,date,type,location,governorate,date_precision,geo_precision,target,confidence\n"


def native(rows):
    """Our own CSV with `rows` new incidents."""
    lines = [
        f"00000000-0000-4000-8000-{n:012d},Rockets {n},2020-03-11,rocket,Camp Taji,Baghdad,day,town,other,medium\n"
        for n in range(1, rows + 1)
    ]
    return HEADER + "".join(lines).encode()


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)


def arabic_upload(client, data, file_format="native"):
    """The file uploaded through the Arabic import page (its preview, or why it is rejected)."""
    return client.post(ARABIC_URL, {"file": SimpleUploadedFile("in.csv", data), "file_format": file_format})


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        (3, "3 صفوف: سيُنشأ 3، ويُحدَّث 0، ويبقى 0 دون تغيير، ويُرفض 0."),
        (11, "11 صفًّا: سيُنشأ 11، ويُحدَّث 0، ويبقى 0 دون تغيير، ويُرفض 0."),
    ],
)
def test_the_preview_counts_rows_in_arabic_with_the_plural_form_of_the_number(analyst_client, rows, said):
    html = arabic_upload(analyst_client, native(rows)).content.decode()
    assert said in html
    assert "<td>إنشاء</td>" in html and "would be created" not in html


def test_the_same_file_through_the_english_page_keeps_its_english_report(analyst_client):
    html = upload(analyst_client, native(3)).content.decode()
    assert "3 rows: 3 would be created, 0 would be updated, 0 unchanged, 0 rejected." in html
    assert "<td>create</td>" in html


def test_a_rejected_file_gives_every_problem_in_arabic_by_line_and_column(analyst_client):
    data = native(3).replace(b"2020-03-11,rocket,Camp Taji", b"2020-03-11,laser,Camp Taji", 1)
    html = arabic_upload(analyst_client, data).content.decode()
    assert "رُفض الملف: صفوف فيها مشكلات: 1 من أصل 3؛ لم يُكتب شيء (1 مشكلة)." in html
    assert "السطر 2، العمود type: قيمة غير معروفة &#x27;laser&#x27;" in html  # the value as written


def test_a_file_of_another_format_says_which_in_arabic(analyst_client):
    html = arabic_upload(analyst_client, (DATA / "acled_sample.csv").read_bytes()).content.decode()
    assert "يبدو هذا ملفًّا من ACLED — استخدم ‎--format acled" in html


def test_skipped_kinds_are_counted_in_arabic_and_named_in_the_publishers_words(analyst_client):
    html = arabic_upload(analyst_client, (DATA / "acled_raw_mixed.csv").read_bytes(), "acled").content.decode()
    assert "تُخطّي خارج النطاق 4 صفوف: Protests 2, Riots 1, Strategic developments/Change to group/activity 1." in html


@background
def test_a_confirmed_import_runs_and_reports_in_the_language_of_the_page_that_confirmed_it(analyst_client):
    response = arabic_upload(analyst_client, native(11))
    confirmed = analyst_client.post(ARABIC_URL, {"token": response.context["token"]})
    assert confirmed.url.startswith("/ar/admin/")
    wait_for_imports()
    html = analyst_client.get(confirmed.url).content.decode()
    assert "11 صفًّا: أُنشئ 11، وحُدِّث 0، وبقي 0 دون تغيير، ورُفض 0." in html


def test_the_command_line_report_stays_english_whatever_language_is_active(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(native(3).replace(b",rocket,", b",laser,", 1))
    errors = io.StringIO()
    with translation.override("ar"), pytest.raises(CommandError) as refusal:
        call_command("import_incidents", str(path), stderr=errors, verbosity=0)
    assert str(refusal.value) == "Rejected: 1 of 3 rows have problems; nothing was written (1 problem)."
    assert "line 2, column type: unknown value 'laser'" in errors.getvalue()
