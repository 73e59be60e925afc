"""API tokens are stored as hashes, expire, note their last use, and move over
from DRF's plain-text authtoken table (portal/core/tokens.py)."""

import datetime
import importlib
import io
import types

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from portal.core import tokens
from portal.core.models import ApiToken

pytestmark = pytest.mark.django_db
URL = "/api/v1/regions/"
migration = importlib.import_module("portal.core.migrations.0005_apitoken")


@pytest.fixture
def user():
    return get_user_model().objects.create_user("researcher", password="x" * 12)


@pytest.fixture
def api():
    return APIClient(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")


def _get(api, key):
    return api.get(URL, HTTP_AUTHORIZATION=f"Token {key}")


def _row_text(token) -> str:
    """Every column of the token's row as the database holds it."""
    table = connection.ops.quote_name(ApiToken._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [token.pk])
        return " ".join(str(value) for value in cursor.fetchone())


def test_the_database_never_holds_the_key(user):
    issued = tokens.issue(user, lifetime=datetime.timedelta(days=5))

    row = _row_text(issued.token)
    assert issued.key not in row
    # Only the public prefix of it: far too little to guess the rest.
    assert issued.key[:8] in row and issued.key[:12] not in row
    assert issued.token.digest == tokens.digest(issued.key)
    assert len(issued.key) >= 43  # 32 random bytes


def test_a_valid_key_authenticates_as_its_user(api, user):
    issued = tokens.issue(user, lifetime=datetime.timedelta(days=5))
    response = _get(api, issued.key)
    assert response.status_code == 200
    assert response.wsgi_request.user == user


@pytest.mark.parametrize(
    "header",
    [
        "Token " + "A" * 43,  # the right form, no such token
        "Token abc",  # too short to be a key
        "Token " + "x" * 500,  # too long
        "Token ab\x00cdefghijklmnopqrstuvwxyz0123456789",  # NUL
    ],
)
def test_a_wrong_key_is_a_401_in_the_api_shape(api, user, header):
    tokens.issue(user, lifetime=datetime.timedelta(days=5))
    response = api.get(URL, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    error = response.json()["error"]
    assert error["code"] == "authentication_failed"
    assert "not valid" in error["message"]


def test_a_key_with_the_right_prefix_but_not_the_rest_is_refused(api, user):
    issued = tokens.issue(user, lifetime=datetime.timedelta(days=5))
    forged = issued.key[:8] + ("A" if issued.key[8] != "A" else "B") + issued.key[9:]
    assert _get(api, forged).status_code == 401


def test_an_expired_key_is_a_401_that_says_so(api, user):
    issued = tokens.issue(user, lifetime=datetime.timedelta(days=5))
    ApiToken.objects.filter(pk=issued.token.pk).update(
        expires=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = _get(api, issued.key)

    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "token_expired"
    assert "expired on" in error["message"]
    assert "http://localhost/en/open-data/api-key/" in error["message"]
    # An expired token is not noted as used.
    assert ApiToken.objects.get().last_used is None


def test_a_revoked_key_is_refused(api, user):
    issued = tokens.issue(user, lifetime=datetime.timedelta(days=5))
    assert tokens.revoke(user) is True
    assert _get(api, issued.key).status_code == 401
    assert tokens.revoke(user) is False


def test_replacing_a_key_ends_the_old_one(api, user):
    old = tokens.issue(user, lifetime=datetime.timedelta(days=5))
    new = tokens.issue(user, lifetime=datetime.timedelta(days=5))

    assert new.replaced and not old.replaced
    assert _get(api, old.key).status_code == 401
    assert _get(api, new.key).status_code == 200
    assert ApiToken.objects.get().digest == tokens.digest(new.key)


def test_last_used_moves_at_most_once_a_minute(api, user):
    issued = tokens.issue(user, lifetime=datetime.timedelta(days=5))
    assert issued.token.last_used is None

    before = timezone.now()
    _get(api, issued.key)
    first = ApiToken.objects.get().last_used
    assert first is not None and first >= before

    # Used again within the minute: no write.
    recent = timezone.now() - datetime.timedelta(seconds=30)
    ApiToken.objects.update(last_used=recent)
    _get(api, issued.key)
    assert ApiToken.objects.get().last_used == recent

    # A minute on, the use is noted again.
    stale = timezone.now() - datetime.timedelta(minutes=2)
    ApiToken.objects.update(last_used=stale)
    _get(api, issued.key)
    assert ApiToken.objects.get().last_used > stale + datetime.timedelta(minutes=1)


def test_two_keys_sharing_a_prefix_are_told_apart_by_their_hash(api, user):
    other = get_user_model().objects.create_user("another", password="x" * 12)
    mine = tokens.issue(user, lifetime=datetime.timedelta(days=5))
    theirs = tokens.issue(other, lifetime=datetime.timedelta(days=5))
    ApiToken.objects.filter(pk=theirs.token.pk).update(prefix=mine.token.prefix)

    assert _get(api, mine.key).wsgi_request.user == user
    forged = mine.key[:8] + theirs.key[8:]
    assert _get(api, forged).status_code == 401


@pytest.fixture
def authtoken_table():
    """DRF authtoken's table as the last installs have it, with one key."""
    created = datetime.datetime(2025, 3, 1, 8, 30, tzinfo=datetime.UTC)
    timestamp = "datetime" if connection.vendor == "sqlite" else "timestamptz"
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TABLE "authtoken_token" ("key" varchar(40) NOT NULL PRIMARY '
            f'KEY, "created" {timestamp} NOT NULL, "user_id" integer NOT NULL)'
        )
    yield created
    with connection.cursor() as cursor:
        cursor.execute('DROP TABLE IF EXISTS "authtoken_token"')


def test_the_migration_hashes_old_keys_so_clients_keep_working(
    api, user, authtoken_table, settings
):
    settings.OFFICIAL_TOKEN_LIFETIME_DAYS = 90
    old_key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"  # DRF's form: 40 hex
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO "authtoken_token" ("key", "created", "user_id") '
            "VALUES (%s, %s, %s)",
            [
                old_key,
                connection.ops.adapt_datetimefield_value(authtoken_table),
                user.pk,
            ],
        )

    before = timezone.now()
    migration.move_authtoken_keys(apps, types.SimpleNamespace(connection=connection))

    moved = ApiToken.objects.get()
    assert moved.user == user and moved.created == authtoken_table
    assert moved.prefix == old_key[:8] and moved.digest == tokens.digest(old_key)
    assert old_key not in _row_text(moved)
    # The shorter lifetime, counted from the migration.
    assert before + datetime.timedelta(days=90) <= moved.expires
    assert moved.expires <= timezone.now() + datetime.timedelta(days=90)
    # The plain-text key is gone from the old table.
    with connection.cursor() as cursor:
        cursor.execute('SELECT COUNT(*) FROM "authtoken_token"')
        assert cursor.fetchone()[0] == 0
    assert _get(api, old_key).wsgi_request.user == user


def test_the_migration_does_nothing_without_the_old_table(user):
    migration.move_authtoken_keys(apps, types.SimpleNamespace(connection=connection))
    assert not ApiToken.objects.exists()


def test_issue_token_prints_the_key_once_and_stores_its_hash(api, user, settings):
    settings.API_KEY_LIFETIME_DAYS = 10
    out, err = io.StringIO(), io.StringIO()

    call_command("issue_token", "researcher", stdout=out, stderr=err)

    key = out.getvalue().strip()
    stored = ApiToken.objects.get(user=user)
    assert stored.digest == tokens.digest(key) and key not in _row_text(stored)
    assert stored.expires - stored.created == datetime.timedelta(days=10)
    assert f"{key[:8]}…" in err.getvalue() and key not in err.getvalue()
    assert _get(api, key).status_code == 200

    call_command("issue_token", "researcher", "--revoke", stdout=io.StringIO())
    assert _get(api, key).status_code == 401
