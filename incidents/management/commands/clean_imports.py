from django.conf import settings
from django.core.management.base import BaseCommand

from incidents.import_jobs import clean_up, upload_dir


class Command(BaseCommand):
    help = (
        "Remove import previews nobody confirmed and the statuses of finished imports, once they are "
        "older than IMPORT_PREVIEW_HOURS (the admin does this on every upload too). Running imports are kept."
    )

    def handle(self, *args, **options):
        removed = clean_up()
        for name in removed:
            self.stdout.write(f"  removed {name}")
        hours = settings.IMPORT_PREVIEW_HOURS
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(removed)} file{'s' if len(removed) != 1 else ''} older than "
                f"{hours} hour{'s' if hours != 1 else ''} removed from {upload_dir()}."
            )
        )
