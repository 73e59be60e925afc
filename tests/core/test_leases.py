"""Leases: held while the block runs, seen by every process, ended with the process.

On the suite's database: advisory locks on PostgreSQL, file locks otherwise.
"""

import os
import signal
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from portal.core import leases

pytestmark = pytest.mark.django_db
TIMEOUT = 60  # seconds; only stops a hang

_HOLD = """
import time
from portal.core import leases
with leases.hold("import.7"):
    print("held", flush=True)
    time.sleep(600)
"""


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def test_a_lease_is_held_for_the_block_only():
    assert not leases.is_held("import.1")
    with leases.hold("import.1"):
        assert leases.is_held("import.1")
        assert not leases.is_held("import.2")
    assert not leases.is_held("import.1")


def test_which_of_many_leases_are_held_is_asked_at_once(
    django_assert_max_num_queries,
):
    names = [f"tasks.workers.present.{slot}" for slot in range(32)]
    # /health/ counts the workers on every call: one statement, not 32.
    with (
        leases.hold(names[3]),
        leases.hold(names[17]),
        django_assert_max_num_queries(1),
    ):
        held = leases.held(names)

    assert held == {names[3], names[17]}
    assert leases.held(names) == set()
    assert leases.held([]) == set()


def test_a_held_lease_cannot_be_taken_again_even_by_its_process():
    with leases.hold("import.1"):
        with pytest.raises(leases.LeaseHeld), leases.hold("import.1"):
            pass
        with leases.hold("import.2"):
            assert leases.is_held("import.2")
    with leases.hold("import.1"):
        pass


def _database_url() -> str:
    database = connection.settings_dict
    if connection.vendor != "postgresql":
        return f"sqlite:///{settings.PRIVATE_FILES_ROOT}/unused.sqlite3"
    credentials = quote(database["USER"] or "")
    if database.get("PASSWORD"):
        credentials += ":" + quote(database["PASSWORD"])
    address = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{credentials}@{address}/{database['NAME']}"


def test_a_lease_dies_with_its_process_however_it_ends():
    process = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", _HOLD],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": _database_url(),
            "PRIVATE_FILES_ROOT": str(settings.PRIVATE_FILES_ROOT),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = ""
        while "held" not in output:
            line = process.stdout.readline()
            assert line, f"The holder exited:\n{output}"
            output += line
        assert leases.is_held("import.7")
        with pytest.raises(leases.LeaseHeld), leases.hold("import.7"):
            pass
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(TIMEOUT)
        process.stdout.close()
    # The database server notices the closed connection as soon as it reads it.
    deadline = time.monotonic() + TIMEOUT
    while leases.is_held("import.7") and time.monotonic() < deadline:
        time.sleep(0.05)
    if connection.vendor != "postgresql":
        # The killed holder's file went with the first look that found it free.
        assert list((settings.PRIVATE_FILES_ROOT / "leases").iterdir()) == []
    with leases.hold("import.7"):
        assert leases.is_held("import.7")


def _holder(name: str) -> int | None:
    """Return the PostgreSQL session (pid) holding the lease, if any."""
    key = leases._key(name) & 0xFFFF_FFFF_FFFF_FFFF
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND objid = %s::bigint::oid AND classid = %s::bigint::oid",
            [key & 0xFFFF_FFFF, key >> 32],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def test_a_lease_whose_session_is_ended_under_it_is_taken_again():
    """A failover or `pg_terminate_backend` ends the session of an advisory
    lock without telling its holder, which would go on working unseen: a
    worker missing from /health/, its jobs taken for dead ones."""
    if connection.vendor != "postgresql":
        pytest.skip("a file lease (SQLite) has no database session to lose")
    with leases.hold("worker.9"):
        ended = _holder("worker.9")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [ended])
        deadline = time.monotonic() + TIMEOUT
        while _holder("worker.9") in {None, ended} and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _holder("worker.9") not in {None, ended}
        assert leases.is_held("worker.9")
    assert _holder("worker.9") is None
