"""Bulk imports: upload, check (nothing written), then publish.

A file is checked first: every row's problems by row number and column, and
what publishing would do (new records, corrections, unchanged rows). Publishing
checks it again and writes all its rows in one transaction, or only the valid
ones when the official chose so explicitly. Rows are idempotent on (authority,
record type, decision number): the same file twice changes nothing.

Each step runs as a job that holds the batch's lease (`job_lease`) and ends
the step in the same transaction as its writes; a job whose process stopped
is run again by portal.publishing.services.recovery.
"""

import contextlib
import hashlib
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core import leases
from portal.core.storage import private_storage
from portal.publishing.choices import ImportMode, ImportStatus, RowOutcome
from portal.publishing.exceptions import PublishingError
from portal.publishing.importing import FIRST_ROW
from portal.publishing.importing.pipeline import (
    Checked,
    check_rows,
    plan_from_line,
    plan_line,
    write_plans,
)
from portal.publishing.importing.readers import UnreadableFile, read_table
from portal.publishing.importing.rows import Problem
from portal.publishing.models import (
    ImportBatch,
    ImportCorrection,
    ImportProblem,
    Official,
)
from portal.publishing.services.records import check_scope
from portal.publishing.signals import records_published
from portal.search.indexing import schedule_reindex

logger = logging.getLogger(__name__)
# Rows between two progress updates (each is one UPDATE of the batch).
_PROGRESS_EVERY = 5000
RUNNING = (ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.PUBLISHING)


class _Superseded(Exception):
    """Another attempt took the batch over; this job's writes are rolled back."""


def job_lease(batch_id: int) -> str:
    """Return the name of the lease a job holds while it runs the batch's step."""
    return f"publishing.import.{batch_id}"


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def create_import(
    *, official: Official, kind: str, upload, language: str = ""
) -> ImportBatch:
    """Store an uploaded file, privately, as an import waiting to be checked."""
    check_scope(official)
    batch = ImportBatch(
        authority=official.authority,
        kind=kind,
        original_name=(upload.name or "upload")[-255:],
        size=upload.size or 0,
        sha256=_sha256(upload),
        uploaded_by=official.user,
        language=language or translation.get_language() or "",
        queued_at=timezone.now(),
    )
    batch.file.save(batch.original_name, File(upload), save=False)
    batch.save()
    return batch


def _progress(batch: ImportBatch):
    last = [0]

    def report(done: int) -> None:
        if done - last[0] >= _PROGRESS_EVERY or done == batch.rows_total:
            last[0] = done
            ImportBatch.objects.filter(pk=batch.pk, attempt=batch.attempt).update(
                rows_done=done
            )

    return report


def _count_rows(batch: ImportBatch) -> int:
    with batch.file.open("rb") as stream:
        table = read_table(stream, name=batch.original_name)
        return sum(1 for _row in table.rows)


def _plan_path(batch: ImportBatch) -> str:
    return f"plans/{batch.authority_id}/{batch.pk}.jsonl"


def _read_and_check(batch: ImportBatch) -> Checked:
    """Check the file; keep the plans of its valid rows for publishing."""
    storage = private_storage()
    path = _plan_path(batch)
    storage.delete(path)
    try:
        if not batch.rows_total:
            batch.rows_total = _count_rows(batch)
            ImportBatch.objects.filter(pk=batch.pk).update(rows_total=batch.rows_total)
        with batch.file.open("rb") as stream, _PlanWriter(storage, path) as plans:
            table = read_table(stream, name=batch.original_name)
            batch.encoding = table.encoding
            return check_rows(
                kind=batch.kind,
                authority=batch.authority,
                headers=table.headers,
                rows=table.rows,
                sink=plans.write,
                progress=_progress(batch),
            )
    except UnreadableFile as error:
        return Checked(problems=[Problem(0, "", str(error))], file_problem=True)


