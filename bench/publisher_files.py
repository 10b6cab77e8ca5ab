"""Raw publishers' files of any size for the import figures: the rows of tests/data's ACLED and
GTD samples repeated, each with its own id, date, place and count — deterministic, written as
they are made (a million rows never in memory).

`gtd-wide` is GTD as GTD ships it: every one of the codebook's 135 columns, about 1 KB a row,
and a new place every 4 rows (GTD's whole file names a place for about every 4 events). The
thin `gtd` rows, 50 columns of 400 bytes over 2,000 places, don't show what a file of the
whole layout holds in memory.

`python bench/publisher_files.py acled|gtd|gtd-wide N > file.csv`
"""

import csv
import io
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PLACES = 2000  # distinct coordinates: a country's data set repeats its towns
ROWS_PER_PLACE = 4  # GTD's whole file: a new place about every 4 events


def acled(count, out, seed=1):
    template = list(csv.DictReader(io.StringIO((DATA / "acled_raw_mixed.csv").read_text())))
    rng = random.Random(seed)

    def vary(row, number):
        row["event_id_cnty"] = f"{row['event_id_cnty'][:3]}{100000 + number}"
        row["event_date"] = f"{2018 + number % 5}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        row["latitude"] = f"{float(row['latitude']) + rng.randrange(PLACES) / 10000:.4f}"
        row["fatalities"] = str(number % 7)

    repeated(template, count, vary, out, "utf-8")


def gtd(count, out, seed=1):
    rng = random.Random(seed)
    repeated(gtd_template(), count, lambda row, number: vary_gtd(row, number, rng), out, "cp1252", "\r\n")


def gtd_template():
    return list(csv.DictReader(io.StringIO((DATA / "gtd_sample_cp1252.csv").read_text("cp1252"), newline="")))


def vary_gtd(row, number, rng):
    row["eventid"] = f"{2018 + number % 5}{1 + number % 12:02d}{1 + number % 28:02d}{number:06d}"
    row["iyear"], row["imonth"], row["iday"] = str(2018 + number % 5), str(1 + number % 12), str(1 + number % 28)
    if row["latitude"]:
        row["latitude"] = f"{float(row['latitude']) + rng.randrange(PLACES) / 10000:.4f}"
    row["nkill"] = str(number % 7)


PROSE = (
    "The attack was part of a wider campaign against the forces stationed at the base; "
    "sources disagree on the number of projectiles and on the group that launched them."
)
WIDE_TEXTS = ("location", "motive", "addnotes", "propcomment", "weapdetail")  # free text GTD fills on many rows
# codes GTD gives most rows, the importer reads none of them
WIDE_CODES = {
    **dict.fromkeys(("crit1", "crit2", "crit3", "success", "property"), "1"),
    **dict.fromkeys(("multiple", "suicide", "individual", "nperpcap", "ishostkid"), "0"),
    **dict.fromkeys(("nperps", "INT_LOG", "INT_IDEO", "INT_MISC", "INT_ANY"), "-9"),
    "targsubtype1": "28",
    "targsubtype1_txt": "Military Barracks/Base/Headquarters/Checkpoints",
    "natlty1": "217",
    "weaptype1": "6",
    "weapsubtype1": "11",
    "propextent": "4",
    "propextent_txt": "Unknown (likely < $1 million)",
    "propvalue": "-99",
}


def gtd_wide(count, out, seed=1):
    columns = gtd_codebook_columns()
    template = [{name: row.get(name, "") for name in columns} for row in gtd_template()]
    rng = random.Random(seed)

    def vary(row, number):
        vary_gtd(row, number, rng)
        place = number // ROWS_PER_PLACE
        row["city"] = f"{row['city'] or 'Unknown'} {place}"
        row["latitude"], row["longitude"] = f"{30 + place % 5000 / 1000:.6f}", f"{40 + place // 5000 / 1000:.6f}"
        row["summary"] = f"{row['summary']} {PROSE}"
        for name in WIDE_TEXTS:
            row[name] = PROSE[: rng.randrange(40, len(PROSE))]
        row.update(WIDE_CODES)

    repeated(template, count, vary, out, "cp1252", "\r\n")


def gtd_codebook_columns():
    """GTD's 135 columns, in its order, as our GTD export writes them (incidents.exports.gtd)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from incidents.exports.gtd import GTD_COLUMNS

    return GTD_COLUMNS


def repeated(template, count, vary, out, encoding, line_end="\n"):
    """Writes `count` rows to the binary file `out`, a block of rows at a time."""
    text = io.TextIOWrapper(out, encoding=encoding, newline="", write_through=True)
    writer = csv.DictWriter(text, template[0].keys(), lineterminator=line_end)
    writer.writeheader()
    for number in range(count):
        row = dict(template[number % len(template)])
        vary(row, number)
        writer.writerow(row)
    text.flush()
    text.detach()


FILES = {"acled": acled, "gtd": gtd, "gtd-wide": gtd_wide}
IMPORTED_AS = {"gtd-wide": "gtd"}  # the import format of each file that is not its name

if __name__ == "__main__":
    FILES[sys.argv[1]](int(sys.argv[2]), sys.stdout.buffer)
