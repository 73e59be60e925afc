"""Real processes on a database of their own, for what processes must share.

The suite's test database is in memory (SQLite) or inside a transaction that
is never committed (PostgreSQL): no other process sees it. A test of what
processes share migrates a database of its own (a SQLite file, or a fresh
PostgreSQL database when the suite runs on PostgreSQL) with `manage.py
migrate`, as an operator would, and runs processes on it.
"""

import contextlib
import os
import subprocess
import sys
import uuid
from urllib.parse import quote

import environ
import psycopg
from django.conf import settings
from django.db import connections

TIMEOUT = 120  # seconds; only stops a hang


@contextlib.contextmanager
def own_database(directory, **overrides: str):
    """Yield the environment of processes using a fresh, migrated database
    (with these variables set too)."""
    saved = connections.settings["default"]
    postgres = "postgresql" in saved["ENGINE"]
    if postgres:
        name = f"portal_processes_{uuid.uuid4().hex[:12]}"
        _postgres(saved, f'CREATE DATABASE "{name}"')
        credentials = quote(saved["USER"] or "")
        if saved.get("PASSWORD"):
            credentials += ":" + quote(saved["PASSWORD"])
        url = (
            f"postgres://{credentials}@{saved['HOST'] or '127.0.0.1'}:"
            f"{saved['PORT'] or 5432}/{name}"
        )
    else:
        url = f"sqlite:///{directory / 'portal.sqlite3'}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "DJANGO_TRUSTED_PROXIES", "DJANGO_BEHIND_PROXY"}
    }
    env.update(
        DATABASE_URL=url,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        IDENTITY_HASH_KEY=settings.IDENTITY_HASH_KEY,
        PRIVATE_FILES_ROOT=str(directory / "private"),
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    try:
        manage(env, "migrate", "--noinput")
        yield env
    finally:
        if postgres:
            _postgres(saved, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_name(env) -> str:
    """Return the NAME Django gives the database of this environment (the
    file's path on SQLite), to point this process's connection at it."""
    return environ.Env.db_url_config(env["DATABASE_URL"])["NAME"]


def manage(env, *args, script=None) -> str:
    """Run manage.py with the arguments (or `shell -c script`); return its output."""
    if script is not None:
        args = ("shell", "--no-imports", "-c", script)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def python(env, code: str, *, check: bool = True) -> subprocess.CompletedProcess:
    """Run `python -c code` with the portal's settings (the code calls
    django.setup() itself): what one process sees of an environment."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def start(env, script) -> subprocess.Popen:
    """Start `manage.py shell -c script`, talking through its stdin and stdout."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _postgres(saved, statement):
    with psycopg.connect(
        dbname="postgres",
        user=saved["USER"] or None,
        password=saved.get("PASSWORD") or None,
        host=saved["HOST"] or "127.0.0.1",
        port=saved["PORT"] or 5432,
        autocommit=True,
    ) as connection:
        connection.execute(statement)
