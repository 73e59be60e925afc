"""The portal as an operator deploys it, started from the project's own files.

The README's production setup: `gunicorn portal.wsgi` with several workers
under production settings, behind one reverse proxy (played by the tests'
client, tests/system/client.py), `manage.py db_worker`, PostgreSQL or the
embedded SQLite, and Redis as the cache. Every process is a child of the test
session, writes to a log file in the site's folder, is killed when the
session ends however it ends, and dies with the session's process if that is
killed (Linux's parent-death signal).
"""

import contextlib
import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import gunicorn
import psutil
import psycopg
import redis
from django.conf import settings

from tests import processes
from tests.system.client import HOST, Client

LOOPBACK = "127.0.0.1"
# Debian's package puts it in /usr/bin.
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
# Generous bounds that only stop a hang; nothing here measures time.
TIMEOUT = 120
# The request's worker (pid), its status, its id (tests/system/client.py) and
# how long it took in milliseconds, for the log checks and whoever reads them.
ACCESS_FORMAT = '%(p)s %(s)s "%(r)s" id=%({x-request-id}i)s ms=%(M)s'
# What a server log must never show: an unhandled error, a killed worker.
_SERVER_ERRORS = re.compile(
    r"Traceback \(most recent call last\)|Internal Server Error|WORKER TIMEOUT"
)
_ACCESS_LINE = re.compile(
    r'^<(?P<pid>\d+)> (?P<status>\d{3}) "(?P<request>[^"]*)" id=(?P<id>\S*)'
)
# The environment a process keeps from the session's; everything the portal
# reads is set by the site, so that neither the session's environment nor a
# developer's .env changes what is tested.
_KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "VIRTUAL_ENV")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:
    """Ask the kernel to kill this child when the test session's process dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PDEATHSIG


def wait_for(condition, what: str, *, timeout: float = TIMEOUT, every: float = 0.05):
    """Return the condition's first true value; fail if none comes in time."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}.")
        time.sleep(every)


class Process:
    """A long-running command of the site, logging to a file."""

    def __init__(self, name: str, command: list[str], *, env: dict, directory: Path):
        self.name = name
        self.command = command
        self.env = env
        self.log_path = directory / f"{name}.log"
        self.popen: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        return self.popen.pid

    def start(self) -> "Process":
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(
                self.command,
                cwd=settings.BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        return self

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self, sig=signal.SIGKILL) -> None:
        """Send the signal; with SIGKILL, wait for the process to be gone."""
        if self.alive():
            self.popen.send_signal(sig)
            if sig == signal.SIGKILL:
                self.popen.wait(timeout=TIMEOUT)

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), or by force after a while."""
        if not self.alive():
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGCONT)  # a paused process cannot stop
        self.popen.terminate()
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=TIMEOUT)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def tail(self, chars: int = 4000) -> str:
        return f"--- {self.log_path} ---\n{self.log()[-chars:]}"


class Redis(Process):
    """Debian's redis-server on a free port, without persistence."""

    def __init__(self, directory: Path):
        self.port = free_port()
        command = [
            REDIS_SERVER,
            *("--port", str(self.port), "--bind", LOOPBACK),
            *("--save", "", "--appendonly", "no"),
            *("--dir", str(directory)),
        ]
        super().__init__("redis", command, env=_base_env(), directory=directory)

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/1"

    def start(self) -> "Redis":
        super().start()
        wait_for(lambda: self.answers() or not self.alive(), "redis-server to start")
        assert self.alive(), self.tail()
        return self

    def answers(self) -> bool:
        try:
            return redis.Redis.from_url(self.url, socket_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def keys(self) -> list[str]:
        client = redis.Redis.from_url(self.url, socket_timeout=2)
        return [key.decode() for key in client.keys("*")]


class Gunicorn(Process):
    """`gunicorn portal.wsgi` on loopback, as the reverse proxy reaches it."""

    def __init__(self, name: str, *, env: dict, directory: Path, workers: int):
        self.port = free_port()
        self.workers = workers
        self.access_path = directory / f"{name}-access.log"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            f"--bind={LOOPBACK}:{self.port}",
            f"--workers={workers}",
            f"--access-logfile={self.access_path}",
            f"--access-logformat={ACCESS_FORMAT}",
            # Since 25.1 gunicorn opens a control socket at one path per user,
            # which two servers of the same user would fight over.
            *(["--no-control-socket"] if gunicorn.version_info >= (25, 1) else []),
        ]
        super().__init__(name, command, env=env, directory=directory)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> "Gunicorn":
        super().start()
        probe = Client(self.url, "192.0.2.1")

        def ready():
            assert self.alive(), f"gunicorn exited.\n{self.tail()}"
            with contextlib.suppress(OSError):
                return probe.get("/health/", timeout=5).status_code == 200
            return False

        wait_for(ready, f"{self.name} to serve /health/", every=0.2)
        return self

    def worker_pids(self) -> set[int]:
        return {child.pid for child in psutil.Process(self.pid).children()}

    def access(self) -> list[dict]:
        """Return the access log's lines: worker pid, status, request, id."""
        if not self.access_path.exists():
            return []
        lines = self.access_path.read_text(errors="replace").splitlines()
        return [
            match.groupdict()
            for match in map(_ACCESS_LINE.match, lines)
            if match is not None
        ]

    def served_by(self, responses) -> set[int]:
        """Return the workers (pids) that answered these responses."""
        ids = {response.request_id for response in responses}

        def logged():
            # A worker logs a request once its answer has gone out.
            pids = {line["id"]: int(line["pid"]) for line in self.access()}
            return ids <= pids.keys() and {pids[i] for i in ids}

        return wait_for(logged, "the access log to show the requests")

    def client(self, address: str) -> Client:
        return Client(self.url, address)


