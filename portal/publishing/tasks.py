"""Background jobs (django-tasks): checking and publishing large imports.

`manage.py db_worker` runs them from the database queue; tests use the
immediate backend. Small files skip the queue (see `run_check`). A task
carries the attempt it was handed, so that a task made stale by recovery
(portal.publishing.services.recovery) does nothing.
"""

from django.conf import settings
from django.db import transaction
from django_tasks import task

from portal.publishing.choices import ImportStatus
from portal.publishing.models import ImportBatch
from portal.publishing.services import imports
from portal.search.indexing import schedule_reindex


@task()
def check_import_task(batch_id: int, attempt: int | None = None) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    imports.check_import(batch=batch, attempt=attempt)


@task()
def publish_import_task(batch_id: int, attempt: int | None = None) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    imports.publish_import(batch=batch, attempt=attempt)


def _inline(batch: ImportBatch) -> bool:
    return batch.size <= settings.IMPORT_INLINE_MAX_BYTES


def run_check(batch: ImportBatch) -> None:
    """Check a small file now, a large one in the background."""
    if _inline(batch):
        imports.check_import(batch=batch)
    else:
        queue(batch)


def run_publish(batch: ImportBatch) -> None:
    """Publish a small file now, a large one in the background."""
    if _inline(batch):
        imports.publish_import(batch=batch)
    else:
        queue(batch)


def queue(batch: ImportBatch) -> None:
    """Hand the batch's current step (check or publish) to the background worker."""
    if batch.status == ImportStatus.PUBLISHING:
        step = publish_import_task
    else:
        step = check_import_task
    result = step.enqueue(batch.pk, batch.attempt)
    # Recovery tells a task waiting in the queue from one that will never run.
    ImportBatch.objects.filter(pk=batch.pk, attempt=batch.attempt).update(
        task_id=str(result.id)
    )


@task()
def reindex_task(kind: str, ids: list[int]) -> None:
    """Reindex records a large import changed, apart from the import itself."""
    with transaction.atomic():
        schedule_reindex(kind, ids)
