import datetime
import signal

from django.core.management.base import BaseCommand, CommandError

from portal.bench import datasets, pairs, peer, server
from portal.bench.exceptions import BenchError
from portal.bench.registry import get_scenarios
from portal.bench.report import peer_table, table
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
            "--today",
            type=datetime.date.fromisoformat,
            help=(
                "The day the dataset's records are dated back from, YYYY-MM-DD "
                "(default: the build day; a dataset of another day is rebuilt)."
            ),
        )
        parser.add_argument(
            "--peer",
            choices=peer.NAMES,
            default="",
            help=(
                "Measure the portal against this peer, serving a copy of the same "
                "SQLite file, in interleaved pairs instead of the scenarios; "
                "--scenario then names pairs, or the scenarios they pair with."
            ),
        )
        parser.add_argument(
            "--list",
            action="store_true",
            help="List the scenarios (with --peer, the pairs) and stop.",
        )

    def handle(self, *args, **options):
        if options["list"] and options["peer"]:
            for spec in pairs.PAIRS.values():
                self.stdout.write(
                    f"{spec.name:28} {spec.scenario or '':26} {spec.title}"
                )
            return
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
                today=options["today"],
                peer_name=options["peer"],
            )
        except BenchError as error:
            raise CommandError(str(error)) from error
        except KeyboardInterrupt:
            raise CommandError("Interrupted; the server has been stopped.") from None
        self.stdout.write("")
        self.stdout.write(table(document))
        if compared := peer_table(document):
            self.stdout.write("")
            self.stdout.write(compared)
        troubled = any(
            row.get("errors") or "error" in row for row in document["scenarios"]
        )
        if troubled and document["server_log"]:
            self.stdout.write(f"\nThe server's log: {document['server_log']}")
        if _peer_troubled(document):
            self.stdout.write(f"\nThe peer's log: {document['peer']['server_log']}")
        self.stdout.write(f"\nWrote {path}")


def _peer_troubled(document) -> bool:
    rows = document.get("peer", {}).get("pairs", [])
    return any(
        "error" in row
        or any(row[side]["errors"] for side in ("portal", "peer") if side in row)
        for row in rows
    )


def _interrupt(signum, frame):
    raise KeyboardInterrupt
