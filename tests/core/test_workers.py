"""A task left RUNNING by a stopped worker is failed; a live worker's is not."""

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.core import leases, workers
from portal.publishing.tasks import reindex_task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_queue(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def _claimed_by(worker_id: str) -> DBTaskResult:
    task = DBTaskResult.objects.get(pk=reindex_task.enqueue("penalty", []).id)
    task.claim(worker_id)
    return task


def test_a_task_of_a_live_worker_is_left_running():
    task = _claimed_by("alive")
    with leases.hold(workers.lease_name("alive")):
        assert workers.is_alive(task)
        assert workers.fail_dead_tasks() == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_task_of_a_stopped_worker_is_failed_and_says_why():
    task = _claimed_by("gone")
    waiting = DBTaskResult.objects.get(pk=reindex_task.enqueue("penalty", []).id)
    assert not workers.is_alive(task)
    assert workers.fail_dead_tasks() == [str(task.pk)]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "portal.core.workers.WorkerLost"
    assert "gone" in task.traceback
    waiting.refresh_from_db()
    assert waiting.status == TaskResultStatus.READY
    assert workers.fail_dead_tasks() == []
