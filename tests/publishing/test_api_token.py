"""An official issues, replaces and revokes the token their systems push with."""

import datetime

import pytest
from django.utils import timezone

from portal.core import tokens
from portal.core.models import ApiToken, ChangeLogEntry
from tests.publishing.conftest import sign_in
from tests.publishing.factories import PASSWORD, make_official

pytestmark = pytest.mark.django_db
PAGE = "/officials/api-token/"
API = "/api/v1/publishing/permits/"


def _api_status(client, key: str) -> int:
    return client.get(API, HTTP_AUTHORIZATION=f"Token {key}").status_code


def _issue(client) -> str:
    response = client.post(PAGE, {"action": "issue"}, follow=True)
    assert response.status_code == 200
    return response.context["new_key"]


def test_the_page_needs_the_second_factor(client, official):
    client.login(username=official.user.username, password=PASSWORD)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/officials/login/")


def test_an_official_who_does_not_publish_gets_no_token(client, authority):
    handler = make_official(
        authority=authority, is_publisher=False, is_appeals_handler=True
    )
    sign_in(client, handler)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"action": "issue"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_token_is_shown_once_and_opens_the_officials_api(official_client, official):
    assert "尚未签发" in official_client.get(PAGE).content.decode()  # none issued

    key = _issue(official_client)

    stored = ApiToken.objects.get(user=official.user)
    assert stored.digest == tokens.digest(key)
    assert _api_status(official_client, key) == 200
    again = official_client.get(PAGE)
    assert again.context["new_key"] is None
    page = again.content.decode()
    assert key not in page
    # Which token it is and when it ends, never the key.
    assert f"{key[:8]}…" in page
    assert f"{timezone.localtime(stored.expires):%Y-%m-%d %H:%M}" in page
    assert again["Cache-Control"].startswith("max-age=0")


def test_an_officials_token_lasts_the_officials_lifetime(
    official_client, official, settings
):
    settings.OFFICIAL_TOKEN_LIFETIME_DAYS = 30
    _issue(official_client)
    stored = ApiToken.objects.get(user=official.user)
    assert stored.expires - stored.created == datetime.timedelta(days=30)


def test_replacing_a_token_ends_the_old_one(official_client):
    old = _issue(official_client)
    new = _issue(official_client)

    assert old != new
    assert _api_status(official_client, old) == 401
    assert _api_status(official_client, new) == 200


def test_revoking_a_token_refuses_it_and_both_acts_are_audited(
    official_client, official
):
    key = _issue(official_client)
    response = official_client.post(PAGE, {"action": "revoke"}, follow=True)

    assert "API 令牌已吊销" in response.content.decode()
    assert _api_status(official_client, key) == 401
    entries = ChangeLogEntry.objects.for_object(official)
    assert [(e.action, e.actor_id) for e in entries] == [
        (ChangeLogEntry.Action.TOKEN_ISSUE, official.user.pk),
        (ChangeLogEntry.Action.TOKEN_REVOKE, official.user.pk),
    ]
    # The authority administrator sees them in the audit log.
    audit = official_client.get("/officials/audit/").content.decode()
    assert "已签发 API 令牌" in audit and "已吊销 API 令牌" in audit


def test_revoking_without_a_token_changes_nothing(official_client, official):
    response = official_client.post(PAGE, {"action": "revoke"}, follow=True)
    assert "没有可吊销的 API 令牌" in response.content.decode()
    assert not ChangeLogEntry.objects.for_object(official).exists()


def test_an_unknown_action_is_refused(official_client):
    assert official_client.post(PAGE, {"action": "print"}).status_code == 400
    assert not ApiToken.objects.exists()


def test_the_page_says_when_the_token_was_last_used_and_when_it_expired(
    official_client, official
):
    key = _issue(official_client)
    english = "/en" + PAGE
    assert "Not used yet" in official_client.get(english).content.decode()

    _api_status(official_client, key)
    used = ApiToken.objects.get().last_used
    page = official_client.get(english).content.decode()
    assert f"{timezone.localtime(used):%Y-%m-%d %H:%M}" in page
    assert "Not used yet" not in page and 'id="token-expired"' not in page

    ApiToken.objects.update(expires=timezone.now() - datetime.timedelta(days=1))
    page = official_client.get(english).content.decode()
    assert 'id="token-expired"' in page and "Replace the token" in page
    assert _api_status(official_client, key) == 401
