"""Public submissions that wait out a busy database, then say so.

SQLite lets one writer in at a time: an import holding the write lock makes
every other write wait `busy_timeout` (5 s, portal/settings.py) and then
fail. A public submission (an appeal, its material, a tracking sign-in, an
API key) waits longer, up to SUBMISSION_WAIT_SECONDS in all, below
gunicorn's 30 s worker timeout: its connection's busy timeout is raised for
the attempt, and an attempt that still meets a lock is retried while the
budget lasts. On PostgreSQL `lock_timeout` bounds the wait the same way.
When the budget is spent, or the database cannot be reached at all,
`DatabaseBusy` tells the view to show the form again, with what was typed,
a 503 and Retry-After. The services write in one transaction, so a refused
attempt leaves nothing behind.
"""

import contextlib
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
_PAUSE = 0.2
# PostgreSQL: lock_not_available (lock_timeout), deadlock, serialization.
_POSTGRES_LOCKED = {"55P03", "40P01", "40001"}


class DatabaseBusy(Exception):
    """The database stayed locked (or away) for the whole wait."""


def patiently(function, /, *args, **kwargs):
    """Call the function, letting its writes wait for a locked database.

    Raise DatabaseBusy when the database is still locked after
    SUBMISSION_WAIT_SECONDS, or cannot be reached.
    """
    deadline = time.monotonic() + settings.SUBMISSION_WAIT_SECONDS
    while True:
        try:
            with _lock_wait(max(0.0, deadline - time.monotonic())):
                return function(*args, **kwargs)
        except OperationalError as error:
            if not _locked(error):
                logger.exception("The database could not take a submission.")
                raise DatabaseBusy from error
            if time.monotonic() + _PAUSE >= deadline:
                logger.warning(
                    "The database stayed locked for %s s; a submission was "
                    "turned away (%s).",
                    settings.SUBMISSION_WAIT_SECONDS,
                    error,
                )
                raise DatabaseBusy from error
        time.sleep(_PAUSE)


def message(*, typed: bool = True) -> str:
    """Return what to tell the person whose submission was turned away."""
    if not typed:
        return _(
            "The portal is busy and could not save this just now; nothing was "
            "saved. Please try again in a minute."
        )
    return _(
        "The portal is busy and could not save this just now; nothing was saved. "
        "Please try again in a minute: what you typed is kept below."
    )


def refuse(response):
    """Mark a page answering a turned-away submission: 503, try again later."""
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _locked(error: OperationalError) -> bool:
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) in _POSTGRES_LOCKED:
        return True
    text = str(error).lower()
    return "locked" in text or "busy" in text


@contextlib.contextmanager
def _lock_wait(seconds: float, using: str = DEFAULT_DB_ALIAS):
    """Let the connection wait this long for a lock, then restore its setting."""
    connection = connections[using]
    milliseconds = max(1, int(seconds * 1000))
    if connection.vendor == "sqlite":
        set_to, read = "PRAGMA busy_timeout = %d", "PRAGMA busy_timeout"
    elif connection.vendor == "postgresql":
        set_to, read = "SET lock_timeout = %d", "SHOW lock_timeout"
    else:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(read)
        previous = cursor.fetchone()[0]
        cursor.execute(set_to % milliseconds)
    try:
        yield
    finally:
        # A closed or broken connection is made afresh, with its defaults.
        with contextlib.suppress(Exception), connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(set_to % int(previous))
            else:
                cursor.execute(
                    "SELECT set_config('lock_timeout', %s, false)", [previous]
                )
