from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from incidents import codebook

CODEBOOK_PATH = Path(settings.BASE_DIR) / "docs" / "codebook.md"


class Command(BaseCommand):
    help = "Write docs/codebook.md from the export's column lists (a test checks the committed file is current)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=str(CODEBOOK_PATH), help="Where to write it (default docs/codebook.md)."
        )

    def handle(self, *args, output, **options):
        Path(output).write_text(codebook.markdown() + "\n", encoding="utf-8")
        self.stdout.write(f"Codebook written to {output}.")
