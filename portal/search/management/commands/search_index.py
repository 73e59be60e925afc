import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from portal.search import indexing


class Command(BaseCommand):
    help = "Rebuild the search index, check it against the records, or show its state."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check", "status"])
        parser.add_argument(
            "--repair", action="store_true", help="With check: fix what it finds."
        )

    def handle(self, *args, action, repair, **options):
        getattr(self, f"_{action}")(repair=repair)

    def _rebuild(self, repair):
        show_bar = self.stdout.isatty()
        bar = tqdm(
            total=indexing.public_count() if show_bar else None,
            unit="doc",
            disable=not show_bar,
            file=sys.stderr,
        )
        started = time.perf_counter()
        with bar:
            written = indexing.rebuild(progress=bar.update)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Indexed {written} documents in {seconds:.1f} s "
            f"({written / max(seconds, 1e-9):,.0f} documents/second)."
        )

    def _check(self, repair):
        report = indexing.check(repair=repair)
        if report.repaired and _was_empty(report):
            # The first run of a new site: nothing had been indexed yet, which
            # is not a fault, so say what was done rather than list "missing".
            built = sum(len(drift.missing) for drift in report.kinds.values())
            self.stdout.write(f"Built the search index: {built} documents.")
            return
        for problem in report.problems:
            self.stdout.write(f"Problem: {problem}")
        for kind, drift in report.kinds.items():
            if not drift and report.repaired:
                continue
            self.stdout.write(
                f"{kind}: {len(drift.missing)} missing, {len(drift.stale)} stale, "
                f"{len(drift.extra)} extra"
            )
            for label in ("missing", "stale", "extra"):
                keys = getattr(drift, label)
                if keys:
                    shown = " ".join(keys[:10]) + (" …" if len(keys) > 10 else "")
                    self.stdout.write(f"  {label}: {shown}")
        if not report.healthy and not report.repaired:
            raise CommandError(
                f"The index has drifted from the records ({report.drift} documents, "
                f"{len(report.problems)} problems); run `search_index check --repair`."
            )
        if report.repaired:
            self.stdout.write(
                f"Brought the search index up to date: {report.drift} documents "
                f"and {len(report.problems)} problems fixed."
            )
        else:
            self.stdout.write("The index matches the records.")

    def _status(self, repair):
        status = indexing.status()
        state = "answering" if status["ok"] else "NOT answering"
        self.stdout.write(f"Backend: {status['backend']} ({state})")
        for problem in status["problems"]:
            self.stdout.write(f"Problem: {problem}")
        for kind, counts in status["kinds"].items():
            self.stdout.write(
                f"{kind}: {counts['indexed']} indexed, {counts['public']} public"
            )


def _was_empty(report) -> bool:
    """Tell whether the index held nothing before the check (a first run)."""
    drifts = report.kinds.values()
    return (
        not report.problems
        and any(drift.missing for drift in drifts)
        and not any(drift.stale or drift.extra for drift in drifts)
        and sum(len(drift.missing) for drift in drifts) == indexing.public_count()
    )
