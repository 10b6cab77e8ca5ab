from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from tqdm import tqdm

from incidents.imports import IMPORT_PARSERS, run_import
from incidents.imports.writing import no_progress

PROGRESS_FROM = 5000  # a bar for each step of this many rows or records, or more


class ProgressBars:
    """run_import's progress(stage, done, total) as a tqdm bar per step, on stderr."""

    def __init__(self):
        self.bars = {}

    def __call__(self, stage, done, total):
        if total < PROGRESS_FROM:
            return
        if stage not in self.bars:
            self.bars[stage] = tqdm(total=total, desc=stage, unit="")
        bar = self.bars[stage]
        bar.update(done - bar.n)
        if done >= total:
            bar.close()


class Command(BaseCommand):
    help = (
        "Import incidents from a CSV file: our own export (native), or a raw export of ACLED (acled), "
        "the Global Terrorism Database (gtd) or UCDP GED (ucdp). Rows of kinds the tracker does not record "
        "are skipped and counted by kind (--keep-type chooses the kinds instead). "
        "All or nothing: any bad row rejects the file, with every problem listed, and nothing is written. "
        "Importing the same file again changes nothing; a changed row updates its incident."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            help="CSV file (UTF-8; GTD also Windows-1252), a workbook (.xlsx: its first sheet), a .zip or .gz of a CSV",
        )
        parser.add_argument("--format", dest="file_format", choices=sorted(IMPORT_PARSERS), default="native")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument("--draft", action="store_true", help="New incidents are drafts (default: published).")
        parser.add_argument(
            "--note",
            default="",
            help="The public correction note for rows that change published incidents (refused without one).",
        )
        parser.add_argument(
            "--keep-type",
            dest="keep_types",
            action="append",
            metavar="KIND",
            help="Import only rows of this publisher's event type or sub-event type (repeatable; "
            "e.g. Protests, or 'Strategic developments/Change to group/activity').",
        )

    @no_translations  # the report in English, whatever language the caller had active
    def handle(self, *args, file, file_format, dry_run, draft, note, keep_types, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        progress = ProgressBars() if options["verbosity"] > 0 else no_progress
        with path.open("rb") as file:  # read as it goes: a million rows are never all in memory
            report = run_import(
                file,
                file_format,
                dry_run=dry_run,
                publish=not draft,
                note=note,
                progress=progress,
                keep_types=keep_types,
            )
        for problem in report.problems:
            self.stderr.write(f"{path.name}: {problem}")
        if dry_run and report.ok:
            for action, line, title, fields in report.changes:
                self.stdout.write(f"  line {line}: would {action} “{title}”")
                for change in fields:
                    self.stdout.write(f"    {change}")
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(("Dry run — " if dry_run else "") + report.summary()))
