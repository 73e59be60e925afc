"""/health/ tells the truth, quickly: 503 only without a database, "degraded"
with the part named for a cache, search cluster or worker that is down."""

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings

from portal.core import workers
from portal.publishing.tasks import reindex_task
from portal.search import selection
from tests import processes

pytestmark = pytest.mark.django_db

HEALTH = "/health/"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    # Worker leases are files there on SQLite.
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    selection.breaker.reset()
    yield
    selection.breaker.reset()


@pytest.fixture
def worker_running():
    with workers.presence():
        yield


def _redis_caches(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "portal.core.cache.RedisCache",
            "LOCATION": location,
            "OPTIONS": {
                "socket_connect_timeout": 0.25,
                "socket_timeout": 0.25,
                "RETRY_SECONDS": 5,
            },
        }
    }


def _health(client):
    started = time.monotonic()
    response = client.get(HEALTH)
    elapsed = time.monotonic() - started
    # Loose: only a stall (a 5 s cluster timeout, a hung socket) fails this.
    assert elapsed < 3, f"/health/ took {elapsed:.1f} s"
    assert response["Cache-Control"].startswith("max-age=0")
    return response.status_code, response.json()


@pytest.mark.usefixtures("worker_running")
def test_all_well(client):
    status, body = _health(client)
    assert status == 200
    assert body["status"] == "ok" and body["degraded"] == []
    assert body["database"] == body["state_database"] == "ok"
    assert body["cache"]["state"] == "ok"
    assert body["search"]["backend"] == "database"
    assert body["worker"] == {
        "queue": "database",
        "state": "ok",
        "alive": 1,
        "waiting": 0,
        "oldest_waiting_seconds": None,
    }


def test_no_worker_and_tasks_waiting_are_reported(client):
    reindex_task.enqueue("penalty", [])
    status, body = _health(client)
    assert status == 200
    assert body["status"] == "degraded" and body["degraded"] == ["worker"]
    assert body["worker"]["state"] == "none running"
    assert body["worker"]["alive"] == 0
    assert body["worker"]["waiting"] == 1
    assert body["worker"]["oldest_waiting_seconds"] >= 0


def test_workers_are_counted(client):
    with workers.presence(), workers.presence():
        assert _health(client)[1]["worker"]["alive"] == 2
    assert _health(client)[1]["worker"]["alive"] == 0


@pytest.mark.usefixtures("worker_running")
def test_redis_down_is_degraded_not_failing(client, settings, redis_server):
    settings.CACHES = _redis_caches(redis_server.url)
    assert _health(client)[1]["cache"]["state"] == "ok"
    redis_server.kill()
    status, body = _health(client)
    assert status == 200
    assert body["status"] == "degraded" and body["degraded"] == ["cache"]
    assert body["cache"] == {"backend": "RedisCache", "state": "down"}
    # Within the cache's retry interval too: /health/ asks Redis itself.
    redis_server.start()
    assert _health(client)[1]["cache"]["state"] == "ok"


@pytest.mark.usefixtures("worker_running")
def test_a_hung_redis_is_reported_quickly(client, settings, silent_listener):
    host, port = silent_listener.getsockname()
    settings.CACHES = _redis_caches(f"redis://{host}:{port}/0")
    status, body = _health(client)
    assert status == 200
    assert body["cache"]["state"] == "down"


@pytest.mark.usefixtures("worker_running")
def test_a_silent_cluster_is_reported_quickly(client, settings, silent_listener):
    host, port = silent_listener.getsockname()
    settings.ELASTICSEARCH_URL = f"http://{host}:{port}"
    status, body = _health(client)
    assert status == 200
    assert body["status"] == "degraded" and body["degraded"] == ["search"]
    assert body["search"]["elasticsearch"] == "unreachable"
    assert body["search"]["breaker"]["state"] == "closed"

    settings.ELASTICSEARCH_BREAKER_FAILURES = 1
    client.get("/en/search/", {"q": "腾讯"})  # fails once: the breaker opens
    status, body = _health(client)
    assert body["search"]["breaker"]["state"] == "open"
    assert body["search"]["breaker"]["retry_in_seconds"] > 0


def test_without_a_database_the_answer_is_503():
    # A database that refuses connections, in a process of its own: the
    # suite's own database cannot be taken away from under it.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/nothing",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
    }
    env.pop("CACHE_URL", None)
    script = (
        "import json, django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/health/');"
        "print(r.status_code, json.dumps(r.json()))"
    )
    output = processes.python(env, script, check=False)
    status, _, body = output.stdout.strip().splitlines()[-1].partition(" ")
    assert status == "503", output.stderr[-2000:]
    assert '"status": "failing"' in body
    assert '"database": "error: OperationalError"' in body


def test_a_real_worker_is_counted_while_it_runs_and_not_after_a_kill(tmp_path):
    # The report is made by another process on the same database, as a web
    # server's would be: on PostgreSQL the leases live in that database.
    script = (
        "import json; from django.test import Client;"
        "print(json.dumps(Client().get('/health/').json()['worker']))"
    )
    with processes.own_database(tmp_path) as env:
        env = {
            **env,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        }
        assert json.loads(processes.manage(env, script=script))["alive"] == 0
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay"],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while json.loads(processes.manage(env, script=script))["alive"] != 1:
                assert worker.poll() is None, "the worker stopped"
                assert time.monotonic() < deadline, "the worker never showed"
                time.sleep(0.5)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
        report = json.loads(processes.manage(env, script=script))
        assert (report["alive"], report["state"]) == (0, "none running")


def test_a_state_database_that_fails_fails_the_portal(client, monkeypatch):
    from portal.site import health

    real = health._database
    monkeypatch.setattr(
        health,
        "_database",
        lambda alias="default": (
            "error: OperationalError" if alias == "state" else real(alias)
        ),
    )
    status, body = _health(client)
    assert status == 503
    assert body["status"] == "failing"
    assert body["state_database"] == "error: OperationalError"
