"""An Elasticsearch that accepts connections and never answers: searches fall
back to the database and say so, the breaker opens for every worker after a
few failures, and from then on nothing waits on the cluster."""

import contextlib
import socket
import threading

import pytest

from tests.system import flows
from tests.system.client import new_address

pytestmark = pytest.mark.system

DEGRADED = "The search cluster is not answering"
FAILURES = 3  # ELASTICSEARCH_BREAKER_FAILURES, the default


class SilentCluster:
    """A listener that takes every connection, counts it, and never answers."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.server.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.accepted = 0
        self._held = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                connection, _ = self.server.accept()
                self._held.append(connection)
                self.accepted += 1

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()
        for connection in self._held:
            connection.close()
        self.server.close()


@pytest.fixture
def silent_cluster():
    with SilentCluster() as cluster:
        yield cluster


@pytest.fixture
def searching_site(postgres_site, silent_cluster):
    """The PostgreSQL site's own database and Redis, served by a gunicorn whose
    ELASTICSEARCH_URL is the silent cluster."""
    server = postgres_site.start_web(
        "gunicorn-elasticsearch", workers=3, ELASTICSEARCH_URL=silent_cluster.url
    )
    yield server
    server.stop()


def _search_page(server) -> str:
    answer = server.client(new_address()).get("/en/search/?q=腾讯", timeout=30)
    assert answer.status_code == 200
    return answer.text


def test_a_silent_cluster_costs_searches_nothing_once_the_breaker_opens(
    postgres_site, silent_cluster, searching_site
):
    server = searching_site
    client = server.client(new_address())
    status, body = flows.health(client)
    assert status == 200
    assert body["status"] == "degraded" and body["degraded"] == ["search"]
    assert body["search"]["elasticsearch"] == "unreachable"
    assert body["search"]["backend"] == "database"
    assert body["search"]["breaker"]["state"] == "closed"

    # Each search waits ELASTICSEARCH_TIMEOUT, then answers from the database.
    for _ in range(FAILURES):
        assert DEGRADED in _search_page(server)
    status, body = flows.health(client)
    assert status == 200
    assert body["search"]["breaker"]["state"] == "open"
    assert body["search"]["breaker"]["failures"] >= FAILURES

    # Open for every worker: nothing more goes to the cluster, searches and
    # the health check included, while the pages and the API still say so.
    before = silent_cluster.accepted
    pages = flows.concurrently(
        lambda _: server.client(new_address()).get("/en/search/?q=腾讯"), range(9)
    )
    assert all(DEGRADED in page.text for page in pages)
    assert len(server.served_by(pages)) >= 2
    answer = client.get("/api/v1/search/?q=腾讯")
    assert answer.status_code == 200
    assert answer.json()["degraded"] is True
    for status, body in flows.health_of_every_worker(server).values():
        assert status == 200
        assert body["search"]["breaker"]["state"] == "open"
    status, body = flows.health(client)
    assert body["search"]["breaker"]["state"] == "open"
    # Refusals keep the API's one error shape.
    refused = server.client(new_address()).get("/api/v1/search/?q=a%00b")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "bad_request"
    assert silent_cluster.accepted == before
