"""Leases: named locks that a process holds while it works and that die with it.

A job holds its lease while it runs; another process asks whether anybody
holds it to tell a job still running from one whose process was killed. On
PostgreSQL a lease is a session-level advisory lock on a connection of its
own; on other databases (SQLite: one machine by nature) an exclusive `flock`
on a file under PRIVATE_FILES_ROOT, which every process of the portal shares.
Either way the database server or the kernel ends the lease when the process
ends, however it ends (SIGKILL included); and an advisory lock whose session
the server ends while its process lives (a failover) is taken again within a
second. Leases are not re-entrant: a second `hold` of a name, even by the same
process, finds it held.
"""

import contextlib
import fcntl
import hashlib
import logging
import os
import re
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, connections

logger = logging.getLogger(__name__)

# A process asking whether a file lease is held holds its file for a moment;
# taking a lease retries this long before it concludes that another holds it.
_PATIENCE = 1.0
_RETRY_EVERY = 0.01
# Seconds between two looks at an advisory lock's session (_Keeper).
_KEEP_EVERY = 1.0


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


def held(names, *, using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """Return which of the named leases a live process holds, asked at once."""
    names = list(names)
    if not names:
        return set()
    if _on_postgres(using):
        return _advisory_locks_held(names, using)
    return {name for name in names if _file_lock_is_held(name)}


def _on_postgres(using: str) -> bool:
    return connections[using].vendor == "postgresql"


def _key(name: str) -> int:
    """Return the lease's advisory lock key: 64 bits of the name's hash."""
    digest = hashlib.sha256(name.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextlib.contextmanager
def _advisory_lock(name: str, using: str):
    keeper = _Keeper(name, using)
    keeper.take()
    try:
        yield
    finally:
        keeper.release()


class _Keeper:
    """An advisory lock on a connection of its own, taken again if it is lost.

    A connection of its own: the job's connection may be closed between two
    queries (CONN_MAX_AGE, health checks), which would end a session lock. A
    failover, a restart of the server or `pg_terminate_backend` ends the
    session, and the lock with it, without telling the holder, which would
    go on working unseen (a worker missing from /health/, its tasks taken for
    a dead worker's); so a thread looks every `_KEEP_EVERY` seconds and takes
    the lock again on a new connection.
    """

    def __init__(self, name: str, using: str):
        self.name = name
        self.using = using
        self.connection = None
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=self._keep, name=f"lease {name}", daemon=True
        )

    def take(self) -> None:
        self.connection = self._locked()
        if self.connection is None:
            raise LeaseHeld(self.name)
        self.thread.start()

    def release(self) -> None:
        self.stopped.set()
        with self.lock:
            if self.connection is not None:
                self.connection.close()  # ends the session, and the lock with it
                self.connection = None
        self.thread.join()

    def _locked(self):
        """Return a new connection holding the lock, or None if another holds it."""
        connection = connections.create_connection(self.using)
        connection.inc_thread_sharing()  # the keeping thread uses it too
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [_key(self.name)])
                if cursor.fetchone()[0]:
                    return connection
        except BaseException:
            connection.close()
            raise
        connection.close()
        return None

    def _keep(self) -> None:
        lost = False
        while not self.stopped.wait(_KEEP_EVERY):
            with self.lock:
                if self.stopped.is_set():
                    return
                if self.connection is not None and _answers(self.connection):
                    continue
                if not lost:
                    logger.warning("The lease %s was lost with its session.", self.name)
                lost = True
                if self.connection is not None:
                    with contextlib.suppress(Error):
                        self.connection.close()
                    self.connection = None
                try:
                    self.connection = self._locked()
                except Error:
                    continue  # the database is still away: the next look tries
                if self.connection is None:
                    logger.warning("The lease %s is held elsewhere now.", self.name)
                    continue
                logger.warning("The lease %s is held again.", self.name)
                lost = False


def _answers(connection) -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Error:
        return False
    return True


def _advisory_lock_is_held(name: str, using: str) -> bool:
    return bool(_advisory_locks_held([name], using))


def _lock_halves(name: str) -> tuple[int, int]:
    # pg_locks shows a bigint key as its high and low 32 bits, objsubid 1.
    key = _key(name) & 0xFFFF_FFFF_FFFF_FFFF
    return key >> 32, key & 0xFFFF_FFFF


def _advisory_locks_held(names: list[str], using: str) -> set[str]:
    by_halves = {_lock_halves(name): name for name in names}
    highs, lows = zip(*by_halves, strict=True)
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT classid::bigint, objid::bigint FROM pg_locks"
            " WHERE locktype = 'advisory' AND granted AND objsubid = 1"
            " AND database = (SELECT oid FROM pg_database"
            " WHERE datname = current_database())"
            " AND (classid, objid) IN (SELECT high::oid, low::oid"
            " FROM unnest(%s::bigint[], %s::bigint[]) AS keys (high, low))",
            [list(highs), list(lows)],
        )
        return {by_halves[(high, low)] for high, low in cursor.fetchall()}


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
