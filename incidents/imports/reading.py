"""Reading an uploaded CSV file, with every problem reported by line and column."""

import codecs
import csv
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy, ngettext

from .opening import Sheet, Unopenable, cell_text, head, opened

MAX_FIELD_CHARS = 100_000
# What people upload by mistake (or on purpose) instead of CSV, by the bytes it starts with.
SIGNATURES = {
    b"PK\x03\x04": gettext_lazy("a ZIP archive: an .xlsx or .ods workbook is one"),
    b"\xd0\xcf\x11\xe0": gettext_lazy("an old Excel .xls workbook"),
    b"\x89PNG": gettext_lazy("a PNG image"),
    b"\xff\xd8\xff": gettext_lazy("a JPEG image"),
    b"%PDF": gettext_lazy("a PDF document"),
    b"\x1f\x8b": gettext_lazy("a gzip archive"),
}
SAVE_AS_UTF8 = gettext_lazy("save it as CSV in UTF-8 (Excel: “CSV UTF-8”)")
# UTF-8's bytes for what a file in a single-byte encoding (GTD's Windows-1252, Latin-1) never has
# side by side: a Latin-1 letter (é as "Ã©"), a no-break space, an Arabic letter (ب as "Ø¨"),
# punctuation, arrows and symbols (’ as "â€™", → as "â†’", ™ as "â„¢"), two characters of three
# bytes in a row (中文), any character of four bytes. Found in a file that is not UTF-8
# throughout, they say its parts were saved in different encodings. A lone character of three
# bytes is not enough: an accented letter before two of Windows-1252's punctuation marks has
# the same bytes (French "été »", é before a no-break space and », is UTF-8's 頻).
UTF8_TEXT = re.compile(
    rb"[\xc2\xc3\xd8\xd9][\x80-\xbf]|\xe2[\x80-\xaf][\x80-\xbf]|(?:[\xe0-\xef][\x80-\xbf]{2}){2}"
    rb"|[\xf0-\xf4][\x80-\xbf]{3}"
)
UTF8_START = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")  # where UTF8_TEXT may be: searched for 5 times as fast
# A cell no header names a column with: a number or a date (a first line of data).
DATA_CELL = re.compile(r"\s*[-+]?\d+(?:[.,]\d+)?\s*|\s*\d{4}-\d{2}-\d{2}(?:[ T][\d:.]+)?\s*")
# In the first record: a quoted cell (commas and line breaks in it don't count), a comma, or its end.
HEADER_TOKENS = re.compile(r'"[^"]*"|[,\r\n]')


@dataclass(frozen=True)
class Problem:
    """A problem of the file at a line (0: the file as a whole) and column. Its message is written
    in the language active where it was found (the admin's page; English on the command line)."""

    line: int
    column: str
    message: str

    def __str__(self):
        where = {"line": self.line, "column": self.column, "message": self.message}
        if self.line and self.column:
            return gettext("line %(line)s, column %(column)s: %(message)s") % where
        if self.line:
            return gettext("line %(line)s: %(message)s") % where
        if self.column:
            return gettext("file, column %(column)s: %(message)s") % where
        return gettext("file: %(message)s") % where


class UnreadableFile(Exception):
    """The file as a whole can't be read: empty, binary, not UTF-8, missing columns. `header`:
    its header, where it could be read; `start`: the first bytes of its CSV text."""

    def __init__(self, problems, header=None):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems, self.header, self.start = problems, header, b""


BLOCK_BYTES = 1 << 20  # what a file is read by: a million rows are never all in memory


def as_stream(data):
    """A binary file object for `data`: bytes, or a file opened for reading in binary (seekable)."""
    return io.BytesIO(data) if isinstance(data, bytes | bytearray) else data


