import datetime
import logging
import socket
import time

import pytest

from portal.search import selection
from portal.search.backends.base import SearchBackend
from portal.search.backends.database import DatabaseBackend
from portal.search.backends.elasticsearch import ElasticsearchBackend
from portal.search.documents import Document
from portal.search.query import SearchQuery
from portal.search.results import Hit, SearchResults
from portal.search.tokens import tokenize

# Nothing listens on the discard port: connections are refused at once.
CLOSED_PORT_URL = "http://127.0.0.1:9"
QUERY = SearchQuery(text="腾讯", phrases=(tuple(tokenize("腾讯")),))


class StandInDatabase(SearchBackend):
    """Answers every search with one hit, without touching the database."""

    name = "database"

    def index(self, documents):
        return 0

    def remove(self, keys):
        return 0

    def indexed(self):
        return iter(())

    def rebuild(self, documents, *, progress):
        return 0

    def search(self, query):
        hit = Hit("entity:1", "entity", 1, "腾讯", "/entities/1/", "", "")
        return SearchResults(hits=[hit], total=1, backend=self.name)


@pytest.fixture
def stand_in_database(monkeypatch):
    monkeypatch.setattr(selection, "_database_backend", StandInDatabase)


@pytest.fixture
def elasticsearch_down(settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    settings.ELASTICSEARCH_TIMEOUT = 0.5


@pytest.fixture
def elasticsearch_silent(settings):
    """Point at a socket that accepts connections and never answers."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{server.getsockname()[1]}"
        settings.ELASTICSEARCH_TIMEOUT = 0.2
        yield


@pytest.fixture
def silent_cluster(settings):
    """Like elasticsearch_silent, with the configured (default) timeout."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{server.getsockname()[1]}"
        yield


@pytest.fixture
def cluster_searches(monkeypatch):
    """Count the searches that go to the cluster (each still goes there)."""
    calls = []
    search = ElasticsearchBackend.search

    def counting(self, query):
        calls.append(query)
        return search(self, query)

    monkeypatch.setattr(ElasticsearchBackend, "search", counting)
    return calls


class StandInCluster(StandInDatabase):
    """A cluster that answers again (no cluster runs beside the tests)."""

    name = "elasticsearch"


def test_database_backend_without_an_elasticsearch_url(settings):
    settings.ELASTICSEARCH_URL = ""
    assert isinstance(selection.get_backend(), DatabaseBackend)


def test_elasticsearch_backend_with_a_url(settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    settings.ELASTICSEARCH_INDEX_PREFIX = "test"
    backend = selection.get_backend()
    assert isinstance(backend, ElasticsearchBackend)
    assert backend.alias == "test-documents"
    # One client per configuration, not one per request.
    assert selection.get_backend() is backend


def test_search_without_elasticsearch_is_not_degraded(settings, stand_in_database):
    settings.ELASTICSEARCH_URL = ""
    results = selection.search(QUERY)
    assert results.backend == "database"
    assert results.degraded is False


@pytest.mark.usefixtures("elasticsearch_down", "stand_in_database")
def test_search_falls_back_when_elasticsearch_refuses(caplog):
    with caplog.at_level(logging.WARNING, logger="portal.search.selection"):
        results = selection.search(QUERY)
    assert results.backend == "database"
    assert results.degraded is True
    assert [hit.key for hit in results.hits] == ["entity:1"]
    assert "answering from the database" in caplog.text


@pytest.mark.usefixtures("elasticsearch_silent", "stand_in_database")
def test_search_falls_back_when_elasticsearch_times_out(caplog):
    with caplog.at_level(logging.WARNING, logger="portal.search.selection"):
        results = selection.search(QUERY)
    assert results.degraded is True
    assert results.backend == "database"
    assert "answering from the database" in caplog.text


@pytest.mark.usefixtures("elasticsearch_down", "stand_in_database")
def test_health_reports_elasticsearch_unreachable():
    assert selection.health() == {
        "backend": "database",
        "degraded": True,
        "elasticsearch": "unreachable",
        "database": "ok",
        "breaker": {"state": "closed", "failures": 0},
    }


def test_health_without_elasticsearch(settings, stand_in_database):
    settings.ELASTICSEARCH_URL = ""
    assert selection.health() == {
        "backend": "database",
        "degraded": False,
        "elasticsearch": "not configured",
        "database": "ok",
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("elasticsearch_down")
def test_real_database_backend_answers_when_elasticsearch_is_down():
    DatabaseBackend().index(
        [
            Document(
                key="entity:41",
                kind="entity",
                object_id=41,
                title="深圳市腾讯计算机系统有限公司",
                text="深圳市腾讯计算机系统有限公司\n马化腾",
                codes=("91440300708461136t",),
                url="/entities/41/",
                date=None,
                region_code="440305",
                authority_id=None,
                authority_name="",
                categories=("company",),
                list_slug="",
                updated_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
            )
        ]
    )
    results = selection.search(QUERY)
    assert results.degraded is True
    assert results.backend == "database"
    assert [hit.key for hit in results.hits] == ["entity:41"]


@pytest.mark.usefixtures("silent_cluster", "stand_in_database")
def test_a_silent_cluster_costs_one_short_timeout_then_nothing(
    settings, cluster_searches
):
    settings.ELASTICSEARCH_BREAKER_FAILURES = 1
    started = time.monotonic()
    first = selection.search(QUERY)
    # Loose: only a stall of the old 5 s timeout fails this.
    assert time.monotonic() - started < 3
    assert (first.backend, first.degraded) == ("database", True)

    started = time.monotonic()
    for _ in range(5):
        results = selection.search(QUERY)
        assert (results.backend, results.degraded) == ("database", True)
    assert time.monotonic() - started < 3
    assert len(cluster_searches) == 1
    assert selection.breaker.describe()["state"] == "open"


@pytest.mark.usefixtures("elasticsearch_down", "stand_in_database")
def test_the_breaker_opens_after_so_many_failures_in_a_row(settings, cluster_searches):
    settings.ELASTICSEARCH_BREAKER_FAILURES = 3
    for _ in range(6):
        assert selection.search(QUERY).degraded
    assert len(cluster_searches) == 3


@pytest.mark.usefixtures("elasticsearch_down", "stand_in_database")
def test_after_the_cool_down_one_trial_decides(settings, monkeypatch, cluster_searches):
    settings.ELASTICSEARCH_BREAKER_FAILURES = 1
    settings.ELASTICSEARCH_BREAKER_SECONDS = 0.2
    selection.search(QUERY)
    assert selection.breaker.describe()["state"] == "open"

    time.sleep(0.3)
    assert selection.breaker.describe()["state"] == "half-open"
    assert selection.search(QUERY).degraded  # the trial, still refused
    assert selection.search(QUERY).degraded  # open again: not tried
    assert len(cluster_searches) == 2

    monkeypatch.setattr(
        selection, "_elasticsearch_backend", lambda **kwargs: StandInCluster()
    )
    time.sleep(0.3)
    trial = selection.search(QUERY)
    assert (trial.backend, trial.degraded) == ("elasticsearch", False)
    assert selection.breaker.describe() == {"state": "closed", "failures": 0}


@pytest.mark.django_db  # the cache is a table without CACHE_URL
@pytest.mark.usefixtures("elasticsearch_down", "stand_in_database")
def test_other_processes_see_the_breaker_through_the_cache(settings):
    settings.ELASTICSEARCH_BREAKER_FAILURES = 1
    selection.search(QUERY)
    another_process = selection._Breaker()
    assert another_process.allows() is False


@pytest.mark.usefixtures("elasticsearch_down", "stand_in_database")
def test_without_a_working_cache_each_process_keeps_its_own_breaker(
    settings, cluster_searches
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    settings.ELASTICSEARCH_BREAKER_FAILURES = 1
    selection.search(QUERY)
    selection.search(QUERY)
    assert len(cluster_searches) == 1
    assert selection._Breaker().allows() is True


@pytest.mark.django_db
@pytest.mark.usefixtures("elasticsearch_down")
def test_the_page_and_the_api_say_so_during_the_cool_down(
    client, settings, cluster_searches
):
    settings.ELASTICSEARCH_BREAKER_FAILURES = 1
    selection.search(QUERY)
    html = client.get("/en/search/", {"q": "腾讯"}).content.decode()
    assert "not answering" in html
    answer = client.get("/api/v1/search/", {"q": "腾讯"}).json()
    assert (answer["backend"], answer["degraded"]) == ("database", True)
    assert len(cluster_searches) == 1


@pytest.mark.usefixtures("silent_cluster", "stand_in_database")
def test_health_never_waits_on_a_silent_cluster(settings):
    settings.ELASTICSEARCH_BREAKER_FAILURES = 1
    started = time.monotonic()
    report = selection.health()
    assert time.monotonic() - started < 3
    assert report["elasticsearch"] == "unreachable"
    assert report["breaker"] == {"state": "closed", "failures": 0}
    selection.search(QUERY)  # opens the breaker
    assert selection.health()["breaker"]["state"] == "open"


def test_rebuilds_and_checks_wait_longer_than_searches(settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    settings.ELASTICSEARCH_INDEX_TIMEOUT = 20.0
    assert selection.get_backend().client._request_timeout == 0.5
    assert selection.maintenance_backend().client._request_timeout == 20.0
