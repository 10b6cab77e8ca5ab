from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from incidents import synthetic


class Command(BaseCommand):
    help = (
        "Add N synthetic incidents for scale tests: plausible dates, types, places across Iraq's "
        "governorates, casualties (often unknown), statuses, claims of every kind by synthetic groups "
        "and their fronts, and links to a shared pool of synthetic sources. Deterministic: the same "
        "--seed and --count give the same data. A seed already generated in this database is refused "
        "(use another --seed to add more). Bulk inserts in one transaction; writes no history rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", required=True, type=int, help="incidents to add (a positive integer)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--batch-size", type=int, default=5000, help="rows per insert (default 5000)")

    def handle(self, *args, count, seed, batch_size, **options):
        for option, value in (("--count", count), ("--batch-size", batch_size)):
            if value < 1:
                raise CommandError(f"{option} must be a positive integer, not {value}")
        try:
            created, seconds = synthetic.generate(count, seed, batch_size, progress=options["verbosity"] > 0)
        except synthetic.SeedAlreadyGenerated as error:
            raise CommandError(f"{error}; pass another --seed to add more incidents") from error
        except IntegrityError as error:
            raise CommandError(f"Nothing was added: {error}") from error
        rows = ", ".join(f"{number:,} {table}" for table, number in created.items())
        rate = created.total() / seconds
        self.stdout.write(self.style.SUCCESS(f"Created {rows} in {seconds:.1f} s ({rate:,.0f} rows/s)"))
