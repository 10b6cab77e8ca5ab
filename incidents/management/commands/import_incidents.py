from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.imports import IMPORT_PARSERS, run_import


class Command(BaseCommand):
    help = (
        "Import incidents from a CSV file: our own export (native) or ACLED-style (acled). "
        "All or nothing: any bad row rejects the file, with every problem listed, and nothing is written. "
        "Importing the same file again changes nothing; a changed row updates its incident."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file (UTF-8)")
        parser.add_argument("--format", dest="file_format", choices=sorted(IMPORT_PARSERS), default="native")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument("--draft", action="store_true", help="New incidents are drafts (default: published).")

    def handle(self, *args, file, file_format, dry_run, draft, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        report = run_import(
            path.read_bytes(), file_format, dry_run=dry_run, publish=not draft, progress=options["verbosity"] > 0
        )
        for problem in report.problems:
            self.stderr.write(f"{path.name}: {problem}")
        if dry_run and report.ok:
            for action, line, title in report.changes:
                self.stdout.write(f"  line {line}: would {action} “{title}”")
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(("Dry run — " if dry_run else "") + report.summary()))
