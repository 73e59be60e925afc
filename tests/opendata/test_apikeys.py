"""Anyone gets a free API key by email: the link, the key, replacing, revoking."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from portal.core import tokens
from portal.core.models import ApiToken
from portal.opendata import apikeys

pytestmark = pytest.mark.django_db
PAGE = "/open-data/api-key/"


@pytest.fixture
def limits(settings):
    settings.API_THROTTLE_ANON = "3/min"
    settings.API_THROTTLE_TOKEN = "7/min"


def _ask(client, email="Reporter@Example.org", **extra):
    return client.post(PAGE, {"email": email, "website": "", **extra})


def _emailed_link() -> str:
    (message,) = mail.outbox
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def _issue(client, link) -> str:
    page = client.post(link, {"action": "issue"}, follow=True)
    assert page.status_code == 200
    return page.context["new_key"]


def test_asking_emails_a_link_and_creates_nothing_yet(client):
    response = _ask(client)

    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?sent=1"
    assert mail.outbox[0].to == ["reporter@example.org"]
    assert "/open-data/api-key/" in mail.outbox[0].body
    assert not get_user_model().objects.exists()
    assert client.get(response["Location"]).context["sent"] is True


def test_the_link_issues_a_key_shown_once_that_raises_the_limit(client, limits):
    _ask(client)
    link = _emailed_link()

    key = _issue(client, link)

    stored = ApiToken.objects.get(digest=tokens.digest(key))
    user = stored.user
    assert stored.expires - stored.created == datetime.timedelta(days=365)
    assert user.email == "reporter@example.org"
    assert not user.has_usable_password() and not user.is_staff
    anonymous = client.get("/api/v1/regions/")
    keyed = client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Token {key}")
    assert anonymous["X-RateLimit-Limit"] == "3"
    assert keyed.status_code == 200 and keyed["X-RateLimit-Limit"] == "7"
    again = client.get(link)
    assert again.context["new_key"] is None and key not in again.content.decode()
    assert f"{key[:8]}…" in again.content.decode()  # which key, not the key
    assert again["Cache-Control"].startswith("max-age=0")


def test_a_public_key_does_not_open_the_officials_api(client):
    _ask(client)
    key = _issue(client, _emailed_link())
    response = client.get(
        "/api/v1/publishing/permits/", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 403


def test_replacing_ends_the_old_key_and_revoking_ends_the_new(client):
    _ask(client)
    link = _emailed_link()
    old = _issue(client, link)
    new = _issue(client, link)

    def status(key):
        return client.get(
            "/api/v1/regions/", HTTP_AUTHORIZATION=f"Token {key}"
        ).status_code

    assert old != new and status(old) == 401 and status(new) == 200
    page = client.post(link, {"action": "revoke"}, follow=True)
    assert page.context["revoked"] is True
    assert status(new) == 401
    assert get_user_model().objects.count() == 1


def test_the_same_address_written_differently_is_one_account(client):
    first = _issue(client, apikeys.link_path("reporter@example.org"))
    second = _issue(client, apikeys.link_path(" REPORTER@example.org "))
    assert ApiToken.objects.get().digest == tokens.digest(second)
    assert second != first


def test_a_tampered_or_expired_link_is_refused_plainly(client, monkeypatch):
    link = apikeys.link_path("reporter@example.org")
    signed = link.rstrip("/").rsplit("/", 1)[1]
    tampered = link.replace(signed, signed[:-1] + ("A" if signed[-1] != "A" else "B"))
    response = client.post(tampered, {"action": "issue"})
    assert response.status_code == 400
    assert "不是门户发出的" in response.content.decode()  # not one the portal sent

    monkeypatch.setattr(apikeys, "LINK_VALID_SECONDS", -1)
    response = client.post(link, {"action": "issue"})
    assert response.status_code == 400
    assert "已过期" in response.content.decode()  # expired
    assert not ApiToken.objects.exists()


def test_a_bad_address_keeps_the_form_and_sends_nothing(client):
    response = _ask(client, email="reporter@")
    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert 'value="reporter@"' in response.content.decode()
    assert not mail.outbox


def test_the_robot_trap_sends_nothing(client):
    response = _ask(client, website="http://spam.example")
    assert response.status_code == 400
    assert not mail.outbox


def test_asking_too_often_is_refused_with_the_wait(client, settings):
    settings.API_KEY_REQUESTS_PER_HOUR = 2
    assert _ask(client).status_code == 302
    assert _ask(client).status_code == 302
    refused = _ask(client)
    assert refused.status_code == 429
    assert "分钟" in refused.content.decode()  # try again in N minutes
    assert len(mail.outbox) == 2


def test_a_mail_failure_says_so_and_keeps_the_address(client, settings):
    settings.EMAIL_BACKEND = "tests.opendata.test_apikeys.FailingBackend"
    response = _ask(client)
    assert response.status_code == 503
    assert 'value="Reporter@Example.org"' in response.content.decode()


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")
