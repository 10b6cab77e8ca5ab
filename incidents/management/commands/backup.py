import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from incidents.backups import write_backup


def default_path():
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BACKUP_DIR) / f"incidents-{stamp}.jsonl.gz"


class Command(BaseCommand):
    help = (
        "Write everything — incidents, claims, sources, places, groups and relations, their "
        "whole history, users, roles and the admin log — to one compressed JSON-lines file, "
        "with a SHA-256 checksum, that `manage.py restore` reads back into any supported database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="Where to write (…jsonl.gz); default: BACKUP_DIR.")

    def handle(self, *args, path=None, **options):
        path = path or default_path()
        if not path.name.endswith(".jsonl.gz"):
            path = path.with_name(path.name + ".jsonl.gz")
        path.parent.mkdir(parents=True, exist_ok=True)
        counts = write_backup(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {path} ({path.stat().st_size:,} bytes, {sum(counts.values()):,} records)"
            )
        )
