"""Rate limits: headers on every answer, a clear 429, higher limits with a token."""

import pytest
from django.contrib.auth import get_user_model

from tests.api_tokens import issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.API_THROTTLE_ANON = "3/min"
    settings.API_THROTTLE_TOKEN = "5/min"


def test_headers_count_down_then_429_with_retry_after(api, limits, data):
    remaining = []
    for _ in range(3):
        response = api.get("/api/v1/regions/")
        assert response.status_code == 200
        assert response["X-RateLimit-Limit"] == "3"
        assert 0 < int(response["X-RateLimit-Reset"]) <= 60
        remaining.append(int(response["X-RateLimit-Remaining"]))
    assert remaining == [2, 1, 0]

    refused = api.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="en")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused["X-RateLimit-Remaining"] == "0"
    error = refused.json()["error"]
    assert error["code"] == "throttled"
    assert "3 requests per minute" in error["message"]
    assert "token" in error["message"]
    assert "/en/open-data/api-key/ " in error["message"]
    assert f"{refused['Retry-After']} second" in error["message"]


def test_the_limit_is_per_caller(api, limits, data):
    for _ in range(3):
        api.get("/api/v1/regions/", REMOTE_ADDR="10.0.0.1")
    assert api.get("/api/v1/regions/", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert api.get("/api/v1/regions/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_a_token_gives_the_higher_limit(api, limits, data):
    user = get_user_model().objects.create_user("researcher", password="x" * 12)
    token = issue(user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    statuses = [api.get("/api/v1/regions/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    response = api.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="en")
    assert "a token allows 5 requests per minute" in response.json()["error"]["message"]


def test_a_bad_token_is_refused_clearly(api, data):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get("/api/v1/regions/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_search_and_credit_check_are_limited_too(api, limits, data):
    for _ in range(3):
        api.post("/api/v1/credit-check/", {"codes": ["x"]}, format="json")
    assert api.get("/api/v1/search/", {"q": "华信"}).status_code == 429


def test_an_invented_first_hop_does_not_reset_the_count(api, limits, data, settings):
    # One proxy in front: it appends the address it saw to X-Forwarded-For.
    settings.TRUSTED_PROXIES = 1
    real = "198.51.100.7"
    for _ in range(3):
        api.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR=real)
    assert api.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR=real).status_code == 429
    statuses = {
        api.get(
            "/api/v1/regions/", HTTP_X_FORWARDED_FOR=f"10.9.{hop}.1, {real}"
        ).status_code
        for hop in range(40)
    }
    assert statuses == {429}
    # Another client behind the same proxy is still served.
    other = api.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 200
