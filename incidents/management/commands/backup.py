import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Not in a backup: rebuilt by migrate (content types, permissions), transient (sessions,
# login-failure counts) or internal to caching (the data version, which restore renews).
NOT_BACKED_UP = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "incidents.dataversion",
]


def default_path():
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BACKUP_DIR) / f"incidents-{stamp}.jsonl.gz"


class Command(BaseCommand):
    help = (
        "Write everything — incidents, claims, sources, places, groups and relations, their "
        "whole history, users, roles and the admin log — to one compressed JSON-lines file "
        "that `manage.py restore` reads back into any supported database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="Where to write (…jsonl.gz); default: BACKUP_DIR.")

    def handle(self, *args, path=None, **options):
        path = path or default_path()
        if not path.name.endswith(".jsonl.gz"):
            path = path.with_name(path.name + ".jsonl.gz")
        path.parent.mkdir(parents=True, exist_ok=True)
        call_command(
            "dumpdata",
            format="jsonl",
            output=str(path),
            natural_foreign=True,
            natural_primary=True,
            exclude=NOT_BACKED_UP,
            verbosity=0,
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path} ({path.stat().st_size:,} bytes)"))
