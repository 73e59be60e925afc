"""Benchmark datasets: one SQLite file per size, built once by `demo_data`.

A dataset lives in `var/bench/<size>.sqlite3`, apart from the development
database. Its sidecar `<size>.json` is written last, so a dataset without one
is incomplete and gets rebuilt.
"""

import contextlib
import datetime
import hashlib
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import get_commands
from django.db import DEFAULT_DB_ALIAS, connections

from portal.bench.exceptions import BenchError

SEED = 20240601
# Fixed so that the ID hashes written at build time match the server's.
IDENTITY_HASH_KEY = "bench-identity-hash-key"
SUPERUSER = "bench"
_SQLITE = "django.db.backends.sqlite3"


@dataclass(frozen=True)
class Size:
    name: str
    entities: int
    records: int


SIZES = {
    size.name: size
    for size in (
        Size("tiny", 200, 1_000),
        Size("small", 10_000, 50_000),
        Size("medium", 100_000, 500_000),
        Size("large", 200_000, 1_000_000),
    )
}


@dataclass(frozen=True)
class Dataset:
    """A built benchmark database and what its sidecar says about it."""

    path: Path
    meta: dict

    @property
    def size(self) -> str:
        return self.meta["size"]

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.path}"

    @property
    def password(self) -> str:
        return self.meta["superuser"]["password"]

    @property
    def counts(self) -> dict[str, int]:
        return self.meta["counts"]


def default_directory() -> Path:
    return Path(settings.BASE_DIR) / "var" / "bench"


def ensure_dataset(
    size: str,
    *,
    directory: Path | None = None,
    rebuild: bool = False,
    quiet: bool = False,
    log=print,
) -> Dataset:
    """Return the dataset of this size, building it unless a complete one exists."""
    spec = SIZES[size]
    directory = Path(directory or default_directory()).resolve()
    path = directory / f"{size}.sqlite3"
    meta = _read_meta(path)
    if rebuild or not _is_complete(path, meta, spec):
        return _build(spec, path, quiet=quiet, log=log)
    dataset = Dataset(path, meta)
    # Later migrations still apply to a dataset built before them; new indexes
    # need fresh statistics before the planner will choose them.
    manage("migrate", "--noinput", dataset=dataset, quiet=True)
    if meta.get("fingerprint") != _fingerprint():
        with contextlib.closing(sqlite3.connect(path)) as database:
            database.execute("ANALYZE")
        log(
            f"Note: the {size} dataset was built by an older demo-data generator "
            "or schema; pass --rebuild to refresh it."
        )
    return dataset


def _media_root(database_url: str) -> Path:
    prefix = "sqlite:///"
    if database_url.startswith(prefix):
        return Path(database_url.removeprefix(prefix)).parent / "media"
    return default_directory() / "media"


def process_env(database_url: str) -> dict[str, str]:
    """Return a production-like environment for a process using this database."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        IDENTITY_HASH_KEY=IDENTITY_HASH_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        # The benchmark measures the server, not the API's rate limit.
        API_THROTTLE_ANON="1000000/min",
        # Bulk files built by a bench job stay beside the dataset, not in var/media.
        MEDIA_ROOT=str(_media_root(database_url)),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(*args: str, dataset: Dataset | Path, quiet: bool = False, env=None):
    """Run a management command in a subprocess against the dataset's database."""
    path = dataset.path if isinstance(dataset, Dataset) else dataset
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
    result = subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env={**process_env(f"sqlite:///{path}"), **(env or {})},
        capture_output=quiet,
        text=True,
        check=False,
    )
    if result.returncode:
        output = (result.stdout or "") + (result.stderr or "")
        raise BenchError(
            f"`manage.py {' '.join(args)}` failed ({result.returncode}).\n"
            + output[-3000:]
        )
    return result