def inspect(stream, encodings=("utf-8-sig",)):
    """(the encoding to read the file in, its number of lines) from one pass over it, a block at a
    time; or UnreadableFile saying what it is instead and where it goes wrong.

    UTF-8 unless the format's publisher ships another encoding too (GTD: Windows-1252): the
    first of `encodings` that decodes the whole file; the last one's error is the one reported."""
    stream.seek(0)
    first = stream.read(BLOCK_BYTES)
    if not first.strip() or first == codecs.BOM_UTF8:
        raise UnreadableFile([Problem(0, "", gettext("the file is empty"))])
    kind = binary_kind(first)
    if kind:
        message = gettext("the file is %(kind)s, not CSV text; %(advice)s") % {"kind": kind, "advice": SAVE_AS_UTF8}
        raise UnreadableFile([Problem(0, "", message)])
    decoders = {encoding: codecs.getincrementaldecoder(encoding)() for encoding in encodings}
    failed = {}
    offset, lines, block = 0, 0, first
    utf8_line = None  # the first line with UTF-8 text (UTF8_TEXT), where another encoding may be chosen
    while block:
        utf8_line = utf8_line or utf8_text_line(block, lines, encodings)
        refuse_nul(block, offset, lines)
        for encoding, decoder in list(decoders.items()):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                failed[encoding] = where_undecodable(error, offset, lines, block)
                del decoders[encoding]
        offset, lines = offset + len(block), lines + block.count(b"\n")
        block = stream.read(BLOCK_BYTES)
    for encoding, decoder in list(decoders.items()):
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            failed[encoding] = (offset - 1, 0, lines)
            del decoders[encoding]
    chosen = next((encoding for encoding in encodings if encoding in decoders), None)
    refuse_mixed(chosen, encodings, failed, utf8_line)
    if chosen is None:
        position, byte, line = failed[encodings[-1]]
        raise UnreadableFile(
            [
                Problem(
                    line + 1,
                    "",
                    gettext("not UTF-8 text (byte %(byte)s, byte %(position)s of the file); %(advice)s")
                    % {"byte": f"0x{byte:02x}", "position": position + 1, "advice": SAVE_AS_UTF8},
                )
            ]
        )
    return chosen, lines


def refuse_nul(block, offset, lines):
    """Text with a NUL byte in it: no database column can hold it (PostgreSQL refuses it)."""
    nul = block.find(b"\x00")
    if nul >= 0:
        message = gettext("a NUL byte (byte %(position)s of the file): the file is binary or damaged, not CSV text")
        line = lines + block.count(b"\n", 0, nul) + 1
        raise UnreadableFile([Problem(line, "", message % {"position": offset + nul + 1})])


def utf8_text_line(block, lines, encodings):
    """The line of the block's first UTF-8 text (UTF8_TEXT), after `lines` lines; None where there is
    none, or where the format reads UTF-8 only (a file that is not is refused anyway)."""
    if len(encodings) == 1:
        return None
    for start in UTF8_START.finditer(block):
        if UTF8_TEXT.match(block, start.start()):
            return lines + block.count(b"\n", 0, start.start()) + 1
    return None


def refuse_mixed(chosen, encodings, failed, utf8_line):
    """A file read in another encoding than UTF-8 (`chosen`) that has UTF-8 text (on utf8_line) is
    refused at its first byte that is not UTF-8 (failed, where_undecodable): read in either
    encoding, the other part's letters would silently become others."""
    if chosen in (None, encodings[0]) or utf8_line is None:
        return
    position, byte, line = failed[encodings[0]]
    message = gettext(
        "the file mixes encodings: line %(utf8_line)s is UTF-8 text, but byte %(byte)s (byte %(position)s of "
        "the file) is not, so part of it was saved in another encoding; %(advice)s"
    )
    where = {"utf8_line": utf8_line, "byte": f"0x{byte:02x}", "position": position + 1, "advice": SAVE_AS_UTF8}
    raise UnreadableFile([Problem(line + 1, "", message % where)])


def where_undecodable(error, offset, lines, block):
    """(byte offset in the file, the byte, lines before it) of a decoding error in `block`, which
    starts at `offset` after `lines` lines (the decoder may have held a few bytes of the block before)."""
    held = len(error.object) - len(block)
    position = offset - held + error.start
    return position, error.object[error.start], lines + error.object.count(b"\n", held, error.start)


def binary_kind(data):
    """What a file that is not UTF-8 CSV text is, from its first bytes; None for text."""
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            return gettext("binary (%(kind)s)") % {"kind": kind}
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        b"\x00" in head and max(head[0::2].count(0), head[1::2].count(0)) > len(head) // 4
    ):
        return gettext("UTF-16 text (every other byte is 0)")
    return None