class Worker(Process):
    """`manage.py db_worker`, as the README runs it beside the app servers."""

    count = 0

    def __init__(self, *, env: dict, directory: Path):
        Worker.count += 1
        command = [sys.executable, "manage.py", "db_worker"]
        super().__init__(
            f"db_worker-{Worker.count}", command, env=env, directory=directory
        )


class Postgres:
    """A fresh PostgreSQL database of the site's own, dropped at the end."""

    vendor = "postgresql"

    def __init__(self, server_url: str):
        parts = urlsplit(server_url)
        self.server = {
            "host": parts.hostname or LOOPBACK,
            "port": parts.port or 5432,
            "user": parts.username or "postgres",
            "password": parts.password or None,
        }
        self.name = f"portal_system_{uuid.uuid4().hex[:10]}"
        credentials = self.server["user"] + (
            f":{self.server['password']}" if self.server["password"] else ""
        )
        self.url = (
            f"postgres://{credentials}@{self.server['host']}:{self.server['port']}"
            f"/{self.name}"
        )

    def create(self) -> None:
        self._maintenance(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._maintenance(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _maintenance(self, statement: str) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as db:
            db.execute(statement)

    def query(self, sql: str, params=()) -> list[tuple]:
        with psycopg.connect(dbname=self.name, autocommit=True, **self.server) as db:
            return db.execute(sql, params).fetchall()

    def terminate_connections(self) -> int:
        """End every other session on the database, as a failover would."""
        rows = self.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return len(rows)

    def writers(self, pids: set[int]) -> int:
        """Return how many of these processes' sessions are inside a write."""
        ports = set()
        for pid in pids:
            with contextlib.suppress(psutil.Error):
                for conn in psutil.Process(pid).net_connections(kind="tcp"):
                    if conn.raddr and conn.raddr.port == self.server["port"]:
                        ports.add(conn.laddr.port)
        if not ports:
            return 0
        [(count,)] = self.query(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = "
            "current_database() AND backend_xid IS NOT NULL "
            "AND client_port = ANY(%s)",
            [sorted(ports)],
        )
        return count


class Sqlite:
    """The embedded default: a SQLite file (and its state file beside it)."""

    vendor = "sqlite"

    def __init__(self, directory: Path):
        self.path = directory / "portal.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def create(self) -> None:
        pass  # `migrate` makes the files

    def drop(self) -> None:
        pass  # the site's folder goes with the session

    def query(self, sql: str, params=()) -> list[tuple]:
        with contextlib.closing(sqlite3.connect(self.path, timeout=30)) as db:
            return db.execute(sql.replace("%s", "?"), params).fetchall()

    @contextlib.contextmanager
    def write_locked(self):
        """Hold the main file's write lock, as a long import does."""
        holder = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            holder.execute("BEGIN IMMEDIATE")
            yield
        finally:
            with contextlib.suppress(sqlite3.Error):
                holder.execute("ROLLBACK")
            holder.close()


def _base_env() -> dict:
    return {key: os.environ[key] for key in _KEPT if key in os.environ}


@dataclass
class Site:
    """One deployment: its database, cache, app servers and worker."""

    directory: Path
    database: Postgres | Sqlite
    env: dict
    web: Gunicorn | None = None
    redis: Redis | None = None
    worker: Worker | None = None
    processes: list[Process] = field(default_factory=list)

    def manage(self, *args: str, env=None) -> str:
        """Run `manage.py` against the site; return its output."""
        return processes.manage({**self.env, **(env or {})}, *args)

    def script(self, code: str) -> dict:
        """Run Python in `manage.py shell`; return the JSON it prints last."""
        output = processes.manage(self.env, script=code)
        return json.loads(output.strip().splitlines()[-1])

    def start_web(self, name="gunicorn", *, workers=3, **env) -> Gunicorn:
        server = Gunicorn(
            name, env={**self.env, **env}, directory=self.directory, workers=workers
        )
        self.processes.append(server)
        return server.start()

    def start_worker(self) -> Worker:
        self.worker = Worker(env=self.env, directory=self.directory)
        self.processes.append(self.worker)
        return self.worker.start()

    def client(self, address: str) -> Client:
        return self.web.client(address)

    def marks(self) -> dict[Path, int]:
        """Return how far each server log has got, to check what comes after."""
        marks = {}
        for process in self.processes:
            if isinstance(process, Gunicorn):
                for path in (process.log_path, process.access_path):
                    marks[path] = path.stat().st_size if path.exists() else 0
        return marks

    def server_errors(self, marks: dict[Path, int]) -> list[str]:
        """Return the 500s, tracebacks and timeouts the servers logged since."""
        found = []
        for process in self.processes:
            if not isinstance(process, Gunicorn):
                continue
            text = _since(process.log_path, marks)
            found += [
                f"{process.log_path.name}: {_around(text, match)}"
                for match in _SERVER_ERRORS.finditer(text)
            ]
            for line in _since(process.access_path, marks).splitlines():
                match = _ACCESS_LINE.match(line)
                if match and match["status"] in {"500", "502", "504"}:
                    found.append(f"{process.access_path.name}: {line}")
        return found

    def stop(self) -> None:
        for process in reversed(self.processes):
            with contextlib.suppress(Exception):
                process.stop()


def _around(text: str, match) -> str:
    return text[max(0, match.start() - 300) : match.end() + 2000]


def _since(path: Path, marks: dict[Path, int]) -> str:
    if not path.exists():
        return ""
    with path.open("rb") as log:
        log.seek(marks.get(path, 0))
        return log.read().decode(errors="replace")


def site_env(database, directory: Path, static_root: Path, **overrides) -> dict:
    """Return the production environment of every process of a site."""
    env = _base_env()
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        IDENTITY_HASH_KEY=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS=HOST,
        # One reverse proxy in front: it appends the client's address to
        # X-Forwarded-For and says the request came over HTTPS, which keeps
        # the HTTPS redirect and the secure cookies as in production.
        DJANGO_TRUSTED_PROXIES="1",
        DATABASE_URL=database.url,
        CACHE_URL="dbcache://portal_cache",
        ELASTICSEARCH_URL="",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(directory / "media"),
        PRIVATE_FILES_ROOT=str(directory / "private"),
        EMAIL_URL="consolemail://",
        # Low, so that a test reaches it quickly; every worker shares it.
        API_THROTTLE_ANON="20/min",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


def redis_installed() -> bool:
    return Path(REDIS_SERVER).exists()