class _PlanWriter:
    """Write plans as JSON lines into a private file, once the check is done.

    The lines go to a local temporary file, then into the private storage in
    one save: a bucket takes whole objects, and another host's worker
    publishes from them.
    """

    def __init__(self, storage, path):
        self.storage = storage
        self.path = path

    def __enter__(self):
        self.file = tempfile.TemporaryFile()
        return self

    def write(self, plans) -> None:
        self.file.writelines((plan_line(plan) + "\n").encode() for plan in plans)

    def __exit__(self, exc_type, *exc):
        with self.file:
            if exc_type is not None:
                return
            self.file.seek(0)
            self.storage.delete(self.path)
            saved = self.storage.save(self.path, File(self.file))
        if saved != self.path:
            # The storage chose another name: _plans() would not find it.
            self.storage.delete(saved)
            raise RuntimeError(f"Could not keep the plans as {self.path}.")


def _plans(batch: ImportBatch):
    with private_storage().open(_plan_path(batch), "rb") as stream:
        for line in stream:
            yield plan_from_line(batch.kind, line.decode("utf-8"))


def _store_report(batch: ImportBatch, checked: Checked) -> None:
    batch.problems.all().delete()
    batch.corrections.all().delete()
    levels = (
        (ImportProblem.Level.ERROR, checked.problems),
        (ImportProblem.Level.WARNING, checked.warnings),
    )
    ImportProblem.objects.bulk_create(
        [
            ImportProblem(
                batch=batch,
                row=p.row,
                column=p.column,
                message=p.message[:2000],
                level=level,
            )
            for level, problems in levels
            for p in problems
        ],
        batch_size=2000,
    )
    ImportCorrection.objects.bulk_create(
        [
            ImportCorrection(
                batch=batch,
                row=c.row,
                record_id=c.record_id,
                decision_number=c.decision_number,
                changes=c.changes,
            )
            for c in checked.corrections
        ],
        batch_size=2000,
    )
    counts = checked.counts
    batch.rows_total = checked.rows_total
    batch.rows_done = checked.rows_total
    batch.rows_new = counts[RowOutcome.NEW]
    batch.rows_changed = counts[RowOutcome.CHANGED]
    batch.rows_unchanged = counts[RowOutcome.UNCHANGED]
    batch.rows_invalid = counts[RowOutcome.INVALID]
    batch.problem_count = len(checked.problems)
    batch.header_style = checked.header_style
    batch.ignored_columns = checked.ignored_columns
    batch.validated_at = timezone.now()


@contextlib.contextmanager
def _job(batch: ImportBatch, attempt: int | None, *, waiting, running: str):
    """Run the batch's current step here: hold its lease, mark the job started.

    Yield the batch, or None when another live job holds it or the batch no
    longer waits for this attempt (a recovered batch's earlier task, say).
    """
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(leases.hold(job_lease(batch.pk)))
        except leases.LeaseHeld:
            logger.warning("Import %s: another job is running it.", batch.pk)
            yield None
            return
        # Started only once the lease is held: a started batch whose lease is
        # free has lost its job (see recovery.is_stale).
        started = ImportBatch.objects.filter(
            pk=batch.pk,
            attempt=attempt or batch.attempt,
            status__in=waiting,
            started_at__isnull=True,
        ).update(status=running, started_at=timezone.now())
        batch.refresh_from_db()
        yield batch if started else None


def check_import(*, batch: ImportBatch, attempt: int | None = None) -> ImportBatch:
    """Check every row of the file and store the report; write no record.

    `attempt` is the one the job was handed (the batch's current one if not
    given); a job of an earlier attempt does nothing.
    """
    return _run_step(
        batch,
        attempt,
        waiting=(ImportStatus.QUEUED, ImportStatus.VALIDATING),
        running=ImportStatus.VALIDATING,
        work=lambda job: _end_check(job, _read_and_check(job)),
    )


