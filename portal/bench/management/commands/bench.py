import signal

from django.core.management.base import BaseCommand, CommandError

from portal.bench import datasets, server
from portal.bench.exceptions import BenchError
from portal.bench.registry import get_scenarios
from portal.bench.report import table
from portal.bench.runner import Options, run_benchmark


class Command(BaseCommand):
    help = (
        "Measure latency, throughput and memory of a real server on a benchmark "
        "dataset (docs/performance.md)."
    )

    def add_arguments(self, parser):
        defaults = Options()
        parser.add_argument("--size", choices=datasets.SIZES, default="small")
        parser.add_argument(
            "--scenario",
            dest="scenarios",
            nargs="+",
            action="extend",
            metavar="NAME",
            help="Scenarios to run (default: all; see --list).",
        )
        parser.add_argument(
            "--requests",
            type=int,
            default=defaults.requests,
            help="Requests per scenario (default: %(default)s).",
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=defaults.concurrency,
            help="Requests in flight at once (default: %(default)s).",
        )
        parser.add_argument(
            "--time-limit",
            type=float,
            default=defaults.time_limit,
            help="Seconds after which a scenario stops (default: %(default)s).",
        )
        parser.add_argument("--server", choices=server.MODES, default="gunicorn")
        parser.add_argument(
            "--workers", type=int, help="gunicorn workers (default: cores, at least 2)."
        )
        parser.add_argument(
            "--rebuild", action="store_true", help="Build the dataset afresh."
        )
        parser.add_argument(
            "--database-url",
            default="",
            help=(
                "Build and serve the dataset in this PostgreSQL database "
                "(postgres://.../portal_bench), which the bench drops and creates "
                "again to build; its name must contain 'bench' (default: a SQLite "
                "file in var/bench/)."
            ),
        )
        parser.add_argument(
            "--cache-url",
            default="",
            help=(
                "The server's cache, e.g. redis://127.0.0.1:6379/3 (default: the "
                "state database's table)."
            ),
        )
        parser.add_argument(
            "--list", action="store_true", help="List the scenarios and stop."
        )

    def handle(self, *args, **options):
        if options["list"]:
            for scenario in get_scenarios():
                self.stdout.write(
                    f"{scenario.name:28} {scenario.kind:6} {scenario.description}"
                )
            return
        # Turn `kill` into an exception, so the server is stopped on the way out.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            document, path = run_benchmark(
                size=options["size"],
                names=options["scenarios"],
                server_mode=options["server"],
                options=Options(
                    requests=options["requests"],
                    concurrency=options["concurrency"],
                    time_limit=options["time_limit"],
                ),
                workers=options["workers"],
                rebuild=options["rebuild"],
                log=self.stdout.write,
                database_url=options["database_url"],
                cache_url=options["cache_url"],
            )
        except BenchError as error:
            raise CommandError(str(error)) from error
        except KeyboardInterrupt:
            raise CommandError("Interrupted; the server has been stopped.") from None
        self.stdout.write("")
        self.stdout.write(table(document))
        troubled = any(
            row.get("errors") or "error" in row for row in document["scenarios"]
        )
        if troubled and document["server_log"]:
            self.stdout.write(f"\nThe server's log: {document['server_log']}")
        self.stdout.write(f"\nWrote {path}")


def _interrupt(signum, frame):
    raise KeyboardInterrupt
