"""README's "Reproducing the figures in the source article": each permalink in its table, opened
on the seed data set, shows the number the table states in its "Ours" column.

The table is read from the README itself, so a correction to the data that changes a figure
fails here until the README says the new number (and why it differs from the article's)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SECTION = "### Reproducing the figures in the source article"
COLUMNS = ["Figure in the article", "Article", "Ours", "Permalink", "Headline figure"]


def cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def readme_rows():
    """The table's rows as dicts, from the README section's first table."""
    text = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n#", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    assert cells(lines[0]) == COLUMNS
    return [dict(zip(COLUMNS, cells(line), strict=True)) for line in lines[2:]]


ROWS = readme_rows()


def test_the_table_lists_every_figure_of_the_article():
    assert len(ROWS) == 9
    assert all(row["Permalink"].startswith("`/?") and row["Permalink"].endswith("`") for row in ROWS)


def headline_figure(page, name):
    """The number a headline figure shows (`data-figure` on the overview)."""
    found = re.findall(rf'data-figure="{name}"[^>]*>(\d+)<', page)
    assert len(found) == 1, f"no single {name} figure"
    return int(found[0])


@pytest.mark.parametrize("row", ROWS, ids=[row["Figure in the article"][:40] for row in ROWS])
def test_each_permalink_gives_the_number_the_readme_states(client, row):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    response = client.get(row["Permalink"].strip("`"))
    assert response.status_code == 200
    assert headline_figure(response.content.decode(), row["Headline figure"]) == int(row["Ours"])
