"""Hits per client and action over a fixed window, counted alike by every process.

One row per (action, client) in the state database (portal/core/routers.py)
holds the hits of the client's current window and when it ends. The window
starts at the client's first hit and lasts `period` seconds. A hit is one
`INSERT ... ON CONFLICT DO UPDATE ... RETURNING` (SQLite 3.35+, PostgreSQL)
that starts a new window or adds one to the current one and returns the
count: no read-modify-write, so no hit is lost however many workers count at
once, and no cache is involved, so a Redis outage changes nothing.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.db import connections, router

from portal.core.models import RateCounter

# Ended windows are deleted at most this often per process; a stale row is
# harmless meanwhile, since the next hit starts a new window over it.
_PURGE_SECONDS = 60.0
_last_purge = 0.0


@dataclass(frozen=True)
class Count:
    hits: int
    reset: int  # whole seconds until the window ends; 0 with no window


def hit(*, action: str, client: str, period: int) -> Count:
    """Count one hit of the client at the action; return the window's count."""
    now = time.time()
    connection = connections[router.db_for_write(RateCounter)]
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (action, client, hits, expires)
            VALUES (%s, %s, 1, %s)
            ON CONFLICT (action, client) DO UPDATE SET
                hits = CASE WHEN {table}.expires <= %s
                    THEN 1 ELSE {table}.hits + 1 END,
                expires = CASE WHEN {table}.expires <= %s
                    THEN excluded.expires ELSE {table}.expires END
            RETURNING hits, expires
            """,
            [action, _digest(client), now + period, now, now],
        )
        hits, expires = cursor.fetchall()[0]
    _purge(now)
    return Count(hits, _seconds_until(expires, now))


def peek(*, action: str, client: str) -> Count:
    """Return the client's count at the action without adding a hit."""
    now = time.time()
    row = (
        RateCounter.objects.filter(
            action=action, client=_digest(client), expires__gt=now
        )
        .values_list("hits", "expires")
        .first()
    )
    if row is None:
        return Count(0, 0)
    return Count(row[0], _seconds_until(row[1], now))


def forget(*, action: str, client: str) -> None:
    """End the client's window at the action: its next hit counts from one."""
    RateCounter.objects.filter(action=action, client=_digest(client)).delete()


def _digest(client: str) -> str:
    return hashlib.sha256(client.encode()).hexdigest()[:40]


def _seconds_until(expires: float, now: float) -> int:
    return max(1, math.ceil(expires - now))


def _purge(now: float) -> None:
    global _last_purge
    if now - _last_purge < _PURGE_SECONDS:
        return
    _last_purge = now
    RateCounter.objects.filter(expires__lt=now).delete()
