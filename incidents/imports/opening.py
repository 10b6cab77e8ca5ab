"""Files as their publishers ship them: a workbook (GTD's .xlsx, ACLED's and UCDP's "Excel"
downloads) is read as its first sheet's rows; a ZIP archive holding one CSV file (UCDP's
downloads) and a gzip-compressed CSV are read as that CSV. Each says in the report what was
read, so a workbook of several sheets or an archive never stands for more than it gave.

Nothing is guessed: a workbook's date cell becomes its ISO date (2020-05-09), a whole number
stored as a decimal its digits (197001000001, not 1.97E+11), exactly what the CSV parsers read.
"""

import datetime
import gzip
import tempfile
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext

MAGIC_ZIP = b"PK\x03\x04"
MAGIC_GZIP = b"\x1f\x8b"
COPY_BYTES = 1 << 20


class Unopenable(Exception):
    """The container can't give rows: its message says why, for a Problem of the file."""


@dataclass
class Sheet:
    """A workbook's sheet to read: its name, its rows (tuples of cell values, numbered from 1), and
    the number of sheets in the workbook."""

    name: str
    rows: object
    sheets: int
    max_row: int


def head(data, size=4096):
    """The first `size` bytes of `data` (bytes or a seekable binary file), the file left where it was."""
    if isinstance(data, bytes | bytearray):
        return bytes(data[:size])
    position = data.tell()
    data.seek(0)
    first = data.read(size)
    data.seek(position)
    return first


def opened(stream):
    """(a Sheet, or a binary stream of CSV text, and what to tell the report: "" for a plain CSV)."""
    start = head(stream, 8)
    stream.seek(0)
    if start.startswith(MAGIC_GZIP):
        return unpacked(gzip.GzipFile(fileobj=stream, mode="rb")), gettext("Read the CSV inside the gzip file.")
    if not start.startswith(MAGIC_ZIP):
        return stream, ""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError) as error:
        raise Unopenable(gettext("the file is a damaged ZIP archive (%(error)s)") % {"error": error}) from error
    names = [info.filename for info in archive.infolist() if not info.is_dir()]
    if "xl/workbook.xml" in names:
        return first_sheet(stream), ""
    if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
        raise Unopenable(gettext("the file is an OpenDocument (.ods) workbook: save it as .xlsx or as CSV"))
    return csv_in_archive(archive, names)


def csv_in_archive(archive, names):
    """The one CSV file a ZIP archive holds (UCDP ships GED as a ZIP of one CSV), unpacked. A .txt
    is one only where no .csv or .tsv is: beside one, it is the download's read-me."""
    data = [name for name in names if is_data(name)]
    found = [name for name in data if name.lower().endswith((".csv", ".tsv"))] or [
        name for name in data if name.lower().endswith(".txt")
    ]
    if len(found) != 1:
        listed = ", ".join(data[:10]) + (" …" if len(data) > 10 else "")
        if found:
            message = gettext("the file is a ZIP archive of %(count)s CSV files (%(names)s): upload one of them") % {
                "count": len(found),
                "names": listed,
            }
        else:
            message = gettext("the file is a ZIP archive with no CSV file in it (it holds: %(names)s)") % {
                "names": listed or gettext("nothing")
            }
        raise Unopenable(message)
    try:
        member = archive.open(found[0])
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as error:
        raise Unopenable(gettext("the ZIP archive can't be unpacked (%(error)s)") % {"error": error}) from error
    note = gettext("Read %(name)s from the ZIP archive.") % {"name": found[0]}
    return unpacked(member), note


def is_data(name):
    """Whether an archive's file is data, not macOS's resource forks (__MACOSX/) or a hidden file."""
    return "__MACOSX/" not in name and not name.rsplit("/", 1)[-1].startswith(".")


def unpacked(member):
    """A compressed CSV copied, decompressed, to a temporary file (the checks read a file more than
    once), refused beyond IMPORT_MAX_UNPACKED_MB: a small archive may unpack to terabytes."""
    limit = settings.IMPORT_MAX_UNPACKED_MB * 2**20
    copy = tempfile.TemporaryFile()
    try:
        while block := member.read(COPY_BYTES):
            if copy.tell() + len(block) > limit:
                limit_mb = {"mb": settings.IMPORT_MAX_UNPACKED_MB}
                raise Unopenable(gettext("the compressed file unpacks to more than %(mb)s MB") % limit_mb)
            copy.write(block)
    except (OSError, EOFError, zipfile.BadZipFile) as error:
        copy.close()
        raise Unopenable(gettext("the compressed file can't be unpacked (%(error)s)") % {"error": error}) from error
    except Unopenable:
        copy.close()
        raise
    copy.seek(0)
    return copy


def first_sheet(stream):
    """The workbook's first sheet, read as it goes (openpyxl's read-only mode): its cells' values,
    not their formulas; a formula's last computed value is what the sheet shows."""
    import openpyxl  # only imports of workbooks pay for loading it

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        return Sheet(sheet.title, sheet.iter_rows(values_only=True), len(workbook.worksheets), sheet.max_row or 0)
    except Exception as error:  # openpyxl raises whatever its XML and ZIP readers raise
        raise Unopenable(gettext("the file is a workbook that can't be read (%(error)s)") % {"error": error}) from error


def cell_text(value):
    """A workbook cell as the text a CSV of the sheet would hold for the parsers to read."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
