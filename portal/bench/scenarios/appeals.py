"""Appeals submitted by many applicants at once, through the real form."""

import tempfile

from django.test import override_settings

from portal.bench.appeals_load import submit_concurrently
from portal.bench.registry import Job, timed

CLIENTS = 8
APPLICATIONS = {"tiny": 100}
DEFAULT_APPLICATIONS = 400


@timed("appeals-concurrent")
def appeals_concurrent(ctx):
    """8 clients post objections, each twice, at once: none lost, none doubled."""
    applications = APPLICATIONS.get(ctx.dataset.size, DEFAULT_APPLICATIONS)

    def run():
        with (
            tempfile.TemporaryDirectory(prefix="bench-appeals-") as folder,
            override_settings(PRIVATE_FILES_ROOT=folder),
        ):
            report = submit_concurrently(clients=CLIENTS, applications=applications)
        if not report.ok:
            raise RuntimeError(report.summary())

    return Job(call=run, items=applications, writes=True)
