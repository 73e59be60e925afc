from django.core.management.base import BaseCommand, CommandError

from portal.cities.statistics import refresh_statistics
from portal.registry.models import Authority


class Command(BaseCommand):
    help = (
        "Recompute the demonstration-city statistics from the records "
        "(run nightly, and after imports)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--authority",
            type=int,
            action="append",
            dest="authorities",
            metavar="ID",
            help="Only this authority and the cities holding it (repeatable).",
        )

    def handle(self, *args, **options):
        authorities = options["authorities"]
        if authorities:
            known = set(
                Authority.objects.filter(pk__in=authorities).values_list(
                    "pk", flat=True
                )
            )
            if unknown := sorted(set(authorities) - known):
                raise CommandError(
                    f"No authority with id {', '.join(map(str, unknown))}."
                )
        result = refresh_statistics(authorities=authorities)
        if options["verbosity"]:
            if result.skipped:
                self.stdout.write("A newer refresh was written meanwhile: skipped.")
            else:
                self.stdout.write(
                    f"Wrote {result.rows} summary rows in {result.seconds:.1f} s."
                )
