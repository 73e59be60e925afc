"""The peer: Datasette serving a copy of the dataset's SQLite file.

Datasette and sqlite-utils are installed from PyPI into a virtual environment
of the bench's own (`var/bench/peer-venv`), never into the project's: the
peer is something to measure against, not a dependency. The copy gets
full-text search as a journalist would give it (`sqlite-utils enable-fts`,
FTS5 with the trigram tokenizer) and is rebuilt when the dataset is.
"""

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from portal.bench import server
from portal.bench.client import FAILURES, Client
from portal.bench.exceptions import BenchError
from portal.bench.server import HOST, free_port

NAMES = ("datasette",)
PACKAGES = ("datasette", "sqlite-utils")
# The columns a journalist would make searchable, per table.
FTS = {"registry_entity": ("name",), "disclosures_penalty": ("facts",)}
READY_PATH = "/-/versions.json"
SETTINGS = {
    # A slow query should answer slowly, not fail after Datasette's default
    # second: the bench measures time, not a limit.
    "sql_time_limit_ms": "30000",
    # The whole CSV, not one cut at Datasette's default 100 MB.
    "max_csv_mb": "0",
    "allow_csv_stream": "on",
}


def require_known(name: str) -> None:
    if name not in NAMES:
        raise BenchError(f"Unknown peer {name!r}; the bench knows {', '.join(NAMES)}.")


def environment(directory: Path, *, log=print) -> Path:
    """Return the peer's virtual environment, creating it on the first run."""
    venv = Path(directory) / "peer-venv"
    if all(_executable(venv, name).exists() for name in PACKAGES):
        return venv
    log(f"Installing {' and '.join(PACKAGES)} into {venv} (once)...")
    _run([sys.executable, "-m", "venv", "--clear", str(venv)], "Creating the venv")
    _run(
        [str(_executable(venv, "python")), "-m", "pip", "install", "-q", *PACKAGES],
        "Installing the peer from PyPI",
    )
    return venv


def versions(venv: Path) -> dict[str, str]:
    """Return the installed version of each package ("datasette, version 0.65.5")."""
    return {
        name: _run([str(_executable(venv, name)), "--version"], name)
        .stdout.rsplit(" ", 1)[-1]
        .strip()
        for name in PACKAGES
    }


def prepare_copy(dataset, venv: Path, *, log=print) -> Path:
    """Return the peer's copy of the dataset, with full-text search enabled.

    The copy is kept beside the dataset and rebuilt when its sidecar says it
    was made from another build, or before later migrations, of the dataset.
    """
    path = dataset.path.with_name(f"{dataset.path.stem}-peer.sqlite3")
    sidecar = path.with_suffix(".json")
    stamp = _stamp(dataset)
    with contextlib.suppress(OSError, ValueError):
        if path.exists() and json.loads(sidecar.read_text()) == stamp:
            return path
    log(f"Copying the dataset for the peer to {path}...")
    sidecar.unlink(missing_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with (
        contextlib.closing(sqlite3.connect(dataset.path)) as original,
        contextlib.closing(sqlite3.connect(partial)) as copy,
    ):
        original.backup(copy)
    for table, columns in FTS.items():
        _run(
            [
                str(_executable(venv, "sqlite-utils")),
                "enable-fts",
                str(partial),
                table,
                *columns,
                "--tokenize",
                "trigram",
                "--create-triggers",
            ],
            f"Enabling full-text search on {table}",
        )
    with contextlib.closing(sqlite3.connect(partial)) as copy:
        # One file, no write-ahead log: Datasette opens it immutable.
        copy.execute("PRAGMA journal_mode=DELETE")
    partial.replace(path)
    sidecar.write_text(json.dumps(stamp, indent=2))
    return path


def _stamp(dataset) -> dict:
    """What the copy was made from, as its sidecar keeps it (JSON's types)."""
    # `migrate` runs on every bench run; a copy from before a migration is stale.
    with contextlib.closing(sqlite3.connect(dataset.path)) as database:
        [(migrations,)] = database.execute("SELECT count(*) FROM django_migrations")
    return {
        "built_at": dataset.meta["built_at"],
        "migrations": migrations,
        "fts": {table: list(columns) for table, columns in FTS.items()},
    }


class DatasetteServer:
    """`datasette serve --immutable <copy>` on a free loopback port."""

    def __init__(self, venv: Path, path: Path, *, log_path: Path):
        self.venv = venv
        self.path = path
        self.log_path = log_path
        self.database = path.stem  # Datasette names a database after its file
        self.url = ""
        self.pid = None
        self._process = None

    @property
    def command(self) -> list[str]:
        settings = [arg for item in SETTINGS.items() for arg in ("--setting", *item)]
        return [
            str(_executable(self.venv, "datasette")),
            "serve",
            "--immutable",
            str(self.path),
            f"--host={HOST}",
            f"--port={self.port}",
            *settings,
        ]

    def __enter__(self):
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(
                self.command, stdout=log, stderr=subprocess.STDOUT
            )
        self.pid = self._process.pid
        try:
            self._wait_until_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc_info):
        process, self._process = self._process, None
        server.stop(process)

    def describe(self) -> str:
        return " ".join(["datasette", *self.command[1:]])

    def _wait_until_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        client = Client(self.url, timeout=5)
        try:
            while time.monotonic() < deadline:
                if self._process.poll() is not None:
                    tail = self.log_path.read_text(errors="replace")[-3000:]
                    raise BenchError(
                        f"Datasette exited with {self._process.returncode}:\n{tail}"
                    )
                with contextlib.suppress(*FAILURES):
                    if client.get(READY_PATH).status == 200:
                        return
                time.sleep(0.1)
        finally:
            client.close()
        raise BenchError(f"Datasette at {self.url} was not ready in {timeout:.0f} s.")


def _executable(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def _run(command: list[str], what: str) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise BenchError(f"{what} failed: {error}") from error
    if result.returncode:
        output = (result.stdout or "") + (result.stderr or "")
        raise BenchError(f"{what} failed ({result.returncode}):\n{output[-3000:]}")
    return result
