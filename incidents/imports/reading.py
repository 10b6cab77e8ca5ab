"""Reading an uploaded CSV file, with every problem reported by line and column."""

import csv
import io
from dataclasses import dataclass

MAX_FIELD_CHARS = 100_000


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self):
        where = f"line {self.line}" if self.line else "file"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class UnreadableFile(Exception):
    """The file as a whole can't be read: empty, binary, not UTF-8, missing columns."""

    def __init__(self, problems):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def decode(data):
    if not data.strip():
        raise UnreadableFile([Problem(0, "", "the file is empty")])
    if b"\x00" in data[:65536]:
        raise UnreadableFile([Problem(0, "", "the file is binary, not a CSV text file")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UnreadableFile(
            [Problem(line, "", f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8")]
        )


def read_rows(data, required, one_of=()):
    """([(line number, {column: value})], [Problem]) from CSV bytes.

    Raises UnreadableFile when the file as a whole can't be read. `required` columns must
    all be in the header; of `one_of`, at least one. Rows that are malformed are reported
    as problems; the others are returned so their values can be checked too.
    """
    text = decode(data)
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise UnreadableFile([Problem(0, "", "the file is empty")])
    except csv.Error as error:
        raise UnreadableFile([Problem(1, "", f"the header can't be read: {error}")])
    check_header(header, required, one_of)
    rows, problems = [], []
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(reader.line_num, "", f"can't be read as CSV: {error}"))
            break
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            problems.append(
                Problem(reader.line_num, "", f"has {len(values)} fields where the header has {len(header)}")
            )
            continue
        rows.append((reader.line_num, dict(zip(header, values))))
    if not rows and not problems:
        raise UnreadableFile([Problem(0, "", "the file has a header but no rows")])
    return rows, problems


def check_header(header, required, one_of):
    problems = []
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        problems.append(Problem(1, ", ".join(duplicates), "column named twice in the header"))
    missing = [name for name in required if name not in header]
    if missing:
        problems.append(Problem(1, ", ".join(missing), "required column missing"))
    if one_of and not any(name in header for name in one_of):
        problems.append(Problem(1, " or ".join(one_of), "one of these columns is required"))
    if problems:
        raise UnreadableFile(problems)
