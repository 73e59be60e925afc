"""django-tasks-db's worker, which also recovers what killed workers left.

It holds a lease for its life (portal.core.workers), so that another process
can tell its tasks from those of a worker that was killed; at start, and
every IMPORT_RECOVERY_SECONDS while it runs, it fails the tasks of dead
workers and runs again the imports whose job stopped
(portal.publishing.services.recovery).
"""

import contextlib
import gc
import logging
import os
import threading

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from portal.core import leases, workers
from portal.publishing.services import recovery

logger = logging.getLogger(__name__)


class Command(db_worker.Command):
    help = (
        "Run a database background worker; at start and every "
        "IMPORT_RECOVERY_SECONDS, recover the imports of stopped workers."
    )

    def handle(self, *args, **options):
        reloading = options["reload"] and not options["batch"]
        if reloading and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's own process only restarts the one that works.
            return super().handle(*args, **options)
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(
                    leases.hold(workers.lease_name(options["worker_id"]))
                )
            except leases.LeaseHeld:
                raise CommandError(
                    f"Another worker runs with the id {options['worker_id']}."
                ) from None
            # Counted by /health/ (portal.core.workers.count_alive).
            stack.enter_context(workers.presence())
            _recover()
            stack.enter_context(_every(settings.IMPORT_RECOVERY_SECONDS, _recover))
            # What is loaded by now (Django, the apps) lives as long as the
            # worker: frozen, the collector stops scanning it over and over
            # while an import makes millions of short-lived objects.
            gc.freeze()
            super().handle(*args, **options)


def _recover() -> None:
    try:
        recovered = recovery.recover_imports()
        failed = workers.fail_dead_tasks()
    except Exception:
        # A database busy or away for a moment: the next round tries again.
        logger.exception("Recovering imports failed.")
        return
    if failed:
        logger.warning("Tasks of stopped workers marked failed: %s", failed)
    if recovered:
        logger.warning("Imports recovered: %s", [batch.pk for batch in recovered])


@contextlib.contextmanager
def _every(seconds: float, function):
    """Call the function every so many seconds, in a thread, while the block runs."""
    stop = threading.Event()

    def loop():
        while not stop.wait(seconds):
            try:
                function()
            finally:
                connections.close_all()  # this thread's own

    thread = threading.Thread(target=loop, name="recover-imports", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
