"""Limits hold across gunicorn's workers, whatever hops a client writes into
X-Forwarded-For: the API's 20 a minute (API_THROTTLE_ANON), on PostgreSQL
with Redis and on the embedded SQLite without it; failed sign-ins to the
officials' area and the admin."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from tests.system import flows
from tests.system.client import new_address

pytestmark = pytest.mark.system

LIMIT = 20
API = "/api/v1/regions/"
PASSWORD = "system-tests-signin-password-7"


def _one_address_across_workers(site) -> None:
    client = site.client(new_address())
    answers = flows.concurrently(lambda _: client.get(API), range(LIMIT), threads=4)
    assert [answer.status_code for answer in answers] == [200] * LIMIT
    assert {answer.headers["X-RateLimit-Limit"] for answer in answers} == {"20"}
    # One count for every worker: each number left is seen exactly once.
    left = sorted(int(answer.headers["X-RateLimit-Remaining"]) for answer in answers)
    assert left == list(range(LIMIT))
    assert len(site.web.served_by(answers)) >= 2

    refused = client.get(API)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "throttled"
    # Hops the client writes in front of the proxy's are not its address.
    for n in range(1, 6):
        forged = client.get(API, hops=[f"203.0.113.{n}"])
        assert forged.status_code == 429
    assert client.get(API, hops=["203.0.113.9", "198.51.100.9"]).status_code == 429
    assert site.client(new_address()).get(API).status_code == 200


def _burst(site) -> None:
    client = site.client(new_address())
    answers = flows.concurrently(lambda _: client.get(API), range(50), threads=10)
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] * LIMIT + [429] * (50 - LIMIT)
    assert len(site.web.served_by(answers)) >= 2


def test_the_api_limit_is_one_for_every_worker_on_postgresql_with_redis(
    postgres_site,
):
    _one_address_across_workers(postgres_site)
    _burst(postgres_site)


def test_the_api_limit_is_one_for_every_worker_on_sqlite_without_redis(sqlite_site):
    _one_address_across_workers(sqlite_site)
    _burst(sqlite_site)


def _guess(client, sign_in, attempts: int = 5) -> None:
    for _ in range(attempts):
        answer = sign_in(client, "wrong-password", "000000")
        assert answer.status_code in {200, 400, 429}, answer.status_code


def test_guessing_an_official_s_password_locks_out_the_guesser_only(postgres_site):
    site = postgres_site
    official = flows.create_official(site, "system-guessed", PASSWORD, nth=2)

    def sign_in(client, password, code):
        return flows.sign_in(client, "system-guessed", password, code)

    guesser = site.client(new_address())
    _guess(guesser, sign_in)
    refused = sign_in(guesser, PASSWORD, flows.totp(official["key"]))
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    # The official, elsewhere, signs in.
    elsewhere = site.client(new_address())
    assert sign_in(elsewhere, PASSWORD, flows.totp(official["key"])).status_code == 302


def test_guessing_the_admin_password_locks_out_the_guesser_only(postgres_site):
    site = postgres_site
    site.manage(
        "createsuperuser",
        "--noinput",
        "--username=system-admin",
        "--email=admin@example.invalid",
        env={"DJANGO_SUPERUSER_PASSWORD": PASSWORD},
    )
    device, secret = site.manage("admin_totp", "system-admin", "--for-script").split()

    def sign_in(client, password, code):
        fields = client.form("/admin/login/")
        return client.post(
            "/admin/login/",
            {
                **fields,
                "username": "system-admin",
                "password": password,
                "otp_device": device,
                "otp_token": code,
            },
        )

    def code():
        return f"{TOTP(b32decode(secret)).token():06d}"

    guesser = site.client(new_address())
    _guess(guesser, sign_in)
    refused = sign_in(guesser, PASSWORD, code())
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert sign_in(site.client(new_address()), PASSWORD, code()).status_code == 302
