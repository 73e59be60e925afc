"""Leases: named locks that a process holds while it works and that die with it.

A job holds its lease while it runs; another process asks whether anybody
holds it to tell a job still running from one whose process was killed. On
PostgreSQL a lease is a session-level advisory lock on a connection of its
own; on other databases (SQLite: one machine by nature) an exclusive `flock`
on a file under PRIVATE_FILES_ROOT, which every process of the portal shares.
Either way the database server or the kernel ends the lease when the process
ends, however it ends (SIGKILL included). Leases are not re-entrant: a second
`hold` of a name, even by the same process, finds it held.
"""

import contextlib
import fcntl
import hashlib
import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# A process asking whether a file lease is held holds its file for a moment;
# taking a lease retries this long before it concludes that another holds it.
_PATIENCE = 1.0
_RETRY_EVERY = 0.01


class LeaseHeld(Exception):
    """Another process (or another holder in this one) holds the lease."""


@contextlib.contextmanager
def hold(name: str, *, using: str = DEFAULT_DB_ALIAS):
    """Hold the named lease while the block runs; raise LeaseHeld if it is taken."""
    lease = _advisory_lock(name, using) if _on_postgres(using) else _file_lock(name)
    with lease:
        yield


def is_held(name: str, *, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Return whether a live process (this one included) holds the named lease."""
    if _on_postgres(using):
        return _advisory_lock_is_held(name, using)
    return _file_lock_is_held(name)


def _on_postgres(using: str) -> bool:
    return connections[using].vendor == "postgresql"


def _key(name: str) -> int:
    """Return the lease's advisory lock key: 64 bits of the name's hash."""
    digest = hashlib.sha256(name.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextlib.contextmanager
def _advisory_lock(name: str, using: str):
    # A connection of its own: the job's connection may be closed between two
    # queries (CONN_MAX_AGE, health checks), which would end a session lock.
    connection = connections.create_connection(using)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_key(name)])
            if not cursor.fetchone()[0]:
                raise LeaseHeld(name)
        yield
    finally:
        connection.close()  # ends the session, and the lock with it


def _advisory_lock_is_held(name: str, using: str) -> bool:
    # pg_locks shows a bigint key as its high and low 32 bits, objsubid 1.
    key = _key(name) & 0xFFFF_FFFF_FFFF_FFFF
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
            " AND granted AND objsubid = 1 AND classid = %s::bigint::oid"
            " AND objid = %s::bigint::oid AND database = (SELECT oid FROM"
            " pg_database WHERE datname = current_database()))",
            [key >> 32, key & 0xFFFF_FFFF],
        )
        return cursor.fetchone()[0]


def _path(name: str) -> Path:
    readable = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100]
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    return Path(settings.PRIVATE_FILES_ROOT) / "leases" / f"{readable}-{digest}.lock"


@contextlib.contextmanager
def _file_lock(name: str):
    path = _path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = _locked(path, name)
    try:
        yield
    finally:
        # Removed while still locked, so that no file is left per lease; a
        # process that opened it meanwhile sees it replaced (_same_file).
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.close(descriptor)


def _locked(path: Path, name: str) -> int:
    deadline = time.monotonic() + _PATIENCE
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            if time.monotonic() >= deadline:
                raise LeaseHeld(name) from None
            time.sleep(_RETRY_EVERY)
            continue
        if _same_file(descriptor, path):
            return descriptor
        os.close(descriptor)  # its holder removed it on release: open the new one


def _file_lock_is_held(name: str) -> bool:
    path = _path(name)
    while True:
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return False  # a holder keeps its file until it lets go
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            if _same_file(descriptor, path):
                # Left by a killed holder: nobody can take it while it is
                # locked here, and a taker that opened it opens the path again.
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
                return False
        finally:
            os.close(descriptor)


def _same_file(descriptor: int, path: Path) -> bool:
    """Return whether the open file is still the one at the path."""
    try:
        current = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(descriptor)
    return (opened.st_dev, opened.st_ino) == (current.st_dev, current.st_ino)
