"""Benchmark datasets: one database per size, built once by `demo_data`.

A dataset lives in `var/bench/<size>.sqlite3`, apart from the development
database, or in a PostgreSQL database of the bench's own (`--database-url`),
which it drops and creates again to build. Its sidecar `<size>.json` (or
`<size>-postgresql-<name>.json`) is written last, so a dataset without one is
incomplete and gets rebuilt.
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
from urllib.parse import urlsplit

import environ
import psycopg
from django.apps import apps
from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import DEFAULT_DB_ALIAS, connections

from portal.bench.exceptions import BenchError

SEED = 20240601
# Fixed so that the ID hashes written at build time match the server's.
IDENTITY_HASH_KEY = "bench-identity-hash-key"
SUPERUSER = "bench"
_SQLITE = "django.db.backends.sqlite3"
# A PostgreSQL dataset's database is dropped to be built: only a name that
# says it belongs to the bench is accepted.
_BENCH_NAME = "bench"


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
    # DATABASE_URL of a PostgreSQL dataset; `path` is then its sidecar's stem.
    url: str = ""

    @property
    def size(self) -> str:
        return self.meta["size"]

    @property
    def database_url(self) -> str:
        return self.url or f"sqlite:///{self.path}"

    @property
    def on_postgres(self) -> bool:
        return bool(self.url)

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
    database_url: str = "",
    today: datetime.date | None = None,
) -> Dataset:
    """Return the dataset of this size, building it unless a complete one exists.

    Without `database_url`, in a SQLite file of the directory; with a
    PostgreSQL URL, in that database, whose name must contain "bench".
    Records are dated back from `today` (default: the build day); a dataset
    dated from another day than the one asked for is built again.
    """
    spec = SIZES[size]
    directory = Path(directory or default_directory()).resolve()
    path = directory / f"{size}.sqlite3"
    if database_url:
        path = directory / f"{size}-postgresql-{_postgres_name(database_url)}"
    meta = _read_meta(path)
    if rebuild or not _is_complete(path, meta, spec, url=database_url, today=today):
        return _build(
            spec,
            path,
            quiet=quiet,
            log=log,
            url=database_url,
            today=today or datetime.date.today(),
        )
    dataset = Dataset(path, meta, database_url)
    # Later migrations still apply to a dataset built before them; new indexes
    # need fresh statistics before the planner will choose them.
    manage("migrate", "--noinput", dataset=dataset, quiet=True)
    if meta.get("fingerprint") != _fingerprint():
        _analyze(dataset)
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


def process_env(database_url: str, *, cache_url: str = "") -> dict[str, str]:
    """Return a production-like environment for a process using this database
    (and this cache: by default the state database's table)."""
    env = dict(os.environ)
    if cache_url:
        env["CACHE_URL"] = cache_url
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="false",
        # The server measured is a production install, without the bench and
        # demo data apps; the dataset's build turns them on for demo_data.
        DJANGO_DEV_TOOLS="false",
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


def manage(*args: str, dataset: Dataset | Path | str, quiet: bool = False, env=None):
    """Run a management command in a subprocess against the dataset's database
    (a Dataset, a SQLite file, or a database URL)."""
    if isinstance(dataset, Dataset):
        url = dataset.database_url
    else:
        url = dataset if isinstance(dataset, str) else f"sqlite:///{dataset}"
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
    result = subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env={**process_env(url), **(env or {})},
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
    """Point the default and state databases at the dataset while the block runs.

    The state database (rate-limit counters, the cache) is the file beside
    the dataset that `migrate` makes, as in production on SQLite.
    """
    # Changing the shared settings dicts, as Django's test runner does, reaches
    # every thread's future connection, including an in-process server's.
    state = dataset.path.with_name(f"{dataset.path.stem}-state{dataset.path.suffix}")
    saved = {}
    for alias, path in ((DEFAULT_DB_ALIAS, dataset.path), ("state", state)):
        database = connections.settings[alias]
        saved[alias] = dict(database)
        connections[alias].close()
        del connections[alias]
        if dataset.on_postgres:
            # On PostgreSQL the state database is the same database.
            database.update(
                environ.Env.db_url_config(dataset.url),
                CONN_MAX_AGE=0,
                CONN_HEALTH_CHECKS=False,
                OPTIONS={},
            )
            continue
        database.update(
            ENGINE=_SQLITE,
            NAME=str(path),
            USER="",
            PASSWORD="",
            HOST="",
            PORT="",
            CONN_MAX_AGE=0,
            CONN_HEALTH_CHECKS=False,
            OPTIONS=(
                saved[alias]["OPTIONS"] if saved[alias]["ENGINE"] == _SQLITE else {}
            ),
        )
    try:
        # A dataset built before the state database existed gets one now.
        call_command("migrate", database="state", verbosity=0)
        yield dataset
    finally:
        for alias, values in saved.items():
            connections[alias].close()
            del connections[alias]
            connections.settings[alias].clear()
            connections.settings[alias].update(values)


@contextlib.contextmanager
def scratch_copy(dataset: Dataset):
    """Yield a throwaway copy of the dataset, for work that writes."""
    if dataset.on_postgres:
        raise BenchError(
            "A job that writes runs on a copy of a SQLite dataset; leave out "
            "--database-url for it."
        )
    with tempfile.TemporaryDirectory(prefix="bench-") as directory:
        path = Path(directory) / dataset.path.name
        with (
            contextlib.closing(sqlite3.connect(dataset.path)) as source,
            contextlib.closing(sqlite3.connect(path)) as target,
        ):
            source.backup(target)
        yield Dataset(path, dataset.meta)


def _build(
    spec: Size, path: Path, *, quiet: bool, log, today: datetime.date, url: str = ""
) -> Dataset:
    if "demo_data" not in get_commands():
        raise BenchError(
            "The demo_data command is missing, so no benchmark dataset can be built."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove(path)
    if url:
        _recreate_postgres(url)
    target = url or path
    log(
        f"Building the {spec.name} dataset ({spec.entities:,} entities, "
        f"{spec.records:,} records) in {_postgres_name(url) if url else path}..."
    )
    started = time.monotonic()
    password = secrets.token_urlsafe(16)
    # Records are dated back from `today`, by default the build day, so the
    # share of penalties still in publicity (which the public pages show) is
    # what a live portal has. The day is kept in the sidecar: the same size,
    # seed and day are the same data on every machine.
    manage("migrate", "--noinput", dataset=target, quiet=True)
    manage(
        "demo_data",
        f"--entities={spec.entities}",
        f"--records={spec.records}",
        f"--seed={SEED}",
        f"--today={today.isoformat()}",
        dataset=target,
        quiet=quiet,
        env={"DJANGO_DEV_TOOLS": "true"},
    )
    # The search scenarios read the index, as `make run` fills it.
    manage("search_index", "rebuild", dataset=target, quiet=quiet)
    manage(
        "createsuperuser",
        "--noinput",
        f"--username={SUPERUSER}",
        "--email=bench@example.invalid",
        dataset=target,
        quiet=True,
        env={"DJANGO_SUPERUSER_PASSWORD": password},
    )
    if url:
        _analyze(Dataset(path, {}, url))
    else:
        with contextlib.closing(sqlite3.connect(path)) as database:
            database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    meta = {
        "size": spec.name,
        "entities": spec.entities,
        "records": spec.records,
        "seed": SEED,
        "today": today.isoformat(),
        "fingerprint": _fingerprint(),
        "built_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "build_seconds": round(time.monotonic() - started, 1),
        "superuser": {"username": SUPERUSER, "password": password},
    }
    if url:
        meta["database"] = _postgres_name(url)
    dataset = Dataset(path, meta, url)
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


def _is_complete(
    path: Path,
    meta: dict | None,
    spec: Size,
    *,
    url: str = "",
    today: datetime.date | None = None,
) -> bool:
    if not (
        meta is not None
        and (meta.get("entities"), meta.get("records")) == (spec.entities, spec.records)
        and "counts" in meta
    ):
        return False
    if today is not None and meta.get("today") != today.isoformat():
        return False
    if not url:
        return path.exists()
    # The sidecar stays when the database is dropped or built again elsewhere.
    try:
        with _connect(url, _postgres_name(url)) as database:
            [(entities,)] = database.execute(
                "SELECT count(*) FROM registry_entity"
            ).fetchall()
    except psycopg.Error:
        return False
    return entities == meta["counts"].get("registry.entity")


def _postgres_name(url: str) -> str:
    """Return the database's name, refusing a URL the bench may not drop."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not parts.scheme.startswith("postgres"):
        raise BenchError(
            f"--database-url takes a PostgreSQL URL (postgres://...), not {url!r}; "
            "without it the dataset is a SQLite file."
        )
    if _BENCH_NAME not in name:
        raise BenchError(
            f"The bench drops and creates the database it builds a dataset in: "
            f"name it for the bench (e.g. portal_bench), not {name!r}."
        )
    return name


def _connect(url: str, dbname: str):
    parts = urlsplit(url)
    return psycopg.connect(
        dbname=dbname,
        user=parts.username or None,
        password=parts.password or None,
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        autocommit=True,
    )


def _recreate_postgres(url: str) -> None:
    name = _postgres_name(url)
    with _connect(url, "postgres") as database:
        database.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        database.execute(f'CREATE DATABASE "{name}"')


def _analyze(dataset: Dataset) -> None:
    """Refresh the planner's statistics of the whole database."""
    if dataset.on_postgres:
        with _connect(dataset.url, _postgres_name(dataset.url)) as database:
            database.execute("VACUUM ANALYZE")
        return
    with contextlib.closing(sqlite3.connect(dataset.path)) as database:
        database.execute("ANALYZE")


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
