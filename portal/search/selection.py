"""Which backend answers: Elasticsearch when configured, the database otherwise.

`search()` is the one entry point for the search page and the API: when
Elasticsearch cannot answer, the database backend does, and the results say so.
"""

import dataclasses
import functools
import logging

from django.conf import settings

from portal.search.backends.base import SearchBackend
from portal.search.query import SearchQuery
from portal.search.results import SearchResults

logger = logging.getLogger(__name__)


@functools.cache
def _elasticsearch(url: str, prefix: str, timeout: float) -> SearchBackend:
    # One client (and its connection pool) per configuration, not per request.
    from portal.search.backends.elasticsearch import ElasticsearchBackend

    return ElasticsearchBackend(url=url, prefix=prefix, timeout=timeout)


def _elasticsearch_backend() -> SearchBackend | None:
    if not settings.ELASTICSEARCH_URL:
        return None
    return _elasticsearch(
        settings.ELASTICSEARCH_URL,
        settings.ELASTICSEARCH_INDEX_PREFIX,
        settings.ELASTICSEARCH_TIMEOUT,
    )


def _database_backend() -> SearchBackend:
    """Return the backend that keeps the index in the main database."""
    from portal.search.backends.database import DatabaseBackend

    return DatabaseBackend()


def get_backend() -> SearchBackend:
    """Return the configured backend: Elasticsearch if it has a URL, else the
    database."""
    return _elasticsearch_backend() or _database_backend()


def search(query: SearchQuery) -> SearchResults:
    """Answer a query, from the database when Elasticsearch cannot answer."""
    from portal.search.backends.elasticsearch import UNAVAILABLE

    primary = _elasticsearch_backend()
    if primary is None:
        return _database_backend().search(query)
    try:
        return primary.search(query)
    except UNAVAILABLE as error:
        logger.warning(
            "Elasticsearch could not answer a search (%s); answering from the "
            "database.",
            error,
        )
    results = _database_backend().search(query)
    return dataclasses.replace(results, backend="database", degraded=True)


def _state(backend: SearchBackend) -> str:
    try:
        return "ok" if backend.ping() else "unreachable"
    except Exception:
        logger.warning("The %s search backend failed its ping.", backend.name)
        return "unreachable"


def health() -> dict:
    """Return the state of each search backend and which one answers searches."""
    database = _state(_database_backend())
    primary = _elasticsearch_backend()
    elasticsearch = "not configured" if primary is None else _state(primary)
    degraded = elasticsearch == "unreachable"
    return {
        "backend": "database" if primary is None or degraded else "elasticsearch",
        "degraded": degraded,
        "elasticsearch": elasticsearch,
        "database": database,
    }
