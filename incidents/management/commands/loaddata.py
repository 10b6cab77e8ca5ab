from django.core.management.commands import loaddata

from incidents.models import found_text_written_once


class Command(loaddata.Command):
    """Django's loaddata, writing the found text of the incidents a fixture touches once, after
    its last record, instead of once per record (inside the load's transaction all the same)."""

    def loaddata(self, fixture_labels):
        with found_text_written_once():
            super().loaddata(fixture_labels)
