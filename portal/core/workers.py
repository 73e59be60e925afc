"""Liveness of the background workers (django-tasks-db's `manage.py db_worker`).

Each worker holds a lease (portal.core.leases) named for its worker id as long
as it runs (see portal.publishing.management.commands.db_worker). A task left
RUNNING by a worker whose lease nobody holds will never finish: its worker was
killed or its machine restarted.

Each worker also holds one of a fixed set of presence leases for its life, so
that /health/ can count the workers alive without knowing their ids.
"""

import contextlib

from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.core import leases


class WorkerLost(Exception):
    """The worker running the task stopped before the task ended."""


def lease_name(worker_id: str) -> str:
    return f"tasks.worker.{worker_id}"


# More workers than this run fine; /health/ counts no further.
PRESENCE_SLOTS = 32


def _presence_name(slot: int) -> str:
    return f"tasks.workers.present.{slot}"


@contextlib.contextmanager
def presence():
    """Hold a free presence lease while the block runs (the worker's life)."""
    with contextlib.ExitStack() as stack:
        for slot in range(PRESENCE_SLOTS):
            name = _presence_name(slot)
            if leases.is_held(name):
                continue
            try:
                stack.enter_context(leases.hold(name))
            except leases.LeaseHeld:  # another worker starting at the same time
                continue
            break
        yield


def count_alive() -> int:
    """Return how many workers run now (up to PRESENCE_SLOTS)."""
    return len(leases.held(_presence_name(slot) for slot in range(PRESENCE_SLOTS)))


def is_alive(task: DBTaskResult) -> bool:
    """Return whether the worker that claimed the task still runs."""
    if not task.worker_ids:
        return False
    return leases.is_held(lease_name(task.worker_ids[-1]))


def fail_dead_tasks(*, ids=None) -> list[str]:
    """Mark failed the running tasks whose worker stopped; return their ids."""
    running = DBTaskResult.objects.running()
    if ids is not None:
        running = running.filter(pk__in=ids)
    failed = []
    for task in running.only("id", "worker_ids"):
        if is_alive(task):
            continue
        worker = task.worker_ids[-1] if task.worker_ids else "?"
        updated = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"WorkerLost: worker {worker} stopped while the task ran.",
            return_value=None,
        )
        if updated:
            failed.append(str(task.pk))
    return failed