@contextlib.contextmanager
def connected(dataset: Dataset):
    """Point the default database at the dataset while the block runs."""
    # Changing the shared settings dict, as Django's test runner does, reaches
    # every thread's future connection, including an in-process server's.
    database = connections.settings[DEFAULT_DB_ALIAS]
    saved = dict(database)
    connections[DEFAULT_DB_ALIAS].close()
    del connections[DEFAULT_DB_ALIAS]
    database.update(
        ENGINE=_SQLITE,
        NAME=str(dataset.path),
        USER="",
        PASSWORD="",
        HOST="",
        PORT="",
        CONN_MAX_AGE=0,
        CONN_HEALTH_CHECKS=False,
        OPTIONS=saved["OPTIONS"] if saved["ENGINE"] == _SQLITE else {},
    )
    try:
        yield dataset
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        del connections[DEFAULT_DB_ALIAS]
        database.clear()
        database.update(saved)


@contextlib.contextmanager
def scratch_copy(dataset: Dataset):
    """Yield a throwaway copy of the dataset, for work that writes."""
    with tempfile.TemporaryDirectory(prefix="bench-") as directory:
        path = Path(directory) / dataset.path.name
        with (
            contextlib.closing(sqlite3.connect(dataset.path)) as source,
            contextlib.closing(sqlite3.connect(path)) as target,
        ):
            source.backup(target)
        yield Dataset(path, dataset.meta)


def _build(spec: Size, path: Path, *, quiet: bool, log) -> Dataset:
    if "demo_data" not in get_commands():
        raise BenchError(
            "The demo_data command is missing, so no benchmark dataset can be built."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove(path)
    log(
        f"Building the {spec.name} dataset ({spec.entities:,} entities, "
        f"{spec.records:,} records) in {path}..."
    )
    started = time.monotonic()
    password = secrets.token_urlsafe(16)
    # Records are dated back from the build day, so the share of penalties still
    # in publicity (which the public pages show) is what a live portal has; the
    # day is kept in the sidecar, and a dataset can be rebuilt to compare.
    today = datetime.date.today().isoformat()
    manage("migrate", "--noinput", dataset=path, quiet=True)
    manage(
        "demo_data",
        f"--entities={spec.entities}",
        f"--records={spec.records}",
        f"--seed={SEED}",
        f"--today={today}",
        dataset=path,
        quiet=quiet,
    )
    # The search scenarios read the index, as `make run` fills it.
    manage("search_index", "rebuild", dataset=path, quiet=quiet)
    manage(
        "createsuperuser",
        "--noinput",
        f"--username={SUPERUSER}",
        "--email=bench@example.invalid",
        dataset=path,
        quiet=True,
        env={"DJANGO_SUPERUSER_PASSWORD": password},
    )
    with contextlib.closing(sqlite3.connect(path)) as database:
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    meta = {
        "size": spec.name,
        "entities": spec.entities,
        "records": spec.records,
        "seed": SEED,
        "today": today,
        "fingerprint": _fingerprint(),
        "built_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "build_seconds": round(time.monotonic() - started, 1),
        "superuser": {"username": SUPERUSER, "password": password},
    }
    dataset = Dataset(path, meta)
    with connected(dataset):
        meta["counts"] = _count_rows()
    _meta_path(path).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    log(f"Built the {spec.name} dataset in {meta['build_seconds']} s.")
    return dataset


def _count_rows() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("portal.")
    }


def _fingerprint() -> str:
    """Return a digest of the generator and schema that a dataset comes from."""
    portal = Path(settings.BASE_DIR) / "portal"
    digest = hashlib.sha256()
    files = [
        *portal.glob("demodata/**/*.py"),
        *portal.glob("*/migrations/*.py"),
        # What the search index holds, which the dataset build fills.
        portal / "search" / "documents.py",
        portal / "search" / "tokens.py",
    ]
    for file in sorted(files):
        digest.update(file.relative_to(portal).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def _is_complete(path: Path, meta: dict | None, spec: Size) -> bool:
    return (
        path.exists()
        and meta is not None
        and (meta.get("entities"), meta.get("records")) == (spec.entities, spec.records)
        and "counts" in meta
    )


def _meta_path(path: Path) -> Path:
    return path.with_suffix(".json")


def _read_meta(path: Path) -> dict | None:
    try:
        return json.loads(_meta_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _remove(path: Path) -> None:
    for suffix in (".json", ".sqlite3-wal", ".sqlite3-shm", ".sqlite3"):
        with contextlib.suppress(FileNotFoundError):
            path.with_suffix(suffix).unlink()
