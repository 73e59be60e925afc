"""`manage.py db_worker` killed while it checks or publishes an import: a new
worker finishes the import, exactly once.

Real processes against a database of their own (a SQLite file, or a fresh
PostgreSQL database when the suite runs on PostgreSQL): the suite's own test
database is invisible to subprocesses.
"""

import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command, get_commands
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.core import leases, workers
from portal.core.models import ChangeLogEntry
from portal.disclosures.models import Penalty
from portal.publishing import tasks
from portal.publishing.choices import ImportMode, ImportStatus
from portal.publishing.exceptions import PublishingError
from portal.publishing.models import ImportBatch
from portal.publishing.services import imports
from tests import processes
from tests.factories import make_authority, make_region
from tests.publishing.conftest import upload
from tests.publishing.factories import csv_bytes, make_official, penalty_row

ROWS = 12_000
# Generous bounds that only stop a hang; nothing here measures time.
TIMEOUT = 120
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_portal_runs_its_own_db_worker():
    assert get_commands()["db_worker"] == "portal.publishing"


@pytest.fixture
def _signals_kept():
    """Give back the handlers the worker installs in this process."""
    kept = {number: signal.getsignal(number) for number in _SIGNALS}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
_BATCH = ("db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0")


# Outside a test transaction: the worker closes a connection found inside one.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_signals_kept")
def test_a_starting_worker_recovers_what_a_killed_one_left(official, settings):
    settings.TASKS = DATABASE_TASKS
    settings.IMPORT_INLINE_MAX_BYTES = 10
    content = csv_bytes("penalty", [penalty_row(official.authority)])
    batch = imports.create_import(
        official=official, kind="penalty", upload=upload("p.csv", content)
    )
    tasks.run_check(batch)
    batch.refresh_from_db()
    # Claimed by a worker that was then killed in the middle of the check.
    DBTaskResult.objects.get(pk=batch.task_id).claim("killed")
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.VALIDATING, started_at=timezone.now()
    )

    call_command(*_BATCH)
    batch.refresh_from_db()
    assert (batch.status, batch.attempt, batch.rows_new) == (
        ImportStatus.VALIDATED,
        2,
        1,
    )
    statuses = DBTaskResult.objects.values_list("status", flat=True)
    assert sorted(statuses) == ["FAILED", "SUCCESSFUL"]


# Outside a test transaction: the worker closes a connection found inside one.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_signals_kept")
def test_a_second_worker_with_the_same_id_is_refused(settings):
    settings.TASKS = DATABASE_TASKS
    with (
        leases.hold(workers.lease_name("worker-1")),
        pytest.raises(CommandError, match="worker-1"),
    ):
        call_command(*_BATCH, "--worker-id=worker-1")


@pytest.fixture
def own_database(settings, tmp_path, django_db_blocker):
    """Point this process and the workers at a fresh, migrated database."""
    saved = connections.settings["default"]["NAME"]
    with processes.own_database(
        tmp_path,
        PRIVATE_FILES_ROOT=str(settings.PRIVATE_FILES_ROOT),
        TASKS_BACKEND=DATABASE_TASKS["default"]["BACKEND"],
        IMPORT_INLINE_MAX_BYTES="1024",
    ) as env:
        settings.TASKS = DATABASE_TASKS
        settings.IMPORT_INLINE_MAX_BYTES = 1024
        _reconnect(processes.database_name(env))
        workers = Workers(env, tmp_path)
        try:
            with django_db_blocker.unblock():
                yield workers
        finally:
            workers.stop_all()
            _reconnect(saved)


def _reconnect(name):
    connections["default"].close()
    del connections["default"]
    connections.settings["default"]["NAME"] = name


class Workers:
    """`manage.py db_worker` processes, started and killed as the test says."""

    def __init__(self, env, directory):
        self.env = env
        self.directory = directory
        self.processes = []

    def start(self):
        log = open(self.directory / f"worker-{len(self.processes)}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval=0.2",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append((process, log))
        return process

    def kill(self, process):
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=TIMEOUT)

    def logs(self) -> str:
        return "\n".join(
            (self.directory / f"worker-{n}.log").read_text(errors="replace")[-3000:]
            for n in range(len(self.processes))
        )

    def stop_all(self):
        for process, log in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()


