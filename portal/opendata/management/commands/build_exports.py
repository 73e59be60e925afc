from django.core.management.base import BaseCommand

from portal.opendata.services import build_exports


class Command(BaseCommand):
    help = "Build the open-data snapshot and delta files into media storage."

    def handle(self, *args, **options):
        build = build_exports()
        for export in build.files.exclude(kind="state").order_by("dataset", "kind"):
            self.stdout.write(
                f"{export.name}: {export.rows} rows, {export.bytes} bytes"
            )
        self.stdout.write(self.style.SUCCESS(f"Build {build.pk} complete."))
