from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.cities.statistics import refresh_statistics
from portal.core.dates import date_argument, local_today
from portal.demodata import generator
from portal.demodata.officials import create_demo_officials, write_demo_officials


class Command(BaseCommand):
    help = (
        "Load the reference data and fill the database with deterministic, "
        "validated demo entities, permits, penalties and list entries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--entities", type=int, default=2000)
        parser.add_argument(
            "--records",
            type=int,
            help="Permits and penalties together (default: 5 per entity).",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=date_argument,
            help="The day the data is generated relative to (default: today).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has entities.",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        if options["if_empty"] and generator.database_has_entities():
            if verbosity:
                self.stdout.write("The database already has entities: nothing done.")
            return
        today = options["today"] or local_today()
        if isinstance(today, str):  # call_command passes strings through
            today = date_argument(today)
        if today > local_today():
            # Records decided after the real today would fail validation.
            raise CommandError("--today cannot be after today.")
        entities = options["entities"]
        records = options["records"]
        if records is None:
            records = 5 * entities
        if entities < 0 or records < 0:
            raise CommandError("--entities and --records cannot be negative.")
        if records and not entities:
            raise CommandError("Permits and penalties need --entities above 0.")
        summary = generator.generate_demo_data(
            entities=entities,
            records=records,
            seed=options["seed"],
            today=today,
            progress=verbosity > 0 and self.stderr.isatty(),
        )
        if verbosity:
            self.stdout.write(
                f"Created {summary.authorities} authorities, {summary.entities} "
                f"entities, {summary.list_entries} list entries, {summary.permits} "
                f"permits and {summary.penalties} penalties in "
                f"{summary.seconds:.1f} s "
                f"({summary.records_per_second:,.0f} records per second)."
            )
        # The cities pages read the statistics computed from these records.
        statistics = refresh_statistics()
        if verbosity:
            self.stdout.write(
                f"Computed the city statistics in {statistics.seconds:.1f} s."
            )
        if settings.DEBUG:
            # Development only: sign-in details are printed, so production
            # settings never get these accounts.
            write_demo_officials(self.stdout, create_demo_officials())