@dataclass
class Rows:
    """What read_rows() found: `rows` yields (line number, {column: value}) as the file is read,
    one row at a time (a million rows are never all in memory); `problems` fills with the
    malformed rows met on the way; `lines` is the file's number of lines (for a progress bar);
    `note` says what was read when the file was a workbook or an archive ("" for CSV)."""

    rows: object
    problems: list
    lines: int
    note: str = ""


def read_rows(data, required, one_of=(), encodings=("utf-8-sig",)):
    """Rows of CSV bytes or a binary file, or of a workbook or an archive holding one CSV
    (opening.py).

    Raises UnreadableFile at once when the file as a whole can't be read, with `start` the first
    bytes of the CSV text read (for with_format_hint). `required` columns must all be in the
    header; of `one_of`, at least one. Whether there was any row at all is for the caller to see
    once `rows` is consumed (NO_ROWS).
    """
    stream = as_stream(data)
    try:
        source, note = opened(stream)
    except Unopenable as error:
        raise UnreadableFile([Problem(0, "", str(error))]) from error
    if isinstance(source, Sheet):
        return sheet_rows(source, required, one_of)
    try:
        return Rows(*csv_rows(source, required, one_of, encodings), note=note)
    except UnreadableFile as error:
        error.start = head(source)
        raise


