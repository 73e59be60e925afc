import pytest
from django.conf import settings

from portal.search import selection
from portal.search.backends.database import DatabaseBackend


@pytest.fixture(autouse=True)
def _closed_breaker():
    """Start every test with the search breaker closed, in this process too."""
    selection.breaker.reset()
    yield
    selection.breaker.reset()


def _elasticsearch_backend():
    if not settings.ELASTICSEARCH_URL:
        pytest.skip(
            "ELASTICSEARCH_URL not set: the Elasticsearch contract runs against "
            "a real cluster only"
        )
    from portal.search.backends.elasticsearch import ElasticsearchBackend

    # An index of its own, refreshed on every write so that it reads at once,
    # with the patience of rebuilds (creating an index can take a second).
    return ElasticsearchBackend(
        prefix=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-test",
        refresh=True,
        timeout=settings.ELASTICSEARCH_INDEX_TIMEOUT,
    )


# Every backend the contract suite runs against, as pytest params of a factory.
# A backend that needs a service skips itself when it is not configured, e.g.
# pytest.param(elasticsearch_backend, id="elasticsearch") whose factory calls
# pytest.skip() without ELASTICSEARCH_URL. Writes must be searchable at once.
BACKEND_FACTORIES = [
    pytest.param(DatabaseBackend, id="database"),
    pytest.param(_elasticsearch_backend, id="elasticsearch"),
]


@pytest.fixture(params=BACKEND_FACTORIES)
def backend(request, db):
    """Yield each available backend, empty."""
    instance = request.param()
    instance.rebuild([], progress=lambda n: None)
    yield instance
