from django.core.management.base import BaseCommand, CommandError

from incidents import releases


class Command(BaseCommand):
    help = (
        "Write an immutable, versioned snapshot of the published data set into RELEASES_DIR/VERSION/: "
        "CSV, JSON Lines and GeoJSON of the incidents, claims.csv, sources.csv, the codebook, a manifest, "
        "a changelog since the previous release and SHA256SUMS. An existing version is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("version")
        parser.add_argument(
            "--site-url", default="", help="The public site's address, for the incidents' url column (e.g. https://…)."
        )

    def handle(self, *args, version, site_url, **options):
        try:
            manifest = releases.release(version, site_url.rstrip("/"))
        except releases.ReleaseError as error:
            raise CommandError(str(error)) from error
        counts, changes = manifest["counts"], manifest["changes"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Release {version} written to {releases.release_path(version)}: {counts['incidents']} incidents "
                f"({changes['added']} added, {changes['corrected']} corrected, {changes['retracted']} retracted)."
            )
        )
