"""Background jobs (django-tasks): checking and publishing large imports.

`manage.py db_worker` runs them from the database queue; tests use the
immediate backend. Small files skip the queue (see `run_check`).
"""

from django.conf import settings
from django_tasks import task

from portal.publishing.models import ImportBatch
from portal.publishing.services import imports


@task()
def check_import_task(batch_id: int) -> None:
    imports.check_import(batch=ImportBatch.objects.get(pk=batch_id))


@task()
def publish_import_task(batch_id: int) -> None:
    imports.publish_import(batch=ImportBatch.objects.get(pk=batch_id))


def _inline(batch: ImportBatch) -> bool:
    return batch.size <= settings.IMPORT_INLINE_MAX_BYTES


def run_check(batch: ImportBatch) -> None:
    """Check a small file now, a large one in the background."""
    if _inline(batch):
        imports.check_import(batch=batch)
    else:
        check_import_task.enqueue(batch.pk)


def run_publish(batch: ImportBatch) -> None:
    """Publish a small file now, a large one in the background."""
    if _inline(batch):
        imports.publish_import(batch=batch)
    else:
        publish_import_task.enqueue(batch.pk)


@task()
def reindex_task(kind: str, ids: list[int]) -> None:
    """Reindex records a large import changed, apart from the import itself."""
    from django.db import transaction

    from portal.search.indexing import schedule_reindex

    with transaction.atomic():
        schedule_reindex(kind, ids)
