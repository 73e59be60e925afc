"""Imports whose job stopped: found by their lease, run again, or failed.

A job killed mid-step leaves its batch started, with nothing of the step
written (the step ends in the transaction of its writes) and its lease free;
`_died_while` puts a batch in that state. The real kill is in test_db_worker.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.core import leases, workers
from portal.disclosures.models import Penalty
from portal.publishing import tasks
from portal.publishing.choices import ImportMode, ImportStatus, Runner
from portal.publishing.models import ImportBatch
from portal.publishing.services import imports, recovery
from tests.publishing.conftest import upload
from tests.publishing.factories import csv_bytes, penalty_row

pytestmark = pytest.mark.django_db
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _uploaded(official, authority, rows=2) -> ImportBatch:
    content = csv_bytes("penalty", [penalty_row(authority) for _ in range(rows)])
    return imports.create_import(
        official=official,
        kind="penalty",
        upload=upload("p.csv", content),
        language="en",
    )


def _publishing(official, authority) -> ImportBatch:
    batch = imports.check_import(batch=_uploaded(official, authority))
    return imports.start_publish(
        batch=batch, official=official, mode=ImportMode.ALL_OR_NOTHING
    )


def _died_while(batch, status, **fields) -> ImportBatch:
    """Leave the batch as a job killed in the middle of the step leaves it."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, started_at=timezone.now(), **fields
    )
    batch.refresh_from_db()
    return batch


def _queued(official, authority, settings) -> ImportBatch:
    settings.TASKS = DATABASE_QUEUE
    settings.IMPORT_INLINE_MAX_BYTES = 10
    batch = _uploaded(official, authority)
    tasks.run_check(batch)
    batch.refresh_from_db()
    return batch


def test_a_batch_waiting_in_the_queue_is_never_stale(official, authority, settings):
    batch = _queued(official, authority, settings)
    assert batch.status == ImportStatus.QUEUED
    assert DBTaskResult.objects.get(pk=batch.task_id).status == TaskResultStatus.READY
    a_day_later = timezone.now() + datetime.timedelta(days=1)
    assert not recovery.is_stale(batch, now=a_day_later)
    assert recovery.recover_imports() == []


def test_a_batch_claimed_by_a_worker_is_stale_only_once_the_worker_is_gone(
    official, authority, settings
):
    batch = _queued(official, authority, settings)
    task = DBTaskResult.objects.get(pk=batch.task_id)
    task.claim("worker-1")  # claimed, the job not started yet
    with leases.hold(workers.lease_name("worker-1")):
        assert not recovery.is_stale(batch)
        assert recovery.recover_imports() == []
    assert recovery.is_stale(batch)

    [recovered] = recovery.recover_imports()
    assert (recovered.status, recovered.attempt, recovered.interrupted) == (
        ImportStatus.QUEUED,
        2,
        Runner.WORKER,
    )
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    again = DBTaskResult.objects.get(pk=recovered.task_id)
    assert again.status == TaskResultStatus.READY
    assert again.args_kwargs["args"] == [batch.pk, 2]


def test_a_job_still_holding_its_lease_is_left_alone(official, authority):
    batch = _died_while(_publishing(official, authority), ImportStatus.PUBLISHING)
    with leases.hold(imports.job_lease(batch.pk)):
        assert not recovery.is_stale(batch)
        assert recovery.recover_imports() == []
    assert recovery.is_stale(batch)


def test_an_inline_job_that_never_started_is_stale_after_the_grace_period(
    official, authority
):
    batch = _uploaded(official, authority)
    assert batch.status == ImportStatus.QUEUED
    assert not recovery.is_stale(batch)
    later = timezone.now() + recovery.GRACE + datetime.timedelta(seconds=1)
    assert recovery.is_stale(batch, now=later)


