import datetime
import logging
import socket

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
