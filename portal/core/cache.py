"""The Redis cache, which an outage makes slower but never breaks.

Django's RedisCache raises when Redis cannot be reached, so every page that
reads a cached fragment would answer 500. Here a read that cannot reach Redis
is a miss and a write is skipped. Connections give up after a fraction of a
second (OPTIONS `socket_connect_timeout` and `socket_timeout`, from
CACHE_TIMEOUT), and after a failure Redis is left alone for `RETRY_SECONDS`
(CACHE_RETRY_SECONDS): a hung server costs one timeout per interval and
process, not one per call, and the cache comes back by itself once Redis
answers again. The outage is logged when it starts, every few minutes while
it lasts, and when it ends: not once per call.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_DEFAULT_RETRY_SECONDS = 5.0
_REMIND_SECONDS = 300.0
_MISSING = object()


class _Outage:
    """Whether one location's servers answer, as this process last found them.

    Django makes a cache object per thread; the state is shared by location so
    that every thread of the process skips a server found down.
    """

    def __init__(self, location: str):
        self.location = location
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.reminded_at = 0.0

    def may_try(self) -> bool:
        return self.down_since is None or time.monotonic() >= self.retry_at

    def failed(self, error: Exception, retry_seconds: float) -> None:
        now = time.monotonic()
        with self.lock:
            self.retry_at = now + retry_seconds
            if self.down_since is None:
                self.down_since = self.reminded_at = now
                logger.warning(
                    "The Redis cache at %s is unreachable (%s); serving without "
                    "it, trying again every %s s.",
                    self.location,
                    error,
                    retry_seconds,
                )
            elif now - self.reminded_at >= _REMIND_SECONDS:
                self.reminded_at = now
                logger.warning(
                    "The Redis cache at %s is still unreachable after %.0f s (%s).",
                    self.location,
                    now - self.down_since,
                    error,
                )

    def answered(self) -> None:
        if self.down_since is None:
            return
        with self.lock:
            if self.down_since is not None:
                logger.info(
                    "The Redis cache at %s answers again after %.0f s.",
                    self.location,
                    time.monotonic() - self.down_since,
                )
                self.down_since = None


_OUTAGES: dict[str, _Outage] = {}
_OUTAGES_LOCK = threading.Lock()


def _outage(location: str) -> _Outage:
    with _OUTAGES_LOCK:
        return _OUTAGES.setdefault(location, _Outage(location))


class RedisCache(DjangoRedisCache):
    """Django's Redis cache, answering a miss while Redis cannot be reached."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self._retry_seconds = float(
            options.pop("RETRY_SECONDS", _DEFAULT_RETRY_SECONDS)
        )
        super().__init__(server, {**params, "OPTIONS": options})
        self._outage = _outage(",".join(self._servers))

    def _tolerant(self, operation, *args, fallback):
        if not self._outage.may_try():
            return fallback
        try:
            result = operation(*args)
        except RedisError as error:
            self._outage.failed(error, self._retry_seconds)
            return fallback
        self._outage.answered()
        return result

    def is_available(self) -> bool:
        """Write and read back a short-lived key now, whatever the last call found."""
        key = "health:cache-probe"
        try:
            super().set(key, "ok", 10)
            answered = super().get(key) == "ok"
        except RedisError as error:
            self._outage.failed(error, self._retry_seconds)
            return False
        self._outage.answered()
        return answered

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(super().add, key, value, timeout, version, fallback=False)

    def get(self, key, default=None, version=None):
        return self._tolerant(super().get, key, default, version, fallback=default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._tolerant(super().set, key, value, timeout, version, fallback=None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(super().touch, key, timeout, version, fallback=False)

    def delete(self, key, version=None):
        return self._tolerant(super().delete, key, version, fallback=False)

    def get_many(self, keys, version=None):
        return self._tolerant(super().get_many, keys, version, fallback={})

    def has_key(self, key, version=None):
        return self._tolerant(super().has_key, key, version, fallback=False)

    def incr(self, key, delta=1, version=None):
        value = self._tolerant(super().incr, key, delta, version, fallback=_MISSING)
        if value is _MISSING:
            # What any cache says of a counter it does not hold.
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(
            super().set_many, data, timeout, version, fallback=list(data)
        )

    def delete_many(self, keys, version=None):
        self._tolerant(super().delete_many, keys, version, fallback=None)

    def clear(self):
        return self._tolerant(super().clear, fallback=False)
