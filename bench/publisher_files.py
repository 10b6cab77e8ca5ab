"""Raw publishers' files of any size for the import figures: the rows of tests/data's ACLED and
GTD samples repeated, each with its own id, date, place and count — deterministic, written as
they are made (a million rows never in memory).

`python bench/publisher_files.py acled|gtd N > file.csv`
"""

import csv
import io
import random
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
PLACES = 2000  # distinct coordinates: a country's data set repeats its towns


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
    template = list(csv.DictReader(io.StringIO((DATA / "gtd_sample_cp1252.csv").read_text("cp1252"), newline="")))
    rng = random.Random(seed)

    def vary(row, number):
        row["eventid"] = f"{2018 + number % 5}{1 + number % 12:02d}{1 + number % 28:02d}{number:06d}"
        row["iyear"], row["imonth"], row["iday"] = str(2018 + number % 5), str(1 + number % 12), str(1 + number % 28)
        if row["latitude"]:
            row["latitude"] = f"{float(row['latitude']) + rng.randrange(PLACES) / 10000:.4f}"
        row["nkill"] = str(number % 7)

    repeated(template, count, vary, out, "cp1252", "\r\n")


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


FILES = {"acled": acled, "gtd": gtd}

if __name__ == "__main__":
    FILES[sys.argv[1]](int(sys.argv[2]), sys.stdout.buffer)