def wait_for(condition, workers, what):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        for process, _log in workers.processes[-1:]:
            assert process.poll() is None, f"The worker exited:\n{workers.logs()}"
        time.sleep(0.02)
    raise AssertionError(f"Timed out waiting for {what}.\n{workers.logs()}")


def fresh(batch) -> ImportBatch:
    return ImportBatch.objects.get(pk=batch.pk)


def once(batch, test):
    """Return a condition: the batch as it is now, once the test holds of it."""

    def condition():
        current = fresh(batch)
        return current if test(current) else None

    return condition


def _writing() -> bool:
    """Return whether another process is inside a write transaction."""
    connection = connections["default"]
    if connection.vendor == "sqlite":
        probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = "
            "current_database() AND backend_xid IS NOT NULL AND pid <> "
            "pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


def _penalties():
    return sorted(Penalty.objects.values_list("pk", "version", "updated_at"))


@pytest.mark.slow
def test_a_worker_killed_mid_check_and_mid_publish_is_replaced_and_finishes(
    own_database,
):
    workers = own_database
    authority = make_authority(name="杭州市市场监督管理局", region=make_region())
    official = make_official(authority=authority)
    content = csv_bytes("penalty", [penalty_row(authority) for _ in range(ROWS)])

    batch = imports.create_import(
        official=official, kind="penalty", upload=upload("p.csv", content)
    )
    tasks.run_check(batch)
    worker = workers.start()
    wait_for(
        once(batch, lambda b: b.status == ImportStatus.VALIDATING and b.rows_done),
        workers,
        "the check to be under way",
    )
    workers.kill(worker)
    assert fresh(batch).status == ImportStatus.VALIDATING

    workers.start()
    batch = wait_for(
        once(batch, lambda b: not b.is_running),
        workers,
        "the check to finish",
    )
    assert batch.status == ImportStatus.VALIDATED, batch.error
    assert (batch.rows_total, batch.rows_new, batch.problem_count) == (ROWS, ROWS, 0)
    assert batch.attempt == 2

    batch = imports.start_publish(
        batch=batch, official=official, mode=ImportMode.ALL_OR_NOTHING
    )
    tasks.run_publish(batch)
    wait_for(
        lambda: fresh(batch).started_at is not None and _writing(),
        workers,
        "the worker to be writing the records",
    )
    workers.kill(workers.processes[-1][0])
    # Killed inside the transaction: nothing written, the batch still publishing.
    assert Penalty.objects.count() == 0
    assert fresh(batch).status == ImportStatus.PUBLISHING

    workers.start()
    batch = wait_for(
        once(batch, lambda b: not b.is_running),
        workers,
        "the publication to finish",
    )
    assert batch.status == ImportStatus.PUBLISHED, batch.error
    assert batch.attempt == 2
    numbers = Penalty.objects.values_list("decision_number", flat=True)
    assert batch.created_count == Penalty.objects.count() == ROWS
    assert len(set(numbers)) == ROWS
    wait_for(
        lambda: not DBTaskResult.objects.filter(status="RUNNING").exists(),
        workers,
        "no task to be running",
    )
    # The two killed tasks are failed; the others ended.
    assert DBTaskResult.objects.filter(status="FAILED").count() == 2

    # The same file again: checked, every row unchanged, nothing to publish.
    before = (_penalties(), ChangeLogEntry.objects.count())
    again = imports.create_import(
        official=official, kind="penalty", upload=upload("p.csv", content)
    )
    tasks.run_check(again)
    again = wait_for(
        once(again, lambda b: not b.is_running),
        workers,
        "the second upload to be checked",
    )
    assert again.status == ImportStatus.VALIDATED, again.error
    assert (again.rows_unchanged, again.rows_new, again.rows_changed) == (ROWS, 0, 0)
    with pytest.raises(PublishingError):
        imports.start_publish(
            batch=again, official=official, mode=ImportMode.ALL_OR_NOTHING
        )
    assert (_penalties(), ChangeLogEntry.objects.count()) == before
