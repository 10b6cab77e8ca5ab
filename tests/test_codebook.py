"""The codebook: docs/codebook.md is what `manage.py codebook` writes now, and /data/codebook/
shows every export column with its type, allowed values and how unknown is written."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from incidents import codebook
from incidents.exports.claims import CLAIMS
from incidents.exports.columns import CSV_HEADER
from incidents.exports.sources import SOURCES
from incidents.models import Claim, Incident


def test_the_committed_codebook_is_current(tmp_path):
    written = tmp_path / "codebook.md"
    call_command("codebook", output=str(written), stdout=io.StringIO())
    committed = Path(settings.BASE_DIR) / "docs" / "codebook.md"
    assert committed.read_text(encoding="utf-8") == written.read_text(encoding="utf-8"), "run manage.py codebook"


def test_every_column_of_every_export_is_described():
    described = {name: [entry.name for entry in entries] for name, _, entries in codebook.tables()}
    assert described == {"incidents": CSV_HEADER, "claims": CLAIMS.header, "sources": SOURCES.header}


def test_choice_columns_list_their_allowed_values_from_the_model():
    entries = {entry.name: entry for _, _, entries in codebook.tables() for entry in entries}
    assert [value for value, _ in entries["type"].allowed] == Incident.Type.values
    assert [value for value, _ in entries["kind"].allowed] == Claim.Kind.values
    assert entries["killed"].unknown.startswith("empty")
    assert entries["title"].allowed == []


@pytest.mark.django_db
def test_the_page_shows_the_columns_and_the_rules(client):
    response = client.get(reverse("data_codebook"))
    text = response.content.decode()
    assert response.status_code == 200
    for column in [*CSV_HEADER, *CLAIMS.header, *SOURCES.header]:
        assert f"<code>{column}</code>" in text
    for heading, _ in codebook.sections():
        assert heading in text.replace("&#x27;", "'")
    assert "Ain al-Asad" in text
