import pytest
from django.conf import settings

from portal.search.backends.database import DatabaseBackend


def _elasticsearch_backend():
    if not settings.ELASTICSEARCH_URL:
        pytest.skip(
            "ELASTICSEARCH_URL not set: the Elasticsearch contract runs against "
            "a real cluster only"
        )
    from portal.search.backends.elasticsearch import ElasticsearchBackend

    # An index of its own, refreshed on every write so that it reads at once.
    return ElasticsearchBackend(
        prefix=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-test", refresh=True
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
