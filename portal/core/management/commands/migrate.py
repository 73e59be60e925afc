"""`migrate` for every database: the main one and the state one.

Django migrates only "default" unless told `--database`; the state database
(rate-limit counters and the cache, portal/core/routers.py) must come with
it, or the first request after a fresh `migrate` would find no counter table.
"""

from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connections


class Command(MigrateCommand):
    help = (
        "Update the database schema: every configured database (the main and "
        "the state one), or the one given with --database."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(database=None)

    def get_check_kwargs(self, options):
        kwargs = super().get_check_kwargs(options)
        if options["database"] is None:
            kwargs["databases"] = list(connections)
        return kwargs

    def handle(self, *args, **options):
        if options["database"] is not None:
            return super().handle(*args, **options)
        for alias in connections:
            if options["verbosity"] >= 1 and alias != "default":
                self.stdout.write(self.style.MIGRATE_HEADING(f"Database {alias}:"))
            super().handle(*args, **{**options, "database": alias})
