from django.core.management.base import BaseCommand

from portal.opendata.selectors import latest_build
from portal.opendata.services import build_exports


class Command(BaseCommand):
    help = "Build the open-data snapshot and delta files into media storage."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help=(
                "Build only if no complete build exists yet: a new site's first "
                "run (`make run`) offers files at once."
            ),
        )

        parser.add_argument(
            "--origin",
            default="",
            help=(
                "Scheme and host the files' page addresses start with "
                "(https://credit.example.org); default: the SITE_URL setting."
            ),
        )

    def handle(self, *args, if_missing=False, origin="", **options):
        if if_missing and (existing := latest_build()) is not None:
            self.stdout.write(f"Open-data files already built (build {existing.pk}).")
            return
        build = build_exports(origin=origin)
        for export in build.files.exclude(kind="state").order_by("dataset", "kind"):
            self.stdout.write(
                f"{export.name}: {export.rows} rows, {export.bytes} bytes"
            )
        self.stdout.write(self.style.SUCCESS(f"Build {build.pk} complete."))