def test_a_check_killed_with_its_web_process_is_checked_again(official, authority):
    _died_while(_uploaded(official, authority), ImportStatus.VALIDATING)
    [recovered] = recovery.recover_imports()  # the immediate backend runs it now
    assert recovered.status == ImportStatus.VALIDATED
    assert (recovered.attempt, recovered.interrupted) == (2, Runner.WEB)
    assert (recovered.rows_total, recovered.rows_new) == (2, 2)
    with translation.override("en"):
        assert recovery.interruption(recovered) == (
            "The web server stopped while checking the file; checking resumed in "
            "the background (attempt 2 of 3)."
        )


def test_the_import_page_resumes_a_publication_killed_with_its_web_process(
    official_client, official, authority, settings
):
    settings.TASKS = DATABASE_QUEUE
    batch = _died_while(_publishing(official, authority), ImportStatus.PUBLISHING)

    page = official_client.get(f"/en/officials/imports/{batch.pk}/")
    batch.refresh_from_db()
    assert (batch.status, batch.attempt, batch.started_at) == (
        ImportStatus.PUBLISHING,
        2,
        None,
    )
    text = page.content.decode()
    assert (
        "The web server stopped while publishing; publishing resumed in the "
        "background (attempt 2 of 3)." in text
    )
    assert "Waiting for the background worker to publish the file." in text
    assert page["Refresh"]

    # The worker runs the task: published once, counted as in the database.
    task = DBTaskResult.objects.get(pk=batch.task_id)
    assert task.args_kwargs["args"] == [batch.pk, 2]
    tasks.publish_import_task.call(*task.args_kwargs["args"])
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PUBLISHED
    assert batch.created_count == Penalty.objects.count() == 2
    page = official_client.get(f"/en/officials/imports/{batch.pk}/")
    assert "publishing resumed" in page.content.decode()
    assert "Refresh" not in page


def test_the_import_list_recovers_the_authoritys_imports(official_client, official):
    batch = _died_while(
        _uploaded(official, official.authority), ImportStatus.VALIDATING
    )
    assert official_client.get("/en/officials/imports/").status_code == 200
    batch.refresh_from_db()
    assert (batch.status, batch.attempt) == (ImportStatus.VALIDATED, 2)


def test_a_publication_underway_says_it_writes_in_one_transaction(
    official_client, official, authority
):
    batch = _died_while(_publishing(official, authority), ImportStatus.PUBLISHING)
    with leases.hold(imports.job_lease(batch.pk)):  # the job is alive
        text = official_client.get(f"/en/officials/imports/{batch.pk}/").content
    text = text.decode()
    assert (
        "Writing 2 records in one transaction; they appear together when it ends."
        in text
    )
    assert "0 of 2 rows" not in text


def test_after_the_last_attempt_the_import_fails_saying_nothing_was_written(
    official_client, official, authority
):
    batch = _died_while(
        _publishing(official, authority), ImportStatus.PUBLISHING, attempt=3
    )
    [failed] = recovery.recover_imports()
    assert failed.status == ImportStatus.FAILED
    assert "on attempt 3 of 3" in failed.error
    assert "Nothing was published: no record of this file was written." in (
        failed.error
    )
    assert Penalty.objects.count() == 0
    page = official_client.get(f"/en/officials/imports/{batch.pk}/")
    assert "Upload the file again to try once more" in page.content.decode()
    assert "Refresh" not in page


def test_a_job_of_an_earlier_attempt_does_nothing(official, authority):
    batch = _publishing(official, authority)
    ImportBatch.objects.filter(pk=batch.pk).update(attempt=2)  # handed on meanwhile
    imports.publish_import(batch=batch, attempt=1)
    batch.refresh_from_db()
    assert (batch.status, batch.started_at) == (ImportStatus.PUBLISHING, None)
    assert Penalty.objects.count() == 0


def test_the_operators_command_recovers_and_says_what_it_did(official, authority):
    _died_while(_uploaded(official, authority), ImportStatus.VALIDATING)
    out = io.StringIO()
    call_command("recover_imports", stdout=out)
    assert "1 imports recovered" in out.getvalue()
    assert recovery.recover_imports() == []
