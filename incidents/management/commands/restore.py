from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction

from incidents.backups import BadBackup, restore
from incidents.models import DataVersion, Incident

UNREADABLE = (BadBackup, DeserializationError, DatabaseError, FieldDoesNotExist, EOFError, OSError, ValueError)


class Command(BaseCommand):
    help = (
        "Read a file written by `manage.py backup` into this database, all or nothing, after checking "
        "its checksum and that it holds only what a backup holds; then say what it restored, with every "
        "user's staff and superuser flags. A database that already holds incidents or users is only "
        "replaced with --replace; if anything in the file fails, the database is left as it was. The "
        "database gets a new identity, so no result cached for the data it held before is served again."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete everything in this database first, in the same transaction.",
        )

    def handle(self, *args, path, replace=False, **options):
        if not path.name.endswith(".jsonl.gz") or not path.is_file():
            raise CommandError(f"{path}: not a backup file (expected an existing …jsonl.gz from manage.py backup).")
        if not replace and (Incident.objects.exists() or get_user_model().objects.exists()):
            raise CommandError("This database is not empty: add --replace to replace everything in it with the backup.")
        try:
            with transaction.atomic():
                if replace:
                    connection.check_constraints()  # PostgreSQL: no TRUNCATE while earlier writes' checks are pending
                    call_command("flush", interactive=False, verbosity=0)
                counts = restore(path)
                DataVersion.renew_database_uid()
        except UNREADABLE as error:
            raise CommandError(f"{path}: the backup could not be restored, nothing was changed: {error}") from error
        cache.clear()  # unreachable under the new identity anyway: free the space at once
        self.report(path, counts)

    def report(self, path, counts):
        """What is now in the database, so that nothing in a tampered file passes unseen."""
        self.stdout.write(self.style.SUCCESS(f"Restored {path} (SHA-256 checksum verified):"))
        for label, count in counts.items():
            self.stdout.write(f"  {label:<36} {count:>12,}")
        users = get_user_model().objects.order_by("username")
        self.stdout.write(f"Users ({len(users)}), with their flags:")
        for user in users:
            flags = [name for name, on in (("superuser", user.is_superuser), ("staff", user.is_staff)) if on]
            flags += [] if user.is_active else ["inactive"]
            self.stdout.write(f"  {user.username}: {', '.join(flags) or 'no staff access'}")
