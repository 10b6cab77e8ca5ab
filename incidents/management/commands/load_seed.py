from django.core.management import call_command
from django.core.management.base import BaseCommand

from incidents.models import Incident

SEED_FIXTURE = "iraq_2019_2020"


class Command(BaseCommand):
    help = (
        "Load the seed data set (fixtures/iraq_2019_2020.json) into a database that has no "
        "incidents yet. Running it again changes nothing, so it never overwrites analysts' work."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though incidents exist (records with the fixture's ids are overwritten).",
        )

    def handle(self, *args, force=False, **options):
        existing = Incident.objects.count()
        if existing and not force:
            self.stdout.write(f"Seed data not loaded: the database already holds {existing} incidents.")
            return
        call_command("loaddata", SEED_FIXTURE, verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS(f"Seed data loaded: {Incident.objects.count()} incidents."))
