"""The server under test: gunicorn in a subprocess, or Django's handler in-process."""

import logging
import os
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import gunicorn
from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.test.utils import override_settings

from portal.bench import datasets
from portal.bench.client import FAILURES, Client
from portal.bench.exceptions import BenchError

HOST = "127.0.0.1"
MODES = ("gunicorn", "inprocess")
# A fixed path rather than a URL name: load balancers are configured with it.
HEALTH_PATH = "/health/"


def create(
    mode: str,
    dataset,
    *,
    log_path: Path,
    workers=None,
    collect_static=True,
    cache_url: str = "",
):
    """Return a server of this mode, to be used as a context manager."""
    if mode == "gunicorn":
        return GunicornServer(
            dataset,
            log_path=log_path,
            workers=workers,
            collect_static=collect_static,
            cache_url=cache_url,
        )
    if cache_url:
        raise BenchError("--cache-url needs the gunicorn server.")
    if mode == "inprocess":
        return InProcessServer(collect_static=collect_static)
    raise BenchError(f"Unknown server mode {mode!r}; choose one of {MODES}.")


class GunicornServer:
    """`gunicorn portal.wsgi` on a free loopback port, production-like settings."""

    mode = "gunicorn"
    worker_class = "sync"

    def __init__(
        self,
        dataset,
        *,
        log_path: Path,
        workers=None,
        collect_static=True,
        cache_url: str = "",
    ):
        self.dataset = dataset
        self.cache_url = cache_url
        self.log_path = log_path
        self.workers = workers or max(2, os.cpu_count() or 1)
        self.collect_static = collect_static
        self.url = ""
        self.pid = None
        self._process = None

    def __enter__(self):
        if self.collect_static:
            # The manifest storage that DEBUG=false selects needs its manifest.
            datasets.manage(
                "collectstatic", "--noinput", dataset=self.dataset, quiet=True
            )
        port = free_port()
        self.url = f"http://{HOST}:{port}"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "portal.wsgi",
                    f"--bind={HOST}:{port}",
                    f"--workers={self.workers}",
                    f"--worker-class={self.worker_class}",
                    *_control_socket_off(),
                ],
                cwd=settings.BASE_DIR,
                env=datasets.process_env(
                    self.dataset.database_url, cache_url=self.cache_url
                ),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.pid = self._process.pid
        try:
            _wait_until_ready(self.url, alive=self._alive)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc_info):
        process, self._process = self._process, None
        stop(process)

    def describe(self) -> str:
        return f"gunicorn, {self.workers} {self.worker_class} workers"

    def _alive(self) -> None:
        if self._process.poll() is not None:
            tail = self.log_path.read_text(errors="replace")[-3000:]
            raise BenchError(
                f"gunicorn exited with {self._process.returncode}:\n{tail}"
            )


class InProcessServer:
    """Django's WSGI handler on a threaded server inside the bench process.

    The default database must already point at the dataset (see
    `datasets.connected`). Memory then counts the load generator too.
    """

    mode = "inprocess"
    worker_class = "thread per connection"
    workers = 1
    log_path = None  # errors go to the bench process's own log

    def __init__(self, *, collect_static=True):
        self.collect_static = collect_static
        self.url = ""
        self.pid = os.getpid()
        self._server = self._thread = None
        self._override = override_settings(
            DEBUG=False,
            ALLOWED_HOSTS=[HOST],
            SECURE_SSL_REDIRECT=False,
            IDENTITY_HASH_KEY=datasets.IDENTITY_HASH_KEY,
            API_THROTTLE_ANON="1000000/min",
        )
        self._request_logger = logging.getLogger("django.request")
        self._request_log_level = self._request_logger.level

    def __enter__(self):
        if self.collect_static and isinstance(staticfiles_storage, ManifestFilesMixin):
            call_command("collectstatic", interactive=False, verbosity=0)
        self._override.enable()
        # Expected 4xx answers would otherwise print a line each; 5xx still do.
        self._request_logger.setLevel(logging.ERROR)
        self._server = ThreadedWSGIServer((HOST, 0), _QuietRequestHandler)
        with warnings.catch_warnings():
            # Whitenoise warns of a missing STATIC_ROOT that nothing here needs.
            warnings.filterwarnings("ignore", message="No directory at")
            self._server.set_app(WSGIHandler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://{HOST}:{self._server.server_port}"
        try:
            _wait_until_ready(self.url)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc_info):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = None
            self._request_logger.setLevel(self._request_log_level)
            self._override.disable()

    def describe(self) -> str:
        return "in-process WSGI handler, one thread per connection"


class _QuietRequestHandler(WSGIRequestHandler):
    # Headers and body go out in separate writes; with Nagle's algorithm and
    # delayed ACKs, a kept-alive connection would wait 40 ms on each answer.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass  # one line per request would drown the report


def _control_socket_off() -> list[str]:
    # Since 25.1 gunicorn opens a control socket at one path per user, which
    # two benches (or a bench and a deployment) would fight over.
    return ["--no-control-socket"] if gunicorn.version_info >= (25, 1) else []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _wait_until_ready(url: str, *, alive=None, timeout: float = 60.0) -> None:
    """Return once the health check answers 200; raise if it never does."""
    deadline = time.monotonic() + timeout
    client = Client(url, timeout=5)
    status = None
    try:
        while time.monotonic() < deadline:
            if alive:
                alive()
            try:
                status = client.get(HEALTH_PATH).status
            except FAILURES:
                status = None
            if status == 200:
                return
            time.sleep(0.1)
    finally:
        client.close()
    raise BenchError(
        f"The server at {url} was not ready in {timeout:.0f} s ({status})."
    )


def stop(process: subprocess.Popen | None) -> None:
    """Stop a server process gracefully (SIGTERM), killing it after 15 s."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
