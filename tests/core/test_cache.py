"""A Redis outage costs speed, never a page: the portal's own Redis cache backend."""

import json
import logging
import os
import threading
import time

import pytest
import redis
from django.core.cache import cache

from tests import processes
from tests.factories import make_penalty

TRACK = "/appeals/track/"
# Every page the issue saw answer 500 with Redis stopped, and what it answers
# with a working cache.
PAGES = ["/", "/en/", "/cities/", "/sitemap.xml", "/api/v1/penalties/"]


def _caches(location: str, **options) -> dict:
    return {
        "default": {
            "BACKEND": "portal.core.cache.RedisCache",
            "LOCATION": location,
            "OPTIONS": {
                "socket_connect_timeout": 0.2,
                "socket_timeout": 0.2,
                "RETRY_SECONDS": 0,
                **options,
            },
        }
    }


@pytest.fixture
def redis_cache(settings, redis_server):
    settings.CACHES = _caches(redis_server.url)
    return redis_server


@pytest.fixture
def records(db):
    penalty = make_penalty()
    return {"feed": f"/open-data/feeds/authorities/{penalty.authority_id}/"}


def _answers(client, records) -> dict:
    statuses = {url: client.get(url).status_code for url in [*PAGES, records["feed"]]}
    statuses["track GET"] = client.get(TRACK).status_code
    statuses["track POST"] = client.post(
        TRACK, {"number": "2026-000001", "secret": "not-the-secret"}
    ).status_code
    return statuses


def _redis_keys(server) -> list[str]:
    return [key.decode() for key in redis.Redis.from_url(server.url).keys("*")]


def test_settings_choose_the_tolerant_backend_for_a_redis_url():
    script = (
        "import json, django; django.setup();"
        "from django.conf import settings;"
        "print(json.dumps(settings.CACHES['default']))"
    )
    env = {
        **os.environ,
        "CACHE_URL": "redis://127.0.0.1:6379/1",
        "CACHE_TIMEOUT": "0.3",
    }
    output = processes.python(env, script).stdout
    config = json.loads(output.strip().splitlines()[-1])
    assert config["BACKEND"] == "portal.core.cache.RedisCache"
    assert config["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert config["OPTIONS"]["socket_connect_timeout"] == 0.3
    assert config["OPTIONS"]["socket_timeout"] == 0.3


def test_pages_answer_alike_with_redis_up_down_and_back(
    client, records, redis_cache, settings
):
    up = _answers(client, records)
    assert up == {**dict.fromkeys([*PAGES, records["feed"]], 200)} | {
        "track GET": 200,
        "track POST": 400,
    }
    assert any("headline-counts" in key for key in _redis_keys(redis_cache))

    redis_cache.kill()
    assert _answers(client, records) == up

    redis_cache.start()  # empty: started without persistence
    assert _redis_keys(redis_cache) == []
    assert client.get("/").status_code == 200
    assert any("headline-counts" in key for key in _redis_keys(redis_cache))


def test_reads_miss_and_writes_are_skipped_while_redis_is_down(redis_cache):
    cache.set("kept", "value")
    assert cache.get("kept") == "value"
    redis_cache.kill()
    assert cache.get("kept") is None
    assert cache.get("kept", "default") == "default"
    assert cache.get_many(["kept"]) == {}
    assert cache.has_key("kept") is False
    assert cache.add("new", 1) is False
    cache.set("new", 1)
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete("kept") is False
    cache.delete_many(["a", "b"])
    assert cache.touch("kept") is False
    # A counter that cannot be read is a missing one, as for any cache.
    with pytest.raises(ValueError):
        cache.incr("counter")
    with pytest.raises(ValueError):
        cache.decr("counter")
    assert cache.clear() is False


def test_an_outage_is_logged_once_and_its_end_too(redis_cache, caplog):
    redis_cache.kill()
    with caplog.at_level(logging.INFO, logger="portal.core.cache"):
        for _ in range(20):
            cache.get("anything")
            cache.set("anything", 1)
        redis_cache.start()
        cache.set("anything", 1)
    messages = [record.getMessage() for record in caplog.records]
    assert len([m for m in messages if "unreachable" in m]) == 1, messages
    assert len([m for m in messages if "answers again" in m]) == 1, messages
    assert cache.get("anything") == 1


def test_after_a_failure_redis_is_left_alone_for_the_retry_interval(
    settings, redis_server
):
    settings.CACHES = _caches(redis_server.url, RETRY_SECONDS=60)
    redis_server.kill()
    assert cache.get("anything") is None
    redis_server.start()
    # Still within the interval: not even tried.
    cache.set("anything", 1)
    assert _redis_keys(redis_server) == []


def test_a_hung_redis_costs_at_most_the_short_timeout(
    client, records, settings, silent_listener
):
    host, port = silent_listener.getsockname()
    settings.CACHES = _caches(f"redis://{host}:{port}/0")
    # Without a socket timeout a request would wait for the listener to go;
    # it goes after 8 s, so that the test fails rather than hangs.
    closer = threading.Timer(8, silent_listener.close)
    closer.start()
    try:
        started = time.monotonic()
        assert client.get("/").status_code == 200
        elapsed = time.monotonic() - started
    finally:
        closer.cancel()
    assert elapsed < 4, f"a hung Redis stalled the page {elapsed:.1f} s"
