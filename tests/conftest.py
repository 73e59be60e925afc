import pytest
from django.conf import settings
from django.utils import translation

from portal.core.workdays import clear_calendar_cache

# redis_server and silent_listener: services a test may kill or silence.
pytest_plugins = ["tests.services"]


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Forget cached calendar overrides, which a rolled-back test may have left."""
    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture(autouse=True)
def _default_language():
    """Start each test in the default language; a request may have switched it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


_DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Close every connection before the test databases are dropped.

    On PostgreSQL the state alias is a second connection to the same test
    database, which would otherwise keep it from being dropped.
    """
    yield
    from django.db import connections

    connections.close_all()


def pytest_collection_modifyitems(items):
    """Open the state database to every test that uses the database.

    Every request counts its rate limit there, and the cache is a table
    there (portal/core/routers.py); a test that names its databases keeps
    its choice.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None:
            fixtures = set(getattr(item, "fixturenames", ()))
            if not fixtures & _DATABASE_FIXTURES:
                continue
            transactional = {"transactional_db", "live_server"} & fixtures
            args, kwargs = (), {"transaction": bool(transactional)}
        else:
            args, kwargs = marker.args, dict(marker.kwargs)
            if len(args) > 2 or kwargs.get("databases") is not None:
                continue
        kwargs["databases"] = ["default", "state"]
        item.add_marker(pytest.mark.django_db(*args, **kwargs), append=False)


@pytest.fixture(autouse=True)
def _empty_cache(request, settings):
    """Keep cached page fragments from leaking between tests.

    Without CACHE_URL the cache is a table in the state database; a test that
    may not use the database gets a cache in memory of its own instead.
    """
    from django.core.cache import cache, caches
    from django.core.cache.backends.db import DatabaseCache

    if isinstance(caches["default"], DatabaseCache) and not (
        request.node.get_closest_marker("django_db")
    ):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "tests-without-database",
            }
        }
    cache.clear()
    yield
    cache.clear()


def sign_in_with_totp(client, user):
    """Sign the user in with a verified second factor, as the admin requires."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, past the admin's second factor too."""
    return sign_in_with_totp(client, admin_user)