def _run_step(batch: ImportBatch, attempt, *, waiting, running, work) -> ImportBatch:
    with (
        translation.override(batch.language or None),
        _job(batch, attempt, waiting=waiting, running=running) as job,
    ):
        if job is not None:
            try:
                work(job)
            except _Superseded:
                pass  # another attempt runs it; this one's writes were undone
            except Exception as error:
                _failed(job, error)
    batch.refresh_from_db()
    return batch


@transaction.atomic
def _end_check(batch: ImportBatch, checked: Checked) -> None:
    """Store the report and end the check, together or not at all."""
    current = (
        ImportBatch.objects.select_for_update()
        .filter(pk=batch.pk, attempt=batch.attempt, status=ImportStatus.VALIDATING)
        .first()
    )
    if current is None:
        raise _Superseded()
    batch.task_id = current.task_id  # recorded by the web process meanwhile
    _store_report(batch, checked)
    batch.status = ImportStatus.VALIDATED
    batch.save()


def _new_step() -> dict:
    """Return the fields that hand a batch's next step to a job of its own."""
    return {
        "rows_done": 0,
        "attempt": 1,
        "queued_at": timezone.now(),
        "started_at": None,
        "task_id": "",
        "interrupted": "",
    }


def check_again(*, batch: ImportBatch, official: Official, language: str) -> None:
    """Queue the file for a new check, its report written in `language`.

    For a report read in another language than it was written in, or a
    batch that failed: checking writes no record, so it can always be redone
    until the file is published.
    """
    check_scope(official)
    if batch.authority_id != official.authority_id:
        raise PublishingError()
    updated = ImportBatch.objects.filter(
        pk=batch.pk, status__in=(ImportStatus.VALIDATED, ImportStatus.FAILED)
    ).update(status=ImportStatus.QUEUED, language=language, error="", **_new_step())
    if not updated:
        raise PublishingError(_("This import is being checked or published now."))
    batch.refresh_from_db()


def blocking_reason(batch: ImportBatch, mode: str) -> str:
    """Return why the batch cannot be published in this mode ("" if it can)."""
    if batch.status != ImportStatus.VALIDATED:
        return _("The file must be checked before it is published.")
    if not batch.rows_total:
        if batch.problem_count:
            return _("The file itself has problems; correct them and upload it again.")
        return _("The file has no rows to publish.")
    if batch.rows_invalid and mode == ImportMode.ALL_OR_NOTHING:
        return _(
            "Some rows have problems. Correct them and upload the file again, or "
            "choose to publish only the valid rows."
        )
    if not batch.rows_new and not batch.rows_changed:
        return _("Nothing to publish: every valid row is already published as it is.")
    return ""


def start_publish(
    *, batch: ImportBatch, official: Official, mode: str, reason: str = ""
) -> ImportBatch:
    """Accept the official's choice of mode and reason; mark the batch publishing."""
    check_scope(official)
    if batch.authority_id != official.authority_id:
        raise PublishingError()
    if mode not in ImportMode.values:
        raise ValidationError({"mode": gettext_lazy("Choose how to publish.")})
    blocked = blocking_reason(batch, mode)
    if blocked:
        raise PublishingError(blocked)
    if batch.rows_changed and not reason.strip():
        raise ValidationError(
            {
                "reason": gettext_lazy(
                    "Some rows correct published records: say why; the public "
                    "sees the reason."
                )
            }
        )
    updated = ImportBatch.objects.filter(
        pk=batch.pk, status=ImportStatus.VALIDATED
    ).update(
        status=ImportStatus.PUBLISHING,
        mode=mode,
        correction_reason=reason.strip(),
        published_by=official.user,
        **_new_step(),
    )
    if not updated:
        raise PublishingError(_("This import is already being published."))
    batch.refresh_from_db()
    return batch


def publish_import(*, batch: ImportBatch, attempt: int | None = None) -> ImportBatch:
    """Publish the checked file as the official chose (see start_publish).

    `attempt` as for check_import.
    """
    return _run_step(
        batch,
        attempt,
        waiting=(ImportStatus.PUBLISHING,),
        running=ImportStatus.PUBLISHING,
        work=_publish,
    )


