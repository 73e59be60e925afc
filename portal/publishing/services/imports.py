"""Bulk imports: upload, check (nothing written), then publish.

A file is checked first: every row's problems by row number and column, and
what publishing would do (new records, corrections, unchanged rows). Publishing
checks it again and writes all its rows in one transaction, or only the valid
ones when the official chose so explicitly. Rows are idempotent on (authority,
record type, decision number): the same file twice changes nothing.
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.cities.statistics import schedule_statistics_refresh
from portal.publishing.choices import ImportMode, ImportStatus, RowOutcome
from portal.publishing.exceptions import PublishingError
from portal.publishing.importing.pipeline import (
    Checked,
    check_rows,
    plan_from_line,
    plan_line,
    write_plans,
)
from portal.publishing.importing.readers import UnreadableFile, read_table
from portal.publishing.importing.rows import Problem
from portal.publishing.models import ImportBatch, ImportProblem, Official
from portal.publishing.services.records import check_scope
from portal.publishing.storage import private_storage
from portal.search.indexing import schedule_reindex

logger = logging.getLogger(__name__)
# Rows between two progress updates (each is one UPDATE of the batch).
_PROGRESS_EVERY = 5000


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
    )
    batch.file.save(batch.original_name, File(upload), save=False)
    batch.save()
    return batch


def _progress(batch: ImportBatch):
    last = [0]

    def report(done: int) -> None:
        if done - last[0] >= _PROGRESS_EVERY or done == batch.rows_total:
            last[0] = done
            ImportBatch.objects.filter(pk=batch.pk).update(rows_done=done)

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
    """Write plans as JSON lines to a private file."""

    def __init__(self, storage, path):
        self.full_path = storage.path(path)

    def __enter__(self):
        import os

        os.makedirs(os.path.dirname(self.full_path), exist_ok=True)
        self.file = open(self.full_path, "w", encoding="utf-8")
        return self

    def write(self, plans) -> None:
        self.file.writelines(plan_line(plan) + "\n" for plan in plans)

    def __exit__(self, *exc):
        self.file.close()


def _plans(batch: ImportBatch):
    with private_storage().open(_plan_path(batch), "rb") as stream:
        for line in stream:
            yield plan_from_line(batch.kind, line.decode("utf-8"))


def _store_report(batch: ImportBatch, checked: Checked) -> None:
    batch.problems.all().delete()
    ImportProblem.objects.bulk_create(
        [
            ImportProblem(
                batch=batch, row=p.row, column=p.column, message=p.message[:2000]
            )
            for p in checked.problems
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


def check_import(*, batch: ImportBatch) -> ImportBatch:
    """Check every row of the file and store the report; write no record."""
    with translation.override(batch.language or None):
        batch.status = ImportStatus.VALIDATING
        batch.save(update_fields=["status"])
        try:
            checked = _read_and_check(batch)
        except Exception as error:
            return _failed(batch, error)
        _store_report(batch, checked)
        batch.status = ImportStatus.VALIDATED
        batch.save()
    return batch


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
        rows_done=0,
    )
    if not updated:
        raise PublishingError(_("This import is already being published."))
    batch.refresh_from_db()
    return batch


def publish_import(*, batch: ImportBatch) -> ImportBatch:
    """Check the file again and publish it as the official chose (see start_publish)."""
    with translation.override(batch.language or None):
        try:
            return _publish(batch)
        except Exception as error:
            return _failed(batch, error)


def _publish(batch: ImportBatch) -> ImportBatch:
    # The rows were validated by the check; the plan file holds their cleaned
    # values. What depends on the database (is the record new, changed,
    # withdrawn meanwhile?) is decided again inside the transaction.
    written = write_plans(
        kind=batch.kind,
        authority=batch.authority,
        plans=_plans(batch),
        actor=batch.published_by,
        source=batch.reference,
        reason=batch.correction_reason,
        reindex=_reindex_later
        if batch.size > settings.IMPORT_INLINE_MAX_BYTES
        else schedule_reindex,
    )
    private_storage().delete(_plan_path(batch))
    # The authority's timeliness and completeness figures include these now.
    schedule_statistics_refresh(authorities=[batch.authority_id])
    batch.created_count = written.created
    batch.corrected_count = written.corrected
    batch.skipped_count = batch.rows_invalid
    batch.rows_done = batch.rows_total
    batch.status = ImportStatus.PUBLISHED
    batch.published_at = timezone.now()
    batch.save()
    return batch


def _reindex_later(kind: str, ids: list[int]) -> None:
    """Queue the reindexing of a large import for the worker, after commit."""
    from portal.publishing.tasks import reindex_task

    ids = list(ids)
    transaction.on_commit(lambda: reindex_task.enqueue(kind, ids))


def _failed(batch: ImportBatch, error: Exception) -> ImportBatch:
    logger.exception("Import %s failed", batch.pk)
    message = error.message if isinstance(error, PublishingError) else ""
    batch.refresh_from_db()
    batch.status = ImportStatus.FAILED
    batch.error = str(message) or _(
        "The import stopped because of an unexpected error (%(error)s). Nothing "
        "was published; upload the file again or ask the portal's operators."
    ) % {"error": error.__class__.__name__}
    batch.save()
    return batch


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

    Row numbers in the report are positions in `records`, from 1.
    """
    check_scope(official)
    headers = list(dict.fromkeys(code for record in records for code in record))
    rows = (
        (number, [record.get(code) for code in headers])
        for number, record in enumerate(records, start=1)
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
    schedule_statistics_refresh(authorities=[official.authority_id])
    return checked, written
