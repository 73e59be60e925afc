from django.core.management.base import BaseCommand

from portal.core.dates import date_argument
from portal.publishing.services.housekeeping import recompute_deadlines


class Command(BaseCommand):
    help = (
        "Recompute the 7-working-day publication deadline of saved records, e.g. "
        "after loading next year's holiday schedule."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="decided_from", type=date_argument)
        parser.add_argument("--until", dest="decided_until", type=date_argument)

    def handle(self, *args, **options):
        count = recompute_deadlines(
            decided_from=options["decided_from"],
            decided_until=options["decided_until"],
            reason="recompute_deadlines",
        )
        if options["verbosity"]:
            self.stdout.write(f"Deadlines changed for {count} records.")