def _publish(batch: ImportBatch) -> None:
    def published(written) -> None:
        # In the records' transaction: after a crash the batch is either
        # published with exactly what was written, or still publishing with
        # nothing written, and publishing again from the plan file is safe.
        updated = ImportBatch.objects.filter(
            pk=batch.pk, attempt=batch.attempt, status=ImportStatus.PUBLISHING
        ).update(
            status=ImportStatus.PUBLISHED,
            created_count=written.created,
            corrected_count=written.corrected,
            skipped_count=batch.rows_invalid,
            rows_done=batch.rows_total,
            published_at=timezone.now(),
        )
        if not updated:
            raise _Superseded()

    # The rows were validated by the check; the plan file holds their cleaned
    # values. What depends on the database (is the record new, changed,
    # withdrawn meanwhile?) is decided again inside the transaction.
    write_plans(
        kind=batch.kind,
        authority=batch.authority,
        plans=_plans(batch),
        actor=batch.published_by,
        source=batch.reference,
        reason=batch.correction_reason,
        reindex=_reindex_later
        if batch.size > settings.IMPORT_INLINE_MAX_BYTES
        else schedule_reindex,
        on_written=published,
    )
    private_storage().delete(_plan_path(batch))
    # The authority's timeliness and completeness figures include these now.
    records_published.send(sender=ImportBatch, authorities=[batch.authority_id])


def _reindex_later(kind: str, ids: list[int]) -> None:
    """Queue the reindexing of a large import for the worker, after commit."""
    from portal.publishing.tasks import reindex_task

    ids = list(ids)
    transaction.on_commit(lambda: reindex_task.enqueue(kind, ids))


def _failed(batch: ImportBatch, error: Exception) -> None:
    logger.exception("Import %s failed", batch.pk)
    message = error.message if isinstance(error, PublishingError) else ""
    ImportBatch.objects.filter(
        pk=batch.pk, attempt=batch.attempt, status__in=RUNNING
    ).update(
        status=ImportStatus.FAILED,
        error=str(message)
        or _(
            "The import stopped because of an unexpected error (%(error)s). Nothing "
            "was published; upload the file again or ask the portal's operators."
        )
        % {"error": error.__class__.__name__},
    )


@transaction.atomic
def push_records(
    *,
    official: Official,
    kind: str,
    records: list[dict],
    mode: str = ImportMode.ALL_OR_NOTHING,
    reason: str = "",
    dry_run: bool = False,
    source: str = "api",
) -> tuple[Checked, object]:
    """Check and publish records sent as {column code: value} (the officials' API).

    Rows are numbered as in a file of these records under a header row, so
    that a push and an upload of the same rows report the same numbers:
    `records[0]` is row 2.
    """
    check_scope(official)
    headers = list(dict.fromkeys(code for record in records for code in record))
    rows = (
        (number, [record.get(code) for code in headers])
        for number, record in enumerate(records, start=FIRST_ROW)
    )
    plans = []
    checked = check_rows(
        kind=kind,
        authority=official.authority,
        headers=headers,
        rows=rows,
        sink=plans.extend,
    )
    blocked = checked.file_problem or (
        mode == ImportMode.ALL_OR_NOTHING and checked.problems
    )
    if blocked or dry_run:
        return checked, None
    if checked.counts[RowOutcome.CHANGED] and not reason.strip():
        checked.problems.append(
            Problem(
                0,
                "",
                _(
                    "Some records correct published ones: give the reason in "
                    "“correction_reason”; the public sees it."
                ),
            )
        )
        return checked, None
    written = write_plans(
        kind=kind,
        authority=official.authority,
        plans=plans,
        actor=official.user,
        source=source,
        reason=reason.strip(),
    )
    records_published.send(sender=ImportBatch, authorities=[official.authority_id])
    return checked, written
