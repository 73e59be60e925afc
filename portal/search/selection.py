"""Which backend answers: Elasticsearch when configured, the database otherwise.

`search()` is the one entry point for the search page and the API: when
Elasticsearch cannot answer, the database backend does, and the results say so.

A circuit breaker keeps a silent cluster from costing every search its
timeout: after ELASTICSEARCH_BREAKER_FAILURES failures in a row (searches or
index updates), searches go straight to the database for
ELASTICSEARCH_BREAKER_SECONDS; then one request tries the cluster again, and
its outcome closes the breaker or opens it for another cool-down.
"""

import contextlib
import dataclasses
import functools
import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache

from portal.search.backends.base import SearchBackend
from portal.search.query import SearchQuery
from portal.search.results import SearchResults

logger = logging.getLogger(__name__)
# A health check must answer within about a second, whatever is down.
_HEALTH_PING_SECONDS = 0.5


@functools.cache
def _elasticsearch(url: str, prefix: str, timeout: float) -> SearchBackend:
    # One client (and its connection pool) per configuration, not per request.
    from portal.search.backends.elasticsearch import ElasticsearchBackend

    return ElasticsearchBackend(url=url, prefix=prefix, timeout=timeout)


def _elasticsearch_backend(*, maintenance: bool = False) -> SearchBackend | None:
    if not settings.ELASTICSEARCH_URL:
        return None
    return _elasticsearch(
        settings.ELASTICSEARCH_URL,
        settings.ELASTICSEARCH_INDEX_PREFIX,
        settings.ELASTICSEARCH_INDEX_TIMEOUT
        if maintenance
        else settings.ELASTICSEARCH_TIMEOUT,
    )


def _database_backend() -> SearchBackend:
    """Return the backend that keeps the index in the main database."""
    from portal.search.backends.database import DatabaseBackend

    return DatabaseBackend()


def get_backend() -> SearchBackend:
    """Return the configured backend: Elasticsearch if it has a URL, else the
    database; with the short timeout of requests made while serving a page."""
    return _elasticsearch_backend() or _database_backend()


def maintenance_backend() -> SearchBackend:
    """Return the configured backend with the long timeout of rebuilds and checks."""
    return _elasticsearch_backend(maintenance=True) or _database_backend()


class _Breaker:
    """The circuit breaker in front of Elasticsearch.

    Its state is kept in the default cache, so that every worker process (and
    every app server sharing the cache) skips a cluster that another found
    silent. A copy is kept in the process too: when the cache is down as well
    (a Redis outage reads as an empty cache), each process still counts its
    own failures and opens its own breaker. The two are merged by taking the
    worse; the count is approximate under races, which only moves the
    opening by a request or two.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._local: dict[str, dict] = {}

    @staticmethod
    def _key() -> str:
        digest = hashlib.sha256(settings.ELASTICSEARCH_URL.encode()).hexdigest()
        return f"search:breaker:{digest[:16]}"

    def _state(self) -> dict:
        key = self._key()
        try:
            shared = cache.get(key) or {}
        except Exception:  # a cache that raises is one that is down
            shared = {}
        local = self._local.get(key, {})
        return {
            "failures": max(shared.get("failures", 0), local.get("failures", 0)),
            "open_until": max(shared.get("open_until", 0), local.get("open_until", 0)),
        }

    def _save(self, state: dict) -> None:
        key = self._key()
        with self._lock:
            self._local[key] = state
        # Long enough to outlive the cool-down; a closed state need not linger.
        timeout = max(60, 4 * settings.ELASTICSEARCH_BREAKER_SECONDS)
        with contextlib.suppress(Exception):
            cache.set(key, state, timeout)

    def allows(self) -> bool:
        """Tell whether a request may go to the cluster now.

        When the cool-down is over, the caller is the trial: the cool-down is
        pushed back at once, so that other requests keep to the database
        until the trial's outcome is known.
        """
        state = self._state()
        if state["failures"] < settings.ELASTICSEARCH_BREAKER_FAILURES:
            return True
        now = time.time()
        if now < state["open_until"]:
            return False
        self._save(
            {**state, "open_until": now + settings.ELASTICSEARCH_BREAKER_SECONDS}
        )
        return True

    def succeeded(self) -> None:
        state = self._state()
        if state["failures"]:
            if state["failures"] >= settings.ELASTICSEARCH_BREAKER_FAILURES:
                logger.warning("Elasticsearch answers again; the breaker is closed.")
            self._save({"failures": 0, "open_until": 0})

    def failed(self) -> None:
        state = self._state()
        failures = state["failures"] + 1
        open_until = state["open_until"]
        if failures >= settings.ELASTICSEARCH_BREAKER_FAILURES:
            open_until = time.time() + settings.ELASTICSEARCH_BREAKER_SECONDS
            if failures == settings.ELASTICSEARCH_BREAKER_FAILURES:
                logger.warning(
                    "Elasticsearch failed %s times in a row; searches go to the "
                    "database for %s s.",
                    failures,
                    settings.ELASTICSEARCH_BREAKER_SECONDS,
                )
        self._save({"failures": failures, "open_until": open_until})

    def describe(self) -> dict:
        """Return the breaker's state for /health/."""
        state = self._state()
        if state["failures"] < settings.ELASTICSEARCH_BREAKER_FAILURES:
            return {"state": "closed", "failures": state["failures"]}
        left = max(0.0, state["open_until"] - time.time())
        return {
            "state": "open" if left else "half-open",
            "failures": state["failures"],
            "retry_in_seconds": round(left, 1),
        }

    def reset(self) -> None:
        """Forget every failure (tests, and an operator who knows better)."""
        with self._lock:
            self._local.clear()
        with contextlib.suppress(Exception):
            cache.delete(self._key())


breaker = _Breaker()


def search(query: SearchQuery) -> SearchResults:
    """Answer a query, from the database when Elasticsearch cannot answer."""
    from portal.search.backends.elasticsearch import UNAVAILABLE

    primary = _elasticsearch_backend()
    if primary is None:
        return _database_backend().search(query)
    if breaker.allows():
        try:
            results = primary.search(query)
        except UNAVAILABLE as error:
            breaker.failed()
            logger.warning(
                "Elasticsearch could not answer a search (%s); answering from the "
                "database.",
                error,
            )
        else:
            breaker.succeeded()
            return results
    results = _database_backend().search(query)
    return dataclasses.replace(results, backend="database", degraded=True)


def _state(backend: SearchBackend, **ping) -> str:
    try:
        return "ok" if backend.ping(**ping) else "unreachable"
    except Exception:
        logger.warning("The %s search backend failed its ping.", backend.name)
        return "unreachable"


def health() -> dict:
    """Return the state of each search backend and which one answers searches.

    The cluster is pinged with a short timeout, and not at all while the
    breaker is open: a health check must never wait on a silent cluster.
    """
    database = _state(_database_backend())
    primary = _elasticsearch_backend()
    report = {}
    if primary is None:
        elasticsearch = "not configured"
    else:
        report["breaker"] = breaker.describe()
        if report["breaker"]["state"] == "open":
            elasticsearch = "unreachable"
        else:
            timeout = min(_HEALTH_PING_SECONDS, settings.ELASTICSEARCH_TIMEOUT)
            elasticsearch = _state(primary, timeout=timeout)
    degraded = elasticsearch == "unreachable"
    return {
        "backend": "database" if primary is None or degraded else "elasticsearch",
        "degraded": degraded,
        "elasticsearch": elasticsearch,
        "database": database,
        **report,
    }
