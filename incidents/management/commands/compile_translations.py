"""Compile the translation catalogues (locale/*/LC_MESSAGES/*.po: django.po for the templates and
Python, djangojs.po for the scripts) into the .mo files
Django reads, in Python (polib): no system gettext needed to run the site or its tests.
The .mo files are committed; tests/test_translations.py fails when one is not current."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogues():
    """Every .po file under settings.LOCALE_PATHS."""
    return sorted(po for folder in settings.LOCALE_PATHS for po in Path(folder).glob("*/LC_MESSAGES/*.po"))


def compiled(po_path):
    """The .mo bytes of a catalogue: polib writes entries in a fixed order and no time stamp,
    so the same .po always gives the same bytes."""
    mo_path = po_path.with_suffix(".mo.tmp")
    try:
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        return mo_path.read_bytes()
    finally:
        mo_path.unlink(missing_ok=True)


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files (pure Python; no gettext needed)."

    def handle(self, *args, **options):
        for po_path in catalogues():
            po_path.with_suffix(".mo").write_bytes(compiled(po_path))
            self.stdout.write(f"Compiled {po_path.with_suffix('.mo')}")
