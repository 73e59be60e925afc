"""No submission is lost to a SQLite write lock: it waits, then says "busy".

The suite's database lives in shared-cache memory, where a lock refuses at
once instead of waiting, so these run in a process of their own on a
migrated SQLite file, with a second connection holding `BEGIN IMMEDIATE` on
it (tests/appeals/busy.py), and a wait budget of one second instead of
twenty. The scenarios are real requests through the whole stack.
"""

import json
import os

import pytest
from django.conf import settings as django_settings

from tests import processes

BUSY = "The portal is busy"


@pytest.fixture
def sqlite_file(tmp_path):
    """Return the environment of processes on a fresh, migrated SQLite file."""
    directory = tmp_path
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "ELASTICSEARCH_URL"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{directory / 'portal.sqlite3'}",
        # Static files from the source folders (no collectstatic here).
        DJANGO_DEBUG="true",
        DJANGO_SECRET_KEY=django_settings.SECRET_KEY,
        IDENTITY_HASH_KEY=django_settings.IDENTITY_HASH_KEY,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        PRIVATE_FILES_ROOT=str(directory / "private"),
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        SUBMISSION_WAIT_SECONDS="1",
    )
    processes.manage(env, "migrate", "--noinput")
    return env


def _scenario(env, name: str) -> dict:
    script = f"from tests.appeals import busy; busy.run({name!r})"
    output = processes.manage(env, script=script)
    return json.loads(output.strip().splitlines()[-1])


def _is_busy_page(answer: dict) -> None:
    assert answer["status"] == 503, answer["html"][:2000]
    assert answer["retry_after"] == "60"
    assert BUSY in answer["html"]
    # It waited for the lock first (the budget here is one second).
    assert answer["seconds"] >= 0.9


def test_an_appeal_waits_then_comes_back_with_everything_typed(sqlite_file):
    seen = _scenario(sqlite_file, "appeal")
    busy, saved = seen["busy"], seen["saved"]
    _is_busy_page(busy)
    for typed in (
        "王伟",
        "wangwei@example.com",
        "罚款已于2025年缴清，违法行为已整改。",
    ):
        assert typed in busy["html"]
    assert "choose them again" in busy["html"]
    # Nothing half-saved: no case, no evidence row, no file left behind.
    assert (busy["appeals"], busy["evidence"], busy["files"]) == (0, 0, 0)
    assert busy["form_status"] == 200

    assert saved["status"] == 302, saved["html"][:2000]
    assert "/appeals/submitted/" in saved["location"]
    assert (saved["appeals"], saved["evidence"], saved["files"]) == (1, 2, 2)


def test_material_waits_then_keeps_the_note(sqlite_file):
    seen = _scenario(sqlite_file, "material")
    before, busy, saved = seen["before"], seen["busy"], seen["saved"]
    _is_busy_page(busy)
    assert "整改报告见附件。" in busy["html"]
    assert (busy["evidence"], busy["files"]) == (before["evidence"], before["files"])
    assert saved["status"] == 302
    assert saved["evidence"] == before["evidence"] + 1


def test_tracking_waits_then_keeps_the_number(sqlite_file):
    seen = _scenario(sqlite_file, "track")
    _is_busy_page(seen["busy"])
    assert seen["saved"]["status"] == 302
    assert seen["saved"]["case_status"] == 200


def test_api_keys_wait_then_say_busy(sqlite_file):
    seen = _scenario(sqlite_file, "api_key")
    # Asking for a link writes nothing to the main database: it goes through.
    assert seen["request"]["status"] == 302
    _is_busy_page(seen["issue"])
    assert seen["issue"]["tokens"] == 0
    assert seen["saved"]["status"] == 302
    assert seen["saved"]["tokens"] == 1
