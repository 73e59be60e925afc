"""Imports whose job stopped with its process: run them again, or fail them.

A job (in a web request, or a task of the background worker) holds the
batch's lease (`imports.job_lease`) from before it marks the batch started
until after it records the step's end, which it does in the transaction of
the step's writes. So a batch still checking or publishing whose job started
but whose lease nobody holds lost its job, and nothing it did was kept. A
batch waiting for its job is stale when none will come: its task's worker
died, its task ended or vanished, or (in a web request) the process died
before starting it.

A stale batch is handed to the background worker again (the check from the
file, the publication from the kept plan file: both idempotent), up to
IMPORT_MAX_ATTEMPTS attempts; then it fails, saying that nothing was written.
The worker recovers at start and every IMPORT_RECOVERY_SECONDS; the import
pages check the batches they show.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.core import leases, workers
from portal.publishing import tasks
from portal.publishing.choices import ImportStatus, Runner
from portal.publishing.models import ImportBatch
from portal.publishing.services import imports

logger = logging.getLogger(__name__)
# How long a batch may wait for a job that nothing shows coming: the moments
# between handing a step over and a job taking it.
GRACE = datetime.timedelta(minutes=1)
_CHECKING = (ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.VALIDATED)


def is_stale(batch: ImportBatch, *, now=None) -> bool:
    """Return whether the batch runs no more and no job will come to run it."""
    if batch.status not in imports.RUNNING:
        return False
    if batch.started_at is not None:
        return not leases.is_held(imports.job_lease(batch.pk))
    task = _task(batch.task_id)
    if task is not None and task.status == TaskResultStatus.READY:
        return False  # waiting in the queue, however long
    if task is not None and task.status == TaskResultStatus.RUNNING:
        return not workers.is_alive(task)  # claimed, about to start it
    waiting_since = batch.queued_at or batch.created_at
    return (now or timezone.now()) - waiting_since > GRACE


def _task(task_id: str) -> DBTaskResult | None:
    if not task_id:
        return None
    try:
        return DBTaskResult.objects.filter(pk=task_id).first()
    except ValidationError:  # another backend's id
        return None


def recover(batch: ImportBatch) -> ImportBatch:
    """Hand a stale batch's step to the worker again, or fail it after the last."""
    runner = Runner.WORKER if batch.task_id else Runner.WEB
    unchanged = ImportBatch.objects.filter(
        pk=batch.pk,
        status=batch.status,
        attempt=batch.attempt,
        started_at=batch.started_at,
        task_id=batch.task_id,
    )
    # The task of a job that died is RUNNING for ever unless marked.
    if batch.task_id:
        workers.fail_dead_tasks(ids=[batch.task_id])
    with transaction.atomic():
        if batch.attempt >= settings.IMPORT_MAX_ATTEMPTS:
            with translation.override(batch.language or None):
                error = _gave_up(batch)
            if unchanged.update(
                status=ImportStatus.FAILED, error=error, interrupted=runner
            ):
                logger.error("Import %s: %s", batch.pk, error)
        elif unchanged.update(
            status=ImportStatus.PUBLISHING
            if batch.status == ImportStatus.PUBLISHING
            else ImportStatus.QUEUED,
            attempt=F("attempt") + 1,
            queued_at=timezone.now(),
            started_at=None,
            task_id="",
            rows_done=0,
            interrupted=runner,
        ):
            batch.refresh_from_db()
            logger.warning(
                "Import %s: its job (%s) stopped; running it again, attempt %s of %s.",
                batch.pk,
                runner.value,
                batch.attempt,
                settings.IMPORT_MAX_ATTEMPTS,
            )
            # In the transaction: the task is queued if and only if the
            # attempt is recorded.
            tasks.queue(batch)
    batch.refresh_from_db()
    return batch


def _gave_up(batch: ImportBatch) -> str:
    if batch.status == ImportStatus.PUBLISHING:
        message = _(
            "Publishing stopped before it finished, on attempt %(attempt)s of "
            "%(max)s: the process running it ended (the background worker or the "
            "web server was stopped or restarted). Nothing was published: no "
            "record of this file was written. Upload the file again to try once "
            "more; if it stops again, ask the portal's operators."
        )
    else:
        message = _(
            "Checking stopped before it finished, on attempt %(attempt)s of "
            "%(max)s: the process running it ended (the background worker or the "
            "web server was stopped or restarted). Nothing was published. Upload "
            "the file again to try once more; if it stops again, ask the portal's "
            "operators."
        )
    return message % {"attempt": batch.attempt, "max": settings.IMPORT_MAX_ATTEMPTS}


def recover_imports(*, batches=None) -> list[ImportBatch]:
    """Recover the stale ones of the batches (default: all); return them."""
    batches = ImportBatch.objects.all() if batches is None else batches
    now = timezone.now()
    return [
        recover(batch)
        for batch in batches.filter(status__in=imports.RUNNING).order_by("pk")
        if is_stale(batch, now=now)
    ]


def recover_quietly(batches) -> None:
    """Recover the stale ones of the batches a page shows, if the database lets."""
    try:
        recover_imports(batches=batches)
    except DatabaseError:
        # SQLite busy with a long import, say: the worker or the next
        # page view recovers them.
        logger.warning("Recovering imports failed; trying later.", exc_info=True)


def interruption(batch: ImportBatch) -> str:
    """Return what the page says of the step's last interruption ("" if none)."""
    if not batch.interrupted or batch.status == ImportStatus.FAILED:
        return ""
    values = {"attempt": batch.attempt, "max": settings.IMPORT_MAX_ATTEMPTS}
    checking = batch.status in _CHECKING
    if batch.interrupted == Runner.WORKER:
        if checking:
            message = _(
                "The background worker stopped while checking the file; checking "
                "resumed (attempt %(attempt)s of %(max)s)."
            )
        else:
            message = _(
                "The background worker stopped while publishing; publishing "
                "resumed (attempt %(attempt)s of %(max)s)."
            )
    elif checking:
        message = _(
            "The web server stopped while checking the file; checking resumed in "
            "the background (attempt %(attempt)s of %(max)s)."
        )
    else:
        message = _(
            "The web server stopped while publishing; publishing resumed in the "
            "background (attempt %(attempt)s of %(max)s)."
        )
    return message % values
