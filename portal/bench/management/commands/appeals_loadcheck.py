from django.core.management.base import BaseCommand, CommandError

from portal.bench.appeals_load import submit_concurrently


class Command(BaseCommand):
    help = (
        "Post objections concurrently through the real form, each twice, and "
        "check that none was lost or doubled (docs/appeals.md). It creates real "
        "cases: run it against a scratch database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--applications", type=int, default=200)
        parser.add_argument(
            "--write",
            action="store_true",
            help="Confirm that the database is a scratch one the cases may go into.",
        )

    def handle(self, *args, **options):
        if not options["write"]:
            raise CommandError(
                "This creates real cases in the configured database; pass --write "
                "to confirm it is a scratch database."
            )
        if options["clients"] < 1 or options["applications"] < 1:
            raise CommandError("Clients and applications must be positive.")
        try:
            report = submit_concurrently(
                clients=options["clients"], applications=options["applications"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())
        if not report.ok:
            raise CommandError("Applications were lost or doubled.")
