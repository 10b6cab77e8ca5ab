"""/incidents/export.xlsx: the filtered incidents, their claims and sources, and the codebook, as sheets.

XlsxWriter's constant_memory mode writes each row to disk as it goes, into a temporary file
that the response then sends in chunks: memory stays bounded whatever the size. Each sheet
has the same columns and rows as its CSV (columns.COLUMNS, claims.CLAIMS, sources.SOURCES):
numbers are numbers, dates are dates, unknown is an empty cell, and text is the CSV's
spreadsheet-safe cell written with write_string, so no cell is ever a formula.
"""

import tempfile
from datetime import date

import xlsxwriter
from rest_framework import serializers

from .. import codebook
from .claims import CLAIMS
from .columns import COLUMNS
from .records import one_snapshot, records
from .sources import SOURCES

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 1_048_576  # a worksheet's rows, the header's included (XlsxWriter drops any beyond, silently)
OPTIONS = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}


class TooManyRows(Exception):
    """A sheet would need more rows than a spreadsheet holds: refused rather than cut short."""


def cell_kind(column):
    """'number', 'date' or 'text', from the column's JSON type."""
    field = column.api_field()
    if isinstance(field, (serializers.IntegerField, serializers.FloatField)):  # a ChoiceField is neither
        return "number"
    if isinstance(field, serializers.DateField):
        return "date"
    return "text"


class Sheet:
    """One worksheet written row by row, each cell by its column's kind."""

    def __init__(self, workbook, name, header, kinds):
        self.worksheet = workbook.add_worksheet(name)
        self.kinds = kinds
        self.date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.row = 0
        self.write([*header], ["text"] * len(header))

    def write(self, cells, kinds=None):
        """`cells`: for number and date columns the JSON value (None: empty), for text the CSV cell."""
        if self.row >= MAX_ROWS:
            raise TooManyRows(
                f"The {self.worksheet.name} sheet would need more than {MAX_ROWS - 1:,} rows, more than a spreadsheet "
                "holds: narrow the filter, or download the CSVs."
            )
        for index, (value, kind) in enumerate(zip(cells, kinds or self.kinds, strict=True)):
            if value is None or value == "":
                continue
            if kind == "number":
                self.worksheet.write_number(self.row, index, value)
            elif kind == "date":
                self.worksheet.write_datetime(self.row, index, date.fromisoformat(value), self.date_format)
            else:
                self.worksheet.write_string(self.row, index, str(value))
        self.row += 1


def incident_cells(record, kinds):
    return [
        record[column.name] if kind != "text" else column.csv_cell(record[column.name])
        for column, kind in zip(COLUMNS, kinds, strict=True)
    ]


def write_incidents(workbook, incidents, site_url):
    kinds = [cell_kind(column) for column in COLUMNS]
    sheet = Sheet(workbook, "incidents", [column.name for column in COLUMNS], kinds)
    for record, _ in records(incidents.order_by("date", "pk"), site_url):
        sheet.write(incident_cells(record, kinds))


def write_table(workbook, table, incidents):
    kinds = [cell_kind(column) for column in table.columns]
    sheet = Sheet(workbook, table.name, table.header, kinds)
    for values in table.values(incidents):
        sheet.write(
            [
                column.value(values) if kind != "text" else column.cell(values)
                for column, kind in zip(table.columns, kinds, strict=True)
            ]
        )


def write_codebook(workbook):
    sheet = Sheet(workbook, "codebook", codebook.SHEET_HEADER, ["text"] * len(codebook.SHEET_HEADER))
    for row in codebook.sheet_rows():
        sheet.write(row)


def workbook_file(incidents, site_url):
    """The workbook in an anonymous temporary file, rewound; closing it (the response does) deletes it."""
    file = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        workbook = xlsxwriter.Workbook(file, OPTIONS)
        with one_snapshot():
            write_incidents(workbook, incidents, site_url)
            write_table(workbook, CLAIMS, incidents)
            write_table(workbook, SOURCES, incidents)
        write_codebook(workbook)
        workbook.close()
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file