def csv_rows(stream, required, one_of, encodings):
    encoding, lines = inspect(stream, encodings)
    stream.seek(0)
    start = stream.read(BLOCK_BYTES).decode(encoding, errors="replace")
    check_column_count(start)
    delimiter = delimiter_of(start)
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    csv.field_size_limit(MAX_FIELD_CHARS)
    # strict: a quote left open is an error, not a cell that swallows the rest of the file
    reader = csv.reader(text, strict=True, delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise UnreadableFile([Problem(0, "", gettext("the file is empty"))]) from None
    except csv.Error as error:
        raise UnreadableFile([csv_problem(1, error, gettext("the header"))]) from error
    check_header(header, required, one_of)
    problems = []
    return data_rows(reader, header, problems), problems, lines


def sheet_rows(sheet, required, one_of):
    """Rows of a workbook's sheet: its first row the header, a row's line its row number."""
    rows = enumerate(sheet.rows, start=1)
    first = next(rows, None)
    if first is None:
        raise UnreadableFile([Problem(0, "", gettext("the workbook's first sheet is empty"))])
    header = [cell_text(value).strip() for value in first[1]]
    while header and not header[-1]:
        header.pop()
    if len(header) > settings.IMPORT_MAX_COLUMNS:
        raise UnreadableFile([too_many_columns()])
    check_header(header, required, one_of)
    problems = []
    return Rows(sheet_data_rows(rows, header, problems), problems, sheet.max_row, sheet_note(sheet))


def sheet_note(sheet):
    """What the report says was read of a workbook: its first sheet, and how many it left."""
    others = sheet.sheets - 1
    if not others:
        return gettext("Read the workbook's sheet “%(name)s”.") % {"name": sheet.name}
    note = ngettext(
        "Read the workbook's first sheet, “%(name)s”; its %(others)s other sheet was not read.",
        "Read the workbook's first sheet, “%(name)s”; its %(others)s other sheets were not read.",
        others,
    )
    return note % {"name": sheet.name, "others": others}


def sheet_data_rows(rows, header, problems):
    """A sheet's rows as a CSV's: cells as text (opening.cell_text), blank rows left out. A row
    may stop short of the header's width (its last cells are empty); a value beyond it is a
    problem, as a CSV row with more fields than the header."""
    width, number = len(header), 1
    try:
        for number, cells in rows:
            values = [cell_text(value) for value in cells]
            if not any(value.strip() for value in values):
                continue
            beyond = [str(position) for position, value in enumerate(values[width:], width + 1) if value.strip()]
            if beyond:
                message = gettext("has a value beyond the header's last column (column %(positions)s)")
                problems.append(Problem(number, "", message % {"positions": ", ".join(beyond)}))
                continue
            yield number, dict(zip(header, values + [""] * (width - len(values)), strict=False))
    except Exception as error:  # openpyxl reads the sheet's XML as it goes: damage shows mid-file
        message = gettext("the workbook can't be read from here on (%(error)s)") % {"error": error}
        problems.append(Problem(number + 1, "", message))


NO_ROWS = Problem(0, "", gettext_lazy("the file has a header but no rows"))
# What a spreadsheet writes between cells where a comma is the decimal mark (Excel's "CSV" in a
# European locale), or as "text (tab delimited)"
OTHER_DELIMITERS = (";", "\t")


def delimiter_of(start):
    """The delimiter of a file whose header line is `start`'s first: a comma, unless the header
    has none and is split by semicolons or tabs. No column name holds any of them."""
    header = start.splitlines()[0] if start else ""
    if "," in header:
        return ","
    counts = {delimiter: header.count(delimiter) for delimiter in OTHER_DELIMITERS}
    found = max(counts, key=counts.get)
    return found if counts[found] else ","


def data_rows(reader, header, problems):
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(csv_problem(start, error, gettext("the row")))
            if "field larger than field limit" in str(error):
                return  # the reader is lost inside the cell: what follows is not rows
            continue  # the next row is read where the bad one ends, and checked too
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            counts = {"fields": len(values), "columns": len(header)}
            message = gettext("has %(fields)s fields where the header has %(columns)s") % counts
            problems.append(Problem(start, "", message))
            continue
        yield start, dict(zip(header, values, strict=True))  # a row over several lines: where it starts


def csv_problem(line, error, what):
    """A CSV syntax error in words, at the line where the broken row starts."""
    message = str(error)
    if "field larger than field limit" in message:
        message = gettext("a cell is longer than %(limit)s characters (a quote left open?)") % {
            "limit": f"{MAX_FIELD_CHARS:,}"
        }
    elif "unexpected end of data" in message:
        message = gettext("a quote opened in this row is never closed")
    elif "expected after" in message:
        message = gettext("text after a closing quote (%(error)s); double a quote inside a quoted cell") % {
            "error": message
        }
    return Problem(line, "", gettext("%(what)s can't be read as CSV: %(error)s") % {"what": what, "error": message})


def check_column_count(text):
    """Refuses a header of more columns than any import reads (settings.IMPORT_MAX_COLUMNS)
    before it is split into cells: counting stops at the limit, where a 50 MB header of
    one-letter names would take gigabytes as a list of cells."""
    limit = settings.IMPORT_MAX_COLUMNS
    columns = 1
    for token in HEADER_TOKENS.finditer(text):
        if token.group() in ("\r", "\n"):
            return
        if token.group() == ",":
            columns += 1
            if columns > limit:
                raise UnreadableFile([too_many_columns()])


def too_many_columns():
    limit = f"{settings.IMPORT_MAX_COLUMNS:,}"
    message = gettext("the header has more than %(limit)s columns, the most an import reads") % {"limit": limit}
    return Problem(1, "", message)


def check_header(header, required, one_of):
    """Problems of the header: unnamed columns are refused, but for those after the last named one
    (a spreadsheet's trailing commas), which are read as nothing. A first line of numbers or dates
    is a row of data in a file without a header (UCDP's GED Candidate releases): said so alone,
    rather than as columns unnamed, named twice and missing. Three such cells at least: one or two
    may be a column named by a year (2020)."""
    if [name for name in required if name not in header] and sum(map(bool, map(DATA_CELL.fullmatch, header))) >= 3:
        shown = ", ".join(header[:6]) + (" …" if len(header) > 6 else "")
        message = gettext(
            "the first line is a row of data (%(cells)s), not the header: the file has no header line; "
            "add the column names of its layout as its first line"
        )
        raise UnreadableFile([Problem(1, "", message % {"cells": shown})], header)
    problems = []
    named = len(header) - len(list(itertools.takewhile(lambda name: not name, reversed(header))))
    unnamed = [str(number) for number, name in enumerate(header[:named], start=1) if not name]
    if unnamed:
        problems.append(Problem(1, ", ".join(unnamed), gettext("column with no name in the header (its position)")))
    duplicates = sorted(name for name, count in Counter(header).items() if count > 1 and name)
    if duplicates:
        problems.append(Problem(1, ", ".join(duplicates), gettext("column named twice in the header")))
    missing = [name for name in required if name not in header]
    if missing:
        problems.append(Problem(1, ", ".join(missing), gettext("required column missing")))
    if one_of and not any(name in header for name in one_of):
        problems.append(Problem(1, " or ".join(one_of), gettext("one of these columns is required")))
    if problems:
        raise UnreadableFile(problems, header)
