"""Redis killed or hung under the running site: it costs speed, never a page,
a submission or a limit; /health/ says so, and the cache comes back by itself."""

import signal

import pytest

from tests.system import flows
from tests.system.client import new_address
from tests.system.topology import wait_for

pytestmark = pytest.mark.system


def _cache_everywhere(site, state: str) -> bool:
    """Return whether every worker's /health/ says the cache is in this state."""
    answers = flows.health_of_every_worker(site.web).values()
    return all(body["cache"]["state"] == state for _status, body in answers)


def _cache_down(site) -> None:
    for status, body in flows.health_of_every_worker(site.web).values():
        assert status == 200, body
        assert body["status"] == "degraded", body
        assert "cache" in body["degraded"]
        assert body["cache"] == {"backend": "RedisCache", "state": "down"}
        assert body["database"] == body["state_database"] == "ok"


def _pages_answer(site, records) -> None:
    seen, workers = flows.visit(site, records)
    assert seen == flows.expected_statuses(records)
    assert len(workers) >= 2, f"only {workers} answered"


def _api_limit_holds(site) -> None:
    """The API's 20 a minute (API_THROTTLE_ANON), counted in the database
    whatever Redis does."""
    client = site.client(new_address())
    answers = [client.get("/api/v1/regions/") for _ in range(21)]
    assert [a.status_code for a in answers] == [200] * 20 + [429]
    assert answers[-1].json()["error"]["code"] == "throttled"


def test_redis_killed_costs_no_page_submission_or_limit(postgres_site):
    site = postgres_site
    records = flows.public_records(site.client(new_address()))
    _pages_answer(site, records)
    assert _cache_everywhere(site, "ok")
    assert site.redis.keys(), "the pages should have filled the cache"

    site.redis.kill()
    try:
        _pages_answer(site, records)
        _cache_down(site)
        client, objection = site.client(new_address()), flows.Objection.new()
        answer = flows.send_appeal(
            client, records, flows.open_appeal(client, records), objection
        )
        assert flows.is_confirmation(answer), answer.text[:3000]
        assert flows.saved(site.database, objection) == (1, 1)
        _api_limit_holds(site)
    finally:
        site.redis.start()  # the same port, empty, as after a crash

    # Each process leaves Redis alone for CACHE_RETRY_SECONDS after a failure,
    # then finds it again by itself.
    wait_for(lambda: _cache_everywhere(site, "ok"), "every worker to find Redis")
    _pages_answer(site, records)
    wait_for(site.redis.keys, "pages to be cached in Redis again")


def test_redis_hung_costs_no_page(postgres_site):
    site = postgres_site
    records = flows.public_records(site.client(new_address()))

    site.redis.kill(signal.SIGSTOP)  # accepts connections, never answers
    try:
        _pages_answer(site, records)
        _cache_down(site)
        _api_limit_holds(site)
    finally:
        site.redis.kill(signal.SIGCONT)
    wait_for(lambda: _cache_everywhere(site, "ok"), "every worker to find Redis")
