"""Bad input through the real server gets a clear 3xx or 4xx, never a 500;
API errors keep their one JSON shape, with Redis down too (and with
Elasticsearch down: test_search_outage.py)."""

import json
import signal

import pytest

from tests.system import flows
from tests.system.client import new_address
from tests.system.topology import wait_for

pytestmark = pytest.mark.system

# Address, then the status and, for the API, the error's code.
PAGES = {
    "/penalties/?page=0": 302,
    "/penalties/?page=-1": 302,
    "/penalties/?page=99999999999999999999": 302,
    "/en/permits/?page=abc": 302,
    "/open-data/feeds/search/?q=a%00b": 400,
}
API = {
    "/api/v1/penalties/abc/": (404, "not_found"),
    "/api/v1/nope/": (404, "not_found"),
    "/api/v1/penalties/?q=a%00b": (400, "bad_request"),
    "/api/v1/statistics/cities/?foo=1": (400, "unknown_parameter"),
    "/api/v1/statistics/cities/?sort=zzz": (400, "invalid"),
}
CREDIT_CHECK = "/api/v1/credit-check/"


def _nested(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


def _bodies() -> dict[str, tuple[bytes, int]]:
    return {
        "1,000 levels deep": (b'{"codes": ' + _nested(1000) + b"}", 400),
        "3 MB": (json.dumps({"codes": ["9" * 18] * 150_000}).encode(), 413),
        "a NUL in a code": (b'{"codes": ["a\\u0000"]}', 400),
    }


def _error(answer) -> dict:
    assert answer.headers["Content-Type"].startswith("application/json"), answer.text
    error = answer.json()["error"]
    assert {"status", "code", "message", "details"} <= error.keys()
    assert error["status"] == answer.status_code
    return error


def _answers(site) -> None:
    for path, status in PAGES.items():
        answer = site.client(new_address()).get(path)
        assert answer.status_code == status, (path, answer.status_code)
        if status == 302:
            assert "page=" not in answer.headers["Location"]
    for path, (status, code) in API.items():
        answer = site.client(new_address()).get(path)
        assert (answer.status_code, _error(answer)["code"]) == (status, code), path
    for what, (body, status) in _bodies().items():
        answer = site.client(new_address()).post(
            CREDIT_CHECK, body, headers={"Content-Type": "application/json"}
        )
        assert answer.status_code == status, (what, answer.text[:500])
        _error(answer)


def test_bad_input_gets_a_clear_refusal(postgres_site):
    _answers(postgres_site)


def test_bad_input_gets_the_same_refusal_with_redis_down(postgres_site):
    site = postgres_site
    site.redis.kill(signal.SIGSTOP)
    try:
        _answers(site)
    finally:
        site.redis.kill(signal.SIGCONT)
    wait_for(
        lambda: flows.health(site.client(new_address()))[1]["cache"]["state"] == "ok",
        "Redis to answer again",
    )
