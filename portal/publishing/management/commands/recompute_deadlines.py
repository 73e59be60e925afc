import datetime

from django.core.management.base import BaseCommand, CommandError

from portal.publishing.services.housekeeping import recompute_deadlines


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = (
        "Recompute the 7-working-day publication deadline of saved records, e.g. "
        "after loading next year's holiday schedule."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="decided_from", type=_date)
        parser.add_argument("--until", dest="decided_until", type=_date)

    def handle(self, *args, **options):
        count = recompute_deadlines(
            decided_from=options["decided_from"],
            decided_until=options["decided_until"],
            reason="recompute_deadlines",
        )
        if options["verbosity"]:
            self.stdout.write(f"Deadlines changed for {count} records.")
