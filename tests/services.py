"""Real services to break: a Redis server of the test's own, a silent socket.

Fixtures for every test folder, registered by tests/conftest.py.
"""

import shutil
import signal
import socket
import subprocess
import time

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """A redis-server on a free port, without persistence, that a test may kill."""

    def __init__(self, directory):
        self.port = _free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
                *("--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not _answers(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on {self.port}")
            time.sleep(0.05)

    def kill(self) -> None:
        """Stop the server as a crash would: SIGKILL, nothing flushed."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    """Yield a running redis-server of this test's own; kill it afterwards."""
    if not shutil.which("redis-server") and not shutil.which(REDIS_SERVER):
        pytest.skip(
            "redis-server is not installed (apt-get install redis-server; CI "
            "installs it): the cache's outage tests need a real Redis"
        )
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def silent_listener():
    """Yield a listening socket that accepts connections and never answers.

    The kernel completes the handshake for the backlog without `accept()`;
    closing the socket resets them, so that nothing waits for ever.
    """
    with socket.create_server(("127.0.0.1", 0), backlog=64) as server:
        yield server
